package ml

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	pb "github.com/sparkgo/sparkgo/connect/proto"
	"github.com/sparkgo/sparkgo/frame"
)

// formulaFit is what a model fitted with an R formula remembers.
type formulaFit struct {
	formula     string
	response    string
	model       *Model // the fitted RFormulaModel
	featuresCol string
	labelCol    string
	features    []string // names of the feature vector's elements
}

// Formula returns the R formula the model was fitted with, or "".
func (m *Model) Formula() string {
	if m.formula == nil {
		return ""
	}
	return m.formula.formula
}

// Features returns the names of the model's features (the elements of its
// features vector) when it was fitted with a formula: columns, and
// column_level for the levels of a string column; nil otherwise.
func (m *Model) Features() []string {
	if m.formula == nil {
		return nil
	}
	return append([]string(nil), m.formula.features...)
}

// FormulaModel returns the fitted RFormulaModel that turns data into the
// features and label columns, or nil for a model fitted without a formula.
func (m *Model) FormulaModel() *Model {
	if m.formula == nil {
		return nil
	}
	return m.formula.model
}

// FitFormula fits the estimator on df with an R formula, as sparklyr does
// with ml_*(tbl, formula): "mpg ~ ." (every other column), "am ~ wt + hp",
// and everything Spark's RFormula understands (-, :, string columns
// one-hot encoded, a string response indexed). The server's RFormula
// builds the features and label columns (named "features" and "label",
// or the estimator's featuresCol and labelCol when set, with "_" appended
// while a column of that name exists); then the estimator is fitted on
// them. The model remembers the formula and the feature names, and its
// Predict drops the helper columns.
func (e *Estimator) FitFormula(ctx context.Context, df *frame.DataFrame, formula string) (*Model, error) {
	if err := checkFrame(df); err != nil {
		return nil, fmt.Errorf("ml: fitting %s: %w", shortName(e.Class), err)
	}
	if !strings.Contains(formula, "~") {
		return nil, fmt.Errorf("ml: fitting %s: formula %q has no ~ (want response ~ terms, such as \"mpg ~ wt + hp\")", shortName(e.Class), formula)
	}
	if err := CheckVersion(ctx, df.Session()); err != nil {
		return nil, err
	}
	schema, err := df.SparkSchema(ctx)
	if err != nil {
		return nil, fmt.Errorf("ml: fitting %s: reading the data's schema: %w", shortName(e.Class), err)
	}
	have := map[string]bool{}
	var columns []string
	for _, f := range schema.GetStruct().GetFields() {
		have[f.GetName()] = true
		columns = append(columns, f.GetName())
	}
	unique := func(param, def string) string {
		name, _ := e.Params[param].(string)
		if name == "" {
			name = def
		}
		for have[name] {
			name += "_"
		}
		have[name] = true
		return name
	}
	fit := &formulaFit{formula: strings.TrimSpace(formula), featuresCol: unique("featuresCol", "features"), labelCol: unique("labelCol", "label")}
	fit.response = strings.TrimSpace(fit.formula[:strings.Index(fit.formula, "~")])

	rf := NewEstimator("RFormula", Params{"formula": fit.formula, "featuresCol": fit.featuresCol, "labelCol": fit.labelCol})
	rfModel, err := rf.Fit(ctx, df)
	if err != nil {
		return nil, fmt.Errorf("ml: formula %q: %w", fit.formula, err)
	}
	fit.model = rfModel
	prepared := rfModel.transformWith(df, nil)

	est := &Estimator{Class: e.Class, UID: e.UID, Params: e.Params.clone()}
	est.Params["featuresCol"] = fit.featuresCol
	if fit.response != "" && !unsupervised[shortName(e.Class)] {
		est.Params["labelCol"] = fit.labelCol
	}
	m, err := est.Fit(ctx, prepared)
	if err != nil {
		rfModel.CloseContext(ctx)
		return nil, err
	}
	e.UID = est.UID
	m.formula = fit
	fit.features = featureNames(ctx, prepared, fit.featuresCol)
	if fit.features == nil {
		fit.features = expandFormula(fit.formula, columns)
	}
	return m, nil
}

// unsupervised estimators have no label column.
var unsupervised = map[string]bool{"KMeans": true, "BisectingKMeans": true, "GaussianMixture": true, "LDA": true}

// featureNames reads the names of a vector column's elements from its ML
// attribute metadata, which RFormula and VectorAssembler write; nil when
// the server sends no such metadata.
func featureNames(ctx context.Context, df *frame.DataFrame, col string) []string {
	schema, err := df.SparkSchema(ctx)
	if err != nil {
		return nil
	}
	for _, f := range schema.GetStruct().GetFields() {
		if f.GetName() == col {
			return attrNames(f)
		}
	}
	return nil
}

// attrNames parses Spark's ML attribute metadata of a vector column:
// {"ml_attr": {"attrs": {"numeric": [{"idx": 0, "name": "cyl"}…],
// "binary": […]}, "num_attrs": n}}.
func attrNames(f *pb.DataType_StructField) []string {
	if f.Metadata == nil {
		return nil
	}
	var md struct {
		MLAttr struct {
			Attrs map[string][]struct {
				Idx  int    `json:"idx"`
				Name string `json:"name"`
			} `json:"attrs"`
			NumAttrs int `json:"num_attrs"`
		} `json:"ml_attr"`
	}
	if json.Unmarshal([]byte(f.GetMetadata()), &md) != nil {
		return nil
	}
	n := md.MLAttr.NumAttrs
	type attr struct {
		idx  int
		name string
	}
	var attrs []attr
	for _, group := range md.MLAttr.Attrs {
		for _, a := range group {
			attrs = append(attrs, attr{a.Idx, a.Name})
			n = max(n, a.Idx+1)
		}
	}
	if n == 0 {
		return nil
	}
	sort.Slice(attrs, func(i, j int) bool { return attrs[i].idx < attrs[j].idx })
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("x%d", i+1)
	}
	for _, a := range attrs {
		if a.idx >= 0 && a.idx < n && a.name != "" {
			names[a.idx] = a.name
		}
	}
	return names
}

// expandFormula names the features of a simple formula (terms joined by +,
// "." for every other column) from the data's columns, for servers that
// send no ML metadata. String columns, interactions and removed terms are
// not resolved: it returns nil for those.
func expandFormula(formula string, columns []string) []string {
	lhs, rhs, ok := strings.Cut(formula, "~")
	if !ok || strings.ContainsAny(rhs, ":-*^()") {
		return nil
	}
	response := strings.TrimSpace(lhs)
	var out []string
	seen := map[string]bool{response: true}
	for _, term := range strings.Split(rhs, "+") {
		term = strings.Trim(strings.TrimSpace(term), "`")
		switch term {
		case "", "0", "1":
			continue
		case ".":
			for _, c := range columns {
				if !seen[c] {
					seen[c] = true
					out = append(out, c)
				}
			}
		default:
			if !seen[term] {
				seen[term] = true
				out = append(out, term)
			}
		}
	}
	return out
}
