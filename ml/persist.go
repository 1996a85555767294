package ml

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	pb "github.com/sparkgo/sparkgo/connect/proto"
	"github.com/sparkgo/sparkgo/frame"
)

// Pipelines are saved as PySpark saves them over Spark Connect
// (pyspark/ml/pipeline.py PipelineSharedReadWrite, pyspark/ml/util.py
// DefaultParamsWriter): path/metadata is a text file (written through a
// one-row DataFrame) holding one JSON object
//
//	{"class":"pyspark.ml.pipeline.PipelineModel","timestamp":…,"sparkVersion":"4.1.4",
//	 "uid":"PipelineModel_…","paramMap":{"stageUids":[…],"language":"Python"},"defaultParamMap":{}}
//
// and each stage is saved by the server (MlCommand.Write) under
// path/stages/NN_uid, NN being the stage's index padded to the number of
// digits of the stage count. Scala's layout is the same with the classes
// org.apache.spark.ml.Pipeline(Model); both are read.

// helperID is the server's ML helper object (MLCache.helperID).
const helperID = "______ML_CONNECT_HELPER______"

const (
	pyPipelineClass       = "pyspark.ml.pipeline.Pipeline"
	pyPipelineModelClass  = "pyspark.ml.pipeline.PipelineModel"
	jvmPipelineClass      = "org.apache.spark.ml.Pipeline"
	jvmPipelineModelClass = "org.apache.spark.ml.PipelineModel"
)

// formulaMeta is what sparkgo adds to the metadata of a formula model
// saved as a pipeline model (RFormulaModel + model), under the key
// "sparkgoFormula", which PySpark and Scala ignore.
type formulaMeta struct {
	Formula     string   `json:"formula"`
	Response    string   `json:"response"`
	FeaturesCol string   `json:"featuresCol"`
	LabelCol    string   `json:"labelCol"`
	Features    []string `json:"features,omitempty"`
}

// metadata is the JSON of a path/metadata file.
type metadata struct {
	Class           string         `json:"class"`
	Timestamp       int64          `json:"timestamp"`
	SparkVersion    string         `json:"sparkVersion"`
	UID             string         `json:"uid"`
	ParamMap        map[string]any `json:"paramMap"`
	DefaultParamMap map[string]any `json:"defaultParamMap"`
	Formula         *formulaMeta   `json:"sparkgoFormula,omitempty"`
	// Tuning models' extra metadata.
	AvgMetrics        []float64 `json:"avgMetrics,omitempty"`
	StdMetrics        []float64 `json:"stdMetrics,omitempty"`
	ValidationMetrics []float64 `json:"validationMetrics,omitempty"`
	PersistSubModels  *bool     `json:"persistSubModels,omitempty"`
}

// joinPath joins server path elements with "/", keeping URIs intact.
func joinPath(dir string, elems ...string) string {
	return strings.TrimRight(dir, "/") + "/" + strings.Join(elems, "/")
}

// stagePath is PipelineSharedReadWrite.getStagePath.
func stagePath(dir, uid string, idx, n int) string {
	return joinPath(dir, "stages", fmt.Sprintf("%0*d_%s", len(fmt.Sprint(n)), idx, uid))
}

// handleOverwrite removes path on the server when it exists, as PySpark's
// RemoteMLWriter.handleOverwrite does through the ML helper.
func handleOverwrite(ctx context.Context, s *frame.Session, path string) error {
	ms, err := methods("handleOverwrite", []any{path, true})
	if err != nil {
		return err
	}
	_, err = run(ctx, s, &pb.MlCommand{Command: &pb.MlCommand_Fetch{Fetch: &pb.Fetch{ObjRef: &pb.ObjectRef{Id: helperID}, Methods: ms}}})
	if err != nil {
		return fmt.Errorf("ml: overwriting %s: %w", path, err)
	}
	return nil
}

// writeMetadata writes path/metadata as DefaultParamsWriter.saveMetadata.
func writeMetadata(ctx context.Context, s *frame.Session, path string, md metadata) error {
	md.Timestamp = time.Now().UnixMilli()
	md.SparkVersion = sparkVersion(ctx, s)
	if md.DefaultParamMap == nil {
		md.DefaultParamMap = map[string]any{}
	}
	js, err := json.Marshal(md)
	if err != nil {
		return fmt.Errorf("ml: encoding the metadata of %s: %w", md.UID, err)
	}
	err = s.Sql(ctx, "SELECT ? AS value", string(js)).Coalesce(1).Write().Format("text").Save(ctx, joinPath(path, "metadata"))
	if err != nil {
		return fmt.Errorf("ml: writing the metadata of %s to %s: %w", md.UID, path, err)
	}
	return nil
}

// readMetadata reads path/metadata.
func readMetadata(ctx context.Context, s *frame.Session, path string) (*metadata, error) {
	if err := CheckVersion(ctx, s); err != nil {
		return nil, err
	}
	row, err := s.Read().Text(joinPath(path, "metadata")).First(ctx)
	if err != nil {
		return nil, fmt.Errorf("ml: reading the metadata of %s: %w", path, err)
	}
	text, _ := row["value"].(string)
	if text == "" {
		return nil, fmt.Errorf("ml: %s has no metadata", path)
	}
	var md metadata
	if err := json.Unmarshal([]byte(text), &md); err != nil {
		return nil, fmt.Errorf("ml: the metadata of %s is not JSON: %w", path, err)
	}
	if md.Class == "" {
		return nil, fmt.Errorf("ml: the metadata of %s names no class", path)
	}
	return &md, nil
}

// Save writes the unfitted pipeline to path on the server's file system
// in the layout PySpark's Pipeline.save writes, so that PySpark's
// Pipeline.load reads it (and LoadPipeline reads PySpark's). Its
// estimators and transformers are written by the server. overwrite
// replaces an existing directory.
func (p *Pipeline) Save(ctx context.Context, s *frame.Session, path string, overwrite bool) error {
	if err := checkStages(p.Stages); err != nil {
		return err
	}
	return saveStages(ctx, s, path, overwrite, metadata{Class: pyPipelineClass, UID: p.stageUID()}, p.Stages)
}

// Save writes the pipeline model to path on the server's file system in
// the layout PySpark's PipelineModel.save writes, so that PySpark's
// PipelineModel.load reads it (and LoadPipelineModel reads PySpark's).
// The fitted models are written by the server. A model fitted with a
// formula is saved as a nested pipeline model of its RFormulaModel and
// the model (see Model.SavePipeline). overwrite replaces an existing
// directory.
func (m *PipelineModel) Save(ctx context.Context, path string, overwrite bool) error {
	s := m.Session()
	if s == nil {
		return errors.New("ml: the pipeline model has no session (no fitted stage)")
	}
	if err := checkStages(m.stages); err != nil {
		return err
	}
	return saveStages(ctx, s, path, overwrite, metadata{Class: pyPipelineModelClass, UID: m.uid, Formula: m.extra}, m.stages)
}

func saveStages(ctx context.Context, s *frame.Session, path string, overwrite bool, md metadata, stages []Stage) error {
	if err := CheckVersion(ctx, s); err != nil {
		return err
	}
	saved := make([]Stage, len(stages))
	uids := make([]string, len(stages))
	for i, st := range stages {
		if m, ok := st.(*Model); ok && m.formula != nil {
			if m.isClosed() {
				return ErrClosed
			}
			st = m.AsPipelineModel()
		}
		saved[i] = st
		uids[i] = st.stageUID()
	}
	if overwrite {
		if err := handleOverwrite(ctx, s, path); err != nil {
			return err
		}
	}
	md.ParamMap = map[string]any{"stageUids": uids, "language": "Python"}
	if err := writeMetadata(ctx, s, path, md); err != nil {
		return err
	}
	for i, st := range saved {
		if err := saveStage(ctx, s, st, stagePath(path, uids[i], i, len(saved))); err != nil {
			return fmt.Errorf("ml: saving stage %d of %s: %w", i+1, md.UID, err)
		}
	}
	return nil
}

func saveStage(ctx context.Context, s *frame.Session, st Stage, path string) error {
	switch x := st.(type) {
	case *Estimator:
		return x.Save(ctx, s, path, false)
	case *Transformer:
		return x.Save(ctx, s, path, false)
	case *Model:
		return x.Save(ctx, path, false)
	case *Pipeline:
		return x.Save(ctx, s, path, false)
	case *PipelineModel:
		return saveStages(ctx, s, path, false, metadata{Class: pyPipelineModelClass, UID: x.uid, Formula: x.extra}, x.stages)
	}
	return fmt.Errorf("ml: cannot save a %T stage", st)
}

// AsPipelineModel returns the model as a pipeline model that does not own
// it: for a model fitted with a formula, its RFormulaModel followed by the
// model, so that the pipeline model's Transform and Predict on raw columns
// match the model's; otherwise the model alone.
func (m *Model) AsPipelineModel() *PipelineModel {
	if m.formula == nil {
		return NewPipelineModel(m)
	}
	f := m.formula
	bare := newModel(m.s, m.id, m.class, m.uid, m.params)
	pm := NewPipelineModel(f.model, bare)
	pm.s = m.s
	pm.extra = &formulaMeta{Formula: f.formula, Response: f.response, FeaturesCol: f.featuresCol, LabelCol: f.labelCol,
		Features: append([]string(nil), f.features...)}
	return pm
}

// SavePipeline writes the model to path as a pipeline model, in PySpark's
// layout: a model fitted with a formula is saved with its RFormulaModel
// (Model.Save saves the model alone), so that LoadFormulaModel, or
// LoadPipelineModel and PySpark's PipelineModel.load, restore a model
// whose Transform and Predict take the raw columns. The formula and the
// feature names are kept in the metadata too, under "sparkgoFormula".
func (m *Model) SavePipeline(ctx context.Context, path string, overwrite bool) error {
	if m.isClosed() {
		return ErrClosed
	}
	return m.AsPipelineModel().Save(ctx, path, overwrite)
}

// LoadPipeline reads an unfitted pipeline saved by Pipeline.Save, by
// PySpark's Pipeline.save or by Scala's, from path on the server's file
// system.
func LoadPipeline(ctx context.Context, s *frame.Session, path string) (*Pipeline, error) {
	st, err := LoadStage(ctx, s, path)
	if err != nil {
		return nil, err
	}
	p, ok := st.(*Pipeline)
	if !ok {
		closeStage(ctx, st)
		return nil, fmt.Errorf("ml: %s holds a %s, not a Pipeline", path, st.stageName())
	}
	return p, nil
}

// LoadPipelineModel reads a pipeline model saved by PipelineModel.Save or
// Model.SavePipeline, by PySpark's PipelineModel.save or by Scala's, from
// path on the server's file system. Its fitted models are loaded into the
// server's ML cache: Close the pipeline model when done.
func LoadPipelineModel(ctx context.Context, s *frame.Session, path string) (*PipelineModel, error) {
	md, err := readMetadata(ctx, s, path)
	if err != nil {
		return nil, err
	}
	if md.Class != pyPipelineModelClass && md.Class != jvmPipelineModelClass {
		return nil, fmt.Errorf("ml: %s holds a %s, not a PipelineModel", path, md.Class)
	}
	return loadPipelineModel(ctx, s, path, md)
}

// LoadFormulaModel reads a model saved by Model.SavePipeline (or any
// pipeline model of an RFormulaModel followed by one model, such as one
// PySpark saved) and returns it as a model fitted with a formula: its
// Transform and Predict take the raw columns, and its Formula and
// Features are restored (Features only when sparkgo saved it).
func LoadFormulaModel(ctx context.Context, s *frame.Session, path string) (*Model, error) {
	pm, err := LoadPipelineModel(ctx, s, path)
	if err != nil {
		return nil, err
	}
	m, err := formulaModelOf(pm)
	if err != nil {
		pm.CloseContext(ctx)
		return nil, fmt.Errorf("ml: %s: %w", path, err)
	}
	return m, nil
}

// formulaModelOf turns a loaded pipeline model of an RFormulaModel and a
// model into a formula model owning both.
func formulaModelOf(pm *PipelineModel) (*Model, error) {
	if len(pm.stages) != 2 {
		return nil, fmt.Errorf("a formula model is an RFormulaModel and a model; this pipeline model has %d stages", len(pm.stages))
	}
	rf, ok1 := pm.stages[0].(*Model)
	m, ok2 := pm.stages[1].(*Model)
	if !ok1 || !ok2 || rf.Name() != "RFormulaModel" || m.formula != nil {
		return nil, fmt.Errorf("a formula model is an RFormulaModel and a model; this pipeline model has %s and %s",
			pm.stages[0].stageName(), pm.stages[1].stageName())
	}
	str := func(name, def string) string {
		if s, ok := rf.params[name].(string); ok && s != "" {
			return s
		}
		return def
	}
	f := &formulaFit{model: rf, formula: str("formula", ""), featuresCol: str("featuresCol", "features"), labelCol: str("labelCol", "label")}
	if x := pm.extra; x != nil {
		f.formula, f.featuresCol, f.labelCol = x.Formula, x.FeaturesCol, x.LabelCol
		f.features = append([]string(nil), x.Features...)
	}
	f.response = formulaResponse(f.formula)
	m.formula = f
	return m, nil
}

// LoadStage reads whatever was saved at path on the server's file system
// (as sparklyr's ml_load): a Pipeline or PipelineModel (PySpark's or
// Scala's layout), or an estimator, transformer or fitted model written
// by Spark's MLWriter, its class read from its metadata. It returns an
// *Estimator, *Transformer, *Model, *Pipeline or *PipelineModel; a
// pipeline model saved by Model.SavePipeline comes back as a *Model with
// its formula.
func LoadStage(ctx context.Context, s *frame.Session, path string) (Stage, error) {
	md, err := readMetadata(ctx, s, path)
	if err != nil {
		return nil, err
	}
	st, err := loadStage(ctx, s, path, md)
	if err != nil {
		return nil, err
	}
	if pm, ok := st.(*PipelineModel); ok && pm.extra != nil {
		if m, err := formulaModelOf(pm); err == nil {
			return m, nil
		}
	}
	return st, nil
}

func loadStage(ctx context.Context, s *frame.Session, path string, md *metadata) (Stage, error) {
	switch md.Class {
	case pyPipelineClass, jvmPipelineClass:
		uid, stages, err := loadStages(ctx, s, path, md)
		if err != nil {
			return nil, err
		}
		return &Pipeline{UID: uid, Stages: stages}, nil
	case pyPipelineModelClass, jvmPipelineModelClass:
		pm, err := loadPipelineModel(ctx, s, path, md)
		if err != nil {
			return nil, err
		}
		if pm.extra != nil {
			// A formula model saved inside a pipeline model.
			if m, err := formulaModelOf(pm); err == nil {
				return m, nil
			}
		}
		return pm, nil
	}
	class := md.Class
	if strings.HasPrefix(class, "pyspark.") {
		return nil, fmt.Errorf("ml: %s holds a %s, a Python-only stage that Spark Connect cannot load", path, class)
	}
	t := operatorTypeOf(class)
	if t == pb.MlOperator_OPERATOR_TYPE_MODEL {
		return Load(ctx, s, class, path)
	}
	res, err := run(ctx, s, &pb.MlCommand{Command: &pb.MlCommand_Read_{Read: &pb.MlCommand_Read{
		Operator: operator(class, "", t),
		Path:     path,
	}}})
	if err != nil {
		return nil, fmt.Errorf("ml: loading %s from %s: %w", shortName(class), path, classify(err, class))
	}
	info := res.GetOperatorInfo()
	params := Params{}
	for k, l := range info.GetParams().GetParams() {
		if v, err := fromLiteral(l); err == nil {
			params[k] = v
		}
	}
	uid := info.GetUid()
	if uid == "" {
		uid = md.UID
	}
	switch t {
	case pb.MlOperator_OPERATOR_TYPE_ESTIMATOR:
		return &Estimator{Class: class, UID: uid, Params: params}, nil
	case pb.MlOperator_OPERATOR_TYPE_TRANSFORMER:
		return &Transformer{Class: class, UID: uid, Params: params}, nil
	}
	return nil, fmt.Errorf("ml: %s holds a %s, which is not a pipeline stage", path, shortName(class))
}

func loadPipelineModel(ctx context.Context, s *frame.Session, path string, md *metadata) (*PipelineModel, error) {
	uid, stages, err := loadStages(ctx, s, path, md)
	if err != nil {
		return nil, err
	}
	owned := make([]bool, len(stages))
	for i, st := range stages {
		switch st.(type) {
		case *Model, *PipelineModel:
			owned[i] = true
		case *Transformer:
		default:
			closeStages(ctx, stages)
			return nil, fmt.Errorf("ml: stage %d of the pipeline model at %s is a %s, not a transformer or model", i+1, path, st.stageName())
		}
	}
	return &PipelineModel{uid: uid, s: s, stages: stages, owned: owned, extra: md.Formula}, nil
}

// loadStages reads the stages of a saved pipeline (PipelineSharedReadWrite.load).
func loadStages(ctx context.Context, s *frame.Session, path string, md *metadata) (string, []Stage, error) {
	raw, ok := md.ParamMap["stageUids"].([]any)
	if !ok {
		return "", nil, fmt.Errorf("ml: the metadata of %s has no paramMap.stageUids", path)
	}
	var stages []Stage
	for i, u := range raw {
		uid, _ := u.(string)
		sp := stagePath(path, uid, i, len(raw))
		smd, err := readMetadata(ctx, s, sp)
		if err == nil {
			var st Stage
			st, err = loadStage(ctx, s, sp, smd)
			if err == nil {
				stages = append(stages, st)
				continue
			}
		}
		closeStages(ctx, stages)
		return "", nil, fmt.Errorf("ml: loading stage %d (%s) of %s: %w", i+1, uid, path, err)
	}
	return md.UID, stages, nil
}

// operatorTypeOf tells a JVM class's operator type by its name.
func operatorTypeOf(class string) pb.MlOperator_OperatorType {
	short := shortName(class)
	switch {
	case strings.HasPrefix(class, "org.apache.spark.ml.evaluation."):
		return pb.MlOperator_OPERATOR_TYPE_EVALUATOR
	case strings.HasSuffix(short, "Model"):
		return pb.MlOperator_OPERATOR_TYPE_MODEL
	case plainTransformers[short]:
		return pb.MlOperator_OPERATOR_TYPE_TRANSFORMER
	}
	return pb.MlOperator_OPERATOR_TYPE_ESTIMATOR
}

// plainTransformers are the transformers that need no fitting (the
// server's org.apache.spark.ml.Transformer allowlist, models aside).
var plainTransformers = map[string]bool{
	"DCT": true, "NGram": true, "Normalizer": true, "Interaction": true, "Binarizer": true, "Bucketizer": true,
	"VectorAssembler": true, "VectorSlicer": true, "VectorSizeHint": true, "Tokenizer": true, "RegexTokenizer": true,
	"SQLTransformer": true, "StopWordsRemover": true, "FeatureHasher": true, "ElementwiseProduct": true,
	"HashingTF": true, "IndexToString": true, "PolynomialExpansion": true, "PowerIterationClusteringWrapper": true,
}

func closeStage(ctx context.Context, st Stage) {
	switch x := st.(type) {
	case *Model:
		x.CloseContext(ctx)
	case *PipelineModel:
		x.CloseContext(ctx)
	}
}

func closeStages(ctx context.Context, stages []Stage) {
	for _, st := range stages {
		closeStage(ctx, st)
	}
}

const (
	pyCrossValidatorModelClass       = "pyspark.ml.tuning.CrossValidatorModel"
	pyTrainValidationSplitModelClass = "pyspark.ml.tuning.TrainValidationSplitModel"
)

// Estimator returns the tuned estimator (an *Estimator or a *Pipeline).
func (m *TuningModel) Estimator() Stage { return m.est }

// Evaluator returns the evaluator of the tuning.
func (m *TuningModel) Evaluator() *Evaluator { return m.ev }

// Grid returns the candidates, in order.
func (m *TuningModel) Grid() []ParamMap {
	out := make([]ParamMap, len(m.results))
	for i, r := range m.results {
		out[i] = append(ParamMap(nil), r.Params...)
	}
	return out
}

// Save writes the tuning model to path on the server's file system in the
// layout PySpark's CrossValidatorModel.save and
// TrainValidationSplitModel.save write (metadata with the parameter grid
// and the metrics, then evaluator/, estimator/ and bestModel/), so that
// PySpark's CrossValidatorModel.load (or TrainValidationSplitModel.load)
// reads it, and LoadTuningModel reads PySpark's. Grid values must be
// numbers, strings, booleans or slices of those. Sub-models are not kept.
func (m *TuningModel) Save(ctx context.Context, path string, overwrite bool) error {
	if m.est == nil || m.ev == nil || m.bestModel == nil {
		return errors.New("ml: the tuning model has no estimator, evaluator or best model to save")
	}
	no := false
	// The params of PySpark's CrossValidatorModel (seed, numFolds, foldCol)
	// and TrainValidationSplitModel (seed, trainRatio).
	md := metadata{UID: m.uid, PersistSubModels: &no, ParamMap: map[string]any{"seed": m.seed}}
	if m.kind == "CrossValidatorModel" {
		md.Class = pyCrossValidatorModelClass
		md.ParamMap["numFolds"] = m.numFolds
		md.ParamMap["foldCol"] = m.foldCol
		md.AvgMetrics, md.StdMetrics = m.AvgMetrics(), m.StdMetrics()
	} else {
		md.Class = pyTrainValidationSplitModelClass
		md.ParamMap["trainRatio"] = m.trainRatio
		md.ValidationMetrics = m.AvgMetrics()
	}
	if err := saveValidator(ctx, m.s, path, overwrite, md, m.est, m.ev, m.Grid()); err != nil {
		return err
	}
	best := m.bestModel
	if x, ok := best.(*Model); ok && x.formula != nil {
		best = x.AsPipelineModel()
	}
	return saveStage(ctx, m.s, best, joinPath(path, "bestModel"))
}

// saveValidator is _ValidatorSharedReadWrite.saveImpl: the metadata with
// the grid, then evaluator/ and estimator/.
func saveValidator(ctx context.Context, s *frame.Session, path string, overwrite bool, md metadata, est Stage, ev *Evaluator, grid []ParamMap) error {
	if est == nil || isNilStage(est) || ev == nil {
		return errors.New("ml: saving a tuning: no estimator or evaluator")
	}
	if err := CheckVersion(ctx, s); err != nil {
		return err
	}
	uids := map[string]Stage{}
	collectUIDs(est, uids)
	epms := make([][]map[string]any, len(grid))
	for i, pm := range grid {
		epms[i] = []map[string]any{}
		for _, p := range pm {
			if uids[stageUIDOf(p.Stage)] == nil {
				return fmt.Errorf("ml: saving a tuning: candidate %d sets %s on %s, which is not a stage of the tuned estimator", i+1, p.Name, stageLabel(p.Stage))
			}
			js, err := pythonJSON(p.Value)
			if err != nil {
				return fmt.Errorf("ml: saving a tuning: the value of %s in candidate %d: %w", p.Name, i+1, err)
			}
			epms[i] = append(epms[i], map[string]any{"parent": stageUIDOf(p.Stage), "name": p.Name, "value": js, "isJson": true})
		}
	}
	md.ParamMap["estimatorParamMaps"] = epms
	if overwrite {
		if err := handleOverwrite(ctx, s, path); err != nil {
			return err
		}
	}
	if err := writeMetadata(ctx, s, path, md); err != nil {
		return err
	}
	if err := ev.Save(ctx, s, joinPath(path, "evaluator"), false); err != nil {
		return err
	}
	return saveStage(ctx, s, est, joinPath(path, "estimator"))
}

// Save writes the unfitted cross validation (estimator, evaluator, grid
// and settings) to path on the server's file system in the layout
// PySpark's CrossValidator.save writes; LoadCrossValidator and PySpark's
// CrossValidator.load read it.
func (cv *CrossValidator) Save(ctx context.Context, s *frame.Session, path string, overwrite bool) error {
	if cv.UID == "" {
		cv.UID = newUID("CrossValidator")
	}
	md := metadata{Class: "pyspark.ml.tuning.CrossValidator", UID: cv.UID, ParamMap: map[string]any{
		"seed": cv.Seed, "numFolds": cv.NumFolds, "foldCol": cv.FoldCol, "parallelism": max(cv.Parallelism, 1), "collectSubModels": false}}
	return saveValidator(ctx, s, path, overwrite, md, cv.Estimator, cv.Evaluator, cv.Grid)
}

// Save writes the unfitted train-validation split to path on the
// server's file system in the layout PySpark's TrainValidationSplit.save
// writes; LoadTrainValidationSplit and PySpark's
// TrainValidationSplit.load read it.
func (tv *TrainValidationSplit) Save(ctx context.Context, s *frame.Session, path string, overwrite bool) error {
	if tv.UID == "" {
		tv.UID = newUID("TrainValidationSplit")
	}
	md := metadata{Class: "pyspark.ml.tuning.TrainValidationSplit", UID: tv.UID, ParamMap: map[string]any{
		"seed": tv.Seed, "trainRatio": tv.TrainRatio, "parallelism": max(tv.Parallelism, 1), "collectSubModels": false}}
	return saveValidator(ctx, s, path, overwrite, md, tv.Estimator, tv.Evaluator, tv.Grid)
}

// LoadCrossValidator reads an unfitted cross validation saved by
// CrossValidator.Save or PySpark's CrossValidator.save.
func LoadCrossValidator(ctx context.Context, s *frame.Session, path string) (*CrossValidator, error) {
	md, est, ev, grid, err := readUnfittedValidator(ctx, s, path, "CrossValidator")
	if err != nil {
		return nil, err
	}
	cv := &CrossValidator{UID: md.UID, Estimator: est, Evaluator: ev, Grid: grid, NumFolds: 3, Parallelism: 1}
	if _, ok := md.ParamMap["numFolds"]; ok {
		cv.NumFolds = int(paramNumber(md, "numFolds"))
	}
	cv.Seed = int64(paramNumber(md, "seed"))
	cv.Parallelism = max(int(paramNumber(md, "parallelism")), 1)
	cv.FoldCol, _ = md.ParamMap["foldCol"].(string)
	return cv, nil
}

// LoadTrainValidationSplit reads an unfitted train-validation split saved
// by TrainValidationSplit.Save or PySpark's TrainValidationSplit.save.
func LoadTrainValidationSplit(ctx context.Context, s *frame.Session, path string) (*TrainValidationSplit, error) {
	md, est, ev, grid, err := readUnfittedValidator(ctx, s, path, "TrainValidationSplit")
	if err != nil {
		return nil, err
	}
	tv := &TrainValidationSplit{UID: md.UID, Estimator: est, Evaluator: ev, Grid: grid, TrainRatio: 0.75}
	if _, ok := md.ParamMap["trainRatio"]; ok {
		tv.TrainRatio = paramNumber(md, "trainRatio")
	}
	tv.Seed = int64(paramNumber(md, "seed"))
	tv.Parallelism = max(int(paramNumber(md, "parallelism")), 1)
	return tv, nil
}

// paramNumber reads a number of a metadata's paramMap (a JSON number, or
// JSON text as Scala writes some).
func paramNumber(md *metadata, name string) float64 {
	switch v := md.ParamMap[name].(type) {
	case float64:
		return v
	case string:
		var f float64
		json.Unmarshal([]byte(v), &f)
		return f
	}
	return 0
}

// readUnfittedValidator reads the metadata, evaluator, estimator and grid
// of an unfitted tuning of the given kind ("CrossValidator" or
// "TrainValidationSplit"), saved by sparkgo, PySpark or Scala.
func readUnfittedValidator(ctx context.Context, s *frame.Session, path, kind string) (*metadata, Stage, *Evaluator, []ParamMap, error) {
	md, err := readMetadata(ctx, s, path)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	if md.Class != "pyspark.ml.tuning."+kind && md.Class != "org.apache.spark.ml.tuning."+kind {
		return nil, nil, nil, nil, fmt.Errorf("ml: %s holds a %s, not a %s", path, md.Class, kind)
	}
	est, ev, grid, err := loadValidator(ctx, s, path, md)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	return md, est, ev, grid, nil
}

// loadValidator is _ValidatorSharedReadWrite.load: the evaluator, the
// estimator and the grid.
func loadValidator(ctx context.Context, s *frame.Session, path string, md *metadata) (Stage, *Evaluator, []ParamMap, error) {
	ev, err := loadEvaluator(ctx, s, joinPath(path, "evaluator"))
	if err != nil {
		return nil, nil, nil, err
	}
	est, err := LoadStage(ctx, s, joinPath(path, "estimator"))
	if err != nil {
		return nil, nil, nil, err
	}
	uids := map[string]Stage{}
	collectUIDs(est, uids)
	raw, _ := md.ParamMap["estimatorParamMaps"].([]any)
	grid := make([]ParamMap, 0, len(raw))
	for i, c := range raw {
		entries, _ := c.([]any)
		pm := ParamMap{}
		for _, e := range entries {
			je, _ := e.(map[string]any)
			parent, _ := je["parent"].(string)
			name, _ := je["name"].(string)
			text, _ := je["value"].(string)
			if isJSON, ok := je["isJson"]; ok && isJSON != true && isJSON != "true" {
				closeStage(ctx, est)
				return nil, nil, nil, fmt.Errorf("ml: %s: candidate %d sets %s to a saved stage, which sparkgo does not read", path, i+1, name)
			}
			v, err := fromPythonJSON(text)
			if err != nil {
				closeStage(ctx, est)
				return nil, nil, nil, fmt.Errorf("ml: %s: candidate %d: the value of %s: %w", path, i+1, name, err)
			}
			pm = append(pm, ParamSetting{Stage: uids[parent], Name: name, Value: v})
		}
		grid = append(grid, pm)
	}
	return est, ev, grid, nil
}

// LoadTuningModel reads a cross validation or train-validation split
// model saved by TuningModel.Save or by PySpark's
// CrossValidatorModel.save or TrainValidationSplitModel.save, from path on
// the server's file system: its estimator, evaluator, grid, metrics and
// best model (loaded into the server's ML cache: Close the tuning model
// when done). The per-fold metrics are not saved: Results has no
// SplitMetrics.
func LoadTuningModel(ctx context.Context, s *frame.Session, path string) (*TuningModel, error) {
	md, err := readMetadata(ctx, s, path)
	if err != nil {
		return nil, err
	}
	m := &TuningModel{uid: md.UID, s: s}
	switch md.Class {
	case pyCrossValidatorModelClass, "org.apache.spark.ml.tuning.CrossValidatorModel":
		m.kind = "CrossValidatorModel"
	case pyTrainValidationSplitModelClass, "org.apache.spark.ml.tuning.TrainValidationSplitModel":
		m.kind = "TrainValidationSplitModel"
	default:
		return nil, fmt.Errorf("ml: %s holds a %s, not a CrossValidatorModel or TrainValidationSplitModel", path, md.Class)
	}
	est, ev, grid, err := loadValidator(ctx, s, path, md)
	if err != nil {
		return nil, err
	}
	m.est, m.ev, m.metricName, m.largerBetter = est, ev, ev.MetricName(), ev.IsLargerBetter()
	m.seed = int64(paramNumber(md, "seed"))
	metrics := md.ValidationMetrics
	if m.kind == "CrossValidatorModel" {
		m.numFolds = int(paramNumber(md, "numFolds"))
		m.foldCol, _ = md.ParamMap["foldCol"].(string)
		metrics = md.AvgMetrics
	} else {
		m.trainRatio = paramNumber(md, "trainRatio")
	}
	if len(grid) != len(metrics) {
		return nil, fmt.Errorf("ml: %s has %d candidates and %d metrics", path, len(grid), len(metrics))
	}
	for i, pm := range grid {
		r := TuningResult{Params: pm, Metric: metrics[i]}
		if i < len(md.StdMetrics) {
			r.StdDev = md.StdMetrics[i]
		}
		m.results = append(m.results, r)
	}
	m.best = bestOf(m.AvgMetrics(), m.largerBetter)
	best, err := LoadStage(ctx, s, joinPath(path, "bestModel"))
	if err != nil {
		closeStage(ctx, m.est)
		return nil, err
	}
	m.bestModel = best
	return m, nil
}

// pythonJSON encodes a grid value as Python's json.dumps does, so that
// PySpark reads floats back as floats: 1.0, not 1.
func pythonJSON(v any) (string, error) {
	switch x := v.(type) {
	case float32:
		return pythonJSON(float64(x))
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1e16 {
			return strconv.FormatFloat(x, 'f', 1, 64), nil
		}
	case []float64:
		parts := make([]string, len(x))
		for i, f := range x {
			p, err := pythonJSON(f)
			if err != nil {
				return "", err
			}
			parts[i] = p
		}
		return "[" + strings.Join(parts, ", ") + "]", nil
	}
	js, err := json.Marshal(v)
	return string(js), err
}

// fromPythonJSON decodes a grid value: whole numbers written without a
// point are ints, others float64.
func fromPythonJSON(text string) (any, error) {
	d := json.NewDecoder(strings.NewReader(text))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	return numbersOf(v), nil
}

func numbersOf(v any) any {
	switch x := v.(type) {
	case json.Number:
		if !strings.ContainsAny(string(x), ".eE") {
			if n, err := x.Int64(); err == nil {
				if n == int64(int32(n)) {
					return int(n)
				}
				return n
			}
		}
		f, _ := x.Float64()
		return f
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = numbersOf(e)
		}
		return homogenize(out)
	}
	return v
}

// collectUIDs maps the uids of a stage and its nested stages.
func collectUIDs(st Stage, out map[string]Stage) {
	out[st.stageUID()] = st
	if p, ok := st.(*Pipeline); ok {
		for _, x := range p.Stages {
			collectUIDs(x, out)
		}
	}
}

// loadEvaluator reads an evaluator written by Evaluator.Save.
func loadEvaluator(ctx context.Context, s *frame.Session, path string) (*Evaluator, error) {
	md, err := readMetadata(ctx, s, path)
	if err != nil {
		return nil, err
	}
	res, err := run(ctx, s, &pb.MlCommand{Command: &pb.MlCommand_Read_{Read: &pb.MlCommand_Read{
		Operator: operator(md.Class, "", pb.MlOperator_OPERATOR_TYPE_EVALUATOR),
		Path:     path,
	}}})
	if err != nil {
		return nil, fmt.Errorf("ml: loading %s from %s: %w", shortName(md.Class), path, classify(err, md.Class))
	}
	info := res.GetOperatorInfo()
	params := Params{}
	for k, l := range info.GetParams().GetParams() {
		if v, err := fromLiteral(l); err == nil {
			params[k] = v
		}
	}
	uid := info.GetUid()
	if uid == "" {
		uid = md.UID
	}
	return &Evaluator{Class: md.Class, UID: uid, Params: params}, nil
}
