package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/sqlstore"
)

// The store's own decisions (which errors it runs a statement again for, when it stops, when a
// cleanup run skips, when a connection must be discarded) are tested here through a scripted
// Executor: each test says what every statement answers. The paths are ones no real server
// takes on demand; the same behaviour is tested on real servers by the conformance, cleanup and
// fault suites. No server and no cgo are needed.

// fakeExec is an Executor whose statements answer as its script says. It records every
// statement it was given, and what happened to the connections of WithConn.
type fakeExec struct {
	// script answers one statement: rows for QueryRow (its one row's columns, nil for no row),
	// the rows affected for Exec, and an error. It is called with the statement's text, which
	// a test recognises by a word in it.
	script func(ctx context.Context, n int, query string) (row []any, affected int64, err error)
	// rows, when set, are the rows Query hands its caller when script gives no error.
	rows func(query string) [][]any

	mu        sync.Mutex
	queries   []string
	conns     int // WithConn calls
	discarded int // connections closed for ErrDiscardConn
	closed    bool
}

func (f *fakeExec) run(ctx context.Context, query string) ([]any, int64, error) {
	f.mu.Lock()
	f.queries = append(f.queries, query)
	n := len(f.queries)
	f.mu.Unlock()
	return f.script(ctx, n, query)
}

func (f *fakeExec) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	_, n, err := f.run(ctx, query)
	return n, err
}

func (f *fakeExec) QueryRow(ctx context.Context, query string, args []any, dest ...any) (bool, error) {
	row, _, err := f.run(ctx, query)
	if err != nil || row == nil {
		return false, err
	}
	return true, scanInto(row, dest)
}

func scanInto(row, dest []any) error {
	for i, d := range dest {
		switch d := d.(type) {
		case *bool:
			*d = row[i].(bool)
		case *int64:
			*d = row[i].(int64)
		case *string:
			*d = row[i].(string)
		case *[]byte:
			*d = row[i].([]byte)
		default:
			return fmt.Errorf("fakeExec: cannot scan into %T", d)
		}
	}
	return nil
}

func (f *fakeExec) Query(ctx context.Context, query string, args []any, each func(scan func(dest ...any) error) error) error {
	if _, _, err := f.run(ctx, query); err != nil || f.rows == nil {
		return err
	}
	for _, row := range f.rows(query) {
		if err := each(func(dest ...any) error { return scanInto(row, dest) }); err != nil {
			return err
		}
	}
	return nil
}

func (f *fakeExec) WithConn(ctx context.Context, fn func(sqlstore.Querier) error) error {
	f.mu.Lock()
	f.conns++
	f.mu.Unlock()
	err := fn(f)
	if errors.Is(err, sqlstore.ErrDiscardConn) {
		f.mu.Lock()
		f.discarded++
		f.mu.Unlock()
	}
	return err
}

func (f *fakeExec) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closed = true
	return nil
}

// count returns how many statements containing word ran.
func (f *fakeExec) count(word string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, q := range f.queries {
		if strings.Contains(q, word) {
			n++
		}
	}
	return n
}

// sqlState is an error with a SQLSTATE, as lib/pq's and pgx's errors are.
type sqlState string

func (e sqlState) Error() string    { return "server error " + string(e) }
func (e sqlState) SQLState() string { return string(e) }

var (
	serializationFailure = sqlState("40001")
	errSQLiteBusy        = errors.New("database is locked")
	// errLostAnswer is a connection that failed after the statement was sent: whether it took
	// effect is unknown.
	errLostAnswer = io.ErrUnexpectedEOF
)

func fakeStore(t *testing.T, f *fakeExec, d dialect.Dialect, cfg sqlstore.Config) *sqlstore.Store {
	t.Helper()
	s := sqlstore.New(f, d, cfg)
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
		if !f.closed {
			t.Error("Store.Close did not close its executor")
		}
	})
	return s
}

var expiry = time.Now().Add(time.Hour)

// A statement the server rolled back for a conflict is run again, and the caller sees success.
func TestFakeConflictIsRetried(t *testing.T) {
	f := &fakeExec{script: func(_ context.Context, n int, q string) ([]any, int64, error) {
		if n <= 2 {
			return nil, 0, serializationFailure
		}
		return nil, 1, nil
	}}
	s := fakeStore(t, f, dialect.Postgres, sqlstore.Config{})
	if err := s.Commit("token", []byte("x"), expiry); err != nil {
		t.Fatalf("Commit after two serialization failures: %v", err)
	}
	if n := f.count("INSERT"); n != 3 {
		t.Errorf("upsert ran %d times, want 3", n)
	}
}

// Conflicts are retried a bounded number of times; then the error is the caller's.
func TestFakeConflictRetriesAreBounded(t *testing.T) {
	f := &fakeExec{script: func(context.Context, int, string) ([]any, int64, error) { return nil, 0, serializationFailure }}
	s := fakeStore(t, f, dialect.Postgres, sqlstore.Config{})
	err := s.Delete("token")
	if !errors.Is(err, serializationFailure) {
		t.Fatalf("Delete = %v, want the serialization failure", err)
	}
	if n := f.count("DELETE"); n != 7 {
		t.Errorf("delete ran %d times, want 7: six retries, then the error", n)
	}
}

// A statement SQLite refused as busy is run again, for writes and for reads, on every dialect
// whose Errors.Busy says so: SQLite's and the ones derived from it.
func TestFakeBusyIsRetried(t *testing.T) {
	for _, d := range []dialect.Dialect{dialect.SQLite, dialect.SQLiteGORM} {
		t.Run(d.Name, func(t *testing.T) {
			f := &fakeExec{script: func(_ context.Context, n int, q string) ([]any, int64, error) {
				if n%2 == 1 { // every statement is busy once
					return nil, 0, errSQLiteBusy
				}
				if strings.HasPrefix(q, "SELECT data") {
					return []any{[]byte("data")}, 0, nil
				}
				return nil, 1, nil
			}}
			s := fakeStore(t, f, d, sqlstore.Config{})
			if err := s.Commit("token", []byte("x"), expiry); err != nil {
				t.Errorf("Commit: %v", err)
			}
			if data, found, err := s.Find("token"); err != nil || !found || string(data) != "data" {
				t.Errorf("Find = %q, %v, %v; want the row after one busy refusal", data, found, err)
			}
			if err := s.Delete("token"); err != nil {
				t.Errorf("Delete: %v", err)
			}
			if got := len(f.queries); got != 6 {
				t.Errorf("%d statements ran, want 6: each of three twice", got)
			}
		})
	}
}

// A write whose answer was lost may have taken effect: it is not run again, and the caller
// gets the error. (Running an upsert twice could overwrite another request's commit; a delete
// twice could remove a session committed in between.)
func TestFakeUnknownOutcomeWriteIsNotRetried(t *testing.T) {
	for _, d := range []dialect.Dialect{dialect.Postgres, dialect.MySQL, dialect.SQLite} {
		t.Run(d.Name, func(t *testing.T) {
			f := &fakeExec{script: func(_ context.Context, _ int, q string) ([]any, int64, error) {
				if strings.HasPrefix(q, "INSERT") || strings.HasPrefix(q, "DELETE") {
					return nil, 0, errLostAnswer
				}
				return nil, 0, nil // MySQL's probe: no such table yet
			}}
			s := fakeStore(t, f, d, sqlstore.Config{})
			if err := s.Commit("token", []byte("x"), expiry); !errors.Is(err, errLostAnswer) {
				t.Errorf("Commit = %v, want the lost answer's error", err)
			}
			if err := s.Delete("token"); !errors.Is(err, errLostAnswer) {
				t.Errorf("Delete = %v, want the lost answer's error", err)
			}
			if n := f.count("INSERT") + f.count("DELETE"); n != 2 {
				t.Errorf("the writes ran %d times, want once each", n)
			}
		})
	}
}

// No retry outlives the caller's context: a context that ends while the store waits to retry
// ends the wait, and the statement is not run again.
func TestFakeRetryStopsAtContext(t *testing.T) {
	for _, tt := range []struct {
		d   dialect.Dialect
		err error
	}{{dialect.Postgres, serializationFailure}, {dialect.SQLite, errSQLiteBusy}} {
		t.Run(tt.d.Name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			f := &fakeExec{script: func(context.Context, int, string) ([]any, int64, error) {
				cancel() // the caller gives up while the statement fails
				return nil, 0, tt.err
			}}
			s := fakeStore(t, f, tt.d, sqlstore.Config{})
			if err := s.CommitCtx(ctx, "token", []byte("x"), expiry); !errors.Is(err, tt.err) {
				t.Errorf("CommitCtx = %v, want the statement's error", err)
			}
			if n := f.count("INSERT"); n != 1 {
				t.Errorf("upsert ran %d times after the context ended, want once", n)
			}
		})
	}
}

// A cleanup run that finds the table's cross-process lock taken deletes nothing, releases no
// lock it does not hold, and reports that it skipped.
func TestFakeCleanupSkipsWhenLockTaken(t *testing.T) {
	f := &fakeExec{script: func(_ context.Context, _ int, q string) ([]any, int64, error) {
		if strings.Contains(q, "pg_try_advisory_lock") {
			return []any{false}, 0, nil
		}
		return nil, 0, errors.New("unexpected statement: " + q)
	}}
	var results []sqlstore.CleanupResult
	s := fakeStore(t, f, dialect.Postgres, sqlstore.Config{OnCleanup: func(r sqlstore.CleanupResult) { results = append(results, r) }})
	n, err := s.Cleanup(context.Background())
	if n != 0 || err != nil {
		t.Fatalf("Cleanup = %d, %v; want 0, nil", n, err)
	}
	if len(results) != 1 || !results[0].Skipped || results[0].Batches != 0 {
		t.Errorf("results = %+v, want one skipped run with no batch", results)
	}
	if f.count("DELETE") != 0 || f.count("unlock") != 0 {
		t.Errorf("statements %q; want the lock attempt only", f.queries)
	}
	if f.discarded != 0 {
		t.Errorf("a connection was discarded; it holds no lock")
	}
}

// A run whose lock cannot be released must not hand that connection, which still holds the
// lock, back to the pool: the executor is told to discard it, and the caller gets the error.
func TestFakeCleanupDiscardsConnWhenUnlockFails(t *testing.T) {
	unlockFailed := errors.New("unlock: connection reset")
	f := &fakeExec{script: func(_ context.Context, _ int, q string) ([]any, int64, error) {
		switch {
		case strings.Contains(q, "pg_try_advisory_lock"):
			return []any{true}, 0, nil
		case strings.Contains(q, "pg_advisory_unlock"):
			return nil, 0, unlockFailed
		case strings.HasPrefix(q, "DELETE"):
			return nil, 3, nil // fewer than a batch: the run is complete
		}
		return nil, 0, errors.New("unexpected statement: " + q)
	}}
	s := fakeStore(t, f, dialect.Postgres, sqlstore.Config{})
	n, err := s.Cleanup(context.Background())
	if n != 3 || !errors.Is(err, unlockFailed) || !errors.Is(err, sqlstore.ErrDiscardConn) {
		t.Errorf("Cleanup = %d, %v; want 3 deleted and the unlock's error, wrapping ErrDiscardConn", n, err)
	}
	if f.conns != 1 || f.discarded != 1 {
		t.Errorf("%d connections, %d discarded; want the one that holds the lock discarded", f.conns, f.discarded)
	}
}

// Without a cross-process lock (SQLite, or a dialect derived without one) cleanup runs on one
// table are serialised within the process: a run that starts while another deletes skips.
func TestFakeCleanupSkipsWhenInProcessLockTaken(t *testing.T) {
	deleting, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	f := &fakeExec{script: func(_ context.Context, _ int, q string) ([]any, int64, error) {
		if strings.HasPrefix(q, "DELETE") {
			once.Do(func() { close(deleting); <-release })
			return nil, 0, nil
		}
		return nil, 0, errors.New("unexpected statement: " + q)
	}}
	d := dialect.Postgres
	d.Name = "postgres-in-process-lock"
	d.SQL.TryLock, d.SQL.Unlock, d.SQL.LockedDeleteExpired = "", "", ""
	var res sqlstore.CleanupResult
	first := fakeStore(t, f, d, sqlstore.Config{TableName: "fake_in_process"})
	second := fakeStore(t, &fakeExec{script: f.script}, d, sqlstore.Config{TableName: "fake_in_process", OnCleanup: func(r sqlstore.CleanupResult) { res = r }})
	done := make(chan error)
	go func() {
		_, err := first.Cleanup(context.Background())
		done <- err
	}()
	<-deleting
	if n, err := second.Cleanup(context.Background()); n != 0 || err != nil || !res.Skipped {
		t.Errorf("second Cleanup = %d, %v, skipped %v; want a skipped run while the first deletes", n, err, res.Skipped)
	}
	close(release)
	if err := <-done; err != nil {
		t.Errorf("first Cleanup: %v", err)
	}
}

// An invalid dialect is a programming error, reported as New reports an invalid table name.
func TestNewPanicsOnInvalidDialect(t *testing.T) {
	d := dialect.Postgres
	d.SQL.Find = `SELECT data FROM {tabel} WHERE token = $1 AND expiry > $2`
	defer func() {
		err, _ := recover().(error)
		if !errors.Is(err, dialect.ErrInvalidDialect) || !strings.Contains(err.Error(), "{tabel}") {
			t.Fatalf("recovered %v, want an error wrapping dialect.ErrInvalidDialect that names {tabel}", err)
		}
	}()
	sqlstore.New(&fakeExec{}, d, sqlstore.Config{})
}

// A dialect whose statements depend on the table's columns (MySQL) probes the table once, and
// every operation then runs the statements that fit it: on scs's TIMESTAMP expiry, times are
// converted from UTC, and a 64 KiB BLOB refuses larger data before anything is sent.
func TestFakePlanIsProbedOnceAndServesEveryOperation(t *testing.T) {
	f := &fakeExec{
		script: func(_ context.Context, _ int, q string) ([]any, int64, error) {
			switch {
			case strings.Contains(q, "GET_LOCK"), strings.Contains(q, "information_schema.TABLES"):
				return []any{true}, 0, nil
			case strings.HasPrefix(q, "SELECT data"):
				return []any{[]byte("data")}, 0, nil
			}
			return nil, 0, nil
		},
		rows: func(q string) [][]any {
			if strings.Contains(q, "information_schema.COLUMNS") {
				return [][]any{{"token", "char", int64(43)}, {"data", "blob", int64(65535)}, {"expiry", "timestamp", int64(0)}}
			}
			return nil
		},
	}
	s := fakeStore(t, f, dialect.MySQL, sqlstore.Config{})
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if _, _, err := s.Find("token"); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if err := s.Commit("token", []byte("x"), expiry); err != nil {
		t.Fatal(err)
	}
	if err := s.Commit("token", make([]byte, 65536), expiry); !errors.Is(err, sqlstore.ErrDataTooLarge) {
		t.Errorf("Commit of 64 KiB into a BLOB = %v, want ErrDataTooLarge", err)
	}
	if err := s.Delete("token"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.All(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Cleanup(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateTable(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := f.count("information_schema.COLUMNS"); n != 1 {
		t.Errorf("the table was probed %d times, want once", n)
	}
	if n := f.count("INSERT"); n != 1 {
		t.Errorf("%d upserts ran, want 1: the oversized one is refused before I/O", n)
	}
	timed := 0
	for _, q := range f.queries {
		if strings.Contains(q, "expiry >") || strings.Contains(q, "expiry <=") || strings.HasPrefix(q, "INSERT") {
			timed++
			if !strings.Contains(q, "CONVERT_TZ") {
				t.Errorf("a statement ran in the form for another expiry type than the table's: %s", q)
			}
		}
	}
	if timed != 8+1+1+1 { // the Finds, the upsert, All, one purge batch
		t.Errorf("%d statements bound a time, want 11", timed)
	}
}
