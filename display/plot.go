package display

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// Chart kinds for PlotOptions.Kind.
const (
	PlotBar       = "bar"
	PlotLine      = "line"
	PlotScatter   = "scatter"
	PlotHistogram = "histogram"
)

// Defaults of PlotOptions.
const (
	DefaultPlotWidth     = 480
	DefaultPlotHeight    = 300
	DefaultPlotMaxPoints = 5000
	DefaultBins          = 20
)

// PlotOptions describes a chart.
type PlotOptions struct {
	// Kind is PlotBar, PlotLine, PlotScatter or PlotHistogram.
	Kind string
	// X and Y name the columns on the axes. A histogram uses only X, which
	// must be numeric. Y must be numeric for the other kinds.
	X, Y string
	// Color optionally names a column whose values split the data into
	// coloured series.
	Color string
	// Title is the chart title; "" means none.
	Title string
	// Bins is the maximum number of histogram bins: 0 means DefaultBins.
	Bins int
	// Width and Height are the size of the plot area in pixels: 0 means
	// DefaultPlotWidth and DefaultPlotHeight.
	Width, Height int
	// MaxPoints caps the rows plotted: 0 means DefaultPlotMaxPoints. Rows
	// past it are left out and the text rendering says so.
	MaxPoints int
}

// palette is Vega's default categorical scheme (tableau10), so that the SVG
// fallback has the colours of the Vega-Lite chart.
var palette = []string{"#4c78a8", "#f58518", "#e45756", "#72b7b2", "#54a24b", "#eeca3b", "#b279a2", "#ff9da6", "#9d755d", "#bab0ac"}

type plotKind int

const (
	nominal plotKind = iota
	quantitative
	temporal
)

func (k plotKind) String() string {
	return [...]string{"nominal", "quantitative", "temporal"}[k]
}

// plotCol is one column's values: num for quantitative and temporal
// (milliseconds since the epoch), str for nominal; ok is false for nulls.
type plotCol struct {
	name string
	kind plotKind
	num  []float64
	str  []string
	ok   []bool
}

func columnKind(t arrow.DataType) plotKind {
	switch t.(type) {
	case *arrow.Date32Type, *arrow.Date64Type, *arrow.TimestampType:
		return temporal
	}
	if isNumeric(t) {
		if _, ok := t.(*arrow.MonthIntervalType); !ok {
			return quantitative
		}
	}
	return nominal
}

func extract(rec arrow.RecordBatch, name string, n int) (*plotCol, error) {
	idx := rec.Schema().FieldIndices(name)
	if len(idx) == 0 {
		return nil, fmt.Errorf("display: no column %q", name)
	}
	arr := rec.Column(idx[0])
	c := &plotCol{name: name, kind: columnKind(arr.DataType()), ok: make([]bool, n)}
	if c.kind == nominal {
		c.str = make([]string, n)
	} else {
		c.num = make([]float64, n)
	}
	for i := 0; i < n; i++ {
		if isNull(arr, i) {
			continue
		}
		c.ok[i] = true
		if c.kind == nominal {
			c.str[i] = scalarString(arr, i, false)
			continue
		}
		v := math.NaN()
		switch a := arr.(type) {
		case *array.Float64:
			v = a.Value(i)
		case *array.Float32:
			v = float64(a.Value(i))
		case *array.Decimal128:
			v = a.Value(i).ToFloat64(a.DataType().(arrow.DecimalType).GetScale())
		case *array.Decimal256:
			v = a.Value(i).ToFloat64(a.DataType().(arrow.DecimalType).GetScale())
		case *array.Date32:
			v = float64(a.Value(i).ToTime().UnixMilli())
		case *array.Date64:
			v = float64(a.Value(i).ToTime().UnixMilli())
		case *array.Timestamp:
			v = float64(a.Value(i).ToTime(a.DataType().(*arrow.TimestampType).Unit).UnixMilli())
		case *array.Duration:
			v = float64(a.Value(i))
		default:
			if f, err := strconv.ParseFloat(scalarString(arr, i, false), 64); err == nil {
				v = f
			}
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			c.ok[i] = false
		}
		c.num[i] = v
	}
	return c, nil
}

// jsonValue is row i of c as a Vega-Lite data value.
func (c *plotCol) jsonValue(i int) any {
	switch {
	case !c.ok[i]:
		return nil
	case c.kind == nominal:
		return c.str[i]
	case c.kind == temporal:
		return time.UnixMilli(int64(c.num[i])).UTC().Format("2006-01-02T15:04:05.000Z")
	}
	return c.num[i]
}

// vlField escapes the characters Vega-Lite gives meaning in field names.
func vlField(name string) string {
	r := strings.NewReplacer(`\`, `\\`, ".", `\.`, "[", `\[`, "]", `\]`)
	return r.Replace(name)
}

// Plot draws a chart of the first rows of rec as a Vega-Lite v5 spec
// (MIMEVegaLite, with the data inline) plus an inline SVG in text/html for
// static exports, and a one-line description in text/plain. It reads at
// most opts.MaxPoints rows; it does not retain or release rec.
func Plot(rec arrow.RecordBatch, opts PlotOptions) (Bundle, error) {
	if rec == nil {
		return Bundle{}, errors.New("display: Plot of a nil record")
	}
	if opts.Width <= 0 {
		opts.Width = DefaultPlotWidth
	}
	if opts.Height <= 0 {
		opts.Height = DefaultPlotHeight
	}
	if opts.Bins <= 0 {
		opts.Bins = DefaultBins
	}
	if opts.MaxPoints <= 0 {
		opts.MaxPoints = DefaultPlotMaxPoints
	}
	n := int(min(rec.NumRows(), int64(opts.MaxPoints)))
	x, err := extract(rec, opts.X, n)
	if err != nil {
		return Bundle{}, err
	}
	var y, color *plotCol
	switch opts.Kind {
	case PlotHistogram:
		if x.kind != quantitative {
			return Bundle{}, fmt.Errorf("display: histogram of non-numeric column %q", opts.X)
		}
	case PlotBar, PlotLine, PlotScatter:
		if y, err = extract(rec, opts.Y, n); err != nil {
			return Bundle{}, err
		}
		if y.kind != quantitative {
			return Bundle{}, fmt.Errorf("display: %s chart of non-numeric column %q", opts.Kind, opts.Y)
		}
	default:
		return Bundle{}, fmt.Errorf("display: unknown chart kind %q (want bar, line, scatter or histogram)", opts.Kind)
	}
	if opts.Color != "" {
		if color, err = extract(rec, opts.Color, n); err != nil {
			return Bundle{}, err
		}
		if color.kind != nominal {
			// Colour by the formatted value.
			for i := range color.ok {
				if color.ok[i] {
					color.str = append(color.str, shortFloat(color.num[i]))
				} else {
					color.str = append(color.str, "")
				}
			}
			color.kind = nominal
		}
	}

	spec := vegaLite(opts, x, y, color, n)
	desc := describePlot(opts, n, rec.NumRows())
	svg := drawSVG(opts, x, y, color, n)
	var w htmlw
	w.raw(`<div class="sparkgo sg-plot">`)
	w.raw(css)
	w.raw(svg)
	w.raw("</div>\n")
	return newBundle(desc, w.String()).withJSON(MIMEVegaLite, spec), nil
}

func describePlot(opts PlotOptions, n int, total int64) string {
	var s string
	switch opts.Kind {
	case PlotHistogram:
		s = "Histogram of " + opts.X
	case PlotScatter:
		s = "Scatter plot of " + opts.Y + " against " + opts.X
	default:
		s = strings.ToUpper(opts.Kind[:1]) + opts.Kind[1:] + " chart of " + opts.Y + " by " + opts.X
	}
	if opts.Color != "" {
		s += ", coloured by " + opts.Color
	}
	s += " (" + plural(int64(n), "row")
	if int64(n) < total {
		s += " of " + commas(total)
	}
	s += ")"
	if opts.Title != "" {
		s = opts.Title + ": " + s
	}
	return visible(s)
}

func vegaLite(opts PlotOptions, x, y, color *plotCol, n int) map[string]any {
	values := make([]map[string]any, 0, n)
	for i := 0; i < n; i++ {
		row := map[string]any{x.name: x.jsonValue(i)}
		if y != nil {
			row[y.name] = y.jsonValue(i)
		}
		if color != nil {
			row[color.name] = color.jsonValue(i)
		}
		values = append(values, row)
	}
	enc := map[string]any{}
	mark := map[string]any{"tooltip": true}
	switch opts.Kind {
	case PlotHistogram:
		mark["type"] = "bar"
		enc["x"] = map[string]any{"field": vlField(x.name), "type": "quantitative", "bin": map[string]any{"maxbins": opts.Bins}, "title": x.name}
		enc["y"] = map[string]any{"aggregate": "count", "type": "quantitative", "title": "count"}
	case PlotBar:
		mark["type"] = "bar"
		xt := x.kind.String()
		if x.kind == quantitative {
			xt = "ordinal"
		}
		enc["x"] = map[string]any{"field": vlField(x.name), "type": xt, "title": x.name, "sort": nil}
		enc["y"] = map[string]any{"field": vlField(y.name), "type": "quantitative", "title": y.name}
	case PlotLine:
		mark["type"] = "line"
		mark["point"] = n <= 200
		enc["x"] = map[string]any{"field": vlField(x.name), "type": x.kind.String(), "title": x.name}
		enc["y"] = map[string]any{"field": vlField(y.name), "type": "quantitative", "title": y.name}
	case PlotScatter:
		mark["type"] = "point"
		enc["x"] = map[string]any{"field": vlField(x.name), "type": x.kind.String(), "title": x.name, "scale": map[string]any{"zero": false}}
		enc["y"] = map[string]any{"field": vlField(y.name), "type": "quantitative", "title": y.name, "scale": map[string]any{"zero": false}}
	}
	if color != nil {
		enc["color"] = map[string]any{"field": vlField(color.name), "type": "nominal", "title": color.name}
	}
	spec := map[string]any{
		"$schema":  "https://vega.github.io/schema/vega-lite/v5.json",
		"width":    opts.Width,
		"height":   opts.Height,
		"data":     map[string]any{"values": values},
		"mark":     mark,
		"encoding": enc,
	}
	if opts.Title != "" {
		spec["title"] = opts.Title
	}
	return spec
}
