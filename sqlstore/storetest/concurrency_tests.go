package storetest

import (
	"bytes"
	"fmt"
	"sync"
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
