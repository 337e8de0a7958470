package dialect_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/scsql/scsql/dialect"
)

// probedTypes are the expiry column types each dialect with a probe is checked with: its
// recommended type and the others it has statements for.
var probedTypes = map[string][]string{"mysql": {"datetime", "timestamp"}, "tidb": {"datetime", "timestamp"}}

// TestGoldenProbed checks, against testdata/golden/<dialect>-probed.sql, the probe and the
// statements and limits StatementsFor gives for each expiry column type.
func TestGoldenProbed(t *testing.T) {
	for _, d := range dialects {
		s, err := d.Statements("sessions")
		if err != nil {
			t.Fatal(err)
		}
		if s.Probe == "" {
			if _, ok := probedTypes[d.Name]; ok {
				t.Errorf("%s: no probe, but types to probe are listed", d.Name)
			}
			continue
		}
		t.Run(d.Name, func(t *testing.T) {
			var b strings.Builder
			for _, table := range []string{"sessions", "auth.Sessions"} {
				s, _ := d.Statements(table)
				fmt.Fprintf(&b, "-- table %s\n-- probe\n%s;\n", table, s.Probe)
				for _, typ := range probedTypes[d.Name] {
					s, err := d.StatementsFor(table, dialect.Columns{ExpiryType: typ, DataBytes: 65535, TokenBytes: 172})
					if err != nil {
						t.Fatal(err)
					}
					fmt.Fprintf(&b, "-- expiry %s: %s, %s to %s; data column 65535 bytes: MaxData %d; token column 172 bytes: MaxToken %d\n",
						typ, s.ExpiryColumn, s.ExpiryMin.Format(time.RFC3339Nano), s.ExpiryMax.Format(time.RFC3339Nano), s.MaxData, s.MaxToken)
					for _, st := range []struct{ name, sql string }{
						{"find (token, now)", s.Find},
						{"upsert (token, data, expiry)", s.Upsert},
						{"all (now)", s.All},
						{"delete expired (now, limit)", s.DeleteExpired},
					} {
						fmt.Fprintf(&b, "-- %s\n%s;\n", st.name, st.sql)
					}
				}
				b.WriteString("\n")
			}
			got := b.String()
			path := filepath.Join("..", "testdata", "golden", d.Name+"-probed.sql")
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
				t.Errorf("statements differ from %s (run go test ./dialect -update and review the diff):\n%s", path, got)
			}
		})
	}
}

// Every dialect states the range of its recommended expiry column, and the year 2100 is in it:
// only scs's MySQL TIMESTAMP stops before.
func TestExpiryRange(t *testing.T) {
	y2100 := time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, d := range dialects {
		s, _ := d.Statements("sessions")
		if s.ExpiryColumn == "" {
			t.Errorf("%s: ExpiryColumn is empty", d.Name)
		}
		if !s.ExpiryMax.IsZero() && s.ExpiryMax.Before(y2100) {
			t.Errorf("%s: the recommended expiry column ends at %s, before 2100", d.Name, s.ExpiryMax)
		}
		if !s.ExpiryMin.IsZero() && s.ExpiryMin.After(time.Unix(1, 0)) {
			t.Errorf("%s: the recommended expiry column starts at %s, after 1970", d.Name, s.ExpiryMin)
		}
	}
	ts, _ := dialect.MySQL.StatementsFor("sessions", dialect.Columns{ExpiryType: "timestamp"})
	if want := time.Date(2038, 1, 19, 3, 14, 7, 999999999, time.UTC); !ts.ExpiryMax.Equal(want) {
		t.Errorf("mysql TIMESTAMP: ExpiryMax %s, want %s", ts.ExpiryMax, want)
	}
	// An unknown type, or none found, gets the recommended table's statements.
	def, _ := dialect.MySQL.Statements("sessions")
	for _, typ := range []string{"", "bigint"} {
		s, _ := dialect.MySQL.StatementsFor("sessions", dialect.Columns{ExpiryType: typ})
		if s.Find != def.Find || s.Upsert != def.Upsert || !s.ExpiryMax.Equal(def.ExpiryMax) || s.MaxData != def.MaxData {
			t.Errorf("mysql: StatementsFor expiry type %q differs from Statements", typ)
		}
	}
}

func TestColumnsAdd(t *testing.T) {
	var c dialect.Columns
	c.Add("TOKEN", "char", 172)
	c.Add("data", "blob", 65535)
	c.Add("Expiry", "TIMESTAMP", 0)
	c.Add("other", "int", 4)
	if want := (dialect.Columns{ExpiryType: "timestamp", DataBytes: 65535, TokenBytes: 172}); c != want {
		t.Errorf("Columns = %+v, want %+v", c, want)
	}
}

// numbered is an error with an SQL Server error number, as go-mssqldb's errors have.
type numbered struct {
	n   int32
	msg string
}

func (e numbered) Error() string         { return e.msg }
func (e numbered) SQLErrorNumber() int32 { return e.n }

func TestDataTooLarge(t *testing.T) {
	for _, tt := range []struct {
		d    dialect.Dialect
		err  error
		want bool
	}{
		{dialect.MySQL, errors.New("Error 1406 (22001): Data too long for column 'data' at row 1"), true},
		{dialect.MySQL, fmt.Errorf("wrapped: %w", errors.New("Error 1406: Data too long for column 'data' at row 1")), true},
		// The token column is the token's problem, not the data's.
		{dialect.MySQL, errors.New("Error 1406 (22001): Data too long for column 'token' at row 1"), false},
		{dialect.MySQL, errors.New("Error 1213 (40001): Deadlock found"), false},
		{dialect.MySQL, nil, false},
		{dialect.SQLite, errors.New("string or blob too big"), true},
		{dialect.SQLite, errors.New("database is locked"), false},
		{dialect.SQLServer, numbered{2628, "mssql: String or binary data would be truncated in table 'test.dbo.sessions', column 'data'. Truncated value: '...'."}, true},
		{dialect.SQLServer, numbered{2628, "mssql: String or binary data would be truncated in table 'test.dbo.sessions', column 'token'."}, false},
		{dialect.SQLServer, numbered{1205, "mssql: deadlock victim"}, false},
		{dialect.Postgres, errors.New("string or blob too big"), false},
	} {
		if got := tt.d.DataTooLarge(tt.err); got != tt.want {
			t.Errorf("%s: DataTooLarge(%v) = %v, want %v", tt.d.Name, tt.err, got, tt.want)
		}
	}
}
