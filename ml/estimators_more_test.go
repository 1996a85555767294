package ml_test

import (
	"context"
	"fmt"
	"log"
	"math"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/sparkgo/sparkgo/datasets"
	"github.com/sparkgo/sparkgo/display"
	"github.com/sparkgo/sparkgo/frame"
	"github.com/sparkgo/sparkgo/ml"
)

// estRow is a row of the small constructed data sets of these tests.
type estRow struct {
	ID int64   `spark:"id"`
	X  float64 `spark:"x"`
	Z  float64 `spark:"z"`
	Y  float64 `spark:"y"`
}

// estSeparable has y = 0 for x in 1..4 and y = 1 for x in 6..9; z is
// noise that separates nothing.
func estSeparable(ctx context.Context, s *frame.Session, low, high float64) *frame.DataFrame {
	var rows []estRow
	for i, x := range []float64{1, 2, 3, 4, 6, 7, 8, 9} {
		y := low
		if x > 5 {
			y = high
		}
		rows = append(rows, estRow{ID: int64(i), X: x, Z: float64(i % 2), Y: y})
	}
	return s.CreateDataFrame(ctx, rows, frame.CopyOptions{})
}

// estColumn collects a double column ordered by id (or by the first
// column given to order by).
func estColumn(t *testing.T, ctx context.Context, df *frame.DataFrame, col, orderBy string) []float64 {
	t.Helper()
	rows, err := df.OrderBy(orderBy).Select(col).CollectMaps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]float64, len(rows))
	for i, r := range rows {
		switch v := r[col].(type) {
		case float64:
			out[i] = v
		case int32:
			out[i] = float64(v)
		case int64:
			out[i] = float64(v)
		default:
			t.Fatalf("%s is a %T", col, r[col])
		}
	}
	return out
}

// estVectors collects a vector column ordered by orderBy.
func estVectors(t *testing.T, ctx context.Context, df *frame.DataFrame, col, orderBy string) [][]float64 {
	t.Helper()
	rows, err := df.OrderBy(orderBy).Select(col).CollectMaps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := make([][]float64, len(rows))
	for i, r := range rows {
		v, ok := ml.VectorOf(r[col])
		if !ok {
			t.Fatalf("%s is %v", col, r[col])
		}
		out[i] = v.Dense()
	}
	return out
}

func estNear(a, b, tol float64) bool { return math.Abs(a-b) <= tol*math.Max(1, math.Abs(b)) }

func estNearAll(a, b []float64, tol float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !estNear(a[i], b[i], tol) {
			return false
		}
	}
	return true
}

func estMetric(ms []display.Metric, name string) (float64, bool) {
	for _, m := range ms {
		if m.Name == name {
			return m.Value, true
		}
	}
	return 0, false
}

func TestDecisionTreeClassifierSeparable(t *testing.T) {
	ctx, s := setup(t)
	df := estSeparable(ctx, s, 0, 1)
	m := fitFormula(t, ctx, ml.DecisionTreeClassifier, df, "y ~ x + z", nil)
	if m.Name() != "DecisionTreeClassificationModel" {
		t.Errorf("class %s", m.Name())
	}
	// One split, at the midpoint of 4 and 6, separates the classes.
	if d, err := m.TreeDepth(ctx); err != nil || d != 1 {
		t.Errorf("depth %d, %v", d, err)
	}
	if n, err := m.TreeNumNodes(ctx); err != nil || n != 3 {
		t.Errorf("nodes %d, %v", n, err)
	}
	if n, err := m.NumClasses(ctx); err != nil || n != 2 {
		t.Errorf("classes %d, %v", n, err)
	}
	fi, err := m.NamedFeatureImportances(ctx)
	if err != nil || fi["x"] != 1 || fi["z"] != 0 || len(fi) != 2 {
		t.Errorf("importances %v, %v", fi, err)
	}
	dbg, err := m.DebugString(ctx)
	if err != nil || !strings.Contains(dbg, "feature 0 <= 5.0") {
		t.Errorf("debug string %q, %v", dbg, err)
	}
	// Exact predictions and probabilities, on the training data and on new x.
	pred := m.Predict(df)
	if got := estColumn(t, ctx, pred, "prediction", "id"); !slices.Equal(got, []float64{0, 0, 0, 0, 1, 1, 1, 1}) {
		t.Errorf("predictions %v", got)
	}
	probs := estVectors(t, ctx, pred, "probability", "id")
	if !slices.Equal(probs[0], []float64{1, 0}) || !slices.Equal(probs[7], []float64{0, 1}) {
		t.Errorf("probabilities %v", probs)
	}
	newX := s.Sql(ctx, "SELECT id, CAST(x AS DOUBLE) AS x, 0D AS z FROM VALUES (0, 4.9), (1, 5.1), (2, -100), (3, 100) AS t(id, x)")
	if got := estColumn(t, ctx, m.Predict(newX), "prediction", "id"); !slices.Equal(got, []float64{0, 1, 0, 1}) {
		t.Errorf("predictions of new x %v", got)
	}
	// The same tree through the generic path, on assembled columns.
	feats := ml.NewVectorAssembler(ml.Params{"inputCols": []string{"x", "z"}, "outputCol": "features"}).Transform(df)
	g := fitEstimator(t, ctx, ml.NewEstimator("DecisionTreeClassifier", ml.Params{"labelCol": "y"}), feats)
	gdbg, err := g.DebugString(ctx)
	if err != nil || trimFirstLine(gdbg) != trimFirstLine(dbg) {
		t.Errorf("generic tree:\n%s\nformula tree:\n%s", gdbg, dbg)
	}
	// Saved and loaded, the tree is the same.
	path := filepath.Join(tempDir(t), "tree")
	if err := g.Save(ctx, path, false); err != nil {
		t.Fatal(err)
	}
	loaded, err := ml.Load(ctx, s, "DecisionTreeClassificationModel", path)
	if err != nil {
		t.Fatal(err)
	}
	defer closeModel(t, loaded)
	if ldbg, err := loaded.DebugString(ctx); err != nil || ldbg != gdbg {
		t.Errorf("loaded tree:\n%s\nsaved tree:\n%s", ldbg, gdbg)
	}
	if got := estColumn(t, ctx, loaded.Transform(feats), "prediction", "id"); !slices.Equal(got, []float64{0, 0, 0, 0, 1, 1, 1, 1}) {
		t.Errorf("loaded predictions %v", got)
	}
	card, err := m.Card(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(card.FeatureImportances) != 2 || card.Formula != "y ~ x + z" {
		t.Errorf("card %+v", card)
	}
	det, err := m.Details(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if d, _ := estMetric(det, "depth"); d != 1 {
		t.Errorf("details %+v", det)
	}
	if n, _ := estMetric(det, "numNodes"); n != 3 {
		t.Errorf("details %+v", det)
	}
}

// trimFirstLine drops the first line of a tree's debug string, which has
// its uid.
func trimFirstLine(s string) string {
	_, rest, _ := strings.Cut(s, "\n")
	return rest
}

// bestSplit finds the split of x minimizing the squared error of y around
// the two sides' means, among the midpoints of x's distinct values, as a
// regression tree of depth 1 does; it returns the threshold and the two
// means.
func bestSplit(x, y []float64) (threshold, left, right float64) {
	xs := slices.Clone(x)
	slices.Sort(xs)
	xs = slices.Compact(xs)
	best := math.Inf(1)
	for i := 0; i+1 < len(xs); i++ {
		th := (xs[i] + xs[i+1]) / 2
		var nl, nr, sl, sr, ql, qr float64
		for j := range x {
			if x[j] <= th {
				nl++
				sl += y[j]
				ql += y[j] * y[j]
			} else {
				nr++
				sr += y[j]
				qr += y[j] * y[j]
			}
		}
		sse := ql - sl*sl/nl + qr - sr*sr/nr
		if sse < best-1e-9 {
			best, threshold, left, right = sse, th, sl/nl, sr/nr
		}
	}
	return threshold, left, right
}

func TestDecisionTreeRegressor(t *testing.T) {
	ctx, s := setup(t)
	// Separable: leaf means exactly.
	df := estSeparable(ctx, s, 10, 20)
	m := fitFormula(t, ctx, ml.DecisionTreeRegressor, df, "y ~ x + z", nil)
	if got := estColumn(t, ctx, m.Predict(df), "prediction", "id"); !slices.Equal(got, []float64{10, 10, 10, 10, 20, 20, 20, 20}) {
		t.Errorf("predictions %v", got)
	}
	if d, err := m.TreeDepth(ctx); err != nil || d != 1 {
		t.Errorf("depth %d, %v", d, err)
	}

	// A stump on mtcars: the split of wt that least squares chooses, and
	// the mean mpg of each side, computed here.
	cars := mtcars(ctx, s)
	stump := fitFormula(t, ctx, ml.DecisionTreeRegressor, cars, "mpg ~ wt", ml.Params{"maxDepth": 1})
	var wt, mpg []float64
	for _, c := range datasets.Mtcars() {
		wt = append(wt, c.Wt)
		mpg = append(mpg, c.Mpg)
	}
	th, left, right := bestSplit(wt, mpg)
	dbg, err := stump.DebugString(ctx)
	if err != nil {
		t.Fatal(err)
	}
	mt := regexp.MustCompile(`feature 0 <= ([0-9.]+)`).FindStringSubmatch(dbg)
	if mt == nil {
		t.Fatalf("debug string %s", dbg)
	}
	if got, _ := strconv.ParseFloat(mt[1], 64); !estNear(got, th, 1e-9) {
		t.Errorf("threshold %v, want %v:\n%s", got, th, dbg)
	}
	rows, err := stump.Predict(cars).Select("wt", "prediction").CollectMaps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		want := right
		if r["wt"].(float64) <= th {
			want = left
		}
		if !estNear(r["prediction"].(float64), want, 1e-12) {
			t.Errorf("wt %v: prediction %v, want %v", r["wt"], r["prediction"], want)
		}
	}
	t.Logf("stump: wt <= %v → %.4f, else %.4f", th, left, right)
}

func TestRandomForestClassifier(t *testing.T) {
	ctx, s := setup(t)
	df := estSeparable(ctx, s, 0, 1)
	// Without bootstrap and with all features, every tree is the decision tree.
	m := fitFormula(t, ctx, ml.RandomForestClassifier, df, "y ~ x + z", ml.Params{"numTrees": 3, "bootstrap": false, "featureSubsetStrategy": "all"})
	if n, err := m.NumTrees(ctx); err != nil || n != 3 {
		t.Errorf("trees %d, %v", n, err)
	}
	if n, err := m.TotalNumNodes(ctx); err != nil || n != 9 {
		t.Errorf("nodes %d, %v", n, err)
	}
	if w, err := m.TreeWeights(ctx); err != nil || !slices.Equal(w, []float64{1, 1, 1}) {
		t.Errorf("tree weights %v, %v", w, err)
	}
	pred := m.Predict(df)
	if got := estColumn(t, ctx, pred, "prediction", "id"); !slices.Equal(got, []float64{0, 0, 0, 0, 1, 1, 1, 1}) {
		t.Errorf("predictions %v", got)
	}
	if p := estVectors(t, ctx, pred, "probability", "id"); !slices.Equal(p[0], []float64{1, 0}) || !slices.Equal(p[7], []float64{0, 1}) {
		t.Errorf("probabilities %v", p)
	}
	sum, err := m.ClassificationSummary(ctx)
	if err != nil || sum.Accuracy != 1 || !sum.HasAreaUnderROC || sum.AreaUnderROC != 1 {
		t.Errorf("summary %+v, %v", sum, err)
	}
	trees, err := m.Trees(ctx)
	if err != nil || len(trees) != 3 {
		t.Fatalf("trees %v, %v", trees, err)
	}
	for _, tr := range trees {
		if tr.Name() != "DecisionTreeClassificationModel" || !strings.HasPrefix(tr.UID(), "dtc_") {
			t.Errorf("tree %s", tr)
		}
		if d, err := tr.TreeDepth(ctx); err != nil || d != 1 {
			t.Errorf("tree depth %d, %v", d, err)
		}
		// A tree transforms the forest's prepared data.
		got := estColumn(t, ctx, tr.Transform(m.Transform(df).Drop("prediction", "probability", "rawPrediction")), "prediction", "id")
		if !slices.Equal(got, []float64{0, 0, 0, 0, 1, 1, 1, 1}) {
			t.Errorf("tree predictions %v", got)
		}
		closeModel(t, tr)
	}
	det, err := m.Details(ctx)
	if n, _ := estMetric(det, "numTrees"); err != nil || n != 3 {
		t.Errorf("details %+v, %v", det, err)
	}

	// On iris, the summary's accuracy is the multiclass evaluator's.
	iris := datasets.CopyIris(ctx, s)
	rf := fitFormula(t, ctx, ml.RandomForestClassifier, iris, "species ~ .", ml.Params{"numTrees": 10, "seed": int64(42)})
	isum, err := rf.ClassificationSummary(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ev := ml.NewMulticlassClassificationEvaluator(nil)
	got, err := ev.EvaluateMetrics(ctx, rf.Transform(iris), "accuracy", "weightedPrecision", "weightedRecall", "f1")
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]float64{"accuracy": isum.Accuracy, "weightedPrecision": isum.WeightedPrecision,
		"weightedRecall": isum.WeightedRecall, "f1": isum.WeightedFMeasure} {
		if !estNear(got[name], want, 1e-12) {
			t.Errorf("%s: evaluator %v, summary %v", name, got[name], want)
		}
	}
	if isum.Accuracy < 0.95 || len(isum.Labels) != 3 {
		t.Errorf("iris summary %+v", isum)
	}
	fi, err := rf.NamedFeatureImportances(ctx)
	if err != nil || len(fi) != 4 || fi["petal_length"]+fi["petal_width"] < 0.5 {
		t.Errorf("iris importances %v, %v", fi, err)
	}
}

func TestRandomForestRegressorIsTheTree(t *testing.T) {
	ctx, s := setup(t)
	cars := mtcars(ctx, s)
	// Without bootstrap and with all features, a forest of identical trees
	// predicts what one decision tree predicts.
	rf := fitFormula(t, ctx, ml.RandomForestRegressor, cars, "mpg ~ wt + hp + cyl", ml.Params{"numTrees": 2, "bootstrap": false, "featureSubsetStrategy": "all", "maxDepth": 3})
	dt, err := ml.NewDecisionTreeRegressor(ml.Params{"maxDepth": 3}).FitFormula(ctx, cars, "mpg ~ wt + hp + cyl")
	if err != nil {
		t.Fatal(err)
	}
	defer closeModel(t, dt)
	a := estColumn(t, ctx, rf.Predict(cars).WithColumn("k", frame.Expr("wt * 1000 + hp")), "prediction", "k")
	b := estColumn(t, ctx, dt.Predict(cars).WithColumn("k", frame.Expr("wt * 1000 + hp")), "prediction", "k")
	if len(a) != 32 || !estNearAll(a, b, 1e-12) {
		t.Errorf("forest %v\ntree %v", a, b)
	}
	fa, err := rf.FeatureImportances(ctx)
	if err != nil {
		t.Fatal(err)
	}
	fb, err := dt.FeatureImportances(ctx)
	if err != nil || !estNearAll(fa, fb, 1e-12) {
		t.Errorf("importances %v and %v, %v", fa, fb, err)
	}
	nodes, err := dt.TreeNumNodes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := rf.TotalNumNodes(ctx); err != nil || n != 2*nodes {
		t.Errorf("forest nodes %d, tree %d, %v", n, nodes, err)
	}
	// The regression evaluator on the forest's predictions.
	mse, err := ml.RegressionEvaluator(ctx, rf.Predict(cars), ml.Params{"labelCol": "mpg", "metricName": "mse"})
	if err != nil || mse <= 0 || mse > 10 {
		t.Errorf("mse %v, %v", mse, err)
	}
}

func TestGBTRegressor(t *testing.T) {
	ctx, s := setup(t)
	df := estSeparable(ctx, s, 10, 20)
	m := fitFormula(t, ctx, ml.GBTRegressor, df, "y ~ x", ml.Params{"maxIter": 3})
	// The first tree fits the data exactly; the others fit zero residuals.
	if got := estColumn(t, ctx, m.Predict(df), "prediction", "id"); !slices.Equal(got, []float64{10, 10, 10, 10, 20, 20, 20, 20}) {
		t.Errorf("predictions %v", got)
	}
	if w, err := m.TreeWeights(ctx); err != nil || !slices.Equal(w, []float64{1, 0.1, 0.1}) {
		t.Errorf("tree weights %v, %v", w, err)
	}
	if loss, err := m.EvaluateEachIteration(ctx, df, ""); err != nil || !slices.Equal(loss, []float64{0, 0, 0}) {
		t.Errorf("losses %v, %v", loss, err)
	}

	// On mtcars: the loss after the last tree is the mean squared error of
	// the predictions, and a one-tree GBT is the decision tree.
	cars := mtcars(ctx, s)
	g := fitFormula(t, ctx, ml.GBTRegressor, cars, "mpg ~ wt + hp", ml.Params{"maxIter": 4, "maxDepth": 2, "seed": int64(3)})
	losses, err := g.EvaluateEachIteration(ctx, cars, "squared")
	if err != nil || len(losses) != 4 {
		t.Fatalf("losses %v, %v", losses, err)
	}
	mse, err := ml.NewRegressionEvaluator(ml.Params{"labelCol": "mpg", "metricName": "mse"}).Evaluate(ctx, g.Predict(cars))
	if err != nil || !estNear(losses[3], mse, 1e-9) {
		t.Errorf("last loss %v, mse %v, %v", losses[3], mse, err)
	}
	for i := 1; i < len(losses); i++ {
		if losses[i] > losses[i-1] {
			t.Errorf("losses grow: %v", losses)
		}
	}
	one := fitFormula(t, ctx, ml.GBTRegressor, cars, "mpg ~ wt + hp", ml.Params{"maxIter": 1, "maxDepth": 2})
	dt := fitFormula(t, ctx, ml.DecisionTreeRegressor, cars, "mpg ~ wt + hp", ml.Params{"maxDepth": 2})
	a := estColumn(t, ctx, one.Predict(cars).WithColumn("k", frame.Expr("wt * 1000 + hp")), "prediction", "k")
	b := estColumn(t, ctx, dt.Predict(cars).WithColumn("k", frame.Expr("wt * 1000 + hp")), "prediction", "k")
	if !estNearAll(a, b, 1e-12) {
		t.Errorf("one-tree GBT %v\ntree %v", a, b)
	}
	card, err := g.Card(ctx)
	if err != nil || len(card.FeatureImportances) != 2 {
		t.Errorf("card %+v, %v", card, err)
	}
}

func TestGBTClassifier(t *testing.T) {
	ctx, s := setup(t)
	df := estSeparable(ctx, s, 0, 1)
	// One tree: the margin is ±1, so P(1) = 1/(1+e^−2) or its complement,
	// and the log loss 2·log(1+e^−2).
	m := fitFormula(t, ctx, ml.GBTClassifier, df, "y ~ x", ml.Params{"maxIter": 1})
	pred := m.Predict(df)
	if got := estColumn(t, ctx, pred, "prediction", "id"); !slices.Equal(got, []float64{0, 0, 0, 0, 1, 1, 1, 1}) {
		t.Errorf("predictions %v", got)
	}
	p := 1 / (1 + math.Exp(-2))
	probs := estVectors(t, ctx, pred, "probability", "id")
	raw := estVectors(t, ctx, pred, "rawPrediction", "id")
	if !estNearAll(probs[0], []float64{p, 1 - p}, 1e-12) || !estNearAll(probs[7], []float64{1 - p, p}, 1e-12) {
		t.Errorf("probabilities %v, want %v", probs, p)
	}
	if !slices.Equal(raw[0], []float64{1, -1}) || !slices.Equal(raw[7], []float64{-1, 1}) {
		t.Errorf("raw predictions %v", raw)
	}
	loss, err := m.EvaluateEachIteration(ctx, df, "")
	if err != nil || len(loss) != 1 || !estNear(loss[0], 2*math.Log1p(math.Exp(-2)), 1e-12) {
		t.Errorf("loss %v, %v", loss, err)
	}
	trees, err := m.Trees(ctx)
	if err != nil || len(trees) != 1 || trees[0].Name() != "DecisionTreeRegressionModel" {
		t.Fatalf("trees %v, %v", trees, err)
	}
	closeModel(t, trees[0])

	// More trees keep the data separated, with more confidence.
	m5, err := ml.NewGBTClassifier(ml.Params{"maxIter": 5}).FitFormula(ctx, df, "y ~ x")
	if err != nil {
		t.Fatal(err)
	}
	defer closeModel(t, m5)
	losses, err := m5.EvaluateEachIteration(ctx, df, "")
	if err != nil || len(losses) != 5 || !estNear(losses[0], loss[0], 1e-12) || losses[4] >= losses[0] {
		t.Errorf("losses %v, %v", losses, err)
	}
	if n, err := m5.NumTrees(ctx); err != nil || n != 5 {
		t.Errorf("trees %d, %v", n, err)
	}
	auc, err := ml.BinaryClassificationEvaluator(ctx, m5.Transform(df), nil)
	if err != nil || auc != 1 {
		t.Errorf("AUC %v, %v", auc, err)
	}
}

// irlsPoisson fits a poisson GLM with log link by iteratively reweighted
// least squares, independently of Spark: X has a leading column of ones.
func irlsPoisson(X [][]float64, y []float64) []float64 {
	p := len(X[0])
	beta := make([]float64, p)
	mean := 0.0
	for _, v := range y {
		mean += v
	}
	beta[0] = math.Log(mean / float64(len(y)))
	for iter := 0; iter < 100; iter++ {
		xtwx := make([][]float64, p)
		for i := range xtwx {
			xtwx[i] = make([]float64, p+1)
		}
		for i, row := range X {
			eta := 0.0
			for j := range row {
				eta += row[j] * beta[j]
			}
			mu := math.Exp(eta)
			z := eta + (y[i]-mu)/mu
			for a := 0; a < p; a++ {
				for b := 0; b < p; b++ {
					xtwx[a][b] += mu * row[a] * row[b]
				}
				xtwx[a][p] += mu * row[a] * z
			}
		}
		next := solve(xtwx)
		diff := 0.0
		for j := range beta {
			diff = math.Max(diff, math.Abs(next[j]-beta[j]))
		}
		beta = next
		if diff < 1e-13 {
			break
		}
	}
	return beta
}

// solve solves the augmented linear system a (n rows, n+1 columns) by
// Gaussian elimination with partial pivoting.
func solve(a [][]float64) []float64 {
	n := len(a)
	for c := 0; c < n; c++ {
		piv := c
		for r := c + 1; r < n; r++ {
			if math.Abs(a[r][c]) > math.Abs(a[piv][c]) {
				piv = r
			}
		}
		a[c], a[piv] = a[piv], a[c]
		for r := c + 1; r < n; r++ {
			f := a[r][c] / a[c][c]
			for k := c; k <= n; k++ {
				a[r][k] -= f * a[c][k]
			}
		}
	}
	x := make([]float64, n)
	for r := n - 1; r >= 0; r-- {
		s := a[r][n]
		for k := r + 1; k < n; k++ {
			s -= a[r][k] * x[k]
		}
		x[r] = s / a[r][r]
	}
	return x
}

func TestGeneralizedLinearRegressionGaussian(t *testing.T) {
	ctx, s := setup(t)
	cars := mtcars(ctx, s)
	m := fitFormula(t, ctx, ml.GeneralizedLinearRegression, cars, "mpg ~ wt + hp", ml.Params{"family": "gaussian"})
	// R: summary(glm(mpg ~ wt + hp, data = mtcars)).
	wantCoefficients(t, ctx, m, 5, map[string]float64{"(Intercept)": 37.22727, "wt": -3.87783, "hp": -0.03177})
	sum, err := m.GLMSummary(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Standard errors wt, hp, (Intercept): 0.63273, 0.00903, 1.59879.
	if len(sum.CoefficientStandardErrors) != 3 || round(sum.CoefficientStandardErrors[0], 5) != 0.63273 ||
		round(sum.CoefficientStandardErrors[1], 5) != 0.00903 || round(sum.CoefficientStandardErrors[2], 5) != 1.59879 {
		t.Errorf("standard errors %v", sum.CoefficientStandardErrors)
	}
	// t values -6.129, -3.519, 23.285; p values 1.12e-06, 0.00145.
	if len(sum.TValues) != 3 || round(sum.TValues[0], 3) != -6.129 || round(sum.TValues[1], 3) != -3.519 || round(sum.TValues[2], 3) != 23.285 {
		t.Errorf("t values %v", sum.TValues)
	}
	if len(sum.PValues) != 3 || round(sum.PValues[0]*1e6, 2) != 1.12 || round(sum.PValues[1], 5) != 0.00145 {
		t.Errorf("p values %v", sum.PValues)
	}
	// Residual deviance 195.05 on 29 df, null 1126.05 on 31, AIC 156.65,
	// dispersion 6.7258.
	if round(sum.Deviance, 2) != 195.05 || round(sum.NullDeviance, 2) != 1126.05 || round(sum.AIC, 2) != 156.65 ||
		round(sum.Dispersion, 4) != 6.7258 || sum.ResidualDegreeOfFreedom != 29 || sum.ResidualDegreeOfFreedomNull != 31 ||
		sum.NumInstances != 32 || sum.Rank != 3 || sum.Solver != "irls" {
		t.Errorf("summary %+v", sum)
	}
	// The deviance residuals of a gaussian GLM are the residuals.
	res, err := m.GLMResiduals("").Take(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	want := 21 - (37.22727 - 3.87783*2.62 - 0.03177*110)
	for _, v := range res[0] {
		if !estNear(v.(float64), want, 1e-3) {
			t.Errorf("first residual %v, want %v", v, want)
		}
	}
	for _, kind := range []string{"response", "pearson", "working"} {
		res, err := m.GLMResiduals(kind).Take(ctx, 1)
		if err != nil || len(res) != 1 || !estNear(res[0][kind+"Residuals"].(float64), want, 1e-3) {
			t.Errorf("%s residuals %v, %v; want %v", kind, res, err, want)
		}
	}
	// The linear regression agrees exactly.
	lm := fitFormula(t, ctx, ml.LinearRegression, cars, "mpg ~ wt + hp", nil)
	lc, _ := lm.Coefficients(ctx)
	gc, _ := m.Coefficients(ctx)
	if !estNearAll(gc, lc, 1e-9) {
		t.Errorf("GLM %v, LM %v", gc, lc)
	}
	// Evaluated on its training data: the same deviance and AIC.
	ev, err := m.Evaluate(ctx, cars)
	if err != nil {
		t.Fatal(err)
	}
	defer ev.Close()
	es, err := ev.GLM(ctx)
	if err != nil || !estNear(es.Deviance, sum.Deviance, 1e-9) || !estNear(es.AIC, sum.AIC, 1e-9) || es.TValues != nil {
		t.Errorf("evaluated %+v, %v", es, err)
	}
	card, err := m.Card(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(card.Coefficients) != 3 || card.Coefficients[1].PValue == nil || round(*card.Coefficients[1].PValue*1e6, 2) != 1.12 {
		t.Errorf("card coefficients %+v", card.Coefficients)
	}
	if v, ok := estMetric(card.Metrics, "aic"); !ok || round(v, 2) != 156.65 {
		t.Errorf("card metrics %+v", card.Metrics)
	}
	det, err := m.Details(ctx)
	if v, _ := estMetric(det, "residualDegreeOfFreedom"); err != nil || v != 29 {
		t.Errorf("details %+v, %v", det, err)
	}
	t.Logf("\n%s", m.Render().Text())
}

func TestGeneralizedLinearRegressionBinomial(t *testing.T) {
	ctx, s := setup(t)
	m := fitFormula(t, ctx, ml.GeneralizedLinearRegression, mtcars(ctx, s), "am ~ hp + wt", ml.Params{"family": "binomial"})
	// R: summary(glm(am ~ hp + wt, binomial, mtcars)).
	wantCoefficients(t, ctx, m, 3, map[string]float64{"(Intercept)": 18.866, "hp": 0.036, "wt": -8.083})
	sum, err := m.GLMSummary(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// hp, wt, (Intercept): SE 0.01773, 3.06868, 7.44356; p 0.04091,
	// 0.00843, 0.01126. Null deviance 43.230, residual 10.059, AIC 16.059.
	if len(sum.CoefficientStandardErrors) != 3 || round(sum.CoefficientStandardErrors[0], 4) != 0.0177 ||
		round(sum.CoefficientStandardErrors[1], 3) != 3.069 || round(sum.CoefficientStandardErrors[2], 3) != 7.444 {
		t.Errorf("standard errors %v", sum.CoefficientStandardErrors)
	}
	if len(sum.PValues) != 3 || round(sum.PValues[0], 4) != 0.0409 || round(sum.PValues[1], 4) != 0.0084 || round(sum.PValues[2], 4) != 0.0113 {
		t.Errorf("p values %v", sum.PValues)
	}
	if round(sum.NullDeviance, 2) != 43.23 || round(sum.Deviance, 3) != 10.059 || round(sum.AIC, 3) != 16.059 || sum.Dispersion != 1 {
		t.Errorf("summary %+v", sum)
	}
	// Predictions are probabilities: the logistic regression agrees.
	lr := fitFormula(t, ctx, ml.LogisticRegression, mtcars(ctx, s), "am ~ hp + wt", nil)
	gp := estColumn(t, ctx, m.Predict(mtcars(ctx, s)).WithColumn("k", frame.Expr("wt * 1000 + hp")), "prediction", "k")
	lp := estVectors(t, ctx, lr.Predict(mtcars(ctx, s)).WithColumn("k", frame.Expr("wt * 1000 + hp")), "probability", "k")
	for i := range gp {
		if !estNear(gp[i], lp[i][1], 1e-4) {
			t.Errorf("row %d: GLM %v, logistic %v", i, gp[i], lp[i][1])
		}
	}
}

func TestGeneralizedLinearRegressionPoisson(t *testing.T) {
	ctx, s := setup(t)
	m := fitFormula(t, ctx, ml.GeneralizedLinearRegression, mtcars(ctx, s), "carb ~ hp + wt", ml.Params{"family": "poisson", "tol": 1e-10})
	var X [][]float64
	var y []float64
	for _, c := range datasets.Mtcars() {
		X = append(X, []float64{1, c.Hp, c.Wt})
		y = append(y, c.Carb)
	}
	beta := irlsPoisson(X, y)
	icpt, err := m.Intercept(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := m.Coefficients(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !estNearAll(append([]float64{icpt}, cs...), beta, 1e-6) {
		t.Errorf("coefficients %v %v, IRLS %v", icpt, cs, beta)
	}
	// Deviance and AIC from their definitions.
	var dev, ll float64
	for i, row := range X {
		mu := math.Exp(beta[0] + beta[1]*row[1] + beta[2]*row[2])
		if y[i] > 0 {
			dev += 2 * y[i] * math.Log(y[i]/mu)
		}
		dev -= 2 * (y[i] - mu)
		lg, _ := math.Lgamma(y[i] + 1)
		ll += y[i]*math.Log(mu) - mu - lg
	}
	sum, err := m.GLMSummary(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !estNear(sum.Deviance, dev, 1e-6) || !estNear(sum.AIC, -2*ll+2*3, 1e-6) || sum.Dispersion != 1 {
		t.Errorf("deviance %v (want %v), AIC %v (want %v), dispersion %v", sum.Deviance, dev, sum.AIC, -2*ll+6, sum.Dispersion)
	}
	// Predictions are the means exp(η).
	pred := estColumn(t, ctx, m.Predict(mtcars(ctx, s)).WithColumn("k", frame.Expr("wt * 1000 + hp")), "prediction", "k")
	cars := datasets.Mtcars()
	sort.Slice(cars, func(i, j int) bool { return cars[i].Wt*1000+cars[i].Hp < cars[j].Wt*1000+cars[j].Hp })
	for i, c := range cars {
		if want := math.Exp(beta[0] + beta[1]*c.Hp + beta[2]*c.Wt); !estNear(pred[i], want, 1e-6) {
			t.Errorf("%s: prediction %v, want %v", c.Model, pred[i], want)
		}
	}
	t.Logf("poisson carb ~ hp + wt: %v, deviance %.4f, AIC %.4f", beta, dev, -2*ll+6)
}

func TestIsotonicRegression(t *testing.T) {
	ctx, s := setup(t)
	// y rises but for 4, 3, 2, which pool to their mean 3.
	df := s.Sql(ctx, "SELECT CAST(x AS DOUBLE) AS x, CAST(y AS DOUBLE) AS y FROM VALUES (1, 1), (2, 4), (3, 3), (4, 2), (5, 5) AS t(x, y)")
	m := fitFormula(t, ctx, ml.IsotonicRegression, df, "y ~ x", nil)
	b, err := m.Boundaries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	p, err := m.BoundaryPredictions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(b, []float64{1, 2, 4, 5}) || !slices.Equal(p, []float64{1, 3, 3, 5}) {
		t.Errorf("boundaries %v, predictions %v", b, p)
	}
	// Interpolated between boundaries, constant beyond them.
	newX := s.Sql(ctx, "SELECT CAST(x AS DOUBLE) AS x FROM VALUES (-1), (1), (1.5), (3), (4.5), (5), (9) AS t(x)")
	got := estColumn(t, ctx, m.Predict(newX), "prediction", "x")
	if !slices.Equal(got, []float64{1, 1, 2, 3, 4, 5, 5}) {
		t.Errorf("predictions %v", got)
	}
	if v, err := m.Fetch(ctx, "predict", 4.5); err != nil || v != 4.0 {
		t.Errorf("predict(4.5) = %v, %v", v, err)
	}
	// Decreasing.
	dm, err := ml.NewIsotonicRegression(ml.Params{"isotonic": false}).FitFormula(ctx, df.WithColumn("y", frame.Expr("-y")), "y ~ x")
	if err != nil {
		t.Fatal(err)
	}
	defer closeModel(t, dm)
	if p, err := dm.BoundaryPredictions(ctx); err != nil || !slices.Equal(p, []float64{-1, -3, -3, -5}) {
		t.Errorf("decreasing predictions %v, %v", p, err)
	}
	det, err := m.Details(ctx)
	if n, _ := estMetric(det, "numBoundaries"); err != nil || n != 4 {
		t.Errorf("details %+v, %v", det, err)
	}
	if text := m.Render().Text(); !strings.Contains(text, "IsotonicRegressionModel") {
		t.Errorf("card:\n%s", text)
	}
}

func TestAFTSurvivalRegression(t *testing.T) {
	ctx, s := setup(t)
	// The data of Spark's AFTSurvivalRegressionExample, whose documented
	// fit is coefficients [-0.49631, 0.19844], intercept 2.63809, scale
	// 1.54723 (R's survreg(Surv(label, censor) ~ x1 + x2, dist =
	// "weibull") agrees).
	df := s.Sql(ctx, `SELECT CAST(label AS DOUBLE) AS label, CAST(censor AS DOUBLE) AS censor, CAST(x1 AS DOUBLE) AS x1, CAST(x2 AS DOUBLE) AS x2
		FROM VALUES (1.218, 1.0, 1.560, -0.605), (2.949, 0.0, 0.346, 2.158), (3.627, 0.0, 1.380, 0.231),
		(0.273, 1.0, 0.520, 1.151), (4.199, 0.0, 0.795, -0.226) AS t(label, censor, x1, x2)`)
	probs := []float64{0.3, 0.6}
	m := fitFormula(t, ctx, ml.AFTSurvivalRegression, df, "label ~ x1 + x2", ml.Params{"quantileProbabilities": probs, "quantilesCol": "quantiles"})
	cs, err := m.Coefficients(ctx)
	if err != nil {
		t.Fatal(err)
	}
	icpt, err := m.Intercept(ctx)
	if err != nil {
		t.Fatal(err)
	}
	scale, err := m.Scale(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !estNearAll(cs, []float64{-0.49631, 0.19844}, 1e-4) || !estNear(icpt, 2.63809, 1e-4) || !estNear(scale, 1.54723, 1e-4) {
		t.Errorf("coefficients %v, intercept %v, scale %v", cs, icpt, scale)
	}
	// Predictions are exp(x·β + b); quantiles exp(x·β + b)·(−log(1−p))^scale.
	rows, err := m.Predict(df).OrderBy("label").CollectMaps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		x1, x2 := r["x1"].(float64), r["x2"].(float64)
		mu := math.Exp(cs[0]*x1 + cs[1]*x2 + icpt)
		if !estNear(r["prediction"].(float64), mu, 1e-9) {
			t.Errorf("prediction %v, want %v", r["prediction"], mu)
		}
		q, ok := ml.VectorOf(r["quantiles"])
		if !ok || q.Size != 2 {
			t.Fatalf("quantiles %v", r["quantiles"])
		}
		for i, p := range probs {
			if want := mu * math.Pow(-math.Log(1-p), scale); !estNear(q.Dense()[i], want, 1e-9) {
				t.Errorf("quantile %v: %v, want %v", p, q.Dense()[i], want)
			}
		}
	}
	q, err := m.PredictQuantiles(ctx, ml.DenseVector(1, 1))
	mu := math.Exp(cs[0] + cs[1] + icpt)
	if err != nil || len(q) != 2 || !estNear(q[1], mu*math.Pow(-math.Log(0.4), scale), 1e-9) {
		t.Errorf("predictQuantiles %v, %v", q, err)
	}
	// The generic path on assembled columns fits the same model.
	feats := ml.NewVectorAssembler(ml.Params{"inputCols": []string{"x1", "x2"}, "outputCol": "features"}).Transform(df)
	g := fitEstimator(t, ctx, ml.NewEstimator("AFTSurvivalRegression", nil), feats)
	gc, _ := g.Coefficients(ctx)
	if !estNearAll(gc, cs, 1e-9) {
		t.Errorf("generic %v, formula %v", gc, cs)
	}
	card, err := m.Card(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(card.Coefficients) != 3 || card.Coefficients[1].Name != "x1" {
		t.Errorf("card coefficients %+v", card.Coefficients)
	}
	det, err := m.Details(ctx)
	if v, _ := estMetric(det, "scale"); err != nil || !estNear(v, scale, 1e-12) {
		t.Errorf("details %+v, %v", det, err)
	}
	t.Logf("\n%s", m.Render().Text())
}

func TestBisectingKMeans(t *testing.T) {
	ctx, s := setup(t)
	df := cornersFrame(ctx, s)
	m := fitFormula(t, ctx, ml.BisectingKMeans, df, "~ x + y", ml.Params{"k": 3, "seed": int64(1)})
	wantCornerCenters(t, ctx, m)
	sum, err := m.ClusteringSummary(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if sum.K != 3 || !slices.Equal(sum.ClusterSizes, []int64{4, 4, 4}) || !estNear(sum.TrainingCost, 6, 1e-12) {
		t.Errorf("summary %+v", sum)
	}
	// Each point's cluster holds the 4 points of its corner.
	rows, err := m.Predict(df).GroupBy("prediction").Agg(frame.Count("*").Alias("n"), frame.Expr("max(x) - min(x)").Alias("w")).CollectMaps(ctx)
	if err != nil || len(rows) != 3 {
		t.Fatalf("clusters %v, %v", rows, err)
	}
	for _, r := range rows {
		if r["n"] != int64(4) || r["w"] != 1.0 {
			t.Errorf("cluster %v", r)
		}
	}
	// KMeans finds the same centers.
	km := fitFormula(t, ctx, ml.KMeans, df, "~ x + y", ml.Params{"k": 3, "seed": int64(7)})
	ks, err := km.ClusteringSummary(ctx)
	if err != nil || !estNear(ks.TrainingCost, sum.TrainingCost, 1e-12) || !slices.Equal(ks.ClusterSizes, []int64{4, 4, 4}) {
		t.Errorf("kmeans summary %+v, %v", ks, err)
	}
	card, err := m.Card(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(card.ClusterCenters) != 3 || !slices.Equal(card.Features, []string{"x", "y"}) {
		t.Errorf("card %+v", card)
	}
	det, err := m.Details(ctx)
	if v, _ := estMetric(det, "size_2"); err != nil || v != 4 {
		t.Errorf("details %+v, %v", det, err)
	}
	// The silhouette of a perfect clustering, against the evaluator.
	sil, err := ml.ClusteringEvaluator(ctx, m.Transform(df), nil)
	if err != nil || sil < 0.9 || sil > 1 {
		t.Errorf("silhouette %v, %v", sil, err)
	}
}

func ExampleGeneralizedLinearRegression() {
	ctx := context.Background()
	s, err := frame.Connect(ctx, "") // SPARK_REMOTE
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	cars := datasets.CopyMtcars(ctx, s).Drop("model")

	// R: glm(am ~ hp + wt, family = binomial, data = mtcars)
	m, err := ml.GeneralizedLinearRegression(ctx, cars, "am ~ hp + wt", ml.Params{"family": "binomial"})
	if err != nil {
		log.Fatal(err)
	}
	defer m.Close()
	coef, err := m.NamedCoefficients(ctx)
	if err != nil {
		log.Fatal(err)
	}
	sum, err := m.GLMSummary(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("intercept %.3f, hp %.4f, wt %.3f\n", coef["(Intercept)"], coef["hp"], coef["wt"])
	fmt.Printf("p values: hp %.4f, wt %.4f\n", sum.PValues[0], sum.PValues[1])
	fmt.Printf("deviance %.3f on %d df, AIC %.3f\n", sum.Deviance, sum.ResidualDegreeOfFreedom, sum.AIC)
	// Output:
	// intercept 18.866, hp 0.0363, wt -8.083
	// p values: hp 0.0409, wt 0.0084
	// deviance 10.059 on 29 df, AIC 16.059
}

func ExampleDecisionTreeClassifier() {
	ctx := context.Background()
	s, err := frame.Connect(ctx, "") // SPARK_REMOTE
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	iris := datasets.CopyIris(ctx, s)

	m, err := ml.DecisionTreeClassifier(ctx, iris, "species ~ petal_length + petal_width", ml.Params{"maxDepth": 2})
	if err != nil {
		log.Fatal(err)
	}
	defer m.Close()
	depth, err := m.TreeDepth(ctx)
	if err != nil {
		log.Fatal(err)
	}
	nodes, err := m.TreeNumNodes(ctx)
	if err != nil {
		log.Fatal(err)
	}
	acc, err := ml.MulticlassClassificationEvaluator(ctx, m.Transform(iris), ml.Params{"metricName": "accuracy"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("depth %d, %d nodes, accuracy %.2f\n", depth, nodes, acc)
	// Output:
	// depth 2, 5 nodes, accuracy 0.96
}
