package ml

import (
	"context"
	"errors"
	"fmt"
	"html"
	"strings"
	"time"

	"github.com/sparkgo/sparkgo/display"
	"github.com/sparkgo/sparkgo/frame"
)

// Stage is a stage of a Pipeline: an *Estimator (fitted by Pipeline.Fit),
// a *Transformer, a fitted *Model, or a nested *Pipeline or
// *PipelineModel. No other type implements it.
type Stage interface {
	stageUID() string
	stageName() string
}

func (e *Estimator) stageUID() string {
	if e.UID == "" {
		e.UID = newUID(e.Class)
	}
	return e.UID
}
func (e *Estimator) stageName() string { return shortName(e.Class) }

func (t *Transformer) stageUID() string {
	if t.UID == "" {
		t.UID = newUID(t.Class)
	}
	return t.UID
}
func (t *Transformer) stageName() string { return shortName(t.Class) }

func (m *Model) stageUID() string  { return m.uid }
func (m *Model) stageName() string { return m.Name() }

func (p *Pipeline) stageUID() string {
	if p.UID == "" {
		p.UID = newUID("Pipeline")
	}
	return p.UID
}
func (p *Pipeline) stageName() string { return "Pipeline" }

func (m *PipelineModel) stageUID() string  { return m.uid }
func (m *PipelineModel) stageName() string { return "PipelineModel" }

// Pipeline is an unfitted Spark ML pipeline, as sparklyr's ml_pipeline: a
// sequence of stages run one after the other. It runs on the client, as
// PySpark's does (Spark Connect has no wire form for it): Fit fits each
// estimator on the output of the stages before it, on the server.
type Pipeline struct {
	// UID is the pipeline's uid, such as "Pipeline_4f1c2d3e5a6b".
	UID string
	// Stages are the pipeline's stages, in order.
	Stages []Stage
}

// NewPipeline returns a pipeline of the given stages.
func NewPipeline(stages ...Stage) *Pipeline {
	return &Pipeline{UID: newUID("Pipeline"), Stages: append([]Stage(nil), stages...)}
}

// Add appends stages and returns the pipeline, for chaining, as sparklyr
// adds a stage with ml_*(pipeline, ...).
func (p *Pipeline) Add(stages ...Stage) *Pipeline {
	p.Stages = append(p.Stages, stages...)
	return p
}

// String lists the pipeline's stages, one a line.
func (p *Pipeline) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Pipeline (uid %s) with %d stage%s", p.stageUID(), len(p.Stages), plural(len(p.Stages)))
	for i, st := range p.Stages {
		fmt.Fprintf(&b, "\n  %d. %s", i+1, stageLine(st))
	}
	return b.String()
}

// Render shows the pipeline in a notebook as its String.
func (p *Pipeline) Render() display.Bundle { return textBundle(p.String()) }

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// stageLine describes a stage in one line.
func stageLine(st Stage) string {
	switch x := st.(type) {
	case *Estimator:
		return x.String()
	case *Transformer:
		return x.String()
	case *Model:
		s := x.Name() + " (uid " + x.uid + ")"
		if x.formula != nil {
			s += ": " + x.formula.formula
		}
		return s
	case *Pipeline:
		return fmt.Sprintf("<Pipeline> (uid %s, %d stages)", x.stageUID(), len(x.Stages))
	case *PipelineModel:
		return fmt.Sprintf("PipelineModel (uid %s, %d stages)", x.uid, len(x.stages))
	}
	return fmt.Sprintf("%T", st)
}

// checkStages reports a nil stage.
func checkStages(stages []Stage) error {
	for i, st := range stages {
		if st == nil || isNilStage(st) {
			return fmt.Errorf("ml: pipeline stage %d is nil", i+1)
		}
	}
	return nil
}

func isNilStage(st Stage) bool {
	switch x := st.(type) {
	case *Estimator:
		return x == nil
	case *Transformer:
		return x == nil
	case *Model:
		return x == nil
	case *Pipeline:
		return x == nil
	case *PipelineModel:
		return x == nil
	}
	return true
}

// Fit fits the pipeline on df, as Spark's Pipeline.fit: each estimator
// (or nested pipeline) is fitted on the output of the stages before it,
// and transformers and models are kept as they are. Stages after the last
// estimator are not run. The returned PipelineModel holds the fitted
// models' server objects: Close it when done. On an error, the models
// fitted so far are freed.
func (p *Pipeline) Fit(ctx context.Context, df *frame.DataFrame) (*PipelineModel, error) {
	if err := checkFrame(df); err != nil {
		return nil, fmt.Errorf("ml: fitting a pipeline: %w", err)
	}
	if err := checkStages(p.Stages); err != nil {
		return nil, err
	}
	last := -1
	for i, st := range p.Stages {
		switch st.(type) {
		case *Estimator, *Pipeline:
			last = i
		}
	}
	pm := &PipelineModel{uid: newUID("PipelineModel"), s: df.Session(), stages: make([]Stage, len(p.Stages)), owned: make([]bool, len(p.Stages))}
	cur := df
	for i, st := range p.Stages {
		var fitted Stage
		switch x := st.(type) {
		case *Estimator:
			m, err := x.Fit(ctx, cur)
			if err != nil {
				pm.CloseContext(ctx)
				return nil, fmt.Errorf("ml: pipeline stage %d (%s): %w", i+1, x.stageName(), err)
			}
			fitted = m
			pm.owned[i] = true
		case *Pipeline:
			m, err := x.Fit(ctx, cur)
			if err != nil {
				pm.CloseContext(ctx)
				return nil, fmt.Errorf("ml: pipeline stage %d (Pipeline): %w", i+1, err)
			}
			fitted = m
			pm.owned[i] = true
		default:
			fitted = st
		}
		pm.stages[i] = fitted
		if i < last {
			cur = transformStage(fitted, cur)
		}
	}
	return pm, nil
}

// transformStage applies a fitted stage (transformer, model or pipeline
// model) to df.
func transformStage(st Stage, df *frame.DataFrame) *frame.DataFrame {
	switch x := st.(type) {
	case *Transformer:
		return x.Transform(df)
	case *Model:
		return x.Transform(df)
	case *PipelineModel:
		return x.Transform(df)
	}
	return failedFrame(df.Session(), fmt.Errorf("ml: %s is not fitted: it cannot transform data", stageLine(st)))
}

// PipelineModel is a fitted pipeline: its stages are transformers and
// fitted models (or nested pipeline models), applied in order by
// Transform. It holds the server objects of the models it fitted or
// loaded: Close it when done.
type PipelineModel struct {
	uid    string
	s      *frame.Session
	stages []Stage
	owned  []bool // stages whose server objects this pipeline model frees
	extra  *formulaMeta
}

// NewPipelineModel returns a pipeline model made of already fitted
// stages (transformers, models, pipeline models), for saving or applying
// them together. It does not own the stages: its Close frees nothing.
func NewPipelineModel(stages ...Stage) *PipelineModel {
	return &PipelineModel{uid: newUID("PipelineModel"), stages: append([]Stage(nil), stages...), owned: make([]bool, len(stages))}
}

// UID returns the pipeline model's uid.
func (m *PipelineModel) UID() string { return m.uid }

// Name returns "PipelineModel".
func (m *PipelineModel) Name() string { return "PipelineModel" }

// NumStages returns the number of stages.
func (m *PipelineModel) NumStages() int { return len(m.stages) }

// Stages returns the fitted stages, in order: each a *Transformer, a
// *Model or a *PipelineModel.
func (m *PipelineModel) Stages() []Stage { return append([]Stage(nil), m.stages...) }

// Stage returns stage i (from 0), or nil when out of range.
func (m *PipelineModel) Stage(i int) Stage {
	if i < 0 || i >= len(m.stages) {
		return nil
	}
	return m.stages[i]
}

// StageModel returns stage i as a *Model, or nil when it is not a model
// (or out of range).
func (m *PipelineModel) StageModel(i int) *Model {
	x, _ := m.Stage(i).(*Model)
	return x
}

// FindStage returns the first stage (looking into nested pipeline models)
// whose uid is name, or whose short class name is name (such as
// "LinearRegressionModel" or "VectorAssembler"); nil when none is.
func (m *PipelineModel) FindStage(name string) Stage {
	for _, st := range m.flatStages() {
		if st.stageUID() == name || st.stageName() == name {
			return st
		}
	}
	return nil
}

// Models returns the fitted models among the stages, nested pipeline
// models included, in order.
func (m *PipelineModel) Models() []*Model {
	var out []*Model
	for _, st := range m.flatStages() {
		if x, ok := st.(*Model); ok {
			out = append(out, x)
		}
	}
	return out
}

// LastModel returns the last fitted model that is not a feature model
// (the predictor: LinearRegressionModel, KMeansModel…), or else the last
// model of any kind; nil when the pipeline has no model.
func (m *PipelineModel) LastModel() *Model {
	models := m.Models()
	for i := len(models) - 1; i >= 0; i-- {
		if !isFeatureClass(models[i].class) {
			return models[i]
		}
	}
	if len(models) > 0 {
		return models[len(models)-1]
	}
	return nil
}

// flatStages lists the stages with nested pipeline models expanded.
func (m *PipelineModel) flatStages() []Stage {
	var out []Stage
	for _, st := range m.stages {
		if pm, ok := st.(*PipelineModel); ok {
			out = append(out, pm.flatStages()...)
			continue
		}
		out = append(out, st)
	}
	return out
}

func isFeatureClass(class string) bool {
	return strings.HasPrefix(class, "org.apache.spark.ml.feature.")
}

// Session returns the session the pipeline model's server objects live
// in (nil for a NewPipelineModel not yet used).
func (m *PipelineModel) Session() *frame.Session {
	if m.s != nil {
		return m.s
	}
	for _, st := range m.flatStages() {
		if x, ok := st.(*Model); ok {
			return x.s
		}
	}
	return nil
}

// String describes the pipeline model and its stages.
func (m *PipelineModel) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "PipelineModel (uid %s) with %d stage%s", m.uid, len(m.stages), plural(len(m.stages)))
	for i, st := range m.stages {
		fmt.Fprintf(&b, "\n  %d. %s", i+1, stageLine(st))
	}
	return b.String()
}

// Transform applies the stages to df in order and returns the raw
// result, with every stage's output columns. It is lazy: errors come with
// the first action.
func (m *PipelineModel) Transform(df *frame.DataFrame) *frame.DataFrame {
	if df == nil || df.Err() != nil || df.Relation() == nil {
		return df
	}
	for _, st := range m.stages {
		df = transformStage(st, df)
	}
	return df
}

// Predict is Transform without the helper columns: it keeps df's columns
// and the outputs of the predictor (the last model that is not a feature
// model: prediction, probability, rawPrediction…) and of the stages after
// it, and drops the columns that the stages before the predictor add
// (assembled features, indexed columns, a formula's features and label).
// Without a predictor it is Transform.
func (m *PipelineModel) Predict(df *frame.DataFrame) *frame.DataFrame {
	out := m.Transform(df)
	if out == nil || out.Err() != nil {
		return out
	}
	helpers := m.helperColumns()
	if len(helpers) == 0 {
		return out
	}
	cols := make([]any, len(helpers))
	for i, c := range helpers {
		cols[i] = c
	}
	return out.Drop(cols...)
}

// helperColumns are the columns added by the stages before the
// predictor.
func (m *PipelineModel) helperColumns() []string {
	flat := m.flatStages()
	pred := -1
	for i, st := range flat {
		if x, ok := st.(*Model); ok && !isFeatureClass(x.class) {
			pred = i
		}
	}
	var out []string
	for i := 0; i < pred; i++ {
		out = append(out, stageOutputs(flat[i])...)
	}
	if pred >= 0 {
		if x := flat[pred].(*Model); x.formula != nil {
			out = append(out, x.formula.featuresCol)
			if x.formula.labelCol != x.formula.response {
				out = append(out, x.formula.labelCol)
			}
		}
	}
	return out
}

// stageOutputs names the columns a fitted feature stage adds, from its
// parameters.
func stageOutputs(st Stage) []string {
	var class, uid string
	var p Params
	switch x := st.(type) {
	case *Transformer:
		class, uid, p = x.Class, x.UID, x.Params
	case *Model:
		class, uid, p = x.class, x.uid, x.params
		if x.formula != nil {
			return append([]string{x.formula.featuresCol, x.formula.labelCol}, modelOutputs(x)...)
		}
		if !isFeatureClass(class) {
			return modelOutputs(x)
		}
	default:
		return nil
	}
	str := func(name, def string) string {
		if s, ok := p[name].(string); ok && s != "" {
			return s
		}
		return def
	}
	if shortName(class) == "RFormulaModel" {
		out := []string{str("featuresCol", "features")}
		label := str("labelCol", "label")
		if resp := formulaResponse(str("formula", "")); label != resp {
			out = append(out, label)
		}
		return out
	}
	if cols, ok := p["outputCols"].([]string); ok && len(cols) > 0 {
		return append([]string(nil), cols...)
	}
	return []string{str("outputCol", uid+"__output")}
}

// modelOutputs names the usual output columns of a predictor.
func modelOutputs(m *Model) []string {
	var out []string
	for _, c := range []struct{ param, def string }{
		{"predictionCol", "prediction"}, {"probabilityCol", "probability"}, {"rawPredictionCol", "rawPrediction"},
	} {
		if s, ok := m.params[c.param].(string); ok && s != "" {
			out = append(out, s)
		} else {
			out = append(out, c.def)
		}
	}
	return out
}

// formulaResponse returns the response of an R formula ("y ~ x" → "y").
func formulaResponse(formula string) string {
	lhs, _, ok := strings.Cut(formula, "~")
	if !ok {
		return ""
	}
	return strings.Trim(strings.TrimSpace(lhs), "`")
}

// Close frees the server objects of the models the pipeline model fitted
// or loaded (models given to it as stages are left alone). Close is safe
// to call more than once.
func (m *PipelineModel) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return m.CloseContext(ctx)
}

// CloseContext is Close with a context.
func (m *PipelineModel) CloseContext(ctx context.Context) error {
	var errs []error
	for i, st := range m.stages {
		if i >= len(m.owned) || !m.owned[i] || st == nil {
			continue
		}
		switch x := st.(type) {
		case *Model:
			errs = append(errs, x.CloseContext(ctx))
		case *PipelineModel:
			errs = append(errs, x.CloseContext(ctx))
		}
	}
	return errors.Join(errs...)
}

// StageInfo describes one stage of a pipeline model's card.
type StageInfo struct {
	// Index is the stage's position, from 1; nested stages are numbered
	// 2.1, 2.2… in Path.
	Index int `json:"index"`
	// Path is the stage's position as text: "2", or "2.1" inside a nested
	// pipeline model.
	Path string `json:"path"`
	// Class is the stage's short class name, such as "VectorAssembler".
	Class string `json:"class"`
	// UID is the stage's uid.
	UID string `json:"uid"`
	// Params are the stage's parameters as set, formatted.
	Params string `json:"params,omitempty"`
	// Formula is the formula of a model fitted with one.
	Formula string `json:"formula,omitempty"`
}

// PipelineCard is what a pipeline model's card shows: its stages and the
// card of its predictor (see PipelineModel.LastModel).
type PipelineCard struct {
	// UID is the pipeline model's uid.
	UID string `json:"uid"`
	// Stages lists the stages, nested ones after their pipeline model.
	Stages []StageInfo `json:"stages"`
	// Model is the predictor's model card; nil without a predictor.
	Model *display.ModelCard `json:"model,omitempty"`
}

// Card lists the stages and builds the card of the predictor (see
// Model.Card).
func (m *PipelineModel) Card(ctx context.Context) (PipelineCard, error) {
	card := PipelineCard{UID: m.uid, Stages: stageInfos(m.stages, "")}
	if last := m.LastModel(); last != nil {
		mc, err := last.Card(ctx)
		if err != nil {
			return card, err
		}
		card.Model = &mc
	}
	return card, nil
}

func stageInfos(stages []Stage, prefix string) []StageInfo {
	var out []StageInfo
	for i, st := range stages {
		info := StageInfo{Index: i + 1, Path: prefix + fmt.Sprint(i+1), Class: st.stageName(), UID: st.stageUID()}
		switch x := st.(type) {
		case *Transformer:
			info.Params = paramsText(x.Params)
		case *Estimator:
			info.Params = paramsText(x.Params)
		case *Model:
			info.Params = paramsText(x.params)
			info.Formula = x.Formula()
		}
		out = append(out, info)
		if pm, ok := st.(*PipelineModel); ok {
			out = append(out, stageInfos(pm.stages, info.Path+".")...)
		}
	}
	return out
}

func paramsText(p Params) string {
	if len(p) == 0 {
		return ""
	}
	return p.String()
}

// Text renders the card as plain text: the stages, then the predictor's
// model card.
func (c PipelineCard) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "── PipelineModel (uid %s): %d stage%s ──\n", c.UID, len(c.Stages), plural(len(c.Stages)))
	rows := [][]string{{"#", "Stage", "UID", "Parameters"}}
	for _, s := range c.Stages {
		p := s.Params
		if s.Formula != "" {
			p = strings.TrimSpace("formula: " + s.Formula + " " + p)
		}
		rows = append(rows, []string{s.Path, s.Class, s.UID, p})
	}
	widths := make([]int, 4)
	for _, r := range rows {
		for j, cell := range r[:3] {
			widths[j] = max(widths[j], len([]rune(cell)))
		}
	}
	for _, r := range rows {
		line := ""
		for j, cell := range r[:3] {
			line += cell + strings.Repeat(" ", widths[j]-len([]rune(cell))) + "  "
		}
		b.WriteString(strings.TrimRight(line+r[3], " ") + "\n")
	}
	if c.Model != nil {
		b.WriteString("\n")
		b.WriteString(display.Model(*c.Model).Text())
	}
	return b.String()
}

// HTML renders the card as an HTML fragment.
func (c PipelineCard) HTML() string {
	var b strings.Builder
	b.WriteString(`<div class="sparkgo-pipeline"><h4>PipelineModel <code>` + html.EscapeString(c.UID) + `</code>: ` +
		fmt.Sprint(len(c.Stages)) + " stage" + plural(len(c.Stages)) + `</h4><table><thead><tr><th>#</th><th>Stage</th><th>UID</th><th>Parameters</th></tr></thead><tbody>`)
	for _, s := range c.Stages {
		p := s.Params
		if s.Formula != "" {
			p = strings.TrimSpace("formula: " + s.Formula + " " + p)
		}
		fmt.Fprintf(&b, "<tr><td>%s</td><td>%s</td><td><code>%s</code></td><td>%s</td></tr>",
			html.EscapeString(s.Path), html.EscapeString(s.Class), html.EscapeString(s.UID), html.EscapeString(p))
	}
	b.WriteString("</tbody></table>")
	if c.Model != nil {
		b.WriteString(display.Model(*c.Model).HTML())
	}
	b.WriteString("</div>")
	return b.String()
}

// Bundle returns the card as a display bundle (text and HTML).
func (c PipelineCard) Bundle() display.Bundle {
	return display.Bundle{Data: map[string]any{display.MIMEText: c.Text(), display.MIMEHTML: c.HTML()}}
}

// Render returns the pipeline model's card as a display bundle, so that a
// notebook shows it as its stages and its predictor's model card. It
// fetches what it needs from the server (at most two minutes); when that
// fails, it renders the error.
func (m *PipelineModel) Render() display.Bundle {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	card, err := m.Card(ctx)
	if err != nil {
		return display.Error(fmt.Errorf("ml: building the card of %s: %w", m.uid, err), display.ErrorOptions{})
	}
	return card.Bundle()
}
