package main

// End-to-end tests of the built command: TestMain builds it once with CGO_ENABLED=0 (which also
// proves the command builds without cgo), and every test runs that binary as an operator would,
// against the real PostgreSQL, MariaDB and a SQLite file, on tables made with scs's DDL, GORM's
// (through scs's gormstore) and the library's.

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	scsmysqlstore "github.com/alexedwards/scs/mysqlstore"
	scspostgresstore "github.com/alexedwards/scs/postgresstore"
	scssqlite3store "github.com/alexedwards/scs/sqlite3store"
	"github.com/alexedwards/scs/v2"
	"github.com/go-sql-driver/mysql"
	gormmysql "gorm.io/driver/mysql"
	gormpostgres "gorm.io/driver/postgres"
	gormsqlite "gorm.io/driver/sqlite"
	"gorm.io/gorm"

	"github.com/scsql/scsql/cmd/scsql/internal/fixture"
	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/mysqlstore"
	"github.com/scsql/scsql/postgresstore"
	"github.com/scsql/scsql/sqlite3store"
	"github.com/scsql/scsql/sqlstore"
)

// binary is the command built by TestMain.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "scsql-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "scsql")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "CGO_ENABLED=0 go build ./cmd/scsql: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is what one run of the command left: its output and exit status.
type result struct {
	stdout, stderr string
	code           int
}

func (r result) String() string {
	return fmt.Sprintf("exit status %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
}

// env is the environment the command runs in: the test's, without SCSQL_ variables that would
// change what it does, and with extra.
func env(extra []string) []string {
	var e []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "SCSQL_DSN=") || strings.HasPrefix(kv, "SCSQL_DRIVER=") || strings.HasPrefix(kv, "SCSQL_TABLE=") {
			continue
		}
		e = append(e, kv)
	}
	return append(e, extra...)
}

// run runs the built command with args in the environment env (KEY=value, added to the
// test's) and returns its output and exit status. Standard input and output are not a
// terminal, as under cron.
func run(t *testing.T, extra []string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = env(extra)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := result{stdout: stdout.String(), stderr: stderr.String()}
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit):
		r.code = exit.ExitCode()
	default:
		t.Fatalf("scsql %s: %v", strings.Join(args, " "), err)
	}
	t.Logf("scsql %s: exit %d", strings.Join(args, " "), r.code)
	return r
}

// wantCode fails the test unless r exited with code.
func wantCode(t *testing.T, r result, code int) {
	t.Helper()
	if r.code != code {
		t.Fatalf("want exit status %d, got %s", code, r)
	}
}

// server is one database the command runs against.
type server struct {
	name   string
	driver string // the --driver the command recognises from dsn
	d      dialect.Dialect
	// open returns an administrator's handle and the DSN the command connects with, to the
	// same database.
	open  func(t *testing.T) (*sql.DB, string)
	store func(db *sql.DB, table string) *sqlstore.Store
	gorm  func(db *sql.DB) gorm.Dialector
}

var (
	postgres = server{
		name: "PostgreSQL", driver: "postgres", d: dialect.Postgres,
		open: func(t *testing.T) (*sql.DB, string) { return testdb.Postgres(t), testdb.PostgresDSN() },
		store: func(db *sql.DB, table string) *sqlstore.Store {
			return postgresstore.NewWithConfig(db, postgresstore.Config{TableName: table})
		},
		gorm: func(db *sql.DB) gorm.Dialector { return gormpostgres.New(gormpostgres.Config{Conn: db}) },
	}
	mariadb = server{
		name: "MariaDB", driver: "mysql", d: dialect.MySQL,
		open: func(t *testing.T) (*sql.DB, string) {
			testdb.MySQL(t)
			dsn := testMySQLDSN(t, "")
			return testdb.Open(t, "MariaDB", "mysql", dsn), dsn
		},
		store: func(db *sql.DB, table string) *sqlstore.Store {
			return mysqlstore.NewWithConfig(db, mysqlstore.Config{TableName: table})
		},
		gorm: func(db *sql.DB) gorm.Dialector { return gormmysql.New(gormmysql.Config{Conn: db}) },
	}
	sqlite = server{
		name: "SQLite", driver: "sqlite", d: dialect.SQLite,
		open: func(t *testing.T) (*sql.DB, string) {
			// modernc.org/sqlite, the command's own driver; WAL and a busy timeout, as an
			// application runs it beside the command. _time_format=sqlite makes the driver
			// write a time.Time as mattn/go-sqlite3, GORM's usual driver, does
			// (dialect.SQLiteTimeFormat): GORM's expiries are then the text scs's gormstore
			// leaves on SQLite.
			dsn := "file:" + filepath.Join(t.TempDir(), "sessions.db") + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_time_format=sqlite"
			return testdb.Open(t, "SQLite", "sqlite", dsn), dsn
		},
		store: func(db *sql.DB, table string) *sqlstore.Store {
			return sqlite3store.NewWithConfig(db, sqlite3store.Config{TableName: table})
		},
		// GORM's dialector on the handle opened above: it opens no driver of its own.
		gorm: func(db *sql.DB) gorm.Dialector { return gormsqlite.Dialector{Conn: db} },
	}
	servers = []server{postgres, mariadb, sqlite}
)

// testMySQLDSN is SCSQL_MYSQL_DSN, in the session time zone zone when not empty.
func testMySQLDSN(t *testing.T, zone string) string {
	t.Helper()
	cfg, err := mysql.ParseDSN(testdb.MySQLDSN())
	if err != nil {
		t.Fatalf("SCSQL_MYSQL_DSN: %v", err)
	}
	if zone != "" {
		if cfg.Params == nil {
			cfg.Params = map[string]string{}
		}
		cfg.Params["time_zone"] = "'" + zone + "'"
	}
	return cfg.FormatDSN()
}

// tableName returns a table name of the test's own.
func tableName() string { return fixture.TableName("e2e") }

// ours makes table with the library's DDL.
func ours(t *testing.T, s server, db *sql.DB, table string) {
	fixture.Recommended(t, s.d, db, table)
}

// scsTable makes table with scs's documented DDL, without its index when noIndex.
func scsTable(t *testing.T, s server, db *sql.DB, table string, noIndex bool) {
	fixture.SCS(t, s.d, db, table, noIndex)
}

// gormTable makes table with scs's gormstore and returns that store, which writes as GORM
// does: on SQLite, expiries as text.
func gormTable(t *testing.T, s server, db *sql.DB, table string) fixture.Committer {
	return fixture.GORM(t, s.gorm(db), db, table)
}

// newStore is the library's store on table, stopped when the test ends.
func newStore(t *testing.T, s server, db *sql.DB, table string) *sqlstore.Store {
	st := s.store(db, table)
	t.Cleanup(st.StopCleanup)
	return st
}

// count returns the rows of table.
func count(t *testing.T, db *sql.DB, table string) int {
	t.Helper()
	var n int
	if err := db.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}

// waitFor polls cond until it holds, failing the test after a minute.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting: %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// --- schema

// schema prints exactly the statements the dialect builds, CreateTable's and scs's, for every
// driver; it needs no server.
func TestSchema(t *testing.T) {
	for driver, dr := range drivers {
		t.Run(driver, func(t *testing.T) {
			for _, table := range []string{"sessions", "auth.web_sessions"} {
				st, err := dr.dialect.Statements(table)
				if err != nil {
					t.Fatal(err)
				}
				r := run(t, nil, "schema", "--driver", driver, "--table", table)
				wantCode(t, r, 0)
				if want := joinStatements(st.CreateTable); r.stdout != want {
					t.Errorf("schema --table %s printed\n%s\nwant the dialect's CreateTable\n%s", table, r.stdout, want)
				}
				r = run(t, nil, "schema", "--driver", driver, "--table", table, "--scs")
				wantCode(t, r, 0)
				if want := joinStatements(st.SCSCreateTable); r.stdout != want {
					t.Errorf("schema --scs --table %s printed\n%s\nwant the dialect's SCSCreateTable\n%s", table, r.stdout, want)
				}
			}
		})
	}
	// The DSN names the database without a connection.
	r := run(t, nil, "schema", "--dsn", "postgres://u:pw@127.0.0.1:1/app")
	wantCode(t, r, 0)
	if !strings.Contains(r.stdout, "TIMESTAMPTZ") {
		t.Errorf("schema of a postgres:// DSN is not PostgreSQL's:\n%s", r)
	}
}

func joinStatements(stmts []string) string {
	var b strings.Builder
	for _, s := range stmts {
		b.WriteString(s + ";\n")
	}
	return b.String()
}

// --- check

// checkReport is check --json's output, as a monitoring system reads it.
type checkReport struct {
	Table    string   `json:"table"`
	Dialect  string   `json:"dialect"`
	Exists   bool     `json:"exists"`
	Schema   string   `json:"schema"`
	Status   string   `json:"status"`
	Live     *int64   `json:"live_rows"`
	Expired  *int64   `json:"expired_rows"`
	Oldest   *float64 `json:"oldest_expired_age_seconds"`
	MaxData  *int64   `json:"max_data_bytes"`
	Size     *int64   `json:"size_bytes"`
	LockHeld *bool    `json:"cleanup_lock_held"`
	Findings []struct {
		Check    string `json:"check"`
		Severity string `json:"severity"`
		Message  string `json:"message"`
		Action   string `json:"action"`
	} `json:"findings"`
}

// check runs check --json on table and returns its report; the exit status must be code, and
// the text form must say the same.
func check(t *testing.T, dsn, table string, code int, flags ...string) checkReport {
	t.Helper()
	args := append([]string{"check", "--dsn", dsn, "--table", table}, flags...)
	r := run(t, nil, append(args, "--json")...)
	wantCode(t, r, code)
	var rep checkReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("check --json: %v\n%s", err, r)
	}
	if want := []string{"ok", "warning", "problem"}[code]; rep.Status != want {
		t.Errorf("status %q, want %q (exit %d)", rep.Status, want, code)
	}
	for _, f := range rep.Findings {
		if f.Check == "" || f.Message == "" || !slices.Contains([]string{"ok", "warning", "problem"}, f.Severity) {
			t.Errorf("malformed finding %+v", f)
		}
		if f.Severity != "ok" && f.Action == "" {
			t.Errorf("a %s finding says nothing to do: %+v", f.Severity, f)
		}
	}
	text := run(t, nil, args...)
	wantCode(t, text, code)
	if verdict := table + ": " + map[int]string{0: "healthy", 1: "warnings", 2: "problems"}[code]; !strings.Contains(text.stdout, verdict) {
		t.Errorf("check's text does not end with %q:\n%s", verdict, text)
	}
	if lines := strings.Count(text.stdout, "\n"); lines != len(rep.Findings)+1 {
		t.Errorf("check printed %d lines for %d findings, want one a finding and the verdict:\n%s", lines, len(rep.Findings), text)
	}
	return rep
}

// want fails the test unless rep has a finding of check with severity whose message or action
// contains text.
func (rep checkReport) want(t *testing.T, check, severity, text string) {
	t.Helper()
	for _, f := range rep.Findings {
		if f.Check == check && f.Severity == severity && strings.Contains(f.Message+" "+f.Action, text) {
			return
		}
	}
	t.Errorf("no %s finding of severity %s mentioning %q in %+v", check, severity, text, rep.Findings)
}

// Tables made with the library's DDL, scs's and GORM's: which schema, healthy or not, and the
// counts.
func TestCheckSchemas(t *testing.T) {
	for _, s := range servers {
		t.Run(s.name, func(t *testing.T) {
			db, dsn := s.open(t)
			t.Run("Ours", func(t *testing.T) {
				table := tableName()
				ours(t, s, db, table)
				st := newStore(t, s, db, table)
				fixture.Commit(t, st, 3, 100, time.Now().Add(time.Hour))
				fixture.Commit(t, st, 2, 100, time.Now().Add(-time.Minute))
				rep := check(t, dsn, table, 0)
				if rep.Table != table || !rep.Exists || rep.Schema != "recommended" || *rep.Live != 3 || *rep.Expired != 2 || *rep.MaxData != 100 {
					t.Errorf("table %q exists %v, schema %q, %d live, %d expired, max %d; want %s, true, recommended, 3, 2, 100",
						rep.Table, rep.Exists, rep.Schema, *rep.Live, *rep.Expired, *rep.MaxData, table)
				}
				if rep.Size == nil || *rep.Size <= 0 {
					t.Errorf("size_bytes %v, want the size on disk", rep.Size)
				}
				rep.want(t, "expiry_index", "ok", table+"_expiry_idx")
				rep.want(t, "rows", "ok", "3 live, 2 expired")
				rep.want(t, "expired_rows", "ok", "expired 1m")
				rep.want(t, "size", "ok", "on disk")
				rep.want(t, "cleanup_lock", "ok", map[bool]string{true: "no cross-process cleanup lock", false: "free"}[s.d.SQL.TryLock == ""])
			})
			t.Run("SCS", func(t *testing.T) {
				table := tableName()
				scsTable(t, s, db, table, false)
				fixture.Commit(t, newStore(t, s, db, table), 1, 100, time.Now().Add(time.Hour))
				if s.d.Name != dialect.MySQL.Name {
					// scs's table is the recommended one on PostgreSQL and SQLite.
					rep := check(t, dsn, table, 0)
					if rep.Schema != "recommended" {
						t.Errorf("schema %q, want recommended", rep.Schema)
					}
					return
				}
				rep := check(t, dsn, table, 1)
				if rep.Schema != "scs" {
					t.Errorf("schema %q, want scs", rep.Schema)
				}
				rep.want(t, "schema", "ok", "scs's documented schema")
				rep.want(t, "data_limit", "warning", "64.0 KiB")
				rep.want(t, "expiry_range", "warning", "2038")
			})
			t.Run("GORM", func(t *testing.T) {
				table := tableName()
				theirs := gormTable(t, s, db, table)
				fixture.Commit(t, theirs, 2, 100, time.Now().Add(time.Hour))
				fixture.Commit(t, theirs, 3, 100, time.Now().Add(-time.Minute))
				rep := check(t, dsn, table, 0)
				if rep.Schema != "gorm" || *rep.Live != 2 || *rep.Expired != 3 {
					t.Errorf("schema %q, %d live, %d expired; want gorm, 2, 3", rep.Schema, *rep.Live, *rep.Expired)
				}
				rep.want(t, "expiry_index", "ok", "idx_")
				if s.d.Name == dialect.SQLite.Name {
					rep.want(t, "text_expiry", "ok", "GORM's text times, all in UTC")
				}
			})
		})
	}
}

// A table with each problem check looks for.
func TestCheckProblems(t *testing.T) {
	for _, s := range servers {
		t.Run(s.name, func(t *testing.T) {
			db, dsn := s.open(t)
			t.Run("MissingTable", func(t *testing.T) {
				rep := check(t, dsn, tableName(), 2)
				rep.want(t, "table", "problem", "not found")
				if rep.Exists {
					t.Error("exists: true for a missing table")
				}
			})
			t.Run("MissingColumn", func(t *testing.T) {
				table := tableName()
				fixture.DropLater(t, db, table)
				testdb.MustExec(t, db, "CREATE TABLE "+table+" (token VARCHAR(64) PRIMARY KEY, data "+fixture.DataType(s.d)+" NOT NULL)")
				check(t, dsn, table, 2).want(t, "columns", "problem", "missing column expiry")
			})
			t.Run("WrongType", func(t *testing.T) {
				table := tableName()
				fixture.DropLater(t, db, table)
				testdb.MustExec(t, db, "CREATE TABLE "+table+" (token VARCHAR(64) PRIMARY KEY, data "+fixture.DataType(s.d)+" NOT NULL, expiry INTEGER NOT NULL)")
				check(t, dsn, table, 2).want(t, "columns", "problem", "expiry is")
			})
			t.Run("MissingIndex", func(t *testing.T) {
				table := tableName()
				scsTable(t, s, db, table, true)
				check(t, dsn, table, 1).want(t, "expiry_index", "warning", "no index on expiry")
			})
			t.Run("NoCleanup", func(t *testing.T) {
				table := tableName()
				ours(t, s, db, table)
				st := newStore(t, s, db, table)
				fixture.Commit(t, st, 2, 10, time.Now().Add(-3*time.Hour))
				fixture.Commit(t, st, 1, 10, time.Now().Add(time.Hour))
				rep := check(t, dsn, table, 1)
				rep.want(t, "expired_rows", "warning", "no cleanup is purging")
				if *rep.Oldest < 3*3600-60 || *rep.Oldest > 3*3600+60 {
					t.Errorf("oldest expired %v s ago, want about 3 h", *rep.Oldest)
				}
				// --stale-after moves the line.
				check(t, dsn, table, 0, "--stale-after", "4h").want(t, "expired_rows", "ok", "expired 3h")
			})
			t.Run("PrincipalMissing", func(t *testing.T) {
				table := tableName()
				ours(t, s, db, table)
				check(t, dsn, table, 2, "--principal").want(t, "principal", "problem", "migrate --principal")
			})
			t.Run("LockHeld", func(t *testing.T) {
				if s.d.SQL.TryLock == "" {
					t.Skipf("%s has no cross-process cleanup lock", s.name)
				}
				table := tableName()
				ours(t, s, db, table)
				release := fixture.HoldLock(t, s.d, db, table)
				rep := check(t, dsn, table, 0)
				rep.want(t, "cleanup_lock", "ok", "another process holds the cleanup lock")
				if rep.LockHeld == nil || !*rep.LockHeld {
					t.Errorf("cleanup_lock_held %v, want true", rep.LockHeld)
				}
				release()
				if rep := check(t, dsn, table, 0); *rep.LockHeld {
					t.Error("cleanup_lock_held true after the release")
				}
			})
		})
	}
	t.Run("MariaDB/BlobNearLimit", func(t *testing.T) {
		db, dsn := mariadb.open(t)
		table := tableName()
		scsTable(t, mariadb, db, table, false)
		fixture.Commit(t, newStore(t, mariadb, db, table), 1, 60000, time.Now().Add(time.Hour))
		rep := check(t, dsn, table, 2)
		rep.want(t, "data_limit", "problem", "largest session stored now is 58.6 KiB")
		if *rep.MaxData != 60000 {
			t.Errorf("max_data_bytes %d, want 60000", *rep.MaxData)
		}
	})
	t.Run("PostgreSQL/InvalidIndex", func(t *testing.T) {
		db, dsn := postgres.open(t)
		table := tableName()
		scsTable(t, postgres, db, table, true)
		st := newStore(t, postgres, db, table)
		expiry := time.Now().Add(time.Hour)
		fixture.Commit(t, st, 2, 10, expiry)
		// A CONCURRENTLY build that fails leaves an invalid index behind: a unique one on two
		// equal expiries fails.
		if _, err := db.Exec("CREATE UNIQUE INDEX CONCURRENTLY " + table + "_expiry_idx ON " + table + " (expiry)"); err == nil {
			t.Fatal("the unique index on equal expiries was built")
		}
		check(t, dsn, table, 2).want(t, "expiry_index", "problem", "not usable")
		r := run(t, nil, "migrate", "--dsn", dsn, "--table", table, "--apply")
		wantCode(t, r, 0)
		if !strings.Contains(r.stdout, "DROP INDEX CONCURRENTLY") {
			t.Errorf("migrate does not drop the invalid index:\n%s", r)
		}
		check(t, dsn, table, 0).want(t, "expiry_index", "ok", table+"_expiry_idx")
	})
	t.Run("SQLite/TextExpiryNotUTC", func(t *testing.T) {
		db, dsn := sqlite.open(t)
		table := tableName()
		fixture.Commit(t, gormTable(t, sqlite, db, table), 1, 10, time.Now().Add(time.Hour))
		// What GORM writes for a time in another zone: its local wall time and offset.
		testdb.MustExec(t, db, "INSERT INTO "+table+" (token, data, expiry) VALUES ('local', x'00', '2099-01-01 10:00:00+05:00')")
		check(t, dsn, table, 1).want(t, "text_expiry", "warning", "1 rows have an expiry that is not UTC text")
	})
}

// PostgreSQL users with only SELECT on the table, and with nothing: check needs no more than
// SELECT, and without it names the privilege and checks the rest.
func TestCheckPrivileges(t *testing.T) {
	admin, _ := postgres.open(t)
	table := testdb.Schema + "." + tableName()
	ours(t, postgres, admin, table)
	fixture.Commit(t, newStore(t, postgres, admin, table), 2, 10, time.Now().Add(time.Hour))
	t.Run("SelectOnly", func(t *testing.T) {
		user := testdb.PostgresUser(t)
		testdb.MustExec(t, admin, "GRANT SELECT ON "+table+" TO "+user.Grantee)
		rep := check(t, user.DSN, table, 0)
		if *rep.Live != 2 || rep.Size == nil || rep.LockHeld == nil {
			t.Errorf("a user with SELECT read %v live rows, size %v, lock %v; want 2 and both read", *rep.Live, rep.Size, rep.LockHeld)
		}
	})
	t.Run("Nothing", func(t *testing.T) {
		user := testdb.PostgresUser(t)
		rep := check(t, user.DSN, table, 1)
		if !rep.Exists || rep.Schema != "recommended" {
			t.Errorf("exists %v, schema %q; want the table seen through the catalogue", rep.Exists, rep.Schema)
		}
		rep.want(t, "rows", "warning", "grant this user SELECT on "+table)
		rep.want(t, "expiry_index", "ok", "expiry index")
		rep.want(t, "cleanup_lock", "ok", "free")
	})
}

// --- migrate

// migrate --apply moves scs's and GORM's tables to the recommended schema, after which check is
// healthy and migrate has nothing left to do.
func TestMigrate(t *testing.T) {
	for _, s := range servers {
		t.Run(s.name, func(t *testing.T) {
			db, dsn := s.open(t)
			t.Run("Ours", func(t *testing.T) {
				table := tableName()
				ours(t, s, db, table)
				r := run(t, nil, "migrate", "--dsn", dsn, "--table", table)
				wantCode(t, r, 0)
				if !strings.Contains(r.stdout, "nothing to do") {
					t.Errorf("migrate on the recommended table:\n%s", r)
				}
			})
			t.Run("SCS", func(t *testing.T) {
				table := tableName()
				scsTable(t, s, db, table, true)
				fixture.Commit(t, newStore(t, s, db, table), 3, 100, time.Now().Add(time.Hour))
				r := run(t, nil, "migrate", "--dsn", dsn, "--table", table)
				wantCode(t, r, 0)
				for _, want := range map[string][]string{
					"postgres": {"CREATE INDEX CONCURRENTLY", "-- locks: SHARE UPDATE EXCLUSIVE"},
					"mysql":    {"MEDIUMBLOB", "DATETIME(6)", "SET SESSION time_zone = '+00:00'", "ADD INDEX"},
					"sqlite":   {"CREATE INDEX IF NOT EXISTS"},
				}[s.d.Name] {
					if !strings.Contains(r.stdout, want) {
						t.Errorf("migrate does not print %q:\n%s", want, r)
					}
				}
				if !strings.Contains(r.stdout, "-- takes: ") {
					t.Errorf("migrate says not how long a step may take:\n%s", r)
				}
				if n := count(t, db, table); n != 3 {
					t.Fatalf("migrate without --apply changed the table: %d rows", n)
				}
				apply(t, s, dsn, table)
				if n := count(t, db, table); n != 3 {
					t.Errorf("%d rows after the migration, want 3", n)
				}
			})
			t.Run("GORMWithoutIndex", func(t *testing.T) {
				table := tableName()
				gormTable(t, s, db, table)
				var drop string
				switch s.d.Name {
				case dialect.MySQL.Name:
					drop = "DROP INDEX idx_" + table + "_expiry ON " + table
				default:
					drop = "DROP INDEX idx_" + table + "_expiry"
				}
				testdb.MustExec(t, db, drop)
				check(t, dsn, table, 1).want(t, "expiry_index", "warning", "no index on expiry")
				apply(t, s, dsn, table)
			})
			t.Run("Principal", func(t *testing.T) {
				table := tableName()
				ours(t, s, db, table)
				r := run(t, nil, "migrate", "--dsn", dsn, "--table", table, "--principal", "--apply")
				wantCode(t, r, 0)
				check(t, dsn, table, 0, "--principal").want(t, "principal", "ok", "principal column and index")
			})
		})
	}
}

// apply runs migrate --apply on table and checks that it said what each step locks, and that
// the table is then healthy, with nothing left to migrate.
func apply(t *testing.T, s server, dsn, table string, flags ...string) {
	t.Helper()
	r := run(t, nil, append([]string{"migrate", "--dsn", dsn, "--table", table, "--apply"}, flags...)...)
	wantCode(t, r, 0)
	if !strings.Contains(r.stdout, "-- locks: ") || !strings.Contains(r.stdout, "-- done") {
		t.Errorf("migrate --apply did not say what it locks, or did not finish:\n%s", r)
	}
	check(t, dsn, table, 0)
	r = run(t, nil, "migrate", "--dsn", dsn, "--table", table)
	wantCode(t, r, 0)
	if !strings.Contains(r.stdout, "nothing to do") {
		t.Errorf("migrate after --apply:\n%s", r)
	}
}

// MariaDB's TIMESTAMP(6) becomes DATETIME(6) holding the same UTC instants, though the rows
// were written and the migration run in session time zones other than UTC.
func TestMigrateKeepsInstants(t *testing.T) {
	admin, _ := mariadb.open(t)
	table := tableName()
	scsTable(t, mariadb, admin, table, false)
	writer := testdb.Open(t, "MariaDB", "mysql", testMySQLDSN(t, "+05:00"))
	st := newStore(t, mariadb, writer, table)
	want := map[string]time.Time{}
	for i, expiry := range []time.Time{
		time.Date(2031, 3, 30, 1, 30, 0, 123456000, time.UTC),
		time.Date(2037, 12, 31, 23, 59, 59, 999999000, time.UTC),
		time.Now().Add(time.Hour).Truncate(time.Microsecond),
	} {
		tok := fmt.Sprintf("instant%d", i)
		if err := st.Commit(tok, []byte("x"), expiry); err != nil {
			t.Fatal(err)
		}
		want[tok] = expiry
	}
	apply(t, mariadb, testMySQLDSN(t, "-07:00"), table)
	var typ string
	if err := admin.QueryRow("SELECT LOWER(COLUMN_TYPE) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = 'expiry'", table).Scan(&typ); err != nil {
		t.Fatal(err)
	}
	if typ != "datetime(6)" {
		t.Fatalf("expiry is %s after the migration, want datetime(6)", typ)
	}
	for tok, exp := range want {
		var got string
		if err := admin.QueryRow("SELECT CAST(expiry AS CHAR) FROM "+table+" WHERE token = ?", tok).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if w := exp.UTC().Format("2006-01-02 15:04:05.000000"); got != w {
			t.Errorf("%s: expiry %s after the migration, want the UTC instant %s", tok, got, w)
		}
	}
	// A new store (it reads the column types once) finds the live session.
	if _, found, err := newStore(t, mariadb, admin, table).Find("instant2"); !found || err != nil {
		t.Errorf("the live session after the migration: found %v, %v", found, err)
	}
}

// --- purge

// purge deletes the expired sessions and keeps the live ones, on every kind of table, and
// without a terminal prints one summary line.
func TestPurge(t *testing.T) {
	for _, s := range servers {
		t.Run(s.name, func(t *testing.T) {
			db, dsn := s.open(t)
			tables := map[string]func(table string) fixture.Committer{
				"Ours": func(table string) fixture.Committer { ours(t, s, db, table); return newStore(t, s, db, table) },
				"SCS": func(table string) fixture.Committer {
					scsTable(t, s, db, table, false)
					return newStore(t, s, db, table)
				},
				// On SQLite, GORM's expiries are text: the purge must compare them as text.
				"GORM": func(table string) fixture.Committer { return gormTable(t, s, db, table) },
			}
			for name, mk := range tables {
				t.Run(name, func(t *testing.T) {
					table := tableName()
					st := mk(table)
					live := fixture.Commit(t, st, 3, 50, time.Now().Add(time.Hour))
					fixture.Commit(t, st, 7, 50, time.Now().Add(-time.Minute))
					fixture.Commit(t, st, 2, 50, time.Now().Add(-48*time.Hour))
					r := run(t, nil, "purge", "--dsn", dsn, "--table", table, "--batch", "4", "--pause", "0")
					wantCode(t, r, 0)
					if r.stderr != "" || strings.Count(r.stdout, "\n") != 1 {
						t.Errorf("purge without a terminal printed more than one line:\n%s", r)
					}
					if !strings.Contains(r.stdout, "deleted 9 expired sessions in 3 batches") || !strings.Contains(r.stdout, "finished") {
						t.Errorf("purge's summary:\n%s", r)
					}
					if n := count(t, db, table); n != len(live) {
						t.Errorf("%d rows left, want the %d live ones", n, len(live))
					}
					healthy := 0
					if name == "SCS" && s.d.Name == dialect.MySQL.Name {
						healthy = 1 // scs's BLOB and TIMESTAMP
					}
					rep := check(t, dsn, table, healthy)
					if *rep.Live != 3 || *rep.Expired != 0 {
						t.Errorf("check after the purge: %d live, %d expired; want 3, 0", *rep.Live, *rep.Expired)
					}
				})
			}
			t.Run("LockHeld", func(t *testing.T) {
				if s.d.SQL.TryLock == "" {
					t.Skipf("%s has no cross-process cleanup lock", s.name)
				}
				table := tableName()
				ours(t, s, db, table)
				fixture.Commit(t, newStore(t, s, db, table), 5, 10, time.Now().Add(-time.Minute))
				release := fixture.HoldLock(t, s.d, db, table)
				r := run(t, nil, "purge", "--dsn", dsn, "--table", table)
				wantCode(t, r, exitSkipped)
				if !strings.Contains(r.stdout, "skipped: another process holds") {
					t.Errorf("purge's summary:\n%s", r)
				}
				if n := count(t, db, table); n != 5 {
					t.Errorf("%d rows left, want all 5: the lock's holder purges them", n)
				}
				release()
				wantCode(t, run(t, nil, "purge", "--dsn", dsn, "--table", table), 0)
				if n := count(t, db, table); n != 0 {
					t.Errorf("%d rows left after the lock was released, want 0", n)
				}
			})
			t.Run("Interrupted", func(t *testing.T) { interrupted(t, s, db, dsn) })
			t.Run("MaxDuration", func(t *testing.T) {
				table := tableName()
				ours(t, s, db, table)
				fixture.Commit(t, newStore(t, s, db, table), 20, 10, time.Now().Add(-time.Minute))
				r := run(t, nil, "purge", "--dsn", dsn, "--table", table, "--batch", "1", "--pause", "50ms", "--max-duration", "1ms")
				wantCode(t, r, exitIncomplete)
				if !strings.Contains(r.stdout, "stopped at --max-duration") {
					t.Errorf("purge's summary:\n%s", r)
				}
			})
		})
	}
}

// SIGINT during a slow purge stops it between batches: exit status 130, a summary, expired
// rows left, and the cleanup lock free.
func interrupted(t *testing.T, s server, db *sql.DB, dsn string) {
	table := tableName()
	ours(t, s, db, table)
	const expired = 200
	fixture.Commit(t, newStore(t, s, db, table), expired, 10, time.Now().Add(-time.Minute))

	cmd := exec.Command(binary, "purge", "--dsn", dsn, "--table", table, "--batch", "1", "--pause", "100ms")
	cmd.Env = env(nil)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := false
	t.Cleanup(func() {
		if !exited {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	waitFor(t, "purge deletes its first batch", func() bool { return count(t, db, table) < expired })
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	exited = true
	r := result{stdout: stdout.String(), stderr: stderr.String(), code: cmd.ProcessState.ExitCode()}
	if err != nil && r.code <= 0 {
		t.Fatalf("purge: %v", err)
	}
	wantCode(t, r, exitInterrupted)
	if !strings.Contains(r.stdout, "interrupted, the cleanup lock released") {
		t.Errorf("purge's summary:\n%s", r)
	}
	if n := count(t, db, table); n == 0 || n >= expired {
		t.Errorf("%d of %d expired rows left after the interrupt, want some deleted and some left", n, expired)
	}
	if s.d.SQL.TryLock != "" {
		fixture.HoldLock(t, s.d, db, table)() // fails the test unless the lock is free
	}
}

// --- connecting

// Each DSN form is recognised: a DSN that cannot connect fails as a connection error of the
// right driver (exit 3), never "cannot tell the database", and never shows its password.
func TestConnect(t *testing.T) {
	const secret = "S3cr3t/p@ss:word"
	escaped := strings.TrimPrefix(urlUserPassword(secret), "x:")
	for _, c := range []struct {
		name, dsn, driver string
		flags             []string
	}{
		{"PostgresURL", "postgres://app:" + escaped + "@127.0.0.1:1/app?sslmode=disable&connect_timeout=5", "postgres", nil},
		{"PostgresqlURL", "postgresql://app:" + escaped + "@127.0.0.1:1/app?sslmode=disable&connect_timeout=5", "postgres", nil},
		{"PostgresKeyValue", "host=127.0.0.1 port=1 user=app password='" + secret + "' dbname=app sslmode=disable", "postgres", []string{"--driver", "postgres"}},
		{"PgxKeyValue", "host=127.0.0.1 port=1 user=app password='" + secret + "' dbname=app sslmode=disable", "pgx", []string{"--driver", "pgx"}},
		{"SQLServerURL", "sqlserver://app:" + escaped + "@127.0.0.1:1?database=app&dial+timeout=5", "sqlserver", nil},
		{"SQLServerADO", "server=127.0.0.1;port=1;user id=app;password=" + secret + ";database=app", "sqlserver", []string{"--driver", "sqlserver"}},
		{"MySQL", "app:" + secret + "@tcp(127.0.0.1:1)/app?timeout=5s", "mysql", nil},
		// A wrong password that the server refuses.
		{"MariaDBRefused", wrongMySQLPassword(t, secret), "mysql", nil},
		{"SQLiteFile", "file:" + filepath.Join(t.TempDir(), "missing", "x.db") + "?mode=ro", "sqlite", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, cmd := range []string{"check", "migrate", "purge"} {
				r := run(t, nil, append([]string{cmd, "--dsn", c.dsn}, c.flags...)...)
				wantCode(t, r, exitFailed)
				if want := "connect to the " + c.driver + " database"; !strings.Contains(r.stderr, want) {
					t.Errorf("%s: want an error that says %q:\n%s", cmd, want, r)
				}
				if strings.Contains(c.dsn, secret) || strings.Contains(c.dsn, escaped) {
					for _, s := range []string{secret, escaped} {
						if strings.Contains(r.stdout+r.stderr, s) {
							t.Errorf("%s printed the password %q:\n%s", cmd, s, r)
						}
					}
				}
			}
			// Through the environment, as a crontab should pass it.
			r := run(t, []string{"SCSQL_DSN=" + c.dsn}, append([]string{"check"}, c.flags...)...)
			wantCode(t, r, exitFailed)
			if strings.Contains(r.stdout+r.stderr, secret) || strings.Contains(r.stdout+r.stderr, escaped) {
				t.Errorf("check with SCSQL_DSN printed the password:\n%s", r)
			}
		})
	}
	t.Run("Unknown", func(t *testing.T) {
		r := run(t, nil, "check", "--dsn", "app:"+secret+"@somewhere")
		wantCode(t, r, exitUsage)
		if !strings.Contains(r.stderr, "cannot tell the database from the DSN") || strings.Contains(r.stderr, secret) {
			t.Errorf("unrecognised DSN:\n%s", r)
		}
		wantCode(t, run(t, nil, "check", "--dsn", "x", "--driver", "oracle"), exitUsage)
		wantCode(t, run(t, nil, "check"), exitUsage)
	})
	// Every form that names a reachable database connects: check answers about the table.
	for _, s := range servers {
		t.Run(s.name+"Detected", func(t *testing.T) {
			db, dsn := s.open(t)
			table := tableName()
			ours(t, s, db, table)
			check(t, dsn, table, 0)
			// SCSQL_DSN and SCSQL_TABLE instead of the flags.
			r := run(t, []string{"SCSQL_DSN=" + dsn, "SCSQL_TABLE=" + table}, "check")
			wantCode(t, r, 0)
			if !strings.Contains(r.stdout, table+": healthy") {
				t.Errorf("check from the environment:\n%s", r)
			}
			if s.driver == "postgres" {
				// pgx's database/sql driver instead of lib/pq, on the same DSN.
				check(t, dsn, table, 0, "--driver", "pgx")
			}
		})
	}
	t.Run("SQLitePath", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "app.db")
		db := testdb.Open(t, "SQLite", "sqlite", path)
		table := tableName()
		ours(t, sqlite, db, table)
		check(t, path, table, 0)
	})
	t.Run("BadTable", func(t *testing.T) {
		for _, cmd := range []string{"schema", "check", "migrate", "purge"} {
			r := run(t, nil, cmd, "--dsn", "postgres://app:"+escaped+"@127.0.0.1:1/app", "--table", "sessions; DROP TABLE users")
			wantCode(t, r, exitUsage)
			if !strings.Contains(r.stderr, "--table") || !strings.Contains(r.stderr, "Run 'scsql help'") {
				t.Errorf("%s with a bad --table:\n%s", cmd, r)
			}
			if strings.Contains(r.stderr, "connect") {
				t.Errorf("%s connected before it checked --table:\n%s", cmd, r)
			}
		}
	})
}

// urlUserPassword is "x:" and secret as a URL's userinfo escapes it.
func urlUserPassword(secret string) string {
	u := strings.NewReplacer("/", "%2F", "@", "%40", ":", "%3A").Replace(secret)
	return "x:" + u
}

// wrongMySQLPassword is the MariaDB DSN with secret as a password the server refuses, or the
// test ends when the server is unreachable.
func wrongMySQLPassword(t *testing.T, secret string) string {
	testdb.MySQL(t)
	cfg, err := mysql.ParseDSN(testdb.MySQLDSN())
	if err != nil {
		t.Fatal(err)
	}
	cfg.User, cfg.Passwd = "scsql_nobody", secret
	return cfg.FormatDSN()
}

// --- help

// scsql help and every command's help show an example, and exit 0.
func TestHelp(t *testing.T) {
	r := run(t, nil, "help")
	wantCode(t, r, 0)
	for _, cmd := range []string{"schema", "check", "migrate", "purge", "help"} {
		if !strings.Contains(r.stdout, cmd) {
			t.Errorf("scsql help lists no %s:\n%s", cmd, r)
		}
	}
	if !strings.Contains(r.stdout, "Example") {
		t.Errorf("scsql help has no example:\n%s", r)
	}
	for _, cmd := range []string{"schema", "check", "migrate", "purge", "help"} {
		r := run(t, nil, "help", cmd)
		wantCode(t, r, 0)
		if !strings.Contains(r.stdout, "Example") {
			t.Errorf("scsql help %s has no example:\n%s", cmd, r)
		}
		r = run(t, nil, cmd, "-h")
		wantCode(t, r, 0)
		if !strings.Contains(r.stdout+r.stderr, "Example") {
			t.Errorf("scsql %s -h has no example:\n%s", cmd, r)
		}
	}
	r = run(t, nil, "frobnicate")
	if r.code != exitUsage || !strings.Contains(r.stderr, `unknown command "frobnicate"`) || !strings.Contains(r.stderr, "Run 'scsql help'") {
		t.Errorf("an unknown command:\n%s", r)
	}
	r = run(t, nil)
	if r.code != exitUsage || !strings.Contains(r.stderr, "SUBCOMMANDS") {
		t.Errorf("no command: want the usage and exit status 64:\n%s", r)
	}
}

// migrate --apply on a table in use: the library's store and scs's commit and find throughout,
// before, during and after the migration, and every session committed is found afterwards.
func TestMigrateInUse(t *testing.T) {
	for _, s := range servers {
		t.Run(s.name, func(t *testing.T) {
			db, dsn, theirs := isolated(t, s)
			scsTable(t, s, db, "sessions", s.d.Name != dialect.MySQL.Name)
			fixture.Seed(t, s.d, db, 5000)
			stores := map[string]scs.Store{"ours": newStore(t, s, db, "sessions"), "scs's": theirs}

			var (
				mu        sync.Mutex
				failures  []string
				committed []string
				calls     int
			)
			done := func() int { mu.Lock(); defer mu.Unlock(); return calls }
			stop := make(chan struct{})
			var wg sync.WaitGroup
			for name, st := range stores {
				for range 2 {
					wg.Go(func() {
						for {
							select {
							case <-stop:
								return
							default:
							}
							tok := testdb.Token(t)
							err := st.Commit(tok, []byte("session data"), time.Now().Add(time.Hour))
							for _, reader := range stores {
								if err != nil {
									break
								}
								var found bool
								if _, found, err = reader.Find(tok); err == nil && !found {
									err = errors.New("not found right after its commit")
								}
							}
							mu.Lock()
							calls++
							if err != nil {
								failures = append(failures, fmt.Sprintf("%s store: %v", name, err))
							} else {
								committed = append(committed, tok)
							}
							mu.Unlock()
						}
					})
				}
			}
			stopAll := sync.OnceFunc(func() { close(stop); wg.Wait() })
			defer stopAll()

			waitFor(t, "the stores commit before the migration", func() bool { return done() >= 20 })
			before := done()
			r := run(t, nil, "migrate", "--dsn", dsn, "--table", "sessions", "--apply")
			wantCode(t, r, 0)
			if !strings.Contains(r.stdout, "-- done") {
				t.Fatalf("migrate --apply:\n%s", r)
			}
			after := done()
			waitFor(t, "the stores commit after the migration", func() bool { return done() >= after+20 })
			stopAll()

			t.Logf("%d commits, %d while the command ran, %d found by both stores", calls, after-before, len(committed))
			for _, f := range failures {
				t.Error(f)
			}
			for _, tok := range committed {
				for name, st := range stores {
					if _, found, err := st.Find(tok); !found || err != nil {
						t.Errorf("%s store: a session committed around the migration is not found: %v, %v", name, found, err)
					}
				}
			}
			check(t, dsn, "sessions", 0)
		})
	}
}

// isolated returns, for a test of its own, an administrator's handle on a database (MariaDB),
// schema (PostgreSQL) or file (SQLite) where the table "sessions" is the test's, the DSN of
// the same place for the command, and scs's store there (scs's stores take no other table).
func isolated(t *testing.T, s server) (*sql.DB, string, scs.Store) {
	admin, dsn := s.open(t)
	name := tableName()
	switch s.d.Name {
	case dialect.MySQL.Name:
		testdb.MustExec(t, admin, "CREATE DATABASE "+name)
		t.Cleanup(func() { admin.Exec("DROP DATABASE " + name) })
		cfg, err := mysql.ParseDSN(dsn)
		if err != nil {
			t.Fatal(err)
		}
		cfg.DBName = name
		dsn = cfg.FormatDSN()
		db := testdb.Open(t, "MariaDB", "mysql", dsn)
		return db, dsn, scsmysqlstore.NewWithCleanupInterval(db, 0)
	case dialect.Postgres.Name:
		testdb.MustExec(t, admin, "CREATE SCHEMA "+name)
		t.Cleanup(func() { admin.Exec("DROP SCHEMA " + name + " CASCADE") })
		dsn = testdb.PostgresDSNIn(t, name)
		db := testdb.Open(t, "PostgreSQL", "postgres", dsn)
		return db, dsn, scspostgresstore.NewWithCleanupInterval(db, 0)
	}
	return admin, dsn, scssqlite3store.NewWithCleanupInterval(admin, 0)
}
