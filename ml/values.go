package ml

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/sparkgo/sparkgo/connect"
	pb "github.com/sparkgo/sparkgo/connect/proto"
)

// Vector is a Spark ML vector (org.apache.spark.ml.linalg.Vector), dense
// when Indices is nil, sparse otherwise.
type Vector struct {
	// Size is the vector's dimension.
	Size int
	// Indices are the positions of the stored values of a sparse vector,
	// in increasing order; nil for a dense vector.
	Indices []int
	// Values are all the values of a dense vector, or the stored values of
	// a sparse one.
	Values []float64
}

// DenseVector returns a dense vector holding values.
func DenseVector(values ...float64) Vector {
	return Vector{Size: len(values), Values: append([]float64(nil), values...)}
}

// SparseVector returns a sparse vector of dimension size with values at
// indices (which must be increasing and as many as values).
func SparseVector(size int, indices []int, values []float64) Vector {
	return Vector{Size: size, Indices: append([]int{}, indices...), Values: append([]float64(nil), values...)}
}

// IsSparse reports whether the vector is stored sparse.
func (v Vector) IsSparse() bool { return v.Indices != nil }

// Dense returns all Size values of the vector.
func (v Vector) Dense() []float64 {
	if v.Indices == nil {
		return append([]float64(nil), v.Values...)
	}
	out := make([]float64, v.Size)
	for k, i := range v.Indices {
		if i >= 0 && i < v.Size && k < len(v.Values) {
			out[i] = v.Values[k]
		}
	}
	return out
}

// String formats the vector as Spark does: [1.0,2.0] for a dense vector,
// (3,[0,2],[1.0,2.0]) for a sparse one.
func (v Vector) String() string {
	nums := func(xs []float64) string {
		s := make([]string, len(xs))
		for i, x := range xs {
			s[i] = strconv.FormatFloat(x, 'g', -1, 64)
		}
		return strings.Join(s, ",")
	}
	if v.Indices == nil {
		return "[" + nums(v.Values) + "]"
	}
	idx := make([]string, len(v.Indices))
	for i, x := range v.Indices {
		idx[i] = strconv.Itoa(x)
	}
	return fmt.Sprintf("(%d,[%s],[%s])", v.Size, strings.Join(idx, ","), nums(v.Values))
}

// Matrix is a Spark ML matrix (org.apache.spark.ml.linalg.Matrix). Values
// are stored column-major (row-major when Transposed); a sparse matrix is
// in compressed sparse column form (ColPtrs, RowIndices).
type Matrix struct {
	NumRows, NumCols int
	// ColPtrs and RowIndices describe a sparse matrix; nil when dense.
	ColPtrs, RowIndices []int
	Values              []float64
	// Transposed means the storage is row-major (compressed sparse rows
	// for a sparse matrix).
	Transposed bool
}

// At returns the element at row i, column j.
func (m Matrix) At(i, j int) float64 {
	if i < 0 || j < 0 || i >= m.NumRows || j >= m.NumCols {
		return 0
	}
	if m.ColPtrs == nil {
		k := i + j*m.NumRows
		if m.Transposed {
			k = j + i*m.NumCols
		}
		if k < len(m.Values) {
			return m.Values[k]
		}
		return 0
	}
	major, minor := j, i
	if m.Transposed {
		major, minor = i, j
	}
	if major+1 >= len(m.ColPtrs) {
		return 0
	}
	for k := m.ColPtrs[major]; k < m.ColPtrs[major+1] && k < len(m.RowIndices); k++ {
		if m.RowIndices[k] == minor {
			return m.Values[k]
		}
	}
	return 0
}

// Rows returns the matrix as a slice of rows.
func (m Matrix) Rows() [][]float64 {
	out := make([][]float64, m.NumRows)
	for i := range out {
		out[i] = make([]float64, m.NumCols)
		for j := range out[i] {
			out[i][j] = m.At(i, j)
		}
	}
	return out
}

const (
	vectorUDT = "org.apache.spark.ml.linalg.VectorUDT"
	matrixUDT = "org.apache.spark.ml.linalg.MatrixUDT"
)

var (
	doubleType = &pb.DataType{Kind: &pb.DataType_Double_{Double: &pb.DataType_Double{}}}
	intType    = &pb.DataType{Kind: &pb.DataType_Integer_{Integer: &pb.DataType_Integer{}}}
	longType   = &pb.DataType{Kind: &pb.DataType_Long_{Long: &pb.DataType_Long{}}}
	stringType = &pb.DataType{Kind: &pb.DataType_String_{String_: &pb.DataType_String{}}}
	boolType   = &pb.DataType{Kind: &pb.DataType_Boolean_{Boolean: &pb.DataType_Boolean{}}}
	nullType   = &pb.DataType{Kind: &pb.DataType_Null{Null: &pb.DataType_NULL{}}}
)

func arrayType(elem *pb.DataType) *pb.DataType {
	return &pb.DataType{Kind: &pb.DataType_Array_{Array: &pb.DataType_Array{ElementType: elem, ContainsNull: true}}}
}

func udtType(jvmClass string) *pb.DataType {
	return &pb.DataType{Kind: &pb.DataType_Udt{Udt: &pb.DataType_UDT{Type: "udt", JvmClass: &jvmClass}}}
}

func nullLiteral() *pb.Expression_Literal {
	return &pb.Expression_Literal{LiteralType: &pb.Expression_Literal_Null{Null: nullType}}
}

func intLiteral(v int) *pb.Expression_Literal {
	return &pb.Expression_Literal{LiteralType: &pb.Expression_Literal_Integer{Integer: int32(v)}}
}

func ints32(xs []int) []int32 {
	out := make([]int32, len(xs))
	for i, x := range xs {
		out[i] = int32(x)
	}
	return out
}

func intsLiteral(xs []int) *pb.Expression_Literal {
	return &pb.Expression_Literal{LiteralType: &pb.Expression_Literal_SpecializedArray_{SpecializedArray: &pb.Expression_Literal_SpecializedArray{
		ValueType: &pb.Expression_Literal_SpecializedArray_Ints{Ints: &pb.Ints{Values: ints32(xs)}}}}}
}

func doublesLiteral(xs []float64) *pb.Expression_Literal {
	return &pb.Expression_Literal{LiteralType: &pb.Expression_Literal_SpecializedArray_{SpecializedArray: &pb.Expression_Literal_SpecializedArray{
		ValueType: &pb.Expression_Literal_SpecializedArray_Doubles{Doubles: &pb.Doubles{Values: append([]float64(nil), xs...)}}}}}
}

func structLiteral(udt string, elems ...*pb.Expression_Literal) *pb.Expression_Literal {
	t := udtType(udt)
	st := &pb.Expression_Literal_Struct{Elements: elems}
	// Spark 4.0 and 4.1 read the UDT's class from the deprecated struct_type.
	//lint:ignore SA1019 the servers read this field
	st.StructType = t
	return &pb.Expression_Literal{LiteralType: &pb.Expression_Literal_Struct_{Struct: st}}
}

func vectorLiteral(v Vector) *pb.Expression_Literal {
	if v.Indices == nil {
		return structLiteral(vectorUDT,
			&pb.Expression_Literal{LiteralType: &pb.Expression_Literal_Byte{Byte: 1}},
			nullLiteral(), nullLiteral(), doublesLiteral(v.Values))
	}
	return structLiteral(vectorUDT,
		&pb.Expression_Literal{LiteralType: &pb.Expression_Literal_Byte{Byte: 0}},
		intLiteral(v.Size), intsLiteral(v.Indices), doublesLiteral(v.Values))
}

func matrixLiteral(m Matrix) *pb.Expression_Literal {
	kind := int32(1)
	colPtrs, rowIdx := nullLiteral(), nullLiteral()
	if m.ColPtrs != nil {
		kind = 0
		colPtrs, rowIdx = intsLiteral(m.ColPtrs), intsLiteral(m.RowIndices)
	}
	return structLiteral(matrixUDT,
		&pb.Expression_Literal{LiteralType: &pb.Expression_Literal_Byte{Byte: kind}},
		intLiteral(m.NumRows), intLiteral(m.NumCols), colPtrs, rowIdx, doublesLiteral(m.Values),
		&pb.Expression_Literal{LiteralType: &pb.Expression_Literal_Boolean{Boolean: m.Transposed}})
}

// arrayLiteral builds an array literal, setting both the (4.0) element type
// and the (4.1) root data type.
func arrayLiteral(elem *pb.DataType, elems []*pb.Expression_Literal) *pb.Expression_Literal {
	arr := &pb.Expression_Literal_Array{Elements: elems}
	//lint:ignore SA1019 Spark 4.0 reads element_type; 4.1 reads data_type
	arr.ElementType = elem
	return &pb.Expression_Literal{LiteralType: &pb.Expression_Literal_Array_{Array: arr}, DataType: arrayType(elem)}
}

func sliceLiteral[T any](xs []T, elem *pb.DataType, one func(T) (*pb.Expression_Literal, error)) (*pb.Expression_Literal, error) {
	elems := make([]*pb.Expression_Literal, len(xs))
	for i, x := range xs {
		l, err := one(x)
		if err != nil {
			return nil, err
		}
		elems[i] = l
	}
	return arrayLiteral(elem, elems), nil
}

// toLiteral encodes a parameter value as Spark ML sends it.
func toLiteral(v any) (*pb.Expression_Literal, error) {
	switch x := v.(type) {
	case Vector:
		return vectorLiteral(x), nil
	case *Vector:
		return vectorLiteral(*x), nil
	case Matrix:
		return matrixLiteral(x), nil
	case *Matrix:
		return matrixLiteral(*x), nil
	case int:
		// Spark ML's integer params are JVM Ints; the server widens as needed.
		if int64(int32(x)) == int64(x) {
			return intLiteral(x), nil
		}
		return connect.Literal(int64(x))
	case []float64:
		return sliceLiteral(x, doubleType, func(f float64) (*pb.Expression_Literal, error) { return connect.Literal(f) })
	case []int:
		return sliceLiteral(x, intType, func(i int) (*pb.Expression_Literal, error) { return intLiteral(i), nil })
	case []int64:
		return sliceLiteral(x, longType, func(i int64) (*pb.Expression_Literal, error) { return connect.Literal(i) })
	case []string:
		return sliceLiteral(x, stringType, func(s string) (*pb.Expression_Literal, error) { return connect.Literal(s) })
	case []bool:
		return sliceLiteral(x, boolType, func(b bool) (*pb.Expression_Literal, error) { return connect.Literal(b) })
	case [][]float64:
		return sliceLiteral(x, arrayType(doubleType), func(fs []float64) (*pb.Expression_Literal, error) { return toLiteral(fs) })
	case [][]string:
		return sliceLiteral(x, arrayType(stringType), func(ss []string) (*pb.Expression_Literal, error) { return toLiteral(ss) })
	}
	l, err := connect.Literal(v)
	if err != nil {
		return nil, fmt.Errorf("ml: %w", err)
	}
	return l, nil
}

// toMlParams encodes params; keys are sent in sorted order.
func toMlParams(params Params) (*pb.MlParams, error) {
	out := &pb.MlParams{Params: map[string]*pb.Expression_Literal{}}
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		l, err := toLiteral(params[k])
		if err != nil {
			return nil, fmt.Errorf("ml: param %s: %w", k, err)
		}
		out.Params[k] = l
	}
	return out, nil
}

// fromLiteral decodes a value sent by the server: float64 (doubles and
// floats), int (integers, shorts, bytes), int64 (longs), bool, string,
// Vector, Matrix, []float64, []int, []int64, []string, []bool, nested
// slices of those, or []any for mixed arrays; nil for NULL.
func fromLiteral(l *pb.Expression_Literal) (any, error) {
	switch x := l.GetLiteralType().(type) {
	case nil, *pb.Expression_Literal_Null:
		return nil, nil
	case *pb.Expression_Literal_Boolean:
		return x.Boolean, nil
	case *pb.Expression_Literal_Byte:
		return int(x.Byte), nil
	case *pb.Expression_Literal_Short:
		return int(x.Short), nil
	case *pb.Expression_Literal_Integer:
		return int(x.Integer), nil
	case *pb.Expression_Literal_Long:
		return x.Long, nil
	case *pb.Expression_Literal_Float:
		return float64(x.Float), nil
	case *pb.Expression_Literal_Double:
		return x.Double, nil
	case *pb.Expression_Literal_String_:
		return x.String_, nil
	case *pb.Expression_Literal_SpecializedArray_:
		return fromSpecialized(x.SpecializedArray)
	case *pb.Expression_Literal_Array_:
		elems := make([]any, len(x.Array.GetElements()))
		for i, e := range x.Array.GetElements() {
			v, err := fromLiteral(e)
			if err != nil {
				return nil, err
			}
			elems[i] = v
		}
		return homogenize(elems), nil
	case *pb.Expression_Literal_Struct_:
		return fromStruct(l, x.Struct)
	}
	return nil, fmt.Errorf("ml: cannot decode a %T literal from the server", l.GetLiteralType())
}

func fromSpecialized(a *pb.Expression_Literal_SpecializedArray) (any, error) {
	switch y := a.GetValueType().(type) {
	case *pb.Expression_Literal_SpecializedArray_Doubles:
		return append([]float64{}, y.Doubles.GetValues()...), nil
	case *pb.Expression_Literal_SpecializedArray_Floats:
		out := make([]float64, len(y.Floats.GetValues()))
		for i, f := range y.Floats.GetValues() {
			out[i] = float64(f)
		}
		return out, nil
	case *pb.Expression_Literal_SpecializedArray_Ints:
		out := make([]int, len(y.Ints.GetValues()))
		for i, v := range y.Ints.GetValues() {
			out[i] = int(v)
		}
		return out, nil
	case *pb.Expression_Literal_SpecializedArray_Longs:
		return append([]int64{}, y.Longs.GetValues()...), nil
	case *pb.Expression_Literal_SpecializedArray_Strings:
		return append([]string{}, y.Strings.GetValues()...), nil
	case *pb.Expression_Literal_SpecializedArray_Bools:
		return append([]bool{}, y.Bools.GetValues()...), nil
	}
	return nil, fmt.Errorf("ml: cannot decode a %T array from the server", a.GetValueType())
}

// homogenize turns []any of one Go type into a typed slice.
func homogenize(xs []any) any {
	if len(xs) == 0 {
		return xs
	}
	switch xs[0].(type) {
	case float64:
		return typedSlice[float64](xs)
	case int:
		return typedSlice[int](xs)
	case int64:
		return typedSlice[int64](xs)
	case string:
		return typedSlice[string](xs)
	case bool:
		return typedSlice[bool](xs)
	case []float64:
		return typedSlice[[]float64](xs)
	case []string:
		return typedSlice[[]string](xs)
	case []int:
		return typedSlice[[]int](xs)
	case Vector:
		return typedSlice[Vector](xs)
	}
	return xs
}

func typedSlice[T any](xs []any) any {
	out := make([]T, len(xs))
	for i, x := range xs {
		v, ok := x.(T)
		if !ok {
			return xs
		}
		out[i] = v
	}
	return out
}

func fromStruct(l *pb.Expression_Literal, s *pb.Expression_Literal_Struct) (any, error) {
	//lint:ignore SA1019 the servers send the UDT in struct_type
	udt := s.GetStructType().GetUdt().GetJvmClass()
	if udt == "" {
		udt = l.GetDataType().GetUdt().GetJvmClass()
	}
	elems := make([]any, len(s.GetElements()))
	for i, e := range s.GetElements() {
		v, err := fromLiteral(e)
		if err != nil {
			return nil, err
		}
		elems[i] = v
	}
	switch udt {
	case vectorUDT:
		return vectorOfParts(elems)
	case matrixUDT:
		return matrixOfParts(elems)
	}
	return elems, nil
}

func vectorOfParts(p []any) (Vector, error) {
	if len(p) != 4 {
		return Vector{}, fmt.Errorf("ml: a vector from the server has %d parts, want 4", len(p))
	}
	vals, _ := asFloats(p[3])
	if kind, _ := p[0].(int); kind == 1 {
		return Vector{Size: len(vals), Values: vals}, nil
	}
	size, _ := asInt(p[1])
	idx, _ := p[2].([]int)
	if idx == nil {
		idx = []int{}
	}
	return Vector{Size: size, Indices: idx, Values: vals}, nil
}

func matrixOfParts(p []any) (Matrix, error) {
	if len(p) != 7 {
		return Matrix{}, fmt.Errorf("ml: a matrix from the server has %d parts, want 7", len(p))
	}
	m := Matrix{}
	m.NumRows, _ = asInt(p[1])
	m.NumCols, _ = asInt(p[2])
	m.Values, _ = asFloats(p[5])
	m.Transposed, _ = p[6].(bool)
	if kind, _ := p[0].(int); kind == 0 {
		m.ColPtrs, _ = p[3].([]int)
		m.RowIndices, _ = p[4].([]int)
		if m.ColPtrs == nil {
			m.ColPtrs = []int{}
		}
	}
	return m, nil
}

func asInt(v any) (int, bool) {
	switch x := v.(type) {
	case int:
		return x, true
	case int64:
		return int(x), true
	case float64:
		return int(x), true
	}
	return 0, false
}

func asFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	}
	return 0, false
}

// asFloats reads a vector or an array of numbers as []float64.
func asFloats(v any) ([]float64, bool) {
	switch x := v.(type) {
	case []float64:
		return x, true
	case Vector:
		return x.Dense(), true
	case []int:
		out := make([]float64, len(x))
		for i, y := range x {
			out[i] = float64(y)
		}
		return out, true
	case []int64:
		out := make([]float64, len(x))
		for i, y := range x {
			out[i] = float64(y)
		}
		return out, true
	case []any:
		if len(x) == 0 {
			return []float64{}, true
		}
	}
	return nil, false
}

// VectorOf converts a vector cell of a collected DataFrame (a vector column
// arrives as a struct of type, size, indices and values, collected as a
// map[string]any) to a Vector. It also accepts a Vector.
func VectorOf(cell any) (Vector, bool) {
	switch x := cell.(type) {
	case Vector:
		return x, true
	case *Vector:
		if x != nil {
			return *x, true
		}
	case map[string]any:
		vals, ok := numbers(x["values"])
		if !ok {
			return Vector{}, false
		}
		if t, _ := asInt(intOf(x["type"])); t == 1 {
			return Vector{Size: len(vals), Values: vals}, true
		}
		size, _ := asInt(intOf(x["size"]))
		raw, _ := numbers(x["indices"])
		idx := make([]int, len(raw))
		for i, f := range raw {
			idx[i] = int(f)
		}
		return Vector{Size: size, Indices: idx, Values: vals}, true
	}
	return Vector{}, false
}

// intOf widens the integer types frame.Value returns.
func intOf(v any) any {
	switch x := v.(type) {
	case int8:
		return int(x)
	case int16:
		return int(x)
	case int32:
		return int(x)
	}
	return v
}

// numbers reads a collected array of numbers.
func numbers(v any) ([]float64, bool) {
	xs, ok := v.([]any)
	if !ok {
		return nil, v == nil
	}
	out := make([]float64, len(xs))
	for i, x := range xs {
		f, ok := asFloat(intOf(x))
		if !ok {
			if y, ok32 := x.(float32); ok32 {
				f = float64(y)
			} else {
				return nil, false
			}
		}
		out[i] = f
	}
	return out, true
}
