package display

import (
	"math"
	"sort"
	"strconv"
	"strings"
)

// ModelCard describes a fitted Spark ML model for display. It is plain data:
// fill in what the model has and leave the rest empty.
type ModelCard struct {
	// Class is the model class, such as "LinearRegressionModel".
	Class string `json:"class"`
	// UID is the model's Spark uid, if known.
	UID string `json:"uid,omitempty"`
	// SparkVersion is the version of the Spark that fitted the model.
	SparkVersion string `json:"sparkVersion,omitempty"`
	// Formula is the R-style formula the model was fitted with, such as
	// "mpg ~ wt + cyl".
	Formula string `json:"formula,omitempty"`
	// TrainingRows is the number of training rows; 0 when unknown.
	TrainingRows int64 `json:"trainingRows,omitempty"`
	// Coefficients are the model's coefficients; the intercept ("(Intercept)"
	// or "Intercept") is shown first wherever it is in the slice.
	Coefficients []Coefficient `json:"coefficients,omitempty"`
	// Metrics are fit statistics (r2, rootMeanSquaredError, areaUnderROC…).
	// Spark's summary field names get readable labels.
	Metrics []Metric `json:"metrics,omitempty"`
	// FeatureImportances are tree models' feature importances.
	FeatureImportances []FeatureImportance `json:"featureImportances,omitempty"`
	// ClusterCenters are a clustering model's centers, one slice per
	// cluster, with one value per element of Features.
	ClusterCenters [][]float64 `json:"clusterCenters,omitempty"`
	// Features names the dimensions of ClusterCenters.
	Features []string `json:"features,omitempty"`
	// Params are the model's parameters.
	Params []Param `json:"params,omitempty"`
}

// Coefficient is one estimated coefficient. The statistics are nil when the
// model does not have them.
type Coefficient struct {
	Name     string   `json:"name"`
	Estimate float64  `json:"estimate"`
	StdErr   *float64 `json:"stdErr,omitempty"`
	TValue   *float64 `json:"tValue,omitempty"`
	PValue   *float64 `json:"pValue,omitempty"`
}

// Metric is one fit statistic.
type Metric struct {
	Name  string  `json:"name"`
	Value float64 `json:"value"`
}

// FeatureImportance is the importance of one feature.
type FeatureImportance struct {
	Name       string  `json:"name"`
	Importance float64 `json:"importance"`
}

// Param is one model parameter; Value is already formatted. Doc, when set,
// is shown as a tooltip in HTML.
type Param struct {
	Name  string `json:"name"`
	Value string `json:"value"`
	Doc   string `json:"doc,omitempty"`
}

// Float returns a pointer to v, for the optional fields of Coefficient.
func Float(v float64) *float64 { return &v }

// metricLabels are readable names of Spark's summary fields.
var metricLabels = map[string]string{
	"r2": "R²", "r2adj": "Adjusted R²", "rootMeanSquaredError": "RMSE", "meanSquaredError": "MSE",
	"meanAbsoluteError": "MAE", "explainedVariance": "Explained variance", "areaUnderROC": "AUC",
	"areaUnderPR": "Area under PR", "accuracy": "Accuracy", "weightedPrecision": "Weighted precision",
	"weightedRecall": "Weighted recall", "weightedFMeasure": "Weighted F1", "f1": "F1",
	"logLikelihood": "Log-likelihood", "aic": "AIC", "deviance": "Deviance", "nullDeviance": "Null deviance",
	"dispersion": "Dispersion", "silhouette": "Silhouette", "trainingCost": "Training cost",
	"numInstances": "Instances", "degreesOfFreedom": "Degrees of freedom",
	"depth": "Tree depth", "numNodes": "Nodes", "numTrees": "Trees", "totalNumNodes": "Nodes (all trees)",
	"scale": "Scale", "numBoundaries": "Boundaries", "rank": "Rank",
	"residualDegreeOfFreedom": "Residual df", "residualDegreeOfFreedomNull": "Null df",
}

func metricLabel(name string) string {
	if l, ok := metricLabels[name]; ok {
		return l
	}
	return name
}

func isIntercept(name string) bool {
	return strings.EqualFold(name, "(Intercept)") || strings.EqualFold(name, "Intercept")
}

// orderedCoefficients returns the coefficients with the intercept first.
func (m *ModelCard) orderedCoefficients() []Coefficient {
	out := make([]Coefficient, 0, len(m.Coefficients))
	for _, c := range m.Coefficients {
		if isIntercept(c.Name) {
			out = append(out, c)
		}
	}
	for _, c := range m.Coefficients {
		if !isIntercept(c.Name) {
			out = append(out, c)
		}
	}
	return out
}

// coefDecimals picks the decimals of a column of numbers: enough for 4
// significant digits of the smallest non-zero magnitude, between 2 and 6.
func coefDecimals(vals []float64) int {
	minAbs := math.Inf(1)
	for _, v := range vals {
		if a := math.Abs(v); a != 0 && !math.IsNaN(a) && !math.IsInf(a, 0) && a < minAbs {
			minAbs = a
		}
	}
	if math.IsInf(minAbs, 1) {
		return 2
	}
	return min(max(2-int(math.Floor(math.Log10(minAbs))), 3), 6)
}

func formatPValue(p float64) string {
	switch {
	case math.IsNaN(p):
		return "NaN"
	case p < 2e-16:
		return "< 2e-16"
	case p < 1e-4:
		return strconv.FormatFloat(p, 'e', 2, 64)
	}
	return strconv.FormatFloat(p, 'g', 3, 64)
}

func stars(p float64) string {
	switch {
	case p < 0.001:
		return "***"
	case p < 0.01:
		return "**"
	case p < 0.05:
		return "*"
	case p < 0.1:
		return "."
	}
	return ""
}

// coefTable is the coefficient table as strings: a header and rows.
func (m *ModelCard) coefTable() (head []string, rows [][]string, hasP bool) {
	cs := m.orderedCoefficients()
	var hasSE, hasT bool
	for _, c := range cs {
		hasSE = hasSE || c.StdErr != nil
		hasT = hasT || c.TValue != nil
		hasP = hasP || c.PValue != nil
	}
	col := func(get func(Coefficient) *float64) []string {
		var vals []float64
		for _, c := range cs {
			if v := get(c); v != nil {
				vals = append(vals, *v)
			}
		}
		d := coefDecimals(vals)
		out := make([]string, len(cs))
		for i, c := range cs {
			if v := get(c); v != nil {
				out[i] = formatFloat(*v, d)
			}
		}
		return out
	}
	head = []string{"", "Estimate"}
	cols := [][]string{col(func(c Coefficient) *float64 { return &c.Estimate })}
	if hasSE {
		head = append(head, "Std. Error")
		cols = append(cols, col(func(c Coefficient) *float64 { return c.StdErr }))
	}
	if hasT {
		head = append(head, "t value")
		cols = append(cols, col(func(c Coefficient) *float64 { return c.TValue }))
	}
	if hasP {
		head = append(head, "Pr(>|t|)", "")
	}
	for i, c := range cs {
		r := []string{visible(c.Name)}
		for _, cl := range cols {
			r = append(r, cl[i])
		}
		if hasP {
			if c.PValue != nil {
				r = append(r, formatPValue(*c.PValue), stars(*c.PValue))
			} else {
				r = append(r, "", "")
			}
		}
		rows = append(rows, r)
	}
	return head, rows, hasP
}

func (m *ModelCard) hasStats() bool {
	for _, c := range m.Coefficients {
		if c.StdErr != nil || c.TValue != nil || c.PValue != nil {
			return true
		}
	}
	return false
}

// Model renders card: a header with the model class and Spark version, the
// formula, a coefficient table (intercept first, with standard errors, t
// and p values when present), fit statistics, feature importances as a bar
// chart, cluster centers and parameters. The text form follows pysparklyr's
// model print; the bundle also carries the card as JSON (MIMEModelCard).
func Model(card ModelCard) Bundle {
	return newBundle(card.text(), card.html()).withJSON(MIMEModelCard, card)
}

// twoColumns lays items out in two columns (first half left), each item
// prefixed with "▪ ", as pysparklyr prints summaries and parameters.
func twoColumns(b *strings.Builder, items []string) {
	half := (len(items) + 1) / 2
	w := 0
	for _, it := range items[:half] {
		w = max(w, textWidth(it))
	}
	for i := 0; i < half; i++ {
		line := "▪ " + items[i]
		if i+half < len(items) {
			line = pad(line, w+2, false) + "   ▪ " + items[i+half]
		}
		b.WriteString(line + "\n")
	}
}

// labelled returns "label: value" items with the values aligned.
func labelled(labels, values []string) []string {
	w := 0
	for _, l := range labels {
		w = max(w, textWidth(l))
	}
	out := make([]string, len(labels))
	for i := range labels {
		out[i] = pad(labels[i]+":", w+1, false) + " " + values[i]
	}
	return out
}

func cutValue(s string) string {
	s = visible(s)
	if utf8Len(s) > 19 {
		r := []rune(s)
		return string(r[:17]) + "..."
	}
	return s
}

func utf8Len(s string) int { return len([]rune(s)) }

func (m *ModelCard) title() string {
	t := "MLlib model: " + visible(m.Class)
	if m.SparkVersion != "" {
		t += " · Spark " + visible(m.SparkVersion)
	}
	return t
}

func (m *ModelCard) text() string {
	var b strings.Builder
	b.WriteString("── " + m.title() + " ──\n")
	if m.Formula != "" {
		b.WriteString("Formula: " + visible(m.Formula) + "\n")
	}
	if m.TrainingRows > 0 {
		b.WriteString("Training rows: " + commas(m.TrainingRows) + "\n")
	}
	section := func(name string) { b.WriteString("\n── " + name + ":\n") }
	if len(m.Coefficients) > 0 {
		section("Coefficients")
		head, rows, hasP := m.coefTable()
		if m.hasStats() {
			alignRows(&b, append([][]string{head}, rows...), func(j int) bool { return j > 0 && (!hasP || j < len(head)-1) })
			if hasP {
				b.WriteString("---\nSignif. codes: 0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1\n")
			}
		} else {
			labels := make([]string, len(rows))
			values := make([]string, len(rows))
			for i, r := range rows {
				labels[i] = r[0]
				values[i] = r[1]
				if !strings.HasPrefix(values[i], "-") {
					values[i] = " " + values[i]
				}
			}
			twoColumns(&b, labelled(labels, values))
		}
	}
	if len(m.Metrics) > 0 {
		section("Summary")
		labels := make([]string, len(m.Metrics))
		values := make([]string, len(m.Metrics))
		for i, mt := range m.Metrics {
			labels[i] = visible(metricLabel(mt.Name))
			values[i] = shortMetric(mt.Value)
		}
		twoColumns(&b, labelled(labels, values))
	}
	if fi := m.sortedImportances(); len(fi) > 0 {
		section("Feature importances")
		nw := 0
		for _, f := range fi {
			nw = max(nw, textWidth(visible(f.Name)))
		}
		nw = min(nw, 30)
		top := maxImportance(fi)
		for i, f := range fi {
			if i == 20 {
				b.WriteString("… " + strconv.Itoa(len(fi)-i) + " more\n")
				break
			}
			b.WriteString(pad(truncateWidth(visible(f.Name), nw), nw, false) + " " + pad(textBar(f.Importance/top, 24), 24, false) + " " + formatFloat(f.Importance, 3) + "\n")
		}
	}
	if len(m.ClusterCenters) > 0 {
		section("Cluster centers")
		t := m.centersModel()
		rows := [][]string{make([]string, len(t.cols))}
		for j, c := range t.cols {
			rows[0][j] = c.name
		}
		for i := 0; i < t.rows; i++ {
			r := make([]string, len(t.cols))
			for j, c := range t.cols {
				r[j] = c.cells[i]
			}
			rows = append(rows, r)
		}
		alignRows(&b, rows, func(int) bool { return true })
	}
	if len(m.Params) > 0 {
		section("Parameters")
		ps := m.sortedParams()
		labels := make([]string, len(ps))
		values := make([]string, len(ps))
		for i, p := range ps {
			labels[i] = visible(p.Name)
			values[i] = cutValue(p.Value)
		}
		twoColumns(&b, labelled(labels, values))
	}
	return strings.TrimRight(b.String(), "\n")
}

func shortMetric(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return formatFloat(v, min(floatDecimals(v), 3))
}

func (m *ModelCard) sortedImportances() []FeatureImportance {
	fi := append([]FeatureImportance(nil), m.FeatureImportances...)
	sort.SliceStable(fi, func(i, j int) bool { return fi[i].Importance > fi[j].Importance })
	return fi
}

func maxImportance(fi []FeatureImportance) float64 {
	top := 0.0
	for _, f := range fi {
		top = max(top, f.Importance)
	}
	if top <= 0 {
		return 1
	}
	return top
}

func (m *ModelCard) sortedParams() []Param {
	ps := append([]Param(nil), m.Params...)
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Name < ps[j].Name })
	return ps
}

// textBar draws frac (0..1) of width cells with block characters.
func textBar(frac float64, width int) string {
	if math.IsNaN(frac) || frac < 0 {
		frac = 0
	}
	eighths := int(math.Round(min(frac, 1) * float64(width*8)))
	s := strings.Repeat("█", eighths/8)
	if r := eighths % 8; r > 0 {
		s += string([]rune("▏▎▍▌▋▊▉")[r-1])
	}
	return s
}

// centersModel lays the cluster centers out as a table model.
func (m *ModelCard) centersModel() *tableModel {
	dims := 0
	for _, c := range m.ClusterCenters {
		dims = max(dims, len(c))
	}
	t := &tableModel{rows: len(m.ClusterCenters), htmlCols: dims + 1}
	cluster := tcol{name: "cluster", badge: "", right: true, cls: "sg-r"}
	for i := range m.ClusterCenters {
		cluster.cells = append(cluster.cells, strconv.Itoa(i))
		cluster.nulls = append(cluster.nulls, false)
	}
	t.cols = append(t.cols, cluster)
	for d := 0; d < dims; d++ {
		name := "x" + strconv.Itoa(d+1)
		if d < len(m.Features) {
			name = visible(m.Features[d])
		}
		var vals []float64
		for _, c := range m.ClusterCenters {
			if d < len(c) {
				vals = append(vals, c[d])
			}
		}
		dec := coefDecimals(vals)
		col := tcol{name: name, right: true, cls: "sg-r"}
		for _, c := range m.ClusterCenters {
			if d < len(c) {
				col.cells = append(col.cells, formatFloat(c[d], dec))
				col.nulls = append(col.nulls, false)
			} else {
				col.cells = append(col.cells, "")
				col.nulls = append(col.nulls, true)
			}
		}
		t.cols = append(t.cols, col)
	}
	return t
}

func (m *ModelCard) html() string {
	var w htmlw
	w.raw(`<div class="sparkgo sg-model">`)
	w.raw(css)
	w.raw(`<h3>`)
	w.text(m.Class)
	if m.SparkVersion != "" {
		w.raw(`<span class="sg-badge">Spark `)
		w.text(m.SparkVersion)
		w.raw(`</span>`)
	}
	w.raw(`<span class="sg-badge">MLlib</span></h3>`)
	if m.Formula != "" || m.TrainingRows > 0 || m.UID != "" {
		w.raw(`<div class="sg-kv">`)
		if m.Formula != "" {
			w.raw(`<span class="sg-k">Formula:</span> <code>`)
			w.text(m.Formula)
			w.raw(`</code> `)
		}
		if m.TrainingRows > 0 {
			w.raw(`<span class="sg-k">· Training rows:</span> `)
			w.text(commas(m.TrainingRows))
			w.raw(` `)
		}
		if m.UID != "" {
			w.raw(`<span class="sg-k">· uid:</span> `)
			w.text(m.UID)
		}
		w.raw(`</div>`)
	}
	if len(m.Coefficients) > 0 {
		w.raw(`<h4>Coefficients</h4><table><thead><tr>`)
		head, rows, hasP := m.coefTable()
		for j, h := range head {
			if hasP && j == len(head)-1 {
				continue
			}
			if j == 0 {
				w.raw(`<th>Term</th>`)
				continue
			}
			w.raw(`<th class="sg-r">`)
			w.text(h)
			w.raw(`</th>`)
		}
		w.raw("</tr></thead><tbody>\n")
		for _, r := range rows {
			w.raw(`<tr><td class="sg-m">`)
			w.text(r[0])
			w.raw(`</td>`)
			end := len(r)
			if hasP {
				end -= 2
			}
			for _, c := range r[1:end] {
				w.raw(`<td class="sg-r">`)
				w.text(c)
				w.raw(`</td>`)
			}
			if hasP {
				w.raw(`<td class="sg-r">`)
				w.text(r[end])
				if r[end+1] != "" {
					w.raw(` <b title="significance: *** p&lt;0.001, ** p&lt;0.01, * p&lt;0.05, . p&lt;0.1">`)
					w.text(r[end+1])
					w.raw(`</b>`)
				}
				w.raw(`</td>`)
			}
			w.raw("</tr>\n")
		}
		w.raw(`</tbody></table>`)
	}
	if len(m.Metrics) > 0 {
		w.raw(`<h4>Fit statistics</h4><table><tbody>`)
		for _, mt := range m.Metrics {
			w.raw(`<tr><td`)
			w.attr("title", mt.Name)
			w.raw(`>`)
			w.text(metricLabel(mt.Name))
			w.raw(`</td><td class="sg-r">`)
			w.text(shortMetric(mt.Value))
			w.raw(`</td></tr>`)
		}
		w.raw(`</tbody></table>`)
	}
	if fi := m.sortedImportances(); len(fi) > 0 {
		top := maxImportance(fi)
		w.raw(`<h4>Feature importances</h4><table><tbody>`)
		for _, f := range fi {
			w.raw(`<tr><td class="sg-m">`)
			w.text(f.Name)
			w.raw(`</td><td><span class="sg-track"><span class="sg-bar" style="width:`)
			w.raw(strconv.FormatFloat(math.Max(0, math.Min(100, 100*f.Importance/top)), 'f', 1, 64))
			w.raw(`%"></span></span></td><td class="sg-r">`)
			w.text(formatFloat(f.Importance, 3))
			w.raw(`</td></tr>`)
		}
		w.raw(`</tbody></table>`)
	}
	if len(m.ClusterCenters) > 0 {
		w.raw(`<h4>Cluster centers</h4>`)
		t := m.centersModel()
		w.raw(`<div class="sg-scroll"><table><thead><tr>`)
		for _, c := range t.cols {
			w.raw(`<th class="sg-r">`)
			w.text(c.name)
			w.raw(`</th>`)
		}
		w.raw(`</tr></thead><tbody>`)
		for i := 0; i < t.rows; i++ {
			w.raw(`<tr>`)
			for j, c := range t.cols {
				if j == 0 {
					w.raw(`<td class="sg-i">`)
				} else {
					w.raw(`<td class="sg-r">`)
				}
				w.text(c.cells[i])
				w.raw(`</td>`)
			}
			w.raw(`</tr>`)
		}
		w.raw(`</tbody></table></div>`)
	}
	if len(m.Params) > 0 {
		w.raw(`<h4>Parameters</h4><div class="sg-grid sg-kv">`)
		for _, p := range m.sortedParams() {
			w.raw(`<span`)
			if p.Doc != "" {
				w.attr("title", p.Doc)
				w.raw(` class="sg-trunc"`)
			}
			w.raw(`><span class="sg-k">`)
			w.text(p.Name)
			w.raw(`:</span> `)
			v, cut := truncateRunes(p.Value, 40)
			if cut {
				w.raw(`<span`)
				w.attr("title", p.Value)
				w.raw(`>`)
				w.text(v)
				w.raw(`</span>`)
			} else {
				w.text(v)
			}
			w.raw(`</span>`)
		}
		w.raw(`</div>`)
	}
	w.raw("</div>\n")
	return w.String()
}

// alignRows writes rows as columns separated by one space, right-aligning
// the columns for which right is true.
func alignRows(b *strings.Builder, rows [][]string, right func(j int) bool) {
	var widths []int
	for _, r := range rows {
		for j, c := range r {
			if j >= len(widths) {
				widths = append(widths, 0)
			}
			widths[j] = max(widths[j], textWidth(c))
		}
	}
	for _, r := range rows {
		var l strings.Builder
		for j, c := range r {
			if j > 0 {
				l.WriteByte(' ')
			}
			l.WriteString(pad(c, widths[j], right(j)))
		}
		b.WriteString(strings.TrimRight(l.String(), " ") + "\n")
	}
}
