// Package datasets holds two classic small data sets as Go values, ready to
// copy to Spark: R's datasets::mtcars (Motor Trend cars, 1974) and
// datasets::iris (Fisher's/Anderson's iris measurements), with exactly R's
// values.
//
//	cars := datasets.CopyMtcars(ctx, s) // the temporary view "mtcars"
//	cars.GroupBy("am").Agg(frame.Mean("mpg"))
//
// Column names follow Spark conventions: R's row names of mtcars become the
// column model, and iris's Sepal.Length… become sepal_length… (dots in
// Spark column names would need backquotes).
package datasets

import (
	"context"

	"github.com/sparkgo/sparkgo/frame"
)

// Car is one row of mtcars. As in R, every measure is a double.
type Car struct {
	Model string  `spark:"model"` // R's row name
	Mpg   float64 `spark:"mpg"`   // miles per (US) gallon
	Cyl   float64 `spark:"cyl"`   // number of cylinders
	Disp  float64 `spark:"disp"`  // displacement (cu. in.)
	Hp    float64 `spark:"hp"`    // gross horsepower
	Drat  float64 `spark:"drat"`  // rear axle ratio
	Wt    float64 `spark:"wt"`    // weight (1000 lbs)
	Qsec  float64 `spark:"qsec"`  // 1/4 mile time (s)
	Vs    float64 `spark:"vs"`    // engine (0 = V-shaped, 1 = straight)
	Am    float64 `spark:"am"`    // transmission (0 = automatic, 1 = manual)
	Gear  float64 `spark:"gear"`  // number of forward gears
	Carb  float64 `spark:"carb"`  // number of carburetors
}

// Flower is one row of iris: measures in centimetres.
type Flower struct {
	SepalLength float64 `spark:"sepal_length"` // R's Sepal.Length
	SepalWidth  float64 `spark:"sepal_width"`  // R's Sepal.Width
	PetalLength float64 `spark:"petal_length"` // R's Petal.Length
	PetalWidth  float64 `spark:"petal_width"`  // R's Petal.Width
	Species     string  `spark:"species"`      // setosa, versicolor or virginica
}

// Mtcars returns the 32 rows of R's datasets::mtcars, in R's order. Each
// call returns a fresh copy.
func Mtcars() []Car { return append([]Car(nil), mtcars...) }

// Iris returns the 150 rows of R's datasets::iris, in R's order. Each call
// returns a fresh copy.
func Iris() []Flower { return append([]Flower(nil), iris...) }

// CopyMtcars copies mtcars to the session as the temporary view "mtcars",
// replacing any view of that name, and returns it.
func CopyMtcars(ctx context.Context, s *frame.Session) *frame.DataFrame {
	return s.CopyTo(ctx, "mtcars", mtcars, frame.CopyOptions{Overwrite: true})
}

// CopyIris copies iris to the session as the temporary view "iris",
// replacing any view of that name, and returns it.
func CopyIris(ctx context.Context, s *frame.Session) *frame.DataFrame {
	return s.CopyTo(ctx, "iris", iris, frame.CopyOptions{Overwrite: true})
}

// mtcars holds R's datasets::mtcars.
var mtcars = []Car{
	{"Mazda RX4", 21.0, 6, 160.0, 110, 3.90, 2.620, 16.46, 0, 1, 4, 4},
	{"Mazda RX4 Wag", 21.0, 6, 160.0, 110, 3.90, 2.875, 17.02, 0, 1, 4, 4},
	{"Datsun 710", 22.8, 4, 108.0, 93, 3.85, 2.320, 18.61, 1, 1, 4, 1},
	{"Hornet 4 Drive", 21.4, 6, 258.0, 110, 3.08, 3.215, 19.44, 1, 0, 3, 1},
	{"Hornet Sportabout", 18.7, 8, 360.0, 175, 3.15, 3.440, 17.02, 0, 0, 3, 2},
	{"Valiant", 18.1, 6, 225.0, 105, 2.76, 3.460, 20.22, 1, 0, 3, 1},
	{"Duster 360", 14.3, 8, 360.0, 245, 3.21, 3.570, 15.84, 0, 0, 3, 4},
	{"Merc 240D", 24.4, 4, 146.7, 62, 3.69, 3.190, 20.00, 1, 0, 4, 2},
	{"Merc 230", 22.8, 4, 140.8, 95, 3.92, 3.150, 22.90, 1, 0, 4, 2},
	{"Merc 280", 19.2, 6, 167.6, 123, 3.92, 3.440, 18.30, 1, 0, 4, 4},
	{"Merc 280C", 17.8, 6, 167.6, 123, 3.92, 3.440, 18.90, 1, 0, 4, 4},
	{"Merc 450SE", 16.4, 8, 275.8, 180, 3.07, 4.070, 17.40, 0, 0, 3, 3},
	{"Merc 450SL", 17.3, 8, 275.8, 180, 3.07, 3.730, 17.60, 0, 0, 3, 3},
	{"Merc 450SLC", 15.2, 8, 275.8, 180, 3.07, 3.780, 18.00, 0, 0, 3, 3},
	{"Cadillac Fleetwood", 10.4, 8, 472.0, 205, 2.93, 5.250, 17.98, 0, 0, 3, 4},
	{"Lincoln Continental", 10.4, 8, 460.0, 215, 3.00, 5.424, 17.82, 0, 0, 3, 4},
	{"Chrysler Imperial", 14.7, 8, 440.0, 230, 3.23, 5.345, 17.42, 0, 0, 3, 4},
	{"Fiat 128", 32.4, 4, 78.7, 66, 4.08, 2.200, 19.47, 1, 1, 4, 1},
	{"Honda Civic", 30.4, 4, 75.7, 52, 4.93, 1.615, 18.52, 1, 1, 4, 2},
	{"Toyota Corolla", 33.9, 4, 71.1, 65, 4.22, 1.835, 19.90, 1, 1, 4, 1},
	{"Toyota Corona", 21.5, 4, 120.1, 97, 3.70, 2.465, 20.01, 1, 0, 3, 1},
	{"Dodge Challenger", 15.5, 8, 318.0, 150, 2.76, 3.520, 16.87, 0, 0, 3, 2},
	{"AMC Javelin", 15.2, 8, 304.0, 150, 3.15, 3.435, 17.30, 0, 0, 3, 2},
	{"Camaro Z28", 13.3, 8, 350.0, 245, 3.73, 3.840, 15.41, 0, 0, 3, 4},
	{"Pontiac Firebird", 19.2, 8, 400.0, 175, 3.08, 3.845, 17.05, 0, 0, 3, 2},
	{"Fiat X1-9", 27.3, 4, 79.0, 66, 4.08, 1.935, 18.90, 1, 1, 4, 1},
	{"Porsche 914-2", 26.0, 4, 120.3, 91, 4.43, 2.140, 16.70, 0, 1, 5, 2},
	{"Lotus Europa", 30.4, 4, 95.1, 113, 3.77, 1.513, 16.90, 1, 1, 5, 2},
	{"Ford Pantera L", 15.8, 8, 351.0, 264, 4.22, 3.170, 14.50, 0, 1, 5, 4},
	{"Ferrari Dino", 19.7, 6, 145.0, 175, 3.62, 2.770, 15.50, 0, 1, 5, 6},
	{"Maserati Bora", 15.0, 8, 301.0, 335, 3.54, 3.570, 14.60, 0, 1, 5, 8},
	{"Volvo 142E", 21.4, 4, 121.0, 109, 4.11, 2.780, 18.60, 1, 1, 4, 2},
}
