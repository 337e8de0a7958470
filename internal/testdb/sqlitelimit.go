package testdb

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/mattn/go-sqlite3"
)

var (
	limitMu      sync.Mutex
	limitDrivers = map[int]string{}
)

// SQLiteLengthLimit opens a fresh SQLite database, like SQLite, whose connections refuse any
// string, blob or row longer than limit bytes (SQLITE_LIMIT_LENGTH, 1,000,000,000 by default)
// with SQLITE_TOOBIG: a database-side size limit that tests can reach with small data.
func SQLiteLengthLimit(t testing.TB, limit int) *sql.DB {
	t.Helper()
	limitMu.Lock()
	name, ok := limitDrivers[limit]
	if !ok {
		name = fmt.Sprintf("sqlite3_scsql_limit_%d", limit)
		sql.Register(name, &sqlite3.SQLiteDriver{
			ConnectHook: func(c *sqlite3.SQLiteConn) error {
				c.SetLimit(sqlite3.SQLITE_LIMIT_LENGTH, limit)
				return nil
			},
		})
		limitDrivers[limit] = name
	}
	limitMu.Unlock()
	dsn := "file:" + filepath.Join(t.TempDir(), "limited.db") + "?_busy_timeout=10000&_journal_mode=WAL"
	db := Open(t, "SQLite", name, dsn)
	var got int
	if err := db.QueryRow("SELECT length(zeroblob(?))", limit).Scan(&got); err != nil || got != limit {
		t.Fatalf("a blob of %d bytes, the limit, should be allowed: %d, %v", limit, got, err)
	}
	if err := db.QueryRow("SELECT length(zeroblob(?))", limit+1).Scan(&got); err == nil {
		t.Fatalf("SQLITE_LIMIT_LENGTH %d did not take: a blob of %d bytes was made", limit, limit+1)
	}
	return db
}
