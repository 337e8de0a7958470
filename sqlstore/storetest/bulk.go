package storetest

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"
)

// session is one session a test commits.
type session struct {
	token  string
	data   []byte
	expiry time.Time
}

// bulkWorkers is how many commits commitMany keeps in flight: enough to hide
// round-trip latency on a real server, few enough for any connection pool.
const bulkWorkers = 8

// commitMany commits sessions concurrently, or stops the test. Tests commit
// thousands of rows; one at a time that costs seconds on a remote server.
func commitMany(t testing.TB, st scs.Store, sessions []session) {
	t.Helper()
	var (
		next     atomic.Int64
		failures atomic.Int64
		firstErr error
		once     sync.Once
		wg       sync.WaitGroup
	)
	for range bulkWorkers {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(sessions) {
					return
				}
				s := sessions[i]
				if err := st.Commit(s.token, s.data, s.expiry); err != nil {
					failures.Add(1)
					once.Do(func() { firstErr = err })
				}
			}
		})
	}
	wg.Wait()
	if n := failures.Load(); n > 0 {
		t.Fatalf("committing %d sessions: %d commits failed; the first error: %v", len(sessions), n, firstErr)
	}
}

// sessionMap returns the tokens and data of sessions, as a listing returns them.
func sessionMap(sessions []session) map[string][]byte {
	m := make(map[string][]byte, len(sessions))
	for _, s := range sessions {
		m[s.token] = s.data
	}
	return m
}
