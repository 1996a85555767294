package ml

import (
	"context"
	"fmt"
	"time"

	pb "github.com/sparkgo/sparkgo/connect/proto"
	"github.com/sparkgo/sparkgo/frame"
)

// Model is a fitted Spark ML model living in the server's ML cache of the
// session, referred to by its object id. Attributes are fetched from the
// server when first asked for and cached. A Model is safe for concurrent
// use. Close it to free the server object (the server also frees it when
// the session ends).
type Model struct {
	object
	class   string // JVM class of the model
	uid     string
	params  Params // explicit params of the estimator, or as read
	warning string
	formula *formulaFit // non-nil for models fitted with an R formula
}

func newModel(s *frame.Session, id, class, uid string, params Params) *Model {
	return &Model{object: newObject(s, id, shortName(class)), class: class, uid: uid, params: params.clone()}
}

// Class returns the model's JVM class, such as
// "org.apache.spark.ml.regression.LinearRegressionModel".
func (m *Model) Class() string { return m.class }

// Name returns the model's short class name, such as "LinearRegressionModel".
func (m *Model) Name() string { return shortName(m.class) }

// UID returns the model's Spark uid (the uid of the estimator that fitted it).
func (m *Model) UID() string { return m.uid }

// Params returns a copy of the parameters set on the estimator that fitted
// the model (or, for a loaded model, the parameters read back).
func (m *Model) Params() Params { return m.params.clone() }

// Warning returns the warning the server sent with the fit (Spark 4.1+),
// or "".
func (m *Model) Warning() string { return m.warning }

// TrainingData returns the DataFrame the model was fitted on (for a
// formula model, with its features and label columns); nil for a loaded
// model.
func (m *Model) TrainingData() *frame.DataFrame { return m.training }

// String describes the model in one line: its class, uid and formula.
func (m *Model) String() string {
	s := m.Name() + " (uid " + m.uid + ")"
	if m.formula != nil {
		s += ": " + m.formula.formula
	}
	return s
}

// Transform applies the model to df on the server and returns the raw
// result: df's columns plus the model's outputs (prediction, probability…).
// For a model fitted with a formula, df is first transformed by the
// formula, which adds its features and label columns (the label only when
// df has the response column); Predict drops those again. Transform is
// lazy: errors come with the first action.
func (m *Model) Transform(df *frame.DataFrame) *frame.DataFrame {
	return m.TransformWith(df, nil)
}

// TransformWith is Transform with parameters overriding the model's for
// this transformation only, such as Params{"predictionCol": "fit"}.
func (m *Model) TransformWith(df *frame.DataFrame, params Params) *frame.DataFrame {
	if df == nil || df.Err() != nil || df.Relation() == nil {
		return df
	}
	if m.formula != nil {
		df = m.formula.model.transformWith(df, nil)
	}
	return m.transformWith(df, params)
}

func (m *Model) transformWith(df *frame.DataFrame, params Params) *frame.DataFrame {
	if m.isClosed() {
		return failedFrame(df.Session(), ErrClosed)
	}
	p, err := toMlParams(params)
	if err != nil {
		return failedFrame(df.Session(), err)
	}
	rel := &pb.Relation{RelType: &pb.Relation_MlRelation{MlRelation: &pb.MlRelation{MlType: &pb.MlRelation_Transform_{
		Transform: &pb.MlRelation_Transform{
			Operator: &pb.MlRelation_Transform_ObjRef{ObjRef: &pb.ObjectRef{Id: m.id}},
			Input:    df.Relation(),
			Params:   p,
		}}}}}
	return df.Session().FromRelation(rel, "")
}

// Predict applies the model to df and keeps df's columns plus the model's
// outputs (prediction, and probability and rawPrediction for
// classifiers), dropping the helper columns a formula adds (features and
// label). For a model fitted without a formula it is Transform.
func (m *Model) Predict(df *frame.DataFrame) *frame.DataFrame {
	out := m.Transform(df)
	if m.formula == nil || out == nil || out.Err() != nil {
		return out
	}
	return out.Drop(m.formula.featuresCol, m.formula.labelCol)
}

// Save writes the fitted model to path on the server's file system (a
// directory in Spark's MLWriter layout, readable by Spark's
// <Model>.load and by Load). overwrite replaces an existing directory.
// For a model fitted with a formula, only the model is saved, not the
// formula: transform loaded models with data that has the features column,
// or save with SavePipeline (formula included) and load with
// LoadFormulaModel.
func (m *Model) Save(ctx context.Context, path string, overwrite bool) error {
	if m.isClosed() {
		return ErrClosed
	}
	_, err := run(ctx, m.s, &pb.MlCommand{Command: &pb.MlCommand_Write_{Write: &pb.MlCommand_Write{
		Type:            &pb.MlCommand_Write_ObjRef{ObjRef: &pb.ObjectRef{Id: m.id}},
		Path:            path,
		ShouldOverwrite: &overwrite,
	}}})
	if err != nil {
		return fmt.Errorf("ml: saving %s to %s: %w", m.Name(), path, classify(err, m.Name()))
	}
	return nil
}

// Load reads a fitted model saved by Save (or by Spark's MLWriter) from
// path on the server's file system. class is the model's class, by short
// name ("LinearRegressionModel") or JVM class name. Pipelines, pipeline
// models and tuning models load with LoadPipeline, LoadPipelineModel,
// LoadTuningModel, or LoadStage for anything.
func Load(ctx context.Context, s *frame.Session, class, path string) (*Model, error) {
	c := ClassName(class)
	res, err := run(ctx, s, &pb.MlCommand{Command: &pb.MlCommand_Read_{Read: &pb.MlCommand_Read{
		Operator: operator(c, "", pb.MlOperator_OPERATOR_TYPE_MODEL),
		Path:     path,
	}}})
	if err != nil {
		return nil, fmt.Errorf("ml: loading %s from %s: %w", shortName(c), path, classify(err, c))
	}
	info := res.GetOperatorInfo()
	id := info.GetObjRef().GetId()
	if id == "" {
		return nil, fmt.Errorf("ml: loading %s from %s: the server returned no model", shortName(c), path)
	}
	params := Params{}
	for k, l := range info.GetParams().GetParams() {
		if v, err := fromLiteral(l); err == nil {
			params[k] = v
		}
	}
	return newModel(s, id, c, info.GetUid(), params), nil
}

// Close frees the model's server object (and that of its formula), so the
// server's ML cache does not keep it until the session ends. Using the
// model afterwards gives ErrClosed. Close is safe to call more than once.
func (m *Model) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return m.CloseContext(ctx)
}

// CloseContext is Close with a context.
func (m *Model) CloseContext(ctx context.Context) error {
	if !m.markClosed() {
		return nil
	}
	ids := []string{m.id}
	if m.formula != nil && m.formula.model.markClosed() {
		ids = append(ids, m.formula.model.id)
	}
	return deleteRefs(ctx, m.s, m.Name(), ids...)
}
