package ml

import (
	"context"
	"fmt"
	"sort"
	"strings"

	pb "github.com/sparkgo/sparkgo/connect/proto"
	"github.com/sparkgo/sparkgo/display"
	"github.com/sparkgo/sparkgo/frame"
)

// Params are an operator's parameters by their Spark (JVM) names, such as
// "maxIter", "regParam" or "featuresCol". Only the parameters set here are
// sent; the server applies Spark's defaults to the others. Values may be
// bool, string, any integer or float type, Vector, Matrix, []float64,
// []int, []string, []bool, [][]float64 or [][]string.
type Params map[string]any

// clone returns a copy of p (never nil).
func (p Params) clone() Params {
	out := Params{}
	for k, v := range p {
		out[k] = v
	}
	return out
}

// String formats the params sorted by name: {maxIter: 10, regParam: 0.1}.
func (p Params) String() string {
	keys := make([]string, 0, len(p))
	for k := range p {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s: %v", k, p[k])
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// Estimator is an unfitted Spark ML estimator (LinearRegression, KMeans,
// StringIndexer…): a class and parameters, fitted on the server by Fit.
type Estimator struct {
	// Class is the estimator's JVM class, such as
	// "org.apache.spark.ml.regression.LinearRegression".
	Class string
	// UID is the estimator's Spark uid; the fitted model inherits it.
	UID string
	// Params are the parameters set on the estimator.
	Params Params
}

// NewEstimator returns an estimator of the given class, by its short name
// ("LinearRegression") or JVM class name, with a copy of params.
func NewEstimator(class string, params Params) *Estimator {
	c := ClassName(class)
	return &Estimator{Class: c, UID: newUID(c), Params: params.clone()}
}

// Set sets a parameter and returns the estimator, for chaining.
func (e *Estimator) Set(name string, value any) *Estimator {
	if e.Params == nil {
		e.Params = Params{}
	}
	e.Params[name] = value
	return e
}

// String returns "<ShortClass>", as sparklyr prints an estimator, followed
// by its parameters when any are set.
func (e *Estimator) String() string {
	s := "<" + shortName(e.Class) + ">"
	if len(e.Params) > 0 {
		s += " " + e.Params.String()
	}
	return s
}

// Render shows the estimator in a notebook as its String.
func (e *Estimator) Render() display.Bundle { return textBundle(e.String()) }

// Fit fits the estimator on df on the server and returns the model, which
// holds a server object: Close it when done. Server errors (a bad column,
// a bad parameter) are returned as the *connect.SparkError, wrapped.
func (e *Estimator) Fit(ctx context.Context, df *frame.DataFrame) (*Model, error) {
	if err := checkFrame(df); err != nil {
		return nil, fmt.Errorf("ml: fitting %s: %w", shortName(e.Class), err)
	}
	params, err := toMlParams(e.Params)
	if err != nil {
		return nil, err
	}
	if e.UID == "" {
		e.UID = newUID(e.Class)
	}
	s := df.Session()
	res, err := run(ctx, s, &pb.MlCommand{Command: &pb.MlCommand_Fit_{Fit: &pb.MlCommand_Fit{
		Estimator: operator(e.Class, e.UID, pb.MlOperator_OPERATOR_TYPE_ESTIMATOR),
		Params:    params,
		Dataset:   df.Relation(),
	}}})
	if err != nil {
		return nil, fmt.Errorf("ml: fitting %s: %w", shortName(e.Class), classify(err, e.Class))
	}
	info := res.GetOperatorInfo()
	id := info.GetObjRef().GetId()
	if id == "" {
		return nil, fmt.Errorf("ml: fitting %s: the server returned no model", shortName(e.Class))
	}
	m := newModel(s, id, modelClassOf(e.Class), e.UID, e.Params)
	m.training = df
	m.warning = info.GetWarningMessage()
	return m, nil
}

// Save writes the unfitted estimator (its class and parameters) to path
// on the server's file system, as Spark's MLWriter does.
func (e *Estimator) Save(ctx context.Context, s *frame.Session, path string, overwrite bool) error {
	return writeOperator(ctx, s, e.Class, e.UID, e.Params, pb.MlOperator_OPERATOR_TYPE_ESTIMATOR, path, overwrite)
}

func writeOperator(ctx context.Context, s *frame.Session, class, uid string, p Params, t pb.MlOperator_OperatorType, path string, overwrite bool) error {
	params, err := toMlParams(p)
	if err != nil {
		return err
	}
	_, err = run(ctx, s, &pb.MlCommand{Command: &pb.MlCommand_Write_{Write: &pb.MlCommand_Write{
		Type:            &pb.MlCommand_Write_Operator{Operator: operator(class, uid, t)},
		Params:          params,
		Path:            path,
		ShouldOverwrite: &overwrite,
	}}})
	if err != nil {
		return fmt.Errorf("ml: saving %s to %s: %w", shortName(class), path, classify(err, class))
	}
	return nil
}

// Transformer is a Spark ML feature transformer that needs no fitting
// (VectorAssembler, Tokenizer, Binarizer, SQLTransformer…).
type Transformer struct {
	// Class is the transformer's JVM class, such as
	// "org.apache.spark.ml.feature.VectorAssembler".
	Class string
	// UID is the transformer's Spark uid.
	UID string
	// Params are the parameters set on the transformer.
	Params Params
}

// NewTransformer returns a transformer of the given class, by its short
// name ("VectorAssembler") or JVM class name, with a copy of params.
func NewTransformer(class string, params Params) *Transformer {
	c := ClassName(class)
	return &Transformer{Class: c, UID: newUID(c), Params: params.clone()}
}

// String returns "<ShortClass>" followed by the parameters set.
func (t *Transformer) String() string {
	s := "<" + shortName(t.Class) + ">"
	if len(t.Params) > 0 {
		s += " " + t.Params.String()
	}
	return s
}

// Render shows the transformer in a notebook as its String.
func (t *Transformer) Render() display.Bundle { return textBundle(t.String()) }

// Transform returns df transformed on the server. It is lazy, like every
// DataFrame; errors (a bad parameter, a missing column) come with the
// first action.
func (t *Transformer) Transform(df *frame.DataFrame) *frame.DataFrame {
	if df == nil || df.Err() != nil || df.Relation() == nil {
		return df
	}
	params, err := toMlParams(t.Params)
	if err != nil {
		return failedFrame(df.Session(), err)
	}
	if t.UID == "" {
		t.UID = newUID(t.Class)
	}
	rel := &pb.Relation{RelType: &pb.Relation_MlRelation{MlRelation: &pb.MlRelation{MlType: &pb.MlRelation_Transform_{
		Transform: &pb.MlRelation_Transform{
			Operator: &pb.MlRelation_Transform_Transformer{Transformer: operator(t.Class, t.UID, pb.MlOperator_OPERATOR_TYPE_TRANSFORMER)},
			Input:    df.Relation(),
			Params:   params,
		}}}}}
	return df.Session().FromRelation(rel, "")
}

// Check analyzes t applied to df on the server, running no job, and
// reports a refused operator as a *NotAllowedError and other problems (a
// missing column, a bad parameter) as the Spark error. Transform itself is
// lazy: without Check, such errors surface at the first action, unwrapped.
func (t *Transformer) Check(ctx context.Context, df *frame.DataFrame) error {
	if _, err := t.Transform(df).SparkSchema(ctx); err != nil {
		return fmt.Errorf("ml: transforming with %s: %w", shortName(t.Class), classify(err, t.Class))
	}
	return nil
}

// Save writes the transformer to path on the server's file system.
func (t *Transformer) Save(ctx context.Context, s *frame.Session, path string, overwrite bool) error {
	return writeOperator(ctx, s, t.Class, t.UID, t.Params, pb.MlOperator_OPERATOR_TYPE_TRANSFORMER, path, overwrite)
}

// Evaluator is a Spark ML evaluator (RegressionEvaluator,
// BinaryClassificationEvaluator…), computing one metric of predictions.
type Evaluator struct {
	// Class is the evaluator's JVM class, such as
	// "org.apache.spark.ml.evaluation.RegressionEvaluator".
	Class string
	// UID is the evaluator's Spark uid.
	UID string
	// Params are the parameters set on the evaluator (metricName,
	// labelCol, predictionCol…).
	Params Params
}

// NewEvaluator returns an evaluator of the given class, by its short name
// ("RegressionEvaluator") or JVM class name, with a copy of params.
func NewEvaluator(class string, params Params) *Evaluator {
	c := ClassName(class)
	return &Evaluator{Class: c, UID: newUID(c), Params: params.clone()}
}

// String returns "<ShortClass>" followed by the parameters set.
func (e *Evaluator) String() string {
	s := "<" + shortName(e.Class) + ">"
	if len(e.Params) > 0 {
		s += " " + e.Params.String()
	}
	return s
}

// Render shows the evaluator in a notebook as its String.
func (e *Evaluator) Render() display.Bundle { return textBundle(e.String()) }

// Evaluate computes the evaluator's metric over df on the server.
func (e *Evaluator) Evaluate(ctx context.Context, df *frame.DataFrame) (float64, error) {
	if err := checkFrame(df); err != nil {
		return 0, fmt.Errorf("ml: evaluating with %s: %w", shortName(e.Class), err)
	}
	params, err := toMlParams(e.Params)
	if err != nil {
		return 0, err
	}
	if e.UID == "" {
		e.UID = newUID(e.Class)
	}
	res, err := run(ctx, df.Session(), &pb.MlCommand{Command: &pb.MlCommand_Evaluate_{Evaluate: &pb.MlCommand_Evaluate{
		Evaluator: operator(e.Class, e.UID, pb.MlOperator_OPERATOR_TYPE_EVALUATOR),
		Params:    params,
		Dataset:   df.Relation(),
	}}})
	if err != nil {
		return 0, fmt.Errorf("ml: evaluating with %s: %w", shortName(e.Class), classify(err, e.Class))
	}
	v, err := fromLiteral(res.GetParam())
	if err != nil {
		return 0, err
	}
	f, ok := asFloat(v)
	if !ok {
		return 0, fmt.Errorf("ml: %s returned %T, not a number", shortName(e.Class), v)
	}
	return f, nil
}

// MetricName returns the metric the evaluator computes: its metricName
// param, or Spark's default for the class.
func (e *Evaluator) MetricName() string {
	if m, ok := e.Params["metricName"].(string); ok && m != "" {
		return m
	}
	switch shortName(e.Class) {
	case "RegressionEvaluator":
		return "rmse"
	case "BinaryClassificationEvaluator":
		return "areaUnderROC"
	case "MulticlassClassificationEvaluator":
		return "f1"
	case "MultilabelClassificationEvaluator":
		return "f1Measure"
	case "ClusteringEvaluator":
		return "silhouette"
	case "RankingEvaluator":
		return "meanAveragePrecision"
	}
	return ""
}

// IsLargerBetter reports whether a larger value of the evaluator's metric
// is better, as PySpark decides it on the client (the server does not
// answer it): error metrics (rmse, mse, mae, logLoss, hammingLoss…) are
// smaller-is-better, the others larger-is-better.
func (e *Evaluator) IsLargerBetter() bool {
	switch e.MetricName() {
	case "rmse", "mse", "mae", "logLoss", "hammingLoss", "falsePositiveRateByLabel", "weightedFalsePositiveRate":
		return false
	}
	return true
}

// Save writes the evaluator to path on the server's file system.
func (e *Evaluator) Save(ctx context.Context, s *frame.Session, path string, overwrite bool) error {
	return writeOperator(ctx, s, e.Class, e.UID, e.Params, pb.MlOperator_OPERATOR_TYPE_EVALUATOR, path, overwrite)
}

// textBundle is a display bundle with only plain text.
func textBundle(s string) display.Bundle {
	return display.Bundle{Data: map[string]any{display.MIMEText: s}}
}
