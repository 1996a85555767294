package ml

import (
	"context"
	"fmt"
	"html"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/sparkgo/sparkgo/display"
	"github.com/sparkgo/sparkgo/frame"
)

// ParamSetting is one parameter value for one stage of a tuned estimator.
type ParamSetting struct {
	// Stage is the estimator or pipeline stage the parameter is set on.
	Stage Stage
	// Name is the parameter's Spark name, such as "regParam".
	Name string
	// Value is the parameter's value.
	Value any
}

// ParamMap is one point of a parameter grid: the parameters a tuning
// estimator sets on its estimator for one candidate.
type ParamMap []ParamSetting

// String formats the settings as "regParam=0.1, maxDepth=3".
func (pm ParamMap) String() string {
	parts := make([]string, len(pm))
	for i, s := range pm {
		parts[i] = fmt.Sprintf("%s=%v", s.Name, s.Value)
	}
	return strings.Join(parts, ", ")
}

// Get returns the value set for the parameter name (on any stage), and
// whether it is set.
func (pm ParamMap) Get(name string) (any, bool) {
	for _, s := range pm {
		if s.Name == name {
			return s.Value, true
		}
	}
	return nil, false
}

// ParamGridBuilder builds a parameter grid, as Spark's ParamGridBuilder:
//
//	grid := ml.ParamGrid().Add(lr, "regParam", 0.0, 0.1, 1.0).Add(lr, "elasticNetParam", 0.0, 1.0).Build()
type ParamGridBuilder struct {
	axes []gridAxis
}

type gridAxis struct {
	stage  Stage
	name   string
	values []any
}

// ParamGrid returns an empty parameter grid builder.
func ParamGrid() *ParamGridBuilder { return &ParamGridBuilder{} }

// Add adds a parameter of stage (an estimator, or a stage of a tuned
// pipeline) with the values to try, and returns the builder. Adding the
// same parameter of the same stage again replaces its values.
func (g *ParamGridBuilder) Add(stage Stage, name string, values ...any) *ParamGridBuilder {
	for i, a := range g.axes {
		if a.stage == stage && a.name == name {
			g.axes[i].values = append([]any(nil), values...)
			return g
		}
	}
	g.axes = append(g.axes, gridAxis{stage: stage, name: name, values: append([]any(nil), values...)})
	return g
}

// Build returns every combination of the values added, the last parameter
// added varying fastest (as PySpark's itertools.product); a grid with no
// parameters is one empty ParamMap.
func (g *ParamGridBuilder) Build() []ParamMap {
	out := []ParamMap{{}}
	for _, a := range g.axes {
		var next []ParamMap
		for _, pm := range out {
			for _, v := range a.values {
				m := append(append(ParamMap(nil), pm...), ParamSetting{Stage: a.stage, Name: a.name, Value: v})
				next = append(next, m)
			}
		}
		out = next
	}
	return out
}

// withParams returns a copy of the estimator (or pipeline) with the
// settings of pm applied to the stages they name; used counts the settings
// applied.
func withParams(st Stage, pm ParamMap, used []bool) Stage {
	override := func(uid string, p Params) Params {
		out := p.clone()
		for i, s := range pm {
			if s.Stage != nil && !isNilStage(s.Stage) && s.Stage.stageUID() == uid {
				out[s.Name] = s.Value
				used[i] = true
			}
		}
		return out
	}
	switch x := st.(type) {
	case *Estimator:
		return &Estimator{Class: x.Class, UID: x.stageUID(), Params: override(x.UID, x.Params)}
	case *Transformer:
		return &Transformer{Class: x.Class, UID: x.stageUID(), Params: override(x.UID, x.Params)}
	case *Pipeline:
		stages := make([]Stage, len(x.Stages))
		for i, s := range x.Stages {
			stages[i] = withParams(s, pm, used)
		}
		return &Pipeline{UID: x.stageUID(), Stages: stages}
	}
	return st
}

// fitStage fits an estimator or a pipeline.
func fitStage(ctx context.Context, st Stage, df *frame.DataFrame) (Stage, error) {
	switch x := st.(type) {
	case *Estimator:
		return x.Fit(ctx, df)
	case *Pipeline:
		return x.Fit(ctx, df)
	}
	return nil, fmt.Errorf("ml: cannot tune a %s: the estimator must be an *Estimator or a *Pipeline", st.stageName())
}

// CrossValidator is k-fold cross validation, as Spark's CrossValidator
// and sparklyr's ml_cross_validator, run on the client as PySpark does
// (there is no wire form): for each fold, every candidate of the grid is
// fitted on the other folds and evaluated on the fold; the candidate with
// the best average metric is refitted on all the data.
type CrossValidator struct {
	// UID is the cross validator's uid; it names the fold column.
	UID string
	// Estimator is the estimator to tune: an *Estimator or a *Pipeline.
	Estimator Stage
	// Grid are the candidates (see ParamGrid); none means the estimator as
	// it is.
	Grid []ParamMap
	// Evaluator computes the metric; its IsLargerBetter tells whether the
	// best metric is the largest or the smallest.
	Evaluator *Evaluator
	// NumFolds is the number of folds, at least 2 (NewCrossValidator sets 3).
	NumFolds int
	// Seed seeds the random fold assignment: the same seed on the same
	// data gives the same folds.
	Seed int64
	// Parallelism is how many candidates are fitted at once (at least 1).
	Parallelism int
	// FoldCol, when set, names an integer column of fold numbers (0 to
	// NumFolds-1) to use instead of random folds.
	FoldCol string
}

// NewCrossValidator returns a 3-fold cross validation of est (an
// *Estimator or a *Pipeline) over grid with evaluator ev, seed 0 and
// parallelism 1.
func NewCrossValidator(est Stage, grid []ParamMap, ev *Evaluator) *CrossValidator {
	return &CrossValidator{UID: newUID("CrossValidator"), Estimator: est, Grid: grid, Evaluator: ev, NumFolds: 3, Parallelism: 1}
}

// String describes the cross validation.
func (cv *CrossValidator) String() string {
	return fmt.Sprintf("CrossValidator (uid %s): %s, %d candidates, %d folds, seed %d, evaluator %v",
		cv.UID, stageLabel(cv.Estimator), len(cv.Grid), cv.NumFolds, cv.Seed, cv.Evaluator)
}

func stageLabel(st Stage) string {
	if st == nil || isNilStage(st) {
		return "no estimator"
	}
	return stageLine(st)
}

// split is one training and validation pair.
type split struct{ train, valid *frame.DataFrame }

// Fit runs the cross validation on df and returns the tuning model, with
// the per-candidate metrics and the best candidate refitted on all of df.
// The models fitted for the folds are freed as soon as they are
// evaluated.
func (cv *CrossValidator) Fit(ctx context.Context, df *frame.DataFrame) (*TuningModel, error) {
	if err := checkFrame(df); err != nil {
		return nil, fmt.Errorf("ml: cross validation: %w", err)
	}
	if cv.NumFolds < 2 {
		return nil, fmt.Errorf("ml: cross validation needs at least 2 folds, not %d", cv.NumFolds)
	}
	if cv.UID == "" {
		cv.UID = newUID("CrossValidator")
	}
	splits := make([]split, cv.NumFolds)
	if cv.FoldCol != "" {
		// As PySpark: a fold number out of range fails the query.
		c := frame.Col(cv.FoldCol)
		checked := df.WithColumn(cv.FoldCol, frame.Expr(fmt.Sprintf(
			"CASE WHEN `%[1]s` >= 0 AND `%[1]s` < %[2]d THEN `%[1]s` ELSE raise_error(printf('Fold number must be in range [0, %[2]d), but got %%s', `%[1]s`)) END",
			strings.ReplaceAll(cv.FoldCol, "`", "``"), cv.NumFolds)))
		for i := range splits {
			splits[i] = split{train: checked.Filter(c.Ne(i)), valid: checked.Filter(c.Eq(i))}
		}
	} else {
		randCol := cv.UID + "_rand"
		d := df.WithColumn(randCol, frame.Rand(cv.Seed))
		h := 1.0 / float64(cv.NumFolds)
		for i := range splits {
			r := frame.Col(randCol)
			cond := r.Ge(float64(i) * h).And(r.Lt(float64(i+1) * h))
			splits[i] = split{train: d.Filter(cond.Not()).Drop(randCol), valid: d.Filter(cond).Drop(randCol)}
		}
	}
	t := tuning{kind: "CrossValidatorModel", uid: cv.UID, est: cv.Estimator, grid: cv.Grid, ev: cv.Evaluator, parallelism: cv.Parallelism}
	m, err := t.run(ctx, df, splits)
	if err != nil {
		return nil, err
	}
	m.numFolds, m.seed, m.foldCol = cv.NumFolds, cv.Seed, cv.FoldCol
	return m, nil
}

// TrainValidationSplit tunes an estimator on one random split of the
// data, as Spark's TrainValidationSplit: every candidate of the grid is
// fitted on the training part (TrainRatio of the rows) and evaluated on
// the rest; the best is refitted on all the data. It runs on the client.
type TrainValidationSplit struct {
	// UID is the split's uid; it names the split column.
	UID string
	// Estimator is the estimator to tune: an *Estimator or a *Pipeline.
	Estimator Stage
	// Grid are the candidates (see ParamGrid).
	Grid []ParamMap
	// Evaluator computes the metric.
	Evaluator *Evaluator
	// TrainRatio is the fraction of rows used for training, between 0
	// and 1 (NewTrainValidationSplit sets 0.75).
	TrainRatio float64
	// Seed seeds the random split.
	Seed int64
	// Parallelism is how many candidates are fitted at once (at least 1).
	Parallelism int
}

// NewTrainValidationSplit returns a train-validation split of est over
// grid with evaluator ev, train ratio 0.75, seed 0 and parallelism 1.
func NewTrainValidationSplit(est Stage, grid []ParamMap, ev *Evaluator) *TrainValidationSplit {
	return &TrainValidationSplit{UID: newUID("TrainValidationSplit"), Estimator: est, Grid: grid, Evaluator: ev, TrainRatio: 0.75, Parallelism: 1}
}

// String describes the train-validation split.
func (tv *TrainValidationSplit) String() string {
	return fmt.Sprintf("TrainValidationSplit (uid %s): %s, %d candidates, train ratio %v, seed %d, evaluator %v",
		tv.UID, stageLabel(tv.Estimator), len(tv.Grid), tv.TrainRatio, tv.Seed, tv.Evaluator)
}

// Fit runs the train-validation split on df and returns the tuning
// model.
func (tv *TrainValidationSplit) Fit(ctx context.Context, df *frame.DataFrame) (*TuningModel, error) {
	if err := checkFrame(df); err != nil {
		return nil, fmt.Errorf("ml: train-validation split: %w", err)
	}
	if !(tv.TrainRatio > 0 && tv.TrainRatio < 1) {
		return nil, fmt.Errorf("ml: train-validation split: the train ratio must be between 0 and 1, not %v", tv.TrainRatio)
	}
	if tv.UID == "" {
		tv.UID = newUID("TrainValidationSplit")
	}
	randCol := tv.UID + "_rand"
	d := df.WithColumn(randCol, frame.Rand(tv.Seed))
	cond := frame.Col(randCol).Ge(tv.TrainRatio)
	splits := []split{{train: d.Filter(cond.Not()).Drop(randCol), valid: d.Filter(cond).Drop(randCol)}}
	t := tuning{kind: "TrainValidationSplitModel", uid: tv.UID, est: tv.Estimator, grid: tv.Grid, ev: tv.Evaluator, parallelism: tv.Parallelism}
	m, err := t.run(ctx, df, splits)
	if err != nil {
		return nil, err
	}
	m.trainRatio, m.seed = tv.TrainRatio, tv.Seed
	return m, nil
}

// tuning is what CrossValidator and TrainValidationSplit share.
type tuning struct {
	kind, uid   string
	est         Stage
	grid        []ParamMap
	ev          *Evaluator
	parallelism int
}

func (t tuning) run(ctx context.Context, df *frame.DataFrame, splits []split) (*TuningModel, error) {
	what := strings.TrimSuffix(t.kind, "Model")
	if t.est == nil || isNilStage(t.est) {
		return nil, fmt.Errorf("ml: %s: no estimator", what)
	}
	switch t.est.(type) {
	case *Estimator, *Pipeline:
	default:
		return nil, fmt.Errorf("ml: %s: cannot tune a %s: the estimator must be an *Estimator or a *Pipeline", what, t.est.stageName())
	}
	if t.ev == nil {
		return nil, fmt.Errorf("ml: %s: no evaluator", what)
	}
	grid := t.grid
	if len(grid) == 0 {
		grid = []ParamMap{{}}
	}
	ests := make([]Stage, len(grid))
	for i, pm := range grid {
		used := make([]bool, len(pm))
		ests[i] = withParams(t.est, pm, used)
		for j, u := range used {
			if !u {
				return nil, fmt.Errorf("ml: %s: candidate %d sets %s on %s, which is not a stage of the tuned estimator",
					what, i+1, pm[j].Name, stageLabel(pm[j].Stage))
			}
		}
	}
	par := max(t.parallelism, 1)
	metrics := make([][]float64, len(grid))
	for i := range metrics {
		metrics[i] = make([]float64, len(splits))
	}
	for f, sp := range splits {
		// As PySpark, the split's data is cached while its candidates run.
		sp = split{train: cached(ctx, sp.train), valid: cached(ctx, sp.valid)}
		ctx, cancel := context.WithCancel(ctx)
		sem := make(chan struct{}, par)
		var wg sync.WaitGroup
		var mu sync.Mutex
		var firstErr error
		for i := range ests {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				v, err := fitAndEvaluate(ctx, ests[i], t.ev, sp)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					if firstErr == nil {
						firstErr = fmt.Errorf("ml: %s: candidate %d (%v), split %d: %w", what, i+1, grid[i], f+1, err)
						cancel()
					}
					return
				}
				metrics[i][f] = v
			}()
		}
		wg.Wait()
		cancel()
		uncache(ctx, sp.train)
		uncache(ctx, sp.valid)
		if firstErr != nil {
			return nil, firstErr
		}
	}
	m := &TuningModel{kind: t.kind, uid: t.uid, s: df.Session(), metricName: t.ev.MetricName(), largerBetter: t.ev.IsLargerBetter(),
		est: t.est, ev: t.ev, parallelism: par}
	for i, pm := range grid {
		r := TuningResult{Params: pm, SplitMetrics: metrics[i]}
		for _, v := range metrics[i] {
			r.Metric += v
		}
		r.Metric /= float64(len(splits))
		for _, v := range metrics[i] {
			r.StdDev += (v - r.Metric) * (v - r.Metric)
		}
		r.StdDev = math.Sqrt(r.StdDev / float64(len(splits)))
		m.results = append(m.results, r)
	}
	m.best = bestOf(m.AvgMetrics(), m.largerBetter)
	best, err := fitStage(ctx, ests[m.best], df)
	if err != nil {
		return nil, fmt.Errorf("ml: %s: refitting the best candidate (%v): %w", what, grid[m.best], err)
	}
	m.bestModel = best
	return m, nil
}

// bestOf returns the position of the best metric (the first of equals).
func bestOf(metrics []float64, largerBetter bool) int {
	best := 0
	for i, v := range metrics {
		if (largerBetter && v > metrics[best]) || (!largerBetter && v < metrics[best]) {
			best = i
		}
	}
	return best
}

// cached persists df for the candidates of a split; df itself when the
// server refuses.
func cached(ctx context.Context, df *frame.DataFrame) *frame.DataFrame {
	if c := df.Persist(ctx, "MEMORY_AND_DISK"); c.Err() == nil {
		return c
	}
	return df
}

func uncache(ctx context.Context, df *frame.DataFrame) {
	df.Unpersist(context.WithoutCancel(ctx), false)
}

// fitAndEvaluate fits est on the training part, evaluates it on the
// validation part and frees the model.
func fitAndEvaluate(ctx context.Context, est Stage, ev *Evaluator, sp split) (float64, error) {
	model, err := fitStage(ctx, est, sp.train)
	if err != nil {
		return 0, err
	}
	defer closeStage(context.WithoutCancel(ctx), model)
	evc := &Evaluator{Class: ev.Class, UID: ev.UID, Params: ev.Params}
	return evc.Evaluate(ctx, transformStage(model, sp.valid))
}

// TuningResult is the outcome of one candidate of a tuning.
type TuningResult struct {
	// Params are the candidate's settings.
	Params ParamMap
	// Metric is the evaluator's metric, averaged over the folds of a
	// cross validation.
	Metric float64
	// StdDev is the (population) standard deviation of the metric over the
	// folds; 0 for a train-validation split.
	StdDev float64
	// SplitMetrics are the metric of each fold (one value for a
	// train-validation split).
	SplitMetrics []float64
}

// TuningModel is a fitted CrossValidator or TrainValidationSplit: the
// metrics of every candidate and the best candidate refitted on all the
// data. Close frees the best model's server objects.
type TuningModel struct {
	kind, uid    string
	s            *frame.Session
	metricName   string
	largerBetter bool
	est          Stage
	ev           *Evaluator
	parallelism  int
	numFolds     int
	foldCol      string
	trainRatio   float64
	seed         int64
	results      []TuningResult
	best         int
	bestModel    Stage
}

// Name returns "CrossValidatorModel" or "TrainValidationSplitModel".
func (m *TuningModel) Name() string { return m.kind }

// UID returns the uid of the cross validator or train-validation split.
func (m *TuningModel) UID() string { return m.uid }

// MetricName returns the evaluator's metric, such as "rmse".
func (m *TuningModel) MetricName() string { return m.metricName }

// IsLargerBetter reports whether the best metric was the largest.
func (m *TuningModel) IsLargerBetter() bool { return m.largerBetter }

// Results returns the candidates' results, in grid order.
func (m *TuningModel) Results() []TuningResult {
	out := make([]TuningResult, len(m.results))
	for i, r := range m.results {
		r.Params = append(ParamMap(nil), r.Params...)
		r.SplitMetrics = append([]float64(nil), r.SplitMetrics...)
		out[i] = r
	}
	return out
}

// AvgMetrics returns the metric of each candidate (averaged over the folds
// of a cross validation), in grid order, as Spark's avgMetrics.
func (m *TuningModel) AvgMetrics() []float64 {
	out := make([]float64, len(m.results))
	for i, r := range m.results {
		out[i] = r.Metric
	}
	return out
}

// StdMetrics returns the standard deviation of each candidate's metric
// over the folds, as Spark's stdMetrics (zeros for a train-validation
// split).
func (m *TuningModel) StdMetrics() []float64 {
	out := make([]float64, len(m.results))
	for i, r := range m.results {
		out[i] = r.StdDev
	}
	return out
}

// BestIndex returns the position of the best candidate in the grid.
func (m *TuningModel) BestIndex() int { return m.best }

// BestParams returns the best candidate's settings.
func (m *TuningModel) BestParams() ParamMap {
	return append(ParamMap(nil), m.results[m.best].Params...)
}

// BestMetric returns the best candidate's metric.
func (m *TuningModel) BestMetric() float64 { return m.results[m.best].Metric }

// Best returns the best candidate refitted on all the data: a *Model
// when the tuned estimator is an *Estimator, a *PipelineModel when it is
// a *Pipeline.
func (m *TuningModel) Best() Stage { return m.bestModel }

// BestModel returns the best fitted model: the refitted model of an
// *Estimator, or the predictor of a refitted pipeline (see
// PipelineModel.LastModel).
func (m *TuningModel) BestModel() *Model {
	switch x := m.bestModel.(type) {
	case *Model:
		return x
	case *PipelineModel:
		return x.LastModel()
	}
	return nil
}

// BestPipelineModel returns the refitted pipeline model when the tuned
// estimator is a *Pipeline, else nil.
func (m *TuningModel) BestPipelineModel() *PipelineModel {
	x, _ := m.bestModel.(*PipelineModel)
	return x
}

// Transform applies the best model to df (see Model.Transform and
// PipelineModel.Transform).
func (m *TuningModel) Transform(df *frame.DataFrame) *frame.DataFrame {
	return transformStage(m.bestModel, df)
}

// Predict applies the best model to df without helper columns (see
// Model.Predict and PipelineModel.Predict).
func (m *TuningModel) Predict(df *frame.DataFrame) *frame.DataFrame {
	switch x := m.bestModel.(type) {
	case *Model:
		return x.Predict(df)
	case *PipelineModel:
		return x.Predict(df)
	}
	return transformStage(m.bestModel, df)
}

// Close frees the best model's server objects.
func (m *TuningModel) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	switch x := m.bestModel.(type) {
	case *Model:
		return x.CloseContext(ctx)
	case *PipelineModel:
		return x.CloseContext(ctx)
	}
	return nil
}

// paramColumns names a column per tuned parameter: its name, or
// Stage.name when two stages share the name.
func (m *TuningModel) paramColumns() (names []string, keys []gridKey) {
	count := map[string]int{}
	seen := map[gridKey]bool{}
	for _, r := range m.results {
		for _, s := range r.Params {
			k := gridKey{uid: stageUIDOf(s.Stage), name: s.Name}
			if seen[k] {
				continue
			}
			seen[k] = true
			keys = append(keys, k)
			names = append(names, s.Name)
			count[s.Name]++
		}
	}
	for i, k := range keys {
		if count[k.name] > 1 {
			names[i] = k.uid + "." + k.name
		}
	}
	return names, keys
}

type gridKey struct{ uid, name string }

func stageUIDOf(st Stage) string {
	if st == nil || isNilStage(st) {
		return ""
	}
	return st.stageUID()
}

func (m *TuningModel) value(r TuningResult, k gridKey) (any, bool) {
	for _, s := range r.Params {
		if s.Name == k.name && stageUIDOf(s.Stage) == k.uid {
			return s.Value, true
		}
	}
	return nil, false
}

// MetricsFrame returns the per-candidate metrics as a DataFrame, as
// sparklyr's avg_metrics_df: one column per tuned parameter (DOUBLE when
// all its values are numbers, BOOLEAN when booleans, else STRING), the
// metric (named after it, such as "rmse"), and for a cross validation its
// standard deviation over the folds ("stdDev").
func (m *TuningModel) MetricsFrame(ctx context.Context) *frame.DataFrame {
	names, keys := m.paramColumns()
	var ddl []string
	kinds := make([]string, len(keys))
	for i, k := range keys {
		kind := ""
		for _, r := range m.results {
			v, ok := m.value(r, k)
			if !ok {
				continue
			}
			var vk string
			switch v.(type) {
			case float64, float32, int, int32, int64:
				vk = "DOUBLE"
			case bool:
				vk = "BOOLEAN"
			default:
				vk = "STRING"
			}
			if kind == "" {
				kind = vk
			} else if kind != vk {
				kind = "STRING"
			}
		}
		if kind == "" {
			kind = "STRING"
		}
		kinds[i] = kind
		ddl = append(ddl, "`"+strings.ReplaceAll(names[i], "`", "``")+"` "+kind)
	}
	metricCol := m.metricName
	if metricCol == "" {
		metricCol = "metric"
	}
	ddl = append(ddl, "`"+metricCol+"` DOUBLE")
	if m.numFolds > 0 {
		ddl = append(ddl, "`stdDev` DOUBLE")
	}
	rows := make([][]any, len(m.results))
	for i, r := range m.results {
		row := make([]any, 0, len(keys)+2)
		for j, k := range keys {
			v, ok := m.value(r, k)
			switch {
			case !ok:
				row = append(row, nil)
			case kinds[j] == "DOUBLE":
				f, _ := asFloat(widen(v))
				row = append(row, f)
			case kinds[j] == "BOOLEAN":
				row = append(row, v)
			default:
				row = append(row, fmt.Sprint(v))
			}
		}
		row = append(row, r.Metric)
		if m.numFolds > 0 {
			row = append(row, r.StdDev)
		}
		rows[i] = row
	}
	return m.s.CreateDataFrame(ctx, rows, frame.CopyOptions{Schema: strings.Join(ddl, ", ")})
}

func widen(v any) any {
	switch x := v.(type) {
	case float32:
		return float64(x)
	case int32:
		return int(x)
	}
	return v
}

// String describes the tuning model in one line.
func (m *TuningModel) String() string {
	return fmt.Sprintf("%s (uid %s): best %s = %s with %v", m.kind, m.uid, m.metricName, shortFloat(m.BestMetric()), m.BestParams())
}

func shortFloat(f float64) string { return fmt.Sprintf("%.6g", f) }

// table returns the header and rows of the metrics table.
func (m *TuningModel) table() ([]string, [][]string) {
	names, keys := m.paramColumns()
	head := append(append([]string(nil), names...), m.metricName)
	if m.numFolds > 0 {
		head = append(head, "stdDev")
	}
	head = append(head, "")
	var rows [][]string
	for i, r := range m.results {
		var row []string
		for _, k := range keys {
			if v, ok := m.value(r, k); ok {
				row = append(row, fmt.Sprint(v))
			} else {
				row = append(row, "")
			}
		}
		row = append(row, shortFloat(r.Metric))
		if m.numFolds > 0 {
			row = append(row, shortFloat(r.StdDev))
		}
		mark := ""
		if i == m.best {
			mark = "← best"
		}
		rows = append(rows, append(row, mark))
	}
	return head, rows
}

func (m *TuningModel) header() []string {
	dir := "smaller is better"
	if m.largerBetter {
		dir = "larger is better"
	}
	lines := []string{"Estimator: " + stageLabel(m.est), "Evaluator: " + m.ev.String() + " (" + m.metricName + ", " + dir + ")"}
	if m.numFolds > 0 {
		if m.foldCol != "" {
			lines = append(lines, fmt.Sprintf("%d folds from column %s", m.numFolds, m.foldCol))
		} else {
			lines = append(lines, fmt.Sprintf("%d folds, seed %d", m.numFolds, m.seed))
		}
	} else {
		lines = append(lines, fmt.Sprintf("train ratio %v, seed %d", m.trainRatio, m.seed))
	}
	best := "Best model: none"
	if m.bestModel != nil {
		best = "Best model: " + stageLine(m.bestModel)
	}
	return append(lines, best)
}

// Text renders the tuning model's card as plain text: the estimator,
// evaluator and split, and the metrics table with the best candidate
// marked.
func (m *TuningModel) Text() string {
	var b strings.Builder
	b.WriteString("── " + m.kind + " (uid " + m.uid + ") ──\n")
	for _, l := range m.header() {
		b.WriteString(l + "\n")
	}
	b.WriteString("\n")
	head, rows := m.table()
	all := append([][]string{head}, rows...)
	widths := make([]int, len(head))
	for _, r := range all {
		for j, c := range r {
			widths[j] = max(widths[j], len([]rune(c)))
		}
	}
	for _, r := range all {
		line := ""
		for j, c := range r {
			line += strings.Repeat(" ", widths[j]-len([]rune(c))) + c + "  "
		}
		b.WriteString(strings.TrimRight(line, " ") + "\n")
	}
	return b.String()
}

// HTML renders the tuning model's card as an HTML fragment.
func (m *TuningModel) HTML() string {
	var b strings.Builder
	b.WriteString(`<div class="sparkgo-tuning"><h4>` + html.EscapeString(m.kind) + ` <code>` + html.EscapeString(m.uid) + `</code></h4><p>`)
	for i, l := range m.header() {
		if i > 0 {
			b.WriteString("<br>")
		}
		b.WriteString(html.EscapeString(l))
	}
	b.WriteString("</p><table><thead><tr>")
	head, rows := m.table()
	for _, h := range head {
		b.WriteString("<th>" + html.EscapeString(h) + "</th>")
	}
	b.WriteString("</tr></thead><tbody>")
	for i, r := range rows {
		if i == m.best {
			b.WriteString(`<tr style="font-weight:bold">`)
		} else {
			b.WriteString("<tr>")
		}
		for _, c := range r {
			b.WriteString(`<td style="text-align:right">` + html.EscapeString(c) + "</td>")
		}
		b.WriteString("</tr>")
	}
	b.WriteString("</tbody></table></div>")
	return b.String()
}

// Render shows the tuning model in a notebook as its card (text and
// HTML).
func (m *TuningModel) Render() display.Bundle {
	return display.Bundle{Data: map[string]any{display.MIMEText: m.Text(), display.MIMEHTML: m.HTML()}}
}
