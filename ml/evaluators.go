package ml

import (
	"context"
	"fmt"

	"github.com/sparkgo/sparkgo/frame"
)

// NewMulticlassClassificationEvaluator returns a multiclass
// classification evaluator
// (org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator), as
// sparklyr's ml_multiclass_classification_evaluator(sc, ...). metricName
// is one of f1 (the default: the weighted F1), accuracy,
// weightedPrecision, weightedRecall, weightedTruePositiveRate,
// weightedFalsePositiveRate, weightedFMeasure (with beta),
// truePositiveRateByLabel, falsePositiveRateByLabel, precisionByLabel,
// recallByLabel, fMeasureByLabel (of the label metricLabel, 0 by
// default), logLoss (from probabilityCol, with eps) or hammingLoss. Other
// params: labelCol, predictionCol, probabilityCol, weightCol,
// metricLabel, beta, eps.
func NewMulticlassClassificationEvaluator(params Params) *Evaluator {
	return NewEvaluator("MulticlassClassificationEvaluator", params)
}

// NewClusteringEvaluator returns a clustering evaluator
// (org.apache.spark.ml.evaluation.ClusteringEvaluator), as sparklyr's
// ml_clustering_evaluator(sc, ...). Its only metricName is silhouette
// (the mean silhouette of the rows, from −1 to 1); distanceMeasure is
// squaredEuclidean (the default) or cosine. Other params: featuresCol,
// predictionCol, weightCol.
func NewClusteringEvaluator(params Params) *Evaluator {
	return NewEvaluator("ClusteringEvaluator", params)
}

// RegressionEvaluator computes a regression metric of the predictions in
// df, as sparklyr's ml_regression_evaluator(tbl, label_col = "mpg",
// metric_name = "r2"): NewRegressionEvaluator(params).Evaluate(ctx, df).
func RegressionEvaluator(ctx context.Context, df *frame.DataFrame, params Params) (float64, error) {
	return NewRegressionEvaluator(params).Evaluate(ctx, df)
}

// BinaryClassificationEvaluator computes a binary classification metric
// (areaUnderROC, areaUnderPR) of the scores in df, as sparklyr's
// ml_binary_classification_evaluator(tbl, ...).
func BinaryClassificationEvaluator(ctx context.Context, df *frame.DataFrame, params Params) (float64, error) {
	return NewBinaryClassificationEvaluator(params).Evaluate(ctx, df)
}

// MulticlassClassificationEvaluator computes a multiclass classification
// metric of the predictions in df, as sparklyr's
// ml_multiclass_classification_evaluator(tbl, ...); see
// NewMulticlassClassificationEvaluator for the metrics.
func MulticlassClassificationEvaluator(ctx context.Context, df *frame.DataFrame, params Params) (float64, error) {
	return NewMulticlassClassificationEvaluator(params).Evaluate(ctx, df)
}

// ClusteringEvaluator computes the silhouette of the clustering in df (a
// features and a prediction column), as sparklyr's
// ml_clustering_evaluator(tbl, ...).
func ClusteringEvaluator(ctx context.Context, df *frame.DataFrame, params Params) (float64, error) {
	return NewClusteringEvaluator(params).Evaluate(ctx, df)
}

// evaluatorMetrics are the metric names of each evaluator class.
var evaluatorMetrics = map[string][]string{
	"RegressionEvaluator":           {"rmse", "mse", "r2", "mae", "var"},
	"BinaryClassificationEvaluator": {"areaUnderROC", "areaUnderPR"},
	"MulticlassClassificationEvaluator": {"f1", "accuracy", "weightedPrecision", "weightedRecall",
		"weightedTruePositiveRate", "weightedFalsePositiveRate", "weightedFMeasure", "truePositiveRateByLabel",
		"falsePositiveRateByLabel", "precisionByLabel", "recallByLabel", "fMeasureByLabel", "logLoss", "hammingLoss"},
	"MultilabelClassificationEvaluator": {"subsetAccuracy", "accuracy", "hammingLoss", "precision", "recall",
		"f1Measure", "precisionByLabel", "recallByLabel", "f1MeasureByLabel", "microPrecision", "microRecall",
		"microF1Measure"},
	"ClusteringEvaluator": {"silhouette"},
	"RankingEvaluator": {"meanAveragePrecision", "meanAveragePrecisionAtK", "precisionAtK", "ndcgAtK",
		"recallAtK"},
}

// Metrics returns the metric names the evaluator's class accepts as
// metricName, the default first; nil for an unknown class.
func (e *Evaluator) Metrics() []string {
	return append([]string(nil), evaluatorMetrics[shortName(e.Class)]...)
}

// EvaluateMetrics computes several metrics of df with the evaluator's
// other params, one server call each, and returns them by name; with no
// metrics given, all of Metrics (logLoss needs a probability column). The
// evaluator itself is not changed.
func (e *Evaluator) EvaluateMetrics(ctx context.Context, df *frame.DataFrame, metrics ...string) (map[string]float64, error) {
	if len(metrics) == 0 {
		metrics = e.Metrics()
	}
	out := make(map[string]float64, len(metrics))
	for _, name := range metrics {
		one := &Evaluator{Class: e.Class, UID: e.UID, Params: e.Params.clone()}
		one.Params["metricName"] = name
		v, err := one.Evaluate(ctx, df)
		if err != nil {
			return nil, fmt.Errorf("ml: metric %s: %w", name, err)
		}
		out[name] = v
	}
	return out, nil
}
