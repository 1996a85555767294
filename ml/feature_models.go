package ml

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"

	"github.com/sparkgo/sparkgo/frame"
)

// Typed helpers for the attributes of fitted feature models. Each fetches
// an allowlisted attribute (cached after the first call, like Fetch);
// called on a model of another class it returns the server's error.

// Vocabulary returns the terms of a fitted CountVectorizerModel, in the
// order of the vector indices (most frequent first).
func (m *Model) Vocabulary(ctx context.Context) ([]string, error) {
	return m.Strings(ctx, "vocabulary")
}

// Labels returns the labels of a StringIndexerModel fitted on one column,
// in index order (label i is mapped to index i).
func (m *Model) Labels(ctx context.Context) ([]string, error) {
	return m.Strings(ctx, "labels")
}

// LabelsArray returns the labels of a StringIndexerModel for each of its
// input columns, in index order.
func (m *Model) LabelsArray(ctx context.Context) ([][]string, error) {
	v, err := m.Fetch(ctx, "labelsArray")
	if err != nil {
		return nil, err
	}
	switch x := v.(type) {
	case [][]string:
		out := make([][]string, len(x))
		for i, l := range x {
			out[i] = append([]string{}, l...)
		}
		return out, nil
	case []any:
		out := make([][]string, len(x))
		for i, e := range x {
			switch l := e.(type) {
			case []string:
				out[i] = append([]string{}, l...)
			case []any:
				if len(l) != 0 {
					return nil, fmt.Errorf("ml: labelsArray of %s holds a %T", m.Name(), e)
				}
				out[i] = []string{}
			default:
				return nil, fmt.Errorf("ml: labelsArray of %s holds a %T", m.Name(), e)
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("ml: labelsArray of %s is a %T, not string arrays", m.Name(), v)
}

// Mean returns the mean of each element of the vectors a
// StandardScalerModel was fitted on.
func (m *Model) Mean(ctx context.Context) ([]float64, error) {
	return m.Floats(ctx, "mean")
}

// Std returns the sample standard deviation (n-1 denominator) of each
// element of the vectors a StandardScalerModel was fitted on.
func (m *Model) Std(ctx context.Context) ([]float64, error) {
	return m.Floats(ctx, "std")
}

// OriginalMin returns the smallest value of each element of the vectors a
// MinMaxScalerModel was fitted on.
func (m *Model) OriginalMin(ctx context.Context) ([]float64, error) {
	return m.Floats(ctx, "originalMin")
}

// OriginalMax returns the largest value of each element of the vectors a
// MinMaxScalerModel was fitted on.
func (m *Model) OriginalMax(ctx context.Context) ([]float64, error) {
	return m.Floats(ctx, "originalMax")
}

// MaxAbs returns the largest absolute value of each element of the vectors
// a MaxAbsScalerModel was fitted on.
func (m *Model) MaxAbs(ctx context.Context) ([]float64, error) {
	return m.Floats(ctx, "maxAbs")
}

// Median returns the (approximate) median of each element of the vectors a
// RobustScalerModel was fitted on.
func (m *Model) Median(ctx context.Context) ([]float64, error) {
	return m.Floats(ctx, "median")
}

// QuantileRange returns, for each element of the vectors a
// RobustScalerModel was fitted on, the range between its lower and upper
// (approximate) quantiles: its attribute "range".
func (m *Model) QuantileRange(ctx context.Context) ([]float64, error) {
	return m.Floats(ctx, "range")
}

// Surrogates returns the values a fitted ImputerModel puts in place of
// missing ones, by input column (read from its surrogateDF).
func (m *Model) Surrogates(ctx context.Context) (map[string]float64, error) {
	rows, err := m.FetchFrame("surrogateDF").CollectMaps(ctx)
	if err != nil {
		return nil, fmt.Errorf("ml: fetching surrogateDF of %s: %w", m.Name(), classify(err, m.Name()+".surrogateDF"))
	}
	if len(rows) != 1 {
		return nil, fmt.Errorf("ml: surrogateDF of %s has %d rows, want 1", m.Name(), len(rows))
	}
	out := map[string]float64{}
	for k, v := range rows[0] {
		f, ok := asFloat(intOf(v))
		if !ok {
			if f32, ok32 := v.(float32); ok32 {
				f, ok = float64(f32), true
			}
		}
		if !ok {
			return nil, fmt.Errorf("ml: surrogate of %s is a %T, not a number", k, v)
		}
		out[k] = f
	}
	return out, nil
}

// PrincipalComponents returns the principal components of a fitted
// PCAModel: a matrix with one column per component (k columns) and one
// row per input element.
func (m *Model) PrincipalComponents(ctx context.Context) (Matrix, error) {
	return m.Matrix(ctx, "pc")
}

// ExplainedVariance returns the share of the total variance each principal
// component of a fitted PCAModel explains.
func (m *Model) ExplainedVariance(ctx context.Context) ([]float64, error) {
	return m.Floats(ctx, "explainedVariance")
}

// CategorySizes returns the number of categories of each input column of a
// fitted OneHotEncoderModel.
func (m *Model) CategorySizes(ctx context.Context) ([]int, error) {
	v, err := m.Fetch(ctx, "categorySizes")
	if err != nil {
		return nil, err
	}
	switch x := v.(type) {
	case []int:
		return append([]int{}, x...), nil
	case []any:
		if len(x) == 0 {
			return []int{}, nil
		}
	}
	return nil, fmt.Errorf("ml: categorySizes of %s is a %T, not integers", m.Name(), v)
}

// IDF returns the inverse document frequency of each term learnt by a
// fitted IDFModel: log((m+1)/(df+1)) for m documents, df of them with the
// term (0 for terms in fewer than minDocFreq documents).
func (m *Model) IDF(ctx context.Context) ([]float64, error) {
	return m.Floats(ctx, "idf")
}

// DocFreq returns, for each term, the number of documents a fitted
// IDFModel saw it in.
func (m *Model) DocFreq(ctx context.Context) ([]int64, error) {
	v, err := m.Fetch(ctx, "docFreq")
	if err != nil {
		return nil, err
	}
	switch x := v.(type) {
	case []int64:
		return append([]int64{}, x...), nil
	case []int:
		out := make([]int64, len(x))
		for i, n := range x {
			out[i] = int64(n)
		}
		return out, nil
	case []any:
		if len(x) == 0 {
			return []int64{}, nil
		}
	}
	return nil, fmt.Errorf("ml: docFreq of %s is a %T, not integers", m.Name(), v)
}

// NumDocs returns the number of documents a fitted IDFModel saw.
func (m *Model) NumDocs(ctx context.Context) (int64, error) {
	return m.Int(ctx, "numDocs")
}

// Splits returns the bucket bounds of a Bucketizer model (as a
// QuantileDiscretizer fits it) for one column: bucket i holds
// [splits[i], splits[i+1]).
func (m *Model) Splits(ctx context.Context) ([]float64, error) {
	return m.Floats(ctx, "getSplits")
}

// SplitsArray returns the bucket bounds of a Bucketizer model fitted on
// several columns, one slice per column.
func (m *Model) SplitsArray(ctx context.Context) ([][]float64, error) {
	v, err := m.Fetch(ctx, "getSplitsArray")
	if err != nil {
		return nil, err
	}
	switch x := v.(type) {
	case [][]float64:
		out := make([][]float64, len(x))
		for i, s := range x {
			out[i] = append([]float64{}, s...)
		}
		return out, nil
	case []any:
		out := make([][]float64, len(x))
		for i, e := range x {
			f, ok := asFloats(e)
			if !ok {
				return nil, fmt.Errorf("ml: getSplitsArray of %s holds a %T", m.Name(), e)
			}
			out[i] = append([]float64{}, f...)
		}
		return out, nil
	}
	return nil, fmt.Errorf("ml: getSplitsArray of %s is a %T, not number arrays", m.Name(), v)
}

// ResolvedFormula describes the terms a fitted RFormulaModel resolved from
// its formula and the data, as Spark prints it:
// "ResolvedRFormula(label=y, terms=[a,b], hasIntercept=true)".
func (m *Model) ResolvedFormula(ctx context.Context) (string, error) {
	v, err := m.Fetch(ctx, "resolvedFormulaString")
	if err != nil {
		return "", err
	}
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("ml: resolvedFormulaString of %s is a %T, not a string", m.Name(), v)
	}
	return s, nil
}

// CategoryMaps returns the category maps of a fitted VectorIndexerModel:
// for each element index found categorical, the map from an original
// value to its category index. The server does not allow the model's
// categoryMaps attribute, so they are read from the ML metadata of the
// model's output column on df, any DataFrame with the model's input column
// (nil means the training data; a loaded model needs one), and ordered as
// the model does: 0.0, when a category, maps to 0, the other values to the
// next indices in increasing order. Only df's schema is computed, not its
// rows.
func (m *Model) CategoryMaps(ctx context.Context, df *frame.DataFrame) (map[int]map[float64]int, error) {
	if df == nil {
		df = m.training
	}
	if df == nil {
		return nil, fmt.Errorf("ml: CategoryMaps of %s needs a DataFrame with its input column (the model was not fitted here)", m.Name())
	}
	out, _ := m.params["outputCol"].(string)
	if out == "" {
		out = m.uid + "__output"
	}
	schema, err := m.transformWith(df, nil).SparkSchema(ctx)
	if err != nil {
		return nil, fmt.Errorf("ml: CategoryMaps of %s: %w", m.Name(), err)
	}
	for _, f := range schema.GetStruct().GetFields() {
		if f.GetName() != out {
			continue
		}
		var md struct {
			MLAttr struct {
				Attrs map[string][]struct {
					Idx  int      `json:"idx"`
					Vals []string `json:"vals"`
				} `json:"attrs"`
			} `json:"ml_attr"`
		}
		if f.GetMetadata() == "" {
			return nil, fmt.Errorf("ml: CategoryMaps of %s: the server sent no ML metadata for %s", m.Name(), out)
		}
		if err := json.Unmarshal([]byte(f.GetMetadata()), &md); err != nil {
			return nil, fmt.Errorf("ml: CategoryMaps of %s: reading the metadata of %s: %w", m.Name(), out, err)
		}
		maps := map[int]map[float64]int{}
		for _, kind := range []string{"nominal", "binary"} {
			for _, a := range md.MLAttr.Attrs[kind] {
				// The metadata lists the values in increasing order; the
				// model maps 0.0 (when present) to 0 and the others, in
				// increasing order, to the next indices.
				vals := make([]float64, 0, len(a.Vals))
				zero := false
				for _, s := range a.Vals {
					v, err := strconv.ParseFloat(s, 64)
					if err != nil {
						return nil, fmt.Errorf("ml: CategoryMaps of %s: category %q of element %d: %w", m.Name(), s, a.Idx, err)
					}
					if v == 0 {
						zero = true
						continue
					}
					vals = append(vals, v)
				}
				sort.Float64s(vals)
				if zero {
					vals = append([]float64{0}, vals...)
				}
				cm := make(map[float64]int, len(vals))
				for i, v := range vals {
					cm[v] = i
				}
				maps[a.Idx] = cm
			}
		}
		return maps, nil
	}
	return nil, fmt.Errorf("ml: CategoryMaps of %s: its output column %s is not in the result", m.Name(), out)
}

// WordVectors returns the vectors a fitted Word2VecModel learnt, as a lazy
// DataFrame of columns word (string) and vector.
func (m *Model) WordVectors() *frame.DataFrame {
	return m.FetchFrame("getVectors")
}

// FindSynonyms returns the num words closest to word (by cosine
// similarity of their vectors, word itself left out) of a fitted
// Word2VecModel, as a lazy DataFrame of columns word and similarity, most
// similar first. Synonyms collects them.
func (m *Model) FindSynonyms(word string, num int) *frame.DataFrame {
	return m.FetchFrame("findSynonyms", word, num)
}

// Synonym is a word close to another, with the cosine similarity of their
// vectors.
type Synonym struct {
	// Word is the close word.
	Word string
	// Similarity is the cosine similarity of the two words' vectors.
	Similarity float64
}

// Synonyms returns the num words closest to word of a fitted
// Word2VecModel, most similar first (see FindSynonyms).
func (m *Model) Synonyms(ctx context.Context, word string, num int) ([]Synonym, error) {
	rows, err := m.FindSynonyms(word, num).CollectMaps(ctx)
	if err != nil {
		return nil, fmt.Errorf("ml: synonyms of %q: %w", word, classify(err, m.Name()+".findSynonyms"))
	}
	out := make([]Synonym, len(rows))
	for i, r := range rows {
		w, _ := r["word"].(string)
		f, ok := asFloat(r["similarity"])
		if !ok {
			return nil, fmt.Errorf("ml: synonyms of %q: similarity is a %T", word, r["similarity"])
		}
		out[i] = Synonym{Word: w, Similarity: f}
	}
	return out, nil
}

// ApproxSimilarityJoin joins a and b on the rows whose distance (Euclidean
// for BucketedRandomProjectionLSHModel, Jaccard for MinHashLSHModel) is
// below threshold, among the pairs that share a hash bucket, with a
// fitted LSH model: a lazy DataFrame of columns datasetA and datasetB (the
// rows, as structs) and distCol. a and b need the model's input column;
// their hashes are computed when missing.
func (m *Model) ApproxSimilarityJoin(a, b *frame.DataFrame, threshold float64, distCol string) *frame.DataFrame {
	return m.FetchFrame("approxSimilarityJoin", a, b, threshold, distCol)
}

// ApproxNearestNeighbors returns the (about) k rows of df closest to key,
// with a fitted LSH model, as a lazy DataFrame: df's columns, the hashes
// and distCol.
func (m *Model) ApproxNearestNeighbors(df *frame.DataFrame, key Vector, k int, distCol string) *frame.DataFrame {
	return m.FetchFrame("approxNearestNeighbors", df, key, k, distCol)
}
