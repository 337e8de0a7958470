package testdb

import (
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mattn/go-sqlite3"

	"github.com/scsql/scsql/sqlstore"
)

var (
	attachMu      sync.Mutex
	attachDrivers = map[string]string{}
)

// sqliteAttachDriver returns the name of a go-sqlite3 driver that attaches file as Schema on
// every new connection, registering it on first use. ATTACH is per connection, so a pool needs
// it in the connect hook.
func sqliteAttachDriver(file string) string {
	attachMu.Lock()
	defer attachMu.Unlock()
	if name, ok := attachDrivers[file]; ok {
		return name
	}
	name := fmt.Sprintf("sqlite3_scsql_attach_%d", len(attachDrivers))
	quoted := "'" + strings.ReplaceAll(file, "'", "''") + "'"
	sql.Register(name, &sqlite3.SQLiteDriver{
		ConnectHook: func(c *sqlite3.SQLiteConn) error {
			_, err := c.Exec("ATTACH DATABASE "+quoted+" AS "+Schema, nil)
			return err
		},
	})
	attachDrivers[file] = name
	return name
}

// SQLiteBusyTimeout is the busy timeout, in milliseconds, of the database that
// SQLiteNeverBusy's store writes to. It is short, so that SQLite refuses statements as busy
// within the test's seconds (go-sqlite3's default of 5 s only makes that rarer), and long
// enough that the store's retries (see sqlstore's busyDelays) see every writer through.
const SQLiteBusyTimeout = 1000

// SQLiteNeverBusy runs 64 goroutines committing through s for 3 s and fails t if any commit
// failed. s is on a SQLite database file opened with a busy timeout of SQLiteBusyTimeout and
// as many connections as the writers want: its statements are then refused as busy, and a
// store that retries them loses no commit. Without the retries a quarter of the commits fail.
func SQLiteNeverBusy(t *testing.T, s *sqlstore.Store) {
	t.Helper()
	const writers = 64
	load := CommitWhile(writers, []*sqlstore.Store{s}, 3*time.Second)
	if load.Failed > 0 {
		t.Fatalf("%d of %d commits by %d goroutines failed; first: %v", load.Failed, load.Commits, writers, load.FirstErr)
	}
	t.Logf("%d commits by %d goroutines, none failed", load.Commits, writers)
}
