package dialect_test

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/scsql/scsql/dialect"
)

var validName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$`)

// FuzzTableName checks, for every dialect, that a table name is either rejected with
// ErrInvalidTableName or is one or two plain identifiers, and that what reaches the SQL is that
// name, quoted, with nothing else: no quote, comment or statement separator can get through.
// Seeds: testdata/table-names.txt. CI runs it for a bounded time (make test).
func FuzzTableName(f *testing.F) {
	file, err := os.Open(filepath.Join("..", "testdata", "table-names.txt"))
	if err != nil {
		f.Fatal(err)
	}
	defer file.Close()
	sc := bufio.NewScanner(file)
	for sc.Scan() {
		if line := sc.Text(); !strings.HasPrefix(line, "#") {
			f.Add(line)
		}
	}
	if err := sc.Err(); err != nil {
		f.Fatal(err)
	}

	f.Fuzz(func(t *testing.T, name string) {
		for _, d := range dialects {
			quoted, qerr := d.QuoteTable(name)
			stmts, serr := d.Statements(name)
			if (qerr == nil) != (serr == nil) {
				t.Fatalf("%s: QuoteTable and Statements disagree on %q: %v, %v", d.Name, name, qerr, serr)
			}
			if qerr != nil {
				if !errors.Is(qerr, dialect.ErrInvalidTableName) || !errors.Is(serr, dialect.ErrInvalidTableName) {
					t.Fatalf("%s: error for %q does not wrap ErrInvalidTableName: %v", d.Name, name, qerr)
				}
				continue
			}
			if !validName.MatchString(name) {
				t.Fatalf("%s: accepted %q, which is not one or two plain identifiers", d.Name, name)
			}
			// Remove the quoted name; what is left of it must be only the dialect's quotes and dot.
			bare := strings.NewReplacer(`"`, "", "`", "", "[", "", "]", "").Replace(quoted)
			if !strings.EqualFold(bare, name) {
				t.Fatalf("%s: QuoteTable(%q) = %q, which is not the name quoted", d.Name, name, quoted)
			}
			for _, s := range []string{stmts.Find, stmts.Upsert, stmts.Delete, stmts.All, stmts.DeleteExpired} {
				if !strings.Contains(s, quoted) {
					t.Fatalf("%s: statement does not use the quoted name %s: %s", d.Name, quoted, s)
				}
			}
		}
	})
}
