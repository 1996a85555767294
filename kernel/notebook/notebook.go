// Package notebook reads, runs, writes and exports Jupyter notebooks
// (nbformat 4). It is what `sparkgo-kernel run` uses to execute a notebook
// without a Jupyter server: [Run] drives an [Executor] (the kernel's cell
// runner) and records what each cell produced as nbformat outputs, [Write]
// saves the notebook byte for byte as Jupyter would, and [WriteHTML]
// renders a self-contained report.
//
// Fields this package does not model (at any level: notebook, cell,
// output) are kept and written back, so that a notebook written by a newer
// Jupyter or an extension survives a round trip.
package notebook

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Cell types.
const (
	Code     = "code"
	Markdown = "markdown"
	Raw      = "raw"
)

// Output types.
const (
	Stream        = "stream"
	DisplayData   = "display_data"
	ExecuteResult = "execute_result"
	Error         = "error"
)

// Notebook is an nbformat 4 notebook.
type Notebook struct {
	Cells []*Cell
	// Metadata is the notebook's metadata (kernelspec, language_info, and
	// anything else). Numbers read from a file are json.Number, so that
	// they are written back exactly as they were.
	Metadata map[string]any
	// Nbformat is 4; NbformatMinor is at least 5 once written, since Write
	// always writes cell ids.
	Nbformat, NbformatMinor int

	extra map[string]json.RawMessage
}

// Cell is one notebook cell.
type Cell struct {
	// ID is the cell id nbformat 4.5 requires. Write fills in a fresh one
	// when it is missing, invalid or duplicated.
	ID       string
	CellType string // Code, Markdown or Raw
	Source   string
	Metadata map[string]any
	// Outputs and ExecutionCount are for code cells only.
	Outputs        []Output
	ExecutionCount *int
	// Attachments maps an attachment's name to its MIME bundle (image data
	// as base64 text); Markdown refers to them as attachment:NAME. Markdown
	// and raw cells only.
	Attachments map[string]map[string]any

	extra map[string]json.RawMessage
}

// Output is one output of a code cell. Which fields apply depends on
// OutputType: Name and Text for Stream; Data and Metadata for DisplayData
// and ExecuteResult (which adds ExecutionCount); Ename, Evalue and
// Traceback for Error.
type Output struct {
	OutputType string
	Name, Text string
	// Data maps a MIME type to its content: a string for text types and
	// for base64 image data, a decoded JSON value for JSON types.
	Data           map[string]any
	Metadata       map[string]any
	ExecutionCount *int
	Ename, Evalue  string
	Traceback      []string

	// displayID is the transient display_id a display was shown with: it
	// lets later updates find it during a run but is never written, as in
	// Jupyter.
	displayID string
	extra     map[string]json.RawMessage
}

// New returns an empty nbformat 4.5 notebook.
func New() *Notebook {
	return &Notebook{Nbformat: 4, NbformatMinor: 5, Metadata: map[string]any{}}
}

// NewCode returns a code cell that has not run.
func NewCode(source string) *Cell {
	return &Cell{CellType: Code, Source: source, Metadata: map[string]any{}, Outputs: []Output{}}
}

// NewMarkdown returns a Markdown cell.
func NewMarkdown(source string) *Cell {
	return &Cell{CellType: Markdown, Source: source, Metadata: map[string]any{}}
}

// Read parses a notebook. Multi-line strings may be stored either as one
// string or as a list of lines, as nbformat allows; both read the same.
// Notebooks in another major format (v3 and older, with worksheets) are
// rejected with an error saying how to convert them.
func Read(r io.Reader) (*Notebook, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("notebook: %w", err)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, fmt.Errorf("notebook: not a Jupyter notebook: %w", jsonError(data, err))
	}
	rawFormat, ok := top["nbformat"]
	if !ok {
		return nil, errors.New(`notebook: not a Jupyter notebook: no "nbformat" field`)
	}
	nb := &Notebook{}
	if err := json.Unmarshal(rawFormat, &nb.Nbformat); err != nil {
		return nil, fmt.Errorf("notebook: nbformat: %w", err)
	}
	switch {
	case nb.Nbformat < 4:
		return nil, fmt.Errorf("notebook: nbformat %d is not supported, only 4: convert it with `jupyter nbconvert --to notebook --inplace FILE` or by saving it from Jupyter", nb.Nbformat)
	case nb.Nbformat > 4:
		return nil, fmt.Errorf("notebook: nbformat %d is newer than the supported version 4", nb.Nbformat)
	}
	if raw, ok := top["nbformat_minor"]; ok {
		if err := json.Unmarshal(raw, &nb.NbformatMinor); err != nil {
			return nil, fmt.Errorf("notebook: nbformat_minor: %w", err)
		}
	}
	if raw, ok := top["metadata"]; ok {
		if nb.Metadata, err = decodeObject(raw); err != nil {
			return nil, fmt.Errorf("notebook: metadata: %w", err)
		}
	}
	var cells []json.RawMessage
	if raw, ok := top["cells"]; ok {
		if err := json.Unmarshal(raw, &cells); err != nil {
			return nil, fmt.Errorf("notebook: cells: %w", err)
		}
	}
	for i, raw := range cells {
		c, err := readCell(raw)
		if err != nil {
			return nil, fmt.Errorf("notebook: cell %d: %w", i+1, err)
		}
		nb.Cells = append(nb.Cells, c)
	}
	nb.extra = leftovers(top, "nbformat", "nbformat_minor", "metadata", "cells")
	return nb, nil
}

func readCell(data []byte) (*Cell, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, err
	}
	c := &Cell{}
	var err error
	if err = optional(m, "id", &c.ID); err != nil {
		return nil, err
	}
	if err = optional(m, "cell_type", &c.CellType); err != nil {
		return nil, err
	}
	if c.CellType == "" {
		return nil, errors.New(`no "cell_type"`)
	}
	if c.Source, err = multiline(m["source"]); err != nil {
		return nil, fmt.Errorf("source: %w", err)
	}
	if raw, ok := m["metadata"]; ok {
		if c.Metadata, err = decodeObject(raw); err != nil {
			return nil, fmt.Errorf("metadata: %w", err)
		}
	}
	if raw, ok := m["execution_count"]; ok && string(raw) != "null" {
		var n int
		if err := json.Unmarshal(raw, &n); err != nil {
			return nil, fmt.Errorf("execution_count: %w", err)
		}
		c.ExecutionCount = &n
	}
	if raw, ok := m["outputs"]; ok {
		var outs []json.RawMessage
		if err := json.Unmarshal(raw, &outs); err != nil {
			return nil, fmt.Errorf("outputs: %w", err)
		}
		c.Outputs = make([]Output, 0, len(outs))
		for i, raw := range outs {
			o, err := readOutput(raw)
			if err != nil {
				return nil, fmt.Errorf("output %d: %w", i+1, err)
			}
			c.Outputs = append(c.Outputs, o)
		}
	}
	if raw, ok := m["attachments"]; ok {
		var atts map[string]json.RawMessage
		if err := json.Unmarshal(raw, &atts); err != nil {
			return nil, fmt.Errorf("attachments: %w", err)
		}
		c.Attachments = make(map[string]map[string]any, len(atts))
		for name, raw := range atts {
			b, err := readBundle(raw)
			if err != nil {
				return nil, fmt.Errorf("attachment %q: %w", name, err)
			}
			c.Attachments[name] = b
		}
	}
	c.extra = leftovers(m, "id", "cell_type", "source", "metadata", "execution_count", "outputs", "attachments")
	return c, nil
}

func readOutput(data []byte) (Output, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		return Output{}, err
	}
	var o Output
	var err error
	for key, dst := range map[string]*string{"output_type": &o.OutputType, "name": &o.Name, "ename": &o.Ename, "evalue": &o.Evalue} {
		if err := optional(m, key, dst); err != nil {
			return Output{}, err
		}
	}
	if o.OutputType == "" {
		return Output{}, errors.New(`no "output_type"`)
	}
	if _, ok := m["text"]; ok {
		if o.Text, err = multiline(m["text"]); err != nil {
			return Output{}, fmt.Errorf("text: %w", err)
		}
	}
	if raw, ok := m["data"]; ok {
		if o.Data, err = readBundle(raw); err != nil {
			return Output{}, fmt.Errorf("data: %w", err)
		}
	}
	if raw, ok := m["metadata"]; ok {
		if o.Metadata, err = decodeObject(raw); err != nil {
			return Output{}, fmt.Errorf("metadata: %w", err)
		}
	}
	if raw, ok := m["execution_count"]; ok && string(raw) != "null" {
		var n int
		if err := json.Unmarshal(raw, &n); err != nil {
			return Output{}, fmt.Errorf("execution_count: %w", err)
		}
		o.ExecutionCount = &n
	}
	if raw, ok := m["traceback"]; ok {
		if err := json.Unmarshal(raw, &o.Traceback); err != nil {
			return Output{}, fmt.Errorf("traceback: %w", err)
		}
	}
	o.extra = leftovers(m, "output_type", "name", "text", "data", "metadata", "execution_count", "ename", "evalue", "traceback")
	return o, nil
}

// readBundle decodes a MIME bundle, joining the line lists Jupyter splits
// text into; JSON types keep their value, lists included.
func readBundle(data []byte) (map[string]any, error) {
	b, err := decodeObject(data)
	if err != nil {
		return nil, err
	}
	for mime, v := range b {
		if isJSONMIME(mime) {
			continue
		}
		list, ok := v.([]any)
		if !ok {
			continue
		}
		var sb strings.Builder
		joined := true
		for _, l := range list {
			s, ok := l.(string)
			if !ok {
				joined = false
				break
			}
			sb.WriteString(s)
		}
		if joined {
			b[mime] = sb.String()
		}
	}
	return b, nil
}

func isJSONMIME(mime string) bool {
	return mime == "application/json" || strings.HasPrefix(mime, "application/") && strings.HasSuffix(mime, "+json")
}

// splitMIME reports whether Jupyter stores a MIME type's string as a list
// of lines (so that diffs of notebooks are line-based).
func splitMIME(mime string) bool {
	return strings.HasPrefix(mime, "text/") || mime == "application/javascript" || mime == "image/svg+xml"
}

// multiline decodes a string stored as a string or a list of strings.
func multiline(raw json.RawMessage) (string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s, nil
	}
	var lines []string
	if err := json.Unmarshal(raw, &lines); err != nil {
		return "", errors.New("want a string or a list of strings")
	}
	return strings.Join(lines, ""), nil
}

func optional(m map[string]json.RawMessage, key string, dst *string) error {
	raw, ok := m[key]
	if !ok {
		return nil
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		return fmt.Errorf("%s: %w", key, err)
	}
	return nil
}

// decodeObject decodes a JSON object keeping numbers as json.Number, so
// that 1.0 stays 1.0 and large integers keep every digit when written back.
func decodeObject(raw json.RawMessage) (map[string]any, error) {
	v, err := decodeAny(raw)
	if err != nil {
		return nil, err
	}
	if v == nil {
		return nil, nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, errors.New("want a JSON object")
	}
	return m, nil
}

func decodeAny(raw []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

func leftovers(m map[string]json.RawMessage, known ...string) map[string]json.RawMessage {
	var out map[string]json.RawMessage
	for k, v := range m {
		isKnown := false
		for _, kn := range known {
			if k == kn {
				isKnown = true
				break
			}
		}
		if !isKnown {
			if out == nil {
				out = map[string]json.RawMessage{}
			}
			out[k] = v
		}
	}
	return out
}

// jsonError adds a line and column to a syntax error, since a notebook
// edited by hand is usually broken at one spot someone needs to find.
func jsonError(data []byte, err error) error {
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return err
	}
	before := data[:min(int(se.Offset), len(data))]
	line := bytes.Count(before, []byte("\n")) + 1
	col := len(before) - bytes.LastIndexByte(before, '\n')
	return fmt.Errorf("line %d, column %d: %w", line, col, err)
}

// Write writes the notebook the way Jupyter does (nbformat's writer):
// sorted keys, one-space indent, multi-line strings as lists of lines,
// non-ASCII text unescaped and a final newline, so that saving an
// unchanged notebook changes no byte and diffs stay small. The result is
// valid nbformat 4.5: cells without a valid, unique id get a new one,
// stored in the cell so that later writes agree.
func (nb *Notebook) Write(w io.Writer) error {
	nb.fixIDs()
	minor := max(nb.NbformatMinor, 5)
	cells := make([]any, 0, len(nb.Cells))
	for _, c := range nb.Cells {
		cells = append(cells, c.jsonValue())
	}
	top := withExtra(nb.extra)
	top["cells"] = cells
	top["metadata"] = object(without(nb.Metadata, "orig_nbformat", "orig_nbformat_minor", "signature"))
	top["nbformat"] = 4
	top["nbformat_minor"] = minor
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(top); err != nil {
		return fmt.Errorf("notebook: %w", err)
	}
	return nil
}

var validID = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

func (nb *Notebook) fixIDs() {
	seen := make(map[string]bool, len(nb.Cells))
	for _, c := range nb.Cells {
		for !validID.MatchString(c.ID) || seen[c.ID] {
			c.ID = newID()
		}
		seen[c.ID] = true
	}
}

// newID makes an id the way nbformat does (eight hex digits of a random
// UUID): short enough to read in a diff, random so that ids from separately
// edited copies of a notebook do not collide.
func newID() string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func (c *Cell) jsonValue() map[string]any {
	m := withExtra(c.extra)
	m["id"] = c.ID
	m["cell_type"] = c.CellType
	m["metadata"] = object(without(c.Metadata, "trusted"))
	m["source"] = splitLines(c.Source)
	switch c.CellType {
	case Code:
		outs := make([]any, 0, len(c.Outputs))
		for i := range c.Outputs {
			outs = append(outs, c.Outputs[i].jsonValue())
		}
		m["outputs"] = outs
		m["execution_count"] = intOrNull(c.ExecutionCount)
	default:
		if c.Attachments != nil {
			atts := make(map[string]any, len(c.Attachments))
			for name, b := range c.Attachments {
				atts[name] = bundleValue(b)
			}
			m["attachments"] = atts
		}
	}
	return m
}

func (o *Output) jsonValue() map[string]any {
	m := withExtra(o.extra)
	m["output_type"] = o.OutputType
	switch o.OutputType {
	case Stream:
		m["name"] = o.Name
		m["text"] = splitLines(o.Text)
	case DisplayData, ExecuteResult:
		m["data"] = bundleValue(o.Data)
		m["metadata"] = object(o.Metadata)
		if o.OutputType == ExecuteResult {
			m["execution_count"] = intOrNull(o.ExecutionCount)
		}
	case Error:
		m["ename"] = o.Ename
		m["evalue"] = o.Evalue
		tb := o.Traceback
		if tb == nil {
			tb = []string{}
		}
		m["traceback"] = tb
	default:
		// An output type from a future nbformat: write what is set.
		if o.Name != "" {
			m["name"] = o.Name
		}
		if o.Text != "" {
			m["text"] = splitLines(o.Text)
		}
		if o.Data != nil {
			m["data"] = bundleValue(o.Data)
		}
		if o.Metadata != nil {
			m["metadata"] = o.Metadata
		}
	}
	return m
}

// bundleValue converts a MIME bundle to what Jupyter writes: text split
// into lines, and the Go forms display bundles use (json.RawMessage,
// []byte) turned into plain JSON values so that keys get sorted too.
func bundleValue(b map[string]any) map[string]any {
	out := make(map[string]any, len(b))
	for mime, v := range b {
		v = normalize(mime, v)
		if s, ok := v.(string); ok && splitMIME(mime) {
			out[mime] = splitLines(s)
			continue
		}
		out[mime] = v
	}
	return out
}

func normalize(mime string, v any) any {
	switch v := v.(type) {
	case json.RawMessage:
		if x, err := decodeAny(v); err == nil {
			return x
		}
		return string(v)
	case []byte:
		if splitMIME(mime) || isJSONMIME(mime) && !json.Valid(v) {
			return string(v)
		}
		if isJSONMIME(mime) {
			x, _ := decodeAny(v)
			return x
		}
		// Binary data (an image): base64, as on the wire and in files.
		return base64.StdEncoding.EncodeToString(v)
	}
	return v
}

func withExtra(extra map[string]json.RawMessage) map[string]any {
	m := make(map[string]any, len(extra)+6)
	for k, v := range extra {
		// Decoded so that their keys are sorted like everything else.
		if x, err := decodeAny(v); err == nil {
			m[k] = x
		} else {
			m[k] = v
		}
	}
	return m
}

func object(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

// without returns m minus keys, copying only when needed so that the
// caller's map is never modified.
func without(m map[string]any, keys ...string) map[string]any {
	for _, k := range keys {
		if _, ok := m[k]; ok {
			c := make(map[string]any, len(m))
			for k, v := range m {
				c[k] = v
			}
			for _, k := range keys {
				delete(c, k)
			}
			return c
		}
	}
	return m
}

func intOrNull(n *int) any {
	if n == nil {
		return nil
	}
	return *n
}

// splitLines splits s after each line break, with the same breaks as
// Python's str.splitlines (which nbformat uses), so that files match
// Jupyter's byte for byte.
func splitLines(s string) []string {
	lines := []string{}
	start := 0
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= 0x80 {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		end := -1
		switch r {
		case '\r':
			end = i + 1
			if end < len(s) && s[end] == '\n' {
				end++
			}
		case '\n', '\v', '\f', 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029:
			end = i + size
		}
		if end < 0 {
			i += size
			continue
		}
		lines = append(lines, s[start:end])
		start, i = end, end
	}
	if start < len(s) {
		lines = append(lines, s[start:])
	}
	return lines
}
