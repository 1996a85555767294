package display

import (
	"encoding/json"
	"strings"
	"testing"
)

func linearCard() ModelCard {
	return ModelCard{
		Class: "LinearRegressionModel", SparkVersion: "4.0.1", Formula: "mpg ~ wt + cyl", TrainingRows: 32,
		Coefficients: []Coefficient{
			{Name: "wt", Estimate: -3.190972, StdErr: Float(0.756903), TValue: Float(-4.215830), PValue: Float(0.000222)},
			{Name: "cyl", Estimate: -1.507795, StdErr: Float(0.414692), TValue: Float(-3.635972), PValue: Float(0.001064)},
			{Name: "(Intercept)", Estimate: 39.686261, StdErr: Float(1.714984), TValue: Float(23.140893), PValue: Float(1e-20)},
		},
		Metrics: []Metric{
			{Name: "r2", Value: 0.830188}, {Name: "r2adj", Value: 0.818476},
			{Name: "rootMeanSquaredError", Value: 2.443565}, {Name: "meanSquaredError", Value: 5.971010},
			{Name: "meanAbsoluteError", Value: 1.920850}, {Name: "numInstances", Value: 32},
		},
		Params: []Param{
			{Name: "regParam", Value: "0", Doc: "regularization parameter (>= 0)."},
			{Name: "elasticNetParam", Value: "0"},
			{Name: "maxIter", Value: "100"},
			{Name: "solver", Value: "auto"},
			{Name: "featuresCol", Value: "features_with_a_very_long_name"},
		},
	}
}

func TestModelLinear(t *testing.T) {
	b := Model(linearCard())
	goldenBundle(t, "model_linear", b)
	text := b.Text()
	for _, want := range []string{
		"── MLlib model: LinearRegressionModel · Spark 4.0.1 ──\n",
		"Formula: mpg ~ wt + cyl\nTraining rows: 32\n",
		"            Estimate Std. Error t value Pr(>|t|)\n(Intercept)   39.686      1.715  23.141  < 2e-16 ***\nwt            -3.191      0.757  -4.216 0.000222 ***\ncyl           -1.508      0.415  -3.636  0.00106 **\n",
		"▪ R²:          0.830",
		"▪ RMSE:        2.444",
		"featuresCol:     features_with_a_v...",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	h := b.HTML()
	if !strings.Contains(h, `title="regularization parameter (&gt;= 0)."`) {
		t.Errorf("HTML lacks the param doc tooltip")
	}
	raw, ok := b.Get(MIMEModelCard)
	var back ModelCard
	if !ok || json.Unmarshal(raw, &back) != nil || back.Class != "LinearRegressionModel" || *back.Coefficients[2].PValue != 1e-20 {
		t.Errorf("the card's JSON does not round-trip: %s", raw)
	}
}

func TestModelTreesAndClusters(t *testing.T) {
	rf := ModelCard{
		Class: "RandomForestClassificationModel", SparkVersion: "4.0.1",
		FeatureImportances: []FeatureImportance{{"petal_width", 0.44}, {"sepal_length", 0.09}, {"petal_length", 0.42}, {"sepal_<b>width</b>", 0.05}},
		Metrics:            []Metric{{"accuracy", 0.96}, {"areaUnderROC", 0.991}},
		Params:             []Param{{Name: "numTrees", Value: "20"}, {Name: "maxDepth", Value: "5"}, {Name: "impurity", Value: "gini"}},
	}
	b := Model(rf)
	goldenBundle(t, "model_forest", b)
	if !strings.Contains(b.Text(), "petal_width        ████████████████████████ 0.440\npetal_length       ██████████████████████▉  0.420\n") {
		t.Errorf("importance bars:\n%s", b.Text())
	}
	if !strings.Contains(b.HTML(), `<span class="sg-bar" style="width:100.0%">`) || strings.Contains(b.HTML(), "<b>width") {
		t.Errorf("HTML importance bars or escaping wrong")
	}

	km := ModelCard{
		Class: "KMeansModel", Features: []string{"x", "y"},
		ClusterCenters: [][]float64{{1.5, -2.25}, {10, 0.125}, {-3.333333, 4}},
		Metrics:        []Metric{{"silhouette", 0.71}, {"trainingCost", 123.5}},
		Coefficients:   nil,
	}
	b = Model(km)
	goldenBundle(t, "model_kmeans", b)
	if !strings.Contains(b.Text(), "      0  1.500 -2.250\n") {
		t.Errorf("cluster centers:\n%s", b.Text())
	}

	lr := ModelCard{Class: "LogisticRegressionModel", Coefficients: []Coefficient{{Name: "x", Estimate: 0.5}, {Name: "Intercept", Estimate: -1.25}}}
	if want := "── MLlib model: LogisticRegressionModel ──\n\n── Coefficients:\n▪ Intercept: -1.250   ▪ x:          0.500"; Model(lr).Text() != want {
		t.Errorf("coefficients without statistics:\n%s\nwant\n%s", Model(lr).Text(), want)
	}
}
