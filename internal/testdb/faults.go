package testdb

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/sqlstore"
)

// FaultBackend tells FaultSuite how to reach one database server through a FaultProxy.
type FaultBackend struct {
	Dialect dialect.Dialect
	// Server is the server's host:port, where the proxy forwards to.
	Server string
	// Exec runs a statement on the server directly, not through the proxy: the suite creates
	// and drops tables with it.
	Exec Execer
	// Open opens a connection pool of its own that reaches the server through addr, closed
	// when the test ends, and returns a constructor of stores on it.
	Open func(t *testing.T, addr string) func(sqlstore.Config) *sqlstore.Store
	// LostAnswerIsBadConn says the driver reports a lost answer as driver.ErrBadConn (lib/pq),
	// so the store cannot tell a connection that died while idle from one that lost a write's
	// answer: CutIdlePool then expects the first writes to fail with sqlstore.ErrOutcomeUnknown
	// rather than be run again, and every call after them to succeed.
	LostAnswerIsBadConn bool
	// IdleCheckAfter, when positive, says the driver checks a pooled connection before reuse
	// only once it has been idle this long (pgx's database/sql driver: 1 s), so a call on a
	// connection that died sooner fails. CutIdlePool then waits this long, and a margin, after
	// the cut before it calls.
	IdleCheckAfter time.Duration
}

const (
	// faultCallTimeout bounds every call made while the network breaks.
	faultCallTimeout = 600 * time.Millisecond
	// setupCallTimeout bounds a call made on a healthy network to set a test up.
	setupCallTimeout = 10 * time.Second
	// faultSlack is how much later than its context's deadline a call may return: generous,
	// because the machine is shared and noisy. A call that ignores its context returns only
	// when the network heals, much later.
	faultSlack = 2 * time.Second
)

// FaultSuite checks that a store survives a broken network between it and its server, through
// a FaultProxy in front of the real server.
//
//   - CutMidTraffic: connections are cut while goroutines commit, find, delete and list. Calls
//     fail or succeed, none panics or outlives its context's deadline, and once the network is
//     whole the same store serves every call again, without a restart, within recoveryLimit
//     (the first calls may fail by their deadline while new connections are opened).
//   - CutIdlePool: every pooled connection dies while idle; the next call succeeds (database/sql
//     retries on another connection when the driver reports driver.ErrBadConn; pgxstore's
//     executor checks a connection before it sends on it). Through a driver that reports lost
//     answers as ErrBadConn too (LostAnswerIsBadConn), a write may fail instead, with
//     sqlstore.ErrOutcomeUnknown, and the calls after it succeed. Through a driver that checks
//     a pooled connection only after IdleCheckAfter, the calls come that long after the cut.
//   - CutDuringCleanup: the connection that holds the cleanup lock is cut during a run; the run
//     fails, and the next run takes the lock and deletes the rest.
//   - BackgroundCleanupResumes: the background cleanup fails while the network is broken and
//     deletes expired sessions again once it heals.
//   - BlackHole: the network goes silent; every call, on pooled or new connections, returns
//     within its context's deadline with an error that errors.Is(err,
//     context.DeadlineExceeded) recognises; after healing the store serves again within
//     recoveryLimit. lib/pq's cancel request, on a connection of its own, goes into the black
//     hole too, and lib/pq holds each abandoned call's connection until its cancel request is
//     answered, so after healing lib/pq's first calls open new connections.
//   - BlackHoleDuringCleanup: the network goes silent while a cleanup run holds its lock; the
//     run still returns within its context's deadline, and once the network heals the lock is
//     free again.
//   - Linearizable: 12 clients commit, find and delete 6 shared tokens for 4 s while the
//     server's answers are twice held for 300 ms and then cut; every token's history is
//     linearizable, with a failed write allowed to have taken effect or not. A write the store
//     ran again after its answer was lost fails it. The check must reject a planted stale read.
//   - ConnectionsPerFailedCall: against a server that refuses, drops or never answers new
//     connections, each call opens at most 3 and returns the connect error at once.
//
// SQLite has no network, so it has no fault suite; its part is SQLiteSuite's concurrent
// writers and busy retry.
func FaultSuite(t *testing.T, b FaultBackend) {
	t.Run("CutMidTraffic", func(t *testing.T) { cutMidTraffic(t, b) })
	t.Run("CutIdlePool", func(t *testing.T) { cutIdlePool(t, b) })
	t.Run("CutDuringCleanup", func(t *testing.T) { cutDuringCleanup(t, b) })
	t.Run("BackgroundCleanupResumes", func(t *testing.T) { backgroundCleanupResumes(t, b) })
	t.Run("BlackHole", func(t *testing.T) { blackHole(t, b) })
	t.Run("BlackHoleDuringCleanup", func(t *testing.T) { blackHoleDuringCleanup(t, b) })
	t.Run("Linearizable", func(t *testing.T) { linearizable(t, b) })
	t.Run("ConnectionsPerFailedCall", func(t *testing.T) { connectionsPerFailedCall(t, b) })
}

// faultStore starts a proxy to b's server and makes a store through it on a fresh table.
func faultStore(t *testing.T, b FaultBackend, cfg sqlstore.Config) (*FaultProxy, *sqlstore.Store, func(sqlstore.Config) *sqlstore.Store) {
	t.Helper()
	proxy := NewFaultProxy(t, b.Server)
	newStore := b.Open(t, proxy.Addr())
	if cfg.TableName == "" {
		cfg.TableName = cleanupTable(t)
	}
	return proxy, NewStore(t, b.Dialect, b.Exec, newStore, cfg, nil), newStore
}

// call runs op under a context with faultCallTimeout and fails the test if op returns later
// than the deadline plus faultSlack. It returns op's error.
func call(t *testing.T, name string, within time.Duration, op func(ctx context.Context) error) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), within)
	defer cancel()
	start := time.Now()
	err := op(ctx)
	if took := time.Since(start); took > within+faultSlack {
		t.Errorf("%s returned after %v; its context's deadline was %v", name, took.Round(time.Millisecond), within)
	}
	return err
}

// everyCall runs each of the store's calls once, through call with faultCallTimeout, and returns
// their errors by name.
func everyCall(t *testing.T, s *sqlstore.Store, token string) map[string]error {
	t.Helper()
	return everyCallWithin(t, s, token, faultCallTimeout)
}

// everyCallWithin is everyCall with each call's context ending after within.
func everyCallWithin(t *testing.T, s *sqlstore.Store, token string, within time.Duration) map[string]error {
	t.Helper()
	errs := make(map[string]error)
	expiry := time.Now().Add(time.Hour)
	errs["Commit"] = call(t, "Commit", within, func(ctx context.Context) error { return s.CommitCtx(ctx, token, []byte("after"), expiry) })
	errs["Find"] = call(t, "Find", within, func(ctx context.Context) error {
		data, found, err := s.FindCtx(ctx, token)
		if err == nil && (!found || string(data) != "after") {
			return fmt.Errorf("found %v, %d bytes; want what Commit wrote", found, len(data))
		}
		return err
	})
	errs["All"] = call(t, "All", within, func(ctx context.Context) error {
		all, err := s.AllCtx(ctx)
		if err == nil && string(all[token]) != "after" {
			return errors.New("the session Commit wrote is not listed")
		}
		return err
	})
	errs["ForEach"] = call(t, "ForEach", within, func(ctx context.Context) error {
		return s.ForEach(ctx, func(string, []byte) error { return nil })
	})
	errs["Delete"] = call(t, "Delete", within, func(ctx context.Context) error { return s.DeleteCtx(ctx, token) })
	errs["Cleanup"] = call(t, "Cleanup", within, func(ctx context.Context) error { _, err := s.Cleanup(ctx); return err })
	return errs
}

// wantServes checks that every call on s succeeds.
func wantServes(t *testing.T, s *sqlstore.Store, when string) {
	t.Helper()
	for name, err := range everyCall(t, s, Token(t)) {
		if err != nil {
			t.Errorf("%s: %s: %v", when, name, err)
		}
	}
}

// recoveryLimit bounds how long after a network heals a store may take to serve every call
// again. The first calls after a fault that left the pool with no usable connection must open
// new ones, and opening one is the server's work: on a loaded 2-core machine a new PostgreSQL
// connection took 0.4–1.2 s right after 80 cuts (the server forks a backend for it while it
// ends the cut ones and answers lib/pq's cancel requests), longer than faultCallTimeout. No
// store can promise that such a call succeeds within its context; it can promise that the call
// returns by its deadline (call checks that) and that the store recovers by itself, soon.
const recoveryLimit = 10 * time.Second

// wantRecovers checks that once the network is whole the store serves every call again, within
// recoveryLimit and without a restart: it runs every call, each under faultCallTimeout, until
// one round succeeds whole. It logs how long recovery took and how many calls failed first.
func wantRecovers(t *testing.T, s *sqlstore.Store, when string) {
	t.Helper()
	start := time.Now()
	failed := 0
	var last map[string]error
	for {
		errs := everyCall(t, s, Token(t))
		bad := 0
		for _, err := range errs {
			if err != nil {
				bad++
			}
		}
		took := time.Since(start)
		if bad == 0 {
			t.Logf("%s: every call served again %v after healing; %d calls failed before that (last round's errors: %v)", when, took.Round(time.Millisecond), failed, failures(last))
			return
		}
		failed += bad
		last = errs
		if took > recoveryLimit {
			t.Errorf("%s: the store still fails calls %v after the network healed (%d failed); the last round: %v", when, took.Round(time.Millisecond), failed, failures(last))
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// failures returns the failed calls of errs, by name.
func failures(errs map[string]error) map[string]error {
	out := make(map[string]error)
	for name, err := range errs {
		if err != nil {
			out[name] = err
		}
	}
	return out
}

func cutMidTraffic(t *testing.T, b FaultBackend) {
	proxy, s, _ := faultStore(t, b, sqlstore.Config{})
	const workers = 8
	var (
		stop  = make(chan struct{})
		wg    sync.WaitGroup
		stats trafficStats
	)
	for w := range workers {
		wg.Go(func() {
			token := Token(t)
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				ctx, cancel := context.WithTimeout(context.Background(), faultCallTimeout)
				start := time.Now()
				var err error
				switch i % 4 {
				case 0:
					err = s.CommitCtx(ctx, token, fmt.Appendf(nil, "worker %d call %d", w, i), time.Now().Add(time.Hour))
				case 1:
					_, _, err = s.FindCtx(ctx, token)
				case 2:
					_, err = s.AllCtx(ctx)
				case 3:
					err = s.DeleteCtx(ctx, token)
				}
				stats.add(err, time.Since(start))
				cancel()
			}
		})
	}
	time.Sleep(200 * time.Millisecond)
	cut := 0
	for range 10 {
		cut += proxy.Cut()
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond) // traffic on a whole network again
	close(stop)
	waitOrFail(t, &wg, faultCallTimeout+faultSlack, proxy, "traffic goroutines after the cuts")

	if cut == 0 {
		t.Fatal("the proxy cut no connection: the test broke nothing")
	}
	if stats.late > 0 {
		t.Errorf("%d calls outlived their context's deadline by more than %v; the slowest took %v", stats.late, faultSlack, stats.slowest)
	}
	t.Logf("%d calls: %d failed while %d connections were cut (first error: %v)", stats.calls, stats.failed, cut, stats.firstErr)
	wantRecovers(t, s, "after the cuts")
}

// trafficStats counts the calls of cutMidTraffic's workers.
type trafficStats struct {
	mu                  sync.Mutex
	calls, failed, late int
	slowest             time.Duration
	firstErr            error
}

func (s *trafficStats) add(err error, took time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	if err != nil {
		s.failed++
		if s.firstErr == nil {
			s.firstErr = err
		}
	}
	if took > faultCallTimeout+faultSlack {
		s.late++
	}
	s.slowest = max(s.slowest, took)
}

// waitOrFail waits for wg, and fails the test if that takes longer than limit: then it cuts
// every connection first, so that calls stuck on them return and the test can end.
func waitOrFail(t *testing.T, wg *sync.WaitGroup, limit time.Duration, proxy *FaultProxy, what string) {
	t.Helper()
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
		return
	case <-time.After(limit):
	}
	t.Errorf("%s still running %v after they were told to stop: a call ignored its context", what, limit)
	proxy.Heal()
	proxy.Cut()
	<-done
	t.FailNow()
}

func cutIdlePool(t *testing.T, b FaultBackend) {
	proxy, s, _ := faultStore(t, b, sqlstore.Config{})
	// Fill the pool with several idle connections, each having run every statement.
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			// Filling the pool is not under test: its calls get a healthy network's time, which
			// new connections under -race on a loaded two-core machine can take.
			for name, err := range everyCallWithin(t, s, Token(t), setupCallTimeout) {
				if err != nil {
					t.Errorf("before the cut: %s: %v", name, err)
				}
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	n := proxy.Cut()
	if n == 0 {
		t.Fatal("no pooled connection to cut")
	}
	if b.IdleCheckAfter > 0 {
		// pgx measures the idle time from when the connection was last taken from the pool,
		// before the cut; the margin keeps the test off the boundary.
		time.Sleep(b.IdleCheckAfter + 250*time.Millisecond)
	}
	if !b.LostAnswerIsBadConn {
		// The first calls after must not see that the connections died.
		wantServes(t, s, "first calls after every idle connection was cut")
		return
	}
	// A write on a dead connection may fail, and must then say its outcome is unknown; reads
	// are run again, and see only what the writes did. Once the dead connections are spent,
	// every call succeeds.
	errs := everyCall(t, s, Token(t))
	for name, err := range errs {
		switch {
		case err == nil:
		case name == "Commit" || name == "Delete":
			if !errors.Is(err, sqlstore.ErrOutcomeUnknown) {
				t.Errorf("first %s after every idle connection was cut: %v; want success, or an error wrapping sqlstore.ErrOutcomeUnknown", name, err)
			}
		case (name == "Find" || name == "All") && errs["Commit"] != nil:
			// The Commit it reads did not happen.
		default:
			t.Errorf("first calls after every idle connection was cut: %s: %v", name, err)
		}
	}
	t.Logf("first calls after every idle connection was cut: %v", failures(errs))
	wantServes(t, s, "second calls after every idle connection was cut")
}

func cutDuringCleanup(t *testing.T, b FaultBackend) {
	table := cleanupTable(t)
	proxy, s, newStore := faultStore(t, b, sqlstore.Config{TableName: table, CleanUpBatchSize: 10, CleanUpBatchPause: 500 * time.Millisecond})
	seedExpired(t, s, 100)

	// Run one cleanup and cut during its pause after the first batch: it holds the lock on its
	// pinned connection then.
	errc := make(chan error, 1)
	go func() {
		_, err := s.Cleanup(context.Background())
		errc <- err
	}()
	time.Sleep(200 * time.Millisecond)
	proxy.Cut()
	select {
	case err := <-errc:
		if err == nil {
			t.Error("Cleanup whose connection was cut mid-run reported no error")
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Cleanup did not return 30 s after its connection was cut")
	}
	// The lock died with the connection: the next run takes it and deletes the 90 left.
	var res sqlstore.CleanupResult
	probeCleanup := newStore(sqlstore.Config{TableName: table, OnCleanup: func(r sqlstore.CleanupResult) { res = r }})
	defer probeCleanup.Close()
	n, err := probeCleanup.Cleanup(context.Background())
	if err != nil || res.Skipped || n != 90 {
		t.Errorf("Cleanup after the cut = %d, %v (skipped %v); want the 90 left deleted", n, err, res.Skipped)
	}
}

func backgroundCleanupResumes(t *testing.T, b FaultBackend) {
	table := cleanupTable(t)
	proxy, seeder, newStore := faultStore(t, b, sqlstore.Config{TableName: table})
	const seeded = 50
	seedExpired(t, seeder, seeded)

	var (
		mu                  sync.Mutex
		failed, okAfterHeal int
		healed              bool
		firstFailure        error
	)
	// The network breaks before the background cleanup starts, so that it finds every expired
	// session still there when the network heals.
	proxy.BlackHole()
	s := newStore(sqlstore.Config{
		TableName: table, CleanUpInterval: 50 * time.Millisecond, CleanUpBatchSize: 10, CleanUpBatchPause: -1,
		Logger: slog.New(slog.DiscardHandler), // the failures are expected; OnCleanup counts them
		OnCleanup: func(r sqlstore.CleanupResult) {
			mu.Lock()
			defer mu.Unlock()
			switch {
			case r.Err != nil:
				failed++
				if firstFailure == nil {
					firstFailure = r.Err
				}
			case healed && !r.Skipped:
				okAfterHeal++
			}
		},
	})
	defer s.Close()
	// Runs hang in the black hole; cutting their connections fails them, and the next ones
	// hang again on new connections.
	for range 5 {
		time.Sleep(100 * time.Millisecond)
		proxy.Cut()
	}
	mu.Lock()
	healed = true
	mu.Unlock()
	proxy.Heal()

	deadline := time.Now().Add(15 * time.Second)
	for {
		left := census(t, newStore, table)["expired"]
		mu.Lock()
		ok, failures, first := okAfterHeal, failed, firstFailure
		mu.Unlock()
		if left == 0 && ok > 0 {
			t.Logf("%d background runs failed while the network was broken (first: %v); after it healed, %d runs succeeded and purged all %d expired sessions", failures, first, ok, seeded)
			if failures == 0 {
				t.Error("no background run failed: the fault never reached the cleanup")
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("15 s after the network healed, %d expired sessions are left and %d runs succeeded (%d failed; first: %v): the background cleanup did not resume", left, ok, failures, first)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func blackHole(t *testing.T, b FaultBackend) {
	proxy, s, _ := faultStore(t, b, sqlstore.Config{})
	wantServes(t, s, "before the black hole")
	proxy.BlackHole()
	// Pooled connections first, then new ones: the pool has too few for eight at once.
	for round, when := range []string{"pooled connections", "new connections"} {
		var wg sync.WaitGroup
		var mu sync.Mutex
		results := map[string]error{}
		parallel := 1
		if round == 1 {
			parallel = 8
		}
		for g := range parallel {
			wg.Go(func() {
				for name, err := range everyCall(t, s, Token(t)) {
					mu.Lock()
					results[fmt.Sprint(name, "#", g)] = err
					mu.Unlock()
				}
			})
		}
		waitOrFail(t, &wg, 6*(faultCallTimeout+faultSlack), proxy, "calls into the black hole")
		for name, err := range results {
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("%s, black-holed (%s): %v; want an error wrapping context.DeadlineExceeded", name, when, err)
			}
		}
	}
	proxy.Heal()
	wantRecovers(t, s, "after the black hole healed")
}

func blackHoleDuringCleanup(t *testing.T, b FaultBackend) {
	table := cleanupTable(t)
	proxy, s, newStore := faultStore(t, b, sqlstore.Config{TableName: table, CleanUpBatchSize: 10, CleanUpBatchPause: 100 * time.Millisecond})
	seedExpired(t, s, 100)
	const timeout = 1500 * time.Millisecond
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	type result struct {
		n    int64
		err  error
		took time.Duration
	}
	done := make(chan result, 1)
	go func() {
		start := time.Now()
		n, err := s.Cleanup(ctx)
		done <- result{n, err, time.Since(start)}
	}()
	time.Sleep(300 * time.Millisecond) // a few batches in: the run holds the lock
	proxy.BlackHole()
	var r result
	select {
	case r = <-done:
	case <-time.After(timeout + faultSlack):
		proxy.Heal()
		proxy.Cut()
		<-done
		t.Fatalf("Cleanup black-holed mid-run did not return within its context's deadline (%v) plus %v", timeout, faultSlack)
	}
	if !errors.Is(r.err, context.DeadlineExceeded) || r.n == 0 {
		t.Errorf("Cleanup black-holed mid-run = %d, %v after %v; want some batches deleted, then an error wrapping context.DeadlineExceeded", r.n, r.err, r.took.Round(time.Millisecond))
	}
	proxy.Heal()
	// The run's connection was discarded, or its unlock went through once the network healed:
	// either way, within a few seconds a new run takes the lock and deletes the rest. (How
	// many that is depends on whether the statement held in the black hole ran after all.)
	deadline := time.Now().Add(10 * time.Second)
	for {
		var res sqlstore.CleanupResult
		probe := newStore(sqlstore.Config{TableName: table, OnCleanup: func(cr sqlstore.CleanupResult) { res = cr }})
		n, err := probe.Cleanup(context.Background())
		probe.Close()
		left := census(t, newStore, table)["expired"]
		if err == nil && !res.Skipped && res.Complete && left == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("10 s after the network healed, Cleanup = %d, %v (skipped %v) and %d expired sessions are left; want a run that takes the lock and deletes them all", n, err, res.Skipped, left)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
