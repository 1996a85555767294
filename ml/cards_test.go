package ml_test

import (
	"math"
	"strings"
	"testing"

	"github.com/sparkgo/sparkgo/datasets"
	"github.com/sparkgo/sparkgo/display"
	"github.com/sparkgo/sparkgo/ml"
)

// TestCardsOfOtherModels checks that the card of every kind of model
// builds, with what that kind has.
func TestCardsOfOtherModels(t *testing.T) {
	ctx, s := setup(t)
	cars := mtcars(ctx, s)
	iris := datasets.CopyIris(ctx, s)

	// A gaussian GLM is the linear model: same estimates and standard errors.
	glm, err := ml.NewEstimator("GeneralizedLinearRegression", ml.Params{"family": "gaussian"}).FitFormula(ctx, cars, "mpg ~ wt + hp")
	if err != nil {
		t.Fatal(err)
	}
	defer closeModel(t, glm)
	card, err := glm.Card(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(card.Coefficients) != 3 || round(card.Coefficients[0].Estimate, 4) != 37.2273 ||
		card.Coefficients[0].StdErr == nil || round(*card.Coefficients[0].StdErr, 4) != 1.5988 {
		t.Errorf("GLM coefficients %+v", card.Coefficients)
	}
	if !hasMetric(card.Metrics, "aic") || card.TrainingRows != 32 {
		t.Errorf("GLM metrics %+v, rows %d", card.Metrics, card.TrainingRows)
	}

	// A random forest has feature importances, named by the formula.
	rf, err := ml.NewEstimator("RandomForestRegressor", ml.Params{"numTrees": 20, "seed": int64(1)}).FitFormula(ctx, cars, "mpg ~ wt + hp + cyl")
	if err != nil {
		t.Fatal(err)
	}
	defer closeModel(t, rf)
	card, err = rf.Card(ctx)
	if err != nil {
		t.Fatal(err)
	}
	total := 0.0
	names := map[string]bool{}
	for _, fi := range card.FeatureImportances {
		total += fi.Importance
		names[fi.Name] = true
	}
	if len(card.FeatureImportances) != 3 || math.Abs(total-1) > 1e-9 || !names["wt"] || !names["cyl"] || len(card.Params) == 0 {
		t.Errorf("random forest card %+v", card)
	}
	if text := rf.Render().Text(); !strings.Contains(text, "Feature importances") || !strings.Contains(text, "numTrees") {
		t.Errorf("random forest card text:\n%s", text)
	}

	// A multinomial logistic regression with a string response: no single
	// coefficient vector, but accuracy.
	mlr := fitFormula(t, ctx, ml.LogisticRegression, iris, "species ~ petal_length + petal_width", nil)
	card, err = mlr.Card(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !hasMetric(card.Metrics, "accuracy") || hasMetric(card.Metrics, "areaUnderROC") {
		t.Errorf("multinomial metrics %+v", card.Metrics)
	}
	sum, err := mlr.ClassificationSummary(ctx)
	if err != nil || len(sum.Labels) != 3 || sum.HasAreaUnderROC || sum.Accuracy < 0.9 {
		t.Errorf("multinomial summary %+v, %v", sum, err)
	}
	t.Logf("\n%s", mlr.Render().Text())
}

func hasMetric(ms []display.Metric, name string) bool {
	for _, m := range ms {
		if m.Name == name {
			return true
		}
	}
	return false
}
