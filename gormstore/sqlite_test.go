package gormstore_test

import (
	"path/filepath"
	"testing"
	"time"

	glebarez "github.com/glebarez/sqlite"
	"gorm.io/gorm"

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
