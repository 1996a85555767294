package display

import (
	"encoding/json"
	"sort"
)

// MIME types used in bundles.
const (
	MIMEText     = "text/plain"
	MIMEHTML     = "text/html"
	MIMEMarkdown = "text/markdown"
	MIMEJSON     = "application/json"
	MIMEVegaLite = "application/vnd.vegalite.v5+json"
	MIMESVG      = "image/svg+xml"
	// MIMEModelCard carries a model card as JSON, for programs. It is a
	// vendor type rather than application/json because JupyterLab ranks
	// its JSON viewer above HTML and would show the card as a JSON tree.
	MIMEModelCard = "application/vnd.sparkgo.model+json"
)

// Bundle is a Jupyter MIME bundle: the data and metadata of a display_data
// or execute_result message. Data always holds MIMEText. Text MIME types
// (text/plain, text/html, text/markdown, image/svg+xml) map to strings;
// JSON MIME types (application/json, vega-lite) map to json.RawMessage, so
// that json.Marshal of the bundle embeds them as JSON objects, as Jupyter
// expects.
type Bundle struct {
	// Data maps a MIME type to its rendering.
	Data map[string]any
	// Metadata maps a MIME type to its metadata; it may be nil.
	Metadata map[string]any
}

// Text returns the text/plain rendering.
func (b Bundle) Text() string { return b.str(MIMEText) }

// HTML returns the text/html rendering, or "" when there is none.
func (b Bundle) HTML() string { return b.str(MIMEHTML) }

// String returns the text/plain rendering, so that a Bundle prints like its
// plain-text form.
func (b Bundle) String() string { return b.Text() }

// Get returns the rendering for mime as bytes: a string's bytes, or the JSON
// of a JSON MIME type. It reports false when the bundle has no such MIME
// type.
func (b Bundle) Get(mime string) ([]byte, bool) {
	v, ok := b.Data[mime]
	if !ok {
		return nil, false
	}
	switch v := v.(type) {
	case string:
		return []byte(v), true
	case json.RawMessage:
		return []byte(v), true
	case []byte:
		return v, true
	}
	out, err := json.Marshal(v)
	return out, err == nil
}

// MIMETypes returns the MIME types of the bundle's data, sorted.
func (b Bundle) MIMETypes() []string {
	out := make([]string, 0, len(b.Data))
	for k := range b.Data {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// MarshalJSON encodes the bundle as {"data": …, "metadata": …}, the shape of
// a display_data message's content. Metadata is {} when nil.
func (b Bundle) MarshalJSON() ([]byte, error) {
	md := b.Metadata
	if md == nil {
		md = map[string]any{}
	}
	data := b.Data
	if data == nil {
		data = map[string]any{}
	}
	return json.Marshal(struct {
		Data     map[string]any `json:"data"`
		Metadata map[string]any `json:"metadata"`
	}{data, md})
}

func (b Bundle) str(mime string) string {
	s, _ := b.Data[mime].(string)
	return s
}

func newBundle(text, html string) Bundle {
	b := Bundle{Data: map[string]any{MIMEText: text}}
	if html != "" {
		b.Data[MIMEHTML] = html
	}
	return b
}

// withJSON adds mime with v marshalled as JSON; marshal failures (which
// cannot happen for the plain structs used here) drop the entry.
func (b Bundle) withJSON(mime string, v any) Bundle {
	raw, err := json.Marshal(v)
	if err == nil {
		b.Data[mime] = json.RawMessage(raw)
	}
	return b
}
