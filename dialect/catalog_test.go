package dialect_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scsql/scsql/dialect"
)

// catalogTypes are the expiry column types each dialect's catalogue is rendered for: "" (the
// recommended type) and the others it has statements for.
var catalogTypes = map[string][]string{"mysql": {"", "timestamp"}, "tidb": {"", "timestamp"}}

// TestGoldenCatalog checks, against testdata/golden/<dialect>-catalog.sql, the queries and
// changes of the operator's command (cmd/scsql check and migrate).
func TestGoldenCatalog(t *testing.T) {
	for _, d := range append(dialects, dialect.SQLiteGORM) {
		t.Run(d.Name, func(t *testing.T) {
			var b strings.Builder
			for _, table := range []string{"sessions", "auth.Sessions"} {
				types := catalogTypes[d.Name]
				if types == nil {
					types = []string{""}
				}
				for _, typ := range types {
					c, err := d.Catalog(table, typ)
					if err != nil {
						t.Fatal(err)
					}
					fmt.Fprintf(&b, "-- table %s, expiry type %q\n", table, typ)
					for _, q := range []struct{ name, sql string }{
						{"columns", c.Columns},
						{"indexes", c.Indexes},
						{"live (now)", c.Live},
						{"oldest expired (now)", c.OldestExpired},
						{"max data", c.MaxData},
						{"size: " + c.SizeOf, c.Size},
						{"lock held (key)", c.LockHeld},
						{"misjudged", c.Misjudged},
					} {
						fmt.Fprintf(&b, "-- %s\n%s;\n", q.name, q.sql)
					}
					fmt.Fprintf(&b, "-- lock key: %#v\n", c.LockKey)
				}
				m, err := d.Migration(table)
				if err != nil {
					t.Fatal(err)
				}
				for _, st := range []struct {
					name  string
					sql   []string
					locks string
				}{
					{"migrate columns", m.Columns, m.ColumnsLock},
					{"drop unusable expiry index", []string{m.DropExpiryIndex}, ""},
					{"create expiry index", m.ExpiryIndex, m.ExpiryIndexLock},
					{"add principal", m.AddPrincipal, m.PrincipalLock},
				} {
					fmt.Fprintf(&b, "-- %s; locks: %s\n", st.name, st.locks)
					for _, s := range st.sql {
						fmt.Fprintf(&b, "%s;\n", s)
					}
				}
				b.WriteString("\n")
			}
			got := b.String()
			if v := variableLeft(got); v != "" {
				t.Errorf("a template variable is left unreplaced: %s", v)
			}
			path := filepath.Join("..", "testdata", "golden", d.Name+"-catalog.sql")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./dialect -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("queries differ from %s (run go test ./dialect -update and review the diff):\n%s", path, got)
			}
		})
	}
}

// variableLeft returns the first {word} in s, or "".
func variableLeft(s string) string {
	i := strings.Index(s, "{")
	if i < 0 {
		return ""
	}
	j := strings.Index(s[i:], "}")
	if j < 0 {
		return ""
	}
	return s[i : i+j+1]
}

func TestCatalogRejectsInvalidNames(t *testing.T) {
	for _, d := range dialects {
		if _, err := d.Catalog("a;b", ""); err == nil {
			t.Errorf("%s: Catalog accepted an invalid name", d.Name)
		}
		if _, err := d.Migration("a;b"); err == nil {
			t.Errorf("%s: Migration accepted an invalid name", d.Name)
		}
	}
	var bare dialect.Dialect = dialect.SQLite
	bare.SQL.Catalog, bare.SQL.Migrate = dialect.CatalogTemplates{}, dialect.MigrateTemplates{}
	if _, err := bare.Catalog("sessions", ""); err == nil {
		t.Error("Catalog of a dialect without one: no error")
	}
	if _, err := bare.Migration("sessions"); err == nil {
		t.Error("Migration of a dialect without one: no error")
	}
}

// ForExpiryType gives a table's expiry type to the dialect whose statements work on it: GORM's
// text times on SQLite to SQLiteGORM, everything else stays.
func TestForExpiryType(t *testing.T) {
	for _, c := range []struct {
		d         dialect.Dialect
		typ, want string
	}{
		{dialect.SQLite, "real", "sqlite"},
		{dialect.SQLite, "", "sqlite"},
		{dialect.SQLite, "datetime", "sqlite-gorm"},
		{dialect.SQLite, "text", "sqlite-gorm"},
		{dialect.SQLite, "integer", "sqlite"},
		{dialect.SQLiteGORM, "datetime", "sqlite-gorm"},
		{dialect.MySQL, "timestamp", "mysql"},
		{dialect.MySQL, "datetime", "mysql"},
		{dialect.Postgres, "timestamptz", "postgres"},
	} {
		if got := c.d.ForExpiryType(c.typ).Name; got != c.want {
			t.Errorf("%s.ForExpiryType(%q) = %s, want %s", c.d.Name, c.typ, got, c.want)
		}
	}
}
