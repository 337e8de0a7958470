package testdb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/scsql/scsql/sqlstore"
)

// SQLiteDriver is one database/sql driver for SQLite as the tests open it. Each driver is
// described in a package of its own (internal/testdb/mattn, modernc, ncruces), never here:
// mattn's and ncruces's both register the database/sql name "sqlite3", so no test binary may
// link both, and mattn's needs cgo.
type SQLiteDriver struct {
	// Name names the driver in test names: "mattn", "modernc", "ncruces".
	Name string
	// SQLName is the name the driver registers with database/sql.
	SQLName string
	// DSN spells, in the driver's own terms, a DSN for the database file at path with o's
	// busy timeout, journal mode and access mode.
	DSN func(path string, o SQLiteOptions) string
	// DefaultBusyTimeout is the busy timeout of a connection whose DSN sets none (0: none, so a
	// locked database fails at once).
	DefaultBusyTimeout time.Duration
	// SetLengthLimit sets SQLITE_LIMIT_LENGTH on the connection c, through the driver's own API.
	SetLengthLimit func(c *sql.Conn, limit int) error
}

// SQLiteOptions are what a test asks of a SQLite connection's DSN.
type SQLiteOptions struct {
	// BusyTimeout is how long a connection waits for a lock another holds; 0 leaves it out of
	// the DSN, so the driver's default applies (SQLiteDriver.DefaultBusyTimeout).
	BusyTimeout time.Duration
	// WAL selects the write-ahead log instead of the rollback journal.
	WAL bool
	// ReadOnly opens the file read-only (mode=ro).
	ReadOnly bool
}

// PragmaDSN spells a DSN for the file at path the way modernc.org/sqlite,
// github.com/ncruces/go-sqlite3 and github.com/glebarez/go-sqlite read one: every setting a
// _pragma, busy_timeout first, and mode=ro for read-only.
func PragmaDSN(path string, o SQLiteOptions) string {
	q := url.Values{}
	if o.BusyTimeout > 0 {
		q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", o.BusyTimeout.Milliseconds()))
	}
	if o.WAL {
		q.Add("_pragma", "journal_mode(WAL)")
	}
	if o.ReadOnly {
		q.Set("mode", "ro")
	}
	if len(q) == 0 {
		return "file:" + path
	}
	return "file:" + path + "?" + q.Encode()
}

// OpenSQLite opens the database file path through d with o, pings it, and closes it when the
// test ends. It does not attach Schema: see SQLiteFile.
func OpenSQLite(t testing.TB, d SQLiteDriver, path string, o SQLiteOptions) *sql.DB {
	t.Helper()
	return Open(t, "SQLite ("+d.Name+")", d.SQLName, d.DSN(path, o))
}

// SQLiteFile opens a fresh database file in the test's temporary directory through d, with a
// 10 s busy timeout and WAL so that concurrent connections wait for each other instead of
// failing, and with Schema attached on every connection, for schema-qualified table names.
func SQLiteFile(t testing.TB, d SQLiteDriver) *sql.DB {
	t.Helper()
	dir := t.TempDir()
	dsn := d.DSN(filepath.Join(dir, "sessions.db"), SQLiteOptions{BusyTimeout: 10 * time.Second, WAL: true})
	attach := "ATTACH DATABASE '" + strings.ReplaceAll(filepath.Join(dir, Schema+".db"), "'", "''") + "' AS " + Schema
	db := sql.OpenDB(initConnector{driver: sqliteDriver(t, d), dsn: dsn, init: []string{attach}})
	t.Cleanup(func() { db.Close() })
	if err := db.Ping(); err != nil {
		t.Fatalf("SQLite (%s): %v", d.Name, err)
	}
	return db
}

// SQLiteLengthLimit opens a fresh database file through d, like SQLiteFile but on a pool of one
// connection that refuses any string, blob or row longer than limit bytes
// (SQLITE_LIMIT_LENGTH, 1,000,000,000 by default) with SQLITE_TOOBIG: a database-side size
// limit that tests can reach with small data. The limit is a property of a connection, set
// through the driver's API, so the pool keeps its one connection for good.
func SQLiteLengthLimit(t testing.TB, d SQLiteDriver, limit int) *sql.DB {
	t.Helper()
	db := OpenSQLite(t, d, filepath.Join(t.TempDir(), "limited.db"), SQLiteOptions{BusyTimeout: 10 * time.Second, WAL: true})
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	ctx := context.Background()
	c, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.SetLengthLimit(c, limit); err != nil {
		t.Fatalf("SQLITE_LIMIT_LENGTH through %s: %v", d.Name, err)
	}
	c.Close()
	var got int
	if err := db.QueryRow("SELECT length(zeroblob(?))", limit).Scan(&got); err != nil || got != limit {
		t.Fatalf("a blob of %d bytes, the limit, should be allowed: %d, %v", limit, got, err)
	}
	if err := db.QueryRow("SELECT length(zeroblob(?))", limit+1).Scan(&got); err == nil {
		t.Fatalf("SQLITE_LIMIT_LENGTH %d did not take: a blob of %d bytes was made", limit, limit+1)
	}
	return db
}

// sqliteDriver returns the driver.Driver that d registered.
func sqliteDriver(t testing.TB, d SQLiteDriver) driver.Driver {
	t.Helper()
	db, err := sql.Open(d.SQLName, "")
	if err != nil {
		t.Fatalf("SQLite driver %q (%s): %v", d.SQLName, d.Name, err)
	}
	defer db.Close()
	return db.Driver()
}

// initConnector opens connections through a driver and runs statements on each before the pool
// uses it: per-connection state such as ATTACH, with any driver and no driver-specific hook.
type initConnector struct {
	driver driver.Driver
	dsn    string
	init   []string
}

func (c initConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.driver.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	ex, ok := conn.(driver.ExecerContext)
	if !ok {
		conn.Close()
		return nil, fmt.Errorf("testdb: %T cannot run statements without a prepared statement", conn)
	}
	for _, stmt := range c.init {
		if _, err := ex.ExecContext(ctx, stmt, nil); err != nil {
			conn.Close()
			return nil, fmt.Errorf("%s: %w", stmt, err)
		}
	}
	return conn, nil
}

func (c initConnector) Driver() driver.Driver { return c.driver }

// SQLiteBusyTimeout is the busy timeout of the database that SQLiteNeverBusy's store writes
// to. It is short, so that SQLite refuses statements as busy within the test's seconds
// (go-sqlite3's default of 5 s only makes that rarer), and long enough that the store's
// retries (see sqlstore's busyDelays) see every writer through.
const SQLiteBusyTimeout = time.Second

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
