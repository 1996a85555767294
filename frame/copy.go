package frame

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"math/big"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"google.golang.org/protobuf/proto"

	"github.com/sparkgo/sparkgo/connect"
	pb "github.com/sparkgo/sparkgo/connect/proto"
)

// CopyOptions adjusts how CopyTo, CreateDataFrame and ReadLocalCSV send
// local data to Spark. The zero value is ready to use.
type CopyOptions struct {
	// Schema gives the columns as a Spark DDL string, such as
	// "id BIGINT, name STRING NOT NULL, price DECIMAL(10,2)". It is required
	// for []map[string]any and [][]any data, whose Go values are converted
	// to these types (exactly, or with an error). For slices of structs it
	// overrides the inferred types: its columns are matched to the fields by
	// name and give the column order. Arrow data ignores it.
	Schema string
	// Overwrite lets CopyTo replace an existing temporary view of the same
	// name. Without it, an existing view is an error and stays untouched.
	Overwrite bool
	// ForceCache uploads the data as cached artifacts even when it is
	// smaller than the server's spark.sql.session.localRelationCacheThreshold.
	ForceCache bool
	// SingleArtifact caches the data as one artifact (a
	// CachedLocalRelation, at most 2 GiB) rather than one artifact per chunk
	// of spark.sql.session.localRelationChunkSizeBytes (a
	// ChunkedCachedLocalRelation, Spark 4.1+). Servers without chunked
	// relations always get one artifact.
	SingleArtifact bool
}

// Date is a calendar date without a time zone: Spark's DATE.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// ParseDate parses a date written as YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return Date{}, fmt.Errorf("frame: %q is not a date (YYYY-MM-DD)", s)
	}
	return DateOf(t), nil
}

// Time returns midnight UTC of the date.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// String formats the date as YYYY-MM-DD.
func (d Date) String() string { return d.Time().Format("2006-01-02") }

// IsValid reports whether the date exists in the calendar (Date{2023, 2,
// 30} does not) and lies in Spark's range, years 1 to 9999.
func (d Date) IsValid() bool {
	return d.Year >= 1 && d.Year <= 9999 && DateOf(d.Time()) == d
}

// days returns the number of days since 1970-01-01.
func (d Date) days() (int32, error) {
	if !d.IsValid() {
		return 0, fmt.Errorf("%04d-%02d-%02d is not a valid date", d.Year, int(d.Month), d.Day)
	}
	return int32(d.Time().Unix() / 86400), nil
}

// CreateDataFrame copies local Go data to Spark and returns it as a
// DataFrame. data is one of:
//
//   - a slice of structs or of pointers to structs: exported fields become
//     columns, named by their `spark:"name"` tag or else by the field name;
//     `spark:"-"` skips a field; embedded structs without a tag contribute
//     their fields; pointer fields are nullable;
//   - []map[string]any or [][]any (or any slice of string-keyed maps or of
//     slices), with CopyOptions.Schema giving the columns;
//   - an arrow.RecordBatch, []arrow.RecordBatch or arrow.Table.
//
// Go types map to Spark types exactly: int8, int16, int32, int64 (and int)
// to TINYINT, SMALLINT, INT, BIGINT; uint8 to SMALLINT, uint16 to INT,
// uint32 to BIGINT, uint64 and uint to BIGINT (a value above
// math.MaxInt64 is an error); float32, float64; bool; string; []byte to
// BINARY; time.Time to TIMESTAMP (the instant, in microseconds;
// nanoseconds are truncated; displayed in the session time zone); Date to
// DATE; Decimal to DECIMAL(p,s), with p and s just wide enough for the
// values; time.Duration to INTERVAL DAY TO SECOND (microseconds); slices
// and arrays to ARRAY; maps to MAP; structs to STRUCT; sql.Null* types
// (any struct implementing driver.Valuer with a Valid field) to their
// value's type, nullable. A nil slice, map or []byte is NULL.
//
// A field tag may also name the Spark type of a time.Time ("date",
// "timestamp_ntz") or of a decimal ("decimal(10,2)", also for *big.Rat,
// strings and numbers): `spark:"price,decimal(10,2)"`, `spark:",date"`.
// Channels, functions, complex numbers and interfaces (without a Schema)
// are rejected, naming the field, before anything is sent.
//
// Column names are kept as written, dots and spaces included; refer to
// such columns with backquotes in expressions (Col("`odd.name`")).
//
// Data smaller than the server's spark.sql.session.localRelationCacheThreshold
// (1 MiB on Spark 4.1; 64 MiB is assumed when the server does not say)
// travels inline in the plan, which is sent again with every query of the
// DataFrame; larger data is uploaded once as cached artifacts, in chunks of
// spark.sql.session.localRelationChunkSizeBytes (a
// ChunkedCachedLocalRelation on Spark 4.1+), so its size is limited by
// memory rather than by gRPC message limits. From 32 768 rows on, the rows
// travel packed, up to 16 384 to an array row, and the plan unpacks them
// on the server (inline(arrays_zip(...))) with the same schema and row
// order: Spark builds and scans a relation of many small rows slowly, one
// at a time. A failure is kept in the DataFrame: see Err.
func (s *Session) CreateDataFrame(ctx context.Context, data any, opts CopyOptions) *DataFrame {
	rel, err := s.copyRelation(ctx, "CreateDataFrame", data, opts, false)
	if err != nil {
		return s.failed(err)
	}
	return s.frame(rel, "")
}

// CopyTo copies local Go data to Spark (see CreateDataFrame for the data
// accepted) and registers it as the temporary view name, returning
// Table(name). As the view's plan is sent only once, data up to 64 MiB
// (and half the connection's gRPC message limit) travels inline whatever
// the cache threshold, which spares the server storing artifacts; larger
// data, or any with opts.ForceCache, goes through cached artifacts. With
// name "" no view is registered and CopyTo is CreateDataFrame. An existing
// temporary view of that name is an error, checked before any data is
// sent, and is left untouched, unless opts.Overwrite is set.
func (s *Session) CopyTo(ctx context.Context, name string, data any, opts CopyOptions) *DataFrame {
	if name != "" && !opts.Overwrite {
		if s.tempViewExists(ctx, name) {
			return s.failed(viewExistsError(name, nil))
		}
	}
	rel, err := s.copyRelation(ctx, "CopyTo", data, opts, name != "")
	if err != nil {
		return s.failed(err)
	}
	df := s.frame(rel, name)
	if name == "" {
		return df
	}
	if err := df.createView(ctx, name, opts.Overwrite, false); err != nil {
		var se *connect.SparkError
		if errors.As(err, &se) && se.ErrorClass == "TEMP_TABLE_OR_VIEW_ALREADY_EXISTS" {
			return s.failed(viewExistsError(name, err))
		}
		return s.failed(fmt.Errorf("frame: CopyTo: creating the temporary view %q: %w", name, err))
	}
	return s.Table(name)
}

func viewExistsError(name string, cause error) error {
	msg := fmt.Sprintf("frame: CopyTo: the temporary view %q already exists; set CopyOptions.Overwrite to replace it", name)
	if cause != nil {
		return fmt.Errorf("%s: %w", msg, cause)
	}
	return errors.New(msg)
}

// tempViewExists reports whether the session has a temporary view name.
// A lookup failure (no such table, a bad name) counts as no view: view
// creation reports the real problem.
func (s *Session) tempViewExists(ctx context.Context, name string) bool {
	t, err := s.Catalog().GetTable(ctx, name)
	return err == nil && t.IsTemporary
}

// copyRelation turns local data into a LocalRelation, CachedLocalRelation
// or ChunkedCachedLocalRelation, uploading artifacts as needed.
func (s *Session) copyRelation(ctx context.Context, op string, data any, opts CopyOptions, sentOnce bool) (*pb.Relation, error) {
	src, err := s.sourceOf(ctx, op, data, opts)
	if err != nil {
		return nil, err
	}
	if !packable(src) {
		return s.upload(ctx, op, src, opts, sentOnce)
	}
	rel, err := s.upload(ctx, op, pack(src), opts, sentOnce)
	if err != nil {
		return nil, err
	}
	return unpack(rel, src.schema), nil
}

// source is local data as a stream of Arrow record batches.
type source struct {
	schema *arrow.Schema
	// rows is the number of rows when known in advance (estimated for a
	// packed source, see pack), else -1.
	rows int
	// produce calls emit with each record batch in order; emit does not
	// keep the batch.
	produce func(emit func(arrow.RecordBatch) error) error
}

// batchRows is the number of rows of the record batches built from Go data.
const batchRows = 16384

var (
	timeType     = reflect.TypeFor[time.Time]()
	dateType     = reflect.TypeFor[Date]()
	decimalType  = reflect.TypeFor[Decimal]()
	durationType = reflect.TypeFor[time.Duration]()
	anyType      = reflect.TypeFor[any]()
	bigRatType   = reflect.TypeFor[big.Rat]()
	bigIntType   = reflect.TypeFor[big.Int]()
	valuerType   = reflect.TypeFor[driver.Valuer]()
)

func (s *Session) sourceOf(ctx context.Context, op string, data any, opts CopyOptions) (*source, error) {
	switch d := data.(type) {
	case nil:
		return nil, fmt.Errorf("frame: %s: data is nil", op)
	case *source:
		return d, nil
	case arrow.RecordBatch:
		return arrowSource(op, d.Schema(), []arrow.RecordBatch{d})
	case []arrow.RecordBatch:
		if len(d) == 0 {
			return nil, fmt.Errorf("frame: %s: no record batches (an empty []arrow.RecordBatch has no schema)", op)
		}
		return arrowSource(op, d[0].Schema(), d)
	case arrow.Table:
		return tableSource(op, d)
	}
	rv := reflect.ValueOf(data)
	if rv.Kind() == reflect.Pointer && !rv.IsNil() && rv.Elem().Kind() == reflect.Slice {
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
		return nil, fmt.Errorf("frame: %s: cannot copy a %T; want a slice of structs, []map[string]any or [][]any with a Schema, an arrow.RecordBatch or an arrow.Table", op, data)
	}
	et := rv.Type().Elem()
	base := et
	for base.Kind() == reflect.Pointer {
		base = base.Elem()
	}
	var schema *arrow.Schema
	if strings.TrimSpace(opts.Schema) != "" {
		var err error
		if schema, err = s.parseSchema(ctx, op, opts.Schema); err != nil {
			return nil, err
		}
	}
	switch {
	case base.Kind() == reflect.Struct && !isSpecial(base) && !isValuer(base):
		return structSource(op, rv, base, schema)
	case base.Kind() == reflect.Map && base.Key().Kind() == reflect.String,
		base.Kind() == reflect.Slice || base.Kind() == reflect.Array || base.Kind() == reflect.Interface:
		if schema == nil {
			return nil, fmt.Errorf("frame: %s: a %s needs CopyOptions.Schema to give the columns and their types, such as \"id BIGINT, name STRING\"", op, rv.Type())
		}
		return rowSource(op, rv, schema)
	}
	return nil, fmt.Errorf("frame: %s: cannot copy a slice of %s; want a slice of structs, []map[string]any or [][]any with a Schema", op, et)
}

// parseSchema parses a DDL schema on the server and returns it as Arrow.
func (s *Session) parseSchema(ctx context.Context, op, ddl string) (*arrow.Schema, error) {
	dt, err := s.conn.ParseDDL(ctx, ddl)
	if err != nil {
		return nil, fmt.Errorf("frame: %s: Schema %q: %w", op, ddl, err)
	}
	st := dt.GetStruct()
	if st == nil {
		return nil, fmt.Errorf("frame: %s: Schema %q must list columns, such as \"id BIGINT, name STRING\"", op, ddl)
	}
	fields := make([]arrow.Field, 0, len(st.GetFields()))
	for _, f := range st.GetFields() {
		t, err := arrowOfSpark(f.GetDataType(), fmt.Sprintf("column %q", f.GetName()))
		if err != nil {
			return nil, fmt.Errorf("frame: %s: Schema: %w", op, err)
		}
		fields = append(fields, arrow.Field{Name: f.GetName(), Type: t, Nullable: f.GetNullable()})
	}
	if err := checkDuplicates(op, fields); err != nil {
		return nil, err
	}
	return arrow.NewSchema(fields, nil), nil
}

func checkDuplicates(op string, fields []arrow.Field) error {
	seen := make(map[string]bool, len(fields))
	for _, f := range fields {
		if seen[f.Name] {
			return fmt.Errorf("frame: %s: two columns are named %q", op, f.Name)
		}
		seen[f.Name] = true
	}
	return nil
}

// arrowOfSpark converts a Spark type to the Arrow type Spark reads it from.
func arrowOfSpark(dt *pb.DataType, what string) (arrow.DataType, error) {
	switch k := dt.GetKind().(type) {
	case *pb.DataType_Null:
		return arrow.Null, nil
	case *pb.DataType_Boolean_:
		return arrow.FixedWidthTypes.Boolean, nil
	case *pb.DataType_Byte_:
		return arrow.PrimitiveTypes.Int8, nil
	case *pb.DataType_Short_:
		return arrow.PrimitiveTypes.Int16, nil
	case *pb.DataType_Integer_:
		return arrow.PrimitiveTypes.Int32, nil
	case *pb.DataType_Long_:
		return arrow.PrimitiveTypes.Int64, nil
	case *pb.DataType_Float_:
		return arrow.PrimitiveTypes.Float32, nil
	case *pb.DataType_Double_:
		return arrow.PrimitiveTypes.Float64, nil
	case *pb.DataType_String_, *pb.DataType_Char_, *pb.DataType_VarChar_:
		return arrow.BinaryTypes.String, nil
	case *pb.DataType_Binary_:
		return arrow.BinaryTypes.Binary, nil
	case *pb.DataType_Decimal_:
		p, sc := int32(10), int32(0)
		if k.Decimal.Precision != nil {
			p = k.Decimal.GetPrecision()
		}
		if k.Decimal.Scale != nil {
			sc = k.Decimal.GetScale()
		}
		return &arrow.Decimal128Type{Precision: p, Scale: sc}, nil
	case *pb.DataType_Date_:
		return arrow.FixedWidthTypes.Date32, nil
	case *pb.DataType_Timestamp_:
		return &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}, nil
	case *pb.DataType_TimestampNtz:
		return &arrow.TimestampType{Unit: arrow.Microsecond}, nil
	case *pb.DataType_DayTimeInterval_:
		return &arrow.DurationType{Unit: arrow.Microsecond}, nil
	case *pb.DataType_YearMonthInterval_:
		return arrow.FixedWidthTypes.MonthInterval, nil
	case *pb.DataType_Array_:
		et, err := arrowOfSpark(k.Array.GetElementType(), what+" element")
		if err != nil {
			return nil, err
		}
		return arrow.ListOfField(arrow.Field{Name: "element", Type: et, Nullable: k.Array.GetContainsNull()}), nil
	case *pb.DataType_Map_:
		kt, err := arrowOfSpark(k.Map.GetKeyType(), what+" key")
		if err != nil {
			return nil, err
		}
		vt, err := arrowOfSpark(k.Map.GetValueType(), what+" value")
		if err != nil {
			return nil, err
		}
		return arrow.MapOfFields(arrow.Field{Name: "key", Type: kt}, arrow.Field{Name: "value", Type: vt, Nullable: k.Map.GetValueContainsNull()}), nil
	case *pb.DataType_Struct_:
		fs := make([]arrow.Field, 0, len(k.Struct.GetFields()))
		for _, f := range k.Struct.GetFields() {
			t, err := arrowOfSpark(f.GetDataType(), what+"."+f.GetName())
			if err != nil {
				return nil, err
			}
			fs = append(fs, arrow.Field{Name: f.GetName(), Type: t, Nullable: f.GetNullable()})
		}
		return arrow.StructOf(fs...), nil
	}
	return nil, fmt.Errorf("%s: Spark type %s cannot be copied from Go", what, strings.TrimPrefix(fmt.Sprintf("%T", dt.GetKind()), "*proto.DataType_"))
}

// sparkTypeName names an Arrow type as the Spark type it becomes.
func sparkTypeName(dt arrow.DataType) string {
	switch t := dt.(type) {
	case *arrow.NullType:
		return "void"
	case *arrow.BooleanType:
		return "boolean"
	case *arrow.Int8Type:
		return "tinyint"
	case *arrow.Int16Type:
		return "smallint"
	case *arrow.Int32Type:
		return "int"
	case *arrow.Int64Type:
		return "bigint"
	case *arrow.Float32Type:
		return "float"
	case *arrow.Float64Type:
		return "double"
	case *arrow.StringType, *arrow.LargeStringType:
		return "string"
	case *arrow.BinaryType, *arrow.LargeBinaryType:
		return "binary"
	case *arrow.Decimal128Type:
		return fmt.Sprintf("decimal(%d,%d)", t.Precision, t.Scale)
	case *arrow.Date32Type:
		return "date"
	case *arrow.TimestampType:
		if t.TimeZone == "" {
			return "timestamp_ntz"
		}
		return "timestamp"
	case *arrow.DurationType:
		return "interval day to second"
	case *arrow.MonthIntervalType:
		return "interval year to month"
	case *arrow.ListType:
		return "array<" + sparkTypeName(t.Elem()) + ">"
	case *arrow.MapType:
		return "map<" + sparkTypeName(t.KeyType()) + "," + sparkTypeName(t.ItemType()) + ">"
	case *arrow.StructType:
		parts := make([]string, t.NumFields())
		for i, f := range t.Fields() {
			parts[i] = f.Name + ":" + sparkTypeName(f.Type)
		}
		return "struct<" + strings.Join(parts, ",") + ">"
	}
	return "Arrow " + dt.String()
}

// checkArrowType reports Arrow types Spark cannot read.
func checkArrowType(dt arrow.DataType, what string) error {
	switch t := dt.(type) {
	case *arrow.NullType, *arrow.BooleanType, *arrow.Int8Type, *arrow.Int16Type, *arrow.Int32Type, *arrow.Int64Type,
		*arrow.Float32Type, *arrow.Float64Type, *arrow.StringType, *arrow.LargeStringType, *arrow.BinaryType,
		*arrow.LargeBinaryType, *arrow.Date32Type, *arrow.MonthIntervalType:
		return nil
	case *arrow.Decimal128Type:
		if t.Precision > 38 || t.Scale < 0 || t.Scale > t.Precision {
			return fmt.Errorf("%s is Arrow %s; Spark decimals have a precision of at most 38 and a scale between 0 and the precision", what, dt)
		}
		return nil
	case *arrow.TimestampType:
		if t.Unit != arrow.Microsecond {
			return fmt.Errorf("%s is Arrow %s; Spark reads timestamps in microseconds only: convert the column to timestamp[us]", what, dt)
		}
		return nil
	case *arrow.DurationType:
		if t.Unit != arrow.Microsecond {
			return fmt.Errorf("%s is Arrow %s; Spark reads durations in microseconds only: convert the column to duration[us]", what, dt)
		}
		return nil
	case *arrow.MapType:
		if err := checkArrowType(t.KeyType(), what+" key"); err != nil {
			return err
		}
		return checkArrowType(t.ItemType(), what+" value")
	case *arrow.ListType:
		return checkArrowType(t.Elem(), what+" element")
	case *arrow.StructType:
		for _, f := range t.Fields() {
			if err := checkArrowType(f.Type, what+"."+f.Name); err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("%s is Arrow %s, which Spark cannot read: convert it (unsigned integers to wider signed ones, other types to strings)", what, dt)
}

func checkArrowSchema(op string, schema *arrow.Schema) error {
	for _, f := range schema.Fields() {
		if err := checkArrowType(f.Type, fmt.Sprintf("column %q", f.Name)); err != nil {
			return fmt.Errorf("frame: %s: %w", op, err)
		}
	}
	return checkDuplicates(op, schema.Fields())
}

func arrowSource(op string, schema *arrow.Schema, recs []arrow.RecordBatch) (*source, error) {
	if err := checkArrowSchema(op, schema); err != nil {
		return nil, err
	}
	for i, r := range recs {
		if !r.Schema().Equal(schema) {
			return nil, fmt.Errorf("frame: %s: record batch %d has schema %s, unlike batch 0 (%s)", op, i, r.Schema(), schema)
		}
	}
	rows := 0
	for _, r := range recs {
		rows += int(r.NumRows())
	}
	return &source{schema: schema, rows: rows, produce: func(emit func(arrow.RecordBatch) error) error {
		for _, r := range recs {
			if err := emitSliced(r, emit); err != nil {
				return err
			}
		}
		return nil
	}}, nil
}

func tableSource(op string, t arrow.Table) (*source, error) {
	if err := checkArrowSchema(op, t.Schema()); err != nil {
		return nil, err
	}
	return &source{schema: t.Schema(), rows: int(t.NumRows()), produce: func(emit func(arrow.RecordBatch) error) error {
		tr := array.NewTableReader(t, batchRows)
		defer tr.Release()
		for tr.Next() {
			if err := emit(tr.RecordBatch()); err != nil {
				return err
			}
		}
		return tr.Err()
	}}, nil
}

// emitSliced emits a record batch in slices of at most batchRows rows, so
// that chunks stay near their size limit.
func emitSliced(r arrow.RecordBatch, emit func(arrow.RecordBatch) error) error {
	n := r.NumRows()
	if n <= batchRows {
		return emit(r)
	}
	for off := int64(0); off < n; off += batchRows {
		sl := r.NewSlice(off, min(off+batchRows, n))
		err := emit(sl)
		sl.Release()
		if err != nil {
			return err
		}
	}
	return nil
}

// ---------------------------------------------------------------------------
// Go structs

// goField is a column taken from a struct field.
type goField struct {
	name  string // the column name
	path  string // the Go field path, for messages
	index []int
	opt   string // the type option of the tag: "date", "decimal(p,s)"...
	typ   reflect.Type
}

func (f goField) what() string { return "field " + f.path }

// structFields lists the columns of a struct type.
func structFields(t reflect.Type) ([]goField, error) {
	var out []goField
	if err := collectFields(t, nil, "", &out); err != nil {
		return nil, err
	}
	seen := make(map[string]string, len(out))
	for _, f := range out {
		if other, ok := seen[f.name]; ok {
			return nil, fmt.Errorf("fields %s and %s are both named %q", other, f.path, f.name)
		}
		seen[f.name] = f.path
	}
	return out, nil
}

func collectFields(t reflect.Type, index []int, prefix string, out *[]goField) error {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("spark")
		if tag == "-" {
			continue
		}
		name, opt, _ := strings.Cut(tag, ",")
		idx := append(append([]int(nil), index...), i)
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Struct && !isSpecial(ft) && !isValuer(ft) {
				if err := collectFields(ft, idx, prefix+f.Name+".", out); err != nil {
					return err
				}
				continue
			}
			if ft.Kind() == reflect.Pointer && ft.Elem().Kind() == reflect.Struct && f.IsExported() {
				return fmt.Errorf("field %s%s: an embedded pointer needs a `spark:\"name\"` tag (it becomes a struct column) or `spark:\"-\"`", prefix, f.Name)
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		*out = append(*out, goField{name: name, path: prefix + f.Name, index: idx, opt: strings.TrimSpace(opt), typ: f.Type})
	}
	return nil
}

// isSpecial reports struct types that are values, not records.
func isSpecial(t reflect.Type) bool {
	return t == timeType || t == dateType || t == decimalType || t == bigRatType || t == bigIntType
}

// isValuer reports sql.Null*-like types: structs implementing driver.Valuer.
func isValuer(t reflect.Type) bool {
	return t.Kind() == reflect.Struct && !isSpecial(t) && t.Implements(valuerType)
}

// valuerInner returns the type of the value of a sql.Null*-like struct: its
// field other than Valid.
func valuerInner(t reflect.Type) (reflect.Type, bool) {
	if t.NumField() != 2 {
		return nil, false
	}
	var inner reflect.Type
	valid := false
	for i := 0; i < 2; i++ {
		f := t.Field(i)
		if f.Name == "Valid" && f.Type.Kind() == reflect.Bool {
			valid = true
		} else {
			inner = f.Type
		}
	}
	return inner, valid && inner != nil
}

// inferrer infers Spark types from Go types.
type inferrer struct {
	dec    map[string]*decStat // decimal columns, by value path
	active map[reflect.Type]bool
}

// typeOf infers the Arrow type of values of type t at the value path key.
func (in *inferrer) typeOf(t reflect.Type, opt, key, what string) (arrow.DataType, bool, error) {
	if t.Kind() == reflect.Pointer {
		dt, _, err := in.typeOf(t.Elem(), opt, key, what)
		return dt, true, err
	}
	if isValuer(t) {
		inner, ok := valuerInner(t)
		if !ok {
			return nil, false, fmt.Errorf("%s (%s): a driver.Valuer other than a sql.Null type needs CopyOptions.Schema", what, t)
		}
		dt, _, err := in.typeOf(inner, opt, key, what)
		return dt, true, err
	}
	if opt != "" {
		dt, err := typeOption(t, opt, what)
		if dt != nil || err != nil {
			return dt, false, err
		}
	}
	switch t {
	case timeType:
		return &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}, false, nil
	case dateType:
		return arrow.FixedWidthTypes.Date32, false, nil
	case durationType:
		return &arrow.DurationType{Unit: arrow.Microsecond}, false, nil
	case decimalType:
		p, s, err := in.dec[key].decimalType()
		if err != nil {
			return nil, false, fmt.Errorf("%s: %w", what, err)
		}
		return &arrow.Decimal128Type{Precision: p, Scale: s}, false, nil
	case bigRatType, bigIntType:
		return nil, false, fmt.Errorf("%s (%s): give it a decimal type with a tag such as `spark:\"name,decimal(38,18)\"` or with CopyOptions.Schema", what, t)
	}
	switch t.Kind() {
	case reflect.Bool:
		return arrow.FixedWidthTypes.Boolean, false, nil
	case reflect.Int8:
		return arrow.PrimitiveTypes.Int8, false, nil
	case reflect.Int16, reflect.Uint8:
		return arrow.PrimitiveTypes.Int16, false, nil
	case reflect.Int32, reflect.Uint16:
		return arrow.PrimitiveTypes.Int32, false, nil
	case reflect.Int, reflect.Int64, reflect.Uint32, reflect.Uint, reflect.Uint64:
		return arrow.PrimitiveTypes.Int64, false, nil
	case reflect.Float32:
		return arrow.PrimitiveTypes.Float32, false, nil
	case reflect.Float64:
		return arrow.PrimitiveTypes.Float64, false, nil
	case reflect.String:
		return arrow.BinaryTypes.String, false, nil
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return arrow.BinaryTypes.Binary, t.Kind() == reflect.Slice, nil
		}
		et, enull, err := in.typeOf(t.Elem(), opt, key+"[]", what+"[]")
		if err != nil {
			return nil, false, err
		}
		return arrow.ListOfField(arrow.Field{Name: "element", Type: et, Nullable: enull}), t.Kind() == reflect.Slice, nil
	case reflect.Map:
		kt, knull, err := in.typeOf(t.Key(), "", key+"{k}", what+" key")
		if err != nil {
			return nil, false, err
		}
		if knull {
			return nil, false, fmt.Errorf("%s (%s): Spark map keys cannot be NULL: use a non-pointer key type", what, t)
		}
		vt, vnull, err := in.typeOf(t.Elem(), opt, key+"{v}", what+" value")
		if err != nil {
			return nil, false, err
		}
		return arrow.MapOfFields(arrow.Field{Name: "key", Type: kt}, arrow.Field{Name: "value", Type: vt, Nullable: vnull}), true, nil
	case reflect.Struct:
		if in.active[t] {
			return nil, false, fmt.Errorf("%s (%s): recursive types cannot be copied", what, t)
		}
		in.active[t] = true
		defer delete(in.active, t)
		gfs, err := structFields(t)
		if err != nil {
			return nil, false, fmt.Errorf("%s: %w", what, err)
		}
		fs := make([]arrow.Field, len(gfs))
		for i, gf := range gfs {
			dt, null, err := in.typeOf(gf.typ, gf.opt, key+"."+gf.path, what+"."+gf.path)
			if err != nil {
				return nil, false, err
			}
			fs[i] = arrow.Field{Name: gf.name, Type: dt, Nullable: null}
		}
		return arrow.StructOf(fs...), false, nil
	case reflect.Interface:
		return nil, false, fmt.Errorf("%s (%s): an interface field needs CopyOptions.Schema to give its Spark type", what, t)
	}
	return nil, false, fmt.Errorf("%s (%s): Spark has no type for a Go %s", what, t, t.Kind())
}

// typeOption reads the type option of a field tag; it returns nil, nil
// when the option does not apply to t (a slice passes it to its elements).
func typeOption(t reflect.Type, opt, what string) (arrow.DataType, error) {
	switch t.Kind() {
	case reflect.Slice, reflect.Array, reflect.Map:
		if t.Elem().Kind() != reflect.Uint8 {
			return nil, nil
		}
	}
	lo := strings.ToLower(strings.ReplaceAll(opt, " ", ""))
	switch {
	case lo == "date":
		if t == timeType || t == dateType || t.Kind() == reflect.String {
			return arrow.FixedWidthTypes.Date32, nil
		}
	case lo == "timestamp_ntz":
		if t == timeType || t.Kind() == reflect.String {
			return &arrow.TimestampType{Unit: arrow.Microsecond}, nil
		}
	case lo == "timestamp":
		if t == timeType || t.Kind() == reflect.String {
			return &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}, nil
		}
	case strings.HasPrefix(lo, "decimal(") && strings.HasSuffix(lo, ")"):
		ps := strings.Split(lo[len("decimal("):len(lo)-1], ",")
		if len(ps) == 2 {
			p, err1 := strconv.Atoi(ps[0])
			s, err2 := strconv.Atoi(ps[1])
			if err1 == nil && err2 == nil && p >= 1 && p <= 38 && s >= 0 && s <= p {
				return &arrow.Decimal128Type{Precision: int32(p), Scale: int32(s)}, nil
			}
		}
		return nil, fmt.Errorf("%s: tag type %q is not decimal(p,s) with 1 ≤ p ≤ 38 and 0 ≤ s ≤ p", what, opt)
	default:
		return nil, fmt.Errorf("%s: unknown tag type %q; use date, timestamp, timestamp_ntz or decimal(p,s)", what, opt)
	}
	return nil, fmt.Errorf("%s: tag type %q does not apply to a Go %s", what, opt, t)
}

// decStat gathers the widths of the decimals of one column.
type decStat struct {
	scale, intDigits int32
	seen             bool
}

func (d *decStat) add(x Decimal) {
	d.seen = true
	sc := max(x.Scale, 0)
	digits := int32(1)
	if x.Unscaled != nil && x.Unscaled.Sign() != 0 {
		digits = int32(len(new(big.Int).Abs(x.Unscaled).String()))
	}
	intDigits := digits - x.Scale
	if x.Precision > 0 {
		intDigits = max(intDigits, x.Precision-x.Scale)
	}
	d.scale = max(d.scale, sc)
	d.intDigits = max(d.intDigits, intDigits)
}

// decimalType returns the narrowest decimal type holding every value seen;
// decimal(38,18) when there were none.
func (d *decStat) decimalType() (int32, int32, error) {
	if d == nil || !d.seen {
		return 38, 18, nil
	}
	p := max(d.intDigits, 0) + d.scale
	if p > 38 {
		return 0, 0, fmt.Errorf("the decimals need decimal(%d,%d), wider than Spark's 38 digits", p, d.scale)
	}
	return max(p, 1), d.scale, nil
}

// containsDecimal reports whether values of t may hold Decimals.
func containsDecimal(t reflect.Type, active map[reflect.Type]bool) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return containsDecimal(t.Elem(), active)
	case reflect.Map:
		return containsDecimal(t.Key(), active) || containsDecimal(t.Elem(), active)
	case reflect.Struct:
		if t == decimalType {
			return true
		}
		if isSpecial(t) || active[t] {
			return false
		}
		active[t] = true
		defer delete(active, t)
		if isValuer(t) {
			inner, ok := valuerInner(t)
			return ok && containsDecimal(inner, active)
		}
		for i := 0; i < t.NumField(); i++ {
			if containsDecimal(t.Field(i).Type, active) {
				return true
			}
		}
	}
	return false
}

// scanDecimals records the Decimals of v (of value path key) in in.dec.
func (in *inferrer) scanDecimals(v reflect.Value, key string) {
	t := v.Type()
	switch t.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			in.scanDecimals(v.Elem(), key)
		}
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return
		}
		for i := 0; i < v.Len(); i++ {
			in.scanDecimals(v.Index(i), key+"[]")
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			in.scanDecimals(it.Key(), key+"{k}")
			in.scanDecimals(it.Value(), key+"{v}")
		}
	case reflect.Struct:
		if t == decimalType {
			st := in.dec[key]
			if st == nil {
				st = &decStat{}
				in.dec[key] = st
			}
			st.add(v.Interface().(Decimal))
			return
		}
		if isSpecial(t) {
			return
		}
		if isValuer(t) {
			inner, ok := valuerInner(t)
			if ok && containsDecimal(inner, map[reflect.Type]bool{}) {
				for i := 0; i < 2; i++ {
					if t.Field(i).Name != "Valid" {
						in.scanDecimals(v.Field(i), key)
					}
				}
			}
			return
		}
		gfs, err := structFields(t)
		if err != nil {
			return
		}
		for _, gf := range gfs {
			if fv, err := v.FieldByIndexErr(gf.index); err == nil && containsDecimal(gf.typ, map[reflect.Type]bool{}) {
				in.scanDecimals(fv, key+"."+gf.path)
			}
		}
	}
}

func structSource(op string, rv reflect.Value, t reflect.Type, schema *arrow.Schema) (*source, error) {
	gfs, err := structFields(t)
	if err != nil {
		return nil, fmt.Errorf("frame: %s: %s: %w", op, t, err)
	}
	if len(gfs) == 0 {
		return nil, fmt.Errorf("frame: %s: %s has no exported fields to copy", op, t)
	}
	var fields []arrow.Field
	var cols []goField
	if schema != nil {
		fields = schema.Fields()
		cols, err = matchFields(t, gfs, fields)
		if err != nil {
			return nil, fmt.Errorf("frame: %s: %w", op, err)
		}
	} else {
		in := &inferrer{dec: map[string]*decStat{}, active: map[reflect.Type]bool{t: true}}
		if containsDecimal(t, map[reflect.Type]bool{}) {
			for i := 0; i < rv.Len(); i++ {
				row := rv.Index(i)
				for row.Kind() == reflect.Pointer && !row.IsNil() {
					row = row.Elem()
				}
				if row.Kind() == reflect.Struct {
					in.scanDecimals(row, "")
				}
			}
		}
		cols = gfs
		for _, gf := range gfs {
			dt, null, err := in.typeOf(gf.typ, gf.opt, "."+gf.path, gf.what())
			if err != nil {
				return nil, fmt.Errorf("frame: %s: %w", op, err)
			}
			fields = append(fields, arrow.Field{Name: gf.name, Type: dt, Nullable: null})
		}
		schema = arrow.NewSchema(fields, nil)
	}
	// Compile once to reject bad types before anything is sent.
	probe := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	_, err = compileStruct(t, cols, fields, probe.Fields())
	probe.Release()
	if err != nil {
		return nil, fmt.Errorf("frame: %s: %w", op, err)
	}
	return &source{schema: schema, rows: rv.Len(), produce: func(emit func(arrow.RecordBatch) error) error {
		return buildRows(op, rv, schema, func(rb *array.RecordBuilder) (appender, error) {
			return compileStruct(t, cols, fields, rb.Fields())
		}, emit)
	}}, nil
}

// matchFields orders struct fields like the schema's columns: by name,
// else case-insensitively.
func matchFields(t reflect.Type, gfs []goField, fields []arrow.Field) ([]goField, error) {
	out := make([]goField, len(fields))
	used := make([]bool, len(gfs))
	for i, f := range fields {
		j := findField(gfs, f.Name)
		if j < 0 {
			return nil, fmt.Errorf("column %q of the schema has no field in %s", f.Name, t)
		}
		if used[j] {
			return nil, fmt.Errorf("field %s of %s matches two columns of the schema", gfs[j].path, t)
		}
		used[j] = true
		out[i] = gfs[j]
	}
	for j, u := range used {
		if !u {
			return nil, fmt.Errorf("field %s (column %q) of %s is not in the schema; add it or tag it `spark:\"-\"`", gfs[j].path, gfs[j].name, t)
		}
	}
	return out, nil
}

// findField finds the field of a column name: exact, else the only
// case-insensitive match.
func findField(gfs []goField, name string) int {
	for j, g := range gfs {
		if g.name == name {
			return j
		}
	}
	found := -1
	for j, g := range gfs {
		if strings.EqualFold(g.name, name) {
			if found >= 0 {
				return -1
			}
			found = j
		}
	}
	return found
}

// buildRows emits the rows of rv as record batches of batchRows rows,
// built by appenders from compile. Large slices are built by several
// goroutines, one batch each at a time; batches are emitted in order.
func buildRows(op string, rv reflect.Value, schema *arrow.Schema, compile func(*array.RecordBuilder) (appender, error), emit func(arrow.RecordBatch) error) error {
	alloc := &recycler{}
	n := rv.Len()
	batches := max(1, (n+batchRows-1)/batchRows)
	workers := min(runtime.GOMAXPROCS(0), maxBuildWorkers, batches)
	if workers <= 1 {
		rb := array.NewRecordBuilder(alloc, schema)
		defer rb.Release()
		app, err := compile(rb)
		if err != nil {
			return err
		}
		for b := 0; b < batches; b++ {
			rec, err := buildBatch(op, rv, b*batchRows, min(n, (b+1)*batchRows), rb, app)
			if err != nil {
				return err
			}
			err = emit(rec)
			rec.Release()
			if err != nil {
				return err
			}
		}
		return nil
	}
	type built struct {
		rec arrow.RecordBatch
		err error
	}
	outs := make([]chan built, workers)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range outs {
		outs[w] = make(chan built, 1)
		wg.Go(func() {
			rb := array.NewRecordBuilder(alloc, schema)
			defer rb.Release()
			app, err := compile(rb)
			for b := w; b < batches; b += workers {
				var rec arrow.RecordBatch
				if err == nil {
					rec, err = buildBatch(op, rv, b*batchRows, min(n, (b+1)*batchRows), rb, app)
				}
				select {
				case outs[w] <- built{rec, err}:
				case <-stop:
					if rec != nil {
						rec.Release()
					}
					return
				}
				if err != nil {
					return
				}
			}
		})
	}
	defer wg.Wait()
	defer close(stop)
	for b := 0; b < batches; b++ {
		r := <-outs[b%workers]
		if r.err != nil {
			return r.err
		}
		err := emit(r.rec)
		r.rec.Release()
		if err != nil {
			return err
		}
	}
	return nil
}

// maxBuildWorkers bounds the goroutines building record batches.
const maxBuildWorkers = 4

// buildBatch appends rows lo to hi of rv and returns them as a record batch.
func buildBatch(op string, rv reflect.Value, lo, hi int, rb *array.RecordBuilder, app appender) (arrow.RecordBatch, error) {
	rb.Reserve(hi - lo)
	for i := lo; i < hi; i++ {
		row := rv.Index(i)
		for row.Kind() == reflect.Pointer || row.Kind() == reflect.Interface {
			if row.IsNil() {
				return nil, fmt.Errorf("frame: %s: row %d is nil", op, i)
			}
			row = row.Elem()
		}
		if err := app(row); err != nil {
			return nil, fmt.Errorf("frame: %s: row %d: %w", op, i, err)
		}
	}
	return rb.NewRecordBatch(), nil
}

func rowSource(op string, rv reflect.Value, schema *arrow.Schema) (*source, error) {
	t := rv.Type().Elem()
	fields := schema.Fields()
	probe := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	_, err := compileRow(t, fields, probe.Fields(), "")
	probe.Release()
	if err != nil {
		return nil, fmt.Errorf("frame: %s: %w", op, err)
	}
	return &source{schema: schema, rows: rv.Len(), produce: func(emit func(arrow.RecordBatch) error) error {
		return buildRows(op, rv, schema, func(rb *array.RecordBuilder) (appender, error) {
			return compileRow(t, fields, rb.Fields(), "")
		}, emit)
	}}, nil
}

// ---------------------------------------------------------------------------
// Go values to Arrow

// appender appends one Go value to an Arrow builder.
type appender func(v reflect.Value) error

// compile returns an appender of Go values of type t to b, a builder of
// Arrow type dt; what names the place for messages.
func compile(t reflect.Type, dt arrow.DataType, nullable bool, b array.Builder, what string) (appender, error) {
	null := func() error {
		if !nullable {
			return fmt.Errorf("%s is nil, but the column is NOT NULL", what)
		}
		b.AppendNull()
		return nil
	}
	switch {
	case t.Kind() == reflect.Pointer:
		inner, err := compile(t.Elem(), dt, nullable, b, what)
		if err != nil {
			return nil, err
		}
		return func(v reflect.Value) error {
			if v.IsNil() {
				return null()
			}
			return inner(v.Elem())
		}, nil
	case t.Kind() == reflect.Interface:
		var mu sync.Mutex
		cache := map[reflect.Type]appender{}
		return func(v reflect.Value) error {
			if v.IsNil() {
				return null()
			}
			e := v.Elem()
			mu.Lock()
			app, ok := cache[e.Type()]
			mu.Unlock()
			if !ok {
				var err error
				if app, err = compile(e.Type(), dt, nullable, b, what); err != nil {
					return err
				}
				mu.Lock()
				cache[e.Type()] = app
				mu.Unlock()
			}
			return app(e)
		}, nil
	case isValuer(t) && !isStructBuilder(b):
		if inner, ok := valuerInner(t); ok {
			// A sql.Null type: its Valid field and its value.
			vi, xi := 0, 1
			if t.Field(1).Name == "Valid" {
				vi, xi = 1, 0
			}
			app, err := compile(inner, dt, nullable, b, what)
			if err != nil {
				return nil, err
			}
			return func(v reflect.Value) error {
				if !v.Field(vi).Bool() {
					return null()
				}
				return app(v.Field(xi))
			}, nil
		}
		dyn, _ := compile(anyType, dt, nullable, b, what)
		return func(v reflect.Value) error {
			val, err := v.Interface().(driver.Valuer).Value()
			if err != nil {
				return fmt.Errorf("%s: %w", what, err)
			}
			return dyn(reflect.ValueOf(&val).Elem())
		}, nil
	}
	mismatch := func() (appender, error) {
		return nil, fmt.Errorf("%s: a Go %s cannot be stored in a %s column", what, t, sparkTypeName(dt))
	}
	switch bb := b.(type) {
	case *array.NullBuilder:
		return func(reflect.Value) error { bb.AppendNull(); return nil }, nil
	case *array.BooleanBuilder:
		if t.Kind() == reflect.Bool {
			return func(v reflect.Value) error { bb.Append(v.Bool()); return nil }, nil
		}
	case *array.Int8Builder:
		return intAppender(t, dt, math.MinInt8, math.MaxInt8, what, func(x int64) { bb.Append(int8(x)) })
	case *array.Int16Builder:
		return intAppender(t, dt, math.MinInt16, math.MaxInt16, what, func(x int64) { bb.Append(int16(x)) })
	case *array.Int32Builder:
		return intAppender(t, dt, math.MinInt32, math.MaxInt32, what, func(x int64) { bb.Append(int32(x)) })
	case *array.Int64Builder:
		if t.Kind() == reflect.Int64 && t != durationType {
			return func(v reflect.Value) error { bb.Append(v.Int()); return nil }, nil
		}
		return intAppender(t, dt, math.MinInt64, math.MaxInt64, what, func(x int64) { bb.Append(x) })
	case *array.Float32Builder:
		return floatAppender(t, dt, what, func(f float64) { bb.Append(float32(f)) })
	case *array.Float64Builder:
		if t.Kind() == reflect.Float64 {
			return func(v reflect.Value) error { bb.Append(v.Float()); return nil }, nil
		}
		return floatAppender(t, dt, what, bb.Append)
	case *array.StringBuilder:
		if t.Kind() == reflect.String {
			return func(v reflect.Value) error { bb.Append(v.String()); return nil }, nil
		}
	case *array.LargeStringBuilder:
		if t.Kind() == reflect.String {
			return func(v reflect.Value) error { bb.Append(v.String()); return nil }, nil
		}
	case *array.BinaryBuilder:
		switch {
		case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
			return func(v reflect.Value) error {
				if v.IsNil() {
					return null()
				}
				bb.Append(v.Bytes())
				return nil
			}, nil
		case t.Kind() == reflect.Array && t.Elem().Kind() == reflect.Uint8:
			return func(v reflect.Value) error {
				buf := make([]byte, v.Len())
				reflect.Copy(reflect.ValueOf(buf), v)
				bb.Append(buf)
				return nil
			}, nil
		case t.Kind() == reflect.String:
			return func(v reflect.Value) error { bb.AppendString(v.String()); return nil }, nil
		}
	case *array.Decimal128Builder:
		return decimalAppender(t, dt.(*arrow.Decimal128Type), bb, what)
	case *array.Date32Builder:
		return dateAppender(t, bb, what)
	case *array.TimestampBuilder:
		return timestampAppender(t, dt.(*arrow.TimestampType), bb, what)
	case *array.DurationBuilder:
		if t == durationType {
			return func(v reflect.Value) error {
				bb.Append(arrow.Duration(time.Duration(v.Int()) / time.Microsecond))
				return nil
			}, nil
		}
	case *array.MonthIntervalBuilder:
		return intAppender(t, dt, math.MinInt32, math.MaxInt32, what, func(x int64) { bb.Append(arrow.MonthInterval(x)) })
	case *array.MapBuilder:
		if t.Kind() != reflect.Map {
			break
		}
		mt := dt.(*arrow.MapType)
		kf, itf := mt.KeyField(), mt.ItemField()
		kapp, err := compile(t.Key(), kf.Type, false, bb.KeyBuilder(), what+" key")
		if err != nil {
			return nil, err
		}
		vapp, err := compile(t.Elem(), itf.Type, itf.Nullable, bb.ItemBuilder(), what+" value")
		if err != nil {
			return nil, err
		}
		return func(v reflect.Value) error {
			if v.IsNil() {
				return null()
			}
			bb.Append(true)
			keys := v.MapKeys()
			sortKeys(keys)
			for _, k := range keys {
				if err := kapp(k); err != nil {
					return err
				}
				if err := vapp(v.MapIndex(k)); err != nil {
					return err
				}
			}
			return nil
		}, nil
	case *array.ListBuilder:
		if t.Kind() != reflect.Slice && t.Kind() != reflect.Array {
			break
		}
		ef := dt.(*arrow.ListType).ElemField()
		eapp, err := compile(t.Elem(), ef.Type, ef.Nullable, bb.ValueBuilder(), what+"[]")
		if err != nil {
			return nil, err
		}
		slice := t.Kind() == reflect.Slice
		return func(v reflect.Value) error {
			if slice && v.IsNil() {
				return null()
			}
			bb.Append(true)
			for i, n := 0, v.Len(); i < n; i++ {
				if err := eapp(v.Index(i)); err != nil {
					return err
				}
			}
			return nil
		}, nil
	case *array.StructBuilder:
		st := dt.(*arrow.StructType)
		builders := make([]array.Builder, bb.NumField())
		for i := range builders {
			builders[i] = bb.FieldBuilder(i)
		}
		var app appender
		var err error
		if t.Kind() == reflect.Struct && !isSpecial(t) {
			var gfs, cols []goField
			if gfs, err = structFields(t); err == nil {
				if cols, err = matchFields(t, gfs, st.Fields()); err == nil {
					app, err = compileStructAt(t, cols, st.Fields(), builders, what+".")
				}
			}
			if err != nil {
				return nil, fmt.Errorf("%s: %w", what, err)
			}
		} else if app, err = compileRow(t, st.Fields(), builders, what+"."); err != nil {
			return nil, err
		}
		nilable := t.Kind() == reflect.Map || t.Kind() == reflect.Slice
		return func(v reflect.Value) error {
			if nilable && v.IsNil() {
				return null()
			}
			bb.Append(true)
			return app(v)
		}, nil
	}
	return mismatch()
}

func isStructBuilder(b array.Builder) bool {
	_, ok := b.(*array.StructBuilder)
	return ok
}

// compileStruct returns the appender of a whole struct row.
func compileStruct(t reflect.Type, cols []goField, fields []arrow.Field, builders []array.Builder) (appender, error) {
	return compileStructAt(t, cols, fields, builders, "")
}

func compileStructAt(t reflect.Type, cols []goField, fields []arrow.Field, builders []array.Builder, prefix string) (appender, error) {
	apps := make([]appender, len(cols))
	for i, c := range cols {
		var err error
		if apps[i], err = compile(c.typ, fields[i].Type, fields[i].Nullable, builders[i], "field "+prefix+c.path); err != nil {
			return nil, err
		}
	}
	direct := make([]int, len(cols)) // the field index when not promoted, else -1
	for i, c := range cols {
		direct[i] = -1
		if len(c.index) == 1 {
			direct[i] = c.index[0]
		}
	}
	return func(v reflect.Value) error {
		for i, app := range apps {
			var fv reflect.Value
			if direct[i] >= 0 {
				fv = v.Field(direct[i])
			} else {
				var err error
				if fv, err = v.FieldByIndexErr(cols[i].index); err != nil {
					return fmt.Errorf("field %s%s: %w", prefix, cols[i].path, err)
				}
			}
			if err := app(fv); err != nil {
				return err
			}
		}
		return nil
	}, nil
}

// compileRow returns the appender of a row given as a string-keyed map (by
// column name), a slice or array (by position), or an interface holding
// either.
func compileRow(t reflect.Type, fields []arrow.Field, builders []array.Builder, prefix string) (appender, error) {
	switch t.Kind() {
	case reflect.Interface:
		var mu sync.Mutex
		cache := map[reflect.Type]appender{}
		return func(v reflect.Value) error {
			for v.Kind() == reflect.Interface || v.Kind() == reflect.Pointer {
				if v.IsNil() {
					return fmt.Errorf("%sthe row is nil", prefix)
				}
				v = v.Elem()
			}
			mu.Lock()
			app, ok := cache[v.Type()]
			mu.Unlock()
			if !ok {
				var err error
				if v.Kind() == reflect.Struct && !isSpecial(v.Type()) {
					var gfs, cols []goField
					if gfs, err = structFields(v.Type()); err == nil {
						if cols, err = matchFields(v.Type(), gfs, fields); err == nil {
							app, err = compileStructAt(v.Type(), cols, fields, builders, prefix)
						}
					}
				} else {
					app, err = compileRow(v.Type(), fields, builders, prefix)
				}
				if err != nil {
					return err
				}
				mu.Lock()
				cache[v.Type()] = app
				mu.Unlock()
			}
			return app(v)
		}, nil
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			break
		}
		apps := make([]appender, len(fields))
		keys := make([]reflect.Value, len(fields))
		for i, f := range fields {
			var err error
			if apps[i], err = compile(t.Elem(), f.Type, f.Nullable, builders[i], fmt.Sprintf("column %q", prefix+f.Name)); err != nil {
				return nil, err
			}
			keys[i] = reflect.ValueOf(f.Name).Convert(t.Key())
		}
		return func(v reflect.Value) error {
			if v.IsNil() {
				return fmt.Errorf("%sthe map is nil", prefix)
			}
			found := 0
			for i, app := range apps {
				mv := v.MapIndex(keys[i])
				if !mv.IsValid() {
					if !fields[i].Nullable {
						return fmt.Errorf("column %q is missing, but it is NOT NULL", prefix+fields[i].Name)
					}
					builders[i].AppendNull()
					continue
				}
				found++
				if err := app(mv); err != nil {
					return err
				}
			}
			if found < v.Len() {
				var extra []string
				it := v.MapRange()
				for it.Next() {
					if !hasField(fields, it.Key().String()) {
						extra = append(extra, strconv.Quote(it.Key().String()))
					}
				}
				return fmt.Errorf("%skeys %s are not columns of the schema", prefix, strings.Join(extra, ", "))
			}
			return nil
		}, nil
	case reflect.Slice, reflect.Array:
		apps := make([]appender, len(fields))
		for i, f := range fields {
			var err error
			if apps[i], err = compile(t.Elem(), f.Type, f.Nullable, builders[i], fmt.Sprintf("column %q", prefix+f.Name)); err != nil {
				return nil, err
			}
		}
		return func(v reflect.Value) error {
			if v.Len() != len(apps) {
				return fmt.Errorf("%shas %d values for %d columns", prefix, v.Len(), len(apps))
			}
			for i, app := range apps {
				if err := app(v.Index(i)); err != nil {
					return err
				}
			}
			return nil
		}, nil
	}
	return nil, fmt.Errorf("%sa Go %s cannot be a row: want a struct, a string-keyed map or a slice", prefix, t)
}

func hasField(fields []arrow.Field, name string) bool {
	for _, f := range fields {
		if f.Name == name {
			return true
		}
	}
	return false
}

// sortKeys sorts map keys of basic kinds, so that the same map always
// gives the same bytes (and the same cached artifact).
func sortKeys(keys []reflect.Value) {
	if len(keys) < 2 {
		return
	}
	var less func(a, b reflect.Value) bool
	switch keys[0].Kind() {
	case reflect.String:
		less = func(a, b reflect.Value) bool { return a.String() < b.String() }
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		less = func(a, b reflect.Value) bool { return a.Int() < b.Int() }
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		less = func(a, b reflect.Value) bool { return a.Uint() < b.Uint() }
	case reflect.Float32, reflect.Float64:
		less = func(a, b reflect.Value) bool { return a.Float() < b.Float() }
	case reflect.Bool:
		less = func(a, b reflect.Value) bool { return !a.Bool() && b.Bool() }
	default:
		return
	}
	slices.SortFunc(keys, func(a, b reflect.Value) int {
		switch {
		case less(a, b):
			return -1
		case less(b, a):
			return 1
		}
		return 0
	})
}

func rangeError(what string, v any, dt arrow.DataType) error {
	return fmt.Errorf("%s: value %v does not fit Spark's %s", what, v, strings.ToUpper(sparkTypeName(dt)))
}

func intAppender(t reflect.Type, dt arrow.DataType, lo, hi int64, what string, app func(int64)) (appender, error) {
	if t == durationType {
		return nil, fmt.Errorf("%s: a time.Duration cannot be stored in a %s column (use an interval column)", what, sparkTypeName(dt))
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if int64(1)<<(t.Bits()-1)-1 <= hi {
			return func(v reflect.Value) error { app(v.Int()); return nil }, nil
		}
		return func(v reflect.Value) error {
			x := v.Int()
			if x < lo || x > hi {
				return rangeError(what, x, dt)
			}
			app(x)
			return nil
		}, nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return func(v reflect.Value) error {
			x := v.Uint()
			if x > uint64(hi) {
				return rangeError(what, x, dt)
			}
			app(int64(x))
			return nil
		}, nil
	case reflect.Float32, reflect.Float64:
		return func(v reflect.Value) error {
			f := v.Float()
			if f != math.Trunc(f) || f < float64(lo) || f >= -float64(lo) || math.IsInf(f, 0) {
				return fmt.Errorf("%s: value %v is not a whole number within Spark's %s", what, f, strings.ToUpper(sparkTypeName(dt)))
			}
			x := int64(f)
			if x > hi {
				return rangeError(what, f, dt)
			}
			app(x)
			return nil
		}, nil
	}
	return nil, fmt.Errorf("%s: a Go %s cannot be stored in a %s column", what, t, sparkTypeName(dt))
}

func floatAppender(t reflect.Type, dt arrow.DataType, what string, app func(float64)) (appender, error) {
	switch t.Kind() {
	case reflect.Float32, reflect.Float64:
		return func(v reflect.Value) error { app(v.Float()); return nil }, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if t != durationType {
			return func(v reflect.Value) error { app(float64(v.Int())); return nil }, nil
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return func(v reflect.Value) error { app(float64(v.Uint())); return nil }, nil
	}
	return nil, fmt.Errorf("%s: a Go %s cannot be stored in a %s column", what, t, sparkTypeName(dt))
}

// timeOf returns the time.Time in v without allocating when it can.
func timeOf(v reflect.Value) time.Time {
	if v.CanAddr() {
		return *(*time.Time)(v.Addr().UnsafePointer())
	}
	return v.Interface().(time.Time)
}

func dateAppender(t reflect.Type, b *array.Date32Builder, what string) (appender, error) {
	add := func(d Date) error {
		n, err := d.days()
		if err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		b.Append(arrow.Date32(n))
		return nil
	}
	switch {
	case t == dateType:
		return func(v reflect.Value) error { return add(v.Interface().(Date)) }, nil
	case t == timeType:
		return func(v reflect.Value) error { return add(DateOf(timeOf(v))) }, nil
	case t.Kind() == reflect.String:
		return func(v reflect.Value) error {
			d, err := ParseDate(v.String())
			if err != nil {
				return fmt.Errorf("%s: %w", what, err)
			}
			return add(d)
		}, nil
	}
	return nil, fmt.Errorf("%s: a Go %s cannot be stored in a date column (use frame.Date, time.Time or a YYYY-MM-DD string)", what, t)
}

func timestampAppender(t reflect.Type, dt *arrow.TimestampType, b *array.TimestampBuilder, what string) (appender, error) {
	ntz := dt.TimeZone == ""
	add := func(tm time.Time) error {
		if ntz {
			tm = time.Date(tm.Year(), tm.Month(), tm.Day(), tm.Hour(), tm.Minute(), tm.Second(), tm.Nanosecond(), time.UTC)
		}
		if sec := tm.Unix(); sec < minTimestamp || sec > maxTimestamp {
			return fmt.Errorf("%s: %s is outside Spark's timestamps (years 1 to 9999)", what, tm.Format(time.RFC3339Nano))
		}
		b.Append(arrow.Timestamp(tm.UnixMicro()))
		return nil
	}
	switch {
	case t == timeType:
		return func(v reflect.Value) error { return add(timeOf(v)) }, nil
	case t.Kind() == reflect.String:
		return func(v reflect.Value) error {
			tm, err := parseTimestamp(v.String(), time.UTC, !ntz)
			if err != nil {
				return fmt.Errorf("%s: %w", what, err)
			}
			return add(tm)
		}, nil
	}
	return nil, fmt.Errorf("%s: a Go %s cannot be stored in a %s column (use time.Time)", what, t, sparkTypeName(dt))
}

// Spark's timestamps span the years 1 to 9999.
var (
	minTimestamp = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	maxTimestamp = time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC).Unix()
)

// timestampLayouts are the forms of timestamps read from text.
var timestampLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02 15:04",
}

// parseTimestamp reads a timestamp; one without a zone offset is in loc.
// needZone rejects values without an offset.
func parseTimestamp(s string, loc *time.Location, needZone bool) (time.Time, error) {
	for i, layout := range timestampLayouts {
		if needZone && i >= 2 {
			break
		}
		if tm, err := time.ParseInLocation(layout, s, loc); err == nil {
			return tm, nil
		}
	}
	if needZone {
		return time.Time{}, fmt.Errorf("%q is not an RFC 3339 timestamp with a zone offset", s)
	}
	return time.Time{}, fmt.Errorf("%q is not a timestamp (YYYY-MM-DD HH:MM:SS[.ffffff][±hh:mm])", s)
}

// ---------------------------------------------------------------------------
// Uploading

// localConf is what the server says about local relations.
type localConf struct {
	threshold  int64 // spark.sql.session.localRelationCacheThreshold
	chunkBytes int64 // spark.sql.session.localRelationChunkSizeBytes
	chunked    bool  // the server knows ChunkedCachedLocalRelation
}

const (
	defaultCacheThreshold = 64 << 20
	defaultChunkBytes     = 16 << 20
	// maxInline caps inline data, whatever the threshold, below the
	// server's 128 MiB message limit.
	maxInline = 64 << 20
	// maxSingleArtifact is the limit of a CachedLocalRelation.
	maxSingleArtifact = 2<<30 - 64<<10
)

func (s *Session) localRelationConf(ctx context.Context) (localConf, error) {
	keys := []string{"spark.sql.session.localRelationCacheThreshold", "spark.sql.session.localRelationChunkSizeBytes"}
	vals := make([]string, len(keys))
	oks := make([]bool, len(keys))
	errs := make([]error, len(keys))
	var wg sync.WaitGroup
	for i, k := range keys {
		wg.Go(func() { vals[i], oks[i], errs[i] = s.conn.LookupConf(ctx, k) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return localConf{}, err
	}
	c := localConf{threshold: defaultCacheThreshold, chunkBytes: defaultChunkBytes}
	if oks[0] {
		if n, err := parseByteSize(vals[0]); err == nil {
			c.threshold = n
		}
	}
	// The chunk size setting can be set on any server; only 4.1+ reads
	// ChunkedCachedLocalRelation.
	chunked, err := s.conn.VersionAtLeast(ctx, 4, 1)
	if err != nil {
		return localConf{}, err
	}
	if oks[1] && chunked {
		c.chunked = true
		if n, err := parseByteSize(vals[1]); err == nil && n > 0 {
			c.chunkBytes = n
		}
	}
	return c, nil
}

// parseByteSize reads a Spark size such as "1048576", "16m" or "3g".
func parseByteSize(s string) (int64, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"kb", 1 << 10}, {"mb", 1 << 20}, {"gb", 1 << 30}, {"tb", 1 << 40}, {"k", 1 << 10}, {"m", 1 << 20}, {"g", 1 << 30}, {"t", 1 << 40}, {"b", 1}} {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSuffix(s, u.suffix), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, err
	}
	return n * mult, nil
}

// chunker writes record batches as Arrow IPC streams of about limit bytes.
type chunker struct {
	schema    *arrow.Schema
	limit     int
	buf       *bytes.Buffer
	w         *ipc.Writer
	chunks    int
	rows      int64 // rows written
	chunkRows int64 // rows written to the current chunk
	totalRows int64 // rows of the source, if known
	onChunk   func([]byte) error
}

func (c *chunker) write(rec arrow.RecordBatch) error {
	// Split batches large for the chunk size, so chunks stay near it.
	if n := rec.NumRows(); c.limit < math.MaxInt && n > 1 {
		if size := recordSize(rec); size > int64(c.limit/4) {
			per := max(1, n*int64(c.limit/8)/size)
			for off := int64(0); off < n; off += per {
				sl := rec.NewSlice(off, min(off+per, n))
				err := c.writeOne(sl)
				sl.Release()
				if err != nil {
					return err
				}
			}
			return nil
		}
	}
	return c.writeOne(rec)
}

// recordSize estimates the bytes of a record batch from its buffers.
func recordSize(rec arrow.RecordBatch) int64 {
	var n int64
	var add func(d arrow.ArrayData)
	add = func(d arrow.ArrayData) {
		for _, b := range d.Buffers() {
			if b != nil {
				n += int64(b.Len())
			}
		}
		for _, c := range d.Children() {
			add(c)
		}
	}
	for _, col := range rec.Columns() {
		add(col.Data())
	}
	return n
}

func (c *chunker) writeOne(rec arrow.RecordBatch) error {
	if c.w == nil {
		c.buf = bytes.NewBuffer(make([]byte, 0, min(c.limit, 4<<20)+64<<10))
		c.w = ipc.NewWriter(c.buf, ipc.WithSchema(c.schema))
		c.chunkRows = 0
	}
	if err := c.w.Write(rec); err != nil {
		return fmt.Errorf("encoding Arrow: %w", err)
	}
	c.rows += rec.NumRows()
	c.chunkRows += rec.NumRows()
	if c.chunkRows == rec.NumRows() && c.totalRows > 0 {
		// After the first batch of a chunk, reserve the chunk's likely size
		// at once rather than growing the buffer by doubling.
		perRow := float64(c.buf.Len()) / float64(rec.NumRows())
		want := int(perRow*float64(c.totalRows-c.rows+rec.NumRows())*1.05) + 64<<10
		if c.limit < math.MaxInt/2 {
			want = min(want, c.limit+c.limit/8)
		}
		if want > c.buf.Len() {
			c.buf.Grow(want - c.buf.Len())
		}
	}
	if c.buf.Len() >= c.limit {
		return c.flush()
	}
	return nil
}

func (c *chunker) flush() error {
	if c.w == nil {
		return nil
	}
	if err := c.w.Close(); err != nil {
		return fmt.Errorf("encoding Arrow: %w", err)
	}
	b := c.buf.Bytes()
	c.w, c.buf = nil, nil
	c.chunks++
	return c.onChunk(b)
}

// schemaOnly returns the Arrow IPC stream of a schema without rows.
func schemaOnly(schema *arrow.Schema) ([]byte, error) {
	var buf bytes.Buffer
	w := ipc.NewWriter(&buf, ipc.WithSchema(schema))
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// uploader caches chunks as artifacts on its own goroutine, so that
// encoding and uploading overlap.
type uploader struct {
	s      *Session
	ctx    context.Context
	ch     chan []byte
	done   chan struct{}
	hashes []string
	err    error       // set by run before failed
	failed atomic.Bool // the uploads stopped on an error
}

// errUploadFailed stops the encoding once an upload has failed; finish
// returns the real error.
var errUploadFailed = errors.New("frame: an upload failed")

func (s *Session) startUploader(ctx context.Context) *uploader {
	u := &uploader{s: s, ctx: ctx, ch: make(chan []byte, 1), done: make(chan struct{})}
	go u.run()
	return u
}

func (u *uploader) run() {
	defer close(u.done)
	uploaded := map[string]bool{}
	for data := range u.ch {
		if u.err != nil {
			continue
		}
		sum := sha256.Sum256(data)
		hash := hex.EncodeToString(sum[:])
		u.hashes = append(u.hashes, hash)
		if uploaded[hash] {
			continue
		}
		uploaded[hash] = true
		name := "cache/" + hash
		st, err := u.s.conn.ArtifactStatus(u.ctx, name)
		if err == nil && !st[name] {
			err = u.s.conn.AddArtifacts(u.ctx, connect.Artifact{Name: name, Data: data})
		}
		if err != nil {
			u.err = fmt.Errorf("uploading a chunk of %d bytes: %w", len(data), err)
			u.failed.Store(true)
		}
	}
}

// send queues a chunk for upload; it blocks while the uploader is busy
// with the previous one.
func (u *uploader) send(data []byte) error {
	if u.failed.Load() {
		return errUploadFailed
	}
	u.ch <- data
	return nil
}

// finish waits for the uploads and returns the hashes of the chunks, in order.
func (u *uploader) finish() ([]string, error) {
	close(u.ch)
	<-u.done
	return u.hashes, u.err
}

// upload encodes a source and returns the relation that reads it: inline
// when it is smaller than the server's cache threshold, or than maxInline
// when the relation is sent only once (sentOnce, for a view); else cached
// artifacts.
func (s *Session) upload(ctx context.Context, op string, src *source, opts CopyOptions, sentOnce bool) (*pb.Relation, error) {
	conf, err := s.localRelationConf(ctx)
	if err != nil {
		return nil, fmt.Errorf("frame: %s: reading the server's local relation settings: %w", op, err)
	}
	chunked := conf.chunked && !opts.SingleArtifact
	// Inline data must leave room in a gRPC message of the connection.
	limit := int64(maxInline)
	if mm := s.conn.Config().MaxMessageSize; mm > 0 {
		limit = min(limit, int64(mm)/2)
	}
	inlineMax := min(conf.threshold, limit)
	if sentOnce {
		inlineMax = limit
	}
	if opts.ForceCache {
		inlineMax = 0
	}
	var (
		pending [][]byte
		total   int64
		cached  = inlineMax <= 0
		up      *uploader
	)
	ck := &chunker{schema: src.schema, limit: math.MaxInt, totalRows: int64(src.rows)}
	if chunked {
		// The first chunk may hold all the data inline.
		ck.limit = int(max(conf.chunkBytes, inlineMax))
		if cached {
			ck.limit = int(conf.chunkBytes)
		}
	}
	ck.onChunk = func(b []byte) error {
		total += int64(len(b))
		if total >= inlineMax && !cached {
			cached = true
			if chunked {
				ck.limit = int(conf.chunkBytes)
			}
		}
		if cached && chunked {
			if up == nil {
				up = s.startUploader(ctx)
			}
			for _, p := range pending {
				if err := up.send(p); err != nil {
					return err
				}
			}
			pending = nil
			return up.send(b)
		}
		pending = append(pending, b)
		return nil
	}
	err = src.produce(func(rec arrow.RecordBatch) error {
		if err := ck.write(rec); err != nil {
			return err
		}
		if !chunked && ck.buf != nil && ck.buf.Len() > maxSingleArtifact {
			return fmt.Errorf("frame: %s: the data exceeds the 2 GiB a single cached artifact can hold; leave SingleArtifact unset (on Spark 4.1+) or copy less", op)
		}
		return nil
	})
	if err == nil {
		err = ck.flush()
	}
	if err != nil {
		if up != nil {
			if _, uerr := up.finish(); errors.Is(err, errUploadFailed) && uerr != nil {
				err = uerr
			}
		}
		if !strings.HasPrefix(err.Error(), "frame: ") {
			err = fmt.Errorf("frame: %s: %w", op, err)
		}
		return nil, err
	}
	if ck.rows == 0 {
		// No rows: a schema-only stream, inline.
		if up != nil {
			up.finish()
		}
		data, err := schemaOnly(src.schema)
		if err != nil {
			return nil, fmt.Errorf("frame: %s: encoding Arrow: %w", op, err)
		}
		return localRelation(data), nil
	}
	if !cached && len(pending) == 1 {
		return localRelation(pending[0]), nil
	}
	if chunked {
		if up == nil {
			up = s.startUploader(ctx)
		}
		for _, p := range pending {
			if up.send(p) != nil {
				break
			}
		}
		hashes, err := up.finish()
		if err != nil {
			return nil, fmt.Errorf("frame: %s: %w", op, err)
		}
		ccl := &pb.ChunkedCachedLocalRelation{DataHashes: hashes}
		return &pb.Relation{RelType: &pb.Relation_ChunkedCachedLocalRelation{ChunkedCachedLocalRelation: ccl}}, nil
	}
	if len(pending) != 1 {
		return nil, fmt.Errorf("frame: %s: internal error: %d chunks for a single artifact", op, len(pending))
	}
	lr := localRelation(pending[0]).GetLocalRelation()
	blob, err := proto.Marshal(lr)
	if err != nil {
		return nil, fmt.Errorf("frame: %s: %w", op, err)
	}
	hash, err := s.conn.CacheArtifact(ctx, blob)
	if err != nil {
		return nil, fmt.Errorf("frame: %s: uploading the data: %w", op, err)
	}
	return &pb.Relation{RelType: &pb.Relation_CachedLocalRelation{CachedLocalRelation: &pb.CachedLocalRelation{Hash: hash}}}, nil
}

func localRelation(data []byte) *pb.Relation {
	lr := &pb.LocalRelation{Data: data}
	return &pb.Relation{RelType: &pb.Relation_LocalRelation{LocalRelation: lr}}
}

// ---------------------------------------------------------------------------
// Decimals

var pow10s = func() []*big.Int {
	out := make([]*big.Int, 77)
	out[0] = big.NewInt(1)
	for i := 1; i < len(out); i++ {
		out[i] = new(big.Int).Mul(out[i-1], big.NewInt(10))
	}
	return out
}()

func pow10(n int32) *big.Int {
	if int(n) < len(pow10s) {
		return pow10s[n]
	}
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil)
}

// rescale returns the unscaled value of d at scale s, exactly, or an error
// when d has more digits after the point than s.
func rescale(d Decimal, s int32) (*big.Int, error) {
	u := d.Unscaled
	if u == nil {
		u = new(big.Int)
	}
	switch {
	case d.Scale == s:
		return u, nil
	case d.Scale < s:
		return new(big.Int).Mul(u, pow10(s-d.Scale)), nil
	}
	q, r := new(big.Int).QuoRem(u, pow10(d.Scale-s), new(big.Int))
	if r.Sign() != 0 {
		return nil, inexact(d.String(), s)
	}
	return q, nil
}

// errInexact reports a decimal with more digits after the point than its
// column's scale.
var errInexact = errors.New("inexact")

func inexact(text string, s int32) error {
	return fmt.Errorf("%s has more than %d digits after the decimal point", text, s)
}

// ratScaled returns r × 10^s as an integer: exactly, or else rounded half
// away from zero when round is set.
func ratScaled(r *big.Rat, s int32, round bool) (*big.Int, error) {
	num := new(big.Int).Mul(r.Num(), pow10(s))
	q, m := new(big.Int).QuoRem(num, r.Denom(), new(big.Int))
	if m.Sign() == 0 {
		return q, nil
	}
	if !round {
		return nil, errInexact
	}
	// |m|*2 >= denom rounds away from zero.
	if new(big.Int).Mul(new(big.Int).Abs(m), big.NewInt(2)).Cmp(r.Denom()) >= 0 {
		if num.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return q, nil
}

// parseDecimalRat reads a decimal number written in text ("-12.5", "1e-3").
func parseDecimalRat(s string) (*big.Rat, error) {
	t := strings.TrimSpace(s)
	if t == "" || strings.ContainsAny(t, "/_") {
		return nil, fmt.Errorf("%q is not a decimal number", s)
	}
	r, ok := new(big.Rat).SetString(t)
	if !ok {
		return nil, fmt.Errorf("%q is not a decimal number", s)
	}
	return r, nil
}

func decimalAppender(t reflect.Type, dt *arrow.Decimal128Type, b *array.Decimal128Builder, what string) (appender, error) {
	p, s := dt.Precision, dt.Scale
	limit := pow10(p)
	add := func(u *big.Int) error {
		if u.CmpAbs(limit) >= 0 {
			return fmt.Errorf("%s: value %s does not fit DECIMAL(%d,%d)", what, Decimal{Unscaled: u, Precision: p, Scale: s}, p, s)
		}
		b.Append(decimal128.FromBigInt(u))
		return nil
	}
	wrap := func(err error) error { return fmt.Errorf("%s: %w", what, err) }
	switch {
	case t == decimalType:
		return func(v reflect.Value) error {
			u, err := rescale(v.Interface().(Decimal), s)
			if err != nil {
				return wrap(err)
			}
			return add(u)
		}, nil
	case t == bigRatType:
		return func(v reflect.Value) error {
			r := addrOf(v).Interface().(*big.Rat)
			u, err := ratScaled(r, s, false)
			if err != nil {
				return wrap(inexact(r.RatString(), s))
			}
			return add(u)
		}, nil
	case t == bigIntType:
		return func(v reflect.Value) error {
			x := addrOf(v).Interface().(*big.Int)
			return add(new(big.Int).Mul(x, pow10(s)))
		}, nil
	case t.Kind() == reflect.String:
		return func(v reflect.Value) error {
			r, err := parseDecimalRat(v.String())
			if err != nil {
				return wrap(err)
			}
			u, err := ratScaled(r, s, false)
			if err != nil {
				return wrap(inexact(strings.TrimSpace(v.String()), s))
			}
			return add(u)
		}, nil
	case t == durationType:
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Int64:
		return func(v reflect.Value) error { return add(new(big.Int).Mul(big.NewInt(v.Int()), pow10(s))) }, nil
	case t.Kind() >= reflect.Uint && t.Kind() <= reflect.Uint64:
		return func(v reflect.Value) error {
			return add(new(big.Int).Mul(new(big.Int).SetUint64(v.Uint()), pow10(s)))
		}, nil
	case t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64:
		bits := t.Bits()
		return func(v reflect.Value) error {
			f := v.Float()
			if math.IsNaN(f) || math.IsInf(f, 0) {
				return fmt.Errorf("%s: %v cannot be a decimal", what, f)
			}
			// The shortest text that reads back as f, rounded half up like Spark's cast.
			r, _ := new(big.Rat).SetString(strconv.FormatFloat(f, 'g', -1, bits))
			u, err := ratScaled(r, s, true)
			if err != nil {
				return wrap(err)
			}
			return add(u)
		}, nil
	}
	return nil, fmt.Errorf("%s: a Go %s cannot be stored in a %s column (use frame.Decimal, *big.Rat, a string or a number)", what, t, sparkTypeName(dt))
}

// addrOf returns a pointer to v's value, copying it when v is not addressable.
func addrOf(v reflect.Value) reflect.Value {
	if v.CanAddr() {
		return v.Addr()
	}
	p := reflect.New(v.Type())
	p.Elem().Set(v)
	return p
}
