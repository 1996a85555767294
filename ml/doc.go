// Package ml runs Spark ML on the server over Spark Connect (Spark 4.0+):
// estimators are fitted, models applied and evaluated by the JVM's
// org.apache.spark.ml classes, driven by the protocol's MlCommand and
// MlRelation messages. Nothing is computed on the client.
//
// There are three ways to fit, as in sparklyr:
//
//	// 1. An R formula on a DataFrame: features and label are built by
//	//    Spark's RFormula, then the estimator is fitted.
//	m, err := ml.LinearRegression(ctx, cars, "mpg ~ .", nil)
//
//	// 2. An unfitted estimator with parameters, fitted later.
//	est := ml.NewLinearRegression(ml.Params{"regParam": 0.1})
//	m, err = est.FitFormula(ctx, cars, "mpg ~ wt + hp")
//
//	// 3. Any allowed Spark ML class, on prepared columns.
//	feats := ml.NewVectorAssembler(ml.Params{"inputCols": []string{"wt", "hp"}, "outputCol": "features"})
//	m, err = ml.NewEstimator("GBTRegressor", ml.Params{"labelCol": "mpg"}).Fit(ctx, feats.Transform(cars))
//
// A [Model] holds a reference to the fitted model in the server's ML cache.
// Its attributes (coefficients, summary metrics, cluster centers…) are
// fetched when first asked for and cached: see [Model.Fetch] for any
// attribute by its Spark method path ("summary.r2"), [Model.FetchFrame]
// for DataFrame-valued ones ("summary.residuals"), and the typed helpers
// ([Model.Coefficients], [Model.LinearSummary]…). [Model.Transform] and
// [Model.Predict] are lazy DataFrames. [Model.Close] frees the server
// object; the server frees all of them when the session ends.
//
// A model shows itself in a notebook as a model card (its Render method,
// through package display): coefficients with standard errors, t and p
// values, fit statistics, cluster centers or parameters.
//
// Parameters ([Params]) use Spark's own names (maxIter, regParam,
// featuresCol…); only those set are sent and the server applies Spark's
// defaults. Errors raised by Spark (a missing column, a wrong column type,
// a bad parameter) are returned wrapped, so errors.As finds the
// *connect.SparkError; an operator or attribute the server refuses gives
// a *NotAllowedError, and a server older than Spark 4.0 a *VersionError.
//
// Feature transformers have one constructor per org.apache.spark.ml.feature
// class (NewTokenizer, NewStandardScaler…), as sparklyr's ft_* functions;
// the learning ones are Estimators whose models have typed helpers
// (Vocabulary, Labels, Mean, Surrogates…). Tokenize, SQLTransform and
// Assemble are one-call forms. Transformer.Check validates a transformer
// against a DataFrame without running a job.
//
// Pipeline chains stages (estimators, transformers, fitted models) and
// fits them in order; CrossValidator and TrainValidationSplit search a
// ParamGrid with an Evaluator, folding by seed exactly as PySpark does, and
// keep every candidate's metrics. All three run on the client, since the
// protocol has no form for them, and save and load in PySpark's on-disk
// layout, so that each side reads the other's pipelines.
//
// The API has no generics, so that the kernel's interpreter can call it.
package ml
