package ml

import "github.com/sparkgo/sparkgo/frame"

// Feature transformers and feature estimators of org.apache.spark.ml.feature,
// one constructor each, as sparklyr's ft_* functions. Those that learn from
// the data (scalers, indexers, IDF, PCA, Word2Vec, LSH…) are Estimators:
// Fit returns a Model, whose typed helpers (Vocabulary, Labels, Mean,
// Surrogates…, in feature_models.go) read what was learnt. The others are
// Transformers, applied with Transform. Params use Spark's names.

// NewBinarizer returns a binarizer (ft_binarizer), which maps a numeric or
// vector column to 1.0 where a value is greater than threshold and 0.0
// elsewhere: Params{"inputCol": "x", "outputCol": "x_bin", "threshold":
// 0.5}. Several columns are binarized with inputCols, outputCols and
// thresholds.
func NewBinarizer(params Params) *Transformer {
	return NewTransformer("Binarizer", params)
}

// NewBucketizer returns a bucketizer (ft_bucketizer), which maps a numeric
// column to the index of the bucket it falls in: Params{"inputCol": "x",
// "outputCol": "bucket", "splits": []float64{math.Inf(-1), 0, 10,
// math.Inf(1)}}. Bucket i holds [splits[i], splits[i+1]), the last one
// also its upper bound. handleInvalid ("error", "skip", "keep") decides
// what becomes of NaN; several columns use inputCols, outputCols and
// splitsArray ([][]float64).
func NewBucketizer(params Params) *Transformer {
	return NewTransformer("Bucketizer", params)
}

// NewDCT returns a discrete cosine transform (ft_dct), the scaled DCT-II
// of a vector column, whose transform matrix is orthonormal; inverse:
// true gives the inverse transform (DCT-III): Params{"inputCol":
// "features", "outputCol": "freq"}.
func NewDCT(params Params) *Transformer {
	return NewTransformer("DCT", params)
}

// NewDiscreteCosineTransform is NewDCT, under sparklyr's other name
// (ft_discrete_cosine_transform).
func NewDiscreteCosineTransform(params Params) *Transformer {
	return NewDCT(params)
}

// NewElementwiseProduct returns an elementwise product
// (ft_elementwise_product), which multiplies each vector of a column by
// scalingVec element by element: Params{"inputCol": "features",
// "outputCol": "scaled", "scalingVec": ml.DenseVector(1, 0.5)}.
func NewElementwiseProduct(params Params) *Transformer {
	return NewTransformer("ElementwiseProduct", params)
}

// NewFeatureHasher returns a feature hasher (ft_feature_hasher), which
// hashes several columns into one sparse vector of numFeatures (default
// 2^18) elements: a numeric column adds its value at the index of the
// hash of its name, a string or boolean column adds 1.0 at the index of
// the hash of "column=value": Params{"inputCols": []string{"a", "b"},
// "outputCol": "features", "numFeatures": 16}. categoricalCols lists
// numeric columns to treat as categories.
func NewFeatureHasher(params Params) *Transformer {
	return NewTransformer("FeatureHasher", params)
}

// NewHashingTF returns a hashing term-frequency transformer
// (ft_hashing_tf), which maps an array of terms to a sparse vector of
// numFeatures (default 2^18) term counts, each term at the index of its
// MurmurHash3 hash: Params{"inputCol": "words", "outputCol": "tf",
// "numFeatures": 32}. binary: true gives 1.0 for any count.
func NewHashingTF(params Params) *Transformer {
	return NewTransformer("HashingTF", params)
}

// NewIndexToString returns an index-to-string transformer
// (ft_index_to_string), the inverse of a fitted StringIndexer: it maps a
// column of indices back to labels, taken from the labels param or from
// the column's ML metadata: Params{"inputCol": "prediction",
// "outputCol": "predicted_label", "labels": []string{"a", "b"}}.
func NewIndexToString(params Params) *Transformer {
	return NewTransformer("IndexToString", params)
}

// NewInteraction returns an interaction transformer (ft_interaction),
// which makes a vector of all products of one value from each input column
// (numeric or vector columns): Params{"inputCols": []string{"a", "v"},
// "outputCol": "interaction"}.
func NewInteraction(params Params) *Transformer {
	return NewTransformer("Interaction", params)
}

// NewNGram returns an n-gram transformer (ft_ngram), which turns an array
// of strings into the array of its n consecutive words joined by spaces
// (n defaults to 2): Params{"inputCol": "words", "outputCol": "bigrams"}.
func NewNGram(params Params) *Transformer {
	return NewTransformer("NGram", params)
}

// NewNormalizer returns a normalizer (ft_normalizer), which scales each
// vector of a column to unit p-norm (p defaults to 2):
// Params{"inputCol": "features", "outputCol": "unit", "p": 1.0}.
func NewNormalizer(params Params) *Transformer {
	return NewTransformer("Normalizer", params)
}

// NewPolynomialExpansion returns a polynomial expansion
// (ft_polynomial_expansion), which expands a vector into all monomials of
// its elements up to degree (default 2), without the constant term:
// (x, y) of degree 2 gives (x, x², y, xy, y²). Params{"inputCol":
// "features", "outputCol": "poly", "degree": 3}.
func NewPolynomialExpansion(params Params) *Transformer {
	return NewTransformer("PolynomialExpansion", params)
}

// NewRegexTokenizer returns a regular-expression tokenizer
// (ft_regex_tokenizer): with gaps true (the default) pattern (default
// "\\s+") matches the separators, with gaps false the tokens themselves;
// toLowercase (default true) lowercases first and minTokenLength drops
// shorter tokens: Params{"inputCol": "text", "outputCol": "words",
// "pattern": "\\W+"}.
func NewRegexTokenizer(params Params) *Transformer {
	return NewTransformer("RegexTokenizer", params)
}

// NewSQLTransformer returns a SQL transformer (ft_sql_transformer), which
// runs a SELECT statement over its input, named __THIS__:
// Params{"statement": "SELECT *, a + b AS c FROM __THIS__"}.
func NewSQLTransformer(params Params) *Transformer {
	return NewTransformer("SQLTransformer", params)
}

// NewStopWordsRemover returns a stop words remover
// (ft_stop_words_remover), which drops stop words from an array of
// strings: Spark's English list unless stopWords ([]string) is set, or
// locale names another; caseSensitive defaults to false:
// Params{"inputCol": "words", "outputCol": "filtered"}.
func NewStopWordsRemover(params Params) *Transformer {
	return NewTransformer("StopWordsRemover", params)
}

// NewTokenizer returns a tokenizer (ft_tokenizer), which lowercases a
// string column and splits it at white space into an array of words:
// Params{"inputCol": "text", "outputCol": "words"}.
func NewTokenizer(params Params) *Transformer {
	return NewTransformer("Tokenizer", params)
}

// NewVectorSlicer returns a vector slicer (ft_vector_slicer), which keeps
// the elements of a vector column at indices ([]int), or named by names
// ([]string, from the column's ML metadata), in that order:
// Params{"inputCol": "features", "outputCol": "sliced", "indices":
// []int{2, 0}}.
func NewVectorSlicer(params Params) *Transformer {
	return NewTransformer("VectorSlicer", params)
}

// NewBucketedRandomProjectionLSH returns an unfitted locality-sensitive
// hashing for Euclidean distance (ft_bucketed_random_projection_lsh):
// Params{"inputCol": "features", "outputCol": "hashes", "bucketLength":
// 2.0, "numHashTables": 3, "seed": int64(1)}. The fitted model's output
// column is an array of numHashTables one-element vectors; its
// ApproxSimilarityJoin and ApproxNearestNeighbors find close rows.
func NewBucketedRandomProjectionLSH(params Params) *Estimator {
	return NewEstimator("BucketedRandomProjectionLSH", params)
}

// NewCountVectorizer returns an unfitted count vectorizer
// (ft_count_vectorizer), which learns a vocabulary from arrays of terms
// (the vocabSize most frequent, default 2^18, seen in at least minDF
// documents) and maps each array to a sparse vector of term counts:
// Params{"inputCol": "words", "outputCol": "tf"}. The fitted model's
// Vocabulary gives the terms in index order.
func NewCountVectorizer(params Params) *Estimator {
	return NewEstimator("CountVectorizer", params)
}

// NewIDF returns an unfitted inverse document frequency (ft_idf), which
// learns log((m+1)/(df+1)) for each term of term-frequency vectors (m
// documents, df of them with the term) and multiplies the vectors by it:
// Params{"inputCol": "tf", "outputCol": "tfidf", "minDocFreq": 0}. The
// fitted model's IDF, DocFreq and NumDocs give what was learnt.
func NewIDF(params Params) *Estimator {
	return NewEstimator("IDF", params)
}

// NewImputer returns an unfitted imputer (ft_imputer), which replaces
// missing values (NaN or null, or missingValue) of numeric columns by the
// column's mean, median or mode (strategy): Params{"inputCols":
// []string{"a"}, "outputCols": []string{"a_imp"}, "strategy": "median"}.
// The fitted model's Surrogates give the replacement values.
func NewImputer(params Params) *Estimator {
	return NewEstimator("Imputer", params)
}

// NewMaxAbsScaler returns an unfitted max-abs scaler
// (ft_max_abs_scaler), which divides each element of a vector column by
// its largest absolute value, into [-1, 1]: Params{"inputCol":
// "features", "outputCol": "scaled"}. The fitted model's MaxAbs gives the
// divisors.
func NewMaxAbsScaler(params Params) *Estimator {
	return NewEstimator("MaxAbsScaler", params)
}

// NewMinMaxScaler returns an unfitted min-max scaler (ft_min_max_scaler),
// which rescales each element of a vector column linearly to [min, max]
// (default [0, 1]): Params{"inputCol": "features", "outputCol":
// "scaled"}. The fitted model's OriginalMin and OriginalMax give the
// ranges seen.
func NewMinMaxScaler(params Params) *Estimator {
	return NewEstimator("MinMaxScaler", params)
}

// NewMinHashLSH returns an unfitted MinHash locality-sensitive hashing for
// Jaccard distance between sets given as binary vectors (ft_minhash_lsh):
// Params{"inputCol": "features", "outputCol": "hashes", "numHashTables":
// 5, "seed": int64(1)}. See NewBucketedRandomProjectionLSH.
func NewMinHashLSH(params Params) *Estimator {
	return NewEstimator("MinHashLSH", params)
}

// NewOneHotEncoder returns an unfitted one-hot encoder
// (ft_one_hot_encoder), which maps columns of category indices (as a
// StringIndexer makes them) to sparse binary vectors; dropLast (default
// true) leaves out the last category, so that the vectors are
// independent: Params{"inputCols": []string{"idx"}, "outputCols":
// []string{"vec"}}. The fitted model's CategorySizes gives the number of
// categories of each column.
func NewOneHotEncoder(params Params) *Estimator {
	return NewEstimator("OneHotEncoder", params)
}

// NewPCA returns an unfitted principal component analysis (ft_pca), which
// projects vectors on their k first principal components: Params{"inputCol":
// "features", "outputCol": "pca", "k": 2}. The data are not centered. The
// fitted model's PrincipalComponents and ExplainedVariance give the
// components and the share of the variance each explains.
func NewPCA(params Params) *Estimator {
	return NewEstimator("PCA", params)
}

// NewQuantileDiscretizer returns an unfitted quantile discretizer
// (ft_quantile_discretizer), which learns numBuckets buckets of about as
// many rows each from (approximate, see relativeError) quantiles:
// Params{"inputCol": "x", "outputCol": "bucket", "numBuckets": 3}. The
// fitted model is a Bucketizer, whose Splits give the bucket bounds.
func NewQuantileDiscretizer(params Params) *Estimator {
	return NewEstimator("QuantileDiscretizer", params)
}

// NewRFormula returns an unfitted R formula (ft_r_formula), which builds
// a features vector column and a label column from an R model formula
// over the data's columns, one-hot encoding string columns:
// Params{"formula": "y ~ a + b"} (featuresCol and labelCol default to
// "features" and "label"). The fitted model's ResolvedFormula describes
// the terms found.
func NewRFormula(params Params) *Estimator {
	return NewEstimator("RFormula", params)
}

// NewRobustScaler returns an unfitted robust scaler (ft_robust_scaler),
// which removes the median (withCentering, default false) and divides by
// the range between the quantiles lower and upper (withScaling, default
// true; 0.25 and 0.75 by default), as approximate quantiles:
// Params{"inputCol": "features", "outputCol": "scaled"}. The fitted
// model's Median and QuantileRange give those.
func NewRobustScaler(params Params) *Estimator {
	return NewEstimator("RobustScaler", params)
}

// NewStandardScaler returns an unfitted standard scaler
// (ft_standard_scaler), which divides each element of a vector column by
// its sample standard deviation (withStd, default true) after removing
// its mean (withMean, default false): Params{"inputCol": "features",
// "outputCol": "scaled", "withMean": true}. The fitted model's Mean and
// Std give those.
func NewStandardScaler(params Params) *Estimator {
	return NewEstimator("StandardScaler", params)
}

// NewVectorIndexer returns an unfitted vector indexer
// (ft_vector_indexer), which finds the elements of a vector column that
// have at most maxCategories (default 20) distinct values and maps them
// to category indices (in increasing order of value, 0.0 always mapped to
// 0); the others are left as they are: Params{"inputCol": "features",
// "outputCol": "indexed", "maxCategories": 2}. The fitted model's
// CategoryMaps give the maps.
func NewVectorIndexer(params Params) *Estimator {
	return NewEstimator("VectorIndexer", params)
}

// NewWord2Vec returns an unfitted Word2Vec (ft_word2vec), which learns a
// vectorSize (default 100) vector for each word of arrays of words seen at
// least minCount (default 5) times, and maps each array to the mean of its
// words' vectors: Params{"inputCol": "words", "outputCol": "vec",
// "vectorSize": 3, "minCount": 0, "seed": int64(1)}. The fitted model's
// WordVectors and FindSynonyms give the vectors and the closest words.
func NewWord2Vec(params Params) *Estimator {
	return NewEstimator("Word2Vec", params)
}

// Tokenize returns df with column out added: the lowercased words of the
// string column in, split at white space, as sparklyr's
// ft_tokenizer(tbl, in, out). It is lazy, like Transform.
func Tokenize(df *frame.DataFrame, in, out string) *frame.DataFrame {
	return NewTokenizer(Params{"inputCol": in, "outputCol": out}).Transform(df)
}

// SQLTransform runs statement over df, named __THIS__ in it, with Spark's
// SQLTransformer, as sparklyr's ft_sql_transformer(tbl, statement):
// SQLTransform(df, "SELECT *, a + b AS c FROM __THIS__"). It is lazy,
// like Transform.
func SQLTransform(df *frame.DataFrame, statement string) *frame.DataFrame {
	return NewSQLTransformer(Params{"statement": statement}).Transform(df)
}

// Assemble returns df with column out added: a vector of the columns in,
// as sparklyr's ft_vector_assembler(tbl, in, out). It is lazy, like
// Transform.
func Assemble(df *frame.DataFrame, in []string, out string) *frame.DataFrame {
	return NewVectorAssembler(Params{"inputCols": in, "outputCol": out}).Transform(df)
}
