package sqlite3store_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/sqlite3store"
	"github.com/scsql/scsql/sqlstore"
)

// SQLite has no users or grants (see testdb.PrivilegeSuite for the servers). Its nearest case is
// a database the process may only read: reads work, CreateTable of the existing table does
// nothing, every write fails with SQLite's own error, and the file is left intact.
func TestReadOnlyDatabase(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sessions.db")
	rw := testdb.Open(t, "SQLite", "sqlite3", "file:"+path+"?_busy_timeout=5000")
	writer := sqlite3store.NewWithConfig(rw, sqlite3store.Config{})
	defer writer.Close()
	if err := writer.CreateTable(ctx); err != nil {
		t.Fatal(err)
	}
	if err := writer.Commit("live", []byte("kept"), time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := writer.Commit("expired", []byte("old"), time.Now().Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}

	ro := testdb.Open(t, "SQLite", "sqlite3", "file:"+path+"?mode=ro&_busy_timeout=5000")
	reader := sqlite3store.NewWithConfig(ro, sqlite3store.Config{})
	defer reader.Close()
	if err := reader.CreateTable(ctx); err != nil {
		t.Fatalf("CreateTable on the existing table of a read-only database: %v", err)
	}
	if data, found, err := reader.Find("live"); err != nil || !found || string(data) != "kept" {
		t.Fatalf("Find = %q, %v, %v", data, found, err)
	}
	if all, err := reader.All(); err != nil || len(all) != 1 {
		t.Fatalf("All = %q, %v; want the live session", all, err)
	}
	_, cleanupErr := reader.Cleanup(ctx)
	for name, err := range map[string]error{
		"Commit":  reader.Commit("new", []byte("x"), time.Now().Add(time.Hour)),
		"Delete":  reader.Delete("live"),
		"Cleanup": cleanupErr,
	} {
		if !dialect.SQLite.PermissionDenied(err) {
			t.Errorf("%s on a read-only database: %v; want SQLite's read-only error", name, err)
		}
	}
	missing := sqlite3store.NewWithConfig(ro, sqlite3store.Config{TableName: "other_sessions"})
	defer missing.Close()
	err := missing.CreateTable(ctx)
	if !errors.Is(err, sqlstore.ErrPermissionDenied) {
		t.Fatalf("CreateTable of a missing table in a read-only database = %v; want an error wrapping sqlstore.ErrPermissionDenied", err)
	}
	t.Logf("CreateTable in a read-only database: %v", err)

	// Nothing was written or damaged.
	var check string
	if err := rw.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Errorf("integrity_check = %q, %v", check, err)
	}
	census := sqlite3store.NewWithConfig(rw, sqlite3store.Config{Now: func() time.Time { return time.Unix(0, 0) }})
	defer census.Close()
	if all, err := census.All(); err != nil || len(all) != 2 || string(all["live"]) != "kept" || string(all["expired"]) != "old" {
		t.Errorf("rows after the read-only attempts = %q, %v; want exactly the two written before", all, err)
	}
	var tables int
	if err := rw.QueryRow("SELECT COUNT(*) FROM sqlite_master WHERE name = 'other_sessions'").Scan(&tables); err != nil || tables != 0 {
		t.Errorf("other_sessions: %d tables, %v; want none", tables, err)
	}
}
