package dialect_test

import (
	"fmt"
	"go/ast"
	"go/build"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"io/fs"
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
	dirs := map[string][]string{} // directory → its non-test Go files in this build
	err := filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() {
			if path != root && (strings.HasPrefix(e.Name(), ".") || e.Name() == "testdata") {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil && path != root {
				return filepath.SkipDir // another module (examples)
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		// Only the files this build compiles: files for other platforms or for builds without
		// cgo declare the same names.
		match, err := build.Default.MatchFile(filepath.Dir(path), e.Name())
		if err != nil {
			return err
		}
		if match {
			dirs[filepath.Dir(path)] = append(dirs[filepath.Dir(path)], path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The compiler's export data of every package the module's packages import, as the go
	// command builds it (from its cache, mostly).
	out, err := exec.Command("go", "list", "-deps", "-export", "-f", "{{.ImportPath}}={{.Export}}", root+"/...").Output()
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
	for dir, paths := range dirs {
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
		importPath := module + strings.TrimPrefix(filepath.ToSlash(dir), "..")
		if _, err := conf.Check(importPath, fset, files, info); err != nil {
			t.Fatalf("type-check %s: %v", dir, err)
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
