package sparksql

import (
	"database/sql/driver"
	"errors"
	"io"
	"reflect"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/sparkgo/sparkgo/connect"
)

// rows streams a result through database/sql: it holds one Arrow record
// batch at a time and converts the current row's values on demand.
type rows struct {
	c     *Conn
	r     *connect.Rows
	cols  []column
	names []string

	get  []getter // of the current batch
	pos  int      // next row of the current batch
	size int      // rows in the current batch
}

var (
	_ driver.Rows                           = (*rows)(nil)
	_ driver.RowsColumnTypeScanType         = (*rows)(nil)
	_ driver.RowsColumnTypeDatabaseTypeName = (*rows)(nil)
	_ driver.RowsColumnTypeLength           = (*rows)(nil)
	_ driver.RowsColumnTypeNullable         = (*rows)(nil)
	_ driver.RowsColumnTypePrecisionScale   = (*rows)(nil)
)

var errSchemaChanged = errors.New("sparksql: a record batch of the result does not match its schema")

func newRows(c *Conn, r *connect.Rows, schema *arrow.Schema) *rows {
	cols := describeColumns(schema, r.SparkSchema())
	names := make([]string, len(cols))
	for i, col := range cols {
		names[i] = col.name
	}
	return &rows{c: c, r: r, cols: cols, names: names}
}

func (rs *rows) Columns() []string { return rs.names }

// Next converts the next row into dest, fetching the next batch from the
// server when the current one is used up.
func (rs *rows) Next(dest []driver.Value) error {
	for rs.pos >= rs.size {
		if !rs.r.Next() {
			if err := rs.r.Err(); err != nil {
				return rs.c.fail(err)
			}
			return io.EOF
		}
		b := rs.r.RecordBatch()
		if int(b.NumCols()) != len(rs.cols) {
			return errSchemaChanged
		}
		rs.get = rs.get[:0]
		for _, col := range b.Columns() {
			rs.get = append(rs.get, makeGetter(col))
		}
		rs.pos, rs.size = 0, int(b.NumRows())
	}
	for j, g := range rs.get {
		v, err := g(rs.pos)
		if err != nil {
			return err
		}
		dest[j] = v
	}
	rs.pos++
	return nil
}

// Close stops the query on the server if it is still running.
func (rs *rows) Close() error {
	rs.get = nil
	err := rs.r.Close()
	rs.c.touch()
	return err
}

func (rs *rows) ColumnTypeScanType(i int) reflect.Type { return rs.cols[i].scanType }

func (rs *rows) ColumnTypeDatabaseTypeName(i int) string { return rs.cols[i].typeName }

func (rs *rows) ColumnTypeLength(i int) (int64, bool) {
	return rs.cols[i].length, rs.cols[i].hasLength
}

func (rs *rows) ColumnTypeNullable(i int) (nullable, ok bool) { return rs.cols[i].nullable, true }

func (rs *rows) ColumnTypePrecisionScale(i int) (precision, scale int64, ok bool) {
	c := rs.cols[i]
	return c.precision, c.scale, c.isDecimal
}
