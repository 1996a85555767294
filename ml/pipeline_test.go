package ml_test

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sparkgo/sparkgo/connect"
	"github.com/sparkgo/sparkgo/frame"
	"github.com/sparkgo/sparkgo/internal/jupytertest"
	"github.com/sparkgo/sparkgo/ml"
)

// pipeData is a small data set with a string column, the same in Go and
// in the PySpark peer.
const pipeData = `SELECT * FROM VALUES
 (1, 1.0, 2.0, 'a', 3.1), (2, 2.0, 1.0, 'b', 4.2), (3, 3.0, 5.0, 'a', 8.9), (4, 4.0, 3.0, 'b', 9.1),
 (5, 5.0, 4.0, 'c', 12.2), (6, 6.0, 7.0, 'a', 14.8), (7, 7.0, 2.0, 'c', 13.1), (8, 8.0, 6.0, 'b', 17.0)
 AS t(id, x, y, c, label)`

// column collects one double column ordered by id.
func column(t *testing.T, ctx context.Context, df *frame.DataFrame, col string) []float64 {
	t.Helper()
	return floats(t, ctx, df.OrderBy("id"), col)
}

func samePredictions(t *testing.T, what string, a, b []float64) {
	t.Helper()
	if len(a) == 0 || len(a) != len(b) {
		t.Fatalf("%s: %d and %d predictions", what, len(a), len(b))
	}
	for i := range a {
		if math.Abs(a[i]-b[i]) > 1e-9*math.Max(1, math.Abs(a[i])) {
			t.Fatalf("%s: predictions differ at row %d:\n%v\n%v", what, i, a, b)
		}
	}
}

func newTestPipeline() *ml.Pipeline {
	return ml.NewPipeline(
		ml.NewStringIndexer(ml.Params{"inputCol": "c", "outputCol": "ci"}),
		ml.NewVectorAssembler(ml.Params{"inputCols": []string{"x", "y", "ci"}, "outputCol": "features"}),
		ml.NewLinearRegression(ml.Params{"regParam": 0.1}),
	)
}

func TestPipelineFitSaveLoad(t *testing.T) {
	ctx, s := setup(t)
	df := s.Sql(ctx, pipeData)
	p := newTestPipeline()
	pm, err := p.Fit(ctx, df)
	if err != nil {
		t.Fatal(err)
	}
	defer pm.Close()

	if pm.NumStages() != 3 || pm.StageModel(0).Name() != "StringIndexerModel" || pm.StageModel(1) != nil ||
		pm.StageModel(2).Name() != "LinearRegressionModel" || pm.LastModel() != pm.StageModel(2) {
		t.Fatalf("stages: %v", pm)
	}
	if _, ok := pm.Stage(1).(*ml.Transformer); !ok || pm.FindStage("VectorAssembler") != pm.Stage(1) || pm.FindStage(p.Stages[2].(*ml.Estimator).UID) != pm.Stage(2) {
		t.Errorf("stage 2 is %T; FindStage failed", pm.Stage(1))
	}
	labels, err := pm.StageModel(0).Strings(ctx, "labels")
	if err != nil || !slices.Equal(labels, []string{"a", "b", "c"}) {
		t.Errorf("labels %v, %v", labels, err)
	}
	want := column(t, ctx, pm.Transform(df), "prediction")

	// The pipeline equals the stages run by hand.
	idx := fitEstimator(t, ctx, ml.NewStringIndexer(ml.Params{"inputCol": "c", "outputCol": "ci"}), df)
	prepared := ml.NewVectorAssembler(ml.Params{"inputCols": []string{"x", "y", "ci"}, "outputCol": "features"}).Transform(idx.Transform(df))
	lr := fitEstimator(t, ctx, ml.NewLinearRegression(ml.Params{"regParam": 0.1}), prepared)
	samePredictions(t, "pipeline vs by hand", want, column(t, ctx, lr.Transform(prepared), "prediction"))

	// Predict drops the helper columns.
	cols, err := pm.Predict(df).Columns(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(cols, []string{"id", "x", "y", "c", "label", "prediction"}) {
		t.Errorf("Predict columns %v", cols)
	}
	card, err := pm.Card(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(card.Stages) != 3 || card.Stages[2].Class != "LinearRegressionModel" || card.Model == nil || len(card.Model.Coefficients) != 4 {
		t.Errorf("card %+v", card)
	}
	text := pm.Render().Text()
	for _, w := range []string{"PipelineModel", "StringIndexerModel", "VectorAssembler", "LinearRegressionModel", "Coefficients"} {
		if !strings.Contains(text, w) {
			t.Errorf("card text lacks %q:\n%s", w, text)
		}
	}

	// Go → Go, in PySpark's layout.
	dir := tempDir(t)
	path := filepath.Join(dir, "pm")
	if err := pm.Save(ctx, path, false); err != nil {
		t.Fatal(err)
	}
	if err := pm.Save(ctx, path, false); err == nil {
		t.Error("saving over an existing pipeline model without overwrite succeeded")
	}
	if err := pm.Save(ctx, path, true); err != nil {
		t.Fatalf("overwrite: %v", err)
	}
	md := readMetadataFile(t, path)
	uids := []string{pm.Stage(0).(*ml.Model).UID(), pm.Stage(1).(*ml.Transformer).UID, pm.StageModel(2).UID()}
	if md["class"] != "pyspark.ml.pipeline.PipelineModel" || md["uid"] != pm.UID() {
		t.Errorf("metadata %v", md)
	}
	if pmap, _ := md["paramMap"].(map[string]any); pmap["language"] != "Python" || !slices.Equal(toStrings(pmap["stageUids"]), uids) {
		t.Errorf("paramMap %v, want stageUids %v", md["paramMap"], uids)
	}
	for i, uid := range uids {
		if _, err := os.Stat(filepath.Join(path, "stages", string(rune('0'+i))+"_"+uid, "metadata")); err != nil {
			t.Errorf("stage dir: %v", err)
		}
	}
	loaded, err := ml.LoadPipelineModel(ctx, s, path)
	if err != nil {
		t.Fatal(err)
	}
	defer loaded.Close()
	if loaded.UID() != pm.UID() || loaded.NumStages() != 3 || loaded.StageModel(2).UID() != pm.StageModel(2).UID() {
		t.Errorf("loaded %v", loaded)
	}
	samePredictions(t, "Go → Go", want, column(t, ctx, loaded.Transform(df), "prediction"))
	if st, err := ml.LoadStage(ctx, s, path); err != nil {
		t.Error(err)
	} else if lpm, ok := st.(*ml.PipelineModel); !ok {
		t.Errorf("LoadStage gave a %T", st)
	} else {
		lpm.Close()
	}
	if _, err := ml.LoadPipeline(ctx, s, path); err == nil {
		t.Error("LoadPipeline read a pipeline model")
	}
	// LoadStage reads a single stage by the class in its metadata.
	if st, err := ml.LoadStage(ctx, s, filepath.Join(path, "stages", "2_"+uids[2])); err != nil {
		t.Error(err)
	} else if lm, ok := st.(*ml.Model); !ok || lm.Name() != "LinearRegressionModel" {
		t.Errorf("LoadStage of stage 3 gave %v", st)
	} else {
		closeModel(t, lm)
	}
	if st, err := ml.LoadStage(ctx, s, filepath.Join(path, "stages", "1_"+uids[1])); err != nil {
		t.Error(err)
	} else if tr, ok := st.(*ml.Transformer); !ok || tr.Params["outputCol"] != "features" {
		t.Errorf("LoadStage of stage 2 gave %v", st)
	}

	// The unfitted pipeline round trips too, and fits the same.
	ppath := filepath.Join(dir, "p")
	if err := p.Save(ctx, s, ppath, false); err != nil {
		t.Fatal(err)
	}
	if md := readMetadataFile(t, ppath); md["class"] != "pyspark.ml.pipeline.Pipeline" || md["uid"] != p.UID {
		t.Errorf("pipeline metadata %v", md)
	}
	lp, err := ml.LoadPipeline(ctx, s, ppath)
	if err != nil {
		t.Fatal(err)
	}
	if lp.UID != p.UID || len(lp.Stages) != 3 {
		t.Fatalf("loaded pipeline %v", lp)
	}
	if e, ok := lp.Stages[2].(*ml.Estimator); !ok || e.Params["regParam"] != 0.1 || e.UID != p.Stages[2].(*ml.Estimator).UID {
		t.Errorf("loaded stage 3: %v", lp.Stages[2])
	}
	if tr, ok := lp.Stages[1].(*ml.Transformer); !ok || !slices.Equal(toStrings(tr.Params["inputCols"]), []string{"x", "y", "ci"}) {
		t.Errorf("loaded stage 2: %v", lp.Stages[1])
	}
	pm2, err := lp.Fit(ctx, df)
	if err != nil {
		t.Fatal(err)
	}
	defer pm2.Close()
	samePredictions(t, "loaded pipeline refit", want, column(t, ctx, pm2.Transform(df), "prediction"))
}

func readMetadataFile(t *testing.T, path string) map[string]any {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(path, "metadata", "part-*"))
	if err != nil || len(files) != 1 {
		t.Fatalf("metadata files %v, %v", files, err)
	}
	b, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	var md map[string]any
	if err := json.Unmarshal(b, &md); err != nil {
		t.Fatalf("metadata %s: %v", b, err)
	}
	return md
}

func toStrings(v any) []string {
	switch x := v.(type) {
	case []string:
		return x
	case []any:
		out := make([]string, len(x))
		for i, e := range x {
			out[i], _ = e.(string)
		}
		return out
	}
	return nil
}

func TestPipelineStagesAndErrors(t *testing.T) {
	ctx, s := setup(t)
	df := s.Sql(ctx, pipeData)
	// A fitted model and a nested pipeline as stages; the transformer
	// after the last estimator is kept but not run by Fit.
	idx := fitEstimator(t, ctx, ml.NewStringIndexer(ml.Params{"inputCol": "c", "outputCol": "ci"}), df)
	inner := ml.NewPipeline(ml.NewVectorAssembler(ml.Params{"inputCols": []string{"x", "ci"}, "outputCol": "features"}),
		ml.NewEstimator("DecisionTreeRegressor", ml.Params{"maxDepth": 2}))
	p := ml.NewPipeline(idx).Add(inner, ml.NewTransformer("SQLTransformer", ml.Params{"statement": "SELECT *, prediction * 2 AS double_pred FROM __THIS__"}))
	if !strings.Contains(p.String(), "SQLTransformer") {
		t.Errorf("String: %s", p)
	}
	pm, err := p.Fit(ctx, df)
	if err != nil {
		t.Fatal(err)
	}
	if pm.Stage(0) != idx {
		t.Error("the fitted model stage was not kept")
	}
	nested, ok := pm.Stage(1).(*ml.PipelineModel)
	if !ok || nested.StageModel(1).Name() != "DecisionTreeRegressionModel" || pm.LastModel() != nested.StageModel(1) {
		t.Fatalf("nested stage %v", pm.Stage(1))
	}
	out := pm.Predict(df)
	cols, err := out.Columns(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(cols, []string{"id", "x", "y", "c", "label", "prediction", "double_pred"}) {
		t.Errorf("Predict columns %v", cols)
	}
	pred, dbl := column(t, ctx, out, "prediction"), column(t, ctx, out, "double_pred")
	for i := range pred {
		if dbl[i] != 2*pred[i] {
			t.Fatalf("double_pred %v, prediction %v", dbl, pred)
		}
	}
	// Nested pipelines save and load (Go → Go).
	path := filepath.Join(tempDir(t), "nested")
	if err := pm.Save(ctx, path, true); err != nil { // overwrite of nothing
		t.Fatal(err)
	}
	loaded, err := ml.LoadPipelineModel(ctx, s, path)
	if err != nil {
		t.Fatal(err)
	}
	samePredictions(t, "nested", dbl, column(t, ctx, loaded.Predict(df), "double_pred"))
	loaded.Close()
	// Closing frees what Fit made, not the model given as a stage.
	if err := pm.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := nested.StageModel(1).Fetch(ctx, "depth"); err != ml.ErrClosed {
		t.Errorf("fitted stage after Close: %v", err)
	}
	if _, err := idx.Strings(ctx, "labels"); err != nil {
		t.Errorf("given stage after Close: %v", err)
	}

	// A failing stage names itself and Spark's error.
	bad := ml.NewPipeline(ml.NewVectorAssembler(ml.Params{"inputCols": []string{"nosuch"}, "outputCol": "features"}), ml.NewLinearRegression(nil))
	_, err = bad.Fit(ctx, df)
	var se *connect.SparkError
	if err == nil || !strings.Contains(err.Error(), "stage 2") || !errors.As(err, &se) {
		t.Errorf("bad pipeline: %v", err)
	}
	if _, err := ml.NewPipeline(nil).Fit(ctx, df); err == nil {
		t.Error("a nil stage fitted")
	}
}

// TestFormulaModelSavePipeline saves a formula model with its
// RFormulaModel and loads it back with Predict on raw columns.
func TestFormulaModelSavePipeline(t *testing.T) {
	ctx, s := setup(t)
	cars := mtcars(ctx, s)
	m := fitFormula(t, ctx, ml.LinearRegression, cars, "mpg ~ wt + hp + cyl", nil)
	want, err := m.Predict(cars).Select("prediction").CollectMaps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(tempDir(t), "formula")
	if err := m.SavePipeline(ctx, path, false); err != nil {
		t.Fatal(err)
	}
	md := readMetadataFile(t, path)
	if md["class"] != "pyspark.ml.pipeline.PipelineModel" || md["sparkgoFormula"] == nil {
		t.Errorf("metadata %v", md)
	}
	loaded, err := ml.LoadFormulaModel(ctx, s, path)
	if err != nil {
		t.Fatal(err)
	}
	defer closeModel(t, loaded)
	if loaded.Formula() != "mpg ~ wt + hp + cyl" || !slices.Equal(loaded.Features(), []string{"wt", "hp", "cyl"}) || loaded.FormulaModel() == nil {
		t.Errorf("loaded formula %q features %v", loaded.Formula(), loaded.Features())
	}
	pred := loaded.Predict(cars)
	cols, err := pred.Columns(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(cols, "features") || slices.Contains(cols, "label") || cols[len(cols)-1] != "prediction" {
		t.Errorf("Predict columns %v", cols)
	}
	got, err := pred.Select("prediction").CollectMaps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i := range want {
		if want[i]["prediction"] != got[i]["prediction"] {
			t.Fatalf("row %d: %v, want %v", i, got[i], want[i])
		}
	}
	coefs, err := loaded.NamedCoefficients(ctx)
	if err != nil || len(coefs) != 4 || coefs["wt"] == 0 {
		t.Errorf("named coefficients %v, %v", coefs, err)
	}
	// LoadPipelineModel gives the two stages; its Predict drops the helpers too.
	pm, err := ml.LoadPipelineModel(ctx, s, path)
	if err != nil {
		t.Fatal(err)
	}
	defer pm.Close()
	if pm.NumStages() != 2 || pm.StageModel(0).Name() != "RFormulaModel" {
		t.Fatalf("pipeline model %v", pm)
	}
	pcols, err := pm.Predict(cars).Columns(ctx)
	if err != nil || !slices.Equal(pcols, cols) {
		t.Errorf("pipeline Predict columns %v (%v), want %v", pcols, err, cols)
	}
	// A formula model inside a pipeline model is saved as a nested pipeline
	// model and comes back as a formula model.
	outer := ml.NewPipelineModel(m, ml.NewTransformer("SQLTransformer", ml.Params{"statement": "SELECT *, prediction + 1 AS p1 FROM __THIS__"}))
	opath := filepath.Join(tempDir(t), "outer")
	if err := outer.Save(ctx, opath, false); err != nil {
		t.Fatal(err)
	}
	lo, err := ml.LoadPipelineModel(ctx, s, opath)
	if err != nil {
		t.Fatal(err)
	}
	defer lo.Close()
	if fm := lo.StageModel(0); fm == nil || fm.Formula() != m.Formula() {
		t.Fatalf("outer stage 1: %v", lo.Stage(0))
	}
	ocols, err := lo.Predict(cars).Columns(ctx)
	if err != nil || slices.Contains(ocols, "features") || !slices.Contains(ocols, "p1") {
		t.Errorf("outer Predict columns %v, %v", ocols, err)
	}
}

// requirePySparkPeer skips a test that exchanges files with PySpark on a
// server older than the PySpark peer (the 4.1 client cannot talk to it),
// saying why; the exchange runs on the primary 4.1 server.
func requirePySparkPeer(t *testing.T, ctx context.Context, s *frame.Session) {
	t.Helper()
	if ok, err := s.Conn().VersionAtLeast(ctx, 4, 1); err != nil {
		t.Fatal(err)
	} else if !ok {
		v, _ := s.Conn().SparkVersion(ctx)
		t.Skipf("the PySpark peer is the 4.1 client, which cannot talk to this Spark %s server", v)
	}
}

// pysparkPython returns the python of PySpark's Spark Connect client 4.1,
// set up by scripts/ensure-pyspark.sh (SPARKGO_PYSPARK_PYTHON overrides
// it), or fails the test.
func pysparkPython(t *testing.T) string {
	t.Helper()
	if py := os.Getenv("SPARKGO_PYSPARK_PYTHON"); py != "" {
		return py
	}
	root, err := jupytertest.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd := exec.Command("bash", filepath.Join(root, "scripts", "ensure-pyspark.sh"))
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("no Python with PySpark's Connect client for the PySpark peer: scripts/ensure-pyspark.sh: %v\n%s", err, stderr.String())
	}
	return strings.TrimSpace(string(out))
}

// pyPeer runs a PySpark Connect script against the test server; it prints
// one JSON value on its last line, which is decoded into out.
func pyPeer(t *testing.T, script string, out any, args ...string) {
	t.Helper()
	py := pysparkPython(t)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	// The script runs from standard input; the session is stopped however
	// it ends (a live session keeps the interpreter from exiting).
	prelude := `import sys, json, os, traceback
from pyspark.sql import SparkSession
spark = SparkSession.builder.remote(sys.argv[1]).getOrCreate()
def done(v):
    print(json.dumps(v), flush=True)
code = 0
try:
    exec(sys.stdin.read())
except BaseException:
    traceback.print_exc()
    code = 1
finally:
    try:
        spark.stop()
    except BaseException:
        pass
sys.stdout.flush()
sys.stderr.flush()
os._exit(code)
`
	cmd := exec.CommandContext(ctx, py, append([]string{"-c", prelude, os.Getenv(connect.RemoteEnv)}, args...)...)
	cmd.Stdin = strings.NewReader(script)
	b, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("PySpark peer: %v\n%s", err, b)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), out); err != nil {
		t.Fatalf("PySpark peer output: %v\n%s", err, b)
	}
}

func TestPipelinePySparkInterop(t *testing.T) {
	ctx, s := setup(t)
	requirePySparkPeer(t, ctx, s)
	df := s.Sql(ctx, pipeData)
	dir := tempDir(t)

	// Go → PySpark.
	pm, err := newTestPipeline().Fit(ctx, df)
	if err != nil {
		t.Fatal(err)
	}
	defer pm.Close()
	goPred := column(t, ctx, pm.Transform(df), "prediction")
	goPath := filepath.Join(dir, "from-go")
	if err := pm.Save(ctx, goPath, false); err != nil {
		t.Fatal(err)
	}
	var py struct {
		UID    string    `json:"uid"`
		Stages []string  `json:"stages"`
		Pred   []float64 `json:"pred"`
	}
	pyPeer(t, `from pyspark.ml import PipelineModel
m = PipelineModel.load(sys.argv[2])
df = spark.sql(sys.argv[3])
pred = [r.prediction for r in m.transform(df).orderBy("id").select("prediction").collect()]
done({"uid": m.uid, "stages": [type(s).__name__ for s in m.stages], "pred": pred})
`, &py, goPath, pipeData)
	if py.UID != pm.UID() || !slices.Equal(py.Stages, []string{"StringIndexerModel", "VectorAssembler", "LinearRegressionModel"}) {
		t.Errorf("PySpark loaded uid %s stages %v", py.UID, py.Stages)
	}
	samePredictions(t, "Go → PySpark", goPred, py.Pred)

	// PySpark → Go: PySpark fits and saves the same pipeline, and an
	// unfitted one.
	pyPath, pyPipe := filepath.Join(dir, "from-py"), filepath.Join(dir, "from-py-pipeline")
	pyPeer(t, `from pyspark.ml import Pipeline
from pyspark.ml.feature import StringIndexer, VectorAssembler
from pyspark.ml.regression import LinearRegression
df = spark.sql(sys.argv[4])
p = Pipeline(stages=[StringIndexer(inputCol="c", outputCol="ci"), VectorAssembler(inputCols=["x", "y", "ci"], outputCol="features"), LinearRegression(regParam=0.1)])
p.save(sys.argv[3])
m = p.fit(df)
m.save(sys.argv[2])
pred = [r.prediction for r in m.transform(df).orderBy("id").select("prediction").collect()]
done({"uid": m.uid, "stages": [s.uid for s in m.stages], "pred": pred})
`, &py, pyPath, pyPipe, pipeData)
	samePredictions(t, "PySpark vs Go fit", goPred, py.Pred)
	loaded, err := ml.LoadPipelineModel(ctx, s, pyPath)
	if err != nil {
		t.Fatal(err)
	}
	defer loaded.Close()
	if loaded.UID() != py.UID || loaded.NumStages() != 3 || loaded.StageModel(2).UID() != py.Stages[2] {
		t.Errorf("loaded from PySpark: %v; PySpark stages %v", loaded, py.Stages)
	}
	samePredictions(t, "PySpark → Go", py.Pred, column(t, ctx, loaded.Transform(df), "prediction"))
	lp, err := ml.LoadPipeline(ctx, s, pyPipe)
	if err != nil {
		t.Fatal(err)
	}
	refit, err := lp.Fit(ctx, df)
	if err != nil {
		t.Fatal(err)
	}
	defer refit.Close()
	samePredictions(t, "PySpark pipeline fitted by Go", py.Pred, column(t, ctx, refit.Transform(df), "prediction"))

	// A formula model saved by Go predicts on raw columns in PySpark.
	cars := mtcars(ctx, s)
	fm := fitFormula(t, ctx, ml.LinearRegression, cars, "mpg ~ wt + hp", nil)
	fPath := filepath.Join(dir, "formula")
	if err := fm.SavePipeline(ctx, fPath, false); err != nil {
		t.Fatal(err)
	}
	if err := cars.Write().Format("parquet").Save(ctx, filepath.Join(dir, "cars")); err != nil {
		t.Fatal(err)
	}
	var fpy struct {
		Pred []float64 `json:"pred"`
	}
	pyPeer(t, `from pyspark.ml import PipelineModel
m = PipelineModel.load(sys.argv[2])
df = spark.read.parquet(sys.argv[3])
done({"pred": [r.prediction for r in m.transform(df).select("prediction").collect()]})
`, &fpy, fPath, filepath.Join(dir, "cars"))
	goCars := s.Read().Parquet(filepath.Join(dir, "cars"))
	fgo := floats(t, ctx, fm.Predict(goCars), "prediction")
	samePredictions(t, "formula model Go → PySpark", fgo, fpy.Pred)
}

// TestPipelineRFormula fits sparklyr's usual pipeline, an RFormula stage
// then a model: the same fit as the formula interface, and Predict drops
// the formula's features and label.
func TestPipelineRFormula(t *testing.T) {
	ctx, s := setup(t)
	cars := mtcars(ctx, s)
	p := ml.NewPipeline(ml.NewEstimator("RFormula", ml.Params{"formula": "mpg ~ wt + hp"}), ml.NewLinearRegression(nil))
	pm, err := p.Fit(ctx, cars)
	if err != nil {
		t.Fatal(err)
	}
	defer pm.Close()
	direct := fitFormula(t, ctx, ml.LinearRegression, cars, "mpg ~ wt + hp", nil)
	cols, err := pm.Predict(cars).Columns(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want, err := cars.Columns(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(cols, append(want, "prediction")) {
		t.Errorf("Predict columns %v", cols)
	}
	samePredictions(t, "RFormula pipeline vs formula",
		floats(t, ctx, direct.Predict(cars), "prediction"), floats(t, ctx, pm.Predict(cars), "prediction"))
	// A formula whose response is named label keeps the label column.
	renamed := cars.Rename("mpg", "label")
	lp, err := ml.NewPipeline(ml.NewEstimator("RFormula", ml.Params{"formula": "label ~ wt"}), ml.NewLinearRegression(nil)).Fit(ctx, renamed)
	if err != nil {
		t.Fatal(err)
	}
	defer lp.Close()
	lcols, err := lp.Predict(renamed).Columns(ctx)
	if err != nil || !slices.Contains(lcols, "label") || slices.Contains(lcols, "features") {
		t.Errorf("Predict columns %v, %v", lcols, err)
	}
}
