package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"time"

	"github.com/peterbourgon/ff/v3/ffcli"
	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/scsql/scsql/sqlstore"
)

// purgeOptions are purge's own flags.
type purgeOptions struct {
	batch       int
	pause       pauseFlag
	maxDuration time.Duration
}

// purgeCommand deletes expired sessions now, through the library's Store.Cleanup: the same
// batches and the same cleanup lock as the applications' background cleanup.
func purgeCommand(stdout, stderr io.Writer) *ffcli.Command {
	var g globalFlags
	var o purgeOptions
	fs := newFlagSet("purge", stderr)
	g.register(fs)
	fs.IntVar(&o.batch, "batch", sqlstore.DefaultCleanUpBatchSize, "most rows one delete statement removes")
	fs.Var(&o.pause, "pause", "pause between two delete statements; 0: none (default: as long as the statement before took, at least 250ms)")
	fs.DurationVar(&o.maxDuration, "max-duration", 0, "start no delete statement after this long, leaving the rest for the next run (default: no limit)")
	return &ffcli.Command{
		Name:       "purge",
		ShortUsage: "scsql purge [--dsn DSN] [--table NAME] [--batch N] [--pause D] [--max-duration D]",
		ShortHelp:  "delete expired sessions now, with the library's cleanup lock",
		LongHelp: `Delete the expired sessions of the table now, in batches, with the library's
own cleanup (Store.Cleanup): it takes the table's cleanup lock first, the one
the applications' background cleanup takes, so it coexists with any number
of replicas (PostgreSQL advisory lock, MySQL/MariaDB GET_LOCK, SQL Server
sp_getapplock; SQLite has none, and its writers queue). If another process
holds the lock, purge deletes nothing and exits with status 4.

On a terminal it shows a progress bar: rows deleted, rows left (counted once
at the start, so an estimate) and rate. Otherwise, as under cron, it prints
one summary line. Ctrl-C (or SIGTERM) stops it: the statement in flight is
rolled back, the lock released, and the exit status is 130.

Exit status: 0 no expired session left; 3 failed; 4 skipped, another process
held the cleanup lock; 5 stopped at --max-duration with expired sessions
left; 64 usage error; 130 interrupted.

Example (crontab; the DSN in the environment, not in ps):
  */10 * * * * SCSQL_DSN=postgres://app@db/app scsql purge --max-duration 5m`,
		FlagSet: fs,
		Options: envOptions,
		Exec: func(ctx context.Context, args []string) error {
			if len(args) > 0 {
				return usageError("purge: unexpected argument %q", args[0])
			}
			if o.batch <= 0 {
				return usageError("purge: --batch must be at least 1, not %d", o.batch)
			}
			if o.maxDuration < 0 {
				return usageError("purge: --max-duration must not be negative")
			}
			return purge(ctx, &g, o, stdout, stderr)
		},
	}
}

// pauseFlag is --pause: unset means the library's adaptive pause, 0 means none.
type pauseFlag struct {
	d   time.Duration
	set bool
}

func (p *pauseFlag) String() string {
	if p == nil || !p.set {
		return ""
	}
	return p.d.String()
}

func (p *pauseFlag) Set(s string) error {
	d, err := time.ParseDuration(s)
	if err != nil {
		return err
	}
	if d < 0 {
		return errors.New("must not be negative")
	}
	p.d, p.set = d, true
	return nil
}

// config is the cleanup configuration the flags ask for, in sqlstore.Config's terms.
func (o purgeOptions) config() sqlstore.Config {
	cfg := sqlstore.Config{
		CleanUpBatchSize:   o.batch,
		CleanUpMaxDuration: o.maxDuration,
		// The command reports the outcome itself.
		Logger: slog.New(slog.DiscardHandler),
	}
	if o.maxDuration == 0 {
		cfg.CleanUpMaxDuration = -1 // no bound
	}
	if o.pause.set {
		cfg.CleanUpBatchPause = o.pause.d
		if o.pause.d == 0 {
			cfg.CleanUpBatchPause = -1 // no pause
		}
	}
	return cfg
}

func purge(ctx context.Context, g *globalFlags, o purgeOptions, stdout, stderr io.Writer) error {
	t, err := g.open(ctx)
	if err != nil {
		return err
	}
	defer t.close()
	t.fitTable(ctx)

	cfg := o.config()
	var bar *progressbar.ProgressBar
	if f, ok := stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		var total int64
		bar, total = newBar(ctx, t, f)
		cfg.OnCleanupProgress = func(p sqlstore.CleanupResult) {
			if total >= 0 {
				bar.Describe(fmt.Sprintf("purging %s, ~%d left", t.table, max(total-p.Deleted, 0)))
			}
			bar.Set64(p.Deleted)
		}
	}
	var res sqlstore.CleanupResult
	cfg.OnCleanup = func(r sqlstore.CleanupResult) { res = r }
	store := t.store(cfg)
	defer store.Close()

	_, err = store.Cleanup(ctx)
	if bar != nil {
		bar.Finish()
		fmt.Fprintln(stderr)
	}
	summary := fmt.Sprintf("scsql purge: %s: deleted %d expired sessions in %d batches in %s (%s/s)",
		t.table, res.Deleted, res.Batches, res.Duration.Round(time.Millisecond), rate(res))
	switch {
	case err != nil && ctx.Err() != nil:
		fmt.Fprintf(stdout, "%s; interrupted, the cleanup lock released\n", summary)
		return withStatus(exitInterrupted, nil)
	case err != nil:
		fmt.Fprintf(stdout, "%s; failed\n", summary)
		return withStatus(exitFailed, t.redact(err))
	case res.Skipped:
		fmt.Fprintf(stdout, "%s; skipped: another process holds the table's cleanup lock and purges it\n", summary)
		return withStatus(exitSkipped, nil)
	case !res.Complete:
		fmt.Fprintf(stdout, "%s; stopped at --max-duration %s, expired sessions are left\n", summary, o.maxDuration)
		return withStatus(exitIncomplete, nil)
	}
	fmt.Fprintf(stdout, "%s; finished, no expired session left\n", summary)
	return nil
}

// rate is the run's rows deleted per second.
func rate(r sqlstore.CleanupResult) string {
	if r.Duration <= 0 {
		return "0"
	}
	return strconv.FormatFloat(float64(r.Deleted)/r.Duration.Seconds(), 'f', 0, 64)
}

// newBar returns the terminal's progress bar and its total: the expired rows counted now, or unknown
// (a spinner) when they cannot be counted.
func newBar(ctx context.Context, t *target, w io.Writer) (*progressbar.ProgressBar, int64) {
	total := int64(-1)
	if d, st, err := t.statements(ctx); err == nil && st.CountExpired != "" {
		var n int64
		if err := t.db.QueryRowContext(ctx, st.CountExpired, d.BindTime(time.Now())).Scan(&n); err == nil {
			total = n
		}
	}
	return progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("purging "+t.table),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("rows"),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionFullWidth(),
	), total
}
