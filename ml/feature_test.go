package ml_test

import (
	"context"
	"errors"
	"math"
	"math/bits"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/sparkgo/sparkgo/connect"
	"github.com/sparkgo/sparkgo/frame"
	"github.com/sparkgo/sparkgo/ml"
)

// ftVec reads a vector cell as its dense values.
func ftVec(t *testing.T, cell any) []float64 {
	t.Helper()
	v, ok := ml.VectorOf(cell)
	if !ok {
		t.Fatalf("not a vector: %#v", cell)
	}
	return v.Dense()
}

// ftNear reports whether a and b have the same length and differ by at
// most tol element by element.
func ftNear(a, b []float64, tol float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.IsInf(b[i], 0) || math.IsNaN(b[i]) {
			if a[i] != b[i] && !(math.IsNaN(a[i]) && math.IsNaN(b[i])) {
				return false
			}
			continue
		}
		if math.Abs(a[i]-b[i]) > tol {
			return false
		}
	}
	return true
}

// ftStrings reads an array-of-strings cell.
func ftStrings(t *testing.T, cell any) []string {
	t.Helper()
	xs, ok := cell.([]any)
	if !ok {
		t.Fatalf("not an array: %#v", cell)
	}
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i], ok = x.(string)
		if !ok {
			t.Fatalf("not a string: %#v", x)
		}
	}
	return out
}

// ftRows collects df ordered by its id column.
func ftRows(t *testing.T, ctx context.Context, df *frame.DataFrame) []map[string]any {
	t.Helper()
	rows, err := df.OrderBy("id").CollectMaps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// ftMurmur3 is MurmurHash3 x86 32-bit of data, as Spark hashes terms
// (Murmur3_x86_32.hashUnsafeBytes2, seed 42).
func ftMurmur3(data []byte, seed uint32) int32 {
	const c1, c2 = 0xcc9e2d51, 0x1b873593
	h := seed
	n := len(data) / 4 * 4
	for i := 0; i < n; i += 4 {
		k := uint32(data[i]) | uint32(data[i+1])<<8 | uint32(data[i+2])<<16 | uint32(data[i+3])<<24
		k *= c1
		k = bits.RotateLeft32(k, 15)
		k *= c2
		h ^= k
		h = bits.RotateLeft32(h, 13)
		h = h*5 + 0xe6546b64
	}
	var k uint32
	for i, shift := n, 0; i < len(data); i, shift = i+1, shift+8 {
		k ^= uint32(data[i]) << shift
	}
	k *= c1
	k = bits.RotateLeft32(k, 15)
	k *= c2
	h ^= k
	h ^= uint32(len(data))
	h ^= h >> 16
	h *= 0x85ebca6b
	h ^= h >> 13
	h *= 0xc2b2ae35
	h ^= h >> 16
	return int32(h)
}

// ftHashIndex is the vector index Spark's HashingTF and FeatureHasher give
// a term: the non-negative remainder of its hash by n.
func ftHashIndex(term string, n int) int {
	h := int(ftMurmur3([]byte(term), 42))
	return ((h % n) + n) % n
}

// ftQuantile is the exact quantile Spark's approxQuantile gives on small
// data: the ceil(p·n)-th smallest value.
func ftQuantile(xs []float64, p float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	r := int(math.Ceil(p*float64(len(s)))) - 1
	return s[max(r, 0)]
}

func TestFeatureBinarizer(t *testing.T) {
	ctx, s := setup(t)
	df := ml.Assemble(s.Sql(ctx, "SELECT * FROM VALUES (1, 0.1D, 0.9D), (2, 0.5D, 0.2D), (3, 0.8D, 0.5D) AS t(id, x, y)"),
		[]string{"x", "y"}, "v")
	b := ml.NewBinarizer(ml.Params{"inputCol": "x", "outputCol": "xb", "threshold": 0.5})
	rows := ftRows(t, ctx, b.Transform(df))
	for i, want := range []float64{0, 0, 1} { // strictly greater than 0.5
		if rows[i]["xb"] != want {
			t.Errorf("row %d: %v, want %v", i, rows[i]["xb"], want)
		}
	}
	// A vector column, and several columns at once.
	rows = ftRows(t, ctx, ml.NewBinarizer(ml.Params{"inputCol": "v", "outputCol": "vb", "threshold": 0.4}).Transform(df))
	for i, want := range [][]float64{{0, 1}, {1, 0}, {1, 1}} {
		if got := ftVec(t, rows[i]["vb"]); !slices.Equal(got, want) {
			t.Errorf("row %d: %v, want %v", i, got, want)
		}
	}
	multi := ml.NewBinarizer(ml.Params{"inputCols": []string{"x", "y"}, "outputCols": []string{"xb", "yb"}, "thresholds": []float64{0.0, 0.6}})
	rows = ftRows(t, ctx, multi.Transform(df))
	for i, want := range [][2]float64{{1, 1}, {1, 0}, {1, 0}} {
		if rows[i]["xb"] != want[0] || rows[i]["yb"] != want[1] {
			t.Errorf("row %d: %v %v, want %v", i, rows[i]["xb"], rows[i]["yb"], want)
		}
	}
}

func TestFeatureBucketizer(t *testing.T) {
	ctx, s := setup(t)
	df := s.Sql(ctx, "SELECT * FROM VALUES (1, -5.0D, 1.0D), (2, 0.0D, 2.0D), (3, 5.0D, 3.0D), (4, 10.0D, 4.0D), (5, 100.0D, double('NaN')) AS t(id, x, y)")
	splits := []float64{math.Inf(-1), 0, 10, math.Inf(1)}
	b := ml.NewBucketizer(ml.Params{"inputCol": "x", "outputCol": "bx", "splits": splits})
	rows := ftRows(t, ctx, b.Transform(df))
	for i, want := range []float64{0, 1, 1, 2, 2} {
		if rows[i]["bx"] != want {
			t.Errorf("x row %d: bucket %v, want %v", i, rows[i]["bx"], want)
		}
	}
	// Several columns; NaN goes to an extra bucket with handleInvalid "keep".
	multi := ml.NewBucketizer(ml.Params{"inputCols": []string{"x", "y"}, "outputCols": []string{"bx", "by"},
		"splitsArray": [][]float64{splits, {1, 2.5, 4}}, "handleInvalid": "keep"})
	rows = ftRows(t, ctx, multi.Transform(df))
	for i, want := range []float64{0, 0, 1, 1, 2} { // [1, 2.5), [2.5, 4], NaN
		if rows[i]["by"] != want {
			t.Errorf("y row %d: bucket %v, want %v", i, rows[i]["by"], want)
		}
	}
	// NaN is an error by default.
	_, err := ml.NewBucketizer(ml.Params{"inputCol": "y", "outputCol": "by", "splits": []float64{1, 2.5, 4}}).Transform(df).Count(ctx)
	if err == nil {
		t.Error("NaN with handleInvalid error: no error")
	}
}

func TestFeatureDCT(t *testing.T) {
	ctx, s := setup(t)
	x := []float64{1, 2, 3, 4}
	df := ml.Assemble(s.Sql(ctx, "SELECT 1 AS id, 1.0D AS a, 2.0D AS b, 3.0D AS c, 4.0D AS d"), []string{"a", "b", "c", "d"}, "v")
	// The orthonormal DCT-II: X_k = s_k Σ x_n cos(π/N (n+½) k).
	n := float64(len(x))
	want := make([]float64, len(x))
	for k := range want {
		for i, xi := range x {
			want[k] += xi * math.Cos(math.Pi/n*(float64(i)+0.5)*float64(k))
		}
		if k == 0 {
			want[k] *= math.Sqrt(1 / n)
		} else {
			want[k] *= math.Sqrt(2 / n)
		}
	}
	rows := ftRows(t, ctx, ml.NewDCT(ml.Params{"inputCol": "v", "outputCol": "f"}).Transform(df))
	got := ftVec(t, rows[0]["f"])
	if !ftNear(got, want, 1e-12) {
		t.Errorf("DCT %v, want %v", got, want)
	}
	// The other name, inverse: back to x.
	back := ml.NewDiscreteCosineTransform(ml.Params{"inputCol": "f", "outputCol": "x", "inverse": true})
	rows = ftRows(t, ctx, back.Transform(ml.NewDCT(ml.Params{"inputCol": "v", "outputCol": "f"}).Transform(df)))
	if got := ftVec(t, rows[0]["x"]); !ftNear(got, x, 1e-12) {
		t.Errorf("inverse DCT %v, want %v", got, x)
	}
}

func TestFeatureElementwiseProductAndInteraction(t *testing.T) {
	ctx, s := setup(t)
	df := ml.Assemble(s.Sql(ctx, "SELECT * FROM VALUES (1, 1.0D, 2.0D, 3.0D, 2.0D), (2, -1.0D, 0.5D, 4.0D, -1.0D) AS t(id, a, b, c, k)"), []string{"a", "b", "c"}, "v")
	ep := ml.NewElementwiseProduct(ml.Params{"inputCol": "v", "outputCol": "w", "scalingVec": ml.DenseVector(0, 1, 2)})
	rows := ftRows(t, ctx, ep.Transform(df))
	for i, want := range [][]float64{{0, 2, 6}, {0, 0.5, 8}} {
		if got := ftVec(t, rows[i]["w"]); !slices.Equal(got, want) {
			t.Errorf("row %d: %v, want %v", i, got, want)
		}
	}
	// Interaction: k times each element of v.
	rows = ftRows(t, ctx, ml.NewInteraction(ml.Params{"inputCols": []string{"k", "v"}, "outputCol": "kv"}).Transform(df))
	for i, want := range [][]float64{{2, 4, 6}, {1, -0.5, -4}} {
		if got := ftVec(t, rows[i]["kv"]); !slices.Equal(got, want) {
			t.Errorf("interaction row %d: %v, want %v", i, got, want)
		}
	}
}

func TestFeatureHashers(t *testing.T) {
	ctx, s := setup(t)
	const n = 1 << 10
	df := s.Sql(ctx, "SELECT * FROM VALUES (1, 2.5D, 'x', true, array('a', 'b', 'a')), (2, -1.0D, 'yy', false, array('spark', 'go')) AS t(id, num, str, flag, words)")
	fh := ml.NewFeatureHasher(ml.Params{"inputCols": []string{"num", "str", "flag"}, "outputCol": "h", "numFeatures": n})
	rows := ftRows(t, ctx, fh.Transform(df))
	for i, r := range rows {
		// A numeric column puts its value at hash(name), the others 1.0
		// at hash("name=value").
		want := make([]float64, n)
		want[ftHashIndex("num", n)] += r["num"].(float64)
		want[ftHashIndex("str="+r["str"].(string), n)] += 1
		flag := "false"
		if r["flag"].(bool) {
			flag = "true"
		}
		want[ftHashIndex("flag="+flag, n)] += 1
		v, _ := ml.VectorOf(r["h"])
		if v.Size != n || !v.IsSparse() || !slices.Equal(v.Dense(), want) {
			t.Errorf("row %d: %v, want indices %d %d %d", i, v, ftHashIndex("num", n), ftHashIndex("str="+r["str"].(string), n), ftHashIndex("flag="+flag, n))
		}
	}
	// HashingTF: term counts at the terms' hashes.
	tf := ml.NewHashingTF(ml.Params{"inputCol": "words", "outputCol": "tf", "numFeatures": n})
	rows = ftRows(t, ctx, tf.Transform(df))
	for i, r := range rows {
		want := make([]float64, n)
		for _, w := range ftStrings(t, r["words"]) {
			want[ftHashIndex(w, n)]++
		}
		if got := ftVec(t, r["tf"]); !slices.Equal(got, want) {
			t.Errorf("tf row %d: %v", i, r["tf"])
		}
	}
	bin := ml.NewHashingTF(ml.Params{"inputCol": "words", "outputCol": "tf", "numFeatures": n, "binary": true})
	rows = ftRows(t, ctx, bin.Transform(df))
	if got := ftVec(t, rows[0]["tf"]); got[ftHashIndex("a", n)] != 1 || got[ftHashIndex("b", n)] != 1 {
		t.Errorf("binary tf %v", rows[0]["tf"])
	}
}

func TestFeatureTextTransformers(t *testing.T) {
	ctx, s := setup(t)
	df := s.Sql(ctx, "SELECT * FROM VALUES (1, 'I saw the Red  balloon'), (2, 'Go, Spark!') AS t(id, text)")
	// Tokenizer: lowercase, split at each white space character.
	rows := ftRows(t, ctx, ml.Tokenize(df, "text", "words"))
	if got := ftStrings(t, rows[0]["words"]); !slices.Equal(got, []string{"i", "saw", "the", "red", "", "balloon"}) {
		t.Errorf("Tokenize: %q", got)
	}
	rows = ftRows(t, ctx, ml.NewTokenizer(ml.Params{"inputCol": "text", "outputCol": "words"}).Transform(df))
	if got := ftStrings(t, rows[1]["words"]); !slices.Equal(got, []string{"go,", "spark!"}) {
		t.Errorf("Tokenizer: %q", got)
	}
	// RegexTokenizer: runs of white space by default; words with gaps false.
	rows = ftRows(t, ctx, ml.NewRegexTokenizer(ml.Params{"inputCol": "text", "outputCol": "words"}).Transform(df))
	if got := ftStrings(t, rows[0]["words"]); !slices.Equal(got, []string{"i", "saw", "the", "red", "balloon"}) {
		t.Errorf("RegexTokenizer: %q", got)
	}
	rt := ml.NewRegexTokenizer(ml.Params{"inputCol": "text", "outputCol": "words", "pattern": "\\w+", "gaps": false,
		"toLowercase": false, "minTokenLength": 3})
	rows = ftRows(t, ctx, rt.Transform(df))
	if got := ftStrings(t, rows[0]["words"]); !slices.Equal(got, []string{"saw", "the", "Red", "balloon"}) {
		t.Errorf("RegexTokenizer words: %q", got)
	}
	if got := ftStrings(t, rows[1]["words"]); !slices.Equal(got, []string{"Spark"}) {
		t.Errorf("RegexTokenizer words: %q", got)
	}
	// StopWordsRemover: Spark's English list, case-insensitive; or a list.
	words := ml.NewRegexTokenizer(ml.Params{"inputCol": "text", "outputCol": "words", "toLowercase": false}).Transform(df)
	rows = ftRows(t, ctx, ml.NewStopWordsRemover(ml.Params{"inputCol": "words", "outputCol": "kept"}).Transform(words))
	if got := ftStrings(t, rows[0]["kept"]); !slices.Equal(got, []string{"saw", "Red", "balloon"}) {
		t.Errorf("StopWordsRemover: %q", got)
	}
	own := ml.NewStopWordsRemover(ml.Params{"inputCol": "words", "outputCol": "kept", "stopWords": []string{"red", "saw"}, "caseSensitive": true})
	rows = ftRows(t, ctx, own.Transform(words))
	if got := ftStrings(t, rows[0]["kept"]); !slices.Equal(got, []string{"I", "the", "Red", "balloon"}) {
		t.Errorf("StopWordsRemover with a list: %q", got)
	}
	// NGram: bigrams by default, none when the array is shorter than n.
	rows = ftRows(t, ctx, ml.NewNGram(ml.Params{"inputCol": "words", "outputCol": "grams"}).Transform(words))
	if got := ftStrings(t, rows[0]["grams"]); !slices.Equal(got, []string{"I saw", "saw the", "the Red", "Red balloon"}) {
		t.Errorf("bigrams: %q", got)
	}
	rows = ftRows(t, ctx, ml.NewNGram(ml.Params{"inputCol": "words", "outputCol": "grams", "n": 3}).Transform(words))
	if got := ftStrings(t, rows[0]["grams"]); !slices.Equal(got, []string{"I saw the", "saw the Red", "the Red balloon"}) {
		t.Errorf("trigrams: %q", got)
	}
	if got := ftStrings(t, rows[1]["grams"]); len(got) != 0 {
		t.Errorf("trigrams of two words: %q", got)
	}
}

func TestFeatureAssemble(t *testing.T) {
	ctx, s := setup(t)
	df := s.Sql(ctx, "SELECT * FROM VALUES (1, 2.0D, 0, 3.0D), (2, 0.0D, 0, 0.0D) AS t(id, a, b, c)")
	rows := ftRows(t, ctx, ml.Assemble(df, []string{"a", "b", "c"}, "v"))
	for i, want := range [][]float64{{2, 0, 3}, {0, 0, 0}} {
		if got := ftVec(t, rows[i]["v"]); !slices.Equal(got, want) {
			t.Errorf("row %d: %v, want %v", i, got, want)
		}
	}
}

func TestFeatureSQLTransformer(t *testing.T) {
	ctx, s := setup(t)
	df := s.Sql(ctx, "SELECT * FROM VALUES (1, 2.0D, 3.0D), (2, 4.0D, 5.0D) AS t(id, a, b)")
	rows := ftRows(t, ctx, ml.SQLTransform(df, "SELECT id, a * b AS ab FROM __THIS__ WHERE a > 2"))
	if len(rows) != 1 || rows[0]["ab"] != 20.0 || len(rows[0]) != 2 {
		t.Errorf("SQLTransform: %v", rows)
	}
	tr := ml.NewSQLTransformer(ml.Params{"statement": "SELECT *, a + b AS c FROM __THIS__"})
	rows = ftRows(t, ctx, tr.Transform(df))
	if rows[0]["c"] != 5.0 || rows[1]["c"] != 9.0 {
		t.Errorf("SQLTransformer: %v", rows)
	}
}

func TestFeatureNormalizerPolynomialSlicer(t *testing.T) {
	ctx, s := setup(t)
	df := ml.Assemble(s.Sql(ctx, "SELECT * FROM VALUES (1, 3.0D, 4.0D), (2, 2.0D, -1.0D) AS t(id, x, y)"), []string{"x", "y"}, "v")
	for p, want := range map[float64][][]float64{
		2:           {{0.6, 0.8}, {2 / math.Sqrt(5), -1 / math.Sqrt(5)}},
		1:           {{3.0 / 7, 4.0 / 7}, {2.0 / 3, -1.0 / 3}},
		math.Inf(1): {{0.75, 1}, {1, -0.5}},
	} {
		rows := ftRows(t, ctx, ml.NewNormalizer(ml.Params{"inputCol": "v", "outputCol": "u", "p": p}).Transform(df))
		for i := range want {
			if got := ftVec(t, rows[i]["u"]); !ftNear(got, want[i], 1e-12) {
				t.Errorf("p=%v row %d: %v, want %v", p, i, got, want[i])
			}
		}
	}
	// (x, y) → x, x², y, xy, y² (degree 2); degree 3 adds the cubes in order.
	rows := ftRows(t, ctx, ml.NewPolynomialExpansion(ml.Params{"inputCol": "v", "outputCol": "p"}).Transform(df))
	poly2 := func(x, y float64) []float64 { return []float64{x, x * x, y, x * y, y * y} }
	poly3 := func(x, y float64) []float64 {
		return []float64{x, x * x, x * x * x, y, x * y, x * x * y, y * y, x * y * y, y * y * y}
	}
	for i, r := range rows {
		if got, want := ftVec(t, r["p"]), poly2(r["x"].(float64), r["y"].(float64)); !slices.Equal(got, want) {
			t.Errorf("degree 2 row %d: %v, want %v", i, got, want)
		}
	}
	rows = ftRows(t, ctx, ml.NewPolynomialExpansion(ml.Params{"inputCol": "v", "outputCol": "p", "degree": 3}).Transform(df))
	for i, r := range rows {
		if got, want := ftVec(t, r["p"]), poly3(r["x"].(float64), r["y"].(float64)); !slices.Equal(got, want) {
			t.Errorf("degree 3 row %d: %v, want %v", i, got, want)
		}
	}
	// VectorSlicer by indices, and by names from the assembler's metadata.
	rows = ftRows(t, ctx, ml.NewVectorSlicer(ml.Params{"inputCol": "v", "outputCol": "s", "indices": []int{1, 0}}).Transform(df))
	if got := ftVec(t, rows[0]["s"]); !slices.Equal(got, []float64{4, 3}) {
		t.Errorf("slice by indices: %v", got)
	}
	rows = ftRows(t, ctx, ml.NewVectorSlicer(ml.Params{"inputCol": "v", "outputCol": "s", "names": []string{"y"}}).Transform(df))
	if got := ftVec(t, rows[1]["s"]); !slices.Equal(got, []float64{-1}) {
		t.Errorf("slice by names: %v", got)
	}
}

func TestFeatureIndexToString(t *testing.T) {
	ctx, s := setup(t)
	df := s.Sql(ctx, "SELECT * FROM VALUES (1, 'b', 'x'), (2, 'a', 'y'), (3, 'b', 'y'), (4, 'c', 'y') AS t(id, s, u)")
	si := fitEstimator(t, ctx, ml.NewStringIndexer(ml.Params{"inputCols": []string{"s", "u"}, "outputCols": []string{"si", "ui"},
		"stringOrderType": "alphabetAsc"}), df)
	labels, err := si.LabelsArray(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(labels) != 2 || !slices.Equal(labels[0], []string{"a", "b", "c"}) || !slices.Equal(labels[1], []string{"x", "y"}) {
		t.Errorf("labelsArray %v", labels)
	}
	// Back to strings, from the column's metadata, or from given labels.
	indexed := si.Transform(df)
	rows := ftRows(t, ctx, ml.NewIndexToString(ml.Params{"inputCol": "si", "outputCol": "back"}).Transform(indexed))
	for i, r := range rows {
		if r["back"] != r["s"] || r["si"] != float64(slices.Index(labels[0], r["s"].(string))) {
			t.Errorf("row %d: %v", i, r)
		}
	}
	own := ml.NewIndexToString(ml.Params{"inputCol": "ui", "outputCol": "back", "labels": []string{"no", "yes"}})
	rows = ftRows(t, ctx, own.Transform(indexed))
	for i, want := range []string{"no", "yes", "yes", "yes"} {
		if rows[i]["back"] != want {
			t.Errorf("row %d: %v, want %s", i, rows[i]["back"], want)
		}
	}
	// Single-column indexer: Labels, by frequency.
	one := fitEstimator(t, ctx, ml.NewStringIndexer(ml.Params{"inputCol": "s", "outputCol": "si"}), df)
	if l, err := one.Labels(ctx); err != nil || !slices.Equal(l, []string{"b", "a", "c"}) {
		t.Errorf("labels %v, %v", l, err)
	}
}

// ftData are four rows of three features, for the scalers.
var ftData = [][]float64{{1, -2, 10}, {2, 0, 30}, {4, 4, 20}, {9, 6, 60}, {5, 2, 50}}

func ftFrame(ctx context.Context, s *frame.Session) *frame.DataFrame {
	var rows []struct {
		ID int64   `spark:"id"`
		A  float64 `spark:"a"`
		B  float64 `spark:"b"`
		C  float64 `spark:"c"`
	}
	for i, r := range ftData {
		rows = append(rows, struct {
			ID int64   `spark:"id"`
			A  float64 `spark:"a"`
			B  float64 `spark:"b"`
			C  float64 `spark:"c"`
		}{int64(i), r[0], r[1], r[2]})
	}
	return ml.Assemble(s.CreateDataFrame(ctx, rows, frame.CopyOptions{}), []string{"a", "b", "c"}, "features")
}

// ftColumn returns element j of every row of ftData.
func ftColumn(j int) []float64 {
	out := make([]float64, len(ftData))
	for i, r := range ftData {
		out[i] = r[j]
	}
	return out
}

func TestFeatureScalers(t *testing.T) {
	ctx, s := setup(t)
	df := ftFrame(ctx, s)
	n := float64(len(ftData))
	var mean, std, lo, hi, maxAbs, med, rng []float64
	for j := range ftData[0] {
		col := ftColumn(j)
		var sum, ss float64
		for _, x := range col {
			sum += x
		}
		mu := sum / n
		for _, x := range col {
			ss += (x - mu) * (x - mu)
		}
		mean = append(mean, mu)
		std = append(std, math.Sqrt(ss/(n-1)))
		lo = append(lo, slices.Min(col))
		hi = append(hi, slices.Max(col))
		maxAbs = append(maxAbs, max(math.Abs(slices.Min(col)), math.Abs(slices.Max(col))))
		med = append(med, ftQuantile(col, 0.5))
		rng = append(rng, ftQuantile(col, 0.75)-ftQuantile(col, 0.25))
	}
	check := func(name string, m *ml.Model, f func(x float64, j int) float64) {
		t.Helper()
		rows := ftRows(t, ctx, m.Transform(df))
		for i, r := range rows {
			want := make([]float64, len(ftData[i]))
			for j, x := range ftData[i] {
				want[j] = f(x, j)
			}
			if got := ftVec(t, r["scaled"]); !ftNear(got, want, 1e-9) {
				t.Errorf("%s row %d: %v, want %v", name, i, got, want)
			}
		}
	}
	attr := func(name string, got []float64, err error, want []float64) {
		t.Helper()
		if err != nil || !ftNear(got, want, 1e-9) {
			t.Errorf("%s: %v, %v; want %v", name, got, err, want)
		}
	}

	ss := fitEstimator(t, ctx, ml.NewStandardScaler(ml.Params{"inputCol": "features", "outputCol": "scaled", "withMean": true}), df)
	got, err := ss.Mean(ctx)
	attr("mean", got, err, mean)
	got, err = ss.Std(ctx)
	attr("std", got, err, std)
	check("StandardScaler", ss, func(x float64, j int) float64 { return (x - mean[j]) / std[j] })
	// A feature model's card shows its parameters.
	if card, err := ss.Card(ctx); err != nil || card.Class != "StandardScalerModel" || len(card.Params) == 0 {
		t.Errorf("card %+v, %v", card, err)
	}
	// Without withMean, only the scaling.
	plain := fitEstimator(t, ctx, ml.NewStandardScaler(ml.Params{"inputCol": "features", "outputCol": "scaled"}), df)
	check("StandardScaler without mean", plain, func(x float64, j int) float64 { return x / std[j] })

	mm := fitEstimator(t, ctx, ml.NewMinMaxScaler(ml.Params{"inputCol": "features", "outputCol": "scaled", "min": -1.0, "max": 1.0}), df)
	got, err = mm.OriginalMin(ctx)
	attr("originalMin", got, err, lo)
	got, err = mm.OriginalMax(ctx)
	attr("originalMax", got, err, hi)
	check("MinMaxScaler", mm, func(x float64, j int) float64 { return (x-lo[j])/(hi[j]-lo[j])*2 - 1 })

	ma := fitEstimator(t, ctx, ml.NewMaxAbsScaler(ml.Params{"inputCol": "features", "outputCol": "scaled"}), df)
	got, err = ma.MaxAbs(ctx)
	attr("maxAbs", got, err, maxAbs)
	check("MaxAbsScaler", ma, func(x float64, j int) float64 { return x / maxAbs[j] })

	rs := fitEstimator(t, ctx, ml.NewRobustScaler(ml.Params{"inputCol": "features", "outputCol": "scaled", "withCentering": true}), df)
	got, err = rs.Median(ctx)
	attr("median", got, err, med)
	got, err = rs.QuantileRange(ctx)
	attr("range", got, err, rng)
	check("RobustScaler", rs, func(x float64, j int) float64 { return (x - med[j]) / rng[j] })
}

func TestFeatureImputer(t *testing.T) {
	ctx, s := setup(t)
	df := s.Sql(ctx, "SELECT * FROM VALUES (1, 1.0D, 4.0D), (2, 2.0D, null), (3, double('NaN'), 5.0D), (4, 9.0D, 5.0D), (5, 4.0D, 7.0D) AS t(id, a, b)")
	im := fitEstimator(t, ctx, ml.NewImputer(ml.Params{"inputCols": []string{"a", "b"}, "outputCols": []string{"a2", "b2"}}), df)
	sur, err := im.Surrogates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantA, wantB := (1+2+9+4)/4.0, (4+5+5+7)/4.0 // means without the missing values
	if len(sur) != 2 || sur["a"] != wantA || sur["b"] != wantB {
		t.Errorf("mean surrogates %v, want a %v b %v", sur, wantA, wantB)
	}
	rows := ftRows(t, ctx, im.Transform(df))
	if rows[2]["a2"] != wantA || rows[1]["b2"] != wantB || rows[0]["a2"] != 1.0 || rows[3]["b2"] != 5.0 {
		t.Errorf("imputed rows %v", rows)
	}
	med := fitEstimator(t, ctx, ml.NewImputer(ml.Params{"inputCols": []string{"a", "b"}, "outputCols": []string{"a2", "b2"}, "strategy": "median"}), df)
	sur, err = med.Surrogates(ctx)
	if wa, wb := ftQuantile([]float64{1, 2, 9, 4}, 0.5), ftQuantile([]float64{4, 5, 5, 7}, 0.5); err != nil || sur["a"] != wa || sur["b"] != wb {
		t.Errorf("median surrogates %v, %v; want a %v b %v", sur, err, wa, wb)
	}
	mode := fitEstimator(t, ctx, ml.NewImputer(ml.Params{"inputCols": []string{"b"}, "outputCols": []string{"b2"}, "strategy": "mode"}), df)
	if sur, err = mode.Surrogates(ctx); err != nil || sur["b"] != 5 {
		t.Errorf("mode surrogates %v, %v", sur, err)
	}
}

func TestFeaturePCA(t *testing.T) {
	ctx, s := setup(t)
	df := ftFrame(ctx, s)
	// The covariance matrix of the data, its eigenvalues by power
	// iteration with deflation (the matrix is symmetric positive
	// semi-definite, 3×3).
	d := len(ftData[0])
	mean := make([]float64, d)
	for _, r := range ftData {
		for j, x := range r {
			mean[j] += x / float64(len(ftData))
		}
	}
	cov := make([][]float64, d)
	for i := range cov {
		cov[i] = make([]float64, d)
		for j := range cov[i] {
			for _, r := range ftData {
				cov[i][j] += (r[i] - mean[i]) * (r[j] - mean[j]) / float64(len(ftData)-1)
			}
		}
	}
	var vals []float64
	var vecs [][]float64
	a := cov
	for range d {
		v := []float64{1, 0.5, 0.25}
		var lambda float64
		for range 5000 {
			w := make([]float64, d)
			for i := range w {
				for j := range w {
					w[i] += a[i][j] * v[j]
				}
			}
			var norm float64
			for _, x := range w {
				norm += x * x
			}
			norm = math.Sqrt(norm)
			if norm == 0 {
				break
			}
			for i := range w {
				w[i] /= norm
			}
			v, lambda = w, norm
		}
		vals = append(vals, lambda)
		vecs = append(vecs, v)
		b := make([][]float64, d)
		for i := range b {
			b[i] = make([]float64, d)
			for j := range b[i] {
				b[i][j] = a[i][j] - lambda*v[i]*v[j]
			}
		}
		a = b
	}
	total := vals[0] + vals[1] + vals[2]

	m := fitEstimator(t, ctx, ml.NewPCA(ml.Params{"inputCol": "features", "outputCol": "pca", "k": 2}), df)
	ev, err := m.ExplainedVariance(ctx)
	if err != nil || !ftNear(ev, []float64{vals[0] / total, vals[1] / total}, 1e-9) {
		t.Errorf("explained variance %v, %v; want %v", ev, err, []float64{vals[0] / total, vals[1] / total})
	}
	pc, err := m.PrincipalComponents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if pc.NumRows != 3 || pc.NumCols != 2 {
		t.Fatalf("pc is %d×%d, want 3×2", pc.NumRows, pc.NumCols)
	}
	sign := make([]float64, 2)
	for k := range 2 {
		col := []float64{pc.At(0, k), pc.At(1, k), pc.At(2, k)}
		sign[k] = 1
		if col[0]*vecs[k][0] < 0 { // eigenvectors are known up to their sign
			sign[k] = -1
		}
		want := []float64{sign[k] * vecs[k][0], sign[k] * vecs[k][1], sign[k] * vecs[k][2]}
		if !ftNear(col, want, 1e-6) {
			t.Errorf("component %d: %v, want ±%v", k, col, vecs[k])
		}
	}
	// The projection is x·pc, without centering.
	rows := ftRows(t, ctx, m.Transform(df))
	for i, r := range rows {
		got := ftVec(t, r["pca"])
		want := make([]float64, 2)
		for k := range 2 {
			for j, x := range ftData[i] {
				want[k] += x * pc.At(j, k)
			}
		}
		if !ftNear(got, want, 1e-9) {
			t.Errorf("projection row %d: %v, want %v", i, got, want)
		}
	}
}

func TestFeatureCountVectorizerIDF(t *testing.T) {
	ctx, s := setup(t)
	docs := [][]string{{"a", "b", "a", "c"}, {"a", "b"}, {"a", "d", "a"}}
	df := s.Sql(ctx, "SELECT * FROM VALUES (1, array('a', 'b', 'a', 'c')), (2, array('a', 'b')), (3, array('a', 'd', 'a')) AS t(id, words)")
	cv := fitEstimator(t, ctx, ml.NewCountVectorizer(ml.Params{"inputCol": "words", "outputCol": "tf", "minDF": 1.0}), df)
	vocab, err := cv.Vocabulary(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// By total count: a 5, b 2, then c and d once each (tie in any order).
	if len(vocab) != 4 || vocab[0] != "a" || vocab[1] != "b" || !slices.Contains(vocab[2:], "c") || !slices.Contains(vocab[2:], "d") {
		t.Fatalf("vocabulary %v", vocab)
	}
	tfRows := ftRows(t, ctx, cv.Transform(df))
	for i, r := range tfRows {
		want := make([]float64, len(vocab))
		for _, w := range docs[i] {
			want[slices.Index(vocab, w)]++
		}
		if got := ftVec(t, r["tf"]); !slices.Equal(got, want) {
			t.Errorf("counts row %d: %v, want %v", i, got, want)
		}
	}
	// A vocabulary limited to terms in two documents or more.
	small := fitEstimator(t, ctx, ml.NewCountVectorizer(ml.Params{"inputCol": "words", "outputCol": "tf", "minDF": 2.0}), df)
	if v, err := small.Vocabulary(ctx); err != nil || !slices.Equal(v, []string{"a", "b"}) {
		t.Errorf("minDF 2 vocabulary %v, %v", v, err)
	}

	idf := fitEstimator(t, ctx, ml.NewIDF(ml.Params{"inputCol": "tf", "outputCol": "tfidf"}), cv.Transform(df))
	m := float64(len(docs))
	docFreq := make([]int64, len(vocab))
	wantIDF := make([]float64, len(vocab))
	for k, w := range vocab {
		for _, d := range docs {
			if slices.Contains(d, w) {
				docFreq[k]++
			}
		}
		wantIDF[k] = math.Log((m + 1) / (float64(docFreq[k]) + 1))
	}
	if got, err := idf.IDF(ctx); err != nil || !ftNear(got, wantIDF, 1e-12) {
		t.Errorf("idf %v, %v; want %v", got, err, wantIDF)
	}
	if got, err := idf.DocFreq(ctx); err != nil || !slices.Equal(got, docFreq) {
		t.Errorf("docFreq %v, %v; want %v", got, err, docFreq)
	}
	if got, err := idf.NumDocs(ctx); err != nil || got != 3 {
		t.Errorf("numDocs %v, %v", got, err)
	}
	rows := ftRows(t, ctx, idf.Transform(cv.Transform(df)))
	for i, r := range rows {
		tf, got := ftVec(t, r["tf"]), ftVec(t, r["tfidf"])
		want := make([]float64, len(tf))
		for k := range tf {
			want[k] = tf[k] * wantIDF[k]
		}
		if !ftNear(got, want, 1e-12) {
			t.Errorf("tfidf row %d: %v, want %v", i, got, want)
		}
	}
}

func TestFeatureOneHotEncoder(t *testing.T) {
	ctx, s := setup(t)
	df := s.Sql(ctx, "SELECT * FROM VALUES (1, 0.0D, 1.0D), (2, 1.0D, 0.0D), (3, 2.0D, 1.0D), (4, 0.0D, 0.0D) AS t(id, c, d)")
	m := fitEstimator(t, ctx, ml.NewOneHotEncoder(ml.Params{"inputCols": []string{"c", "d"}, "outputCols": []string{"cv", "dv"}}), df)
	if sizes, err := m.CategorySizes(ctx); err != nil || !slices.Equal(sizes, []int{3, 2}) {
		t.Errorf("categorySizes %v, %v", sizes, err)
	}
	oneHot := func(c float64, size int) []float64 {
		v := make([]float64, size)
		if int(c) < size {
			v[int(c)] = 1
		}
		return v
	}
	rows := ftRows(t, ctx, m.Transform(df))
	for i, r := range rows {
		// dropLast: the last category is all zeros.
		if got, want := ftVec(t, r["cv"]), oneHot(r["c"].(float64), 2); !slices.Equal(got, want) {
			t.Errorf("row %d c: %v, want %v", i, got, want)
		}
		if got, want := ftVec(t, r["dv"]), oneHot(r["d"].(float64), 1); !slices.Equal(got, want) {
			t.Errorf("row %d d: %v, want %v", i, got, want)
		}
	}
	full := fitEstimator(t, ctx, ml.NewOneHotEncoder(ml.Params{"inputCols": []string{"c"}, "outputCols": []string{"cv"}, "dropLast": false}), df)
	rows = ftRows(t, ctx, full.Transform(df))
	for i, r := range rows {
		if got, want := ftVec(t, r["cv"]), oneHot(r["c"].(float64), 3); !slices.Equal(got, want) {
			t.Errorf("dropLast false row %d: %v, want %v", i, got, want)
		}
	}
}

func TestFeatureQuantileDiscretizer(t *testing.T) {
	ctx, s := setup(t)
	df := s.Range(1, 10, 1, 1).SelectExpr("id", "CAST(id AS DOUBLE) AS x")
	xs := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9}
	m := fitEstimator(t, ctx, ml.NewQuantileDiscretizer(ml.Params{"inputCol": "x", "outputCol": "b", "numBuckets": 3}), df)
	if m.Name() != "Bucketizer" {
		t.Errorf("model class %s", m.Name())
	}
	want := []float64{math.Inf(-1), ftQuantile(xs, 1.0/3), ftQuantile(xs, 2.0/3), math.Inf(1)}
	splits, err := m.Splits(ctx)
	if err != nil || !slices.Equal(splits, want) {
		t.Fatalf("splits %v, %v; want %v", splits, err, want)
	}
	rows := ftRows(t, ctx, m.Transform(df))
	for i, r := range rows {
		x := r["x"].(float64)
		b := float64(sort.Search(len(splits)-1, func(k int) bool { return splits[k+1] > x }))
		if r["b"] != b {
			t.Errorf("row %d: %v in bucket %v, want %v", i, x, r["b"], b)
		}
	}
	// Several columns.
	two := fitEstimator(t, ctx, ml.NewQuantileDiscretizer(ml.Params{"inputCols": []string{"x", "id"}, "outputCols": []string{"b", "c"}, "numBuckets": 2}), df)
	arr, err := two.SplitsArray(ctx)
	half := ftQuantile(xs, 0.5)
	if err != nil || len(arr) != 2 || !slices.Equal(arr[0], []float64{math.Inf(-1), half, math.Inf(1)}) {
		t.Errorf("splitsArray %v, %v", arr, err)
	}
}

func TestFeatureRFormula(t *testing.T) {
	ctx, s := setup(t)
	df := s.Sql(ctx, "SELECT * FROM VALUES (1, 1.5D, 'x', 10.0D), (2, 2.5D, 'y', 20.0D), (3, 3.5D, 'x', 30.0D) AS t(id, a, s, y)")
	m := fitEstimator(t, ctx, ml.NewRFormula(ml.Params{"formula": "y ~ a + s"}), df)
	f, err := m.ResolvedFormula(ctx)
	if err != nil || f != "ResolvedRFormula(label=y, terms=[a,s], hasIntercept=true)" {
		t.Errorf("resolved formula %q, %v", f, err)
	}
	rows := ftRows(t, ctx, m.Transform(df))
	for i, r := range rows {
		// s is indexed by frequency (x first) and one-hot encoded with its
		// last category dropped: a column that is 1 for x.
		sx := 0.0
		if r["s"] == "x" {
			sx = 1
		}
		if got := ftVec(t, r["features"]); !slices.Equal(got, []float64{r["a"].(float64), sx}) || r["label"] != r["y"] {
			t.Errorf("row %d: features %v label %v", i, got, r["label"])
		}
	}
	// A string response becomes an index label.
	lm := fitEstimator(t, ctx, ml.NewRFormula(ml.Params{"formula": "s ~ a", "featuresCol": "f", "labelCol": "l"}), df)
	rows = ftRows(t, ctx, lm.Transform(df))
	for i, want := range []float64{0, 1, 0} {
		if rows[i]["l"] != want || !slices.Equal(ftVec(t, rows[i]["f"]), []float64{rows[i]["a"].(float64)}) {
			t.Errorf("row %d: %v", i, rows[i])
		}
	}
}

func TestFeatureVectorIndexer(t *testing.T) {
	ctx, s := setup(t)
	df := ml.Assemble(s.Sql(ctx, `SELECT * FROM VALUES (1, -1.0D, 1.5D, 5.0D, 3.0D), (2, 0.0D, 2.5D, 3.0D, 0.0D),
		(3, -1.0D, 3.5D, 5.0D, -2.0D), (4, 0.0D, 4.5D, 5.0D, 0.0D) AS t(id, a, b, c, d)`),
		[]string{"a", "b", "c", "d"}, "features")
	m := fitEstimator(t, ctx, ml.NewVectorIndexer(ml.Params{"inputCol": "features", "outputCol": "indexed", "maxCategories": 3}), df)
	if n, err := m.Int(ctx, "numFeatures"); err != nil || n != 4 {
		t.Errorf("numFeatures %v, %v", n, err)
	}
	maps, err := m.CategoryMaps(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	// a, c and d have at most three values: categorical, 0.0 mapped to 0
	// and the others in increasing order; b has four: left as it is.
	want := map[int]map[float64]int{0: {0: 0, -1: 1}, 2: {3: 0, 5: 1}, 3: {0: 0, -2: 1, 3: 2}}
	if len(maps) != len(want) {
		t.Errorf("category maps %v, want %v", maps, want)
	}
	for j, wm := range want {
		if len(maps[j]) != len(wm) {
			t.Errorf("category map %d: %v, want %v", j, maps[j], wm)
		}
		for v, k := range wm {
			if got, ok := maps[j][v]; !ok || got != k {
				t.Errorf("category map %d: %v, want %v", j, maps[j], wm)
			}
		}
	}
	rows := ftRows(t, ctx, m.Transform(df))
	for i, r := range rows {
		x := ftVec(t, r["features"])
		wantRow := []float64{float64(want[0][x[0]]), x[1], float64(want[2][x[2]]), float64(want[3][x[3]])}
		if got := ftVec(t, r["indexed"]); !slices.Equal(got, wantRow) {
			t.Errorf("row %d: %v, want %v", i, got, wantRow)
		}
	}
	// The server does not give the maps themselves.
	_, err = m.Fetch(ctx, "categoryMaps")
	var na *ml.NotAllowedError
	if !errors.As(err, &na) || na.Operator != "VectorIndexerModel.categoryMaps" {
		t.Errorf("categoryMaps: %v", err)
	}
	// Another DataFrame with the input column gives the same maps.
	if other, err := m.CategoryMaps(ctx, df.Limit(1)); err != nil || len(other) != 3 || other[3][3] != 2 {
		t.Errorf("maps from another frame: %v, %v", other, err)
	}
}

// ftSets are sets of words for MinHash: Jaccard distances are computed here.
var ftSets = [][]string{{"a", "b", "c"}, {"a", "b", "c"}, {"a", "b", "d"}, {"x", "y", "z"}}

func ftJaccard(a, b []string) float64 {
	inter := 0
	for _, x := range a {
		if slices.Contains(b, x) {
			inter++
		}
	}
	return 1 - float64(inter)/float64(len(a)+len(b)-inter)
}

func TestFeatureMinHashLSH(t *testing.T) {
	ctx, s := setup(t)
	df := s.Sql(ctx, "SELECT * FROM VALUES (0, array('a', 'b', 'c')), (1, array('a', 'b', 'c')), (2, array('a', 'b', 'd')), (3, array('x', 'y', 'z')) AS t(id, words)")
	cv := fitEstimator(t, ctx, ml.NewCountVectorizer(ml.Params{"inputCol": "words", "outputCol": "features", "binary": true}), df)
	sets := cv.Transform(df)
	m := fitEstimator(t, ctx, ml.NewMinHashLSH(ml.Params{"inputCol": "features", "outputCol": "hashes", "numHashTables": 5, "seed": int64(7)}), sets)
	rows := ftRows(t, ctx, m.Transform(sets))
	for i, r := range rows {
		hs, ok := r["hashes"].([]any)
		if !ok || len(hs) != 5 {
			t.Fatalf("row %d hashes %#v", i, r["hashes"])
		}
		for _, h := range hs {
			v := ftVec(t, h)
			if len(v) != 1 || v[0] != math.Trunc(v[0]) || v[0] < 0 {
				t.Errorf("row %d: hash %v is not one non-negative integer", i, v)
			}
		}
	}
	// Equal sets have equal hashes.
	if !slices.EqualFunc(rows[0]["hashes"].([]any), rows[1]["hashes"].([]any), func(a, b any) bool {
		return slices.Equal(ftVec(t, a), ftVec(t, b))
	}) {
		t.Error("equal sets hashed differently")
	}
	join, err := m.ApproxSimilarityJoin(sets, sets, 0.6, "dist").SelectExpr("datasetA.id AS a", "datasetB.id AS b", "dist").CollectMaps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[[2]int64]bool{}
	for _, r := range join {
		a, b := r["a"].(int32), r["b"].(int32)
		want := ftJaccard(ftSets[a], ftSets[b])
		if math.Abs(r["dist"].(float64)-want) > 1e-12 || want >= 0.6 {
			t.Errorf("pair %d-%d: distance %v, want %v (< 0.6)", a, b, r["dist"], want)
		}
		seen[[2]int64{int64(a), int64(b)}] = true
	}
	for _, p := range [][2]int64{{0, 0}, {0, 1}, {1, 0}, {3, 3}} { // distance 0: same hashes, always candidates
		if !seen[p] {
			t.Errorf("pair %v missing from the join %v", p, join)
		}
	}
	if seen[[2]int64{0, 3}] {
		t.Error("disjoint sets joined")
	}
	// Nearest neighbours of {a, b, c}.
	key := ftVec(t, rows[0]["features"])
	nn, err := m.ApproxNearestNeighbors(sets, ml.DenseVector(key...), 2, "dist").OrderBy("dist", "id").CollectMaps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(nn) != 2 || nn[0]["dist"] != 0.0 || nn[1]["dist"] != 0.0 {
		t.Errorf("nearest neighbours %v", nn)
	}
}

func TestFeatureBucketedRandomProjectionLSH(t *testing.T) {
	ctx, s := setup(t)
	pts := [][2]float64{{0, 0}, {1, 0}, {0, 1}, {10, 10}, {10, 11}}
	df := ml.Assemble(s.Sql(ctx, "SELECT * FROM VALUES (0, 0.0D, 0.0D), (1, 1.0D, 0.0D), (2, 0.0D, 1.0D), (3, 10.0D, 10.0D), (4, 10.0D, 11.0D) AS t(id, x, y)"),
		[]string{"x", "y"}, "features")
	m := fitEstimator(t, ctx, ml.NewBucketedRandomProjectionLSH(ml.Params{"inputCol": "features", "outputCol": "hashes",
		"bucketLength": 4.0, "numHashTables": 3, "seed": int64(11)}), df)
	rows := ftRows(t, ctx, m.Transform(df))
	for i, r := range rows {
		hs, ok := r["hashes"].([]any)
		if !ok || len(hs) != 3 {
			t.Fatalf("row %d hashes %#v", i, r["hashes"])
		}
		for _, h := range hs {
			if v := ftVec(t, h); len(v) != 1 || v[0] != math.Floor(v[0]) {
				t.Errorf("row %d: hash %v is not one integer", i, v)
			}
		}
	}
	dist := func(a, b [2]float64) float64 { return math.Hypot(a[0]-b[0], a[1]-b[1]) }
	join, err := m.ApproxSimilarityJoin(df, df, 1.5, "d").SelectExpr("datasetA.id AS a", "datasetB.id AS b", "d").CollectMaps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	self := 0
	for _, r := range join {
		a, b := r["a"].(int32), r["b"].(int32)
		want := dist(pts[a], pts[b])
		if math.Abs(r["d"].(float64)-want) > 1e-12 || want >= 1.5 {
			t.Errorf("pair %d-%d: distance %v, want %v (< 1.5)", a, b, r["d"], want)
		}
		if a == b {
			self++
		}
	}
	if self != len(pts) { // each point shares all its buckets with itself
		t.Errorf("%d self pairs in %v", self, join)
	}
	nn, err := m.ApproxNearestNeighbors(df, ml.DenseVector(10, 10), 1, "d").CollectMaps(ctx)
	if err != nil || len(nn) != 1 || nn[0]["id"] != int32(3) || nn[0]["d"] != 0.0 {
		t.Errorf("nearest neighbour %v, %v", nn, err)
	}
}

func TestFeatureWord2Vec(t *testing.T) {
	ctx, s := setup(t)
	df := s.Sql(ctx, "SELECT id, split(t, ' ') AS words FROM VALUES (1, 'a b c a'), (2, 'b c d'), (3, 'a a e') AS x(id, t)")
	m := fitEstimator(t, ctx, ml.NewWord2Vec(ml.Params{"inputCol": "words", "outputCol": "vec", "vectorSize": 3, "minCount": 0, "seed": int64(42)}), df)
	vrows, err := m.WordVectors().CollectMaps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	vecs := map[string][]float64{}
	for _, r := range vrows {
		vecs[r["word"].(string)] = ftVec(t, r["vector"])
	}
	if len(vecs) != 5 {
		t.Fatalf("%d word vectors, want 5 (a b c d e): %v", len(vecs), vecs)
	}
	for w, v := range vecs {
		if len(v) != 3 {
			t.Errorf("vector of %s has size %d", w, len(v))
		}
	}
	// A document is the mean of its words' vectors.
	rows := ftRows(t, ctx, m.Transform(df))
	for i, r := range rows {
		words := ftStrings(t, r["words"])
		want := make([]float64, 3)
		for _, w := range words {
			for k := range want {
				want[k] += vecs[w][k] / float64(len(words))
			}
		}
		if got := ftVec(t, r["vec"]); !ftNear(got, want, 1e-6) {
			t.Errorf("document %d: %v, want %v", i, got, want)
		}
	}
	// Synonyms: the closest words by cosine similarity, a itself left out.
	syn, err := m.Synonyms(ctx, "a", 2)
	if err != nil {
		t.Fatal(err)
	}
	cos := func(a, b []float64) float64 {
		var ab, aa, bb float64
		for k := range a {
			ab += a[k] * b[k]
			aa += a[k] * a[k]
			bb += b[k] * b[k]
		}
		return ab / math.Sqrt(aa*bb)
	}
	var others []ml.Synonym
	for w, v := range vecs {
		if w != "a" {
			others = append(others, ml.Synonym{Word: w, Similarity: cos(vecs["a"], v)})
		}
	}
	sort.Slice(others, func(i, j int) bool { return others[i].Similarity > others[j].Similarity })
	if len(syn) != 2 {
		t.Fatalf("synonyms %v", syn)
	}
	for i := range syn {
		if syn[i].Word != others[i].Word || math.Abs(syn[i].Similarity-others[i].Similarity) > 1e-5 {
			t.Errorf("synonyms %v, want %v", syn, others[:2])
		}
	}
	cols, err := m.FindSynonyms("b", 3).Columns(ctx)
	if err != nil || !slices.Equal(cols, []string{"word", "similarity"}) {
		t.Errorf("FindSynonyms columns %v, %v", cols, err)
	}
	// An unknown word is Spark's error.
	if _, err := m.Synonyms(ctx, "nosuch", 1); err == nil {
		t.Error("synonyms of an unknown word: no error")
	}
}

func TestFeatureNotAllowed(t *testing.T) {
	ctx, s := setup(t)
	df := s.Sql(ctx, "SELECT id, split(t, ' ') AS words FROM VALUES (1, 'a b c a'), (2, 'b c d') AS x(id, t)")
	m := fitEstimator(t, ctx, ml.NewWord2Vec(ml.Params{"inputCol": "words", "outputCol": "vec", "vectorSize": 2, "minCount": 0, "seed": int64(1)}), df)
	// findSynonymsArray is not on the server's attribute allowlist
	// (FindSynonyms uses findSynonyms, which is).
	_, err := m.Fetch(ctx, "findSynonymsArray", "a", 1)
	var na *ml.NotAllowedError
	if !errors.As(err, &na) || na.Operator != "Word2VecModel.findSynonymsArray" {
		t.Errorf("findSynonymsArray: %v", err)
	}
	// Feature models are fine with the generic helpers (Float, Strings…)
	// but a wrong helper for the class is the server's error.
	if _, err := m.Vocabulary(ctx); err == nil {
		t.Error("Vocabulary of a Word2VecModel: no error")
	}
	// A feature class that is not on the server's allowlist (ColumnPruner
	// is a Spark transformer used inside RFormula): fitting it gives a
	// NotAllowedError naming it.
	const pruner = "org.apache.spark.ml.feature.ColumnPruner"
	_, err = ml.NewEstimator(pruner, nil).Fit(ctx, df)
	if !errors.As(err, &na) || na.Operator != pruner {
		t.Errorf("fitting ColumnPruner: %v", err)
	}
	// A lazy Transform fails at its first action, with the server's error
	// naming the class (the frame package returns it as it is).
	_, err = ml.NewTransformer(pruner, nil).Transform(df).Count(ctx)
	var se *connect.SparkError
	if !errors.As(err, &se) || se.ErrorClass != "CONNECT_ML.UNSUPPORTED_EXCEPTION" || !strings.Contains(se.Message, pruner) {
		t.Errorf("transforming with ColumnPruner: %v", err)
	}
}
