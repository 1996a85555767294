package ml

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/sparkgo/sparkgo/connect"
	pb "github.com/sparkgo/sparkgo/connect/proto"
)

func TestVersionError(t *testing.T) {
	for v, major := range map[string]int{"3.5.1": 3, "4.0.0": 4, "4.1.4": 4, " 10.0": 10} {
		if got, ok := majorVersion(v); !ok || got != major {
			t.Errorf("majorVersion(%q) = %d, %v", v, got, ok)
		}
	}
	err := error(&VersionError{Version: "3.5.1"})
	if err.Error() != "ML over Spark Connect needs Spark 4.0+; this server is 3.5.1" {
		t.Errorf("message %q", err)
	}
}

func TestLiteralRoundTrip(t *testing.T) {
	for _, v := range []any{
		3.5, 7, int64(1) << 40, "x", true,
		[]float64{1, 2.5}, []int{1, 2}, []string{"a", "b"}, []bool{true, false},
		[][]float64{{1, 2}, {3}}, [][]string{{"a"}, {"b", "c"}},
		DenseVector(1, 2, 3), SparseVector(5, []int{1, 3}, []float64{0.5, -1}),
		Matrix{NumRows: 2, NumCols: 2, Values: []float64{1, 2, 3, 4}},
		Matrix{NumRows: 2, NumCols: 3, ColPtrs: []int{0, 1, 1, 2}, RowIndices: []int{1, 0}, Values: []float64{5, 6}},
	} {
		l, err := toLiteral(v)
		if err != nil {
			t.Fatalf("%v: %v", v, err)
		}
		back, err := fromLiteral(l)
		if err != nil {
			t.Fatalf("%v: %v", v, err)
		}
		if got, want := fmtAny(back), fmtAny(v); got != want {
			t.Errorf("round trip of %T: %s, want %s", v, got, want)
		}
	}
	if _, err := toLiteral(struct{}{}); err == nil {
		t.Error("a struct was accepted as a parameter")
	}
	p, err := toMlParams(Params{"maxIter": 10, "regParam": 0.1})
	if err != nil || p.Params["maxIter"].GetInteger() != 10 || p.Params["regParam"].GetDouble() != 0.1 {
		t.Errorf("params %v, %v", p, err)
	}
}

func fmtAny(v any) string {
	switch x := v.(type) {
	case Vector:
		return x.String()
	case Matrix:
		return fmtAny(x.Rows())
	}
	return fmt.Sprintf("%T %v", v, v)
}

func TestVectorAndMatrix(t *testing.T) {
	v := SparseVector(4, []int{0, 3}, []float64{1, 2})
	if !slices.Equal(v.Dense(), []float64{1, 0, 0, 2}) || v.String() != "(4,[0,3],[1,2])" || !v.IsSparse() {
		t.Errorf("sparse vector %v", v)
	}
	if DenseVector(1, 2).String() != "[1,2]" {
		t.Error(DenseVector(1, 2).String())
	}
	// 2×3, column-major, and the same sparse (CSC) and transposed.
	dense := Matrix{NumRows: 2, NumCols: 3, Values: []float64{1, 4, 2, 5, 3, 6}}
	trans := Matrix{NumRows: 2, NumCols: 3, Values: []float64{1, 2, 3, 4, 5, 6}, Transposed: true}
	sparse := Matrix{NumRows: 2, NumCols: 3, ColPtrs: []int{0, 2, 4, 6}, RowIndices: []int{0, 1, 0, 1, 0, 1}, Values: []float64{1, 4, 2, 5, 3, 6}}
	want := "[[1 2 3] [4 5 6]]"
	for _, m := range []Matrix{dense, trans, sparse} {
		if got := fmt.Sprint(m.Rows()); got != want {
			t.Errorf("%+v: rows %s", m, got)
		}
	}
	// A collected vector cell.
	cell := map[string]any{"type": int8(0), "size": int32(3), "indices": []any{int32(2)}, "values": []any{7.0}}
	if got, ok := VectorOf(cell); !ok || !slices.Equal(got.Dense(), []float64{0, 0, 7}) {
		t.Errorf("VectorOf %v, %v", got, ok)
	}
}

func TestClassNames(t *testing.T) {
	for short, full := range map[string]string{
		"LinearRegression":              "org.apache.spark.ml.regression.LinearRegression",
		"StringIndexerModel":            "org.apache.spark.ml.feature.StringIndexerModel",
		"RegressionEvaluator":           "org.apache.spark.ml.evaluation.RegressionEvaluator",
		"com.example.MyThing":           "com.example.MyThing",
		"NotASparkClass":                "NotASparkClass",
		"BinaryClassificationEvaluator": "org.apache.spark.ml.evaluation.BinaryClassificationEvaluator",
	} {
		if got := ClassName(short); got != full {
			t.Errorf("ClassName(%s) = %s", short, got)
		}
	}
	for est, model := range map[string]string{
		"org.apache.spark.ml.regression.LinearRegression":       "org.apache.spark.ml.regression.LinearRegressionModel",
		"org.apache.spark.ml.classification.GBTClassifier":      "org.apache.spark.ml.classification.GBTClassificationModel",
		"org.apache.spark.ml.regression.RandomForestRegressor":  "org.apache.spark.ml.regression.RandomForestRegressionModel",
		"org.apache.spark.ml.feature.QuantileDiscretizer":       "org.apache.spark.ml.feature.Bucketizer",
		"org.apache.spark.ml.classification.LogisticRegression": "org.apache.spark.ml.classification.LogisticRegressionModel",
	} {
		if got := modelClassOf(est); got != model {
			t.Errorf("modelClassOf(%s) = %s", est, got)
		}
	}
}

func TestExpandFormula(t *testing.T) {
	cols := []string{"mpg", "cyl", "wt", "hp"}
	for f, want := range map[string][]string{
		"mpg ~ .":       {"cyl", "wt", "hp"},
		"mpg ~ wt + hp": {"wt", "hp"},
		"mpg ~ wt + . ": {"wt", "cyl", "hp"},
		"~ wt + hp":     {"wt", "hp"},
		"mpg ~ wt:hp":   nil,
		"mpg ~ . - cyl": nil,
	} {
		if got := expandFormula(f, cols); !slices.Equal(got, want) {
			t.Errorf("expandFormula(%q) = %v, want %v", f, got, want)
		}
	}
}

func TestAttrNames(t *testing.T) {
	md := `{"ml_attr":{"num_attrs":4,"attrs":{"numeric":[{"name":"wt","idx":0},{"name":"hp","idx":3}],"binary":[{"name":"species_a","idx":1},{"idx":2}]}}}`
	got := attrNames(&pb.DataType_StructField{Name: "features", Metadata: &md})
	if !slices.Equal(got, []string{"wt", "species_a", "x3", "hp"}) {
		t.Errorf("attrNames %v", got)
	}
	if attrNames(&pb.DataType_StructField{Name: "f"}) != nil {
		t.Error("names without metadata")
	}
}

func TestClassify(t *testing.T) {
	se := &connect.SparkError{ErrorClass: "CONNECT_ML.ATTRIBUTE_NOT_ALLOWED", Message: "nope"}
	err := classify(fmt.Errorf("wrapped: %w", se), "LinearRegressionModel.getSolver")
	var na *NotAllowedError
	if !errors.As(err, &na) || na.Operator != "LinearRegressionModel.getSolver" || !errors.Is(err, se) {
		t.Errorf("classify: %v", err)
	}
	other := &connect.SparkError{ErrorClass: "UNRESOLVED_COLUMN"}
	if classify(other, "x") != error(other) {
		t.Error("classify wrapped another error")
	}
}
