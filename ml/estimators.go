package ml

import (
	"context"

	"github.com/sparkgo/sparkgo/frame"
)

// fitWith fits a new estimator of class on df: with formula when it is
// not "", else on df's existing features and label columns.
func fitWith(ctx context.Context, class string, df *frame.DataFrame, formula string, params Params) (*Model, error) {
	e := NewEstimator(class, params)
	if formula == "" {
		return e.Fit(ctx, df)
	}
	return e.FitFormula(ctx, df, formula)
}

// NewLinearRegression returns an unfitted linear regression
// (org.apache.spark.ml.regression.LinearRegression), as sparklyr's
// ml_linear_regression(sc, ...). Params use Spark's names: regParam,
// elasticNetParam, fitIntercept, standardization, solver, maxIter…
func NewLinearRegression(params Params) *Estimator {
	return NewEstimator("LinearRegression", params)
}

// LinearRegression fits a linear regression on df with an R formula, as
// sparklyr's ml_linear_regression(tbl, "mpg ~ ."): see
// Estimator.FitFormula. With formula "", df must already have the
// features and label columns (or those named by featuresCol and
// labelCol). The model's LinearSummary, Coefficients, Intercept and Card
// give its results.
func LinearRegression(ctx context.Context, df *frame.DataFrame, formula string, params Params) (*Model, error) {
	return fitWith(ctx, "LinearRegression", df, formula, params)
}

// NewLogisticRegression returns an unfitted logistic regression
// (org.apache.spark.ml.classification.LogisticRegression). Params use
// Spark's names: regParam, elasticNetParam, family, threshold, maxIter…
func NewLogisticRegression(params Params) *Estimator {
	return NewEstimator("LogisticRegression", params)
}

// LogisticRegression fits a logistic regression on df with an R formula,
// as sparklyr's ml_logistic_regression(tbl, "am ~ wt + hp"); a string
// response is indexed into labels by the formula. See LinearRegression
// for formula "".
func LogisticRegression(ctx context.Context, df *frame.DataFrame, formula string, params Params) (*Model, error) {
	return fitWith(ctx, "LogisticRegression", df, formula, params)
}

// NewKMeans returns an unfitted k-means clustering
// (org.apache.spark.ml.clustering.KMeans). Params: k, maxIter, seed,
// initMode, tol, distanceMeasure…
func NewKMeans(params Params) *Estimator {
	return NewEstimator("KMeans", params)
}

// KMeans fits a k-means clustering on df, as sparklyr's
// ml_kmeans(tbl, ~ wt + mpg, k = 3): the formula has no response (a
// formula written "~ wt + mpg"). With formula "", df must already have a
// features column. The model's ClusterCenters and Card give its results.
func KMeans(ctx context.Context, df *frame.DataFrame, formula string, params Params) (*Model, error) {
	return fitWith(ctx, "KMeans", df, formula, params)
}

// NewStringIndexer returns an unfitted string indexer
// (org.apache.spark.ml.feature.StringIndexer), which maps the values of a
// string column to indices by frequency: Params{"inputCol": "species",
// "outputCol": "species_idx"}. Its fitted model's Labels(ctx)
// are the values in index order.
func NewStringIndexer(params Params) *Estimator {
	return NewEstimator("StringIndexer", params)
}

// NewVectorAssembler returns a vector assembler
// (org.apache.spark.ml.feature.VectorAssembler), which gathers columns into
// one vector column: Params{"inputCols": []string{"wt", "hp"},
// "outputCol": "features"}.
func NewVectorAssembler(params Params) *Transformer {
	return NewTransformer("VectorAssembler", params)
}

// NewRegressionEvaluator returns a regression evaluator; metricName is
// one of rmse (the default), mse, r2, mae, var.
func NewRegressionEvaluator(params Params) *Evaluator {
	return NewEvaluator("RegressionEvaluator", params)
}

// NewBinaryClassificationEvaluator returns a binary classification
// evaluator; metricName is areaUnderROC (the default) or areaUnderPR.
func NewBinaryClassificationEvaluator(params Params) *Evaluator {
	return NewEvaluator("BinaryClassificationEvaluator", params)
}
