package ml_test

import (
	"errors"
	"math"
	"path/filepath"
	"slices"
	"testing"

	"github.com/sparkgo/sparkgo/connect"
	"github.com/sparkgo/sparkgo/datasets"
	"github.com/sparkgo/sparkgo/frame"
	"github.com/sparkgo/sparkgo/ml"
)

// aucOf computes the area under the ROC curve of scores for 0/1 labels
// (the Mann-Whitney statistic), independently of Spark.
func aucOf(scores, labels []float64) float64 {
	var pairs, wins float64
	for i := range scores {
		for j := range scores {
			if labels[i] != 1 || labels[j] != 0 {
				continue
			}
			pairs++
			switch {
			case scores[i] > scores[j]:
				wins++
			case scores[i] == scores[j]:
				wins += 0.5
			}
		}
	}
	return wins / pairs
}

func TestLogisticRegressionMtcars(t *testing.T) {
	ctx, s := setup(t)
	cars := mtcars(ctx, s)
	m := fitFormula(t, ctx, ml.LogisticRegression, cars, "am ~ wt + hp", nil)
	// R: glm(am ~ wt + hp, binomial, mtcars): 18.86630, wt -8.08348, hp 0.03626.
	wantCoefficients(t, ctx, m, 3, map[string]float64{"(Intercept)": 18.866, "wt": -8.083, "hp": 0.036})
	sum, err := m.ClassificationSummary(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !sum.HasAreaUnderROC || !slices.Equal(sum.Labels, []float64{0, 1}) {
		t.Fatalf("summary %+v", sum)
	}
	// The AUC from the model's probabilities, computed here.
	rows, err := m.Predict(cars).Select("am", "probability", "prediction").CollectMaps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var scores, labels []float64
	right := 0
	for _, r := range rows {
		v, ok := ml.VectorOf(r["probability"])
		if !ok || v.Size != 2 {
			t.Fatalf("probability %v", r["probability"])
		}
		scores = append(scores, v.Dense()[1])
		labels = append(labels, r["am"].(float64))
		if r["prediction"] == r["am"] {
			right++
		}
	}
	if want := aucOf(scores, labels); math.Abs(sum.AreaUnderROC-want) > 1e-9 {
		t.Errorf("areaUnderROC %v, computed %v", sum.AreaUnderROC, want)
	}
	if want := float64(right) / float64(len(rows)); math.Abs(sum.Accuracy-want) > 1e-9 {
		t.Errorf("accuracy %v, computed %v", sum.Accuracy, want)
	}
	// The evaluator agrees.
	auc, err := ml.NewBinaryClassificationEvaluator(nil).Evaluate(ctx, m.Transform(cars))
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(auc-sum.AreaUnderROC) > 1e-9 {
		t.Errorf("evaluator AUC %v, summary %v", auc, sum.AreaUnderROC)
	}
	pr, err := ml.NewBinaryClassificationEvaluator(ml.Params{"metricName": "areaUnderPR"}).Evaluate(ctx, m.Transform(cars))
	if err != nil || pr <= 0.9 || pr > 1 {
		t.Errorf("areaUnderPR %v, %v", pr, err)
	}
	t.Logf("AUC %.4f, accuracy %.4f, area under PR %.4f", auc, sum.Accuracy, pr)
}

func TestVectorAssembler(t *testing.T) {
	ctx, s := setup(t)
	va := ml.NewVectorAssembler(ml.Params{"inputCols": []string{"wt", "hp"}, "outputCol": "features"})
	rows, err := va.Transform(mtcars(ctx, s)).Select("features").Take(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range [][]float64{{2.62, 110}, {2.875, 110}} {
		v, ok := ml.VectorOf(rows[i]["features"])
		if !ok || !slices.Equal(v.Dense(), want) {
			t.Errorf("row %d: %v, want %v", i, rows[i]["features"], want)
		}
	}
	// A missing input column is Spark's error.
	bad := ml.NewVectorAssembler(ml.Params{"inputCols": []string{"nosuch"}, "outputCol": "f"})
	_, err = bad.Transform(mtcars(ctx, s)).Count(ctx)
	var se *connect.SparkError
	if !errors.As(err, &se) {
		t.Errorf("missing column: %v", err)
	}
}

func TestStringIndexer(t *testing.T) {
	ctx, s := setup(t)
	iris := datasets.CopyIris(ctx, s)
	m := fitEstimator(t, ctx, ml.NewStringIndexer(ml.Params{"inputCol": "species", "outputCol": "species_idx"}), iris)
	labels, err := m.Strings(ctx, "labels")
	if err != nil {
		t.Fatal(err)
	}
	// Equal frequencies: ties are broken alphabetically.
	if !slices.Equal(labels, []string{"setosa", "versicolor", "virginica"}) {
		t.Errorf("labels %v", labels)
	}
	rows, err := m.Transform(iris).GroupBy("species", "species_idx").Agg(frame.Count("*").Alias("n")).OrderBy("species_idx").CollectMaps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("rows %v", rows)
	}
	for i, r := range rows {
		if r["species"] != labels[i] || r["species_idx"] != float64(i) || r["n"] != int64(50) {
			t.Errorf("row %d: %v", i, r)
		}
	}
}

func TestKMeans(t *testing.T) {
	ctx, s := setup(t)
	df := cornersFrame(ctx, s)
	features := ml.NewVectorAssembler(ml.Params{"inputCols": []string{"x", "y"}, "outputCol": "features"}).Transform(df)
	m := fitEstimator(t, ctx, ml.NewKMeans(ml.Params{"k": 3, "seed": int64(7)}), features)
	wantCornerCenters(t, ctx, m)
	cost, err := m.Float(ctx, "summary.trainingCost")
	if err != nil || math.Abs(cost-6) > 1e-9 { // 12 points, each 0.5 from its center's x and y
		t.Errorf("training cost %v, %v", cost, err)
	}
	// The formula form names the features.
	fm := fitFormula(t, ctx, ml.KMeans, df, "~ x + y", ml.Params{"k": 3, "seed": int64(7)})
	card, err := fm.Card(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(card.Features, []string{"x", "y"}) || len(card.ClusterCenters) != 3 {
		t.Errorf("card %+v", card)
	}
	n, err := fm.Predict(df).Select("prediction").Distinct().Count(ctx)
	if err != nil || n != 3 {
		t.Errorf("%d clusters predicted, %v", n, err)
	}
}

func TestRegressionEvaluator(t *testing.T) {
	ctx, s := setup(t)
	cars := mtcars(ctx, s)
	m := fitFormula(t, ctx, ml.LinearRegression, cars, "mpg ~ .", nil)
	sum, err := m.LinearSummary(ctx)
	if err != nil {
		t.Fatal(err)
	}
	pred := m.Predict(cars)
	for metric, want := range map[string]float64{
		"rmse": sum.RootMeanSquaredError, "mse": sum.MeanSquaredError, "mae": sum.MeanAbsoluteError,
		"r2": sum.R2, "var": sum.ExplainedVariance,
	} {
		ev := ml.NewRegressionEvaluator(ml.Params{"labelCol": "mpg", "metricName": metric})
		got, err := ev.Evaluate(ctx, pred)
		if err != nil {
			t.Fatalf("%s: %v", metric, err)
		}
		if math.Abs(got-want) > 1e-9 {
			t.Errorf("%s = %v, summary says %v", metric, got, want)
		}
		if larger := metric == "r2" || metric == "var"; ev.IsLargerBetter() != larger {
			t.Errorf("%s: IsLargerBetter %v", metric, !larger)
		}
	}
	// A wrong column is Spark's error.
	_, err = ml.NewRegressionEvaluator(ml.Params{"labelCol": "nosuch"}).Evaluate(ctx, pred)
	var se *connect.SparkError
	if !errors.As(err, &se) {
		t.Errorf("bad labelCol: %v", err)
	}
}

func TestSaveLoad(t *testing.T) {
	ctx, s := setup(t)
	dir := tempDir(t)
	path := filepath.Join(dir, "lm")

	data := ml.NewVectorAssembler(ml.Params{"inputCols": []string{"wt", "hp"}, "outputCol": "features"}).Transform(mtcars(ctx, s))
	m := fitFormula(t, ctx, ml.LinearRegression, data, "", ml.Params{"labelCol": "mpg"})
	if err := m.Save(ctx, path, false); err != nil {
		t.Fatal(err)
	}
	if err := m.Save(ctx, path, false); err == nil {
		t.Error("saving over an existing model without overwrite succeeded")
	}
	if err := m.Save(ctx, path, true); err != nil {
		t.Fatalf("overwrite: %v", err)
	}
	loaded, err := ml.Load(ctx, s, "LinearRegressionModel", path)
	if err != nil {
		t.Fatal(err)
	}
	defer closeModel(t, loaded)
	if loaded.UID() != m.UID() || loaded.Params()["labelCol"] != "mpg" {
		t.Errorf("loaded uid %s params %v; saved uid %s", loaded.UID(), loaded.Params(), m.UID())
	}
	a := floats(t, ctx, m.Transform(data), "prediction")
	b := floats(t, ctx, loaded.Transform(data), "prediction")
	if len(a) != 32 || !slices.Equal(a, b) {
		t.Errorf("predictions differ after load:\n%v\n%v", a, b)
	}
	if has, err := loaded.HasSummary(ctx); err != nil || has {
		t.Errorf("loaded model has a summary: %v, %v", has, err)
	}
	card, err := loaded.Card(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(card.Coefficients) != 3 || card.Coefficients[1].Name != "x1" || len(card.Params) == 0 {
		t.Errorf("loaded card %+v", card)
	}
	// Loading what is not there is Spark's error.
	if _, err := ml.Load(ctx, s, "LinearRegressionModel", filepath.Join(dir, "nothing")); err == nil {
		t.Error("loading a missing path succeeded")
	}
}
