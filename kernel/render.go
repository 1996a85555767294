package kernel

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/sparkgo/sparkgo/display"
	"github.com/sparkgo/sparkgo/frame"
	"github.com/sparkgo/sparkgo/nb"
)

// renderValues turns the values of a cell's last expression into the
// cell's result. A final non-nil error fails the cell, as it would fail a
// Go program; a final nil error is not shown.
func (x *Executor) renderValues(ctx context.Context, values []any) (*display.Bundle, int64, error) {
	if n := len(values); n > 1 {
		last := values[n-1]
		if err, ok := last.(error); ok && err != nil {
			return nil, -1, err
		}
		if last == nil { // a nil error, usually
			values = values[:n-1]
		}
	}
	switch len(values) {
	case 0:
		return nil, -1, nil
	case 1:
		if values[0] == nil {
			return nil, -1, nil
		}
		b, rows, err := x.render(ctx, values[0])
		if err != nil {
			return nil, -1, err
		}
		return &b, rows, nil
	default:
		parts := make([]string, len(values))
		for i, v := range values {
			parts[i] = plainText(v)
		}
		b := textBundle(strings.Join(parts, ", "))
		return &b, -1, nil
	}
}

// render makes the bundle that shows v, running a DataFrame with the row
// limit. It returns the rows a DataFrame returned (-1 otherwise).
func (x *Executor) render(ctx context.Context, v any) (display.Bundle, int64, error) {
	switch v := v.(type) {
	case display.Bundle:
		return v, -1, nil
	case *display.Bundle:
		return *v, -1, nil
	case *frame.DataFrame:
		return x.renderDataFrame(ctx, v)
	case nb.Renderer:
		return v.Render(), -1, nil
	case arrow.RecordBatch:
		return display.Table(v, display.TableOptions{MaxRows: x.RowLimit()}), -1, nil
	case arrow.Table:
		rec := concatTable(v)
		defer rec.Release()
		return display.Table(rec, display.TableOptions{MaxRows: x.RowLimit()}), -1, nil
	case *arrow.Schema:
		return display.Schema(v), -1, nil
	case error:
		return display.Error(v, display.ErrorOptions{}), -1, nil
	}
	return textBundle(plainText(v)), -1, nil
}

// renderDataFrame runs df with one row more than the limit, to know
// whether there are more.
func (x *Executor) renderDataFrame(ctx context.Context, df *frame.DataFrame) (display.Bundle, int64, error) {
	limit := x.RowLimit()
	tbl, err := df.Limit(limit + 1).Collect(ctx)
	if err != nil {
		return display.Bundle{}, -1, err
	}
	defer tbl.Release()
	rec := concatTable(tbl)
	defer rec.Release()
	rows := rec.NumRows()
	opts := display.TableOptions{Source: df.Source(), MaxRows: limit}
	if rows > int64(limit) {
		opts.TotalRows = -1
		rows = -1 // the progress summary must not claim limit+1 rows
	}
	return display.Table(rec, opts), rows, nil
}

// concatTable joins a table's chunks into one record batch.
func concatTable(tbl arrow.Table) arrow.RecordBatch {
	cols := make([]arrow.Array, tbl.NumCols())
	for i := range cols {
		chunks := tbl.Column(i).Data().Chunks()
		if len(chunks) == 1 {
			chunks[0].Retain()
			cols[i] = chunks[0]
			continue
		}
		if len(chunks) == 0 {
			cols[i] = array.MakeArrayOfNull(memory.DefaultAllocator, tbl.Schema().Field(i).Type, 0)
			continue
		}
		joined, err := array.Concatenate(chunks, memory.DefaultAllocator)
		if err != nil {
			// Concatenate fails only on mismatched types, which a table's
			// column cannot have.
			panic(err)
		}
		cols[i] = joined
	}
	rec := array.NewRecordBatch(tbl.Schema(), cols, tbl.NumRows())
	for _, c := range cols {
		c.Release()
	}
	return rec
}

// plainText is how a value without a richer rendering reads: strings
// quoted as Go writes them, Stringers by their String, the rest with %v.
func plainText(v any) string {
	switch v := v.(type) {
	case nil:
		return "nil"
	case string:
		return strconv.Quote(v)
	case fmt.Stringer:
		return v.String()
	case error:
		return v.Error()
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Struct:
		return fmt.Sprintf("%+v", v)
	case reflect.Pointer:
		if !rv.IsNil() && rv.Elem().Kind() == reflect.Struct {
			return fmt.Sprintf("&%+v", rv.Elem().Interface())
		}
	}
	return fmt.Sprintf("%v", v)
}

func textBundle(s string) display.Bundle {
	return display.Bundle{Data: map[string]any{display.MIMEText: s}}
}

var errInterrupted = errors.New("the cell was interrupted")
