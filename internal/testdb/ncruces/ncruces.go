// Package ncruces describes github.com/ncruces/go-sqlite3, SQLite compiled to WebAssembly and
// run in Go (no cgo), to the tests (testdb.SQLiteDriver). It registers the database/sql name
// "sqlite3", as mattn/go-sqlite3 does, so a test binary that imports it must not link mattn's.
// It is for tests only.
package ncruces

import (
	"database/sql"
	"fmt"
	"testing"
	"time"

	"github.com/ncruces/go-sqlite3"
	_ "github.com/ncruces/go-sqlite3/driver"

	"github.com/scsql/scsql/internal/testdb"
)

// Driver is github.com/ncruces/go-sqlite3/driver, registered as "sqlite3". Its DSN sets pragmas
// with _pragma: _pragma=busy_timeout(5000)&_pragma=journal_mode(wal). A DSN with no _pragma at
// all gets a busy timeout of one minute; one with any _pragma but busy_timeout gets none.
var Driver = testdb.SQLiteDriver{
	Name:               "ncruces",
	SQLName:            "sqlite3",
	DSN:                testdb.PragmaDSN,
	DefaultBusyTimeout: time.Minute,
	SetLengthLimit: func(c *sql.Conn, limit int) error {
		return c.Raw(func(dc any) error {
			conn, ok := dc.(interface{ Raw() *sqlite3.Conn })
			if !ok {
				return fmt.Errorf("ncruces: connection is %T", dc)
			}
			conn.Raw().Limit(sqlite3.LIMIT_LENGTH, limit)
			return nil
		})
	},
}

// Open is testdb.SQLiteFile through ncruces's driver.
func Open(t testing.TB) *sql.DB {
	t.Helper()
	return testdb.SQLiteFile(t, Driver)
}
