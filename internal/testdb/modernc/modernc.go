// Package modernc describes modernc.org/sqlite, SQLite translated to Go (no cgo), to the tests
// (testdb.SQLiteDriver). It is for tests only.
package modernc

import (
	"database/sql"
	"testing"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/scsql/scsql/internal/testdb"
)

// Driver is modernc.org/sqlite, registered as "sqlite". Its DSN sets pragmas with _pragma:
// _pragma=busy_timeout(5000)&_pragma=journal_mode(WAL). A connection without busy_timeout has
// none: a locked database fails at once.
var Driver = testdb.SQLiteDriver{
	Name:    "modernc",
	SQLName: "sqlite",
	DSN:     testdb.PragmaDSN,
	SetLengthLimit: func(c *sql.Conn, limit int) error {
		_, err := sqlite.Limit(c, sqlite3.SQLITE_LIMIT_LENGTH, limit)
		return err
	},
}

// Open is testdb.SQLiteFile through modernc's driver.
func Open(t testing.TB) *sql.DB {
	t.Helper()
	return testdb.SQLiteFile(t, Driver)
}
