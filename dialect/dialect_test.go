package dialect_test

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/scsql/scsql/dialect"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

var dialects = []dialect.Dialect{dialect.Postgres, dialect.MySQL, dialect.TiDB, dialect.SQLite, dialect.SQLServer}

// render writes every statement of d for a plain and a schema-qualified table, in a stable form
// that a reviewer can read as SQL.
func render(t *testing.T, d dialect.Dialect) string {
	t.Helper()
	var b strings.Builder
	for _, table := range []string{"sessions", "auth.Sessions"} {
		s, err := d.Statements(table)
		if err != nil {
			t.Fatalf("%s: Statements(%q): %v", d.Name, table, err)
		}
		fmt.Fprintf(&b, "-- table %s\n", table)
		for _, st := range []struct{ name, sql string }{
			{"find (token, now)", s.Find},
			{"upsert (token, data, expiry)", s.Upsert},
			{"delete (token)", s.Delete},
			{"all (now)", s.All},
			{"before delete expired", s.BeforeDeleteExpired},
			{"delete expired (now, limit)", s.DeleteExpired},
			{"count expired (now)", s.CountExpired},
			{"try lock (key)", s.TryLock},
			{"unlock (key)", s.Unlock},
			{"table exists", s.TableExists},
		} {
			fmt.Fprintf(&b, "-- %s\n%s;\n", st.name, st.sql)
		}
		if s.LockedDeleteExpired != "" { // only the dialects that have one
			fmt.Fprintf(&b, "-- locked delete expired (now, limit, key)\n%s;\n", s.LockedDeleteExpired)
		}
		for i, c := range s.CreateTable {
			fmt.Fprintf(&b, "-- create table %d\n%s;\n", i+1, c)
		}
		for i, c := range s.SCSCreateTable {
			fmt.Fprintf(&b, "-- scs's create table %d\n%s;\n", i+1, c)
		}
		fmt.Fprintf(&b, "-- lock key: %#v\n\n", s.LockKey)
	}
	b.WriteString(renderPrincipal(t, d))
	return b.String()
}

// renderPrincipal writes the statements of d that differ for a store that keeps principals.
func renderPrincipal(t *testing.T, d dialect.Dialect) string {
	t.Helper()
	var b strings.Builder
	p, err := d.WithPrincipal()
	if err != nil {
		t.Fatalf("%s: WithPrincipal: %v", d.Name, err)
	}
	for _, table := range []string{"sessions", "auth.Sessions"} {
		s, err := p.Statements(table)
		if err != nil {
			t.Fatalf("%s: Statements(%q) with principals: %v", d.Name, table, err)
		}
		fmt.Fprintf(&b, "-- table %s, with Config.Principal\n", table)
		for _, st := range []struct{ name, sql string }{
			{"upsert (token, data, expiry, principal)", s.Upsert},
			{"probe", s.Probe},
			{"find by principal (principal, now)", s.FindByPrincipal},
			{"delete by principal (principal)", s.DeleteByPrincipal},
		} {
			fmt.Fprintf(&b, "-- %s\n%s;\n", st.name, st.sql)
		}
		for i, c := range s.CreateTable {
			fmt.Fprintf(&b, "-- create table %d\n%s;\n", i+1, c)
		}
		for i, c := range s.AddPrincipal {
			fmt.Fprintf(&b, "-- add principal %d\n%s;\n", i+1, c)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func TestGolden(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.Name, func(t *testing.T) {
			got := render(t, d)
			path := filepath.Join("..", "testdata", "golden", d.Name+".sql")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
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

func TestStatementsRejectInvalidNames(t *testing.T) {
	bad := []string{
		"", ".", "a.", ".a", "a.b.c", "1sessions", "sessions;drop", "ses sions", `ses"sions`, "ses`sions",
		"ses]sions", "ses'sions", "sessions--", "sessions/*x*/", "séssions", "sessіons" /* Cyrillic і */, "sessions\x00",
		"ses-sions", strings.Repeat("a", 200),
	}
	for _, d := range dialects {
		for _, name := range bad {
			if _, err := d.Statements(name); !errors.Is(err, dialect.ErrInvalidTableName) {
				t.Errorf("%s: Statements(%q) error = %v, want ErrInvalidTableName", d.Name, name, err)
			}
			if _, err := d.QuoteTable(name); !errors.Is(err, dialect.ErrInvalidTableName) {
				t.Errorf("%s: QuoteTable(%q) error = %v, want ErrInvalidTableName", d.Name, name, err)
			}
		}
	}
}

func TestQuoteTable(t *testing.T) {
	tests := []struct {
		d          dialect.Dialect
		name, want string
	}{
		{dialect.Postgres, "sessions", `"sessions"`},
		{dialect.Postgres, "Auth.Sessions", `"auth"."sessions"`},
		{dialect.Postgres, "user", `"user"`},
		{dialect.MySQL, "app.Sessions", "`app`.`Sessions`"},
		{dialect.SQLite, "main.sessions", `"main"."sessions"`},
		{dialect.SQLServer, "dbo.sessions", `[dbo].[sessions]`},
	}
	for _, tt := range tests {
		got, err := tt.d.QuoteTable(tt.name)
		if err != nil || got != tt.want {
			t.Errorf("%s: QuoteTable(%q) = %q, %v; want %q", tt.d.Name, tt.name, got, err, tt.want)
		}
	}
}

func TestTableNameLengthLeavesRoomForIndex(t *testing.T) {
	// PostgreSQL keeps 63 bytes of a name: the index name "<table>_expiry_idx" must fit whole.
	ok := strings.Repeat("a", 63-len(dialect.ExpiryIndexSuffix))
	if _, err := dialect.Postgres.Statements(ok); err != nil {
		t.Errorf("Statements(%d chars): %v", len(ok), err)
	}
	if _, err := dialect.Postgres.Statements(ok + "a"); !errors.Is(err, dialect.ErrInvalidTableName) {
		t.Errorf("Statements(%d chars) error = %v, want ErrInvalidTableName", len(ok)+1, err)
	}
}

func TestLockKeyIsStableAndPerTable(t *testing.T) {
	for _, d := range []dialect.Dialect{dialect.Postgres, dialect.MySQL, dialect.SQLServer} {
		a, _ := d.Statements("sessions")
		b, _ := d.Statements("sessions")
		c, _ := d.Statements("other")
		if a.LockKey == nil || a.LockKey != b.LockKey || a.LockKey == c.LockKey {
			t.Errorf("%s: lock keys %v, %v, %v: want non-nil, equal for one table, different across tables", d.Name, a.LockKey, b.LockKey, c.LockKey)
		}
	}
	s, _ := dialect.SQLite.Statements("sessions")
	if s.TryLock != "" || s.LockKey != nil {
		t.Errorf("sqlite: has a cross-process lock statement %q; it has none", s.TryLock)
	}
}

func TestBindTimeIsUTC(t *testing.T) {
	east := time.FixedZone("east", 5*3600)
	at := time.Date(2030, 1, 2, 8, 4, 5, 123456789, east) // 03:04:05.123456789 UTC

	if got := dialect.Postgres.BindTime(at).(time.Time); !got.Equal(at) || got.Location() != time.UTC {
		t.Errorf("postgres: BindTime = %v, want %v in UTC", got, at.UTC())
	}
	if got, want := dialect.MySQL.BindTime(at), "2030-01-02 03:04:05.123456"; got != want {
		t.Errorf("mysql: BindTime = %v, want %v", got, want)
	}
	if got, want := fmt.Sprint(dialect.SQLServer.BindTime(at)), "2030-01-02T03:04:05.123456789"; got != want {
		t.Errorf("sqlserver: BindTime = %v, want %v", got, want)
	}
}

func TestSQLiteJulianDay(t *testing.T) {
	// Values SQLite itself returns: SELECT julianday('1970-01-01'), julianday('2000-01-01T12:00:00').
	for _, tt := range []struct {
		at   time.Time
		want float64
	}{
		{time.Unix(0, 0), 2440587.5},
		{time.Date(2000, 1, 1, 12, 0, 0, 0, time.UTC), 2451545.0},
	} {
		if got := dialect.SQLite.BindTime(tt.at); got != tt.want {
			t.Errorf("BindTime(%v) = %v, want %v", tt.at, got, tt.want)
		}
	}
	// One millisecond apart must stay apart and in order.
	base := time.Date(2026, 11, 22, 1, 2, 3, 0, time.UTC)
	prev := dialect.SQLite.BindTime(base).(float64)
	for i := 1; i <= 2000; i++ {
		next := dialect.SQLite.BindTime(base.Add(time.Duration(i) * time.Millisecond)).(float64)
		if !(next > prev) {
			t.Fatalf("julian day not increasing at +%dms: %v then %v", i, prev, next)
		}
		prev = next
	}
}
