package ml

import "strings"

// packages lists, for each Spark ML package, the operator classes the
// Spark Connect server allows (estimators, transformers, models and
// evaluators), from Spark's service allowlists.
var packages = map[string][]string{
	"org.apache.spark.ml.classification": {
		"NaiveBayes", "LinearSVC", "LogisticRegression", "FMClassifier", "MultilayerPerceptronClassifier",
		"DecisionTreeClassifier", "RandomForestClassifier", "GBTClassifier",
		"NaiveBayesModel", "LinearSVCModel", "LogisticRegressionModel", "FMClassificationModel",
		"MultilayerPerceptronClassificationModel", "DecisionTreeClassificationModel",
		"RandomForestClassificationModel", "GBTClassificationModel",
	},
	"org.apache.spark.ml.regression": {
		"AFTSurvivalRegression", "IsotonicRegression", "LinearRegression", "GeneralizedLinearRegression",
		"FMRegressor", "DecisionTreeRegressor", "RandomForestRegressor", "GBTRegressor",
		"AFTSurvivalRegressionModel", "IsotonicRegressionModel", "LinearRegressionModel",
		"GeneralizedLinearRegressionModel", "FMRegressionModel", "DecisionTreeRegressionModel",
		"RandomForestRegressionModel", "GBTRegressionModel",
	},
	"org.apache.spark.ml.clustering": {
		"KMeans", "BisectingKMeans", "GaussianMixture", "LDA",
		"KMeansModel", "BisectingKMeansModel", "GaussianMixtureModel", "DistributedLDAModel", "LocalLDAModel",
	},
	"org.apache.spark.ml.recommendation": {"ALS", "ALSModel"},
	"org.apache.spark.ml.fpm":            {"FPGrowth", "FPGrowthModel"},
	"org.apache.spark.ml.feature": {
		"QuantileDiscretizer", "RFormula", "Imputer", "StandardScaler", "MaxAbsScaler", "MinMaxScaler",
		"RobustScaler", "ChiSqSelector", "UnivariateFeatureSelector", "VarianceThresholdSelector",
		"StringIndexer", "VectorIndexer", "PCA", "IDF", "Word2Vec", "CountVectorizer", "OneHotEncoder",
		"TargetEncoder", "BucketedRandomProjectionLSH", "MinHashLSH",
		"RFormulaModel", "ImputerModel", "StandardScalerModel", "MaxAbsScalerModel", "MinMaxScalerModel",
		"RobustScalerModel", "ChiSqSelectorModel", "UnivariateFeatureSelectorModel",
		"VarianceThresholdSelectorModel", "StringIndexerModel", "VectorIndexerModel", "PCAModel",
		"IDFModel", "Word2VecModel", "CountVectorizerModel", "OneHotEncoderModel", "TargetEncoderModel",
		"BucketedRandomProjectionLSHModel", "MinHashLSHModel",
		"DCT", "NGram", "Normalizer", "Interaction", "Binarizer", "Bucketizer", "VectorAssembler",
		"VectorSlicer", "VectorSizeHint", "Tokenizer", "RegexTokenizer", "SQLTransformer",
		"StopWordsRemover", "FeatureHasher", "ElementwiseProduct", "HashingTF", "IndexToString",
		"PolynomialExpansion",
	},
	"org.apache.spark.ml.evaluation": {
		"RegressionEvaluator", "BinaryClassificationEvaluator", "MulticlassClassificationEvaluator",
		"MultilabelClassificationEvaluator", "ClusteringEvaluator", "RankingEvaluator",
	},
}

// fullNames maps a short class name (LinearRegression) to its JVM class.
var fullNames = func() map[string]string {
	m := map[string]string{}
	for pkg, classes := range packages {
		for _, c := range classes {
			m[c] = pkg + "." + c
		}
	}
	return m
}()

// ClassName returns the JVM class of a Spark ML operator given by its short
// name ("LinearRegression" → "org.apache.spark.ml.regression.LinearRegression").
// A name with a dot is returned unchanged, as is an unknown short name.
func ClassName(name string) string {
	if strings.Contains(name, ".") {
		return name
	}
	if full, ok := fullNames[name]; ok {
		return full
	}
	return name
}

// shortName returns the last part of a JVM class name.
func shortName(class string) string {
	return class[strings.LastIndexByte(class, '.')+1:]
}

// modelClassOf returns the JVM class of the model an estimator fits.
func modelClassOf(estimator string) string {
	pkg, short := "", estimator
	if i := strings.LastIndexByte(estimator, '.'); i >= 0 {
		pkg, short = estimator[:i+1], estimator[i+1:]
	}
	var m string
	switch {
	case short == "QuantileDiscretizer":
		m = "Bucketizer"
	case short == "LDA":
		m = "LocalLDAModel"
	case strings.HasSuffix(short, "Classifier"):
		m = strings.TrimSuffix(short, "Classifier") + "ClassificationModel"
	case strings.HasSuffix(short, "Regressor"):
		m = strings.TrimSuffix(short, "Regressor") + "RegressionModel"
	default:
		m = short + "Model"
	}
	return pkg + m
}
