//go:build cgo

package mattn

import (
	"database/sql"
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/mattn/go-sqlite3"

	"github.com/scsql/scsql/internal/testdb"
)

// Driver is github.com/mattn/go-sqlite3, registered as "sqlite3". Its DSN spells the busy
// timeout _busy_timeout (milliseconds; 5000 when absent) and WAL _journal_mode=WAL.
var Driver = testdb.SQLiteDriver{
	Name:    "mattn",
	SQLName: "sqlite3",
	DSN: func(path string, o testdb.SQLiteOptions) string {
		q := url.Values{}
		if o.BusyTimeout > 0 {
			q.Set("_busy_timeout", fmt.Sprint(o.BusyTimeout.Milliseconds()))
		}
		if o.WAL {
			q.Set("_journal_mode", "WAL")
		}
		if o.ReadOnly {
			q.Set("mode", "ro")
		}
		return dsn(path, q)
	},
	DefaultBusyTimeout: 5 * time.Second,
	SetLengthLimit: func(c *sql.Conn, limit int) error {
		return c.Raw(func(dc any) error {
			conn, ok := dc.(*sqlite3.SQLiteConn)
			if !ok {
				return fmt.Errorf("mattn: connection is %T", dc)
			}
			conn.SetLimit(sqlite3.SQLITE_LIMIT_LENGTH, limit)
			return nil
		})
	},
}

// Open is testdb.SQLiteFile through mattn's driver.
func Open(t testing.TB) *sql.DB {
	t.Helper()
	return testdb.SQLiteFile(t, Driver)
}

func dsn(path string, q url.Values) string {
	if len(q) == 0 {
		return "file:" + path
	}
	return "file:" + path + "?" + q.Encode()
}
