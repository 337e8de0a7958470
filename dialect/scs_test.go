package dialect_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scsql/scsql/dialect"
)

// TestSCSSchema checks each dialect's SCSCreateTable against scs's documented schema as published
// (testdata/scs): the same statements, word for word, but for the quoting of names.
func TestSCSSchema(t *testing.T) {
	for _, d := range []dialect.Dialect{dialect.Postgres, dialect.MySQL, dialect.SQLite, dialect.SQLServer} {
		t.Run(d.Name, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("..", "testdata", "scs", d.Name+".sql"))
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, stmt := range strings.Split(string(b), ";") {
				var lines []string
				for _, l := range strings.Split(stmt, "\n") {
					if !strings.HasPrefix(l, "--") {
						lines = append(lines, l)
					}
				}
				if s := strings.TrimSpace(strings.Join(lines, "\n")); s != "" {
					want = append(want, s)
				}
			}
			s, err := d.Statements("sessions")
			if err != nil {
				t.Fatal(err)
			}
			quote := d.Identifiers.Quote("")
			unquote := strings.NewReplacer(quote[:1], "", quote[1:], "")
			var got []string
			for _, stmt := range s.SCSCreateTable {
				got = append(got, unquote.Replace(stmt))
			}
			if strings.Join(got, ";\n") != strings.Join(want, ";\n") {
				t.Errorf("SCSCreateTable differs from scs's published schema:\n got: %q\nwant: %q", got, want)
			}
		})
	}
	if s, _ := dialect.SQLiteGORM.Statements("sessions"); len(s.SCSCreateTable) != 0 {
		t.Errorf("SQLiteGORM has SCSCreateTable %q; scs documents none for gormstore", s.SCSCreateTable)
	}
}
