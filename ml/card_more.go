package ml

import (
	"context"
	"fmt"

	"github.com/sparkgo/sparkgo/display"
)

// Details returns the figures particular to the model's kind, beyond the
// fit statistics of its summary, as a model card lists them with its
// metrics: a decision tree's depth and number of nodes; a forest's or
// GBT's number of trees and of nodes; the sizes of a clustering's
// clusters (size_0, size_1…); an AFT model's scale; an isotonic model's
// number of boundaries; a GLM's rank and residual degrees of freedom.
// Figures the model lacks (a loaded model has no summary) are left out;
// server errors that are not about a missing attribute are returned.
func (m *Model) Details(ctx context.Context) ([]display.Metric, error) {
	if m.isClosed() {
		return nil, ErrClosed
	}
	var out []display.Metric
	addInt := func(name, path string) error {
		n, err := m.Int(ctx, path)
		if err != nil {
			return optional(err)
		}
		out = append(out, display.Metric{Name: name, Value: float64(n)})
		return nil
	}
	switch m.Name() {
	case "DecisionTreeClassificationModel", "DecisionTreeRegressionModel":
		if err := addInt("depth", "depth"); err != nil {
			return nil, err
		}
		if err := addInt("numNodes", "numNodes"); err != nil {
			return nil, err
		}
	case "RandomForestClassificationModel", "RandomForestRegressionModel", "GBTClassificationModel", "GBTRegressionModel":
		if err := addInt("numTrees", "getNumTrees"); err != nil {
			return nil, err
		}
		if err := addInt("totalNumNodes", "totalNumNodes"); err != nil {
			return nil, err
		}
	case "KMeansModel", "BisectingKMeansModel", "GaussianMixtureModel":
		if has, err := m.HasSummary(ctx); err != nil {
			if err := optional(err); err != nil {
				return nil, err
			}
		} else if has {
			sizes, err := m.ClusterSizes(ctx)
			if err := optional(err); err != nil {
				return nil, err
			}
			for i, n := range sizes {
				out = append(out, display.Metric{Name: fmt.Sprintf("size_%d", i), Value: float64(n)})
			}
		}
	case "AFTSurvivalRegressionModel":
		v, err := m.Scale(ctx)
		if err != nil {
			if err := optional(err); err != nil {
				return nil, err
			}
		} else {
			out = append(out, display.Metric{Name: "scale", Value: v})
		}
	case "IsotonicRegressionModel":
		b, err := m.Boundaries(ctx)
		if err != nil {
			if err := optional(err); err != nil {
				return nil, err
			}
		} else {
			out = append(out, display.Metric{Name: "numBoundaries", Value: float64(len(b))})
		}
	case "GeneralizedLinearRegressionModel":
		if has, err := m.HasSummary(ctx); err != nil {
			if err := optional(err); err != nil {
				return nil, err
			}
		} else if has {
			for _, f := range []string{"rank", "residualDegreeOfFreedom", "residualDegreeOfFreedomNull"} {
				if err := addInt(f, "summary."+f); err != nil {
					return nil, err
				}
			}
		}
	}
	return out, nil
}
