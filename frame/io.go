package frame

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/sparkgo/sparkgo/connect"
	pb "github.com/sparkgo/sparkgo/connect/proto"
)

// DataFrameReader reads files and tables into DataFrames. Paths name files
// or directories on the Spark server's file systems (local paths of the
// server's machine, hdfs://, s3a://…), not the client's. Build one with
// Session.Read; each method returns a new reader, so a configured reader
// can be reused.
type DataFrameReader struct {
	s       *Session
	format  string
	schema  string
	options map[string]string
}

// Read starts reading data: s.Read().Format("csv").Option("header",
// "true").Load("/data/cars.csv"), or a shortcut such as Csv or Parquet.
func (s *Session) Read() *DataFrameReader { return &DataFrameReader{s: s} }

func (r *DataFrameReader) with(change func(*DataFrameReader)) *DataFrameReader {
	out := *r
	out.options = make(map[string]string, len(r.options)+1)
	for k, v := range r.options {
		out.options[k] = v
	}
	change(&out)
	return &out
}

// Format sets the data source: "csv", "parquet", "json", "orc", "text",
// "avro", "xml", "jdbc" or any source the server knows. Unset, Spark's
// default applies (spark.sql.sources.default, parquet).
func (r *DataFrameReader) Format(source string) *DataFrameReader {
	return r.with(func(o *DataFrameReader) { o.format = source })
}

// Schema sets the schema of the data in DDL form ("name STRING, mpg
// DOUBLE"), which spares Spark inferring it (a pass over CSV or JSON data).
func (r *DataFrameReader) Schema(ddl string) *DataFrameReader {
	return r.with(func(o *DataFrameReader) { o.schema = ddl })
}

// Option sets a data source option, such as Option("header", "true") for
// CSV. Values are strings; keys are case-insensitive.
func (r *DataFrameReader) Option(key, value string) *DataFrameReader {
	return r.with(func(o *DataFrameReader) { o.options[key] = value })
}

// Options sets several data source options.
func (r *DataFrameReader) Options(options map[string]string) *DataFrameReader {
	return r.with(func(o *DataFrameReader) {
		for k, v := range options {
			o.options[k] = v
		}
	})
}

// Load reads the files or directories at paths (none for sources that
// take no path, like jdbc). Nothing is read until an action runs, but
// Spark checks that the paths exist and infers the schema when the
// DataFrame is first analyzed.
func (r *DataFrameReader) Load(paths ...string) *DataFrame {
	ds := &pb.Read_DataSource{Paths: paths}
	if r.format != "" {
		ds.Format = ptr(r.format)
	}
	if r.schema != "" {
		ds.Schema = ptr(r.schema)
	}
	if len(r.options) > 0 {
		ds.Options = r.options
	}
	source := strings.Join(paths, ", ")
	if r.format != "" && source != "" {
		source = r.format + ": " + source
	}
	return r.s.frame(&pb.Relation{RelType: &pb.Relation_Read{Read: &pb.Read{ReadType: &pb.Read_DataSource_{DataSource: ds}}}}, source)
}

// Csv reads CSV files; set Option("header", "true") when their first line
// names the columns, and Option("inferSchema", "true") or Schema for typed
// columns (all columns are strings otherwise).
func (r *DataFrameReader) Csv(paths ...string) *DataFrame { return r.Format("csv").Load(paths...) }

// Parquet reads Parquet files.
func (r *DataFrameReader) Parquet(paths ...string) *DataFrame {
	return r.Format("parquet").Load(paths...)
}

// Json reads JSON Lines files (one object per line; Option("multiLine",
// "true") for whole-file JSON documents).
func (r *DataFrameReader) Json(paths ...string) *DataFrame { return r.Format("json").Load(paths...) }

// Orc reads ORC files.
func (r *DataFrameReader) Orc(paths ...string) *DataFrame { return r.Format("orc").Load(paths...) }

// Text reads text files into one string column "value", a row per line.
func (r *DataFrameReader) Text(paths ...string) *DataFrame { return r.Format("text").Load(paths...) }

// Table reads a table or view by name, with the reader's options.
func (r *DataFrameReader) Table(name string) *DataFrame {
	if strings.TrimSpace(name) == "" {
		return r.s.failed(fmt.Errorf("frame: Read().Table needs a table name"))
	}
	nt := &pb.Read_NamedTable{UnparsedIdentifier: name}
	if len(r.options) > 0 {
		nt.Options = r.options
	}
	return r.s.frame(&pb.Relation{RelType: &pb.Relation_Read{Read: &pb.Read{ReadType: &pb.Read_NamedTable_{NamedTable: nt}}}}, name)
}

// DataFrameWriter writes a DataFrame to files or tables. Build one with
// DataFrame.Write; each method returns a new writer. Nothing runs until
// Save, SaveAsTable or InsertInto. Spark writes one file per partition of
// the data (more with PartitionBy), in parallel; use Coalesce or
// Repartition on the DataFrame first to control the number of files.
type DataFrameWriter struct {
	df         *DataFrame
	source     string
	mode       pb.WriteOperation_SaveMode
	partition  []string
	sortBy     []string
	bucketBy   []string
	numBuckets int
	options    map[string]string
	err        error
}

// Write starts writing the DataFrame: df.Write().Format("parquet").
// Mode("overwrite").Save(ctx, "/data/out").
func (df *DataFrame) Write() *DataFrameWriter { return &DataFrameWriter{df: df} }

func (w *DataFrameWriter) with(change func(*DataFrameWriter)) *DataFrameWriter {
	out := *w
	out.options = make(map[string]string, len(w.options)+1)
	for k, v := range w.options {
		out.options[k] = v
	}
	change(&out)
	return &out
}

var saveModes = map[string]pb.WriteOperation_SaveMode{
	"error": pb.WriteOperation_SAVE_MODE_ERROR_IF_EXISTS, "errorifexists": pb.WriteOperation_SAVE_MODE_ERROR_IF_EXISTS,
	"default": pb.WriteOperation_SAVE_MODE_ERROR_IF_EXISTS, "overwrite": pb.WriteOperation_SAVE_MODE_OVERWRITE,
	"append": pb.WriteOperation_SAVE_MODE_APPEND, "ignore": pb.WriteOperation_SAVE_MODE_IGNORE,
}

// Format sets the data source: "parquet", "csv", "json", "orc", "text",
// "avro"… Unset, Spark's default applies (spark.sql.sources.default,
// parquet).
func (w *DataFrameWriter) Format(source string) *DataFrameWriter {
	return w.with(func(o *DataFrameWriter) { o.source = source })
}

// Mode says what to do when the destination already exists: "error" or
// "errorifexists" (the default: fail), "overwrite" (replace it), "append"
// (add the rows) or "ignore" (write nothing).
func (w *DataFrameWriter) Mode(mode string) *DataFrameWriter {
	return w.with(func(o *DataFrameWriter) {
		m, ok := saveModes[strings.ToLower(mode)]
		if !ok {
			o.err = fmt.Errorf("frame: write mode %q is unknown; use error, errorifexists, overwrite, append or ignore", mode)
			return
		}
		o.mode = m
	})
}

// PartitionBy lays out the files in directories by the values of the
// columns, as col=value/ (Hive-style partitioning).
func (w *DataFrameWriter) PartitionBy(cols ...string) *DataFrameWriter {
	return w.with(func(o *DataFrameWriter) { o.partition = append([]string(nil), cols...) })
}

// BucketBy hashes rows into n buckets by the columns; only for SaveAsTable.
func (w *DataFrameWriter) BucketBy(n int, cols ...string) *DataFrameWriter {
	return w.with(func(o *DataFrameWriter) {
		if n <= 0 || len(cols) == 0 {
			o.err = fmt.Errorf("frame: BucketBy needs a positive number of buckets and at least one column")
			return
		}
		o.numBuckets, o.bucketBy = n, append([]string(nil), cols...)
	})
}

// SortBy sorts the rows of each bucket by the columns; only with BucketBy.
func (w *DataFrameWriter) SortBy(cols ...string) *DataFrameWriter {
	return w.with(func(o *DataFrameWriter) { o.sortBy = append([]string(nil), cols...) })
}

// Option sets a data source option, such as Option("header", "true") for
// CSV or Option("compression", "zstd") for Parquet.
func (w *DataFrameWriter) Option(key, value string) *DataFrameWriter {
	return w.with(func(o *DataFrameWriter) { o.options[key] = value })
}

// Options sets several data source options.
func (w *DataFrameWriter) Options(options map[string]string) *DataFrameWriter {
	return w.with(func(o *DataFrameWriter) {
		for k, v := range options {
			o.options[k] = v
		}
	})
}

func (w *DataFrameWriter) operation() (*pb.WriteOperation, error) {
	if w.df == nil {
		return nil, fmt.Errorf("frame: Write on a nil DataFrame")
	}
	if w.df.err != nil {
		return nil, w.df.err
	}
	if w.err != nil {
		return nil, w.err
	}
	if len(w.sortBy) > 0 && len(w.bucketBy) == 0 {
		return nil, fmt.Errorf("frame: SortBy needs BucketBy")
	}
	op := &pb.WriteOperation{Input: w.df.rel, Mode: w.mode, PartitioningColumns: w.partition, SortColumnNames: w.sortBy}
	if op.Mode == pb.WriteOperation_SAVE_MODE_UNSPECIFIED {
		op.Mode = pb.WriteOperation_SAVE_MODE_ERROR_IF_EXISTS
	}
	if w.source != "" {
		op.Source = ptr(w.source)
	}
	if len(w.bucketBy) > 0 {
		op.BucketBy = &pb.WriteOperation_BucketBy{BucketColumnNames: w.bucketBy, NumBuckets: int32(w.numBuckets)}
	}
	if len(w.options) > 0 {
		op.Options = w.options
	}
	return op, nil
}

func (w *DataFrameWriter) run(ctx context.Context, op *pb.WriteOperation) error {
	_, err := w.df.s.conn.RunCommand(ctx, &pb.Command{CommandType: &pb.Command_WriteOperation{WriteOperation: op}})
	if err != nil && op.Mode == pb.WriteOperation_SAVE_MODE_IGNORE && ignoredWrite(err) {
		return nil
	}
	return err
}

// ignoredWrite recognizes how Spark 4.0 reports a write in mode "ignore"
// to an existing destination: it rightly writes nothing, then fails to
// record the end of an operation that never ran ("operationId: … with
// status Analyzed is not within statuses List(Started,
// ReadyForExecution)"). Spark 4.1 returns no error.
func ignoredWrite(err error) bool {
	var se *connect.SparkError
	return errors.As(err, &se) && se.ExceptionClass == "java.lang.IllegalStateException" &&
		strings.Contains(se.Message, "with status Analyzed") && strings.Contains(se.Message, "is not within statuses")
}

// Save writes the DataFrame to path, a directory on the server's file
// systems that receives one file per partition of the data. An empty path
// is for sources that take none (jdbc, noop; see Option).
func (w *DataFrameWriter) Save(ctx context.Context, path string) error {
	op, err := w.operation()
	if err != nil {
		return err
	}
	if len(w.bucketBy) > 0 {
		return fmt.Errorf("frame: BucketBy works with SaveAsTable, not Save")
	}
	if path != "" {
		op.SaveType = &pb.WriteOperation_Path{Path: path}
	}
	return w.run(ctx, op)
}

// SaveAsTable writes the DataFrame as a table of the catalog. With mode
// "append" or "overwrite", an existing table's rows are added to or
// replaced (columns matched by name); "error" (the default) fails when the
// table exists and "ignore" leaves it alone.
func (w *DataFrameWriter) SaveAsTable(ctx context.Context, table string) error {
	op, err := w.operation()
	if err != nil {
		return err
	}
	if strings.TrimSpace(table) == "" {
		return fmt.Errorf("frame: SaveAsTable needs a table name")
	}
	op.SaveType = &pb.WriteOperation_Table{Table: &pb.WriteOperation_SaveTable{
		TableName: table, SaveMethod: pb.WriteOperation_SaveTable_TABLE_SAVE_METHOD_SAVE_AS_TABLE}}
	return w.run(ctx, op)
}

// InsertInto adds the DataFrame's rows to an existing table, or replaces
// its rows if overwrite. Columns are matched by position, not name, as in
// SQL's INSERT INTO; the writer's mode is not used.
func (w *DataFrameWriter) InsertInto(ctx context.Context, table string, overwrite bool) error {
	op, err := w.operation()
	if err != nil {
		return err
	}
	if strings.TrimSpace(table) == "" {
		return fmt.Errorf("frame: InsertInto needs a table name")
	}
	if len(w.partition) > 0 || len(w.bucketBy) > 0 {
		return fmt.Errorf("frame: InsertInto uses the table's partitioning and bucketing; drop PartitionBy and BucketBy")
	}
	op.Mode = pb.WriteOperation_SAVE_MODE_APPEND
	if overwrite {
		op.Mode = pb.WriteOperation_SAVE_MODE_OVERWRITE
	}
	op.SaveType = &pb.WriteOperation_Table{Table: &pb.WriteOperation_SaveTable{
		TableName: table, SaveMethod: pb.WriteOperation_SaveTable_TABLE_SAVE_METHOD_INSERT_INTO}}
	return w.run(ctx, op)
}
