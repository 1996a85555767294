package symbols

import (
	"bufio"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

const (
	module      = "github.com/sparkgo/sparkgo"
	arrowModule = "github.com/apache/arrow-go/v18"
	regenerate  = "run go generate ./kernel/symbols"
)

// documentedGeneric lists the generic exported symbols of sparkgo packages,
// which yaegi extract skips; the package doc must name each of them. It is
// empty: the sparkgo packages cells import have no generic API.
var documentedGeneric = map[string]bool{}

// extraction is one yaegi extract directive of symbols.go.
type extraction struct {
	path    string
	exclude []*regexp.Regexp
}

// extractions reads the yaegi extract directives of symbols.go, so that the
// test checks exactly what go generate produces.
func extractions(t *testing.T) []extraction {
	t.Helper()
	f, err := os.Open("symbols.go")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var exs []extraction
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), "//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract ")
		if !ok {
			continue
		}
		var ex extraction
		args := strings.Fields(rest)
		for i := 0; i < len(args); i++ {
			switch a := args[i]; {
			case a == "-exclude" && i+1 < len(args):
				i++
				for _, re := range strings.Split(args[i], ",") {
					ex.exclude = append(ex.exclude, regexp.MustCompile(re))
				}
			case strings.HasPrefix(a, "-"):
				t.Fatalf("symbols.go: unexpected yaegi extract flag %s", a)
			default:
				ex.path = a
			}
		}
		exs = append(exs, ex)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(exs) == 0 {
		t.Fatal("symbols.go has no yaegi extract directives")
	}
	return exs
}

// arrowDir returns the directory of the arrow-go module in the module cache,
// or "" when the go command cannot tell.
func arrowDir(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		return ""
	}
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", arrowModule).Output()
	if err != nil {
		t.Logf("go list -m %s: %v", arrowModule, err)
		return ""
	}
	return strings.TrimSpace(string(out))
}

// api is the exported top-level API of a package, as yaegi extract sees it.
type api struct {
	name    string
	exports []string // non-generic functions, types, variables and constants
	all     []string // every exported top-level name
	generic []string // generic functions and types, which yaegi skips
}

// exportedAPI parses the non-test Go files of the package in dir that build
// on this platform.
func exportedAPI(t *testing.T, dir string) api {
	t.Helper()
	bp, err := build.Default.ImportDir(dir, 0)
	if err != nil {
		t.Fatalf("%s: %v", dir, err)
	}
	a := api{name: bp.Name}
	fset := token.NewFileSet()
	for _, name := range bp.GoFiles {
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil && d.Name.IsExported() {
					a.all = append(a.all, d.Name.Name)
				}
				switch {
				case d.Recv != nil || !d.Name.IsExported():
				case d.Type.TypeParams != nil:
					a.generic = append(a.generic, d.Name.Name)
				default:
					a.exports = append(a.exports, d.Name.Name)
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						if s.Name.IsExported() {
							a.all = append(a.all, s.Name.Name)
						}
						switch {
						case !s.Name.IsExported() || isConstraint(s.Type):
						case s.TypeParams != nil:
							a.generic = append(a.generic, s.Name.Name)
						default:
							a.exports = append(a.exports, s.Name.Name)
						}
					case *ast.ValueSpec:
						for _, n := range s.Names {
							if n.IsExported() {
								a.exports = append(a.exports, n.Name)
								a.all = append(a.all, n.Name)
							}
						}
					}
				}
			}
		}
	}
	return a
}

// isConstraint reports whether typ is an interface without methods of its
// own that embeds other types. yaegi skips such an interface when it is a
// type constraint; telling that needs type checking, so the test does not
// require these interfaces.
func isConstraint(typ ast.Expr) bool {
	it, ok := typ.(*ast.InterfaceType)
	if !ok || len(it.Methods.List) == 0 {
		return false
	}
	for _, f := range it.Methods.List {
		if len(f.Names) > 0 {
			return false
		}
	}
	return true
}

// TestSymbolsCurrent checks that every exported non-generic name of every
// extracted package is in Symbols, so that a forgotten go generate fails.
func TestSymbolsCurrent(t *testing.T) {
	arrow := arrowDir(t)
	exs := extractions(t)
	var keys []string
	for _, ex := range exs {
		var dir string
		switch {
		case strings.HasPrefix(ex.path, module+"/"):
			dir = filepath.Join("..", "..", strings.TrimPrefix(ex.path, module+"/"))
		case strings.HasPrefix(ex.path, arrowModule+"/") && arrow != "":
			dir = filepath.Join(arrow, strings.TrimPrefix(ex.path, arrowModule+"/"))
		case strings.HasPrefix(ex.path, arrowModule+"/"):
			t.Logf("%s: skipped, the arrow-go module directory is unknown", ex.path)
			continue
		default:
			t.Errorf("%s: no source directory known for this package", ex.path)
			continue
		}
		a := exportedAPI(t, dir)
		key := ex.path + "/" + a.name
		keys = append(keys, key)
		syms, ok := Symbols[key]
		if !ok {
			t.Errorf("Symbols has no table for %s: %s", ex.path, regenerate)
			continue
		}
		var missing []string
		for _, name := range a.exports {
			if _, ok := syms[name]; ok || slices.ContainsFunc(ex.exclude, func(re *regexp.Regexp) bool { return re.MatchString(name) }) {
				continue
			}
			missing = append(missing, name)
		}
		if len(missing) > 0 {
			t.Errorf("Symbols lacks %d exported names of %s (%s): the tables are out of date, %s",
				len(missing), ex.path, strings.Join(missing, ", "), regenerate)
		}
		exported := map[string]bool{}
		for _, name := range a.all {
			exported[name] = true
		}
		var stale []string
		for name := range syms {
			if !strings.HasPrefix(name, "_") && !exported[name] {
				stale = append(stale, name)
			}
		}
		if len(stale) > 0 {
			slices.Sort(stale)
			t.Errorf("Symbols has names that %s no longer exports (%s): %s", ex.path, strings.Join(stale, ", "), regenerate)
		}
		var undocumented []string
		for _, name := range a.all {
			if Doc(ex.path, name) == "" {
				undocumented = append(undocumented, name)
			}
		}
		if len(undocumented) > 0 {
			t.Errorf("Doc knows nothing of %d exported names of %s (%s): docs.json.gz is out of date, %s",
				len(undocumented), ex.path, strings.Join(undocumented, ", "), regenerate)
		}
		if strings.HasPrefix(ex.path, module+"/") {
			for _, name := range a.generic {
				if !documentedGeneric[ex.path+"."+name] {
					t.Errorf("%s.%s is generic, so yaegi extract skips it and cells cannot use it: "+
						"make it non-generic, or list it in the package doc of kernel/symbols and in documentedGeneric",
						ex.path, name)
				}
			}
		}
	}
	for key := range Symbols {
		if !slices.Contains(keys, key) && arrow != "" {
			t.Errorf("Symbols has a table for %s, which symbols.go no longer extracts: delete its file and %s", key, regenerate)
		}
	}
	if slices.ContainsFunc(exs, func(ex extraction) bool { return strings.HasSuffix(ex.path, "/connect/proto") }) {
		t.Error("connect/proto must not be extracted: it is too big")
	}
}

// TestDocPackages checks that the documentation table covers every
// extracted package.
func TestDocPackages(t *testing.T) {
	known := DocPackages()
	for _, ex := range extractions(t) {
		if !slices.Contains(known, ex.path) {
			t.Errorf("Doc does not know %s: add it to the gendoc directive of symbols.go and %s", ex.path, regenerate)
		}
	}
	for _, p := range []string{"fmt", "strings", "strconv", "math", "time", "os", "errors", "sort", "context",
		"bytes", "io", "regexp", "encoding/json", "math/rand", "unicode/utf8", "bufio", "slices", "maps"} {
		if !slices.Contains(known, p) {
			t.Errorf("Doc does not know %s", p)
		}
	}
}

func TestDoc(t *testing.T) {
	for _, tc := range []struct {
		path, name string
		want       []string // substrings; none means the result must be ""
	}{
		{"fmt", "Println", []string{"func Println(a ...any) (n int, err error)", "Println formats"}},
		{"fmt", "", []string{`package fmt // import "fmt"`, "formatted I/O"}},
		{"fmt", "Stringer", []string{"type Stringer interface", "String() string"}},
		{"fmt", "Stringer.String", []string{"func (Stringer) String() string"}},
		{"strings", "Builder.WriteString", []string{"func (b *Builder) WriteString(s string) (int, error)"}},
		{"time", "Second", []string{"Second", "Duration"}},
		{"os", "ErrNotExist", []string{"ErrNotExist"}},
		{"math", "Pi", []string{"Pi", "3.14159"}},
		{module + "/frame", "DataFrame.Filter", []string{"func (df *DataFrame) Filter(condition any) *DataFrame", "Filter keeps the rows"}},
		{module + "/frame", "Col", []string{"func Col(name string) Column"}},
		{module + "/frame", "", []string{"package frame"}},
		{module + "/display", "Bundle", []string{"type Bundle struct", "MIME bundle", "func (b Bundle) Text() string"}},
		{module + "/display", "Bundle.Data", []string{"Data map[string]any"}},
		{module + "/datasets", "Mtcars", []string{"func Mtcars() []Car"}},
		{module + "/nb", "Frontend.Show", []string{"func (Frontend) Show("}},
		{arrowModule + "/arrow/array", "NewInt64Builder", []string{"func NewInt64Builder("}},
		{"fmt", "NoSuchName", nil},
		{"fmt", "Println.Foo", nil},
		{"no/such/package", "", nil},
		{module + "/connect/proto", "", nil},
	} {
		got := Doc(tc.path, tc.name)
		if len(tc.want) == 0 {
			if got != "" {
				t.Errorf("Doc(%q, %q) = %q, want \"\"", tc.path, tc.name, got)
			}
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("Doc(%q, %q) = %q, want it to contain %q", tc.path, tc.name, got, w)
			}
		}
	}
}

// TestDocSize keeps the embedded documentation small.
func TestDocSize(t *testing.T) {
	if n := len(docsGz); n > 400<<10 {
		t.Errorf("docs.json.gz is %d bytes, over 400 KiB", n)
	}
}
