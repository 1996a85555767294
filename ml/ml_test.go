package ml_test

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sparkgo/sparkgo/connect"
	"github.com/sparkgo/sparkgo/datasets"
	"github.com/sparkgo/sparkgo/frame"
	"github.com/sparkgo/sparkgo/internal/sparktest"
	"github.com/sparkgo/sparkgo/ml"
	"github.com/sparkgo/sparkgo/nb"
)

func setup(t *testing.T) (context.Context, *frame.Session) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	t.Cleanup(cancel)
	return ctx, frame.NewSession(sparktest.Session(t))
}

// mtcars is R's mtcars as R has it: the car names are row names, not a column.
func mtcars(ctx context.Context, s *frame.Session) *frame.DataFrame {
	return datasets.CopyMtcars(ctx, s).Drop("model")
}

func round(x float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(x*p) / p
}

func closeModel(t *testing.T, m *ml.Model) {
	t.Helper()
	if err := m.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
}

func TestLinearRegressionMtcars(t *testing.T) {
	ctx, s := setup(t)
	cars := mtcars(ctx, s)
	m := fitFormula(t, ctx, ml.LinearRegression, cars, "mpg ~ .", nil)

	if m.Name() != "LinearRegressionModel" || m.Formula() != "mpg ~ ." {
		t.Errorf("model %s, formula %q", m.Name(), m.Formula())
	}
	wantNames := []string{"cyl", "disp", "hp", "drat", "wt", "qsec", "vs", "am", "gear", "carb"}
	if got := m.Features(); !slices.Equal(got, wantNames) {
		t.Errorf("features %v, want %v", got, wantNames)
	}
	icpt, err := m.Intercept(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if round(icpt, 3) != 12.303 {
		t.Errorf("intercept %v, want 12.303", icpt)
	}
	coefs, err := m.NamedCoefficients(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{"(Intercept)": 12.303, "cyl": -0.111, "disp": 0.013, "hp": -0.021, "drat": 0.787,
		"wt": -3.715, "qsec": 0.821, "vs": 0.318, "am": 2.52, "gear": 0.655, "carb": -0.199}
	for name, w := range want {
		if got, ok := coefs[name]; !ok || round(got, 3) != w {
			t.Errorf("coefficient %s = %v, want %v", name, got, w)
		}
	}
	if len(coefs) != len(want) {
		t.Errorf("%d coefficients, want %d: %v", len(coefs), len(want), coefs)
	}

	sum, err := m.LinearSummary(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"r2", sum.R2, 0.869}, {"r2adj", sum.R2Adj, 0.807}, {"RMSE", sum.RootMeanSquaredError, 2.147},
		{"MAE", sum.MeanAbsoluteError, 1.723}, {"MSE", sum.MeanSquaredError, 4.609},
	} {
		if round(c.got, 3) != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if sum.NumInstances != 32 || sum.DegreesOfFreedom != 21 {
		t.Errorf("numInstances %d, degreesOfFreedom %d; want 32, 21", sum.NumInstances, sum.DegreesOfFreedom)
	}
	// R: summary(lm(mpg ~ ., mtcars)): wt has t = -1.961, p = 0.0633.
	if len(sum.TValues) != 11 || round(sum.TValues[4], 3) != -1.961 || round(sum.PValues[4], 4) != 0.0633 {
		t.Errorf("t values %v, p values %v", sum.TValues, sum.PValues)
	}

	// Predict keeps the input columns and adds prediction.
	pred := m.Predict(cars)
	cols, err := pred.Columns(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantCols := append([]string{"mpg"}, wantNames...)
	if !slices.Equal(cols, append(wantCols, "prediction")) {
		t.Errorf("Predict columns %v", cols)
	}
	rows, err := pred.Take(ctx, 6)
	if err != nil {
		t.Fatal(err)
	}
	var got []float64
	for _, r := range rows {
		got = append(got, round(r["prediction"].(float64), 1))
	}
	if !slices.Equal(got, []float64{22.6, 22.1, 26.3, 21.2, 17.7, 20.4}) {
		t.Errorf("first predictions %v", got)
	}
	// New data needs no response column.
	rows, err = m.Predict(cars.Drop("mpg")).Take(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := rows[0]["mpg"]; ok || round(rows[0]["prediction"].(float64), 1) != 22.6 {
		t.Errorf("prediction without mpg: %v", rows[0])
	}
	// Transform is the raw form, with the formula's columns.
	raw, err := m.Transform(cars).Columns(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(raw, "features") || !slices.Contains(raw, "label") || !slices.Contains(raw, "prediction") {
		t.Errorf("Transform columns %v", raw)
	}

	// DataFrame-valued attributes.
	res, err := m.FetchFrame("summary.residuals").Take(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if r := res[0]["residuals"].(float64); round(r, 3) != round(21-22.59950576126237, 3) {
		t.Errorf("first residual %v", r)
	}
}

func TestLinearRegressionCard(t *testing.T) {
	ctx, s := setup(t)
	m := fitFormula(t, ctx, ml.LinearRegression, mtcars(ctx, s), "mpg ~ wt + hp", nil)
	card, err := m.Card(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if card.Class != "LinearRegressionModel" || card.Formula != "mpg ~ wt + hp" || card.TrainingRows != 32 {
		t.Errorf("card %+v", card)
	}
	if len(card.Coefficients) != 3 || card.Coefficients[0].Name != "(Intercept)" || card.Coefficients[1].Name != "wt" {
		t.Fatalf("coefficients %+v", card.Coefficients)
	}
	// R: lm(mpg ~ wt + hp): intercept 37.22727 (SE 1.59879), wt -3.87783, hp -0.03177.
	c := card.Coefficients
	if round(c[0].Estimate, 4) != 37.2273 || c[0].StdErr == nil || round(*c[0].StdErr, 4) != 1.5988 ||
		round(c[1].Estimate, 4) != -3.8778 || round(c[2].Estimate, 5) != -0.03177 {
		t.Errorf("coefficients %+v", c)
	}
	var _ nb.Renderer = m
	text := m.Render().Text()
	for _, want := range []string{"LinearRegressionModel", "Formula: mpg ~ wt + hp", "Training rows: 32", "(Intercept)", "wt", "R²", "0.827"} {
		if !strings.Contains(text, want) {
			t.Errorf("card text lacks %q:\n%s", want, text)
		}
	}
	if !strings.Contains(m.Render().HTML(), "<table") {
		t.Error("card has no HTML table")
	}
	t.Logf("\n%s", text)
}

func TestFetchErrors(t *testing.T) {
	ctx, s := setup(t)
	m, err := ml.LinearRegression(ctx, mtcars(ctx, s), "mpg ~ wt", nil)
	if err != nil {
		t.Fatal(err)
	}
	// An attribute outside the server's allowlist.
	_, err = m.Fetch(ctx, "getSolver")
	var na *ml.NotAllowedError
	var se *connect.SparkError
	if !errors.As(err, &na) || !errors.As(err, &se) {
		t.Errorf("fetching getSolver: %v (%T), want a NotAllowedError wrapping a SparkError", err, err)
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	if err := m.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := m.Intercept(ctx); !errors.Is(err, ml.ErrClosed) {
		t.Errorf("Intercept after Close: %v", err)
	}
	if _, err := m.Predict(mtcars(ctx, s)).Count(ctx); err == nil || !strings.Contains(err.Error(), "closed") {
		t.Errorf("Predict after Close: %v", err)
	}
	// A bad column: the Spark error surfaces.
	_, err = ml.LinearRegression(ctx, mtcars(ctx, s), "mpg ~ nosuch", nil)
	if !errors.As(err, &se) {
		t.Errorf("bad formula column: %v (%T), want a SparkError", err, err)
	}
	// An unknown operator.
	_, err = ml.NewEstimator("org.apache.spark.ml.feature.NoSuchThing", nil).Fit(ctx, mtcars(ctx, s))
	if !errors.As(err, &na) || !strings.Contains(err.Error(), "NoSuchThing") {
		t.Errorf("unknown operator: %v", err)
	}
	t.Log(err)
}

func TestModelEvaluateAndCalls(t *testing.T) {
	ctx, s := setup(t)
	cars := mtcars(ctx, s)
	m := fitFormula(t, ctx, ml.LinearRegression, cars, "mpg ~ wt + hp", nil)
	train, err := m.LinearSummary(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Evaluated on its training data, the summary is the training summary.
	sum, err := m.Evaluate(ctx, cars)
	if err != nil {
		t.Fatal(err)
	}
	ev, err := sum.Linear(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(ev.R2-train.R2) > 1e-12 || ev.NumInstances != 32 || math.Abs(ev.MeanAbsoluteError-train.MeanAbsoluteError) > 1e-12 {
		t.Errorf("evaluate %+v, training %+v", ev, train)
	}
	// On the manual cars only.
	manual, err := m.Evaluate(ctx, cars.Filter("am = 1"))
	if err != nil {
		t.Fatal(err)
	}
	if n, err := manual.Int(ctx, "numInstances"); err != nil || n != 13 {
		t.Errorf("manual cars: %d, %v", n, err)
	}
	res, err := manual.FetchFrame("residuals").Count(ctx)
	if err != nil || res != 13 {
		t.Errorf("residuals of manual cars: %d, %v", res, err)
	}
	if err := manual.Close(); err != nil {
		t.Error(err)
	}
	if _, err := manual.Float(ctx, "r2"); !errors.Is(err, ml.ErrClosed) {
		t.Errorf("closed summary: %v", err)
	}
	sum.Close()

	// Params for one transformation.
	cols, err := m.TransformWith(cars, ml.Params{"predictionCol": "fit"}).Columns(ctx)
	if err != nil || !slices.Contains(cols, "fit") || slices.Contains(cols, "prediction") {
		t.Errorf("TransformWith columns %v, %v", cols, err)
	}
	// A method with a vector argument: the first car, wt 2.62, hp 110.
	p, err := m.Fetch(ctx, "predict", ml.DenseVector(2.62, 110))
	if f, ok := p.(float64); err != nil || !ok || round(f, 2) != 23.57 {
		t.Errorf("predict: %v, %v", p, err)
	}
	if p, err := m.Fetch(ctx, "predict", ml.SparseVector(2, []int{0}, []float64{2.62})); err != nil || round(p.(float64), 3) != round(37.22727-3.87783*2.62, 3) {
		t.Errorf("predict sparse: %v, %v", p, err)
	}
}

func TestWrongColumnType(t *testing.T) {
	ctx, s := setup(t)
	cars := datasets.CopyMtcars(ctx, s)
	data := ml.NewVectorAssembler(ml.Params{"inputCols": []string{"wt"}, "outputCol": "features"}).Transform(cars)
	_, err := ml.LinearRegression(ctx, data, "", ml.Params{"labelCol": "model"})
	var se *connect.SparkError
	if !errors.As(err, &se) || !strings.Contains(err.Error(), "model") {
		t.Errorf("a string label: %v", err)
	}
	t.Log(err)
	// A bad parameter value.
	_, err = ml.NewLinearRegression(ml.Params{"regParam": -1.0, "labelCol": "mpg"}).Fit(ctx, data)
	if !errors.As(err, &se) {
		t.Errorf("negative regParam: %v", err)
	}
	t.Log(err)
}
