package testdb

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/sqlstore"
)

// CleanupSuite checks scsql's cleanup on one backend: one purger at a time across stores (the
// database's lock, or the in-process one for SQLite) while commits run, exact purging, and that
// the lock is released on every path: cancellation, a panicking hook, StopCleanup mid-run.
func CleanupSuite(t *testing.T, d dialect.Dialect, exec Execer, newStore func(sqlstore.Config) *sqlstore.Store) {
	t.Run("OnePurgerAtATime", func(t *testing.T) { onePurgerAtATime(t, d, exec, newStore) })
	t.Run("CancelledRunReleasesLock", func(t *testing.T) { cancelledRunReleasesLock(t, d, exec, newStore) })
	t.Run("PanickingHookReleasesLock", func(t *testing.T) { panickingHookReleasesLock(t, d, exec, newStore) })
	t.Run("StopDuringRun", func(t *testing.T) { stopDuringRun(t, d, exec, newStore) })
	t.Run("ContendedLockSkips", func(t *testing.T) { contendedLockSkips(t, d, exec, newStore) })
}

// cleanupTable returns a fresh table name for one cleanup test.
func cleanupTable(t *testing.T) string {
	return fmt.Sprintf("ct_%s_%08x", strings.ToLower(t.Name()[strings.LastIndex(t.Name(), "/")+1:]), rand.Uint32())
}

// seedExpired commits n sessions that expired a minute ago.
func seedExpired(t *testing.T, s *sqlstore.Store, n int) {
	t.Helper()
	tokens := make([]string, n)
	for i := range tokens {
		tokens[i] = fmt.Sprintf("expired-%08d", i)
	}
	CommitAll(t, s, tokens, []byte("expired"), time.Now().Add(-time.Minute))
}

// CommitAll commits a session with data and expiry for every token through s, from 8
// goroutines, and fails the test at the first error.
func CommitAll(t testing.TB, s *sqlstore.Store, tokens []string, data []byte, expiry time.Time) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := range 8 {
		wg.Go(func() {
			for i := w; i < len(tokens); i += 8 {
				if err := s.Commit(tokens[i], data, expiry); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("commit: %v", err)
	}
}

// awaitPurged gives stores, which purge table, up to 30 s to delete every short and expired
// session left, then stops and closes them.
func awaitPurged(t *testing.T, newStore func(sqlstore.Config) *sqlstore.Store, table string, stores []*sqlstore.Store) {
	t.Helper()
	time.Sleep(200 * time.Millisecond)
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if left := census(t, newStore, table); left["short"]+left["expired"] == 0 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	for _, s := range stores {
		s.StopCleanup()
		s.Close()
	}
}

// census counts every row physically in the table, live or expired, through a store whose clock
// stands before any expiry.
func census(t *testing.T, newStore func(sqlstore.Config) *sqlstore.Store, table string) map[string]int {
	t.Helper()
	s := newStore(sqlstore.Config{TableName: table, Now: func() time.Time { return time.Unix(0, 0) }})
	defer s.Close()
	all, err := s.All()
	if err != nil {
		t.Fatalf("census: %v", err)
	}
	kinds := map[string]int{}
	for _, data := range all {
		kinds[string(data)]++
	}
	return kinds
}

// purgeWhileCommitting seeds table with seeded expired sessions through first, then has four
// stores purge it every 20 ms, in batches of 50, while CommitWhile's four writers commit through
// them for 3 s. It checks that no commit failed and that only the live sessions are left, and
// returns the writers' load and the outcome of every cleanup run.
func purgeWhileCommitting(t *testing.T, newStore func(sqlstore.Config) *sqlstore.Store, first *sqlstore.Store, table string, seeded int) (CommitLoad, []sqlstore.CleanupResult) {
	t.Helper()
	seedExpired(t, first, seeded)
	var (
		mu      sync.Mutex
		results []sqlstore.CleanupResult
	)
	cfg := sqlstore.Config{
		TableName:         table,
		CleanUpInterval:   20 * time.Millisecond,
		CleanUpBatchSize:  50,
		CleanUpBatchPause: time.Millisecond,
		OnCleanup: func(r sqlstore.CleanupResult) {
			mu.Lock()
			defer mu.Unlock()
			results = append(results, r)
		},
	}
	stores := make([]*sqlstore.Store, 4)
	for i := range stores {
		stores[i] = newStore(cfg)
	}
	// Live sessions, and short ones that expire during the test and must be purged too.
	load := CommitWhile(4, stores, 3*time.Second)
	awaitPurged(t, newStore, table, stores) // stops the stores: no hook runs after it

	if load.Failed > 0 {
		t.Errorf("%d of %d commits failed while purges ran; first: %v", load.Failed, load.Commits, load.FirstErr)
	}
	left := census(t, newStore, table)
	if left["expired"] != 0 || left["short"] != 0 || left["live"] != load.Live {
		t.Errorf("rows left: %v; want only the %d live ones", left, load.Live)
	}
	mu.Lock()
	defer mu.Unlock()
	return load, results
}

func onePurgerAtATime(t *testing.T, d dialect.Dialect, exec Execer, newStore func(sqlstore.Config) *sqlstore.Store) {
	table := cleanupTable(t)
	first := NewStore(t, d, exec, newStore, sqlstore.Config{TableName: table}, nil)
	const seeded = 3000
	load, results := purgeWhileCommitting(t, newStore, first, table, seeded)

	var ran []sqlstore.CleanupResult
	var deleted int64
	skipped := 0
	for _, r := range results {
		// StopCleanup cancels a run in flight: that one reports context.Canceled, rightly.
		if r.Err != nil && !errors.Is(r.Err, context.Canceled) {
			t.Errorf("a cleanup run failed: %v", r.Err)
		}
		if r.Skipped {
			skipped++
			continue
		}
		ran = append(ran, r)
		deleted += r.Deleted
	}
	sort.Slice(ran, func(i, j int) bool { return ran[i].Start.Before(ran[j].Start) })
	queued := 0
	for i := 1; i < len(ran); i++ {
		end := ran[i-1].Start.Add(ran[i-1].Duration)
		if ran[i].Start.Before(end) {
			t.Errorf("two purges overlapped: one ran %v–%v, the next began at %v", ran[i-1].Start, end, ran[i].Start)
		}
		if ran[i].Start.Sub(end) < queuedGap {
			queued++
		}
	}
	if want := int64(seeded) + load.Short; deleted != want {
		t.Errorf("runs deleted %d rows in all; want exactly the %d expired ones", deleted, want)
	}
	// The stores must have met the lock, or no overlap proves nothing: a run that met it was
	// skipped, or, where taking the lock waits a moment before it says no (TiDB's GET_LOCK(…, 0)
	// waits up to a second), it waited and began as the holder let go.
	if skipped == 0 && queued == 0 {
		t.Errorf("no run was skipped or waited for another in %d runs: the stores never met the lock", len(results))
	}
	t.Logf("%d commits, %d purges ran (deleted %d; %d began within %v of the previous one's end), %d skipped because another held the lock", load.Commits, len(ran), deleted, queued, queuedGap, skipped)
}

// queuedGap is how soon after a run let go of the cleanup lock the next run must begin for
// onePurgerAtATime to count it as having waited for the lock: far less than the stores' 20 ms
// interval.
const queuedGap = 3 * time.Millisecond

func cancelledRunReleasesLock(t *testing.T, d dialect.Dialect, exec Execer, newStore func(sqlstore.Config) *sqlstore.Store) {
	table := cleanupTable(t)
	s := NewStore(t, d, exec, newStore, sqlstore.Config{TableName: table, CleanUpBatchSize: 10, CleanUpBatchPause: time.Hour}, nil)
	seedExpired(t, s, 100)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	n, err := s.Cleanup(ctx)
	if !errors.Is(err, context.DeadlineExceeded) || n != 10 {
		t.Fatalf("Cleanup = %d, %v; want one batch of 10, then context.DeadlineExceeded during the pause", n, err)
	}
	wantLockFree(t, newStore, table, 90)
}

func panickingHookReleasesLock(t *testing.T, d dialect.Dialect, exec Execer, newStore func(sqlstore.Config) *sqlstore.Store) {
	table := cleanupTable(t)
	s := NewStore(t, d, exec, newStore, sqlstore.Config{TableName: table, OnCleanup: func(sqlstore.CleanupResult) { panic("hook exploded") }}, nil)
	seedExpired(t, s, 5)
	func() {
		defer func() {
			if r := recover(); r != "hook exploded" {
				t.Errorf("recovered %v, want the hook's panic", r)
			}
		}()
		s.Cleanup(context.Background())
	}()
	seedExpired(t, s, 3)
	wantLockFree(t, newStore, table, 3)
}

func stopDuringRun(t *testing.T, d dialect.Dialect, exec Execer, newStore func(sqlstore.Config) *sqlstore.Store) {
	table := cleanupTable(t)
	first := NewStore(t, d, exec, newStore, sqlstore.Config{TableName: table}, nil)
	seedExpired(t, first, 100)
	firstBatch := make(chan struct{}, 1)
	s := newStore(sqlstore.Config{
		TableName: table, CleanUpInterval: time.Millisecond, CleanUpBatchSize: 10, CleanUpBatchPause: time.Hour,
		OnCleanup: func(sqlstore.CleanupResult) {},
		// After the first batch the run goes into its hour-long pause, where it is stopped.
		OnCleanupProgress: func(sqlstore.CleanupResult) {
			select {
			case firstBatch <- struct{}{}:
			default:
			}
		},
	})
	<-firstBatch
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() { defer wg.Done(); s.StopCleanup() }()
	}
	wg.Wait()
	s.StopCleanup()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	wantLockFree(t, newStore, table, 90)
}

// contendedLockSkips holds the table's cleanup lock in one store's run, paused between
// batches, while eight other stores run Cleanup at once: each must be skipped, with no error
// and nothing deleted, whichever way the database reports the held lock (TiDB's GET_LOCK can
// fail under contention rather than answer 0).
func contendedLockSkips(t *testing.T, d dialect.Dialect, exec Execer, newStore func(sqlstore.Config) *sqlstore.Store) {
	table := cleanupTable(t)
	holder := NewStore(t, d, exec, newStore, sqlstore.Config{TableName: table, CleanUpBatchSize: 10, CleanUpBatchPause: time.Hour}, nil)
	seedExpired(t, holder, 100)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := holder.Cleanup(ctx)
		done <- err
	}()
	// The holder has the lock once its first batch is gone.
	for deadline := time.Now().Add(10 * time.Second); census(t, newStore, table)["expired"] > 90; {
		if time.Now().After(deadline) {
			t.Fatal("the holding run deleted nothing within 10 s")
		}
		time.Sleep(10 * time.Millisecond)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			var res sqlstore.CleanupResult
			s := newStore(sqlstore.Config{TableName: table, OnCleanup: func(r sqlstore.CleanupResult) { res = r }})
			defer s.Close()
			n, err := s.Cleanup(context.Background())
			if err != nil || n != 0 || !res.Skipped {
				t.Errorf("Cleanup while another run holds the lock = %d, %v (skipped %v); want 0, nil, skipped", n, err, res.Skipped)
			}
		})
	}
	wg.Wait()
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("the holding run: %v, want context.Canceled", err)
	}
	wantLockFree(t, newStore, table, 90)
}

// wantLockFree checks that a new store's cleanup is not skipped, so no run still holds the
// table's lock, and that it deletes the wantDeleted expired rows left.
func wantLockFree(t *testing.T, newStore func(sqlstore.Config) *sqlstore.Store, table string, wantDeleted int64) {
	t.Helper()
	var res sqlstore.CleanupResult
	s := newStore(sqlstore.Config{TableName: table, OnCleanup: func(r sqlstore.CleanupResult) { res = r }})
	defer s.Close()
	n, err := s.Cleanup(context.Background())
	if err != nil || res.Skipped || !res.Complete || n != wantDeleted {
		t.Errorf("later Cleanup = %d, %v (skipped %v, complete %v); want %d deleted by a run that took the lock", n, err, res.Skipped, res.Complete, wantDeleted)
	}
}
