package display

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

func salesRecord(t testing.TB, mem memory.Allocator) arrow.RecordBatch {
	schema := arrow.NewSchema([]arrow.Field{
		field("region", arrow.BinaryTypes.String),
		field("month", arrow.PrimitiveTypes.Int32),
		field("amount.usd", arrow.PrimitiveTypes.Float64),
		field("day", arrow.FixedWidthTypes.Date32),
	}, nil)
	b := array.NewRecordBuilder(mem, schema)
	defer b.Release()
	regions := []string{"north", "south", "<east>"}
	for i := 0; i < 12; i++ {
		b.Field(0).(*array.StringBuilder).Append(regions[i%3])
		b.Field(1).(*array.Int32Builder).Append(int32(i/3 + 1))
		b.Field(2).(*array.Float64Builder).Append(float64((i*37)%50) + 0.5)
		b.Field(3).(*array.Date32Builder).Append(arrow.Date32(19723 + i*7))
	}
	return b.NewRecordBatch()
}

func TestPlot(t *testing.T) {
	mem := checkedAlloc(t)
	rec := salesRecord(t, mem)
	defer rec.Release()
	tests := []struct {
		name string
		opts PlotOptions
		text string
	}{
		{"plot_bar", PlotOptions{Kind: PlotBar, X: "region", Y: "amount.usd", Title: "Sales <by> region"},
			"Sales <by> region: Bar chart of amount.usd by region (12 rows)"},
		{"plot_line", PlotOptions{Kind: PlotLine, X: "day", Y: "amount.usd", Color: "region"},
			"Line chart of amount.usd by day, coloured by region (12 rows)"},
		{"plot_scatter", PlotOptions{Kind: PlotScatter, X: "month", Y: "amount.usd", MaxPoints: 6},
			"Scatter plot of amount.usd against month (6 rows of 12)"},
		{"plot_histogram", PlotOptions{Kind: PlotHistogram, X: "amount.usd", Bins: 5},
			"Histogram of amount.usd (12 rows)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Plot(rec, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if b.Text() != tt.text {
				t.Errorf("text = %q, want %q", b.Text(), tt.text)
			}
			golden(t, tt.name+".html", b.HTML())
			raw, _ := b.Get(MIMEVegaLite)
			golden(t, tt.name+".vl.json", string(raw)+"\n")
			var spec struct {
				Schema string `json:"$schema"`
				Data   struct {
					Values []map[string]any `json:"values"`
				} `json:"data"`
				Encoding map[string]map[string]any `json:"encoding"`
			}
			if err := json.Unmarshal(raw, &spec); err != nil {
				t.Fatal(err)
			}
			if spec.Schema != "https://vega.github.io/schema/vega-lite/v5.json" || len(spec.Data.Values) != min(12, max(tt.opts.MaxPoints, 12*boolInt(tt.opts.MaxPoints == 0))) {
				t.Errorf("spec: schema %q, %d values", spec.Schema, len(spec.Data.Values))
			}
			if f := spec.Encoding["x"]["field"]; f != vlField(tt.opts.X) {
				t.Errorf("x field = %v", f)
			}
			if strings.Contains(b.HTML(), "<east>") || strings.Contains(b.HTML(), "<by>") {
				t.Errorf("SVG does not escape labels")
			}
		})
	}
	raw, _ := func() ([]byte, bool) { b, _ := Plot(rec, tests[1].opts); return b.Get(MIMEVegaLite) }()
	if !strings.Contains(string(raw), `"day":"2024-01-01T00:00:00.000Z"`) || !strings.Contains(string(raw), `"field":"amount\\.usd"`) {
		t.Errorf("temporal values or escaped field names wrong: %.300s", raw)
	}

	for _, bad := range []PlotOptions{
		{Kind: "pie", X: "region", Y: "amount.usd"},
		{Kind: PlotBar, X: "nope", Y: "amount.usd"},
		{Kind: PlotLine, X: "month", Y: "region"},
		{Kind: PlotHistogram, X: "region"},
	} {
		if _, err := Plot(rec, bad); err == nil {
			t.Errorf("Plot(%+v) succeeded", bad)
		}
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
