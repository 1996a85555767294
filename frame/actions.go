package frame

import (
	"context"
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/sparkgo/sparkgo/connect"
	pb "github.com/sparkgo/sparkgo/connect/proto"
)

// Stream runs the DataFrame and returns its rows as a stream of Arrow
// record batches, fetched as they are read. The caller must Close it.
func (df *DataFrame) Stream(ctx context.Context) (*connect.Rows, error) {
	return df.StreamWithOptions(ctx, connect.ExecuteOptions{})
}

// StreamWithOptions is Stream with execution options (tags for interrupt,
// a progress callback…).
func (df *DataFrame) StreamWithOptions(ctx context.Context, opts connect.ExecuteOptions) (*connect.Rows, error) {
	if df.err != nil {
		return nil, df.err
	}
	return df.s.conn.Execute(ctx, df.rel, opts)
}

// Collect runs the DataFrame and returns all its rows as one Arrow table,
// which the caller must Release. Use Stream for results that may not fit
// in memory, or Limit first.
func (df *DataFrame) Collect(ctx context.Context) (arrow.Table, error) {
	rows, err := df.Stream(ctx)
	if err != nil {
		return nil, err
	}
	return rows.ReadTable()
}

// CollectMaps runs the DataFrame and returns its rows as maps from column
// name to Go value (see Value for the types).
func (df *DataFrame) CollectMaps(ctx context.Context) ([]map[string]any, error) {
	rows, err := df.Stream(ctx)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []map[string]any
	for rows.Next() {
		rec := rows.RecordBatch()
		names := rec.Schema().Fields()
		for i := 0; i < int(rec.NumRows()); i++ {
			m := make(map[string]any, len(names))
			for j, f := range names {
				v, err := goValue(rec.Column(j), i)
				if err != nil {
					return nil, fmt.Errorf("frame: CollectMaps: row %d: column %q: %w", len(out), f.Name, err)
				}
				m[f.Name] = v
			}
			out = append(out, m)
		}
	}
	return out, rows.Err()
}

// Take returns the first n rows as maps.
func (df *DataFrame) Take(ctx context.Context, n int) ([]map[string]any, error) {
	return df.Limit(n).CollectMaps(ctx)
}

// First returns the first row as a map, or nil when there are no rows.
func (df *DataFrame) First(ctx context.Context) (map[string]any, error) {
	rows, err := df.Take(ctx, 1)
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	return rows[0], nil
}

// Count runs the DataFrame and returns its number of rows.
func (df *DataFrame) Count(ctx context.Context) (int64, error) {
	t, err := df.GroupBy().Agg(Count("*").Alias("count")).Collect(ctx)
	if err != nil {
		return 0, err
	}
	defer t.Release()
	if t.NumRows() != 1 {
		return 0, fmt.Errorf("frame: count returned %d rows", t.NumRows())
	}
	return t.Column(0).Data().Chunk(0).(*array.Int64).Value(0), nil
}

// Schema returns the Arrow schema of the DataFrame's result, as Spark
// would send it, without running the query.
func (df *DataFrame) Schema(ctx context.Context) (*arrow.Schema, error) {
	rows, err := df.Limit(0).Stream(ctx)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	s := rows.Schema()
	if s == nil {
		if err := rows.Err(); err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("frame: the server sent no schema")
	}
	return s, nil
}

// Columns returns the names of the DataFrame's columns.
func (df *DataFrame) Columns(ctx context.Context) ([]string, error) {
	s, err := df.Schema(ctx)
	if err != nil {
		return nil, err
	}
	names := make([]string, s.NumFields())
	for i, f := range s.Fields() {
		names[i] = f.Name
	}
	return names, nil
}

// SparkSchema returns the schema as Spark's DataType (with types Arrow does
// not distinguish, such as char and varchar).
func (df *DataFrame) SparkSchema(ctx context.Context) (*pb.DataType, error) {
	if df.err != nil {
		return nil, df.err
	}
	return df.s.conn.Schema(ctx, df.rel)
}

// TreeString returns the schema as Spark prints it (printSchema).
func (df *DataFrame) TreeString(ctx context.Context) (string, error) {
	if df.err != nil {
		return "", df.err
	}
	return df.s.conn.TreeString(ctx, df.rel, 0)
}

// Explain returns Spark's plans for the DataFrame; mode is "simple",
// "extended", "codegen", "cost" or "formatted" ("" means simple).
func (df *DataFrame) Explain(ctx context.Context, mode string) (string, error) {
	if df.err != nil {
		return "", df.err
	}
	modes := map[string]connect.ExplainMode{"": connect.ExplainSimple, "simple": connect.ExplainSimple,
		"extended": connect.ExplainExtended, "codegen": connect.ExplainCodegen, "cost": connect.ExplainCost,
		"formatted": connect.ExplainFormatted}
	m, ok := modes[strings.ToLower(mode)]
	if !ok {
		return "", fmt.Errorf("frame: explain mode %q is unknown; use simple, extended, codegen, cost or formatted", mode)
	}
	return df.s.conn.Explain(ctx, df.rel, m)
}

// CreateTempView registers the DataFrame as a temporary view of the
// session. With replace false, an existing view of that name is an error
// (TEMP_TABLE_OR_VIEW_ALREADY_EXISTS) and is left untouched.
func (df *DataFrame) CreateTempView(ctx context.Context, name string, replace bool) error {
	return df.createView(ctx, name, replace, false)
}

// CreateGlobalTempView registers the DataFrame as a global temporary view,
// visible to every session as global_temp.<name>.
func (df *DataFrame) CreateGlobalTempView(ctx context.Context, name string, replace bool) error {
	return df.createView(ctx, name, replace, true)
}

func (df *DataFrame) createView(ctx context.Context, name string, replace, global bool) error {
	if df.err != nil {
		return df.err
	}
	_, err := df.s.conn.RunCommand(ctx, &pb.Command{CommandType: &pb.Command_CreateDataframeView{
		CreateDataframeView: &pb.CreateDataFrameViewCommand{Input: df.rel, Name: name, IsGlobal: global, Replace: replace}}})
	return err
}
