package frame

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// CSVOptions adjusts ReadLocalCSV and WriteLocalCSV. The zero value reads
// and writes comma-separated RFC 4180 text with a header line, and an
// empty unquoted field for NULL.
type CSVOptions struct {
	// Delimiter separates fields; 0 means ','. It must be a single-byte
	// character other than a quote or a line break.
	Delimiter rune
	// NoHeader says the file has no header line: reading names the columns
	// _c0, _c1… (unless Schema names them), writing writes no header.
	NoHeader bool
	// NullValue is the text of NULL (default ""). Reading, an unquoted
	// field equal to it is NULL, and so is an empty field of a column other
	// than string or binary; a quoted field ("") is always its text. Writing, NULLs are
	// written as NullValue, and strings equal to it are quoted.
	NullValue string
	// Schema gives the column names and types as a Spark DDL string, such
	// as "id INT, price DECIMAL(10,2), day DATE", instead of the header and
	// type inference. Decimals are read exactly.
	Schema string
	// TimeZone is an IANA zone name. Reading, timestamps without a zone
	// offset are in it (default: the session's spark.sql.session.timeZone);
	// writing, timestamps are written in it (default: the column's zone,
	// which is the session's).
	TimeZone string
	// Overwrite lets WriteLocalCSV replace an existing file.
	Overwrite bool
	// ForceCache uploads what ReadLocalCSV reads as cached artifacts even
	// when it is small (see CopyOptions.ForceCache).
	ForceCache bool
}

func (o CSVOptions) delimiter() (byte, error) {
	d := o.Delimiter
	if d == 0 {
		d = ','
	}
	if d > 127 || d == '"' || d == '\r' || d == '\n' {
		return 0, fmt.Errorf("the delimiter %q must be a single-byte character other than a quote or a line break", d)
	}
	return byte(d), nil
}

// ReadLocalCSV reads a CSV file of the client's file system and copies it
// to Spark (the server cannot see the client's files), returning it as a
// DataFrame. Without opts.Schema the header names the columns and their
// types are inferred from all the values, as Spark's inferSchema does: int,
// bigint, double, boolean, date (YYYY-MM-DD), timestamp (YYYY-MM-DD
// HH:MM:SS[.ffffff] with an optional zone offset, or RFC 3339), else
// string; a column without values is a string. The file is read twice when
// types are inferred.
func (s *Session) ReadLocalCSV(ctx context.Context, path string, opts CSVOptions) *DataFrame {
	src, err := s.csvSource(ctx, path, opts)
	if err != nil {
		return s.failed(err)
	}
	rel, err := s.upload(ctx, "ReadLocalCSV", src, CopyOptions{ForceCache: opts.ForceCache}, false)
	if err != nil {
		return s.failed(err)
	}
	return s.frame(rel, path)
}

// csvField is one field of a CSV record.
type csvField struct {
	text   string
	quoted bool
}

// csvReader reads RFC 4180 records, telling quoted fields apart.
type csvReader struct {
	r     *bufio.Reader
	delim byte
	line  int // line of the record last read (1-based)
	next  int // line where the next record starts
	buf   bytes.Buffer
}

func newCSVReader(r io.Reader, delim byte) *csvReader {
	br := bufio.NewReaderSize(r, 1<<16)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
	}
	return &csvReader{r: br, delim: delim, next: 1}
}

// read returns the next record, skipping blank lines; io.EOF at the end.
func (c *csvReader) read() ([]csvField, error) {
	for {
		rec, err := c.readRecord()
		if err != nil {
			return nil, err
		}
		if len(rec) == 1 && rec[0].text == "" && !rec[0].quoted {
			continue
		}
		return rec, nil
	}
}

func (c *csvReader) readRecord() ([]csvField, error) {
	c.line = c.next
	var rec []csvField
	for {
		b, err := c.r.ReadByte()
		if err == io.EOF {
			if rec == nil {
				return nil, io.EOF
			}
			return append(rec, csvField{}), nil
		}
		if err != nil {
			return nil, err
		}
		c.buf.Reset()
		if b == '"' {
			start := c.next
			for {
				b, err := c.r.ReadByte()
				if err == io.EOF {
					return nil, fmt.Errorf("line %d: a quoted field is not closed", start)
				}
				if err != nil {
					return nil, err
				}
				if b == '"' {
					if p, err := c.r.Peek(1); err == nil && p[0] == '"' {
						c.r.ReadByte()
						c.buf.WriteByte('"')
						continue
					}
					break
				}
				if b == '\n' {
					c.next++
				}
				c.buf.WriteByte(b)
			}
			rec = append(rec, csvField{text: c.buf.String(), quoted: true})
			b, err := c.r.ReadByte()
			switch {
			case err == io.EOF:
				return rec, nil
			case err != nil:
				return nil, err
			case b == c.delim:
				continue
			case b == '\n':
				c.next++
				return rec, nil
			case b == '\r':
				if p, err := c.r.Peek(1); err == nil && p[0] == '\n' {
					c.r.ReadByte()
				}
				c.next++
				return rec, nil
			}
			return nil, fmt.Errorf("line %d: %q after a closing quote; quotes inside a field must be doubled", c.next, b)
		}
		for {
			if b == c.delim {
				rec = append(rec, csvField{text: c.buf.String()})
				break
			}
			if b == '\n' || b == '\r' {
				if b == '\r' {
					if p, err := c.r.Peek(1); err == nil && p[0] == '\n' {
						c.r.ReadByte()
					}
				}
				c.next++
				return append(rec, csvField{text: c.buf.String()}), nil
			}
			c.buf.WriteByte(b)
			b, err = c.r.ReadByte()
			if err == io.EOF {
				return append(rec, csvField{text: c.buf.String()}), nil
			}
			if err != nil {
				return nil, err
			}
		}
	}
}

// CSV type inference candidates, in order of preference.
const (
	csvInt = 1 << iota
	csvBigint
	csvDouble
	csvBool
	csvDate
	csvTimestamp
	csvAll = csvInt | csvBigint | csvDouble | csvBool | csvDate | csvTimestamp
)

func looksNumeric(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9', c == '+', c == '-', c == '.', c == 'e', c == 'E':
		default:
			return false
		}
	}
	return true
}

func parseCSVFloat(s string) (float64, error) {
	switch s {
	case "NaN":
		return math.NaN(), nil
	case "Inf", "+Inf", "Infinity", "+Infinity":
		return math.Inf(1), nil
	case "-Inf", "-Infinity":
		return math.Inf(-1), nil
	}
	if !looksNumeric(s) {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	return strconv.ParseFloat(s, 64)
}

// candidates returns the inference candidates text allows.
func candidates(text string, loc *time.Location) int {
	c := 0
	if looksNumeric(text) {
		if n, err := strconv.ParseInt(text, 10, 64); err == nil {
			c |= csvBigint | csvDouble
			if n >= math.MinInt32 && n <= math.MaxInt32 {
				c |= csvInt
			}
		} else if _, err := parseCSVFloat(text); err == nil {
			c |= csvDouble
		}
		if len(text) == 10 {
			if _, err := ParseDate(text); err == nil {
				c |= csvDate
			}
		}
		return c
	}
	if _, err := parseCSVFloat(text); err == nil {
		return csvDouble
	}
	if strings.EqualFold(text, "true") || strings.EqualFold(text, "false") {
		return csvBool
	}
	if len(text) >= 16 && text[4] == '-' {
		if _, err := parseTimestamp(text, loc, false); err == nil {
			return csvTimestamp
		}
	}
	return 0
}

func (s *Session) csvLocation(ctx context.Context, opts CSVOptions) (*time.Location, error) {
	name := opts.TimeZone
	if name == "" {
		tz, err := s.conn.GetConf(ctx, "spark.sql.session.timeZone")
		if err != nil {
			return nil, fmt.Errorf("reading the session time zone: %w", err)
		}
		name = tz
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("time zone %q: %w", name, err)
	}
	return loc, nil
}

// csvSource reads the header (and infers types) and returns the source
// that reads the file's rows.
func (s *Session) csvSource(ctx context.Context, path string, opts CSVOptions) (*source, error) {
	const op = "ReadLocalCSV"
	fail := func(err error) error { return fmt.Errorf("frame: %s %s: %w", op, path, err) }
	delim, err := opts.delimiter()
	if err != nil {
		return nil, fail(err)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("frame: %s: %w", op, err)
	}
	defer f.Close()
	cr := newCSVReader(f, delim)
	var header []csvField
	if !opts.NoHeader {
		if header, err = cr.read(); err != nil && err != io.EOF {
			return nil, fail(err)
		}
	}
	var loc *time.Location
	getLoc := func() (*time.Location, error) {
		if loc == nil {
			var err error
			if loc, err = s.csvLocation(ctx, opts); err != nil {
				return nil, err
			}
		}
		return loc, nil
	}
	var schema *arrow.Schema
	if strings.TrimSpace(opts.Schema) != "" {
		if schema, err = s.parseSchema(ctx, op, opts.Schema); err != nil {
			return nil, err
		}
		if header != nil && len(header) != schema.NumFields() {
			return nil, fail(fmt.Errorf("the header has %d columns, the schema %d", len(header), schema.NumFields()))
		}
	} else {
		var names []string
		first := header
		if opts.NoHeader {
			if first, err = cr.read(); err != nil && err != io.EOF {
				return nil, fail(err)
			}
		}
		if first == nil {
			return nil, fail(errors.New("the file is empty; give a Schema to read an empty file"))
		}
		for i, h := range first {
			name := strings.TrimSpace(h.text)
			if opts.NoHeader || name == "" {
				name = fmt.Sprintf("_c%d", i)
			}
			names = append(names, name)
		}
		dedupNames(names)
		// Infer the types from every value.
		cand := make([]int, len(names))
		seen := make([]bool, len(names))
		for i := range cand {
			cand[i] = csvAll
		}
		tzLoc := time.UTC
		infer := func(rec []csvField) error {
			if len(rec) != len(names) {
				return fmt.Errorf("line %d has %d fields, the first line %d", cr.line, len(rec), len(names))
			}
			for i, fld := range rec {
				if fld.text == "" || (!fld.quoted && fld.text == opts.NullValue) {
					continue
				}
				seen[i] = true
				if cand[i] != 0 {
					cand[i] &= candidates(fld.text, tzLoc)
				}
			}
			return nil
		}
		if opts.NoHeader {
			if err := infer(first); err != nil {
				return nil, fail(err)
			}
		}
		for {
			rec, err := cr.read()
			if err == io.EOF {
				break
			}
			if err == nil {
				err = infer(rec)
			}
			if err != nil {
				return nil, fail(err)
			}
		}
		fields := make([]arrow.Field, len(names))
		for i, n := range names {
			fields[i] = arrow.Field{Name: n, Type: arrow.BinaryTypes.String, Nullable: true}
			if !seen[i] {
				continue
			}
			switch c := cand[i]; {
			case c&csvInt != 0:
				fields[i].Type = arrow.PrimitiveTypes.Int32
			case c&csvBigint != 0:
				fields[i].Type = arrow.PrimitiveTypes.Int64
			case c&csvDouble != 0:
				fields[i].Type = arrow.PrimitiveTypes.Float64
			case c&csvBool != 0:
				fields[i].Type = arrow.FixedWidthTypes.Boolean
			case c&csvDate != 0:
				fields[i].Type = arrow.FixedWidthTypes.Date32
			case c&csvTimestamp != 0:
				fields[i].Type = &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}
			}
		}
		schema = arrow.NewSchema(fields, nil)
	}
	// Compile the converters now, to report unsupported types early.
	needLoc := false
	for _, fl := range schema.Fields() {
		if _, ok := fl.Type.(*arrow.TimestampType); ok {
			needLoc = true
		}
	}
	if needLoc {
		if _, err := getLoc(); err != nil {
			return nil, fail(err)
		}
	}
	probe := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	_, err = csvAppenders(schema, probe, loc)
	probe.Release()
	if err != nil {
		return nil, fail(err)
	}
	skipHeader := !opts.NoHeader
	return &source{schema: schema, rows: -1, produce: func(emit func(arrow.RecordBatch) error) error {
		f, err := os.Open(path)
		if err != nil {
			return fmt.Errorf("frame: %s: %w", op, err)
		}
		defer f.Close()
		cr := newCSVReader(f, delim)
		if skipHeader {
			if _, err := cr.read(); err != nil && err != io.EOF {
				return fail(err)
			}
		}
		rb := array.NewRecordBuilder(memory.DefaultAllocator, schema)
		defer rb.Release()
		apps, err := csvAppenders(schema, rb, loc)
		if err != nil {
			return fail(err)
		}
		fields := schema.Fields()
		n := 0
		flush := func() error {
			rec := rb.NewRecordBatch()
			defer rec.Release()
			n = 0
			return emit(rec)
		}
		for {
			rec, err := cr.read()
			if err == io.EOF {
				break
			}
			if err != nil {
				return fail(err)
			}
			if len(rec) != len(fields) {
				return fail(fmt.Errorf("line %d has %d fields, want %d", cr.line, len(rec), len(fields)))
			}
			for i, fld := range rec {
				isText := fields[i].Type.ID() == arrow.STRING || fields[i].Type.ID() == arrow.BINARY
				if (!fld.quoted && fld.text == opts.NullValue) || (!isText && fld.text == "") {
					if !fields[i].Nullable {
						return fail(fmt.Errorf("line %d: column %q is NULL, but it is NOT NULL", cr.line, fields[i].Name))
					}
					rb.Field(i).AppendNull()
					continue
				}
				if err := apps[i](fld.text); err != nil {
					return fail(fmt.Errorf("line %d: column %q: %w", cr.line, fields[i].Name, err))
				}
			}
			if n++; n == batchRows {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		if n > 0 {
			return flush()
		}
		return nil
	}}, nil
}

// dedupNames makes repeated column names unique by appending their
// position, as Spark does.
func dedupNames(names []string) {
	count := map[string]int{}
	for _, n := range names {
		count[strings.ToLower(n)]++
	}
	for i, n := range names {
		if count[strings.ToLower(n)] > 1 {
			names[i] = fmt.Sprintf("%s%d", n, i)
		}
	}
}

// csvAppenders returns, per column, the function appending a field's text.
func csvAppenders(schema *arrow.Schema, rb *array.RecordBuilder, loc *time.Location) ([]func(string) error, error) {
	apps := make([]func(string) error, schema.NumFields())
	for i, f := range schema.Fields() {
		app, err := textAppender(f.Type, rb.Field(i), loc)
		if err != nil {
			return nil, fmt.Errorf("column %q: %w", f.Name, err)
		}
		apps[i] = app
	}
	return apps, nil
}

func textAppender(dt arrow.DataType, b array.Builder, loc *time.Location) (func(string) error, error) {
	ints := func(bits int, app func(int64)) func(string) error {
		return func(s string) error {
			n, err := strconv.ParseInt(strings.TrimSpace(s), 10, bits)
			if err != nil {
				return fmt.Errorf("%q is not a %d-bit integer", s, bits)
			}
			app(n)
			return nil
		}
	}
	switch bb := b.(type) {
	case *array.StringBuilder:
		return func(s string) error { bb.Append(s); return nil }, nil
	case *array.Int8Builder:
		return ints(8, func(n int64) { bb.Append(int8(n)) }), nil
	case *array.Int16Builder:
		return ints(16, func(n int64) { bb.Append(int16(n)) }), nil
	case *array.Int32Builder:
		return ints(32, func(n int64) { bb.Append(int32(n)) }), nil
	case *array.Int64Builder:
		return ints(64, bb.Append), nil
	case *array.Float32Builder, *array.Float64Builder:
		return func(s string) error {
			f, err := parseCSVFloat(strings.TrimSpace(s))
			if err != nil {
				return fmt.Errorf("%q is not a number", s)
			}
			if fb, ok := bb.(*array.Float32Builder); ok {
				fb.Append(float32(f))
			} else {
				bb.(*array.Float64Builder).Append(f)
			}
			return nil
		}, nil
	case *array.BooleanBuilder:
		return func(s string) error {
			switch strings.ToLower(strings.TrimSpace(s)) {
			case "true":
				bb.Append(true)
			case "false":
				bb.Append(false)
			default:
				return fmt.Errorf("%q is not true or false", s)
			}
			return nil
		}, nil
	case *array.Decimal128Builder:
		t := dt.(*arrow.Decimal128Type)
		limit := pow10(t.Precision)
		return func(s string) error {
			r, err := parseDecimalRat(s)
			if err != nil {
				return err
			}
			u, err := ratScaled(r, t.Scale, false)
			if err != nil {
				return inexact(strings.TrimSpace(s), t.Scale)
			}
			if u.CmpAbs(limit) >= 0 {
				return fmt.Errorf("%s does not fit DECIMAL(%d,%d)", strings.TrimSpace(s), t.Precision, t.Scale)
			}
			bb.Append(decimal128.FromBigInt(u))
			return nil
		}, nil
	case *array.Date32Builder:
		return func(s string) error {
			d, err := ParseDate(strings.TrimSpace(s))
			if err != nil {
				return err
			}
			n, err := d.days()
			if err != nil {
				return err
			}
			bb.Append(arrow.Date32(n))
			return nil
		}, nil
	case *array.TimestampBuilder:
		ntz := dt.(*arrow.TimestampType).TimeZone == ""
		return func(s string) error {
			in := loc
			if ntz {
				in = time.UTC
			}
			tm, err := parseTimestamp(strings.TrimSpace(s), in, false)
			if err != nil {
				return err
			}
			if ntz {
				tm = time.Date(tm.Year(), tm.Month(), tm.Day(), tm.Hour(), tm.Minute(), tm.Second(), tm.Nanosecond(), time.UTC)
			}
			bb.Append(arrow.Timestamp(tm.UnixMicro()))
			return nil
		}, nil
	case *array.BinaryBuilder:
		return func(s string) error {
			data, err := base64.StdEncoding.DecodeString(s)
			if err != nil {
				return fmt.Errorf("%q is not base64", s)
			}
			bb.Append(data)
			return nil
		}, nil
	}
	return nil, fmt.Errorf("CSV cannot hold %s values", sparkTypeName(dt))
}

// WriteLocalCSV runs the DataFrame and writes its rows to a CSV file of
// the client's file system, streaming them batch by batch. The file gets a
// header line (unless opts.NoHeader) and appears only once complete; an
// existing file is an error unless opts.Overwrite.
//
// Values are written exactly: integers and decimals in full, floats in the
// shortest form that reads back the same (NaN, Inf, -Inf), dates as
// YYYY-MM-DD, timestamps as RFC 3339 with microseconds in the column's time
// zone (the session's; opts.TimeZone overrides it), timestamp_ntz without
// an offset, binary as base64, intervals as Go durations (1h2m3s) or
// months, and arrays, maps and structs as JSON. NULL is opts.NullValue
// (default empty); strings that would read as NULL are quoted.
func (df *DataFrame) WriteLocalCSV(ctx context.Context, path string, opts CSVOptions) error {
	const op = "WriteLocalCSV"
	if df.err != nil {
		return df.err
	}
	delim, err := opts.delimiter()
	if err != nil {
		return fmt.Errorf("frame: %s: %w", op, err)
	}
	var loc *time.Location
	if opts.TimeZone != "" {
		if loc, err = time.LoadLocation(opts.TimeZone); err != nil {
			return fmt.Errorf("frame: %s: time zone %q: %w", op, opts.TimeZone, err)
		}
	}
	if !opts.Overwrite {
		if _, err := os.Stat(path); err == nil {
			return fmt.Errorf("frame: %s: %s already exists; set CSVOptions.Overwrite to replace it", op, path)
		}
	}
	rows, err := df.Stream(ctx)
	if err != nil {
		return err
	}
	defer rows.Close()
	schema := rows.Schema()
	if schema == nil {
		if err := rows.Err(); err != nil {
			return err
		}
		return fmt.Errorf("frame: %s: the server sent no schema", op)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("frame: %s: %w", op, err)
	}
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	w := bufio.NewWriterSize(tmp, 1<<16)
	cw := csvWriter{w: w, delim: delim, null: opts.NullValue}
	if !opts.NoHeader {
		for i, f := range schema.Fields() {
			cw.field(i, f.Name, false)
		}
		w.WriteString("\n")
	}
	formats := make([]func(arrow.Array, int) string, schema.NumFields())
	for i, f := range schema.Fields() {
		formats[i] = textFormatter(f.Type, loc)
	}
	for rows.Next() {
		rec := rows.RecordBatch()
		cols := rec.Columns()
		for r := 0; r < int(rec.NumRows()); r++ {
			for c, col := range cols {
				if col.IsNull(r) {
					cw.field(c, opts.NullValue, true)
				} else {
					cw.field(c, formats[c](col, r), false)
				}
			}
			w.WriteString("\n")
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("frame: %s: %w", op, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("frame: %s: %w", op, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("frame: %s: %w", op, err)
	}
	ok = true
	return nil
}

type csvWriter struct {
	w     *bufio.Writer
	delim byte
	null  string
}

func (cw csvWriter) field(col int, s string, isNull bool) {
	if col > 0 {
		cw.w.WriteByte(cw.delim)
	}
	if isNull {
		cw.w.WriteString(s)
		return
	}
	quote := s == cw.null || strings.ContainsAny(s, "\"\r\n") || strings.IndexByte(s, cw.delim) >= 0 ||
		strings.HasPrefix(s, " ") || strings.HasSuffix(s, " ")
	if !quote {
		cw.w.WriteString(s)
		return
	}
	cw.w.WriteByte('"')
	cw.w.WriteString(strings.ReplaceAll(s, `"`, `""`))
	cw.w.WriteByte('"')
}

// formatFloat writes a float in the shortest form that reads back exactly.
func formatFloat(f float64, bits int) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Inf"
	case math.IsInf(f, -1):
		return "-Inf"
	}
	if a := math.Abs(f); a != 0 && (a >= 1e21 || a < 1e-6) {
		return strconv.FormatFloat(f, 'g', -1, bits)
	}
	return strconv.FormatFloat(f, 'f', -1, bits)
}

const tsLayout = "2006-01-02T15:04:05.999999Z07:00"

// textFormatter returns the function writing values of an Arrow type as text.
func textFormatter(dt arrow.DataType, loc *time.Location) func(arrow.Array, int) string {
	switch t := dt.(type) {
	case *arrow.Float32Type:
		return func(a arrow.Array, i int) string { return formatFloat(float64(a.(*array.Float32).Value(i)), 32) }
	case *arrow.Float64Type:
		return func(a arrow.Array, i int) string { return formatFloat(a.(*array.Float64).Value(i), 64) }
	case *arrow.BinaryType, *arrow.LargeBinaryType:
		return func(a arrow.Array, i int) string { return base64.StdEncoding.EncodeToString(Value(a, i).([]byte)) }
	case *arrow.Date32Type, *arrow.Date64Type:
		return func(a arrow.Array, i int) string { return Value(a, i).(time.Time).Format("2006-01-02") }
	case *arrow.TimestampType:
		if t.TimeZone == "" {
			return func(a arrow.Array, i int) string { return Value(a, i).(time.Time).Format("2006-01-02T15:04:05.999999") }
		}
		return func(a arrow.Array, i int) string {
			tm := Value(a, i).(time.Time)
			if loc != nil {
				tm = tm.In(loc)
			}
			return tm.Format(tsLayout)
		}
	case *arrow.ListType, *arrow.LargeListType, *arrow.MapType, *arrow.StructType:
		return func(a arrow.Array, i int) string {
			b, err := json.Marshal(jsonable(Value(a, i), loc))
			if err != nil {
				return fmt.Sprint(Value(a, i))
			}
			return string(b)
		}
	}
	return func(a arrow.Array, i int) string { return textOf(Value(a, i), loc) }
}

// textOf formats a scalar Go value from Value.
func textOf(v any, loc *time.Location) string {
	switch x := v.(type) {
	case string:
		return x
	case int8:
		return strconv.FormatInt(int64(x), 10)
	case int16:
		return strconv.FormatInt(int64(x), 10)
	case int32:
		return strconv.FormatInt(int64(x), 10)
	case int64:
		return strconv.FormatInt(x, 10)
	case bool:
		return strconv.FormatBool(x)
	case Decimal:
		return x.String()
	case float32:
		return formatFloat(float64(x), 32)
	case float64:
		return formatFloat(x, 64)
	case time.Duration:
		return x.String()
	case time.Time:
		if loc != nil {
			x = x.In(loc)
		}
		return x.Format(tsLayout)
	}
	return fmt.Sprint(v)
}

// jsonable turns a nested Value into something encoding/json writes
// exactly: decimals as JSON numbers, times as text, map keys as text.
func jsonable(v any, loc *time.Location) any {
	switch x := v.(type) {
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = jsonable(e, loc)
		}
		return out
	case map[any]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[textOf(k, loc)] = jsonable(e, loc)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = jsonable(e, loc)
		}
		return out
	case Decimal:
		return json.Number(x.String())
	case float32, float64:
		f := reflectFloat(x)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return formatFloat(f, 64)
		}
		return x
	case time.Time, time.Duration:
		return textOf(x, loc)
	}
	return v
}

func reflectFloat(v any) float64 {
	if f, ok := v.(float32); ok {
		return float64(f)
	}
	return v.(float64)
}
