package cleanup

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// syncBuffer is a log sink that tolerates the engine's goroutine writing while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func logTo(buf *syncBuffer) func() *slog.Logger {
	l := slog.New(slog.NewTextHandler(buf, nil))
	return func() *slog.Logger { return l }
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestRunsRepeatedlyAndRetriesAfterErrors(t *testing.T) {
	var runs atomic.Int64
	var buf syncBuffer
	e := Start(Config{
		Interval: 2 * time.Millisecond,
		Table:    "sessions",
		Logger:   logTo(&buf),
		Purge: func(context.Context) (int64, error) {
			if runs.Add(1)%2 == 1 {
				return 0, errors.New("connection refused")
			}
			return 1, nil
		},
	})
	waitFor(t, "five runs", func() bool { return runs.Load() >= 5 })
	e.Stop()
	after := runs.Load()
	time.Sleep(10 * time.Millisecond)
	if runs.Load() != after {
		t.Errorf("purge ran after Stop returned")
	}
	if got := buf.String(); !strings.Contains(got, "connection refused") || !strings.Contains(got, "table=sessions") {
		t.Errorf("failed runs not logged with the error and table; log:\n%s", got)
	}
}

func TestStopCancelsRunInFlight(t *testing.T) {
	started := make(chan struct{})
	var once sync.Once
	e := Start(Config{
		Interval: time.Millisecond,
		Logger:   logTo(&syncBuffer{}),
		Purge: func(ctx context.Context) (int64, error) {
			once.Do(func() { close(started) })
			<-ctx.Done()
			return 0, ctx.Err()
		},
	})
	<-started
	stopped := make(chan struct{})
	go func() { e.Stop(); close(stopped) }()
	select {
	case <-stopped:
	case <-time.After(10 * time.Second):
		t.Fatal("Stop did not cancel the run in flight")
	}
}

func TestStopIsIdempotentAndConcurrent(t *testing.T) {
	for _, interval := range []time.Duration{0, time.Millisecond, time.Hour} {
		e := Start(Config{Interval: interval, Logger: logTo(&syncBuffer{}), Purge: func(context.Context) (int64, error) { return 0, nil }})
		var wg sync.WaitGroup
		for range 8 {
			wg.Add(1)
			go func() { defer wg.Done(); e.Stop() }()
		}
		wg.Wait()
		e.Stop()
	}
}

func TestZeroIntervalStartsNothing(t *testing.T) {
	e := Start(Config{Interval: 0, Purge: func(context.Context) (int64, error) {
		t.Error("purge ran with a zero interval")
		return 0, nil
	}})
	time.Sleep(5 * time.Millisecond)
	e.Stop()
}

func TestDelaysAreJitteredWithinBounds(t *testing.T) {
	const interval = time.Minute
	seen := map[time.Duration]bool{}
	for range 1000 {
		first, next := firstDelay(interval), nextDelay(interval)
		if first < interval/2 || first > interval {
			t.Fatalf("firstDelay = %v, want within [%v, %v]", first, interval/2, interval)
		}
		if next < interval*9/10 || next > interval*11/10 {
			t.Fatalf("nextDelay = %v, want within 10%% of %v", next, interval)
		}
		seen[first] = true
	}
	if len(seen) < 900 {
		t.Errorf("only %d distinct first delays in 1000: not jittered", len(seen))
	}
}

func TestSurvivesPanickingPurge(t *testing.T) {
	var runs atomic.Int64
	var buf syncBuffer
	e := Start(Config{
		Interval: time.Millisecond,
		Logger:   logTo(&buf),
		Purge: func(context.Context) (int64, error) {
			runs.Add(1)
			panic("hook exploded")
		},
	})
	waitFor(t, "three runs", func() bool { return runs.Load() >= 3 })
	e.Stop()
	if !strings.Contains(buf.String(), "hook exploded") {
		t.Errorf("panic not logged; log:\n%s", buf.String())
	}
}
