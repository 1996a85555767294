package frame

import (
	"context"
	"fmt"
	"strings"

	pb "github.com/sparkgo/sparkgo/connect/proto"
)

// DataFrameWriterV2 writes a DataFrame to a catalog table with the
// table-level operations of Spark's DataSource V2 API: Create, Replace,
// CreateOrReplace, Append, Overwrite and OverwritePartitions. Unlike
// DataFrameWriter's save modes, each operation says exactly what happens
// to an existing table, and Append and Overwrite match columns by name.
// Build one with DataFrame.WriteTo; each method returns a new writer, and
// nothing runs until an operation.
//
// Using, TableProperty, PartitionedBy and ClusterBy describe a table that
// Create, Replace or CreateOrReplace makes; the other operations write to
// an existing table and keep its definition.
//
// What works depends on the catalog and the table format. In Spark's
// session catalog (spark_catalog), tables of the built-in file sources
// (parquet, orc, json, csv) are V1 tables: WriteTo can Create them, but
// the other operations fail (use Write().Mode(…).SaveAsTable or
// InsertInto for them). V2 catalogs and table formats (Delta Lake,
// Iceberg, JDBC catalogs…) take the operations their tables support.
type DataFrameWriterV2 struct {
	df              *DataFrame
	table           string
	provider        string
	options         map[string]string
	properties      map[string]string
	partitions      []Column
	clusterBy       []string
	schemaEvolution bool
	err             error
}

// WriteTo starts writing the DataFrame to a catalog table (a name of up
// to three parts, catalog.database.table):
//
//	df.WriteTo("sales").Using("parquet").PartitionedBy("year").CreateOrReplace(ctx)
//	df.WriteTo("sales").Append(ctx)
func (df *DataFrame) WriteTo(table string) *DataFrameWriterV2 {
	w := &DataFrameWriterV2{df: df, table: table}
	if strings.TrimSpace(table) == "" {
		w.err = fmt.Errorf("frame: WriteTo needs a table name")
	}
	return w
}

func (w *DataFrameWriterV2) with(change func(*DataFrameWriterV2)) *DataFrameWriterV2 {
	out := *w
	out.options = copyStrings(w.options)
	out.properties = copyStrings(w.properties)
	out.partitions = append([]Column(nil), w.partitions...)
	out.clusterBy = append([]string(nil), w.clusterBy...)
	change(&out)
	return &out
}

func copyStrings(m map[string]string) map[string]string {
	out := make(map[string]string, len(m)+1)
	for k, v := range m {
		out[k] = v
	}
	return out
}

// Using sets the table's data source, the provider: "parquet", "orc",
// "json", "csv", or a table format such as "delta" or "iceberg" where the
// server has it. Unset, the catalog's default applies (for Spark's session
// catalog, spark.sql.sources.default: parquet).
func (w *DataFrameWriterV2) Using(provider string) *DataFrameWriterV2 {
	return w.with(func(o *DataFrameWriterV2) { o.provider = provider })
}

// Option sets a write option of the data source, such as
// Option("compression", "zstd").
func (w *DataFrameWriterV2) Option(key, value string) *DataFrameWriterV2 {
	return w.with(func(o *DataFrameWriterV2) { o.options[key] = value })
}

// Options sets several write options.
func (w *DataFrameWriterV2) Options(options map[string]string) *DataFrameWriterV2 {
	return w.with(func(o *DataFrameWriterV2) {
		for k, v := range options {
			o.options[k] = v
		}
	})
}

// TableProperty sets a property of the table created, as in SQL's
// TBLPROPERTIES ('key' = 'value'); DESCRIBE TABLE EXTENDED lists them.
func (w *DataFrameWriterV2) TableProperty(key, value string) *DataFrameWriterV2 {
	return w.with(func(o *DataFrameWriterV2) { o.properties[key] = value })
}

// PartitionedBy partitions the table created by the columns, given by
// name or as Columns. Catalogs that support partition transforms (Iceberg,
// for one) also take them, as Call("years", "ts"), Call("days", "ts") or
// Call("bucket", Lit(16), "id"); Spark's session catalog takes plain columns.
func (w *DataFrameWriterV2) PartitionedBy(cols ...any) *DataFrameWriterV2 {
	return w.with(func(o *DataFrameWriterV2) {
		cs, err := columns("PartitionedBy", cols)
		if err != nil {
			o.err = err
			return
		}
		o.partitions = cs
	})
}

// ClusterBy clusters the data of the table created by the columns, for
// table formats with clustering (liquid clustering in Delta Lake); Spark's
// built-in file sources reject it.
func (w *DataFrameWriterV2) ClusterBy(cols ...string) *DataFrameWriterV2 {
	return w.with(func(o *DataFrameWriterV2) { o.clusterBy = append([]string(nil), cols...) })
}

// WithSchemaEvolution lets Append and Overwrite add the DataFrame's new
// columns to the table's schema, for catalogs and table formats that
// support it.
func (w *DataFrameWriterV2) WithSchemaEvolution() *DataFrameWriterV2 {
	return w.with(func(o *DataFrameWriterV2) { o.schemaEvolution = true })
}

func (w *DataFrameWriterV2) run(ctx context.Context, what string, mode pb.WriteOperationV2_Mode, condition any) error {
	if w.df == nil {
		return fmt.Errorf("frame: WriteTo on a nil DataFrame")
	}
	if w.df.err != nil {
		return w.df.err
	}
	if w.err != nil {
		return w.err
	}
	defines := mode == pb.WriteOperationV2_MODE_CREATE || mode == pb.WriteOperationV2_MODE_REPLACE ||
		mode == pb.WriteOperationV2_MODE_CREATE_OR_REPLACE
	if !defines {
		var set []string
		for _, f := range []struct {
			on   bool
			name string
		}{{w.provider != "", "Using"}, {len(w.properties) > 0, "TableProperty"},
			{len(w.partitions) > 0, "PartitionedBy"}, {len(w.clusterBy) > 0, "ClusterBy"}} {
			if f.on {
				set = append(set, f.name)
			}
		}
		if len(set) > 0 {
			return fmt.Errorf("frame: %s writes to an existing table and keeps its definition; %s only apply to Create, Replace and CreateOrReplace",
				what, strings.Join(set, ", "))
		}
	}
	op := &pb.WriteOperationV2{Input: w.df.rel, TableName: w.table, Mode: mode,
		PartitioningColumns: exprs(w.partitions), ClusteringColumns: w.clusterBy, WithSchemaEvolution: w.schemaEvolution}
	if w.provider != "" {
		op.Provider = ptr(w.provider)
	}
	if len(w.options) > 0 {
		op.Options = w.options
	}
	if len(w.properties) > 0 {
		op.TableProperties = w.properties
	}
	if condition != nil {
		var c Column
		switch x := condition.(type) {
		case string:
			c = Expr(x)
		case Column:
			if x.err != nil {
				return x.err
			}
			c = x
		default:
			return fmt.Errorf("frame: Overwrite: got a %T, want a boolean Column or a SQL condition string", condition)
		}
		op.OverwriteCondition = c.expr
	}
	_, err := w.df.s.conn.RunCommand(ctx, &pb.Command{CommandType: &pb.Command_WriteOperationV2{WriteOperationV2: op}})
	return err
}

// Create creates the table and writes the rows; an existing table is an
// error (TABLE_OR_VIEW_ALREADY_EXISTS).
func (w *DataFrameWriterV2) Create(ctx context.Context) error {
	return w.run(ctx, "Create", pb.WriteOperationV2_MODE_CREATE, nil)
}

// Replace replaces an existing table, definition and rows, by one made
// from the DataFrame; a missing table is an error (TABLE_OR_VIEW_NOT_FOUND).
// Spark's session catalog replaces only V2 table formats (Delta Lake…),
// not parquet, orc, json or csv tables.
func (w *DataFrameWriterV2) Replace(ctx context.Context) error {
	return w.run(ctx, "Replace", pb.WriteOperationV2_MODE_REPLACE, nil)
}

// CreateOrReplace creates the table, or replaces an existing one
// (definition and rows), as SQL's CREATE OR REPLACE TABLE … AS SELECT;
// like Replace, not for the session catalog's parquet, orc, json or csv
// tables.
func (w *DataFrameWriterV2) CreateOrReplace(ctx context.Context) error {
	return w.run(ctx, "CreateOrReplace", pb.WriteOperationV2_MODE_CREATE_OR_REPLACE, nil)
}

// Append adds the rows to an existing table, matching columns by name; a
// missing table is an error.
func (w *DataFrameWriterV2) Append(ctx context.Context) error {
	return w.run(ctx, "Append", pb.WriteOperationV2_MODE_APPEND, nil)
}

// Overwrite deletes the rows of an existing table where condition holds (a
// boolean Column or a SQL condition string, such as "year = 2024") and
// adds the DataFrame's rows. Overwrite(ctx, Lit(true)) replaces every
// row, which tables that can be truncated support; other conditions need
// tables that delete by filter (Delta Lake, Iceberg…).
func (w *DataFrameWriterV2) Overwrite(ctx context.Context, condition any) error {
	if condition == nil {
		return fmt.Errorf("frame: Overwrite needs a condition; use Lit(true) to replace every row")
	}
	return w.run(ctx, "Overwrite", pb.WriteOperationV2_MODE_OVERWRITE, condition)
}

// OverwritePartitions replaces the partitions of an existing table that
// the DataFrame has rows for, leaving the others alone (dynamic partition
// overwrite), as SQL's INSERT OVERWRITE with
// spark.sql.sources.partitionOverwriteMode=dynamic. The table must
// support dynamic overwrite (Delta Lake, Iceberg…).
func (w *DataFrameWriterV2) OverwritePartitions(ctx context.Context) error {
	return w.run(ctx, "OverwritePartitions", pb.WriteOperationV2_MODE_OVERWRITE_PARTITIONS, nil)
}
