package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"
)

// testContext checks the context-taking methods: they work with a live
// context, and with a done one they fail with the context's error and change
// nothing. scs calls them from LoadAndSave with the request's context, so a
// client that goes away cancels them.
func (s *suite) testContext(t *testing.T) {
	f := s.newFixture(t)
	cs, isCtx := f.store.(scs.CtxStore)
	ics, isIterCtx := f.store.(scs.IterableCtxStore)
	if !isCtx && !isIterCtx {
		t.Skipf("%T implements neither scs.CtxStore nor scs.IterableCtxStore", f.store)
	}
	skipUnlessCtx := func(t *testing.T) {
		t.Helper()
		if !isCtx {
			t.Skipf("%T does not implement scs.CtxStore", f.store)
		}
	}
	skipUnlessIterCtx := func(t *testing.T) {
		t.Helper()
		if !isIterCtx {
			t.Skipf("%T does not implement scs.IterableCtxStore", f.store)
		}
	}
	expiry := f.now().Add(time.Hour)

	t.Run("Live", func(t *testing.T) {
		skipUnlessCtx(t)
		ctx := context.Background()
		token := newToken()
		if err := cs.CommitCtx(ctx, token, []byte("ctx"), expiry); err != nil {
			t.Fatalf("CommitCtx: unexpected error: %v", err)
		}
		got, found, err := cs.FindCtx(ctx, token)
		if err != nil || !found || string(got) != "ctx" {
			t.Errorf("FindCtx after CommitCtx = (%d bytes), %t, %v; want the committed 3 bytes, true, nil", len(got), found, err)
		}
		if isIterCtx {
			all, err := ics.AllCtx(ctx)
			if err != nil {
				t.Errorf("AllCtx: unexpected error: %v", err)
			} else if _, ok := all[token]; !ok {
				t.Errorf("AllCtx after CommitCtx does not list the session")
			}
		}
		if err := cs.DeleteCtx(ctx, token); err != nil {
			t.Fatalf("DeleteCtx: unexpected error: %v", err)
		}
		if _, found, err := cs.FindCtx(ctx, token); err != nil || found {
			t.Errorf("FindCtx after DeleteCtx = %t, %v; want not found and no error", found, err)
		}
	})

	for _, tc := range []struct {
		name string
		ctx  func() (context.Context, context.CancelFunc)
		want error
	}{
		{"Canceled", func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return ctx, cancel
		}, context.Canceled},
		{"DeadlineExceeded", func() (context.Context, context.CancelFunc) {
			return context.WithDeadline(context.Background(), time.Now().Add(-time.Minute))
		}, context.DeadlineExceeded},
	} {
		t.Run(tc.name, func(t *testing.T) {
			with := " with a context that is " + tc.name

			t.Run("FindCtx", func(t *testing.T) {
				skipUnlessCtx(t)
				token := newToken()
				commit(t, f.store, token, []byte("present"), expiry)
				ctx, cancel := tc.ctx()
				defer cancel()
				_, _, err := cs.FindCtx(ctx, token)
				wantErrIs(t, err, tc.want, "FindCtx"+with)
			})

			t.Run("CommitCtx", func(t *testing.T) {
				skipUnlessCtx(t)
				token := newToken()
				ctx, cancel := tc.ctx()
				defer cancel()
				err := cs.CommitCtx(ctx, token, []byte("never"), expiry)
				wantErrIs(t, err, tc.want, "CommitCtx"+with)
				wantMissing(t, f.store, token, "Find after CommitCtx"+with)
			})

			t.Run("DeleteCtx", func(t *testing.T) {
				skipUnlessCtx(t)
				token := newToken()
				commit(t, f.store, token, []byte("kept"), expiry)
				ctx, cancel := tc.ctx()
				defer cancel()
				err := cs.DeleteCtx(ctx, token)
				wantErrIs(t, err, tc.want, "DeleteCtx"+with)
				wantFound(t, f.store, token, []byte("kept"), "Find after DeleteCtx"+with)
			})

			t.Run("AllCtx", func(t *testing.T) {
				skipUnlessIterCtx(t)
				ctx, cancel := tc.ctx()
				defer cancel()
				_, err := ics.AllCtx(ctx)
				wantErrIs(t, err, tc.want, "AllCtx"+with)
			})
		})
	}
}
