package storetest

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// testConcurrency checks commits that race, as requests of one user do. Run
// it with -race to also check the store's own memory.
func (s *suite) testConcurrency(t *testing.T) {
	const goroutines = 16

	t.Run("OneToken", func(t *testing.T) {
		// An upsert that reads and then writes fails here with a duplicate
		// key or a deadlock.
		const commits = 25
		f := s.newFixture(t)
		token := newToken()
		expiry := f.now().Add(time.Hour)
		committed := make(map[string]bool)
		values := make([][][]byte, goroutines)
		for g := range values {
			values[g] = make([][]byte, commits)
			for i := range values[g] {
				values[g][i] = fmt.Appendf(nil, "goroutine %d commit %d", g, i)
				committed[string(values[g][i])] = true
			}
		}

		var wg sync.WaitGroup
		for g := range goroutines {
			wg.Go(func() {
				for i := range commits {
					if err := f.store.Commit(token, values[g][i], expiry); err != nil {
						t.Errorf("goroutine %d, commit %d of one token: %v", g, i, err)
						return
					}
				}
			})
		}
		wg.Wait()
		if t.Failed() {
			return
		}

		got, found := find(t, f.store, token)
		switch {
		case !found:
			t.Errorf("Find after %d concurrent commits of one token: not found, want found", goroutines*commits)
		case !committed[string(got)]:
			t.Errorf("Find after %d concurrent commits of one token returned %d bytes that no commit wrote",
				goroutines*commits, len(got))
		}
		commit(t, f.store, token, []byte("last"), expiry)
		wantFound(t, f.store, token, []byte("last"), "Find after a final commit following concurrent ones")
	})

	t.Run("OwnTokens", func(t *testing.T) {
		const rounds = 10
		f := s.newFixture(t)
		expiry := f.now().Add(time.Hour)
		var wg sync.WaitGroup
		for g := range goroutines {
			wg.Go(func() {
				for r := range rounds {
					if err := ownTokenRound(f, expiry, fmt.Appendf(nil, "goroutine %d round %d", g, r)); err != nil {
						t.Errorf("goroutine %d, round %d: %v", g, r, err)
						return
					}
				}
			})
		}
		wg.Wait()
	})

	t.Run("Sustained", s.testSustained)
}

// ownTokenRound commits, finds, deletes and finds again one fresh session.
// It returns what went wrong rather than failing the test, because it runs
// off the test's goroutine, where t.Fatal must not be called.
func ownTokenRound(f *fixture, expiry time.Time, data []byte) error {
	token := newToken()
	if err := f.store.Commit(token, data, expiry); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	got, found, err := f.store.Find(token)
	switch {
	case err != nil:
		return fmt.Errorf("find after commit: %w", err)
	case !found:
		return fmt.Errorf("find after commit: not found, want found")
	case !bytes.Equal(got, data):
		return fmt.Errorf("find after commit returned the wrong data: %s", diffBytes(got, data))
	}
	if err := f.store.Delete(token); err != nil {
		return fmt.Errorf("delete: %w", err)
	}
	if _, found, err := f.store.Find(token); err != nil || found {
		return fmt.Errorf("find after delete = %t, %v; want not found and no error", found, err)
	}
	return nil
}

// SustainedEnv names the environment variable that sets how long the
// sustained concurrency test runs (a time.ParseDuration string, such as
// "1m"). Unset, it runs for defaultSustained, which keeps CI fast.
const SustainedEnv = "SCSQL_SUSTAINED_DURATION"

const defaultSustained = 2 * time.Second

// sustainedDuration is how long testSustained runs.
func sustainedDuration(t *testing.T) time.Duration {
	v := os.Getenv(SustainedEnv)
	if v == "" {
		return defaultSustained
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		t.Fatalf("%s=%q: want a positive duration such as 1m", SustainedEnv, v)
	}
	return d
}

// testSustained runs 64 goroutines against one store for a sustained period,
// mixing commits, finds, deletes and cleanups, and requires no error of any
// kind and no lost write:
//
//   - 32 goroutines each own a private token and check every Find against
//     their own last write: the exact data of the last Commit, or not found
//     after a Delete or after a Commit of an already expired session.
//     A cleanup that deleted a session just committed live again, or a
//     stale read, shows here.
//   - 24 goroutines commit, find and delete 8 shared tokens. A Find returns
//     data some commit of that token wrote, or nothing. After the run each
//     shared token's state must be linearizable: it is the result of some
//     write (a Commit of that data, or a Delete for "not found", or no write
//     at all) that no other write of the token strictly followed, that is,
//     no write of it began after that write had returned. Such a later write
//     must come after it in every order consistent with real time, so the
//     earlier one cannot be the last. Every committed value is unique, so the
//     final data names its writer.
//   - 8 goroutines commit already expired sessions and run Cleanup (when the
//     store has it), so purges always run with expired rows present and
//     among live ones.
func (s *suite) testSustained(t *testing.T) {
	const (
		private = 32
		shared  = 24
		purgers = 8
		tokens  = 8 // shared tokens
	)
	duration := sustainedDuration(t)
	f := s.newFixture(t)
	cleaner, _ := f.store.(Cleaner)
	if cleaner == nil && !s.h.NoCleanup {
		t.Fatal("the store has no Cleanup(context.Context) (int64, error) method; declare Harness.NoCleanup if it has none")
	}
	live := f.now().Add(time.Hour)
	expired := f.now().Add(-time.Minute)

	var errs, ops atomic.Int64
	fail := func(format string, args ...any) {
		// Report the first few in full; count the rest.
		if errs.Add(1) <= 5 {
			t.Errorf(format, args...)
		}
	}
	deadline := time.Now().Add(duration)
	running := func() bool { return time.Now().Before(deadline) }

	sharedTokens := make([]string, tokens)
	writes := make([][]timedWrite, tokens) // every write of each shared token
	var writesMu sync.Mutex
	values := make([]sync.Map, tokens) // data committed (or being committed) to each shared token
	for i := range sharedTokens {
		sharedTokens[i] = newToken()
	}

	var wg sync.WaitGroup
	for g := range private {
		wg.Go(func() {
			token := newToken()
			var want []byte // nil: not found
			rng := rand.New(rand.NewPCG(uint64(g), 1))
			for i := 0; running(); i++ {
				ops.Add(1)
				switch r := rng.IntN(10); {
				case r < 4:
					data := fmt.Appendf(nil, "private %d write %d", g, i)
					exp := live
					if r == 0 {
						exp = expired // not found afterwards; a cleanup may delete it
					}
					if err := f.store.Commit(token, data, exp); err != nil {
						fail("private goroutine %d: Commit: %v", g, err)
						return
					}
					want = data
					if r == 0 {
						want = nil
					}
				case r < 5:
					if err := f.store.Delete(token); err != nil {
						fail("private goroutine %d: Delete: %v", g, err)
						return
					}
					want = nil
				default:
					got, found, err := f.store.Find(token)
					switch {
					case err != nil:
						fail("private goroutine %d: Find: %v", g, err)
						return
					case found != (want != nil):
						fail("private goroutine %d, op %d: Find found=%v, want found=%v: a write was lost", g, i, found, want != nil)
						return
					case found && !bytes.Equal(got, want):
						fail("private goroutine %d, op %d: Find returned data other than the last Commit's: %s", g, i, diffBytes(got, want))
						return
					}
				}
			}
		})
	}
	for g := range shared {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(g), 2))
			for i := 0; running(); i++ {
				ops.Add(1)
				k := rng.IntN(tokens)
				token := sharedTokens[k]
				switch r := rng.IntN(10); {
				case r < 5:
					data := fmt.Sprintf("shared %d write %d", g, i)
					values[k].Store(data, true)
					start := time.Now()
					if err := f.store.Commit(token, []byte(data), live); err != nil {
						fail("shared goroutine %d: Commit: %v", g, err)
						return
					}
					end := time.Now()
					writesMu.Lock()
					writes[k] = append(writes[k], timedWrite{data, start, end})
					writesMu.Unlock()
				case r < 6:
					start := time.Now()
					if err := f.store.Delete(token); err != nil {
						fail("shared goroutine %d: Delete: %v", g, err)
						return
					}
					end := time.Now()
					writesMu.Lock()
					writes[k] = append(writes[k], timedWrite{"", start, end})
					writesMu.Unlock()
				default:
					got, found, err := f.store.Find(token)
					if err != nil {
						fail("shared goroutine %d: Find: %v", g, err)
						return
					}
					if _, ok := values[k].Load(string(got)); found && !ok {
						fail("shared goroutine %d: Find returned %d bytes that no commit of the token wrote", g, len(got))
						return
					}
				}
			}
		})
	}
	var purged, purges atomic.Int64
	for g := range purgers {
		wg.Go(func() {
			for i := 0; running(); i++ {
				ops.Add(1)
				if err := f.store.Commit(newToken(), []byte("expired"), expired); err != nil {
					fail("purging goroutine %d: Commit of an expired session: %v", g, err)
					return
				}
				if cleaner == nil || i%4 != 3 {
					continue
				}
				n, err := cleaner.Cleanup(context.Background())
				if err != nil {
					fail("purging goroutine %d: Cleanup: %v", g, err)
					return
				}
				purged.Add(n)
				purges.Add(1)
			}
		})
	}
	wg.Wait()
	if errs.Load() > 0 {
		t.Fatalf("%d of %d operations failed or saw a lost write", errs.Load(), ops.Load())
	}

	for k, token := range sharedTokens {
		got, found := find(t, f.store, token)
		final := ""
		if found {
			final = string(got)
		}
		if !linearizableLast(writes[k], final, found) {
			if found {
				t.Errorf("shared token %d ends with data whose commit a later write strictly followed (%d writes): a write was lost", k, len(writes[k]))
			} else {
				t.Errorf("shared token %d ends not found, but every Delete of it was strictly followed by a commit (%d writes): a write was lost", k, len(writes[k]))
			}
		}
	}
	t.Logf("%v, 64 goroutines: %d operations, %d cleanups deleted %d expired sessions", duration, ops.Load(), purges.Load(), purged.Load())
}

// timedWrite is one write of a shared token: when it began and when it
// returned, by the monotonic clock.
type timedWrite struct {
	data       string // "" for a Delete
	start, end time.Time
}

// linearizableLast reports whether a token's final state (data, or not found)
// can be the result of its writes in an order consistent with real time: some
// write that produced that state was not strictly followed by another write,
// one that began after it returned. With no write at all, only "not found" is.
func linearizableLast(writes []timedWrite, final string, found bool) bool {
	if len(writes) == 0 {
		return !found
	}
	// A write is strictly followed when another began after it returned; only the two latest
	// beginnings matter: the latest, and for the write that began it, the one before.
	latest, second := -1, -1
	for i, w := range writes {
		switch {
		case latest < 0 || w.start.After(writes[latest].start):
			latest, second = i, latest
		case second < 0 || w.start.After(writes[second].start):
			second = i
		}
	}
	for i, c := range writes {
		if found && c.data != final || !found && c.data != "" {
			continue
		}
		next := latest
		if i == latest {
			next = second
		}
		if next < 0 || !writes[next].start.After(c.end) {
			return true
		}
	}
	return false
}
