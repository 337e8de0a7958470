package testdb

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/scsql/scsql/dialect"
)

// scsDDLPath is the file of scs's documented schema for d.
func scsDDLPath(d dialect.Dialect) string {
	_, here, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(here), "..", "..", "testdata", "scs", d.Name+".sql")
}

// HasSCSDDL reports whether testdata/scs has scs's documented schema for d (derived dialects
// have none).
func HasSCSDDL(d dialect.Dialect) bool {
	_, err := os.Stat(scsDDLPath(d))
	return err == nil
}

// SCSDDL returns the statements of scs's documented schema for d, from testdata/scs, with the
// table named "sessions".
func SCSDDL(t testing.TB, d dialect.Dialect) []string {
	t.Helper()
	b, err := os.ReadFile(scsDDLPath(d))
	if err != nil {
		t.Fatal(err)
	}
	var stmts []string
	for _, s := range strings.Split(string(b), ";") {
		var lines []string
		for _, l := range strings.Split(s, "\n") {
			if !strings.HasPrefix(strings.TrimSpace(l), "--") {
				lines = append(lines, l)
			}
		}
		if s := strings.TrimSpace(strings.Join(lines, "\n")); s != "" {
			stmts = append(stmts, s)
		}
	}
	return stmts
}
