package datasets_test

import (
	"context"
	"math"
	"os"
	"testing"

	"github.com/sparkgo/sparkgo/datasets"
	"github.com/sparkgo/sparkgo/frame"
	"github.com/sparkgo/sparkgo/internal/sparktest"
)

func TestMain(m *testing.M) { os.Exit(sparktest.Main(m)) }

var ctx = context.Background()

func sumSD(xs []float64) (sum, sd float64) {
	for _, x := range xs {
		sum += x
	}
	mean := sum / float64(len(xs))
	for _, x := range xs {
		sd += (x - mean) * (x - mean)
	}
	return sum, math.Sqrt(sd / float64(len(xs)-1))
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// The sums and standard deviations of R's colSums(mtcars) and
// sapply(mtcars, sd).
func TestMtcarsValues(t *testing.T) {
	cars := datasets.Mtcars()
	if len(cars) != 32 || cars[0].Model != "Mazda RX4" || cars[31].Model != "Volvo 142E" {
		t.Fatalf("%d cars, first %q, last %q", len(cars), cars[0].Model, cars[len(cars)-1].Model)
	}
	col := func(f func(datasets.Car) float64) []float64 {
		out := make([]float64, len(cars))
		for i, c := range cars {
			out[i] = f(c)
		}
		return out
	}
	for _, tt := range []struct {
		name    string
		f       func(datasets.Car) float64
		sum, sd float64
	}{
		{"mpg", func(c datasets.Car) float64 { return c.Mpg }, 642.9, 6.026948},
		{"cyl", func(c datasets.Car) float64 { return c.Cyl }, 198, 1.785922},
		{"disp", func(c datasets.Car) float64 { return c.Disp }, 7383.1, 123.9387},
		{"hp", func(c datasets.Car) float64 { return c.Hp }, 4694, 68.56287},
		{"drat", func(c datasets.Car) float64 { return c.Drat }, 115.09, 0.5346787},
		{"wt", func(c datasets.Car) float64 { return c.Wt }, 102.952, 0.9784574},
		{"qsec", func(c datasets.Car) float64 { return c.Qsec }, 571.16, 1.786943},
		{"vs", func(c datasets.Car) float64 { return c.Vs }, 14, 0.5040161},
		{"am", func(c datasets.Car) float64 { return c.Am }, 13, 0.4989909},
		{"gear", func(c datasets.Car) float64 { return c.Gear }, 118, 0.7378041},
		{"carb", func(c datasets.Car) float64 { return c.Carb }, 90, 1.615200},
	} {
		sum, sd := sumSD(col(tt.f))
		if !near(sum, tt.sum, 1e-9) || !near(sd, tt.sd, 5e-7*math.Max(1, tt.sd)) {
			t.Errorf("%s: sum %.10g sd %.7g, want %g %g", tt.name, sum, sd, tt.sum, tt.sd)
		}
	}
	// A fresh copy each time.
	cars[0].Mpg = 0
	if datasets.Mtcars()[0].Mpg != 21 {
		t.Errorf("Mtcars returned shared data")
	}
}

// R's aggregate(. ~ Species, iris, mean) and sd.
func TestIrisValues(t *testing.T) {
	flowers := datasets.Iris()
	if len(flowers) != 150 {
		t.Fatalf("%d flowers", len(flowers))
	}
	want := map[string][2][4]float64{
		"setosa":     {{5.006, 3.428, 1.462, 0.246}, {0.3524897, 0.3790644, 0.1736640, 0.1053856}},
		"versicolor": {{5.936, 2.770, 4.260, 1.326}, {0.5161711, 0.3137983, 0.4699110, 0.1977527}},
		"virginica":  {{6.588, 2.974, 5.552, 2.026}, {0.6358796, 0.3224966, 0.5518947, 0.2746501}},
	}
	bySpecies := map[string][4][]float64{}
	var all [4][]float64
	for i, f := range flowers {
		if wantSp := []string{"setosa", "versicolor", "virginica"}[i/50]; f.Species != wantSp {
			t.Fatalf("row %d is %s, want %s", i+1, f.Species, wantSp)
		}
		cols := bySpecies[f.Species]
		for j, x := range []float64{f.SepalLength, f.SepalWidth, f.PetalLength, f.PetalWidth} {
			cols[j] = append(cols[j], x)
			all[j] = append(all[j], x)
		}
		bySpecies[f.Species] = cols
	}
	for sp, w := range want {
		for j := range 4 {
			sum, sd := sumSD(bySpecies[sp][j])
			if len(bySpecies[sp][j]) != 50 || !near(sum/50, w[0][j], 1e-9) || !near(sd, w[1][j], 5e-8) {
				t.Errorf("%s column %d: n %d mean %.10g sd %.7g, want %g %g", sp, j, len(bySpecies[sp][j]), sum/50, sd, w[0][j], w[1][j])
			}
		}
	}
	for j, w := range [][2]float64{{876.5, 0.8280661}, {458.6, 0.4358663}, {563.7, 1.7652982}, {179.9, 0.7622377}} {
		sum, sd := sumSD(all[j])
		if !near(sum, w[0], 1e-9) || !near(sd, w[1], 5e-8) {
			t.Errorf("column %d: sum %.10g sd %.8g, want %g %g", j, sum, sd, w[0], w[1])
		}
	}
}

func TestCopyToSpark(t *testing.T) {
	s := frame.NewSession(sparktest.Session(t))
	cars := datasets.CopyMtcars(ctx, s)
	rows, err := cars.GroupBy("am").Agg(frame.Mean("mpg").Alias("mpg"), frame.Count("*").Alias("n")).OrderBy("am").CollectMaps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0]["am"] != 0.0 || !near(rows[0]["mpg"].(float64), 17.147368, 5e-7) || rows[0]["n"] != int64(19) ||
		rows[1]["am"] != 1.0 || !near(rows[1]["mpg"].(float64), 24.392308, 5e-7) || rows[1]["n"] != int64(13) {
		t.Errorf("mean mpg by am = %v", rows)
	}
	// The view is registered, and copying again replaces it.
	if again := datasets.CopyMtcars(ctx, s); again.Err() != nil {
		t.Fatal(again.Err())
	}
	sums, err := s.Sql(ctx, "SELECT count(*) AS n, sum(hp) AS hp, round(sum(wt), 6) AS wt, round(sum(mpg), 6) AS mpg, max(model) AS model FROM mtcars").CollectMaps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if r := sums[0]; r["n"] != int64(32) || r["hp"] != 4694.0 || r["wt"] != 102.952 || r["mpg"] != 642.9 || r["model"] != "Volvo 142E" {
		t.Errorf("mtcars sums = %v", r)
	}

	iris := datasets.CopyIris(ctx, s)
	rows, err = iris.GroupBy("species").Agg(frame.Count("*").Alias("n"), frame.Round(frame.Mean("petal_width"), 6).Alias("pw")).OrderBy("species").CollectMaps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i, w := range []struct {
		species string
		pw      float64
	}{{"setosa", 0.246}, {"versicolor", 1.326}, {"virginica", 2.026}} {
		if i >= len(rows) || rows[i]["species"] != w.species || rows[i]["n"] != int64(50) || rows[i]["pw"] != w.pw {
			t.Errorf("iris by species = %v", rows)
			break
		}
	}
	var back []datasets.Flower
	if err := s.Table("iris").CollectInto(ctx, &back); err != nil || len(back) != 150 {
		t.Fatalf("CollectInto: %d rows, %v", len(back), err)
	}
	sum := 0.0
	for _, f := range back {
		sum += f.SepalLength
	}
	if !near(sum, 876.5, 1e-9) {
		t.Errorf("sum of sepal_length = %v", sum)
	}
}
