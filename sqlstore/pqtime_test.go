package sqlstore

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/lib/pq"
)

// pqTimes returns args as FromDB hands them to lib/pq in a read.
func pqTimes(args []any) []any {
	e := &dbExecutor{textTimes: true}
	return slices.Clone(e.rewrite(args, false).list)
}

// TestPQTimesIsLibPQs checks that writeTimes writes each time as lib/pq itself would, and leaves
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

// TestDriverArgsReuse checks that rewritten arguments that went back to their pool come out
// again as new: no argument, guard state or time of an earlier statement shows through.
func TestDriverArgsReuse(t *testing.T) {
	e := &dbExecutor{textTimes: true, once: true}
	at := time.Date(2026, 12, 2, 18, 0, 0, 0, time.UTC)
	for i := range 100 {
		args := []any{"token", []byte("data"), at.Add(time.Duration(i) * time.Second)}
		if i%2 == 1 {
			args = args[:1] // a delete: fewer arguments than the last statement's
		}
		a := e.rewrite(args, true)
		if len(a.list) != len(args) {
			t.Fatalf("statement %d: %d arguments, want %d", i, len(a.list), len(args))
		}
		g, ok := a.list[0].(*onceArg)
		if !ok {
			t.Fatalf("statement %d: the token is not guarded: %T", i, a.list[0])
		}
		if v, err := g.Value(); err != nil || v != "token" {
			t.Fatalf("statement %d: the guard's first Value = %v, %v; want the token", i, v, err)
		}
		if _, err := g.Value(); !errors.Is(err, errRunAgain) {
			t.Fatalf("statement %d: the guard's second Value = %v; want errRunAgain", i, err)
		}
		if len(args) == 3 {
			want := string(pq.FormatTimestamp(args[2].(time.Time)))
			if got, _ := a.list[2].(string); got != want {
				t.Fatalf("statement %d: time %q, want %q", i, got, want)
			}
		}
		if args[0] != "token" {
			t.Fatalf("statement %d: rewrite changed its caller's arguments: %v", i, args)
		}
		a.free(context.Background())
	}
	if a := (&dbExecutor{}).rewrite([]any{"token"}, true); a != nil {
		t.Errorf("rewrite for a driver that needs none = %v, want nil", a.list)
	}
}
