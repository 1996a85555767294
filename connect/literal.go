package connect

import (
	"fmt"
	"math"
	"reflect"
	"time"

	pb "github.com/sparkgo/sparkgo/connect/proto"
)

// Literal converts a Go value to a Spark literal: nil (NULL), bool, every
// integer type (uint64 above math.MaxInt64 is rejected), float32, float64,
// string, []byte (binary) and time.Time (a timestamp; nanoseconds below a
// microsecond are dropped, as Spark keeps microseconds). Other values give an
// error naming their type.
func Literal(v any) (*pb.Expression_Literal, error) {
	e := &pb.Expression_Literal{}
	switch x := v.(type) {
	case nil:
		e.LiteralType = &pb.Expression_Literal_Null{Null: &pb.DataType{Kind: &pb.DataType_Null{Null: &pb.DataType_NULL{}}}}
	case bool:
		e.LiteralType = &pb.Expression_Literal_Boolean{Boolean: x}
	case int8:
		e.LiteralType = &pb.Expression_Literal_Byte{Byte: int32(x)}
	case int16:
		e.LiteralType = &pb.Expression_Literal_Short{Short: int32(x)}
	case int32:
		e.LiteralType = &pb.Expression_Literal_Integer{Integer: x}
	case int64:
		e.LiteralType = &pb.Expression_Literal_Long{Long: x}
	case int:
		e.LiteralType = &pb.Expression_Literal_Long{Long: int64(x)}
	case uint8:
		e.LiteralType = &pb.Expression_Literal_Short{Short: int32(x)}
	case uint16:
		e.LiteralType = &pb.Expression_Literal_Integer{Integer: int32(x)}
	case uint32:
		e.LiteralType = &pb.Expression_Literal_Long{Long: int64(x)}
	case uint:
		return Literal(uint64(x))
	case uint64:
		if x > math.MaxInt64 {
			return nil, fmt.Errorf("connect: uint64 %d does not fit Spark's BIGINT", x)
		}
		e.LiteralType = &pb.Expression_Literal_Long{Long: int64(x)}
	case float32:
		e.LiteralType = &pb.Expression_Literal_Float{Float: x}
	case float64:
		e.LiteralType = &pb.Expression_Literal_Double{Double: x}
	case string:
		e.LiteralType = &pb.Expression_Literal_String_{String_: x}
	case []byte:
		e.LiteralType = &pb.Expression_Literal_Binary{Binary: x}
	case time.Time:
		e.LiteralType = &pb.Expression_Literal_Timestamp{Timestamp: x.UnixMicro()}
	default:
		return nil, fmt.Errorf("connect: cannot send a Go %s to Spark as a literal", typeName(v))
	}
	return e, nil
}

func typeName(v any) string {
	t := reflect.TypeOf(v)
	if t == nil {
		return "nil"
	}
	return t.String()
}
