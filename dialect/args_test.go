package dialect_test

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golang-sql/civil"

	"github.com/scsql/scsql/dialect"
)

// placeholders returns how many arguments sql takes: the highest $n or @pN, each of 1..N used,
// or the number of ? marks.
func placeholders(t *testing.T, d dialect.Dialect, sql string) int {
	t.Helper()
	var re *regexp.Regexp
	switch d.Name {
	case "postgres":
		re = regexp.MustCompile(`\$(\d+)`)
	case "sqlserver":
		re = regexp.MustCompile(`@p(\d+)\b`)
	default:
		return strings.Count(sql, "?")
	}
	var used []int
	for _, m := range re.FindAllStringSubmatch(sql, -1) {
		n, _ := strconv.Atoi(m[1])
		used = append(used, n)
	}
	slices.Sort(used)
	used = slices.Compact(used)
	for i, n := range used {
		if n != i+1 {
			t.Errorf("%s: placeholders %v skip %d in %s", d.Name, used, i+1, sql)
		}
	}
	return len(used)
}

// The store binds each statement's arguments in the order Statements documents; every dialect's
// statement must take exactly that many.
func TestStatementArguments(t *testing.T) {
	for _, d := range dialects {
		s, err := d.Statements("auth.sessions")
		if err != nil {
			t.Fatal(err)
		}
		stmts := []struct {
			name string
			sql  string
			args int
		}{
			{"Find (token, now)", s.Find, 2},
			{"Upsert (token, data, expiry)", s.Upsert, 3},
			{"Delete (token)", s.Delete, 1},
			{"All (now)", s.All, 1},
			{"DeleteExpired (now, limit)", s.DeleteExpired, 2},
			{"BeforeDeleteExpired ()", s.BeforeDeleteExpired, 0},
			{"TableExists ()", s.TableExists, 0},
			{"Probe ()", s.Probe, 0},
		}
		if s.TryLock != "" {
			stmts = append(stmts,
				struct {
					name string
					sql  string
					args int
				}{"TryLock (key)", s.TryLock, 1},
				struct {
					name string
					sql  string
					args int
				}{"Unlock (key)", s.Unlock, 1})
		}
		for i, c := range s.CreateTable {
			stmts = append(stmts, struct {
				name string
				sql  string
				args int
			}{fmt.Sprintf("CreateTable[%d] ()", i), c, 0})
		}
		for _, st := range stmts {
			if got := placeholders(t, d, st.sql); got != st.args {
				t.Errorf("%s: %s takes %d arguments, want %d: %s", d.Name, st.name, got, st.args, st.sql)
			}
		}
	}
}

// The Go types each dialect binds, which decide the parameter types the driver sends.
func TestBoundTypes(t *testing.T) {
	at := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, tt := range []struct {
		d            dialect.Dialect
		token, limit any // limit: what the lock key is, for the lock
		expiry       any
	}{
		{dialect.Postgres, "", int64(0), time.Time{}},
		{dialect.MySQL, "", "", ""},
		{dialect.SQLite, "", nil, float64(0)},
		// SQL Server: VARBINARY for the token (below CHAR/VARCHAR in type precedence, so the
		// column is never converted), DATETIME2 for the expiry, NVARCHAR for sp_getapplock's
		// @Resource, which is NVARCHAR(255).
		{dialect.SQLServer, []byte(nil), "", civil.DateTime{}},
	} {
		s, _ := tt.d.Statements("sessions")
		if got, want := reflect.TypeOf(tt.d.BindToken("tok")), reflect.TypeOf(tt.token); got != want {
			t.Errorf("%s: BindToken type %v, want %v", tt.d.Name, got, want)
		}
		if got, want := reflect.TypeOf(tt.d.BindTime(at)), reflect.TypeOf(tt.expiry); got != want {
			t.Errorf("%s: BindTime type %v, want %v", tt.d.Name, got, want)
		}
		if got, want := reflect.TypeOf(s.LockKey), reflect.TypeOf(tt.limit); got != want {
			t.Errorf("%s: LockKey type %v, want %v", tt.d.Name, got, want)
		}
	}
	if got := string(dialect.SQLServer.BindToken("abc").([]byte)); got != "abc" {
		t.Errorf("sqlserver: BindToken bytes = %q, want the token's", got)
	}
}

// The statements StatementsFor makes for each probed expiry column type take the same
// arguments as the recommended table's.
func TestProbedStatementArguments(t *testing.T) {
	for _, d := range dialects {
		for _, typ := range probedTypes[d.Name] {
			s, err := d.StatementsFor("auth.sessions", dialect.Columns{ExpiryType: typ})
			if err != nil {
				t.Fatal(err)
			}
			for _, st := range []struct {
				name string
				sql  string
				args int
			}{
				{"Find (token, now)", s.Find, 2},
				{"Upsert (token, data, expiry)", s.Upsert, 3},
				{"Delete (token)", s.Delete, 1},
				{"All (now)", s.All, 1},
				{"DeleteExpired (now, limit)", s.DeleteExpired, 2},
			} {
				if got := placeholders(t, d, st.sql); got != st.args {
					t.Errorf("%s, expiry %s: %s takes %d arguments, want %d: %s", d.Name, typ, st.name, got, st.args, st.sql)
				}
			}
		}
	}
}
