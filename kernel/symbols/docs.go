package symbols

import (
	"bytes"
	"compress/gzip"
	_ "embed" // for the documentation table
	"encoding/json"
	"maps"
	"slices"
	"sync"
)

// docsGz is the documentation table written by internal/gendoc: gzipped
// JSON mapping an import path to {"names": {name: index}, "texts": [...]}.
//
//go:embed docs.json.gz
var docsGz []byte

// docTable is the documentation of one package, as internal/gendoc writes it.
type docTable struct {
	Names map[string]int `json:"names"`
	Texts []string       `json:"texts"`
}

// loadDocs decodes the embedded table once, on first use.
var loadDocs = sync.OnceValue(func() map[string]docTable {
	zr, err := gzip.NewReader(bytes.NewReader(docsGz))
	if err != nil {
		return nil
	}
	var m map[string]docTable
	if err := json.NewDecoder(zr).Decode(&m); err != nil {
		return nil
	}
	return m
})

// Doc returns the documentation of name in the package importPath, as go doc
// would show it: the declaration followed by the doc comment as plain text.
// name is "" for the package documentation, "Name" for a function, type,
// constant or variable, and "Type.Method" or "Type.Field" for a method or a
// struct field. Doc returns "" when it has no documentation for the name; it
// knows the packages cells can import (see the package doc) and common
// standard library packages, and needs no Go toolchain.
func Doc(importPath, name string) string {
	t, ok := loadDocs()[importPath]
	if !ok {
		return ""
	}
	i, ok := t.Names[name]
	if !ok || i < 0 || i >= len(t.Texts) {
		return ""
	}
	return t.Texts[i]
}

// DocPackages returns the sorted import paths of the packages Doc knows.
func DocPackages() []string {
	return slices.Sorted(maps.Keys(loadDocs()))
}
