package testdb

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/sqlstore"
)

// User is a database user made for one test, with no privilege on any session table until the
// privilege suite grants one. It is dropped when the test ends.
type User struct {
	// Grantee names the user in a GRANT statement.
	Grantee string
	// DSN connects as the user, to the database the admin DSN names.
	DSN string
	// CreatesInDefaultSchema is true when the server lets every user create tables in its
	// default schema, as PostgreSQL before 15 does in public: there CreateTable of an unqualified
	// name needs no grant and succeeds.
	CreatesInDefaultSchema bool
}

// userName returns a user name unique to this run: tests of several packages run at once on
// the same servers, and a crashed run must not leave a name the next one collides with.
func userName() (name, password string) {
	return fmt.Sprintf("scsql_lp_%08x", rand.Uint32()), fmt.Sprintf("pw_%016x", rand.Uint64())
}

// PostgresUser creates a PostgreSQL login role with a password and USAGE, nothing more, on
// Schema, and drops it when the test ends. The DSN is the admin DSN with the role's
// credentials, for lib/pq and pgx alike.
func PostgresUser(t testing.TB) User {
	t.Helper()
	admin := Postgres(t)
	name, password := userName()
	MustExec(t, admin,
		"CREATE ROLE "+name+" LOGIN PASSWORD '"+password+"'",
		"GRANT USAGE ON SCHEMA "+Schema+" TO "+name)
	t.Cleanup(func() {
		// The role's grants go first; its connections are closed by then (cleanups run last
		// registered first, and the role is made before any handle that logs in as it).
		for _, stmt := range []string{"DROP OWNED BY " + name, "DROP ROLE " + name} {
			if _, err := admin.Exec(stmt); err != nil {
				t.Errorf("%s: %v", stmt, err)
			}
		}
	})
	u := User{Grantee: name}
	if err := admin.QueryRow("SELECT has_schema_privilege($1, current_schema(), 'CREATE')", name).Scan(&u.CreatesInDefaultSchema); err != nil {
		t.Fatalf("ask whether %s may create tables in the default schema: %v", name, err)
	}
	dsn := PostgresDSN()
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		pu, err := url.Parse(dsn)
		if err != nil {
			t.Fatalf("SCSQL_POSTGRES_DSN: %v", err)
		}
		pu.User = url.UserPassword(name, password)
		u.DSN = pu.String()
	} else {
		u.DSN = dsn + " user=" + name + " password=" + password // later keys win
	}
	return u
}

// MySQLUser creates a MySQL or MariaDB user with a password and drops it when the test ends.
// Its host is '%', which matches a connection from anywhere, 127.0.0.1 included, with or without
// skip-name-resolve. The server lets a user connect to a database only if it holds some
// privilege there, so the user gets SELECT on a table of its own, as an application's user has
// privileges on the application's other tables; it has none on any session table.
func MySQLUser(t testing.TB) User {
	t.Helper()
	admin := MySQL(t)
	name, password := userName()
	grantee := "'" + name + "'@'%'"
	other := name + "_app"
	MustExec(t, admin,
		"CREATE USER "+grantee+" IDENTIFIED BY '"+password+"'",
		"CREATE TABLE "+other+" (id INT PRIMARY KEY)",
		"GRANT SELECT ON "+other+" TO "+grantee)
	t.Cleanup(func() {
		// DROP USER also removes the grants, which DROP TABLE leaves behind.
		for _, stmt := range []string{"DROP TABLE IF EXISTS " + other, "DROP USER IF EXISTS " + grantee} {
			if _, err := admin.Exec(stmt); err != nil {
				t.Errorf("%s: %v", stmt, err)
			}
		}
	})
	cfg, err := mysql.ParseDSN(MySQLDSN())
	if err != nil {
		t.Fatalf("SCSQL_MYSQL_DSN: %v", err)
	}
	cfg.User, cfg.Passwd = name, password
	return User{Grantee: grantee, DSN: cfg.FormatDSN()}
}

// PrivilegeSuite checks the store as a database user that has only SELECT, INSERT, UPDATE and
// DELETE on its table, granted by an admin: CreateTable on the existing table returns nil and
// changes nothing, and then every operation, Cleanup and a background cleanup run work. It does
// so on the recommended table, on a schema-qualified one, on scs's schema, and on scs's table
// without its expiry index. CreateTable of a missing table fails with an error that wraps
// sqlstore.ErrPermissionDenied and names the privilege creating it needs, and creates nothing.
//
// exec and newStore act as the admin; user is the restricted user and newUserStore makes stores
// that connect as it. SQLite has no users: its nearest case, a read-only database, is tested in
// package sqlite3store.
func PrivilegeSuite(t *testing.T, d dialect.Dialect, exec Execer, newStore func(sqlstore.Config) *sqlstore.Store,
	user User, newUserStore func(sqlstore.Config) *sqlstore.Store) {
	p := privileges{d: d, exec: exec, newStore: newStore, user: user, newUserStore: newUserStore}
	t.Run("RecommendedTable", func(t *testing.T) { p.existing(t, privilegeTable(), nil) })
	t.Run("SchemaQualified", func(t *testing.T) { p.existing(t, Schema+"."+privilegeTable(), nil) })
	t.Run("SCSSchema", func(t *testing.T) { p.existing(t, privilegeTable(), SCSDDL(t, d)) })
	t.Run("SCSSchemaWithoutIndex", func(t *testing.T) {
		ddl := slices.DeleteFunc(SCSDDL(t, d), func(s string) bool { return strings.Contains(s, "INDEX") })
		p.existing(t, privilegeTable(), ddl)
	})
	t.Run("MissingTable", func(t *testing.T) { p.missing(t, privilegeTable(), user.CreatesInDefaultSchema) })
	t.Run("MissingSchemaQualified", func(t *testing.T) { p.missing(t, Schema+"."+privilegeTable(), false) })
}

type privileges struct {
	d            dialect.Dialect
	exec         Execer
	newStore     func(sqlstore.Config) *sqlstore.Store
	user         User
	newUserStore func(sqlstore.Config) *sqlstore.Store
}

// privilegeTable returns a fresh table name.
func privilegeTable() string { return fmt.Sprintf("lp_%08x", rand.Uint32()) }

// existing makes the table as the admin (ddl, or CreateTable when ddl is nil), grants the user
// the four privileges on it, and uses it as the user.
func (p privileges) existing(t *testing.T, table string, ddl []string) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	admin := NewStore(t, p.d, p.exec, p.newStore, sqlstore.Config{TableName: table}, ddl)
	quoted, err := p.d.QuoteTable(table)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.exec(ctx, "GRANT SELECT, INSERT, UPDATE, DELETE ON "+quoted+" TO "+p.user.Grantee); err != nil {
		t.Fatalf("grant: %v", err)
	}
	// A session the admin wrote: CreateTable must leave it, and the table, as they are.
	if err := admin.Commit("lp-before", []byte("before"), time.Now().Add(time.Hour)); err != nil {
		t.Fatalf("admin commit: %v", err)
	}

	const seedCount = 25
	s := p.newUserStore(sqlstore.Config{TableName: table, CleanUpBatchSize: 10, CleanUpBatchPause: time.Millisecond})
	defer s.Close()

	for range 2 {
		if err := s.CreateTable(ctx); err != nil {
			t.Fatalf("CreateTable as the restricted user on the existing table: %v", err)
		}
	}
	if data, found, err := s.Find("lp-before"); err != nil || !found || string(data) != "before" {
		t.Fatalf("Find of the admin's session after CreateTable = %q, %v, %v; want it unchanged", data, found, err)
	}

	// Every operation, each path of the upsert included.
	if err := s.Commit("lp-token", []byte("one"), time.Now().Add(time.Hour)); err != nil {
		t.Fatalf("Commit (insert): %v", err)
	}
	if err := s.Commit("lp-token", []byte("two"), time.Now().Add(time.Hour)); err != nil {
		t.Fatalf("Commit (update): %v", err)
	}
	if data, found, err := s.FindCtx(ctx, "lp-token"); err != nil || !found || string(data) != "two" {
		t.Fatalf("Find = %q, %v, %v; want the second commit", data, found, err)
	}
	all, err := s.AllCtx(ctx)
	if err != nil || len(all) != 2 || string(all["lp-token"]) != "two" || string(all["lp-before"]) != "before" {
		t.Fatalf("All = %q, %v; want the two sessions", all, err)
	}
	visited := 0
	if err := s.ForEach(ctx, func(string, []byte) error { visited++; return nil }); err != nil || visited != 2 {
		t.Fatalf("ForEach visited %d, %v; want 2 sessions", visited, err)
	}
	if err := s.DeleteCtx(ctx, "lp-token"); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, found, err := s.Find("lp-token"); err != nil || found {
		t.Fatalf("Find after Delete: found %v, %v", found, err)
	}

	// Cleanup on demand: the cross-process lock and the purge, as the user.
	for i := range seedCount {
		if err := s.Commit(fmt.Sprintf("lp-expired-%02d", i), []byte("expired"), time.Now().Add(-time.Minute)); err != nil {
			t.Fatalf("Commit of an expired session: %v", err)
		}
	}
	n, err := s.Cleanup(ctx)
	if err != nil || n != seedCount {
		t.Fatalf("Cleanup = %d, %v; want the %d expired sessions deleted", n, err, seedCount)
	}

	// The background cleanup, as the user: seed again, then start a store whose runs report.
	for i := range seedCount {
		if err := s.Commit(fmt.Sprintf("lp-expired-%02d", i), []byte("expired"), time.Now().Add(-time.Minute)); err != nil {
			t.Fatalf("Commit of an expired session: %v", err)
		}
	}
	runs, done := make(chan sqlstore.CleanupResult), make(chan struct{})
	bg := p.newUserStore(sqlstore.Config{
		TableName:         table,
		CleanUpInterval:   50 * time.Millisecond,
		CleanUpBatchSize:  10,
		CleanUpBatchPause: time.Millisecond,
		OnCleanup: func(r sqlstore.CleanupResult) {
			select {
			case runs <- r:
			case <-done:
			}
		},
	})
	defer bg.Close()
	stop := sync.OnceFunc(func() { close(done); bg.StopCleanup() })
	defer stop()
	var deleted int64
	timeout := time.After(30 * time.Second)
	for deleted < seedCount {
		select {
		case r := <-runs:
			if r.Err != nil {
				t.Fatalf("a background cleanup run as the restricted user failed: %v", r.Err)
			}
			deleted += r.Deleted
		case <-timeout:
			t.Fatalf("the background cleanup deleted %d of %d expired sessions in 30 s", deleted, seedCount)
		}
	}
	stop()
	if deleted != seedCount {
		t.Errorf("the background cleanup deleted %d sessions, want %d", deleted, seedCount)
	}
	if data, found, err := admin.Find("lp-before"); err != nil || !found || string(data) != "before" {
		t.Errorf("the admin's live session after the user's cleanups = %q, %v, %v; want it kept", data, found, err)
	}
}

// missing checks CreateTable of a table that does not exist, as the user. Where the user may
// create tables there (creates), it must succeed; otherwise it must fail clearly and create
// nothing.
func (p privileges) missing(t *testing.T, table string, creates bool) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	quoted, err := p.d.QuoteTable(table)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// Only a failed assertion, or a server that let the user create it, leaves a table.
		if err := p.exec(context.Background(), "DROP TABLE IF EXISTS "+quoted); err != nil {
			t.Errorf("drop %s: %v", quoted, err)
		}
	})
	s := p.newUserStore(sqlstore.Config{TableName: table})
	defer s.Close()
	err = s.CreateTable(ctx)
	if creates {
		if err != nil {
			t.Fatalf("CreateTable where every user may create tables: %v", err)
		}
		return
	}
	if !errors.Is(err, sqlstore.ErrPermissionDenied) {
		t.Fatalf("CreateTable of a missing table without the privilege = %v; want an error wrapping sqlstore.ErrPermissionDenied", err)
	}
	for _, want := range []string{table, p.d.CreatePrivilege} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("CreateTable error %q does not name %q", err, want)
		}
	}
	t.Logf("CreateTable without the privilege: %v", err)
	if err := p.exec(ctx, "SELECT 1 FROM "+quoted); err == nil {
		t.Errorf("%s exists after the failed CreateTable", quoted)
	}
}
