// Command gendoc writes the documentation table embedded by package symbols:
// a gzip-compressed JSON object that maps an import path to the rendered
// documentation of the package's exported names, made with go/doc from the
// package sources. It runs at generate time, where a Go toolchain finds the
// sources; the kernel reads the table without one.
//
// Usage:
//
//	go run ./internal/gendoc -o docs.json.gz importpath...
//
// The table is the same on every platform: files are selected for
// linux/amd64 whatever the host.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/build"
	"go/doc"
	"go/parser"
	"go/printer"
	"go/token"
	"log"
	"os"
	"path/filepath"
	"strings"
)

// table is the documentation of one package: Texts holds each distinct
// rendering once and Names maps a name ("" for the package, "Func", "Type",
// "Type.Method", "Type.Field", "Const") to its index in Texts.
type table struct {
	Names map[string]int `json:"names"`
	Texts []string       `json:"texts"`
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("gendoc: ")
	out := flag.String("o", "docs.json.gz", "the file to write")
	flag.Parse()
	if flag.NArg() == 0 {
		log.Fatal("no packages given")
	}
	ctxt := build.Default
	ctxt.GOOS, ctxt.GOARCH, ctxt.CgoEnabled = "linux", "amd64", false
	wd, err := os.Getwd()
	if err != nil {
		log.Fatal(err)
	}
	all := map[string]*table{}
	for _, path := range flag.Args() {
		t, err := document(&ctxt, path, wd)
		if err != nil {
			log.Fatalf("%s: %v", path, err)
		}
		all[path] = t
	}
	var js bytes.Buffer
	enc := json.NewEncoder(&js)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(all); err != nil {
		log.Fatal(err)
	}
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := zw.Write(js.Bytes()); err != nil {
		log.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "gendoc: %s: %d packages, %d bytes of JSON, %d compressed\n", *out, len(all), js.Len(), buf.Len())
}

// document parses the package at path and renders its exported names.
func document(ctxt *build.Context, path, wd string) (*table, error) {
	bp, err := ctxt.Import(path, wd, 0)
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range bp.GoFiles {
		f, err := parser.ParseFile(fset, filepath.Join(bp.Dir, name), nil, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no Go files in %s", bp.Dir)
	}
	pkg, err := doc.NewFromFiles(fset, files, path)
	if err != nil {
		return nil, err
	}
	r := &renderer{fset: fset, files: files, pkg: pkg, t: &table{Names: map[string]int{}}}
	r.render(pkg)
	return r.t, nil
}

// renderer renders the declarations and doc comments of one package.
type renderer struct {
	fset  *token.FileSet
	files []*ast.File
	pkg   *doc.Package
	t     *table
	index map[string]int // text → index in t.Texts
}

// add records text under name, storing each distinct text once.
func (r *renderer) add(name, text string) {
	if r.index == nil {
		r.index = map[string]int{}
	}
	i, ok := r.index[text]
	if !ok {
		i = len(r.t.Texts)
		r.t.Texts = append(r.t.Texts, text)
		r.index[text] = i
	}
	r.t.Names[name] = i
}

func (r *renderer) render(pkg *doc.Package) {
	r.add("", fmt.Sprintf("package %s // import %q\n\n%s", pkg.Name, pkg.ImportPath, r.text(pkg.Doc)))
	r.values(pkg.Consts)
	r.values(pkg.Vars)
	r.funcs(pkg.Funcs, "")
	for _, t := range pkg.Types {
		r.typ(t)
	}
}

// text renders a doc comment as plain text, as go doc does.
func (r *renderer) text(comment string) string {
	return string(r.pkg.Text(comment))
}

// node prints n with the comments inside it.
func (r *renderer) node(n ast.Node) string {
	var comments []*ast.CommentGroup
	for _, f := range r.files {
		if f.FileStart <= n.Pos() && n.Pos() <= f.FileEnd {
			comments = f.Comments
			break
		}
	}
	var buf bytes.Buffer
	cfg := printer.Config{Mode: printer.UseSpaces | printer.TabIndent, Tabwidth: 8}
	if err := cfg.Fprint(&buf, r.fset, &printer.CommentedNode{Node: n, Comments: comments}); err != nil {
		log.Fatal(err)
	}
	return buf.String()
}

// entry joins a declaration and its documentation.
func (r *renderer) entry(decl, comment string) string {
	text := r.text(comment)
	if text == "" {
		return decl + "\n"
	}
	return decl + "\n\n" + text
}

func (r *renderer) values(vs []*doc.Value) {
	for _, v := range vs {
		v.Decl.Doc = nil
		text := r.entry(r.node(v.Decl), v.Doc)
		for _, name := range v.Names {
			r.add(name, text)
		}
	}
}

// signature prints a function declaration without its body and doc.
func (r *renderer) signature(d *ast.FuncDecl) string {
	fd := *d
	fd.Doc, fd.Body = nil, nil
	return r.node(&fd)
}

func (r *renderer) funcs(fs []*doc.Func, prefix string) {
	for _, f := range fs {
		r.add(prefix+f.Name, r.entry(r.signature(f.Decl), f.Doc))
	}
}

func (r *renderer) typ(t *doc.Type) {
	t.Decl.Doc = nil
	decl := r.node(t.Decl)
	spec := t.Decl.Specs[0].(*ast.TypeSpec)
	switch st := spec.Type.(type) {
	case *ast.StructType:
		if st.Incomplete {
			decl = strings.TrimSuffix(decl, "}") + "\t// Has unexported fields.\n}"
		}
		r.fields(t.Name, st.Fields)
	case *ast.InterfaceType:
		r.fields(t.Name, st.Methods)
	}
	text := r.entry(decl, t.Doc)
	var related []string
	for _, v := range append(append([]*doc.Value(nil), t.Consts...), t.Vars...) {
		related = append(related, firstLine(r.node(v.Decl)))
	}
	for _, f := range append(append([]*doc.Func(nil), t.Funcs...), t.Methods...) {
		related = append(related, r.signature(f.Decl))
	}
	if len(related) > 0 {
		text += "\n" + strings.Join(related, "\n") + "\n"
	}
	r.add(t.Name, text)
	r.values(t.Consts)
	r.values(t.Vars)
	r.funcs(t.Funcs, "")
	r.funcs(t.Methods, t.Name+".")
}

// fields records the exported fields of a struct or the methods of an
// interface as "Type.Name".
func (r *renderer) fields(typeName string, list *ast.FieldList) {
	for _, f := range list.List {
		typ := r.node(f.Type)
		for _, n := range f.Names {
			if !n.IsExported() {
				continue
			}
			var line string
			if _, ok := f.Type.(*ast.FuncType); ok {
				line = "func (" + typeName + ") " + n.Name + strings.TrimPrefix(typ, "func")
			} else {
				line = n.Name + " " + typ
				if c := strings.TrimSpace(f.Comment.Text()); c != "" && !strings.Contains(c, "\n") {
					line += " // " + c
				}
			}
			r.add(typeName+"."+n.Name, r.entry(line, f.Doc.Text()))
		}
	}
}

// firstLine returns a one-line summary of a const or var block.
func firstLine(s string) string {
	line, _, more := strings.Cut(s, "\n")
	if more {
		return line + " ..."
	}
	return line
}
