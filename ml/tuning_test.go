package ml_test

import (
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sparkgo/sparkgo/ml"
)

func TestParamGrid(t *testing.T) {
	lr := ml.NewLinearRegression(nil)
	dt := ml.NewEstimator("DecisionTreeRegressor", nil)
	grid := ml.ParamGrid().Add(lr, "regParam", 0.0, 0.1).Add(dt, "maxDepth", 1, 2, 3).Build()
	if len(grid) != 6 {
		t.Fatalf("%d candidates", len(grid))
	}
	// The last parameter varies fastest, as in PySpark.
	var got []string
	for _, pm := range grid {
		got = append(got, pm.String())
	}
	want := []string{"regParam=0, maxDepth=1", "regParam=0, maxDepth=2", "regParam=0, maxDepth=3",
		"regParam=0.1, maxDepth=1", "regParam=0.1, maxDepth=2", "regParam=0.1, maxDepth=3"}
	if !slices.Equal(got, want) {
		t.Errorf("grid %v", got)
	}
	if v, ok := grid[4].Get("maxDepth"); !ok || v != 2 || grid[4][0].Stage != lr {
		t.Errorf("Get: %v %v", v, ok)
	}
	if g := ml.ParamGrid().Build(); len(g) != 1 || len(g[0]) != 0 {
		t.Errorf("empty grid %v", g)
	}
}

// TestCrossValidatorRegParam tunes regParam on data that a line fits
// exactly: regParam 0 recovers it (rmse 0), any shrinkage does worse.
func TestCrossValidatorRegParam(t *testing.T) {
	ctx, s := setup(t)
	df := s.Sql(ctx, "SELECT CAST(id AS DOUBLE) AS x, 3 * CAST(id AS DOUBLE) + 2 AS label FROM range(1, 31)")
	data := ml.NewVectorAssembler(ml.Params{"inputCols": []string{"x"}, "outputCol": "features"}).Transform(df)
	lr := ml.NewLinearRegression(nil)
	grid := ml.ParamGrid().Add(lr, "regParam", 1.0, 0.0, 0.1).Build()
	cv := ml.NewCrossValidator(lr, grid, ml.NewRegressionEvaluator(nil))
	cv.Seed, cv.Parallelism = 7, 2
	m, err := cv.Fit(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if m.Name() != "CrossValidatorModel" || m.MetricName() != "rmse" || m.IsLargerBetter() {
		t.Errorf("model %s, metric %s, larger better %v", m.Name(), m.MetricName(), m.IsLargerBetter())
	}
	if m.BestIndex() != 1 {
		t.Fatalf("best candidate %d (%v), metrics %v", m.BestIndex(), m.BestParams(), m.AvgMetrics())
	}
	if v, _ := m.BestParams().Get("regParam"); v != 0.0 {
		t.Errorf("best regParam %v", v)
	}
	avg := m.AvgMetrics()
	if avg[1] > 1e-6 || !(avg[2] > 0.01 && avg[0] > avg[2]) {
		t.Errorf("avg metrics %v: want ~0 for regParam 0 and rmse growing with regParam", avg)
	}
	res := m.Results()
	if len(res) != 3 || len(res[0].SplitMetrics) != 3 || m.StdMetrics()[0] <= 0 {
		t.Errorf("results %+v", res)
	}
	// The best model is refitted on all the data: y = 3x + 2.
	best := m.BestModel()
	coefs, err := best.Coefficients(ctx)
	if err != nil {
		t.Fatal(err)
	}
	icpt, err := best.Intercept(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(coefs[0]-3) > 1e-6 || math.Abs(icpt-2) > 1e-6 {
		t.Errorf("best model %v + %v", coefs, icpt)
	}
	if n, err := best.Int(ctx, "summary.numInstances"); err != nil || n != 30 {
		t.Errorf("best model trained on %d rows (%v), want 30", n, err)
	}
	// Same seed, same folds, same metrics; another seed, other folds.
	again, err := cv.Fit(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	again.Close()
	if !slices.Equal(again.AvgMetrics(), avg) {
		t.Errorf("same seed gave %v, then %v", avg, again.AvgMetrics())
	}
	cv.Seed = 8
	other, err := cv.Fit(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	other.Close()
	if slices.Equal(other.AvgMetrics(), avg) || other.BestIndex() != 1 {
		t.Errorf("seed 8 gave %v (best %d)", other.AvgMetrics(), other.BestIndex())
	}

	// The metrics table.
	rows, err := m.MetricsFrame(ctx).CollectMaps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0]["regParam"] != 1.0 || rows[1]["regParam"] != 0.0 || rows[1]["rmse"] != avg[1] || rows[2]["stdDev"] != m.StdMetrics()[2] {
		t.Errorf("metrics frame %v", rows)
	}
	text := m.Render().Text()
	for _, w := range []string{"CrossValidatorModel", "regParam", "rmse", "smaller is better", "3 folds, seed 7", "← best", "LinearRegressionModel"} {
		if !strings.Contains(text, w) {
			t.Errorf("card lacks %q:\n%s", w, text)
		}
	}
	if !strings.Contains(m.Render().HTML(), "<table>") {
		t.Error("no HTML table")
	}
	pred, err := m.Predict(data).Columns(ctx)
	if err != nil || pred[len(pred)-1] != "prediction" {
		t.Errorf("Predict columns %v, %v", pred, err)
	}

	// Bad set-ups are errors.
	bad := ml.NewCrossValidator(lr, ml.ParamGrid().Add(ml.NewLinearRegression(nil), "regParam", 0.1).Build(), ml.NewRegressionEvaluator(nil))
	if _, err := bad.Fit(ctx, data); err == nil || !strings.Contains(err.Error(), "not a stage") {
		t.Errorf("grid on another estimator: %v", err)
	}
	if _, err := ml.NewCrossValidator(lr, nil, nil).Fit(ctx, data); err == nil {
		t.Error("no evaluator: no error")
	}
	cv1 := ml.NewCrossValidator(lr, nil, ml.NewRegressionEvaluator(nil))
	cv1.NumFolds = 1
	if _, err := cv1.Fit(ctx, data); err == nil {
		t.Error("1 fold: no error")
	}
}

// TestTuningPipelineMaxDepth tunes a tree's maxDepth inside a pipeline on
// four levels y = x: depth 1 has two leaves and underfits (rmse 0.5),
// depth 2 fits exactly. A larger-is-better metric (r2) picks it too.
func TestTuningPipelineMaxDepth(t *testing.T) {
	ctx, s := setup(t)
	df := s.Sql(ctx, "SELECT CAST(id % 4 AS DOUBLE) AS x, CAST(id % 4 AS DOUBLE) AS y FROM range(0, 80)")
	dt := ml.NewEstimator("DecisionTreeRegressor", ml.Params{"labelCol": "y"})
	p := ml.NewPipeline(ml.NewVectorAssembler(ml.Params{"inputCols": []string{"x"}, "outputCol": "features"}), dt)
	grid := ml.ParamGrid().Add(dt, "maxDepth", 1, 2).Build()

	tvs := ml.NewTrainValidationSplit(p, grid, ml.NewRegressionEvaluator(ml.Params{"labelCol": "y"}))
	tvs.Seed = 3
	m, err := tvs.Fit(ctx, df)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	avg := m.AvgMetrics()
	if m.Name() != "TrainValidationSplitModel" || m.BestIndex() != 1 || avg[1] != 0 || math.Abs(avg[0]-0.5) > 0.1 {
		t.Fatalf("%s: best %d, metrics %v", m.Name(), m.BestIndex(), avg)
	}
	if len(m.Results()[0].SplitMetrics) != 1 || m.StdMetrics()[0] != 0 {
		t.Errorf("results %+v", m.Results())
	}
	bp := m.BestPipelineModel()
	if bp == nil || bp.NumStages() != 2 {
		t.Fatalf("best pipeline %v", m.Best())
	}
	if d, err := m.BestModel().Int(ctx, "depth"); err != nil || d != 2 {
		t.Errorf("best depth %d, %v", d, err)
	}
	cols, err := m.Predict(df).Columns(ctx)
	if err != nil || !slices.Equal(cols, []string{"x", "y", "prediction"}) {
		t.Errorf("Predict columns %v, %v", cols, err)
	}
	rows, err := m.MetricsFrame(ctx).CollectMaps(ctx)
	if err != nil || len(rows) != 2 || rows[0]["maxDepth"] != 1.0 || rows[1]["rmse"] != 0.0 || len(rows[0]) != 2 {
		t.Errorf("metrics frame %v, %v", rows, err)
	}
	if text := m.Render().Text(); !strings.Contains(text, "train ratio 0.75, seed 3") || !strings.Contains(text, "maxDepth") {
		t.Errorf("card:\n%s", text)
	}

	// Cross validation with r2 (larger is better) and a fold column.
	withFold := s.Sql(ctx, "SELECT CAST(id % 4 AS DOUBLE) AS x, CAST(id % 4 AS DOUBLE) AS y, CAST(id % 5 AS INT) AS fold FROM range(0, 80)")
	cv := ml.NewCrossValidator(p, grid, ml.NewRegressionEvaluator(ml.Params{"labelCol": "y", "metricName": "r2"}))
	cv.NumFolds, cv.FoldCol = 5, "fold"
	cm, err := cv.Fit(ctx, withFold)
	if err != nil {
		t.Fatal(err)
	}
	defer cm.Close()
	cavg := cm.AvgMetrics()
	// Every fold has 4 of each x: depth 2 gives r2 1, depth 1 r2 0.8
	// (residual variance 0.25 of a variance of 1.25).
	if !cm.IsLargerBetter() || cm.BestIndex() != 1 || cavg[1] != 1 || math.Abs(cavg[0]-0.8) > 1e-9 {
		t.Errorf("r2: best %d, metrics %v", cm.BestIndex(), cavg)
	}
}

// TestTuningSaveLoadPySpark checks the tuning models' layout both ways
// with PySpark, and that PySpark's CrossValidator, with the same seed,
// cuts the same folds (same metrics).
func TestTuningSaveLoadPySpark(t *testing.T) {
	ctx, s := setup(t)
	requirePySparkPeer(t, ctx, s)
	const query = "SELECT id, CAST(id AS DOUBLE) AS x, 3 * CAST(id AS DOUBLE) + 2 + CAST((id * 7) % 5 AS DOUBLE) - 2 AS label FROM range(0, 40)"
	df := s.Sql(ctx, query)
	lr := ml.NewLinearRegression(nil)
	p := ml.NewPipeline(ml.NewVectorAssembler(ml.Params{"inputCols": []string{"x"}, "outputCol": "features"}), lr)
	grid := ml.ParamGrid().Add(lr, "regParam", 0.0, 0.5, 2.0).Build()
	cv := ml.NewCrossValidator(p, grid, ml.NewRegressionEvaluator(nil))
	cv.Seed = 11
	m, err := cv.Fit(ctx, df)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	goPred := column(t, ctx, m.Transform(df), "prediction")
	dir := tempDir(t)
	path := filepath.Join(dir, "cv-go")
	if err := m.Save(ctx, path, false); err != nil {
		t.Fatal(err)
	}
	if err := m.Save(ctx, path, true); err != nil {
		t.Fatalf("overwrite: %v", err)
	}

	// Go → Go.
	lm, err := ml.LoadTuningModel(ctx, s, path)
	if err != nil {
		t.Fatal(err)
	}
	defer lm.Close()
	if lm.Name() != "CrossValidatorModel" || lm.UID() != m.UID() || !slices.Equal(lm.AvgMetrics(), m.AvgMetrics()) ||
		!slices.Equal(lm.StdMetrics(), m.StdMetrics()) || lm.BestIndex() != m.BestIndex() || lm.MetricName() != "rmse" {
		t.Errorf("loaded %v: %v / %v", lm, lm.AvgMetrics(), m.AvgMetrics())
	}
	if v, _ := lm.Grid()[1].Get("regParam"); v != 0.5 || lm.Grid()[1][0].Stage != lm.Estimator().(*ml.Pipeline).Stages[1] {
		t.Errorf("loaded grid %v", lm.Grid())
	}
	samePredictions(t, "tuning Go → Go", goPred, column(t, ctx, lm.Transform(df), "prediction"))

	// The unfitted cross validation round trips too.
	cvPath := filepath.Join(dir, "cv-unfitted-go")
	if err := cv.Save(ctx, s, cvPath, false); err != nil {
		t.Fatal(err)
	}
	lcv, err := ml.LoadCrossValidator(ctx, s, cvPath)
	if err != nil {
		t.Fatal(err)
	}
	if lcv.UID != cv.UID || lcv.NumFolds != 3 || lcv.Seed != 11 || len(lcv.Grid) != 3 || lcv.Evaluator.MetricName() != "rmse" {
		t.Errorf("loaded cross validator %v", lcv)
	}
	refit, err := lcv.Fit(ctx, df)
	if err != nil {
		t.Fatal(err)
	}
	refit.Close()
	if !slices.Equal(refit.AvgMetrics(), m.AvgMetrics()) {
		t.Errorf("loaded cross validator: metrics %v, want %v", refit.AvgMetrics(), m.AvgMetrics())
	}

	// Go → PySpark, and PySpark's own cross validation with the same seed.
	var py struct {
		Unfitted []any     `json:"unfitted"`
		Loaded   []float64 `json:"loaded"`
		Grid     []float64 `json:"grid"`
		Pred     []float64 `json:"pred"`
		Own      []float64 `json:"own"`
		OwnStd   []float64 `json:"ownStd"`
		Best     float64   `json:"best"`
		UID      string    `json:"uid"`
	}
	pyPeer(t, `from pyspark.ml import Pipeline
from pyspark.ml.tuning import CrossValidator, CrossValidatorModel, ParamGridBuilder
from pyspark.ml.feature import VectorAssembler
from pyspark.ml.regression import LinearRegression
from pyspark.ml.evaluation import RegressionEvaluator
df = spark.sql(sys.argv[3])
m = CrossValidatorModel.load(sys.argv[2])
grid = [list(pm.values())[0] for pm in m.getEstimatorParamMaps()]
pred = [r.prediction for r in m.transform(df).orderBy("id").select("prediction").collect()]
lr = LinearRegression()
p = Pipeline(stages=[VectorAssembler(inputCols=["x"], outputCol="features"), lr])
cv = CrossValidator(estimator=p, estimatorParamMaps=ParamGridBuilder().addGrid(lr.regParam, [0.0, 0.5, 2.0]).build(),
                    evaluator=RegressionEvaluator(), numFolds=3, seed=11)
own = cv.fit(df)
own.save(sys.argv[4])
cv.save(sys.argv[6])
u = CrossValidator.load(sys.argv[5])
unfitted = [u.uid, u.getNumFolds(), u.getSeed(), [list(pm.values())[0] for pm in u.getEstimatorParamMaps()], type(u.getEstimator()).__name__]
best = own.bestModel.stages[1].getRegParam()
done({"unfitted": unfitted, "loaded": m.avgMetrics, "grid": grid, "pred": pred, "own": own.avgMetrics, "ownStd": own.stdMetrics, "best": best, "uid": own.uid})
`, &py, path, query, filepath.Join(dir, "cv-py"), cvPath, filepath.Join(dir, "cv-unfitted-py"))
	if !slices.Equal(py.Loaded, m.AvgMetrics()) || !slices.Equal(py.Grid, []float64{0, 0.5, 2}) {
		t.Errorf("PySpark loaded metrics %v grid %v; Go %v", py.Loaded, py.Grid, m.AvgMetrics())
	}
	if fmt.Sprint(py.Unfitted) != fmt.Sprintf("[%s 3 11 [0 0.5 2] Pipeline]", cv.UID) {
		t.Errorf("PySpark loaded the cross validator as %v", py.Unfitted)
	}
	samePredictions(t, "tuning Go → PySpark", goPred, py.Pred)
	samePredictions(t, "PySpark's folds vs Go's (avg)", m.AvgMetrics(), py.Own)
	samePredictions(t, "PySpark's folds vs Go's (std)", m.StdMetrics(), py.OwnStd)

	// PySpark → Go.
	pm, err := ml.LoadTuningModel(ctx, s, filepath.Join(dir, "cv-py"))
	if err != nil {
		t.Fatal(err)
	}
	defer pm.Close()
	if v, _ := pm.BestParams().Get("regParam"); pm.UID() != py.UID || v != py.Best || !slices.Equal(pm.AvgMetrics(), py.Own) {
		t.Errorf("loaded from PySpark: %v, best regParam %v (PySpark %v), metrics %v", pm, v, py.Best, pm.AvgMetrics())
	}
	samePredictions(t, "tuning PySpark → Go", goPred, column(t, ctx, pm.Transform(df), "prediction"))
	pcv, err := ml.LoadCrossValidator(ctx, s, filepath.Join(dir, "cv-unfitted-py"))
	if err != nil {
		t.Fatal(err)
	}
	pcm, err := pcv.Fit(ctx, df)
	if err != nil {
		t.Fatal(err)
	}
	pcm.Close()
	if pcv.Seed != 11 || !slices.Equal(pcm.AvgMetrics(), py.Own) {
		t.Errorf("PySpark's cross validator fitted by Go: seed %d, metrics %v, want %v", pcv.Seed, pcm.AvgMetrics(), py.Own)
	}

	// A train-validation split round trips too.
	tvs := ml.NewTrainValidationSplit(lr, ml.ParamGrid().Add(lr, "regParam", 0.0, 1.0).Build(), ml.NewRegressionEvaluator(ml.Params{"metricName": "mae"}))
	data := ml.NewVectorAssembler(ml.Params{"inputCols": []string{"x"}, "outputCol": "features"}).Transform(df)
	tm, err := tvs.Fit(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	defer tm.Close()
	tpath := filepath.Join(dir, "tvs")
	if err := tm.Save(ctx, tpath, false); err != nil {
		t.Fatal(err)
	}
	ltm, err := ml.LoadTuningModel(ctx, s, tpath)
	if err != nil {
		t.Fatal(err)
	}
	defer ltm.Close()
	if ltm.Name() != "TrainValidationSplitModel" || !slices.Equal(ltm.AvgMetrics(), tm.AvgMetrics()) || ltm.MetricName() != "mae" ||
		ltm.BestModel().UID() != tm.BestModel().UID() {
		t.Errorf("loaded %v, metrics %v / %v", ltm, ltm.AvgMetrics(), tm.AvgMetrics())
	}
	tvs.TrainRatio = 0.6
	if err := tvs.Save(ctx, s, filepath.Join(dir, "tvs-unfitted"), false); err != nil {
		t.Fatal(err)
	}
	ltv, err := ml.LoadTrainValidationSplit(ctx, s, filepath.Join(dir, "tvs-unfitted"))
	if err != nil {
		t.Fatal(err)
	}
	if ltv.UID != tvs.UID || ltv.TrainRatio != 0.6 || len(ltv.Grid) != 2 || ltv.Evaluator.MetricName() != "mae" {
		t.Errorf("loaded train-validation split %v", ltv)
	}
	if v, _ := ltv.Grid[1].Get("regParam"); v != 1.0 {
		t.Errorf("loaded grid value %v (%T), want float 1.0", v, v)
	}
	var tpy struct {
		Metrics []float64 `json:"metrics"`
		Ratio   float64   `json:"ratio"`
	}
	pyPeer(t, `from pyspark.ml.tuning import TrainValidationSplitModel
m = TrainValidationSplitModel.load(sys.argv[2])
done({"metrics": m.validationMetrics, "ratio": m.getTrainRatio()})
`, &tpy, tpath)
	if !slices.Equal(tpy.Metrics, tm.AvgMetrics()) || tpy.Ratio != 0.75 {
		t.Errorf("PySpark read the split as %+v", tpy)
	}
}
