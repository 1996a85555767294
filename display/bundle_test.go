package display

import (
	"encoding/json"
	"testing"
)

func TestBundleJSON(t *testing.T) {
	mem := checkedAlloc(t)
	rec := salesRecord(t, mem)
	defer rec.Release()
	b, err := Plot(rec, PlotOptions{Kind: PlotScatter, X: "month", Y: "amount.usd"})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	var msg struct {
		Data     map[string]json.RawMessage `json:"data"`
		Metadata map[string]any             `json:"metadata"`
	}
	if err := json.Unmarshal(raw, &msg); err != nil {
		t.Fatal(err)
	}
	if msg.Metadata == nil || len(msg.Data) != 3 {
		t.Errorf("bundle JSON: metadata %v, %d MIME types", msg.Metadata, len(msg.Data))
	}
	if vl := msg.Data[MIMEVegaLite]; len(vl) == 0 || vl[0] != '{' {
		t.Errorf("vega-lite is not embedded as a JSON object: %.40s", vl)
	}
	if got := b.MIMETypes(); len(got) != 3 || got[0] != MIMEVegaLite || got[1] != MIMEHTML || got[2] != MIMEText {
		t.Errorf("MIMETypes() = %v", got)
	}
	if b.String() != b.Text() {
		t.Errorf("String() != Text()")
	}
}
