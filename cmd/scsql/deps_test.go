package main

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// notLibrary are the module's packages that are not the library: commands and the helpers of
// tests and benchmarks. Every other package of the module is the library, a new one included.
var notLibrary = []string{
	"github.com/scsql/scsql/cmd/",
	"github.com/scsql/scsql/internal/testdb",
	"github.com/scsql/scsql/internal/benchkit",
	"github.com/scsql/scsql/internal/doccheck",
	"github.com/scsql/scsql/sqlite3store/internal/ncrucestest",
}

// commandOnly are the command's own dependencies, named so that the test fails if one of them
// stops being the command's (and the list goes stale) as well as if the library gains one.
var commandOnly = []string{
	"github.com/peterbourgon/ff/v3",
	"github.com/schollz/progressbar/v3",
	"golang.org/x/term",
	"modernc.org/sqlite",
}

// No package of the library depends on what the command alone imports: its flags, its progress
// bar, its terminal check and its drivers stay out of an application that imports a store.
func TestLibraryHasNoCommandDependency(t *testing.T) {
	goList := func(args ...string) []string {
		t.Helper()
		return strings.Fields(string(mustOutput(t, "go", append([]string{"list"}, args...)...)))
	}

	var library []string
	for _, p := range goList("github.com/scsql/scsql/...") {
		if !slices.ContainsFunc(notLibrary, func(prefix string) bool { return strings.HasPrefix(p, prefix) }) {
			library = append(library, p)
		}
	}
	if !slices.Contains(library, "github.com/scsql/scsql/sqlstore") || !slices.Contains(library, "github.com/scsql/scsql/dialect") {
		t.Fatalf("the library's packages are not found: %v", library)
	}

	// What the command's own packages (main and what it builds in, not its tests' helpers)
	// import from outside the module and the standard library: each of them, and everything
	// in commandOnly, must stay out of the library.
	forbidden := slices.Clone(commandOnly)
	imports := mustOutput(t, "go", "list", "-deps", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, ".")
	for _, line := range strings.Split(strings.TrimSpace(string(imports)), "\n") {
		fields := strings.Fields(line)
		if !strings.HasPrefix(fields[0], "github.com/scsql/scsql/cmd/scsql") {
			continue
		}
		for _, p := range fields[1:] {
			if strings.Contains(strings.Split(p, "/")[0], ".") && !strings.HasPrefix(p, "github.com/scsql/scsql") {
				forbidden = append(forbidden, p)
			}
		}
	}
	slices.Sort(forbidden)
	forbidden = slices.Compact(forbidden)
	commandDeps := goList("-deps", ".")
	for _, p := range commandOnly {
		if !slices.Contains(commandDeps, p) {
			t.Errorf("%s is no longer a dependency of the command: update commandOnly", p)
		}
	}

	// .Deps is every package a package depends on, directly or not: go list -deps per package.
	out := mustOutput(t, "go", append([]string{"list", "-f", `{{.ImportPath}}{{range .Deps}} {{.}}{{end}}`}, library...)...)
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg, deps := fields[0], fields[1:]
		for _, f := range forbidden {
			for _, dep := range deps {
				if dep == f || strings.HasPrefix(dep, f+"/") {
					t.Errorf("library package %s depends on %s, which only the command may use", pkg, dep)
				}
			}
		}
	}
	t.Logf("%d library packages checked against %d command-only dependencies: %v", len(library), len(forbidden), forbidden)
}

// mustOutput runs the command and returns its standard output, failing the test on an error.
func mustOutput(t *testing.T, name string, args ...string) []byte {
	t.Helper()
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = string(ee.Stderr)
		}
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, msg)
	}
	return out
}
