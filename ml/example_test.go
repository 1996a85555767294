package ml_test

import (
	"context"
	"fmt"
	"log"

	"github.com/sparkgo/sparkgo/datasets"
	"github.com/sparkgo/sparkgo/frame"
	"github.com/sparkgo/sparkgo/ml"
)

// The examples run against the Spark Connect server of the tests
// (SPARK_REMOTE).

func Example() {
	ctx := context.Background()
	s, err := frame.Connect(ctx, "") // SPARK_REMOTE, e.g. sc://localhost:15002
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	cars := datasets.CopyMtcars(ctx, s).Drop("model")

	m, err := ml.LinearRegression(ctx, cars, "mpg ~ wt + hp", nil)
	if err != nil {
		log.Fatal(err)
	}
	defer m.Close()
	coef, err := m.NamedCoefficients(ctx)
	if err != nil {
		log.Fatal(err)
	}
	sum, err := m.LinearSummary(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: intercept %.3f, wt %.3f, hp %.4f\n", m.Formula(), coef["(Intercept)"], coef["wt"], coef["hp"])
	fmt.Printf("R² %.3f, RMSE %.3f on %d cars\n", sum.R2, sum.RootMeanSquaredError, sum.NumInstances)

	rows, err := m.Predict(cars).Select("mpg", "prediction").Take(ctx, 2)
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range rows {
		fmt.Printf("mpg %.1f, predicted %.2f\n", r["mpg"], r["prediction"])
	}
	// In a notebook, the model as a cell's value shows its card
	// (m.Render()).

	// Output:
	// mpg ~ wt + hp: intercept 37.227, wt -3.878, hp -0.0318
	// R² 0.827, RMSE 2.469 on 32 cars
	// mpg 21.0, predicted 23.57
	// mpg 21.0, predicted 22.58
}

func ExampleEstimator_Fit() {
	ctx := context.Background()
	s, err := frame.Connect(ctx, "")
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	iris := datasets.CopyIris(ctx, s)

	// Any estimator the server allows, by class name, on prepared columns.
	assemble := ml.NewVectorAssembler(ml.Params{
		"inputCols": []string{"petal_length", "petal_width"}, "outputCol": "features"})
	km, err := ml.NewEstimator("KMeans", ml.Params{"k": 3, "seed": 1}).Fit(ctx, assemble.Transform(iris))
	if err != nil {
		log.Fatal(err)
	}
	defer km.Close()
	centers, err := km.ClusterCenters(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(km.Name(), len(centers), "centers of", len(centers[0]), "features")

	// Output:
	// KMeansModel 3 centers of 2 features
}

func ExampleEvaluator_Evaluate() {
	ctx := context.Background()
	s, err := frame.Connect(ctx, "")
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	cars := datasets.CopyMtcars(ctx, s).Drop("model")
	m, err := ml.LogisticRegression(ctx, cars, "am ~ wt + hp", nil)
	if err != nil {
		log.Fatal(err)
	}
	defer m.Close()

	auc, err := ml.NewBinaryClassificationEvaluator(nil).Evaluate(ctx, m.Transform(cars))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("area under ROC %.3f\n", auc)

	// Output:
	// area under ROC 0.984
}
