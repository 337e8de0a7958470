package testdb

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/sqlstore"
)

// SecretSuite checks that no token reaches an error or a log line on one backend. It drives a
// store through every failure it can provoke with a real server, each call naming the same
// token: a missing table (every operation, Cleanup, and the background cleanup, which logs),
// cancelled and expired contexts, tokens the store refuses, and a closed store. Every error and
// every log record, rendered as text and as JSON, is then searched for any ten-character piece
// of the token, raw or hex-encoded.
func SecretSuite(t *testing.T, d dialect.Dialect, exec Execer, newStore func(sqlstore.Config) *sqlstore.Store) {
	token := "Zq8vR3kT0pXw6LmN2bYc7HdJ4sFgA1eUoQiKtVyWxBz" // shaped like scs's
	var logs lockedBuffer
	logger := slog.New(teeHandler{
		slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}),
		slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}),
	})
	var errs []error
	check := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	ctx := context.Background()
	expiry := time.Now().Add(time.Hour)

	// A table that was never created: the server's errors name the table, and must name nothing else.
	failed := make(chan struct{}, 1)
	missing := newStore(sqlstore.Config{
		TableName:       cleanupTable(t),
		CleanUpInterval: 20 * time.Millisecond,
		Logger:          logger,
		OnCleanup: func(r sqlstore.CleanupResult) {
			if r.Err != nil {
				select {
				case failed <- struct{}{}:
				default:
				}
			}
		},
	})
	// The engine logs a failed run after its OnCleanup hook returns, and not at all once stopped:
	// wait for the record before stopping it.
	deadline := time.Now().Add(30 * time.Second)
	for logs.Len() == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	select {
	case <-failed:
	default:
		t.Error("the background cleanup on a missing table reported no failed run within 30 s")
	}
	missing.StopCleanup()
	_, _, err := missing.FindCtx(ctx, token)
	check(err)
	check(missing.CommitCtx(ctx, token, []byte("data"), expiry))
	check(missing.DeleteCtx(ctx, token))
	_, err = missing.AllCtx(ctx)
	check(err)
	_, err = missing.Cleanup(ctx)
	check(err)
	if err := missing.Close(); err != nil {
		t.Error(err)
	}
	if len(errs) < 5 {
		t.Errorf("%d of 5 operations on a missing table failed; want all", len(errs))
	}

	// A working table, called with contexts that are already done, refused tokens, and after Close.
	s := NewStore(t, d, exec, newStore, sqlstore.Config{TableName: cleanupTable(t), Logger: logger}, nil)
	if err := s.Commit(token, []byte("data"), expiry); err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	expired, cancel := context.WithDeadline(ctx, time.Now().Add(-time.Second))
	defer cancel()
	for _, done := range []context.Context{cancelled, expired} {
		before := len(errs)
		_, _, err := s.FindCtx(done, token)
		check(err)
		check(s.CommitCtx(done, token, []byte("data"), expiry))
		check(s.DeleteCtx(done, token))
		if len(errs)-before != 3 {
			t.Errorf("%d of 3 operations with a done context failed; want all", len(errs)-before)
		}
	}
	for _, bad := range []string{token + " ", token + "\xff", strings.Repeat(token, 10)} {
		check(s.Commit(bad, []byte("data"), expiry))
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	check(s.Commit(token, []byte("data"), expiry))

	if logs.Len() == 0 {
		t.Fatal("no log record was captured; the suite would see no leak")
	}
	pieces := secretPieces(token)
	for _, err := range errs {
		if p, ok := containsAny(err.Error(), pieces); ok {
			t.Errorf("an error contains %q, a piece of the token: %v", p, err)
		}
	}
	if p, ok := containsAny(logs.String(), pieces); ok {
		t.Errorf("the log contains %q, a piece of the token:\n%s", p, logs.String())
	}
	t.Logf("searched %d errors and %d bytes of log for the token", len(errs), logs.Len())
}

// secretPieces returns every ten-character piece of token and of its hex encoding.
func secretPieces(token string) []string {
	var pieces []string
	for _, s := range []string{token, hex.EncodeToString([]byte(token))} {
		for i := 0; i+10 <= len(s); i++ {
			pieces = append(pieces, s[i:i+10], strings.ToUpper(s[i:i+10]))
		}
	}
	return pieces
}

func containsAny(s string, pieces []string) (string, bool) {
	for _, p := range pieces {
		if strings.Contains(s, p) {
			return p, true
		}
	}
	return "", false
}

// lockedBuffer is a bytes.Buffer the background cleanup and the test may share.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *lockedBuffer) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Len()
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// teeHandler sends every record to each of its handlers.
type teeHandler []slog.Handler

func (h teeHandler) Enabled(ctx context.Context, l slog.Level) bool {
	for _, x := range h {
		if x.Enabled(ctx, l) {
			return true
		}
	}
	return false
}

func (h teeHandler) Handle(ctx context.Context, r slog.Record) error {
	var errs []error
	for _, x := range h {
		if x.Enabled(ctx, r.Level) {
			errs = append(errs, x.Handle(ctx, r.Clone()))
		}
	}
	return errors.Join(errs...)
}

func (h teeHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	out := make(teeHandler, len(h))
	for i, x := range h {
		out[i] = x.WithAttrs(attrs)
	}
	return out
}

func (h teeHandler) WithGroup(name string) slog.Handler {
	out := make(teeHandler, len(h))
	for i, x := range h {
		out[i] = x.WithGroup(name)
	}
	return out
}
