package benchkit

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/scsql/scsql/sqlstore"
)

// Sizes of PurgeUnderLoad's table.
const (
	purgeExpired  = 1_000_000
	purgeLive     = 10_000
	purgeChunk    = 100_000 // rows per server-side insert statement
	purgeIdleTime = 5 * time.Second
	// purgeWindow bounds each purge run (CleanUpMaxDuration); a pause as long follows each.
	purgeWindow  = 2 * time.Second
	purgeReaders = 4
	// purgeReadEvery paces each reader: 4 readers × 500/s = 2,000 Finds a second, traffic that
	// leaves the machine headroom, as production databases have, so that latency measures the
	// purge and not a saturated run queue.
	purgeReadEvery = 2 * time.Millisecond
)

// PurgeUnderLoad measures what a purge of 1,000,000 expired sessions does to the traffic of a
// table that also holds 10,000 live ones: the latency (p50, p99) of 2,000 Finds a second while
// Cleanup runs, against the same Finds in pauses between its runs. Each run is bounded to
// purgeWindow and followed by a pause as long, until the table holds no expired session, so the
// two sets of Finds are measured side by side. It also reports p99 against 5 s of Finds before
// the purge began. It runs once for each of PurgeCases, whatever b.N (run it with -benchtime 1x),
// and fails unless exactly the expired sessions are deleted.
func PurgeUnderLoad[H any](b *testing.B, be Backend[H]) {
	if be.Database.expiredFill == nil {
		b.Skipf("no server-side row generator for %s", be.Database.Dialect.Name)
	}
	for _, c := range PurgeCases {
		b.Run(c.Name, func(b *testing.B) { purgeUnderLoad(b, be, c.Config) })
	}
}

// PurgeCases are the cleanup settings PurgeUnderLoad compares.
var PurgeCases = []struct {
	Name   string
	Config sqlstore.Config
}{
	{"default", sqlstore.Config{}},
	{"pause=none", sqlstore.Config{CleanUpBatchPause: -1}},
	{"pause=100ms", sqlstore.Config{CleanUpBatchPause: 100 * time.Millisecond}},
}

func purgeUnderLoad[H any](b *testing.B, be Backend[H], cfg sqlstore.Config) {
	if cfg.CleanUpMaxDuration == 0 {
		cfg.CleanUpMaxDuration = purgeWindow
	}
	// Every window ends at its budget, which the store reports as a warning.
	cfg.Logger = slog.New(slog.DiscardHandler)
	im := setupWith(b, be, cfg, ImplSCSQL)[0]
	ctx := context.Background()
	// The recommended table, which CreateTable makes, rather than scs's.
	if err := im.exec(ctx, "DROP TABLE sessions"); err != nil {
		b.Fatal(err)
	}
	if err := im.ours.CreateTable(ctx); err != nil {
		b.Fatal(err)
	}
	live := tokens(b, purgeLive)
	im.fill(b, live, payloads(256)[0])
	bound := im.d.BindTime(time.Now().Add(-time.Minute))
	for offset := 0; offset < purgeExpired; offset += purgeChunk {
		q := be.Database.expiredFill(offset)
		if err := im.exec(ctx, q, bound); err != nil {
			b.Fatalf("fill expired rows: %v", err)
		}
	}
	if err := im.exec(ctx, im.db.analyze); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()

	before := readLatencies(b, im, live, func(stop chan<- struct{}) {
		time.Sleep(purgeIdleTime)
		close(stop)
	})
	// The purge runs in windows of at most purgeWindow (a run's CleanUpMaxDuration), each followed
	// by a pause as long as itself, until a run finds nothing left. Finds in the pauses are the
	// baseline measured side by side with the purge: this machine is shared, and a baseline taken
	// minutes apart compares two different machines.
	var (
		deleted int64
		purge   time.Duration
		windows []window
	)
	samples := readLatencies(b, im, live, func(stop chan<- struct{}) {
		defer close(stop)
		for {
			w := window{start: time.Now()}
			n, err := im.ours.Cleanup(ctx)
			w.end = time.Now()
			windows = append(windows, w)
			if err != nil {
				b.Errorf("Cleanup: %v", err)
				return
			}
			deleted += n
			purge += w.end.Sub(w.start)
			if n == 0 {
				return
			}
			time.Sleep(w.end.Sub(w.start))
		}
	})
	b.StopTimer()

	if deleted != purgeExpired {
		b.Fatalf("the purge deleted %d sessions; want exactly the %d expired ones", deleted, purgeExpired)
	}
	left, err := im.ours.All()
	if err != nil || len(left) != purgeLive {
		b.Fatalf("after the purge All = %d sessions, %v; want the %d live ones", len(left), err, purgeLive)
	}
	during, between := split(samples, windows)
	p99b := percentile(latencies(before), 99)
	p50i, p99i := percentile(between, 50), percentile(between, 99)
	p50p, p99p := percentile(during, 50), percentile(during, 99)
	b.ReportMetric(float64(p50i.Microseconds()), "p50-idle-µs")
	b.ReportMetric(float64(p99i.Microseconds()), "p99-idle-µs")
	b.ReportMetric(float64(p50p.Microseconds()), "p50-purge-µs")
	b.ReportMetric(float64(p99p.Microseconds()), "p99-purge-µs")
	b.ReportMetric(float64(p99p)/float64(p99i), "p99-ratio")
	b.ReportMetric(float64(p99p)/float64(p99b), "p99-ratio-vs-before")
	b.ReportMetric(purge.Seconds(), "purge-s")
	b.Logf("%d Finds before the purge: p99 %v; %d Finds in the pauses between purge windows: p50 %v, p99 %v; "+
		"%d Finds during %d purge windows (%v in all) deleting %d rows: p50 %v, p99 %v",
		len(before), p99b, len(between), p50i, p99i, len(during), len(windows), purge.Round(time.Millisecond), deleted, p50p, p99p)
}

// window is one purge run's span.
type window struct{ start, end time.Time }

// sample is one Find: when it started and how long it took.
type sample struct {
	at   time.Time
	took time.Duration
}

// split sorts samples by whether they started inside one of windows, which are in time order.
func split(samples []sample, windows []window) (inside, outside []time.Duration) {
	samples = slices.Clone(samples)
	slices.SortFunc(samples, func(a, b sample) int { return a.at.Compare(b.at) })
	w := 0
	for _, s := range samples {
		for w < len(windows) && !s.at.Before(windows[w].end) {
			w++ // windows[w] ended before s started
		}
		if w < len(windows) && !s.at.Before(windows[w].start) {
			inside = append(inside, s.took)
		} else {
			outside = append(outside, s.took)
		}
	}
	return inside, outside
}

func latencies(samples []sample) []time.Duration {
	out := make([]time.Duration, len(samples))
	for i, s := range samples {
		out[i] = s.took
	}
	return out
}

// readLatencies runs purgeReaders goroutines that each Find a random live session every
// purgeReadEvery until run closes stop, and returns every Find's start and latency.
func readLatencies(b *testing.B, im *impl, live []string, run func(stop chan<- struct{})) []sample {
	stop := make(chan struct{})
	var (
		mu  sync.Mutex
		all []sample
		wg  sync.WaitGroup
	)
	for range purgeReaders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []sample
			tick := time.NewTicker(purgeReadEvery)
			defer tick.Stop()
			defer func() {
				mu.Lock()
				all = append(all, mine...)
				mu.Unlock()
			}()
			for {
				select {
				case <-stop:
					return
				case <-tick.C:
				}
				start := time.Now()
				_, found, err := im.store.Find(live[rand.IntN(len(live))])
				mine = append(mine, sample{start, time.Since(start)})
				if err != nil || !found {
					b.Errorf("Find of a live session: found %v, %v", found, err)
					return
				}
			}
		}()
	}
	run(stop)
	wg.Wait()
	return all
}

// percentile returns the p-th percentile of ds (nearest rank).
func percentile(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[(len(s)-1)*p/100]
}
