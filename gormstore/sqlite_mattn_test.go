//go:build cgo

package gormstore_test

import (
	"path/filepath"
	"testing"
	"time"

	"gorm.io/driver/sqlite"
	"gorm.io/gorm"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/internal/testdb/mattn"
)

// sqliteBackends are GORM's own SQLite driver (gorm.io/driver/sqlite, on mattn/go-sqlite3,
// which needs cgo) and the pure-Go github.com/glebarez/sqlite.
var sqliteBackends = []backend{
	{"SQLite", dialect.SQLiteGORM, openSQLite, testdb.Schema},
	{"SQLite-glebarez", dialect.SQLiteGORM, openGlebarez, testdb.Schema},
}

// openSQLite opens GORM's SQLite driver on a fresh database file. Without isolation it wraps
// testdb's handle, which attaches testdb.Schema for schema-qualified tables.
func openSQLite(t *testing.T, isolated string) *gorm.DB {
	if isolated == "" {
		return openGORM(t, sqlite.New(sqlite.Config{Conn: mattn.Open(t)}))
	}
	dsn := mattn.Driver.DSN(filepath.Join(t.TempDir(), "app.db"), testdb.SQLiteOptions{BusyTimeout: 10 * time.Second, WAL: true})
	return openGORM(t, sqlite.Open(dsn))
}

// Concurrent writers on a plain file DSN with a short busy timeout must not see SQLite's
// "database is locked", on GORM's own SQLite driver either.
func TestSQLiteConcurrentWritersNeverBusy(t *testing.T) {
	sqliteNeverBusy(t, mattn.Driver, sqlite.Open)
}
