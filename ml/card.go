package ml

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/sparkgo/sparkgo/display"
)

// withSummary are the models that have a training summary.
var withSummary = map[string]bool{
	"LinearRegressionModel": true, "GeneralizedLinearRegressionModel": true, "LogisticRegressionModel": true,
	"LinearSVCModel": true, "RandomForestClassificationModel": true, "MultilayerPerceptronClassificationModel": true,
	"FMClassificationModel": true, "KMeansModel": true, "BisectingKMeansModel": true, "GaussianMixtureModel": true,
}

// linearModels have coefficients and an intercept.
var linearModels = map[string]bool{
	"LinearRegressionModel": true, "GeneralizedLinearRegressionModel": true, "LogisticRegressionModel": true,
	"LinearSVCModel": true, "AFTSurvivalRegressionModel": true,
}

// Card fetches what the model card shows (coefficients with their
// statistics, fit statistics, cluster centers, feature importances or
// parameters, depending on the model) and returns it, ready for
// display.Model. Attributes the model lacks are left out; server errors
// that are not about a missing attribute are returned.
func (m *Model) Card(ctx context.Context) (display.ModelCard, error) {
	card := display.ModelCard{Class: m.Name(), UID: m.uid, Formula: m.Formula(), SparkVersion: sparkVersion(ctx, m.s)}
	if m.isClosed() {
		return card, ErrClosed
	}
	name := m.Name()
	hasSummary := false
	if withSummary[name] {
		ok, err := m.HasSummary(ctx)
		if err := optional(err); err != nil {
			return card, err
		}
		hasSummary = ok
	}
	if linearModels[name] {
		if err := m.cardCoefficients(ctx, &card, hasSummary); err != nil {
			return card, err
		}
	}
	if hasSummary {
		if err := m.cardMetrics(ctx, &card); err != nil {
			return card, err
		}
	}
	switch name {
	case "KMeansModel", "BisectingKMeansModel":
		centers, err := m.ClusterCenters(ctx)
		if err != nil {
			return card, err
		}
		card.ClusterCenters = centers
		if len(centers) > 0 {
			card.Features = m.featureLabels(len(centers[0]))
		}
	case "DecisionTreeClassificationModel", "DecisionTreeRegressionModel", "RandomForestClassificationModel",
		"RandomForestRegressionModel", "GBTClassificationModel", "GBTRegressionModel":
		fi, err := m.FeatureImportances(ctx)
		if err := optional(err); err != nil {
			return card, err
		}
		names := m.featureLabels(len(fi))
		for i, v := range fi {
			card.FeatureImportances = append(card.FeatureImportances, display.FeatureImportance{Name: names[i], Importance: v})
		}
	}
	// A GLM's family and link are among its params, and matter as much
	// as its metrics.
	if len(card.Metrics) == 0 || name == "GeneralizedLinearRegressionModel" {
		card.Params = m.cardParams()
	}
	details, err := m.Details(ctx)
	if err != nil {
		return card, err
	}
	card.Metrics = append(card.Metrics, details...)
	return card, nil
}

func (m *Model) cardCoefficients(ctx context.Context, card *display.ModelCard, hasSummary bool) error {
	cs, err := m.Coefficients(ctx)
	if err != nil {
		// A multinomial logistic regression has a coefficient matrix instead.
		return optional(err)
	}
	icpt, err := m.Intercept(ctx)
	if err != nil {
		return optional(err)
	}
	var se, tv, pv []float64
	if hasSummary && (m.Name() == "LinearRegressionModel" || m.Name() == "GeneralizedLinearRegressionModel") {
		for _, a := range []struct {
			path string
			dst  *[]float64
		}{{"summary.coefficientStandardErrors", &se}, {"summary.tValues", &tv}, {"summary.pValues", &pv}} {
			v, err := m.Floats(ctx, a.path)
			if err := optional(err); err != nil {
				return err
			}
			*a.dst = v
		}
	}
	n := len(cs)
	if m.fitsIntercept() {
		n++
	}
	stat := func(vals []float64, i int) *float64 {
		// Spark puts the intercept's statistic last.
		if len(vals) != n {
			return nil
		}
		return display.Float(vals[i])
	}
	if m.fitsIntercept() {
		card.Coefficients = append(card.Coefficients, display.Coefficient{Name: "(Intercept)", Estimate: icpt,
			StdErr: stat(se, n-1), TValue: stat(tv, n-1), PValue: stat(pv, n-1)})
	}
	names := m.featureLabels(len(cs))
	for i, c := range cs {
		card.Coefficients = append(card.Coefficients, display.Coefficient{Name: names[i], Estimate: c,
			StdErr: stat(se, i), TValue: stat(tv, i), PValue: stat(pv, i)})
	}
	return nil
}

// cardMetric lists the summary fields a card shows, per model.
var cardMetric = map[string][]string{
	"LinearRegressionModel":                   {"r2", "r2adj", "rootMeanSquaredError", "meanSquaredError", "meanAbsoluteError", "explainedVariance"},
	"GeneralizedLinearRegressionModel":        {"aic", "deviance", "nullDeviance", "dispersion"},
	"LogisticRegressionModel":                 {"areaUnderROC", "accuracy", "weightedPrecision", "weightedRecall", "weightedFMeasure"},
	"LinearSVCModel":                          {"areaUnderROC", "accuracy", "weightedPrecision", "weightedRecall", "weightedFMeasure"},
	"RandomForestClassificationModel":         {"areaUnderROC", "accuracy", "weightedPrecision", "weightedRecall", "weightedFMeasure"},
	"MultilayerPerceptronClassificationModel": {"accuracy", "weightedPrecision", "weightedRecall", "weightedFMeasure"},
	"FMClassificationModel":                   {"areaUnderROC", "accuracy", "weightedPrecision", "weightedRecall", "weightedFMeasure"},
	"KMeansModel":                             {"trainingCost"},
	"BisectingKMeansModel":                    {"trainingCost"},
	"GaussianMixtureModel":                    {"logLikelihood"},
}

func (m *Model) cardMetrics(ctx context.Context, card *display.ModelCard) error {
	for _, name := range cardMetric[m.Name()] {
		v, err := m.Float(ctx, "summary."+name)
		if err != nil {
			if err := optional(err); err != nil {
				return err
			}
			continue // e.g. areaUnderROC of a multiclass model
		}
		card.Metrics = append(card.Metrics, display.Metric{Name: name, Value: v})
	}
	if n, err := m.Int(ctx, "summary.numInstances"); err == nil {
		card.TrainingRows = n
	} else if err := optional(err); err != nil {
		return err
	}
	return nil
}

func (m *Model) cardParams() []display.Param {
	keys := make([]string, 0, len(m.params))
	for k := range m.params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []display.Param
	for _, k := range keys {
		out = append(out, display.Param{Name: k, Value: formatParam(m.params[k])})
	}
	return out
}

func formatParam(v any) string {
	switch x := v.(type) {
	case []float64, []int, []string:
		s := strings.Trim(fmt.Sprint(x), "[]")
		return "c(" + strings.ReplaceAll(s, " ", ", ") + ")"
	}
	return fmt.Sprint(v)
}

// Render returns the model card as a display bundle (text, HTML and
// JSON), so that a notebook shows a fitted model as its card. It fetches
// what it needs from the server (at most two minutes); when that fails, it
// renders the error.
func (m *Model) Render() display.Bundle {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	card, err := m.Card(ctx)
	if err != nil {
		return display.Error(fmt.Errorf("ml: building the card of %s: %w", m.Name(), err), display.ErrorOptions{})
	}
	return display.Model(card)
}
