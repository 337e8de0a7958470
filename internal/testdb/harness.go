package testdb

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/sqlstore"
	"github.com/scsql/scsql/sqlstore/storetest"
)

// Execer runs one statement; *sql.DB and pgx pools are adapted to it.
type Execer func(ctx context.Context, query string) error

// Harness returns a conformance-suite harness for an scsql store: each store gets its own table,
// created with CreateTable and dropped, after the store is closed, when the test ends.
func Harness(d dialect.Dialect, exec Execer, newStore func(sqlstore.Config) *sqlstore.Store) storetest.Harness {
	return storetest.Harness{
		Schema: Schema,
		New: func(t testing.TB, cfg storetest.Config) scs.Store {
			t.Helper()
			return NewStore(t, d, exec, newStore, sqlstore.Config{TableName: cfg.TableName, Now: cfg.Now, Principal: cfg.Principal}, nil)
		},
		Principal: true,
	}
}

// SCSHarness is Harness on tables made with scs's documented DDL for d (testdata/scs) instead of
// CreateTable. maxData is the most data that schema holds, 0 for no limit under 1 MiB.
func SCSHarness(t testing.TB, d dialect.Dialect, exec Execer, newStore func(sqlstore.Config) *sqlstore.Store, maxData int) storetest.Harness {
	ddl := SCSDDL(t, d)
	return storetest.Harness{
		MaxDataSize: maxData,
		New: func(t testing.TB, cfg storetest.Config) scs.Store {
			t.Helper()
			return NewStore(t, d, exec, newStore, sqlstore.Config{TableName: cfg.TableName, Now: cfg.Now}, ddl)
		},
	}
}

// NewStore makes a store on a fresh table cfg.TableName and registers its teardown: close the
// store, then drop the table. The table is created by ddl, statements in which "sessions" stands
// for the table's name, or by CreateTable when ddl is nil.
func NewStore(t testing.TB, d dialect.Dialect, exec Execer, newStore func(sqlstore.Config) *sqlstore.Store, cfg sqlstore.Config, ddl []string) *sqlstore.Store {
	t.Helper()
	if cfg.TableName == "" {
		cfg.TableName = sqlstore.DefaultTableName
	}
	quoted, err := d.QuoteTable(cfg.TableName)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	drop := "DROP TABLE IF EXISTS " + quoted
	// The suite's table names are unique to a run; only the fixed name scs's own stores use can
	// be left over from an interrupted one. (Dropping an unqualified name first would, on SQLite,
	// drop a same-named table in an attached database.)
	if cfg.TableName == sqlstore.DefaultTableName {
		if err := exec(ctx, drop); err != nil {
			t.Fatalf("%s: %v", drop, err)
		}
	}
	s := newStore(cfg)
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("close store: %v", err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := exec(ctx, drop); err != nil {
			t.Errorf("%s: %v", drop, err)
		}
	})
	if ddl == nil {
		if err := s.CreateTable(ctx); err != nil {
			t.Fatalf("CreateTable: %v", err)
		}
		return s
	}
	for _, stmt := range ddl {
		stmt = strings.ReplaceAll(stmt, "sessions", cfg.TableName)
		if err := exec(ctx, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	return s
}
