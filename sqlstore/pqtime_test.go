package sqlstore

import (
	"testing"
	"time"

	"github.com/lib/pq"
)

// TestPQTimesIsLibPQs checks that pqTimes writes each time as lib/pq itself would, and leaves
// alone what it does not write.
func TestPQTimesIsLibPQs(t *testing.T) {
	for _, at := range []time.Time{
		time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2026, 12, 2, 23, 59, 59, 999_999_999, time.UTC),
		time.Date(2026, 2, 28, 12, 30, 5, 120_000_000, time.UTC),
		time.Date(2026, 7, 1, 8, 0, 0, 1_000, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 500, time.UTC),
	} {
		args := []any{"token", at, 7}
		got := pqTimes(args)
		b, ok := got[1].(string)
		if !ok || b != string(pq.FormatTimestamp(at)) {
			t.Errorf("pqTimes(%v) = %v, want %q", at, got[1], pq.FormatTimestamp(at))
		}
		if got[0] != "token" || got[2] != 7 || len(got) != 3 {
			t.Errorf("pqTimes changed the other arguments: %v", got)
		}
		if args[1] != any(at) {
			t.Errorf("pqTimes changed its argument slice: %v", args)
		}
	}
	for _, at := range []time.Time{
		time.Date(0, 12, 31, 0, 0, 0, 0, time.UTC),     // " BC": lib/pq's
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),   // beyond the layout
		time.Date(2026, 12, 2, 0, 0, 0, 0, time.Local), // not UTC
	} {
		if got := pqTimes([]any{at}); got[0] != any(at) {
			t.Errorf("pqTimes(%v) = %v, want it left to lib/pq", at, got[0])
		}
	}
	three := []any{time.Now().UTC(), time.Now().UTC(), time.Now().UTC()}
	if got := pqTimes(three); got[2] != three[2] {
		t.Errorf("pqTimes wrote a third time; it holds two")
	}
}
