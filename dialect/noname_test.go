package dialect_test

import (
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// No code outside tests decides anything by a dialect's name: a comparison of Dialect.Name
// (==, !=, or a switch on it) is a hidden switch that the next derived dialect breaks silently,
// as SQLiteGORM's name once turned off SQLite's busy retries. Behaviour belongs in the
// dialect's fields. The check type-checks every package of the module, so it finds the field
// whatever the variable holding the dialect is called.
func TestNoCodeComparesDialectNames(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks the whole module")
	}
	root := filepath.Join("..")
	// The module's packages and, of each, the files this build uses (build constraints
	// applied), as the go command lists them; other modules (examples) are not listed.
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}|{{.Dir}}|{{join .GoFiles ","}},{{join .CgoFiles ","}}`, root+"/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	type pkg struct{ path, dir string }
	pkgs := map[pkg][]string{} // package → its non-test Go files
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		parts := strings.SplitN(line, "|", 3)
		if len(parts) != 3 {
			t.Fatalf("go list: unexpected line %q", line)
		}
		p := pkg{parts[0], parts[1]}
		for _, f := range strings.Split(parts[2], ",") {
			if f != "" {
				pkgs[p] = append(pkgs[p], filepath.Join(p.dir, f))
			}
		}
	}
	// The compiler's export data of every package the module's packages import, as the go
	// command builds it (from its cache, mostly).
	out, err = exec.Command("go", "list", "-deps", "-export", "-f", "{{.ImportPath}}={{.Export}}", root+"/...").Output()
	if err != nil {
		t.Fatalf("go list -export: %v", err)
	}
	exports := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		path, file, _ := strings.Cut(line, "=")
		exports[path] = file
	}
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		file := exports[path]
		if file == "" {
			return nil, fmt.Errorf("no export data for %s", path)
		}
		return os.Open(file)
	})
	checked := 0
	for p, paths := range pkgs {
		var files []*ast.File
		for _, p := range paths {
			f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, f)
		}
		info := &types.Info{Selections: map[*ast.SelectorExpr]*types.Selection{}}
		conf := types.Config{Importer: imp, FakeImportC: true}
		// The package's own import path, so that package dialect's Dialect is recognised inside it.
		if _, err := conf.Check(p.path, fset, files, info); err != nil {
			t.Fatalf("type-check %s: %v", p.path, err)
		}
		checked++
		isName := func(e ast.Expr) bool {
			sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "Name" {
				return false
			}
			s := info.Selections[sel]
			if s == nil || s.Kind() != types.FieldVal {
				return false
			}
			named, ok := types.Unalias(deref(s.Recv())).(*types.Named)
			return ok && named.Obj().Name() == "Dialect" && named.Obj().Pkg().Path() == module+"/dialect"
		}
		for _, f := range files {
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.BinaryExpr:
					// Comparing with "" asks whether there is a name, not which one.
					if (n.Op == token.EQL || n.Op == token.NEQ) && (isName(n.X) && !isEmpty(n.Y) || isName(n.Y) && !isEmpty(n.X)) {
						t.Errorf("%s: compares Dialect.Name; put the behaviour in a field of the dialect", fset.Position(n.Pos()))
					}
				case *ast.SwitchStmt:
					if n.Tag != nil && isName(n.Tag) {
						t.Errorf("%s: switches on Dialect.Name; put the behaviour in a field of the dialect", fset.Position(n.Pos()))
					}
				}
				return true
			})
		}
	}
	if checked < 10 {
		t.Fatalf("checked only %d packages; the walk missed the module", checked)
	}
}

// isEmpty reports whether e is the literal "".
func isEmpty(e ast.Expr) bool {
	lit, ok := ast.Unparen(e).(*ast.BasicLit)
	return ok && lit.Kind == token.STRING && (lit.Value == `""` || lit.Value == "``")
}

// module is this module's path.
const module = "github.com/scsql/scsql"

func deref(t types.Type) types.Type {
	if p, ok := t.(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}
