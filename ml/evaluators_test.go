package ml_test

import (
	"context"
	"math"
	"slices"
	"sort"
	"testing"

	"github.com/sparkgo/sparkgo/frame"
	"github.com/sparkgo/sparkgo/ml"
)

// evClassRow is a row of predictions of a three-class classifier.
type evClassRow struct {
	Label      float64 `spark:"label"`
	Prediction float64 `spark:"prediction"`
	P0         float64 `spark:"p0"`
	P1         float64 `spark:"p1"`
	P2         float64 `spark:"p2"`
	W          float64 `spark:"w"`
}

// evClassRows: class 0 mostly right, class 1 often taken for 2, class 2
// never predicted wrong but over-predicted; weights vary.
var evClassRows = []evClassRow{
	{0, 0, 0.7, 0.2, 0.1, 1}, {0, 0, 0.6, 0.3, 0.1, 2}, {0, 1, 0.3, 0.5, 0.2, 1}, {0, 0, 0.8, 0.1, 0.1, 1},
	{1, 1, 0.1, 0.8, 0.1, 1}, {1, 2, 0.1, 0.3, 0.6, 3}, {1, 2, 0.2, 0.35, 0.45, 1}, {1, 1, 0.25, 0.5, 0.25, 1},
	{1, 0, 0.5, 0.4, 0.1, 2},
	{2, 2, 0.1, 0.1, 0.8, 1}, {2, 2, 0.05, 0.15, 0.8, 1}, {2, 2, 0.3, 0.3, 0.4, 2},
}

// multiclassMetrics computes every metric of Spark's
// MulticlassClassificationEvaluator from its definitions (Spark's
// MulticlassMetrics): by-label metrics for metricLabel, weighted F-measure
// with beta, and log loss clipped at eps.
func multiclassMetrics(rows []evClassRow, weighted bool, metricLabel, beta, eps float64) map[string]float64 {
	w := func(r evClassRow) float64 {
		if weighted {
			return r.W
		}
		return 1
	}
	labelCount := 0.0
	byClass := map[float64]float64{}
	tp := map[float64]float64{}
	fp := map[float64]float64{}
	wrong, loss := 0.0, 0.0
	for _, r := range rows {
		labelCount += w(r)
		byClass[r.Label] += w(r)
		if r.Label == r.Prediction {
			tp[r.Label] += w(r)
		} else {
			fp[r.Prediction] += w(r)
			wrong += w(r)
		}
		p := []float64{r.P0, r.P1, r.P2}[int(r.Label)]
		loss -= w(r) * math.Log(math.Max(p, eps))
	}
	recall := func(l float64) float64 { return tp[l] / byClass[l] }
	fpr := func(l float64) float64 { return fp[l] / (labelCount - byClass[l]) }
	precision := func(l float64) float64 {
		if tp[l]+fp[l] == 0 {
			return 0
		}
		return tp[l] / (tp[l] + fp[l])
	}
	fMeasure := func(l, beta float64) float64 {
		p, r := precision(l), recall(l)
		if p+r == 0 {
			return 0
		}
		b2 := beta * beta
		return (1 + b2) * p * r / (b2*p + r)
	}
	weightedOf := func(f func(float64) float64) float64 {
		s := 0.0
		for l, n := range byClass {
			s += f(l) * n / labelCount
		}
		return s
	}
	correct := 0.0
	for _, n := range tp {
		correct += n
	}
	return map[string]float64{
		"f1":                        weightedOf(func(l float64) float64 { return fMeasure(l, 1) }),
		"accuracy":                  correct / labelCount,
		"weightedPrecision":         weightedOf(precision),
		"weightedRecall":            weightedOf(recall),
		"weightedTruePositiveRate":  weightedOf(recall),
		"weightedFalsePositiveRate": weightedOf(fpr),
		"weightedFMeasure":          weightedOf(func(l float64) float64 { return fMeasure(l, beta) }),
		"truePositiveRateByLabel":   recall(metricLabel),
		"falsePositiveRateByLabel":  fpr(metricLabel),
		"precisionByLabel":          precision(metricLabel),
		"recallByLabel":             recall(metricLabel),
		"fMeasureByLabel":           fMeasure(metricLabel, beta),
		"logLoss":                   loss / labelCount,
		"hammingLoss":               wrong / labelCount,
	}
}

func evClassFrame(ctx context.Context, s *frame.Session, rows []evClassRow) *frame.DataFrame {
	df := s.CreateDataFrame(ctx, rows, frame.CopyOptions{})
	return ml.NewVectorAssembler(ml.Params{"inputCols": []string{"p0", "p1", "p2"}, "outputCol": "probability"}).Transform(df)
}

func TestMulticlassClassificationEvaluatorMetrics(t *testing.T) {
	ctx, s := setup(t)
	df := evClassFrame(ctx, s, evClassRows)
	ev := ml.NewMulticlassClassificationEvaluator(nil)
	if ev.MetricName() != "f1" || len(ev.Metrics()) != 14 {
		t.Errorf("metric %s, metrics %v", ev.MetricName(), ev.Metrics())
	}
	cases := []struct {
		name   string
		params ml.Params
		want   map[string]float64
	}{
		{"unweighted", nil, multiclassMetrics(evClassRows, false, 0, 1, 1e-15)},
		{"label 1", ml.Params{"metricLabel": 1.0}, multiclassMetrics(evClassRows, false, 1, 1, 1e-15)},
		{"label 2, beta 0.5", ml.Params{"metricLabel": 2.0, "beta": 0.5}, multiclassMetrics(evClassRows, false, 2, 0.5, 1e-15)},
		{"weighted, beta 2", ml.Params{"weightCol": "w", "beta": 2.0, "metricLabel": 1.0}, multiclassMetrics(evClassRows, true, 1, 2, 1e-15)},
	}
	for _, c := range cases {
		e := ml.NewMulticlassClassificationEvaluator(c.params)
		got, err := e.EvaluateMetrics(ctx, df)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if len(got) != 14 {
			t.Errorf("%s: %d metrics", c.name, len(got))
		}
		for name, want := range c.want {
			if !estNear(got[name], want, 1e-12) {
				t.Errorf("%s: %s = %v, want %v", c.name, name, got[name], want)
			}
		}
	}
	// A sample of the metrics' values, for the eye: accuracy 8/12.
	want := multiclassMetrics(evClassRows, false, 0, 1, 1e-15)
	if want["accuracy"] != 8.0/12 || want["hammingLoss"] != 4.0/12 {
		t.Errorf("reference accuracy %v", want["accuracy"])
	}
	// The one-call form, and eps: a zero probability of the true label.
	rows := slices.Clone(evClassRows)
	rows[0].P0, rows[0].P1 = 0, 0.9
	for _, eps := range []float64{1e-15, 0.01} {
		got, err := ml.MulticlassClassificationEvaluator(ctx, evClassFrame(ctx, s, rows), ml.Params{"metricName": "logLoss", "eps": eps})
		if w := multiclassMetrics(rows, false, 0, 1, eps)["logLoss"]; err != nil || !estNear(got, w, 1e-12) {
			t.Errorf("logLoss with eps %v: %v, want %v (%v)", eps, got, w, err)
		}
	}
	for metric, larger := range map[string]bool{"f1": true, "accuracy": true, "logLoss": false, "hammingLoss": false,
		"weightedFalsePositiveRate": false, "falsePositiveRateByLabel": false, "precisionByLabel": true} {
		if e := ml.NewMulticlassClassificationEvaluator(ml.Params{"metricName": metric}); e.IsLargerBetter() != larger {
			t.Errorf("%s: IsLargerBetter %v", metric, !larger)
		}
	}
}

// evScoreRow is a binary classifier's score of a row.
type evScoreRow struct {
	Label float64 `spark:"label"`
	Score float64 `spark:"score"`
	W     float64 `spark:"w"`
}

// binaryAreas computes the areas under the ROC and precision-recall
// curves as Spark's BinaryClassificationMetrics does: one point per
// distinct score, ROC from (0, 0) to (1, 1), PR starting at (0, first
// precision), trapezoids.
func binaryAreas(rows []evScoreRow, weighted bool) (roc, pr float64) {
	w := func(r evScoreRow) float64 {
		if weighted {
			return r.W
		}
		return 1
	}
	sorted := slices.Clone(rows)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Score > sorted[j].Score })
	var pos, neg float64
	for _, r := range rows {
		if r.Label == 1 {
			pos += w(r)
		} else {
			neg += w(r)
		}
	}
	type pt struct{ x, y float64 }
	var rocPts, prPts []pt
	rocPts = append(rocPts, pt{0, 0})
	var tp, fp float64
	for i := 0; i < len(sorted); {
		j := i
		for j < len(sorted) && sorted[j].Score == sorted[i].Score {
			if sorted[j].Label == 1 {
				tp += w(sorted[j])
			} else {
				fp += w(sorted[j])
			}
			j++
		}
		rocPts = append(rocPts, pt{fp / neg, tp / pos})
		prPts = append(prPts, pt{tp / pos, tp / (tp + fp)})
		i = j
	}
	rocPts = append(rocPts, pt{1, 1})
	prPts = append([]pt{{0, prPts[0].y}}, prPts...)
	area := func(ps []pt) float64 {
		a := 0.0
		for i := 1; i < len(ps); i++ {
			a += (ps[i].x - ps[i-1].x) * (ps[i].y + ps[i-1].y) / 2
		}
		return a
	}
	return area(rocPts), area(prPts)
}

func TestBinaryClassificationEvaluatorMetrics(t *testing.T) {
	ctx, s := setup(t)
	// Ties between classes (0.4, 0.7) and within them.
	rows := []evScoreRow{
		{1, 0.9, 1}, {1, 0.8, 2}, {0, 0.7, 1}, {1, 0.7, 1}, {0, 0.6, 3}, {1, 0.5, 1},
		{0, 0.4, 1}, {1, 0.4, 2}, {0, 0.3, 1}, {0, 0.2, 1}, {0, 0.2, 2}, {1, 0.1, 1},
	}
	df := s.CreateDataFrame(ctx, rows, frame.CopyOptions{})
	for _, weighted := range []bool{false, true} {
		params := ml.Params{"rawPredictionCol": "score"}
		if weighted {
			params["weightCol"] = "w"
		}
		got, err := ml.NewBinaryClassificationEvaluator(params).EvaluateMetrics(ctx, df)
		if err != nil {
			t.Fatal(err)
		}
		roc, pr := binaryAreas(rows, weighted)
		if !estNear(got["areaUnderROC"], roc, 1e-12) || !estNear(got["areaUnderPR"], pr, 1e-12) || len(got) != 2 {
			t.Errorf("weighted %v: %v, want ROC %v, PR %v", weighted, got, roc, pr)
		}
	}
	// The Mann-Whitney statistic is the area under the ROC curve.
	var scores, labels []float64
	for _, r := range rows {
		scores = append(scores, r.Score)
		labels = append(labels, r.Label)
	}
	roc, _ := binaryAreas(rows, false)
	if !estNear(roc, aucOf(scores, labels), 1e-12) {
		t.Errorf("reference AUC %v, Mann-Whitney %v", roc, aucOf(scores, labels))
	}
	// A vector rawPrediction (the second element is the score) and the
	// one-call form.
	vec := ml.NewVectorAssembler(ml.Params{"inputCols": []string{"neg", "score"}, "outputCol": "rawPrediction"}).
		Transform(df.WithColumn("neg", frame.Expr("-score")))
	got, err := ml.BinaryClassificationEvaluator(ctx, vec, ml.Params{"metricName": "areaUnderPR"})
	if _, pr := binaryAreas(rows, false); err != nil || !estNear(got, pr, 1e-12) {
		t.Errorf("areaUnderPR of a vector: %v, want %v (%v)", got, pr, err)
	}
}

// evRegRow is a regression prediction.
type evRegRow struct {
	Label      float64 `spark:"label"`
	Prediction float64 `spark:"prediction"`
	W          float64 `spark:"w"`
}

func TestRegressionEvaluatorMetrics(t *testing.T) {
	ctx, s := setup(t)
	rows := []evRegRow{{3, 2.5, 1}, {-0.5, 0, 2}, {2, 2, 1}, {7, 8, 3}, {4.5, 4, 1}, {1, 2.5, 1}}
	df := s.CreateDataFrame(ctx, rows, frame.CopyOptions{})
	var n, mean, sse, sae, ssy float64
	for _, r := range rows {
		n++
		mean += r.Label
	}
	mean /= n
	var sst, ssreg float64
	for _, r := range rows {
		e := r.Label - r.Prediction
		sse += e * e
		sae += math.Abs(e)
		ssy += r.Label * r.Label
		sst += (r.Label - mean) * (r.Label - mean)
		ssreg += (r.Prediction - mean) * (r.Prediction - mean)
	}
	want := map[string]float64{"rmse": math.Sqrt(sse / n), "mse": sse / n, "mae": sae / n, "r2": 1 - sse/sst, "var": ssreg / n}
	ev := ml.NewRegressionEvaluator(nil)
	got, err := ev.EvaluateMetrics(ctx, df)
	if err != nil {
		t.Fatal(err)
	}
	for name, w := range want {
		if !estNear(got[name], w, 1e-12) {
			t.Errorf("%s = %v, want %v", name, got[name], w)
		}
	}
	if len(got) != 5 || !slices.Equal(ev.Metrics(), []string{"rmse", "mse", "r2", "mae", "var"}) {
		t.Errorf("metrics %v", got)
	}
	// R² through the origin compares with Σy².
	r2o, err := ml.RegressionEvaluator(ctx, df, ml.Params{"metricName": "r2", "throughOrigin": true})
	if err != nil || !estNear(r2o, 1-sse/ssy, 1e-12) {
		t.Errorf("r2 through origin %v, want %v (%v)", r2o, 1-sse/ssy, err)
	}
	// Weighted errors.
	var wsum, wse, wae float64
	for _, r := range rows {
		e := r.Label - r.Prediction
		wsum += r.W
		wse += r.W * e * e
		wae += r.W * math.Abs(e)
	}
	wgot, err := ml.NewRegressionEvaluator(ml.Params{"weightCol": "w"}).EvaluateMetrics(ctx, df, "mse", "mae", "rmse")
	if err != nil {
		t.Fatal(err)
	}
	if !estNear(wgot["mse"], wse/wsum, 1e-12) || !estNear(wgot["mae"], wae/wsum, 1e-12) || !estNear(wgot["rmse"], math.Sqrt(wse/wsum), 1e-12) {
		t.Errorf("weighted %v, want mse %v mae %v", wgot, wse/wsum, wae/wsum)
	}
}

// evPoint is a point with the cluster it was put in.
type evPoint struct {
	X       float64 `spark:"x"`
	Y       float64 `spark:"y"`
	Cluster int64   `spark:"cluster"`
}

// silhouette computes the mean silhouette of points with distance d, as
// Spark's ClusteringEvaluator defines it (0 for a point alone in its
// cluster).
func silhouette(pts []evPoint, d func(a, b evPoint) float64) float64 {
	members := map[int64][]evPoint{}
	for _, p := range pts {
		members[p.Cluster] = append(members[p.Cluster], p)
	}
	total := 0.0
	for _, p := range pts {
		own := members[p.Cluster]
		if len(own) == 1 {
			continue
		}
		a := 0.0
		for _, q := range own {
			a += d(p, q)
		}
		a /= float64(len(own) - 1)
		b := math.Inf(1)
		for c, qs := range members {
			if c == p.Cluster {
				continue
			}
			s := 0.0
			for _, q := range qs {
				s += d(p, q)
			}
			b = math.Min(b, s/float64(len(qs)))
		}
		total += (b - a) / math.Max(a, b)
	}
	return total / float64(len(pts))
}

func TestClusteringEvaluatorMetrics(t *testing.T) {
	ctx, s := setup(t)
	// An imperfect clustering, with one point alone.
	pts := []evPoint{
		{1, 1, 0}, {1.5, 2, 0}, {3, 4, 0}, {5, 7, 1}, {3.5, 5, 1}, {4.5, 5, 1}, {3.5, 4.5, 1},
		{9, 1, 2}, {8, 2, 2}, {-2, 6, 3},
	}
	df := ml.NewVectorAssembler(ml.Params{"inputCols": []string{"x", "y"}, "outputCol": "features"}).
		Transform(s.CreateDataFrame(ctx, pts, frame.CopyOptions{}))
	sqEuclid := func(a, b evPoint) float64 { return (a.X-b.X)*(a.X-b.X) + (a.Y-b.Y)*(a.Y-b.Y) }
	cosine := func(a, b evPoint) float64 {
		return 1 - (a.X*b.X+a.Y*b.Y)/math.Hypot(a.X, a.Y)/math.Hypot(b.X, b.Y)
	}
	for measure, d := range map[string]func(a, b evPoint) float64{"squaredEuclidean": sqEuclid, "cosine": cosine} {
		ev := ml.NewClusteringEvaluator(ml.Params{"predictionCol": "cluster", "distanceMeasure": measure})
		got, err := ev.Evaluate(ctx, df)
		if want := silhouette(pts, d); err != nil || !estNear(got, want, 1e-9) {
			t.Errorf("%s silhouette %v, want %v (%v)", measure, got, want, err)
		}
		if !ev.IsLargerBetter() || ev.MetricName() != "silhouette" {
			t.Errorf("%s: metric %s", measure, ev.MetricName())
		}
	}
	// On a k-means clustering of the same points, through the one-call form.
	km := fitEstimator(t, ctx, ml.NewKMeans(ml.Params{"k": 3, "seed": int64(1)}), df)
	rows, err := km.Transform(df).Select("x", "y", "prediction").CollectMaps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var assigned []evPoint
	for _, r := range rows {
		assigned = append(assigned, evPoint{r["x"].(float64), r["y"].(float64), int64(r["prediction"].(int32))})
	}
	got, err := ml.ClusteringEvaluator(ctx, km.Transform(df), nil)
	if want := silhouette(assigned, sqEuclid); err != nil || !estNear(got, want, 1e-9) {
		t.Errorf("k-means silhouette %v, want %v (%v)", got, want, err)
	}
}
