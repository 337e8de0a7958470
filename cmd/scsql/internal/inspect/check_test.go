package inspect_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/scsql/scsql/cmd/scsql/internal/fixture"
	"github.com/scsql/scsql/cmd/scsql/internal/inspect"
	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
)

// check inspects table on db as of now.
func check(t *testing.T, d dialect.Dialect, db *sql.DB, table string, principal bool) (*inspect.Table, []inspect.Finding) {
	t.Helper()
	tb, fs, err := inspect.Inspect(context.Background(), db, d, inspect.Options{
		Table: table, Now: time.Now(), Principal: principal, StaleAfter: time.Hour,
	})
	if err != nil {
		t.Fatalf("Inspect: %v", err)
	}
	for _, f := range fs {
		t.Log(f)
	}
	return tb, fs
}

// finding returns the first finding of check, failing the test when there is none.
func finding(t *testing.T, fs []inspect.Finding, check string) inspect.Finding {
	t.Helper()
	for _, f := range fs {
		if f.Check == check {
			return f
		}
	}
	t.Fatalf("no %s finding", check)
	return inspect.Finding{}
}

// wantFinding fails the test unless the first finding of check has severity sev and its
// message or action contains text.
func wantFinding(t *testing.T, fs []inspect.Finding, check string, sev inspect.Severity, text string) {
	t.Helper()
	finding(t, fs, check)
	for _, f := range fs {
		if f.Check == check && f.Severity == sev && strings.Contains(f.Message+" "+f.Action, text) {
			return
		}
	}
	t.Errorf("no %s finding of severity %s mentioning %q", check, sev, text)
}

func wantWorst(t *testing.T, fs []inspect.Finding, want inspect.Severity) {
	t.Helper()
	if got := inspect.Worst(fs); got != want {
		t.Errorf("worst finding %s, want %s", got, want)
	}
}

// Tables made with the library's DDL, scs's and GORM's are told apart; all are healthy except
// scs's MySQL table, whose BLOB and TIMESTAMP will bite.
func TestCheckSchemas(t *testing.T) {
	for _, s := range servers {
		t.Run(s.name, func(t *testing.T) {
			db := s.open(t)
			t.Run("Recommended", func(t *testing.T) {
				table := tableName()
				recommended(t, s, db, table)
				fixture.Commit(t, newStore(t, s, db, table), 3, 100, time.Now().Add(time.Hour))
				tb, fs := check(t, s.d, db, table, false)
				if tb.Schema != "recommended" || *tb.Live != 3 || *tb.Expired != 0 {
					t.Errorf("schema %q, %v live, %v expired; want recommended, 3, 0", tb.Schema, *tb.Live, *tb.Expired)
				}
				wantFinding(t, fs, inspect.CheckExpiryIndex, inspect.OK, table+"_expiry_idx")
				wantWorst(t, fs, inspect.OK)
				wantJSON(t, inspect.NewReport(tb, fs, inspect.Options{Now: time.Now()}))
			})
			t.Run("SCS", func(t *testing.T) {
				table := tableName()
				scsTable(t, s, db, table, false)
				tb, fs := check(t, s.d, db, table, false)
				if s.d.Name != dialect.MySQL.Name {
					if tb.Schema != "recommended" {
						t.Errorf("schema %q, want recommended (scs's is the recommended one)", tb.Schema)
					}
					wantWorst(t, fs, inspect.OK)
					return
				}
				if tb.Schema != "scs" {
					t.Errorf("schema %q, want scs", tb.Schema)
				}
				wantFinding(t, fs, inspect.CheckDataLimit, inspect.Warning, "16.0 MiB")
				wantFinding(t, fs, inspect.CheckExpiryRange, inspect.Warning, "2038")
				wantWorst(t, fs, inspect.Warning)
			})
			t.Run("GORM", func(t *testing.T) {
				table := tableName()
				gormTable(t, s, db, table)
				tb, fs := check(t, s.d, db, table, false)
				if tb.Schema != "gorm" {
					t.Errorf("schema %q, want gorm", tb.Schema)
				}
				wantFinding(t, fs, inspect.CheckExpiryIndex, inspect.OK, "idx_")
				if s.d.Name == dialect.SQLite.Name {
					wantFinding(t, fs, inspect.CheckTextExpiry, inspect.OK, "GORM's text times")
				}
				wantWorst(t, fs, inspect.OK)
			})
		})
	}
}

// wantJSON checks the documented top-level fields of check --json.
func wantJSON(t *testing.T, r inspect.Report) {
	t.Helper()
	var b strings.Builder
	if err := r.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(b.String()), &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"table", "dialect", "exists", "schema", "status", "checked_at", "columns", "indexes",
		"live_rows", "expired_rows", "oldest_expired_age_seconds", "max_data_bytes", "size_bytes", "cleanup_lock_held", "findings"} {
		if _, ok := m[k]; !ok {
			t.Errorf("check --json has no %q:\n%s", k, b.String())
		}
	}
	if m["status"] != "ok" || m["live_rows"] != 3.0 {
		t.Errorf("status %v, live_rows %v; want ok, 3:\n%s", m["status"], m["live_rows"], b.String())
	}
	f := m["findings"].([]any)[0].(map[string]any)
	if f["check"] == nil || f["severity"] == nil || f["message"] == nil {
		t.Errorf("a finding lacks check, severity or message: %v", f)
	}
}

// Each problem check looks for, on a table that has it.
func TestCheckProblems(t *testing.T) {
	for _, s := range servers {
		t.Run(s.name, func(t *testing.T) {
			db := s.open(t)
			t.Run("MissingTable", func(t *testing.T) {
				_, fs := check(t, s.d, db, tableName(), false)
				wantFinding(t, fs, inspect.CheckTable, inspect.Problem, "not found")
				wantWorst(t, fs, inspect.Problem)
			})
			t.Run("MissingIndex", func(t *testing.T) {
				table := tableName()
				scsTable(t, s, db, table, true)
				_, fs := check(t, s.d, db, table, false)
				wantFinding(t, fs, inspect.CheckExpiryIndex, inspect.Warning, "no index on expiry")
			})
			t.Run("MissingColumn", func(t *testing.T) {
				table := tableName()
				fixture.DropLater(t, db, table)
				testdb.MustExec(t, db, "CREATE TABLE "+table+" (token VARCHAR(64) PRIMARY KEY, data "+fixture.DataType(s.d)+" NOT NULL)")
				_, fs := check(t, s.d, db, table, false)
				wantFinding(t, fs, inspect.CheckColumns, inspect.Problem, "missing column expiry")
				wantWorst(t, fs, inspect.Problem)
			})
			t.Run("WrongType", func(t *testing.T) {
				table := tableName()
				fixture.DropLater(t, db, table)
				testdb.MustExec(t, db, "CREATE TABLE "+table+" (token VARCHAR(64) PRIMARY KEY, data "+fixture.DataType(s.d)+" NOT NULL, expiry INTEGER NOT NULL)")
				_, fs := check(t, s.d, db, table, false)
				wantFinding(t, fs, inspect.CheckColumns, inspect.Problem, "expiry is")
				wantWorst(t, fs, inspect.Problem)
			})
			t.Run("ExpiredRowsOld", func(t *testing.T) {
				table := tableName()
				recommended(t, s, db, table)
				st := newStore(t, s, db, table)
				fixture.Commit(t, st, 2, 10, time.Now().Add(-3*time.Hour))
				fixture.Commit(t, st, 1, 10, time.Now().Add(-time.Minute))
				fixture.Commit(t, st, 4, 10, time.Now().Add(time.Hour))
				tb, fs := check(t, s.d, db, table, false)
				if *tb.Live != 4 || *tb.Expired != 3 {
					t.Errorf("%d live, %d expired; want 4, 3", *tb.Live, *tb.Expired)
				}
				if age := *tb.OldestExpiredAge; age < 3*3600-60 || age > 3*3600+60 {
					t.Errorf("oldest expired %v s ago, want about 3 h", age)
				}
				wantFinding(t, fs, inspect.CheckExpired, inspect.Warning, "no cleanup is purging")
				wantWorst(t, fs, inspect.Warning)
			})
			t.Run("PrincipalMissing", func(t *testing.T) {
				table := tableName()
				recommended(t, s, db, table)
				_, fs := check(t, s.d, db, table, true)
				wantFinding(t, fs, inspect.CheckPrincipal, inspect.Problem, "migrate --principal")
				wantWorst(t, fs, inspect.Problem)
			})
			t.Run("LockHeld", func(t *testing.T) {
				if s.d.SQL.TryLock == "" {
					table := tableName()
					recommended(t, s, db, table)
					_, fs := check(t, s.d, db, table, false)
					wantFinding(t, fs, inspect.CheckLock, inspect.OK, "no cross-process cleanup lock")
					return
				}
				table := tableName()
				recommended(t, s, db, table)
				_, fs := check(t, s.d, db, table, false)
				wantFinding(t, fs, inspect.CheckLock, inspect.OK, "free")
				release := fixture.HoldLock(t, s.d, db, table)
				tb, fs := check(t, s.d, db, table, false)
				if tb.LockHeld == nil || !*tb.LockHeld {
					t.Errorf("lock held by another connection, but LockHeld = %v", tb.LockHeld)
				}
				wantFinding(t, fs, inspect.CheckLock, inspect.OK, "another process holds the cleanup lock")
				release()
				if tb, _ := check(t, s.d, db, table, false); *tb.LockHeld {
					t.Error("lock released, but LockHeld = true")
				}
			})
		})
	}
}

// The MySQL-only limit: a BLOB data column with a session near 64 KiB.
func TestCheckBlobNearLimit(t *testing.T) {
	s := servers[1]
	db := s.open(t)
	table := tableName()
	scsTable(t, s, db, table, false)
	fixture.Commit(t, newStore(t, s, db, table), 1, 60000, time.Now().Add(time.Hour))
	tb, fs := check(t, s.d, db, table, false)
	if *tb.MaxData != 60000 {
		t.Errorf("MaxData %d, want 60000", *tb.MaxData)
	}
	wantFinding(t, fs, inspect.CheckDataLimit, inspect.Problem, "largest session stored now is 58.6 KiB")
	wantWorst(t, fs, inspect.Problem)
}

// A user without SELECT on the table gets findings naming the privilege, and the rest of the
// check.
func TestCheckWithoutPrivilege(t *testing.T) {
	t.Run("PostgreSQL", func(t *testing.T) {
		s := servers[0]
		admin := s.open(t)
		user := testdb.PostgresUser(t)
		table := testdb.Schema + "." + tableName()
		recommended(t, s, admin, table)
		db := testdb.Open(t, "PostgreSQL", "postgres", user.DSN)
		restricted(t, s.d, db, table)
	})
	t.Run("MariaDB", func(t *testing.T) {
		s := servers[1]
		admin := s.open(t)
		user := testdb.MySQLUser(t)
		table := tableName()
		recommended(t, s, admin, table)
		// Some privilege on the table, or information_schema hides it: INSERT, as a
		// write-only logger's user might have.
		testdb.MustExec(t, admin, "GRANT INSERT ON "+table+" TO "+user.Grantee)
		db := testdb.Open(t, "MariaDB", "mysql", user.DSN)
		restricted(t, s.d, db, table)
	})
}

func restricted(t *testing.T, d dialect.Dialect, db *sql.DB, table string) {
	t.Helper()
	tb, fs := check(t, d, db, table, false)
	if !tb.Exists || tb.Schema != "recommended" {
		t.Errorf("exists %v, schema %q; want the recommended table seen through the catalogue", tb.Exists, tb.Schema)
	}
	wantFinding(t, fs, inspect.CheckRows, inspect.Warning, "grant this user SELECT on "+table)
	wantFinding(t, fs, inspect.CheckExpiryIndex, inspect.OK, "expiry index")
	wantFinding(t, fs, inspect.CheckLock, inspect.OK, "free")
	wantWorst(t, fs, inspect.Warning)
}
