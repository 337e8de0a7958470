package storetest

import (
	"fmt"
	"testing"
	"time"
)

// testMany checks a table with more sessions than a test usually makes, as a
// listing with a hidden LIMIT or a lossy scan would fail it.
func (s *suite) testMany(t *testing.T) {
	const n = 1000
	f := s.newFixture(t)
	sessions := make([]session, n)
	for i := range sessions {
		sessions[i] = session{newToken(), fmt.Appendf(nil, "session %d", i), f.now().Add(time.Hour)}
	}
	commitMany(t, f.store, sessions)

	if len(listings(f.store)) == 0 {
		t.Logf("%T lists no sessions; only Find is checked", f.store)
	}
	wantListed(t, f.store, sessionMap(sessions), fmt.Sprintf("after %d commits", n))
	for i := 0; i < n; i += 37 {
		wantFound(t, f.store, sessions[i].token, sessions[i].data, fmt.Sprintf("Find of session %d of %d", i, n))
	}
}
