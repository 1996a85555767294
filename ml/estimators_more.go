package ml

import (
	"context"
	"fmt"
	"strings"

	"github.com/sparkgo/sparkgo/frame"
)

// NewAFTSurvivalRegression returns an unfitted accelerated failure time
// survival regression with a Weibull distribution
// (org.apache.spark.ml.regression.AFTSurvivalRegression), as sparklyr's
// ml_aft_survival_regression(sc, ...). The label is the survival time
// (positive); censorCol (default "censor") is 1 for an observed event and
// 0 for a censored time. Params: censorCol, quantileProbabilities,
// quantilesCol, fitIntercept, maxIter, tol, aggregationDepth…
func NewAFTSurvivalRegression(params Params) *Estimator {
	return NewEstimator("AFTSurvivalRegression", params)
}

// AFTSurvivalRegression fits an AFT survival regression on df with an R
// formula, as sparklyr's ml_aft_survival_regression(tbl, "time ~ x1 + x2",
// censor_col = "censor"): the censor column (Params{"censorCol": …},
// default "censor") is read from df as it is. See LinearRegression for
// formula "". The model's Coefficients, Intercept, Scale,
// PredictQuantiles and Card give its results.
func AFTSurvivalRegression(ctx context.Context, df *frame.DataFrame, formula string, params Params) (*Model, error) {
	return fitWith(ctx, "AFTSurvivalRegression", df, formula, params)
}

// NewBisectingKMeans returns an unfitted bisecting k-means clustering
// (org.apache.spark.ml.clustering.BisectingKMeans), as sparklyr's
// ml_bisecting_kmeans(sc, ...). Params: k, maxIter, seed,
// minDivisibleClusterSize, distanceMeasure…
func NewBisectingKMeans(params Params) *Estimator {
	return NewEstimator("BisectingKMeans", params)
}

// BisectingKMeans fits a bisecting k-means clustering on df, as sparklyr's
// ml_bisecting_kmeans(tbl, ~ x + y, k = 3): the formula has no response.
// With formula "", df must already have a features column. The model's
// ClusterCenters, ClusteringSummary and Card give its results.
func BisectingKMeans(ctx context.Context, df *frame.DataFrame, formula string, params Params) (*Model, error) {
	return fitWith(ctx, "BisectingKMeans", df, formula, params)
}

// NewDecisionTreeClassifier returns an unfitted decision tree classifier
// (org.apache.spark.ml.classification.DecisionTreeClassifier), as
// sparklyr's ml_decision_tree_classifier(sc, ...). Params: maxDepth,
// maxBins, minInstancesPerNode, minInfoGain, impurity (gini, entropy),
// seed, thresholds…
func NewDecisionTreeClassifier(params Params) *Estimator {
	return NewEstimator("DecisionTreeClassifier", params)
}

// DecisionTreeClassifier fits a decision tree classifier on df with an R
// formula, as sparklyr's ml_decision_tree_classifier(tbl, "am ~ wt + hp");
// a string response is indexed into labels by the formula. See
// LinearRegression for formula "". The model's TreeDepth, TreeNumNodes,
// FeatureImportances, DebugString and Card give its results.
func DecisionTreeClassifier(ctx context.Context, df *frame.DataFrame, formula string, params Params) (*Model, error) {
	return fitWith(ctx, "DecisionTreeClassifier", df, formula, params)
}

// NewDecisionTreeRegressor returns an unfitted decision tree regressor
// (org.apache.spark.ml.regression.DecisionTreeRegressor), as sparklyr's
// ml_decision_tree_regressor(sc, ...). Params: maxDepth, maxBins,
// minInstancesPerNode, minInfoGain, impurity (variance), varianceCol…
func NewDecisionTreeRegressor(params Params) *Estimator {
	return NewEstimator("DecisionTreeRegressor", params)
}

// DecisionTreeRegressor fits a decision tree regressor on df with an R
// formula, as sparklyr's ml_decision_tree_regressor(tbl, "mpg ~ ."). See
// LinearRegression for formula "" and DecisionTreeClassifier for the
// model's helpers.
func DecisionTreeRegressor(ctx context.Context, df *frame.DataFrame, formula string, params Params) (*Model, error) {
	return fitWith(ctx, "DecisionTreeRegressor", df, formula, params)
}

// NewGBTClassifier returns an unfitted gradient-boosted trees classifier
// for two classes (org.apache.spark.ml.classification.GBTClassifier), as
// sparklyr's ml_gbt_classifier(sc, ...). Params: maxIter (number of
// trees), stepSize, maxDepth, subsamplingRate, lossType (logistic),
// featureSubsetStrategy, validationIndicatorCol, seed…
func NewGBTClassifier(params Params) *Estimator {
	return NewEstimator("GBTClassifier", params)
}

// GBTClassifier fits a gradient-boosted trees classifier on df with an R
// formula, as sparklyr's ml_gbt_classifier(tbl, "am ~ wt + hp"). See
// LinearRegression for formula "". The model's NumTrees, TreeWeights,
// Trees, FeatureImportances, EvaluateEachIteration and Card give its
// results.
func GBTClassifier(ctx context.Context, df *frame.DataFrame, formula string, params Params) (*Model, error) {
	return fitWith(ctx, "GBTClassifier", df, formula, params)
}

// NewGBTRegressor returns an unfitted gradient-boosted trees regressor
// (org.apache.spark.ml.regression.GBTRegressor), as sparklyr's
// ml_gbt_regressor(sc, ...). Params: maxIter (number of trees), stepSize,
// maxDepth, subsamplingRate, lossType (squared, absolute), seed…
func NewGBTRegressor(params Params) *Estimator {
	return NewEstimator("GBTRegressor", params)
}

// GBTRegressor fits a gradient-boosted trees regressor on df with an R
// formula, as sparklyr's ml_gbt_regressor(tbl, "mpg ~ ."). See
// GBTClassifier for the model's helpers.
func GBTRegressor(ctx context.Context, df *frame.DataFrame, formula string, params Params) (*Model, error) {
	return fitWith(ctx, "GBTRegressor", df, formula, params)
}

// NewGeneralizedLinearRegression returns an unfitted generalized linear
// model (org.apache.spark.ml.regression.GeneralizedLinearRegression), as
// sparklyr's ml_generalized_linear_regression(sc, ...). Params: family
// (gaussian, binomial, poisson, gamma, tweedie), link (identity, log,
// logit, inverse, probit, cloglog, sqrt), variancePower, linkPower,
// regParam, maxIter, tol, offsetCol, weightCol, fitIntercept…
func NewGeneralizedLinearRegression(params Params) *Estimator {
	return NewEstimator("GeneralizedLinearRegression", params)
}

// GeneralizedLinearRegression fits a generalized linear model on df with
// an R formula, as sparklyr's ml_generalized_linear_regression(tbl,
// "am ~ wt + hp", family = "binomial") and R's glm. See LinearRegression
// for formula "". The model's Coefficients, Intercept, GLMSummary (with
// standard errors, p values, deviance and AIC) and Card give its results.
func GeneralizedLinearRegression(ctx context.Context, df *frame.DataFrame, formula string, params Params) (*Model, error) {
	return fitWith(ctx, "GeneralizedLinearRegression", df, formula, params)
}

// NewIsotonicRegression returns an unfitted isotonic regression
// (org.apache.spark.ml.regression.IsotonicRegression), as sparklyr's
// ml_isotonic_regression(sc, ...): a monotone step-wise linear function of
// one feature. Params: isotonic (true for increasing, the default; false
// for decreasing), featureIndex (the element of a vector features column
// to use), weightCol.
func NewIsotonicRegression(params Params) *Estimator {
	return NewEstimator("IsotonicRegression", params)
}

// IsotonicRegression fits an isotonic regression on df with an R formula
// of one term, as sparklyr's ml_isotonic_regression(tbl, "y ~ x"). See
// LinearRegression for formula "". The model's Boundaries,
// BoundaryPredictions and Card give its results.
func IsotonicRegression(ctx context.Context, df *frame.DataFrame, formula string, params Params) (*Model, error) {
	return fitWith(ctx, "IsotonicRegression", df, formula, params)
}

// NewRandomForestClassifier returns an unfitted random forest classifier
// (org.apache.spark.ml.classification.RandomForestClassifier), as
// sparklyr's ml_random_forest_classifier(sc, ...). Params: numTrees,
// maxDepth, featureSubsetStrategy, subsamplingRate, bootstrap, impurity,
// seed…
func NewRandomForestClassifier(params Params) *Estimator {
	return NewEstimator("RandomForestClassifier", params)
}

// RandomForestClassifier fits a random forest classifier on df with an R
// formula, as sparklyr's ml_random_forest_classifier(tbl, "species ~ .").
// See LinearRegression for formula "". The model's NumTrees, Trees,
// FeatureImportances, ClassificationSummary and Card give its results.
func RandomForestClassifier(ctx context.Context, df *frame.DataFrame, formula string, params Params) (*Model, error) {
	return fitWith(ctx, "RandomForestClassifier", df, formula, params)
}

// NewRandomForestRegressor returns an unfitted random forest regressor
// (org.apache.spark.ml.regression.RandomForestRegressor), as sparklyr's
// ml_random_forest_regressor(sc, ...). Params: numTrees, maxDepth,
// featureSubsetStrategy, subsamplingRate, bootstrap, seed…
func NewRandomForestRegressor(params Params) *Estimator {
	return NewEstimator("RandomForestRegressor", params)
}

// RandomForestRegressor fits a random forest regressor on df with an R
// formula, as sparklyr's ml_random_forest_regressor(tbl, "mpg ~ ."). See
// RandomForestClassifier for the model's helpers.
func RandomForestRegressor(ctx context.Context, df *frame.DataFrame, formula string, params Params) (*Model, error) {
	return fitWith(ctx, "RandomForestRegressor", df, formula, params)
}

// --- tree models ---

// TreeDepth returns the depth of a decision tree model (0 for a tree that
// is a single leaf).
func (m *Model) TreeDepth(ctx context.Context) (int, error) {
	n, err := m.Int(ctx, "depth")
	return int(n), err
}

// TreeNumNodes returns the number of nodes (internal nodes and leaves) of
// a decision tree model.
func (m *Model) TreeNumNodes(ctx context.Context) (int, error) {
	n, err := m.Int(ctx, "numNodes")
	return int(n), err
}

// NumTrees returns the number of trees of a random forest or GBT model.
func (m *Model) NumTrees(ctx context.Context) (int, error) {
	n, err := m.Int(ctx, "getNumTrees")
	return int(n), err
}

// TotalNumNodes returns the number of nodes of all the trees of a random
// forest or GBT model.
func (m *Model) TotalNumNodes(ctx context.Context) (int, error) {
	n, err := m.Int(ctx, "totalNumNodes")
	return int(n), err
}

// TreeWeights returns the weights of the trees of a random forest (all
// 1) or GBT model (1 for the first tree, then stepSize).
func (m *Model) TreeWeights(ctx context.Context) ([]float64, error) {
	return m.Floats(ctx, "treeWeights")
}

// DebugString returns Spark's description of a tree model, every split
// and leaf ("If (feature 0 <= 5.0) Predict: 0.0 …"). Features are named
// feature 0, feature 1… in the order of Features.
func (m *Model) DebugString(ctx context.Context) (string, error) {
	v, err := m.Fetch(ctx, "toDebugString")
	if err != nil {
		return "", err
	}
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("ml: toDebugString of %s is a %T, not a string", m.Name(), v)
	}
	return s, nil
}

// NumClasses returns the number of classes of a classification model.
func (m *Model) NumClasses(ctx context.Context) (int, error) {
	n, err := m.Int(ctx, "numClasses")
	return int(n), err
}

// NamedFeatureImportances returns the feature importances of a tree
// model by feature name (see Features; x1, x2… without a formula).
func (m *Model) NamedFeatureImportances(ctx context.Context) (map[string]float64, error) {
	fi, err := m.FeatureImportances(ctx)
	if err != nil {
		return nil, err
	}
	names := m.featureLabels(len(fi))
	out := make(map[string]float64, len(fi))
	for i, v := range fi {
		out[names[i]] = v
	}
	return out, nil
}

// Trees returns the trees of a random forest or GBT model, as models of
// their own (DecisionTreeClassificationModel for a random forest
// classifier, DecisionTreeRegressionModel otherwise: a GBT classifier's
// trees are regression trees of the margin). Each is a new server object:
// Close them when done. They know nothing of the ensemble's formula, so
// they transform data that has the features column (the ensemble's
// Transform output, say).
func (m *Model) Trees(ctx context.Context) ([]*Model, error) {
	v, err := m.Fetch(ctx, "trees")
	// Every fetch registers new objects: do not hand out the same ones twice.
	m.mu.Lock()
	delete(m.cache, "trees")
	m.mu.Unlock()
	if err != nil {
		return nil, err
	}
	ids, ok := v.(string)
	if !ok {
		return nil, fmt.Errorf("ml: trees of %s is a %T, not models", m.Name(), v)
	}
	class := ClassName("DecisionTreeRegressionModel")
	if m.Name() == "RandomForestClassificationModel" {
		class = ClassName("DecisionTreeClassificationModel")
	}
	var out []*Model
	for _, id := range strings.Split(ids, ",") {
		if id = strings.TrimSpace(id); id == "" {
			continue
		}
		t := newModel(m.s, id, class, "", nil)
		// Spark's toString of a tree is "<Class>: uid=<uid>, depth=…".
		if v, err := t.Fetch(ctx, "toString"); err == nil {
			if s, ok := v.(string); ok {
				if _, rest, ok := strings.Cut(s, "uid="); ok {
					t.uid, _, _ = strings.Cut(rest, ",")
				}
			}
		}
		out = append(out, t)
	}
	return out, nil
}

// EvaluateEachIteration returns the loss of a GBT model on df after each
// iteration (tree), as Spark's evaluateEachIteration: for a
// GBTClassificationModel, its own loss (logistic: 2·log(1+exp(−2yF)),
// averaged); for a GBTRegressionModel, loss "squared" or "absolute" ("" is
// the model's lossType, squared by default). For a model fitted with a
// formula, df is transformed by the formula first, so it needs the
// response column.
func (m *Model) EvaluateEachIteration(ctx context.Context, df *frame.DataFrame, loss string) ([]float64, error) {
	if err := checkFrame(df); err != nil {
		return nil, fmt.Errorf("ml: evaluating each iteration of %s: %w", m.Name(), err)
	}
	if m.formula != nil {
		df = m.formula.model.transformWith(df, nil)
	}
	args := []any{df}
	if m.Name() == "GBTRegressionModel" {
		if loss == "" {
			loss, _ = m.params["lossType"].(string)
		}
		if loss == "" {
			loss = "squared"
		}
		args = append(args, loss)
	}
	v, err := m.Fetch(ctx, "evaluateEachIteration", args...)
	if err != nil {
		return nil, err
	}
	f, ok := asFloats(v)
	if !ok {
		return nil, fmt.Errorf("ml: evaluateEachIteration of %s is a %T, not numbers", m.Name(), v)
	}
	return append([]float64(nil), f...), nil
}

// --- clustering ---

// ClusteringSummary is the training summary of a clustering model
// (KMeans, BisectingKMeans, GaussianMixture).
type ClusteringSummary struct {
	// K is the number of clusters found (it can be less than the k
	// asked for).
	K int
	// NumIter is the number of iterations of the training.
	NumIter int
	// ClusterSizes are the numbers of training rows in each cluster.
	ClusterSizes []int64
	// TrainingCost is the sum of the squared distances of the rows to
	// their centers (KMeans and BisectingKMeans; 0 otherwise).
	TrainingCost float64
	// LogLikelihood is the log-likelihood of a GaussianMixture model (0
	// otherwise).
	LogLikelihood float64
}

// ClusteringSummary fetches the training summary of a clustering model.
func (m *Model) ClusteringSummary(ctx context.Context) (*ClusteringSummary, error) {
	s := &ClusteringSummary{}
	k, err := m.Int(ctx, "summary.k")
	if err != nil {
		return nil, err
	}
	s.K = int(k)
	if n, err := m.Int(ctx, "summary.numIter"); err == nil {
		s.NumIter = int(n)
	} else if err := optional(err); err != nil {
		return nil, err
	}
	if s.ClusterSizes, err = m.ClusterSizes(ctx); err != nil {
		return nil, err
	}
	switch m.Name() {
	case "KMeansModel", "BisectingKMeansModel":
		if s.TrainingCost, err = m.Float(ctx, "summary.trainingCost"); err != nil {
			return nil, err
		}
	case "GaussianMixtureModel":
		if s.LogLikelihood, err = m.Float(ctx, "summary.logLikelihood"); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// ClusterSizes returns the number of training rows in each cluster of a
// clustering model, from its training summary.
func (m *Model) ClusterSizes(ctx context.Context) ([]int64, error) {
	v, err := m.Fetch(ctx, "summary.clusterSizes")
	if err != nil {
		return nil, err
	}
	switch x := v.(type) {
	case []int64:
		return append([]int64(nil), x...), nil
	case []int:
		out := make([]int64, len(x))
		for i, n := range x {
			out[i] = int64(n)
		}
		return out, nil
	}
	if f, ok := asFloats(v); ok {
		out := make([]int64, len(f))
		for i, n := range f {
			out[i] = int64(n)
		}
		return out, nil
	}
	return nil, fmt.Errorf("ml: clusterSizes of %s is a %T, not integers", m.Name(), v)
}

// --- generalized linear models ---

// GLMSummary is the summary of a generalized linear model, as R's
// summary(glm(…)) shows it. Standard errors, t and p values exist only
// for the training summary of a model fitted by IRLS (the default
// solver) and are nil otherwise; as in Spark, their last element is the
// intercept's.
type GLMSummary struct {
	// AIC is Akaike's information criterion of the fit.
	AIC float64
	// Deviance is the residual deviance.
	Deviance float64
	// NullDeviance is the deviance of the intercept-only model.
	NullDeviance float64
	// Dispersion is the dispersion parameter: 1 for binomial and poisson,
	// the residual deviance's Pearson estimate otherwise.
	Dispersion float64
	// NumInstances is the number of rows.
	NumInstances int64
	// Rank is the number of estimated coefficients (with the intercept).
	Rank int64
	// DegreesOfFreedom are the degrees of freedom of the fit (Rank).
	DegreesOfFreedom int64
	// ResidualDegreeOfFreedom are the residual degrees of freedom,
	// NumInstances − Rank.
	ResidualDegreeOfFreedom int64
	// ResidualDegreeOfFreedomNull are the residual degrees of freedom of
	// the null model.
	ResidualDegreeOfFreedomNull int64
	// CoefficientStandardErrors, TValues and PValues are per coefficient,
	// the intercept's last; nil when not available.
	CoefficientStandardErrors []float64
	// TValues are the coefficients' t (or z) statistics.
	TValues []float64
	// PValues are the coefficients' two-sided p values.
	PValues []float64
	// NumIterations is the number of IRLS iterations (training summary
	// only).
	NumIterations int
	// Solver is the solver used, such as "irls" (training summary only).
	Solver string
}

// GLMSummary fetches the training summary of a
// GeneralizedLinearRegressionModel.
func (m *Model) GLMSummary(ctx context.Context) (*GLMSummary, error) {
	return glmSummary(ctx, &m.object, "summary.")
}

// GLM reads the summary of a generalized linear model computed by
// Model.Evaluate (without the training-only statistics: standard errors,
// t and p values, iterations, solver).
func (s *Summary) GLM(ctx context.Context) (*GLMSummary, error) {
	return glmSummary(ctx, &s.object, "")
}

func glmSummary(ctx context.Context, o *object, prefix string) (*GLMSummary, error) {
	s := &GLMSummary{}
	for _, f := range []struct {
		path string
		dst  *float64
	}{
		{"aic", &s.AIC}, {"deviance", &s.Deviance}, {"nullDeviance", &s.NullDeviance}, {"dispersion", &s.Dispersion},
	} {
		v, err := o.Float(ctx, prefix+f.path)
		if err != nil {
			return nil, err
		}
		*f.dst = v
	}
	for _, f := range []struct {
		path string
		dst  *int64
	}{
		{"numInstances", &s.NumInstances}, {"rank", &s.Rank}, {"degreesOfFreedom", &s.DegreesOfFreedom},
		{"residualDegreeOfFreedom", &s.ResidualDegreeOfFreedom},
		{"residualDegreeOfFreedomNull", &s.ResidualDegreeOfFreedomNull},
	} {
		v, err := o.Int(ctx, prefix+f.path)
		if err != nil {
			return nil, err
		}
		*f.dst = v
	}
	for _, a := range []struct {
		path string
		dst  *[]float64
	}{
		{"coefficientStandardErrors", &s.CoefficientStandardErrors}, {"tValues", &s.TValues}, {"pValues", &s.PValues},
	} {
		v, err := o.Floats(ctx, prefix+a.path)
		if err != nil {
			if err := optional(err); err != nil {
				return nil, err
			}
			continue
		}
		*a.dst = v
	}
	if n, err := o.Int(ctx, prefix+"numIterations"); err == nil {
		s.NumIterations = int(n)
	} else if err := optional(err); err != nil {
		return nil, err
	}
	if v, err := o.Fetch(ctx, prefix+"solver"); err == nil {
		s.Solver, _ = v.(string)
	} else if err := optional(err); err != nil {
		return nil, err
	}
	return s, nil
}

// GLMResiduals returns the residuals of a generalized linear model's
// training rows as a one-column DataFrame: kind is "deviance" (the
// default, for ""), "pearson", "working" or "response". It is lazy:
// errors come with the first action.
func (m *Model) GLMResiduals(kind string) *frame.DataFrame {
	if kind == "" {
		return m.FetchFrame("summary.residuals")
	}
	return m.FetchFrame("summary.residuals", kind)
}

// --- AFT survival regression ---

// Scale returns the scale parameter of an AFTSurvivalRegressionModel
// (the Weibull distribution's 1/shape), or the scale of a
// LinearRegressionModel fitted with the huber loss.
func (m *Model) Scale(ctx context.Context) (float64, error) {
	return m.Float(ctx, "scale")
}

// PredictQuantiles returns the quantiles of the survival time predicted
// by an AFTSurvivalRegressionModel for one row's features, at the
// model's quantileProbabilities (by default 0.01, 0.05, 0.1, 0.25, 0.5,
// 0.75, 0.9, 0.95, 0.99): exp(x·β + intercept) · (−log(1−p))^scale.
func (m *Model) PredictQuantiles(ctx context.Context, features Vector) ([]float64, error) {
	v, err := m.Fetch(ctx, "predictQuantiles", features)
	if err != nil {
		return nil, err
	}
	f, ok := asFloats(v)
	if !ok {
		return nil, fmt.Errorf("ml: predictQuantiles of %s is a %T, not numbers", m.Name(), v)
	}
	return append([]float64(nil), f...), nil
}

// --- isotonic regression ---

// Boundaries returns the feature values at which an
// IsotonicRegressionModel's piecewise linear function changes slope,
// increasing; BoundaryPredictions gives the function's value at each.
func (m *Model) Boundaries(ctx context.Context) ([]float64, error) {
	return m.Floats(ctx, "boundaries")
}

// BoundaryPredictions returns the values of an IsotonicRegressionModel's
// function at its Boundaries (monotone). Between two boundaries the
// prediction is interpolated linearly; beyond them it is the first or
// last value.
func (m *Model) BoundaryPredictions(ctx context.Context) ([]float64, error) {
	return m.Floats(ctx, "predictions")
}
