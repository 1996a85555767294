package ml_test

import (
	"context"
	"os"
	"slices"
	"sort"
	"testing"

	"github.com/sparkgo/sparkgo/frame"
	"github.com/sparkgo/sparkgo/ml"
)

// Fixtures shared by the tests of several files. The fit helpers close
// their models with t.Cleanup, since a helper cannot defer for its caller:
// left open, every fitted model stays in the server's ML cache until the
// session ends.

// formulaFit is the form of the package's formula estimators
// (ml.LinearRegression, ml.GBTClassifier…).
type formulaFit func(ctx context.Context, df *frame.DataFrame, formula string, params ml.Params) (*ml.Model, error)

// fitFormula fits df with a formula estimator and closes the model when the
// test ends.
func fitFormula(t *testing.T, ctx context.Context, fit formulaFit, df *frame.DataFrame, formula string, params ml.Params) *ml.Model {
	t.Helper()
	m, err := fit(ctx, df, formula, params)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeModel(t, m) })
	return m
}

// fitEstimator fits e on df and closes the model when the test ends.
func fitEstimator(t *testing.T, ctx context.Context, e *ml.Estimator, df *frame.DataFrame) *ml.Model {
	t.Helper()
	m, err := e.Fit(ctx, df)
	if err != nil {
		t.Fatalf("fitting %s: %v", e, err)
	}
	t.Cleanup(func() { closeModel(t, m) })
	return m
}

// wantCoefficients compares m's named coefficients, rounded to digits, with
// the estimates R prints.
func wantCoefficients(t *testing.T, ctx context.Context, m *ml.Model, digits int, want map[string]float64) {
	t.Helper()
	coefs, err := m.NamedCoefficients(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for name, w := range want {
		if round(coefs[name], digits) != w {
			t.Errorf("coefficient %s = %v, want %v", name, coefs[name], w)
		}
	}
}

// floats collects a double column in the frame's own order: callers that
// compare row by row must give an ordered frame.
func floats(t *testing.T, ctx context.Context, df *frame.DataFrame, col string) []float64 {
	t.Helper()
	rows, err := df.Select(col).CollectMaps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]float64, len(rows))
	for i, r := range rows {
		f, ok := r[col].(float64)
		if !ok {
			t.Fatalf("%s of row %d is %T", col, i, r[col])
		}
		out[i] = f
	}
	return out
}

// tempDir returns a directory the server can write to.
func tempDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "sparkgo-ml-")
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o777) // the server may run as another user
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

type point struct {
	X float64 `spark:"x"`
	Y float64 `spark:"y"`
}

// cornersFrame has four points in a unit square at each of three corners
// of a 10×10 square, so that any clustering into 3 has one answer.
func cornersFrame(ctx context.Context, s *frame.Session) *frame.DataFrame {
	var pts []point
	for _, c := range []point{{0, 0}, {10, 10}, {0, 10}} {
		for _, d := range []point{{0, 0}, {0, 1}, {1, 0}, {1, 1}} {
			pts = append(pts, point{c.X + d.X, c.Y + d.Y})
		}
	}
	return s.CreateDataFrame(ctx, pts, frame.CopyOptions{})
}

// wantCornerCenters checks that m's cluster centers, in any order, are the
// centers of cornersFrame's squares.
func wantCornerCenters(t *testing.T, ctx context.Context, m *ml.Model) {
	t.Helper()
	centers, err := m.ClusterCenters(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(centers, func(i, j int) bool {
		return centers[i][0] < centers[j][0] || centers[i][0] == centers[j][0] && centers[i][1] < centers[j][1]
	})
	want := [][]float64{{0.5, 0.5}, {0.5, 10.5}, {10.5, 10.5}}
	for i := range want {
		if !slices.Equal(centers[i], want[i]) {
			t.Errorf("centers %v, want %v", centers, want)
			break
		}
	}
}
