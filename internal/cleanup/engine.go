// Package cleanup is the one expired-session cleanup engine that every store shares.
package cleanup

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"
)

// Purge deletes expired sessions and reports how many it deleted. It must return promptly once
// ctx is done.
type Purge func(ctx context.Context) (int64, error)

// Config configures an Engine.
type Config struct {
	// Interval is the mean time between runs. Zero or less starts no goroutine.
	Interval time.Duration
	// Purge is what one run does.
	Purge Purge
	// Logger returns the logger for failed runs; it is called at log time, so a default logger
	// set after the engine started is honoured.
	Logger func() *slog.Logger
	// Table names the table in log lines.
	Table string
}

// Engine runs Purge in its own goroutine at a jittered interval until Stop. Errors are logged
// and the next run tries again; the goroutine never exits before Stop.
type Engine struct {
	cancel   context.CancelFunc
	done     chan struct{}
	stopOnce sync.Once
}

// Start returns a running engine, or a stopped one when cfg.Interval is not positive.
func Start(cfg Config) *Engine {
	e := &Engine{done: make(chan struct{})}
	if cfg.Interval <= 0 {
		e.cancel = func() {}
		close(e.done)
		return e
	}
	ctx, cancel := context.WithCancel(context.Background())
	e.cancel = cancel
	go e.loop(ctx, cfg)
	return e
}

// Stop cancels a run in flight, stops the goroutine and returns once it has exited. It is safe
// to call more than once, from many goroutines, and at any time after Start.
func (e *Engine) Stop() {
	e.stopOnce.Do(e.cancel)
	<-e.done
}

func (e *Engine) loop(ctx context.Context, cfg Config) {
	defer close(e.done)
	// The first run is jittered too: replicas deployed together must not purge together.
	timer := time.NewTimer(firstDelay(cfg.Interval))
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		}
		runOnce(ctx, cfg)
		timer.Reset(nextDelay(cfg.Interval))
	}
}

// runOnce runs Purge and logs its failure; a panic (from a user's hook, say) is logged too, so
// that the goroutine lives on until Stop.
func runOnce(ctx context.Context, cfg Config) {
	defer func() {
		if r := recover(); r != nil {
			cfg.Logger().LogAttrs(ctx, slog.LevelError, "scsql: expired session cleanup panicked; retrying at the next interval",
				slog.String("table", cfg.Table), slog.Any("panic", r))
		}
	}()
	if _, err := cfg.Purge(ctx); err != nil && ctx.Err() == nil {
		cfg.Logger().LogAttrs(ctx, slog.LevelError, "scsql: expired session cleanup failed; retrying at the next interval",
			slog.String("table", cfg.Table), slog.Any("error", err))
	}
}

// firstDelay is uniform in [interval/2, interval].
func firstDelay(interval time.Duration) time.Duration {
	return interval/2 + rand.N(interval/2+1)
}

// nextDelay is uniform in interval ± 10%.
func nextDelay(interval time.Duration) time.Duration {
	spread := interval / 10
	return interval - spread + rand.N(2*spread+1)
}
