package inspect_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/scsql/scsql/cmd/scsql/internal/fixture"
	"github.com/scsql/scsql/cmd/scsql/internal/inspect"
	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
)

// migrate plans and applies the migration of table, and returns the steps.
func migrate(t *testing.T, d dialect.Dialect, db *sql.DB, table string, principal bool) []inspect.Step {
	t.Helper()
	tb, _ := check(t, d, db, table, principal)
	steps, err := inspect.Plan(tb, principal)
	if err != nil {
		t.Fatalf("Plan: %v", err)
	}
	err = inspect.Apply(context.Background(), db, steps, func(s inspect.Step) {
		t.Logf("%s (%s; %s): %s", s.What, s.Locks, inspect.Estimate(s, tb), strings.Join(s.SQL, "; "))
	})
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	return steps
}

// Tables already recommended, and GORM's, need nothing.
func TestMigrateNothingToDo(t *testing.T) {
	for _, s := range servers {
		t.Run(s.name, func(t *testing.T) {
			db := s.open(t)
			for _, make := range []func(*testing.T, server, *sql.DB, string){recommended, gormTable} {
				table := tableName()
				make(t, s, db, table)
				tb, _ := check(t, s.d, db, table, false)
				if steps, err := inspect.Plan(tb, false); err != nil || len(steps) != 0 {
					t.Errorf("%s table: Plan = %v, %v; want nothing to do", tb.Schema, steps, err)
				}
			}
		})
	}
}

// scs's table moves to the recommended one, and then check finds it healthy; on MariaDB under a
// session time zone other than UTC, every expiry keeps its instant.
func TestMigrateSCS(t *testing.T) {
	for _, s := range servers {
		t.Run(s.name, func(t *testing.T) {
			db := s.open(t)
			table := tableName()
			scsTable(t, s, db, table, true)
			st := newStore(t, s, db, table)
			base := time.Now().Add(time.Hour).Truncate(time.Second)
			var tokens []string
			for i := range 20 {
				tokens = append(tokens, fixture.Commit(t, st, 1, 100, base.Add(time.Duration(i)*time.Minute+time.Duration(i)*1234*time.Microsecond))...)
			}
			mdb := db
			if s.d.Name == dialect.MySQL.Name {
				mdb = testdb.Open(t, "MariaDB", "mysql", mysqlDSN(t, "+05:00"))
			}
			before := instants(t, s.d, db, table, "")
			steps := migrate(t, s.d, mdb, table, false)
			if len(steps) == 0 {
				t.Fatal("nothing to do on scs's table without its index")
			}
			after := instants(t, s.d, db, table, "datetime")
			if len(after) != len(tokens) {
				t.Fatalf("%d rows after, want %d", len(after), len(tokens))
			}
			for tok, at := range before {
				if !after[tok].Equal(at) {
					t.Errorf("expiry moved from %s to %s", at, after[tok])
				}
			}
			tb, fs := check(t, s.d, mdb, table, false)
			if tb.Schema != "recommended" {
				t.Errorf("schema %q after migrating, want recommended", tb.Schema)
			}
			wantWorst(t, fs, inspect.OK)
			fresh := newStore(t, s, db, table)
			for _, tok := range tokens {
				if _, found, err := fresh.FindCtx(context.Background(), tok); !found || err != nil {
					t.Errorf("a session is lost after migrating: %v, %v", found, err)
				}
			}
		})
	}
}

// instants reads every row's expiry as an instant, with the expression the catalogue uses for
// the expiry type (MySQL: "" reads a TIMESTAMP, "datetime" a DATETIME).
func instants(t *testing.T, d dialect.Dialect, db *sql.DB, table, mysqlType string) map[string]time.Time {
	t.Helper()
	seconds := map[string]string{
		"postgres": "EXTRACT(EPOCH FROM expiry)::float8 * 1000000",
		"sqlite":   "(expiry - 2440587.5) * 86400000000.0",
	}[d.Name]
	if d.Name == dialect.MySQL.Name {
		seconds = "UNIX_TIMESTAMP(expiry) * 1000000"
		if mysqlType == "datetime" {
			seconds = "TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', expiry)"
		}
	}
	rows, err := db.Query("SELECT token, " + seconds + " FROM " + table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	m := map[string]time.Time{}
	for rows.Next() {
		var tok string
		var us float64
		if err := rows.Scan(&tok, &us); err != nil {
			t.Fatal(err)
		}
		// SQLite keeps milliseconds in a float: compare to the millisecond.
		m[tok] = time.UnixMicro(int64(us + 0.5)).Round(time.Millisecond)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return m
}

// The principal column is added when asked, and check then finds it.
func TestMigratePrincipal(t *testing.T) {
	for _, s := range servers {
		t.Run(s.name, func(t *testing.T) {
			db := s.open(t)
			table := tableName()
			recommended(t, s, db, table)
			migrate(t, s.d, db, table, true)
			_, fs := check(t, s.d, db, table, true)
			wantFinding(t, fs, inspect.CheckPrincipal, inspect.OK, table+dialect.PrincipalIndexSuffix)
			wantWorst(t, fs, inspect.OK)
		})
	}
}

// The migration applied to a table in use: the library's store and scs's commit and find
// throughout, before, during and after, and not one call fails or loses a session.
func TestMigrateInUse(t *testing.T) {
	for _, s := range servers {
		t.Run(s.name, func(t *testing.T) {
			db, mdb := isolated(t, s)
			scsTable(t, s, db, "sessions", s.d.Name != dialect.MySQL.Name)
			fixture.Seed(t, s.d, db, 20000)
			ours, theirs := newStore(t, s, db, "sessions"), s.theirs(db)
			stores := map[string]scs.CtxStore{"ours": ours, "scs's": ctxStore{theirs}}

			stop := make(chan struct{})
			var wg sync.WaitGroup
			var mu sync.Mutex
			var failures []string
			committed := map[string]bool{}
			calls := 0
			for name, st := range stores {
				for w := range 2 {
					wg.Go(func() {
						for i := 0; ; i++ {
							select {
							case <-stop:
								return
							default:
							}
							tok := fmt.Sprintf("%s-%d-%d-%08x", strings.TrimSuffix(name, "'s"), w, i, rand.Uint32())
							err := st.CommitCtx(context.Background(), tok, []byte("session data"), time.Now().Add(time.Hour))
							var found bool
							if err == nil {
								_, found, err = stores["ours"].FindCtx(context.Background(), tok)
							}
							if err == nil && !found {
								err = errors.New("not found right after its commit")
							}
							mu.Lock()
							calls += 2
							if err != nil {
								failures = append(failures, fmt.Sprintf("%s store: %v", name, err))
							} else {
								committed[tok] = true
							}
							mu.Unlock()
						}
					})
				}
			}
			time.Sleep(300 * time.Millisecond)
			start := time.Now()
			steps := migrate(t, s.d, mdb, "sessions", false)
			took := time.Since(start)
			time.Sleep(300 * time.Millisecond)
			close(stop)
			wg.Wait()
			t.Logf("%d steps in %s; %d calls, %d sessions committed", len(steps), took, calls, len(committed))
			if len(steps) == 0 {
				t.Fatal("nothing was migrated")
			}
			for _, f := range failures {
				t.Error(f)
			}
			for tok := range committed {
				for name, st := range stores {
					if _, found, err := st.FindCtx(context.Background(), tok); !found || err != nil {
						t.Errorf("%s store: session committed during the migration not found: %v, %v", name, found, err)
					}
				}
			}
			_, fs := check(t, s.d, mdb, "sessions", false)
			wantWorst(t, fs, inspect.OK)
		})
	}
}

// ctxStore is scs's store as a CtxStore: scs's stores of these versions have no context
// methods.
type ctxStore struct{ scs.Store }

func (c ctxStore) FindCtx(_ context.Context, token string) ([]byte, bool, error) {
	return c.Find(token)
}
func (c ctxStore) CommitCtx(_ context.Context, token string, b []byte, expiry time.Time) error {
	return c.Commit(token, b, expiry)
}
func (c ctxStore) DeleteCtx(_ context.Context, token string) error { return c.Delete(token) }

// isolated returns handles on a database (MySQL) or schema (PostgreSQL) of the test's own, where
// scs's stores find their table "sessions": the stores' handle, and the migration's, which on
// MariaDB is in a session time zone other than UTC.
func isolated(t *testing.T, s server) (stores, migration *sql.DB) {
	admin := s.open(t)
	name := tableName()
	switch s.d.Name {
	case dialect.MySQL.Name:
		testdb.MustExec(t, admin, "CREATE DATABASE "+name)
		t.Cleanup(func() { admin.Exec("DROP DATABASE " + name) })
		withDB := func(dsn string) string {
			i := strings.Index(dsn, ")/")
			j := strings.Index(dsn, "?")
			return dsn[:i+2] + name + dsn[j:]
		}
		return testdb.Open(t, "MariaDB", "mysql", withDB(mysqlDSN(t, ""))),
			testdb.Open(t, "MariaDB", "mysql", withDB(mysqlDSN(t, "+05:00")))
	case dialect.Postgres.Name:
		testdb.MustExec(t, admin, "CREATE SCHEMA "+name)
		t.Cleanup(func() { admin.Exec("DROP SCHEMA " + name + " CASCADE") })
		u, err := url.Parse(testdb.PostgresDSN())
		if err != nil {
			t.Skipf("SCSQL_POSTGRES_DSN is not a URL: %v", err)
		}
		q := u.Query()
		q.Set("search_path", name)
		u.RawQuery = q.Encode()
		db := testdb.Open(t, "PostgreSQL", "postgres", u.String())
		return db, db
	}
	return admin, admin
}
