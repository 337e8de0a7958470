package gormstore_test

import (
	"path/filepath"
	"testing"
	"time"

	glebarez "github.com/glebarez/sqlite"
	"gorm.io/gorm"

	"github.com/scsql/scsql/gormstore"
	"github.com/scsql/scsql/internal/testdb"
)

// glebarezDriver is the database/sql driver under github.com/glebarez/sqlite, GORM's pure-Go
// SQLite dialector: github.com/glebarez/go-sqlite, a fork of modernc.org/sqlite registered as
// "sqlite". Its DSN sets pragmas with _pragma, and a connection without busy_timeout has none.
var glebarezDriver = testdb.SQLiteDriver{
	Name:    "glebarez",
	SQLName: "sqlite",
	DSN:     testdb.PragmaDSN,
}

// openGlebarez opens GORM through github.com/glebarez/sqlite on a fresh database file. Without
// isolation the handle attaches testdb.Schema for schema-qualified tables.
func openGlebarez(t *testing.T, isolated string) *gorm.DB {
	if isolated == "" {
		return openGORM(t, &glebarez.Dialector{Conn: testdb.SQLiteFile(t, glebarezDriver)})
	}
	dsn := glebarezDriver.DSN(filepath.Join(t.TempDir(), "app.db"), testdb.SQLiteOptions{BusyTimeout: 10 * time.Second, WAL: true})
	return openGORM(t, glebarez.Open(dsn))
}

// Concurrent writers on a plain file DSN with a short busy timeout must not see SQLite's
// "database is locked": the store retries a statement SQLite refused as busy, on GORM's SQLite
// dialectors as on sqlite3store's drivers.
func TestGlebarezConcurrentWritersNeverBusy(t *testing.T) {
	sqliteNeverBusy(t, glebarezDriver, glebarez.Open)
}

// sqliteNeverBusy runs testdb.SQLiteNeverBusy on a store over GORM on dialector, on a fresh
// database file in the rollback journal with a busy timeout of testdb.SQLiteBusyTimeout,
// spelled in d's DSN.
func sqliteNeverBusy(t *testing.T, d testdb.SQLiteDriver, dialector func(dsn string) gorm.Dialector) {
	dsn := d.DSN(filepath.Join(t.TempDir(), "app.db"), testdb.SQLiteOptions{BusyTimeout: testdb.SQLiteBusyTimeout})
	testdb.SQLiteNeverBusy(t, ourStore(t, openGORM(t, dialector(dsn)), gormstore.Config{}))
}
