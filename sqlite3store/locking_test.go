package sqlite3store_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/sqlite3store"
)

// TestPlainFileDSNNeverLocked runs concurrent writers (Commit, Delete, Cleanup) and readers
// (Find, All) on a database opened with a plain file DSN: no _busy_timeout, no
// _journal_mode=WAL, so go-sqlite3's defaults (a 5 s busy timeout, the rollback journal) and
// several connections. No call may fail, and above all none may report "database is locked"
// (SQLITE_BUSY) to the caller.
func TestPlainFileDSNNeverLocked(t *testing.T) {
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(t.TempDir(), "x.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(64)
	db.SetMaxIdleConns(64)
	s := sqlite3store.NewWithConfig(db, sqlite3store.Config{CleanUpBatchSize: 50, CleanUpBatchPause: -1})
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
	deadline := time.Now().Add(6 * time.Second)
	for g := range goroutines {
		wg.Go(func() {
			token := testdb.Token(t)
			for i := 0; time.Now().Before(deadline); i++ {
				ops.Add(1)
				var err error
				switch i % 8 {
				case 0, 1:
					err = s.Commit(token, fmt.Appendf(nil, "goroutine %d op %d", g, i), time.Now().Add(time.Hour))
				case 2:
					err = s.Commit(testdb.Token(t), []byte("expired"), time.Now().Add(-time.Minute))
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
	t.Logf("%d calls by %d goroutines on 64 connections, none failed", ops.Load(), goroutines)
}

// Concurrent writers on a database with a short busy timeout see no "database is locked": the
// store retries what SQLite refused as busy.
func TestConcurrentWritersNeverBusy(t *testing.T) {
	db, err := sql.Open("sqlite3", fmt.Sprintf("file:%s?_busy_timeout=%d", filepath.Join(t.TempDir(), "x.db"), testdb.SQLiteBusyTimeout))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s := sqlite3store.NewWithConfig(db, sqlite3store.Config{})
	defer s.Close()
	if err := s.CreateTable(context.Background()); err != nil {
		t.Fatal(err)
	}
	testdb.SQLiteNeverBusy(t, s)
}
