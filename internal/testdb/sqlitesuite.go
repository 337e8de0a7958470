package testdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/sqlstore"
	"github.com/scsql/scsql/sqlstore/storetest"
)

// SQLiteBackend is a SQLite store package on one driver, as SQLiteSuite tests it.
type SQLiteBackend struct {
	Driver SQLiteDriver
	// New returns the package's store on db (sqlite3store.NewWithConfig).
	New func(db *sql.DB, cfg sqlstore.Config) *sqlstore.Store
	// SCS returns scs's own store on db's table "sessions", with no background cleanup.
	SCS func(db *sql.DB) scs.Store
}

// sqliteLimit is a connection limit (SQLITE_LIMIT_LENGTH) that makes the database's own
// refusal (SQLITE_TOOBIG) reachable: SQLite holds a gigabyte by default. The limit covers the
// whole row, so data of exactly 64 KiB does not fit.
const sqliteLimit = 1 << 16

// Backend describes the store on b's driver to the backend suites (Run): cleanup, secrets,
// sizes and time zones. SQLite has no network, users or pooler; its nearest case to a missing
// privilege, a read-only database, is in SQLiteSuite.
func (b SQLiteBackend) Backend() Backend {
	on := func(db *sql.DB) Handle { return DBHandle(db, b.New) }
	limited := func(t *testing.T) Handle { return on(SQLiteLengthLimit(t, b.Driver, sqliteLimit)) }
	return Backend{
		Dialect: dialect.SQLite,
		Open:    func(t *testing.T) Handle { return on(SQLiteFile(t, b.Driver)) },
		Sizes: []SizeCase{
			{Name: "Recommended", Open: limited, Schema: SizeSchema{Limit: sqliteLimit}},
			{Name: "SCSSchema", Open: limited, SCS: true, Schema: SizeSchema{Limit: sqliteLimit}},
		},
		// SQLite has no session time zone: the suite varies only the time zones of the times it
		// hands the stores.
		Times: []TimeCase{{
			Name: "NoSessionZone",
			Zones: func(t *testing.T) ZoneBackend {
				db := SQLiteFile(t, b.Driver)
				return Zoned(t, [2]string{}, func(*testing.T, string) Handle { return on(db) }, db, SQLiteExpiry)
			},
		}},
	}
}

// SQLiteSuite runs on one driver everything a SQLite store promises: the conformance suite on
// the recommended table and on scs's, a table shared with scs's store, the backend suites (see
// SQLiteBackend.Backend), a read-only database, concurrent writers that never see "database is
// locked" with the driver's default busy timeout and with a short one, and the busy retry,
// which needs the driver's "database is locked" error recognised (dialect.Dialect.Busy).
func SQLiteSuite(t *testing.T, b SQLiteBackend) {
	d := dialect.SQLite
	on := func(db *sql.DB) func(sqlstore.Config) *sqlstore.Store {
		return func(cfg sqlstore.Config) *sqlstore.Store { return b.New(db, cfg) }
	}
	t.Run("Conformance", func(t *testing.T) {
		db := SQLiteFile(t, b.Driver)
		storetest.Run(t, Harness(d, DBExec(db), on(db)))
	})
	t.Run("ConformanceOnSCSSchema", func(t *testing.T) {
		db := SQLiteFile(t, b.Driver)
		storetest.Run(t, SCSHarness(t, d, DBExec(db), on(db), 0))
	})
	t.Run("SharesTableWithSCS", func(t *testing.T) {
		db := SQLiteFile(t, b.Driver)
		ours := NewStore(t, d, DBExec(db), on(db), sqlstore.Config{}, SCSDDL(t, d))
		Interop(t, b.SCS(db), ours)
	})
	Run(t, b.Backend())
	t.Run("ReadOnlyDatabase", func(t *testing.T) { sqliteReadOnly(t, b) })
	t.Run("ConcurrentWriters", func(t *testing.T) { sqliteConcurrentWriters(t, b) })
	t.Run("ConcurrentWritersShortBusyTimeout", func(t *testing.T) {
		db := OpenSQLite(t, b.Driver, filepath.Join(t.TempDir(), "x.db"), SQLiteOptions{BusyTimeout: SQLiteBusyTimeout})
		s := b.New(db, sqlstore.Config{})
		defer s.Close()
		if err := s.CreateTable(context.Background()); err != nil {
			t.Fatal(err)
		}
		SQLiteNeverBusy(t, s)
	})
	t.Run("BusyRetried", func(t *testing.T) { sqliteBusyRetried(t, b) })
}

// sqliteReadOnly is SQLite's nearest case to a missing privilege (see PrivilegeSuite for the
// servers): on a database the process may only read, reads work, CreateTable of the existing
// table does nothing, every write fails with SQLite's own error, and the file is left intact.
func sqliteReadOnly(t *testing.T, b SQLiteBackend) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sessions.db")
	rw := OpenSQLite(t, b.Driver, path, SQLiteOptions{BusyTimeout: 5 * time.Second})
	writer := b.New(rw, sqlstore.Config{})
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

	ro := OpenSQLite(t, b.Driver, path, SQLiteOptions{BusyTimeout: 5 * time.Second, ReadOnly: true})
	reader := b.New(ro, sqlstore.Config{})
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
	missing := b.New(ro, sqlstore.Config{TableName: "other_sessions"})
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
	census := b.New(rw, sqlstore.Config{Now: func() time.Time { return time.Unix(0, 0) }})
	defer census.Close()
	if all, err := census.All(); err != nil || len(all) != 2 || string(all["live"]) != "kept" || string(all["expired"]) != "old" {
		t.Errorf("rows after the read-only attempts = %q, %v; want exactly the two written before", all, err)
	}
	var tables int
	if err := rw.QueryRow("SELECT COUNT(*) FROM sqlite_master WHERE name = 'other_sessions'").Scan(&tables); err != nil || tables != 0 {
		t.Errorf("other_sessions: %d tables, %v; want none", tables, err)
	}
}

// sqliteConcurrentWriters runs 64 goroutines of writers (Commit, Delete, Cleanup) and readers
// (Find, All) on 64 connections to a file in the rollback journal (no WAL), with the driver's
// default busy timeout, or 5 s where the driver has none (modernc). No call may fail, and above
// all none may report "database is locked" (SQLITE_BUSY) to the caller.
func sqliteConcurrentWriters(t *testing.T, b SQLiteBackend) {
	var o SQLiteOptions
	if b.Driver.DefaultBusyTimeout == 0 {
		o.BusyTimeout = 5 * time.Second
	}
	db := OpenSQLite(t, b.Driver, filepath.Join(t.TempDir(), "x.db"), o)
	db.SetMaxOpenConns(64)
	db.SetMaxIdleConns(64)
	s := b.New(db, sqlstore.Config{CleanUpBatchSize: 50, CleanUpBatchPause: -1})
	defer s.Close()
	ctx := context.Background()
	if err := s.CreateTable(ctx); err != nil {
		t.Fatal(err)
	}

	const goroutines = 64
	var (
		ops, locked, failed atomic.Int64
		firstErr            atomic.Value
		wg                  sync.WaitGroup
	)
	check := func(err error) bool {
		if err == nil {
			return true
		}
		failed.Add(1)
		if strings.Contains(err.Error(), "database is locked") || strings.Contains(err.Error(), "busy") {
			locked.Add(1)
		}
		firstErr.CompareAndSwap(nil, err)
		return false
	}
	deadline := time.Now().Add(5 * time.Second)
	for g := range goroutines {
		wg.Go(func() {
			token := Token(t)
			for i := 0; time.Now().Before(deadline); i++ {
				ops.Add(1)
				var err error
				switch i % 8 {
				case 0, 1:
					err = s.Commit(token, fmt.Appendf(nil, "goroutine %d op %d", g, i), time.Now().Add(time.Hour))
				case 2:
					err = s.Commit(Token(t), []byte("expired"), time.Now().Add(-time.Minute))
				case 3:
					err = s.Delete(token)
				case 4, 5:
					_, _, err = s.Find(token)
				case 6:
					_, err = s.All()
				case 7:
					if g%4 == 0 {
						_, err = s.Cleanup(ctx)
					} else {
						_, _, err = s.Find(token)
					}
				}
				if !check(err) {
					return
				}
			}
		})
	}
	wg.Wait()
	if n := failed.Load(); n > 0 {
		t.Fatalf("%d of %d calls failed, %d of them with SQLITE_BUSY; first: %v", n, ops.Load(), locked.Load(), firstErr.Load())
	}
	t.Logf("%s: %d calls by %d goroutines on 64 connections, none failed", b.Driver.Name, ops.Load(), goroutines)
}

// sqliteBusyRetried makes the driver's own "database is locked" error on demand: one connection
// holds the write lock (BEGIN IMMEDIATE) for longer than the others' 50 ms busy timeout. A
// write beside it fails with SQLITE_BUSY, which dialect.SQLite.Busy must recognise, whatever
// the driver's wording; a Commit beside it must succeed once the lock is released, because the
// store runs a statement SQLite refused as busy again.
func sqliteBusyRetried(t *testing.T, b SQLiteBackend) {
	ctx := context.Background()
	db := OpenSQLite(t, b.Driver, filepath.Join(t.TempDir(), "busy.db"), SQLiteOptions{BusyTimeout: 50 * time.Millisecond, WAL: true})
	s := b.New(db, sqlstore.Config{})
	defer s.Close()
	if err := s.CreateTable(ctx); err != nil {
		t.Fatal(err)
	}
	holder, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	if _, err := holder.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	locked := true
	defer func() {
		if locked {
			holder.ExecContext(ctx, "ROLLBACK")
		}
	}()

	_, err = db.ExecContext(ctx, "INSERT INTO sessions (token, data, expiry) VALUES ('raw', x'00', 0)")
	if err == nil {
		t.Fatal("a write beside a connection holding the write lock succeeded; want SQLITE_BUSY")
	}
	if !dialect.SQLite.Busy(err) {
		t.Errorf("%s's error for a locked database is not recognised as busy by dialect.SQLite.Busy: %v", b.Driver.Name, err)
	}

	// The lock is held for 300 ms, six busy timeouts; the store's retries span over a second.
	committed := make(chan error, 1)
	go func() { committed <- s.Commit("busy-token", []byte("written"), time.Now().Add(time.Hour)) }()
	time.Sleep(300 * time.Millisecond)
	if _, err := holder.ExecContext(ctx, "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	locked = false
	if err := <-committed; err != nil {
		t.Fatalf("Commit while another connection held the write lock for 300 ms: %v; want it retried until the lock was free", err)
	}
	if data, found, err := s.Find("busy-token"); err != nil || !found || string(data) != "written" {
		t.Fatalf("Find after the retried Commit = %q, %v, %v", data, found, err)
	}
}
