package ml

import (
	"context"
	"fmt"
	"time"

	"github.com/sparkgo/sparkgo/frame"
)

// Coefficients returns the model's coefficients, one per feature (see
// Features for their names), for linear models: LinearRegression,
// binomial LogisticRegression, GeneralizedLinearRegression, LinearSVC,
// AFTSurvivalRegression.
func (m *Model) Coefficients(ctx context.Context) ([]float64, error) {
	return m.Floats(ctx, "coefficients")
}

// Intercept returns the model's intercept (0 when fitted without one).
func (m *Model) Intercept(ctx context.Context) (float64, error) {
	return m.Float(ctx, "intercept")
}

// NamedCoefficients returns the coefficients by feature name, with the
// intercept under "(Intercept)" when the model has one.
func (m *Model) NamedCoefficients(ctx context.Context) (map[string]float64, error) {
	cs, err := m.Coefficients(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]float64{}
	names := m.featureLabels(len(cs))
	for i, c := range cs {
		out[names[i]] = c
	}
	if icpt, err := m.Intercept(ctx); err == nil && m.fitsIntercept() {
		out["(Intercept)"] = icpt
	} else if err != nil {
		return nil, err
	}
	return out, nil
}

// featureLabels returns n feature names: the formula's, else x1, x2…
func (m *Model) featureLabels(n int) []string {
	names := m.Features()
	out := make([]string, n)
	for i := range out {
		if i < len(names) {
			out[i] = names[i]
		} else {
			out[i] = fmt.Sprintf("x%d", i+1)
		}
	}
	return out
}

func (m *Model) fitsIntercept() bool {
	b, ok := m.params["fitIntercept"].(bool)
	return !ok || b
}

// LinearSummary is the training summary of a linear regression. Standard
// errors, t and p values exist only for the normal-equation solver (the
// default for up to 4096 features without elastic-net penalty) and are
// nil otherwise; as in Spark, their last element is the intercept's.
type LinearSummary struct {
	// R2 is the coefficient of determination, R².
	R2 float64
	// R2Adj is R² adjusted for the number of features.
	R2Adj float64
	// RootMeanSquaredError is the square root of MeanSquaredError.
	RootMeanSquaredError float64
	// MeanSquaredError is the mean of the squared residuals.
	MeanSquaredError float64
	// MeanAbsoluteError is the mean of the absolute residuals.
	MeanAbsoluteError float64
	// ExplainedVariance is Σ(prediction − mean label)² / n, the variance
	// the model explains (not a fraction).
	ExplainedVariance float64
	// NumInstances is the number of rows.
	NumInstances int64
	// DegreesOfFreedom are the residual degrees of freedom.
	DegreesOfFreedom int64
	// CoefficientStandardErrors, TValues and PValues are per coefficient,
	// the intercept's last; nil when the solver does not give them.
	CoefficientStandardErrors []float64
	// TValues are the coefficients' t statistics.
	TValues []float64
	// PValues are the coefficients' two-sided p values.
	PValues []float64
	// DevianceResiduals are the weighted residuals' minimum and maximum.
	DevianceResiduals []float64
	// ObjectiveHistory is the objective per iteration of an iterative
	// solver ([0] for the normal equation).
	ObjectiveHistory []float64
	// TotalIterations is the number of iterations of the solver.
	TotalIterations int
}

// optional ignores errors of attributes that a model may lack (Spark
// raises them when asked), keeping transport and closed-model errors.
func optional(err error) error {
	if err == nil || isSparkError(err) {
		return nil
	}
	return err
}

// LinearSummary fetches the training summary of a LinearRegressionModel.
func (m *Model) LinearSummary(ctx context.Context) (*LinearSummary, error) {
	return linearSummary(ctx, &m.object, "summary.")
}

// linearSummary reads a linear regression summary: the attributes of o
// under prefix ("summary." for a model's training summary).
func linearSummary(ctx context.Context, m *object, prefix string) (*LinearSummary, error) {
	s := &LinearSummary{}
	floats := []struct {
		path string
		dst  *float64
	}{
		{prefix + "r2", &s.R2}, {prefix + "r2adj", &s.R2Adj},
		{prefix + "rootMeanSquaredError", &s.RootMeanSquaredError},
		{prefix + "meanSquaredError", &s.MeanSquaredError},
		{prefix + "meanAbsoluteError", &s.MeanAbsoluteError},
		{prefix + "explainedVariance", &s.ExplainedVariance},
	}
	for _, f := range floats {
		v, err := m.Float(ctx, f.path)
		if err != nil {
			return nil, err
		}
		*f.dst = v
	}
	var err error
	if s.NumInstances, err = m.Int(ctx, prefix+"numInstances"); err != nil {
		return nil, err
	}
	if s.DegreesOfFreedom, err = m.Int(ctx, prefix+"degreesOfFreedom"); err != nil {
		return nil, err
	}
	arrays := []struct {
		path string
		dst  *[]float64
	}{
		{prefix + "coefficientStandardErrors", &s.CoefficientStandardErrors},
		{prefix + "tValues", &s.TValues}, {prefix + "pValues", &s.PValues},
		{prefix + "devianceResiduals", &s.DevianceResiduals},
		{prefix + "objectiveHistory", &s.ObjectiveHistory},
	}
	for _, a := range arrays {
		v, err := m.Floats(ctx, a.path)
		if err != nil {
			if err := optional(err); err != nil {
				return nil, err
			}
			continue
		}
		*a.dst = v
	}
	if n, err := m.Int(ctx, prefix+"totalIterations"); err == nil {
		s.TotalIterations = int(n)
	} else if err := optional(err); err != nil {
		return nil, err
	}
	return s, nil
}

// ClassificationSummary is the training summary of a classifier
// (LogisticRegression, LinearSVC, RandomForestClassifier…). AreaUnderROC
// is set only for binary classifiers (HasAreaUnderROC tells).
type ClassificationSummary struct {
	// Accuracy is the fraction of rows predicted right.
	Accuracy float64
	// WeightedPrecision is the precision averaged over labels, weighted by
	// their frequency.
	WeightedPrecision float64
	// WeightedRecall is the recall averaged over labels, weighted by their
	// frequency.
	WeightedRecall float64
	// WeightedFMeasure is the F1 score averaged over labels, weighted by
	// their frequency.
	WeightedFMeasure float64
	// WeightedTruePositiveRate is the true positive rate averaged over
	// labels, weighted by their frequency.
	WeightedTruePositiveRate float64
	// WeightedFalsePositiveRate is the false positive rate averaged over
	// labels, weighted by their frequency.
	WeightedFalsePositiveRate float64
	// Labels are the label values, in index order.
	Labels []float64
	// AreaUnderROC is the area under the ROC curve of a binary classifier.
	AreaUnderROC float64
	// HasAreaUnderROC reports whether AreaUnderROC is set.
	HasAreaUnderROC bool
	// ObjectiveHistory is the objective per iteration, for models trained
	// by iterations.
	ObjectiveHistory []float64
	// TotalIterations is the number of training iterations.
	TotalIterations int
}

// ClassificationSummary fetches the training summary of a classifier.
func (m *Model) ClassificationSummary(ctx context.Context) (*ClassificationSummary, error) {
	return classificationSummary(ctx, &m.object, "summary.")
}

// classificationSummary reads a classification summary: the attributes of
// o under prefix.
func classificationSummary(ctx context.Context, m *object, prefix string) (*ClassificationSummary, error) {
	s := &ClassificationSummary{}
	floats := []struct {
		path string
		dst  *float64
	}{
		{prefix + "accuracy", &s.Accuracy},
		{prefix + "weightedPrecision", &s.WeightedPrecision},
		{prefix + "weightedRecall", &s.WeightedRecall},
		{prefix + "weightedFMeasure", &s.WeightedFMeasure},
		{prefix + "weightedTruePositiveRate", &s.WeightedTruePositiveRate},
		{prefix + "weightedFalsePositiveRate", &s.WeightedFalsePositiveRate},
	}
	for _, f := range floats {
		v, err := m.Float(ctx, f.path)
		if err != nil {
			return nil, err
		}
		*f.dst = v
	}
	var err error
	if s.Labels, err = m.Floats(ctx, prefix+"labels"); err != nil {
		return nil, err
	}
	if len(s.Labels) == 2 {
		v, err := m.Float(ctx, prefix+"areaUnderROC")
		if err == nil {
			s.AreaUnderROC, s.HasAreaUnderROC = v, true
		} else if err := optional(err); err != nil {
			return nil, err
		}
	}
	if v, err := m.Floats(ctx, prefix+"objectiveHistory"); err == nil {
		s.ObjectiveHistory = v
	} else if err := optional(err); err != nil {
		return nil, err
	}
	if n, err := m.Int(ctx, prefix+"totalIterations"); err == nil {
		s.TotalIterations = int(n)
	} else if err := optional(err); err != nil {
		return nil, err
	}
	return s, nil
}

// ClusterCenters returns the centers of a KMeans or BisectingKMeans
// model, one slice per cluster with one value per feature (see Features).
func (m *Model) ClusterCenters(ctx context.Context) ([][]float64, error) {
	mat, err := m.Matrix(ctx, "clusterCenterMatrix")
	if err != nil {
		return nil, err
	}
	return mat.Rows(), nil
}

// FeatureImportances returns the feature importances of a tree model
// (decision tree, random forest, GBT), one per feature.
func (m *Model) FeatureImportances(ctx context.Context) ([]float64, error) {
	return m.Floats(ctx, "featureImportances")
}

// HasSummary reports whether the model has a training summary (models
// loaded from disk have none).
func (m *Model) HasSummary(ctx context.Context) (bool, error) {
	v, err := m.Fetch(ctx, "hasSummary")
	if err != nil {
		return false, err
	}
	b, _ := v.(bool)
	return b, nil
}

// Summary is a summary of a model's predictions on some data, computed by
// Model.Evaluate. Read it with the typed helpers (Linear,
// Classification) or by attribute name (Fetch("r2"),
// FetchFrame("predictions")). It holds a server object: Close it when
// done.
type Summary struct {
	object
}

// Evaluate computes the model's summary statistics on df (test data, say)
// on the server, as Spark's model.evaluate(df): the same statistics as the
// training summary. For a model fitted with a formula, df is transformed
// by the formula first, so it needs the response column. Spark has it for
// LinearRegression, GeneralizedLinearRegression, LogisticRegression,
// LinearSVC, RandomForestClassifier, FMClassifier and
// MultilayerPerceptronClassifier models.
func (m *Model) Evaluate(ctx context.Context, df *frame.DataFrame) (*Summary, error) {
	if err := checkFrame(df); err != nil {
		return nil, fmt.Errorf("ml: evaluating %s: %w", m.Name(), err)
	}
	if m.formula != nil {
		df = m.formula.model.transformWith(df, nil)
	}
	v, err := m.Fetch(ctx, "evaluate", df)
	if err != nil {
		return nil, err
	}
	id, ok := v.(string)
	if !ok || id == "" {
		return nil, fmt.Errorf("ml: evaluating %s: the server returned a %T, not a summary", m.Name(), v)
	}
	return &Summary{object: newObject(m.s, id, m.Name()+" summary")}, nil
}

// Linear reads the summary of a linear regression (the standard errors, t
// and p values are those of the training data).
func (s *Summary) Linear(ctx context.Context) (*LinearSummary, error) {
	return linearSummary(ctx, &s.object, "")
}

// Classification reads the summary of a classifier.
func (s *Summary) Classification(ctx context.Context) (*ClassificationSummary, error) {
	return classificationSummary(ctx, &s.object, "")
}

// Close frees the summary's server object. It is safe to call more than
// once.
func (s *Summary) Close() error {
	if !s.markClosed() {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return deleteRefs(ctx, s.s, s.label, s.id)
}
