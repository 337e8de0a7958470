package benchkit

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strconv"
	"sync/atomic"
	"testing"
	"time"
)

// Find benchmarks Find of a live session among SeedSessions:
// Find/payload=N/par=N/impl=NAME.
func Find[H any](b *testing.B, be Backend[H]) {
	impls := setup(b, be)
	for _, size := range PayloadSizes {
		b.Run(fmt.Sprintf("payload=%d", size), func(b *testing.B) {
			seeded := seed(b, impls, size)
			eachCase(b, impls, func(b *testing.B, im *impl, par int) {
				measure(b, par, func(i int) error {
					data, found, err := im.store.Find(seeded[i%len(seeded)])
					switch {
					case err != nil:
						return err
					case !found || len(data) != size:
						return fmt.Errorf("Find = %d bytes, found %v; want %d bytes, found", len(data), found, size)
					}
					return nil
				})
			})
		})
	}
}

// Commit benchmarks Commit, updating one of SeedSessions live sessions
// (Commit/op=update/payload=N/par=N/impl=NAME) and inserting a new one (op=insert). Each commit
// changes the data and the expiry, as scs's do.
func Commit[H any](b *testing.B, be Backend[H]) {
	impls := setup(b, be)
	b.Run("op=update", func(b *testing.B) {
		for _, size := range PayloadSizes {
			b.Run(fmt.Sprintf("payload=%d", size), func(b *testing.B) {
				seeded := tokens(b, SeedSessions)
				p := payloads(size)
				for _, im := range impls {
					im.fill(b, seeded, p[0])
				}
				eachCase(b, impls, func(b *testing.B, im *impl, par int) {
					expiry := time.Now().Add(time.Hour)
					measure(b, par, func(i int) error {
						n := len(seeded)
						return im.store.Commit(seeded[i%n], p[(i/n+1)%2], expiry.Add(time.Duration(i)*time.Microsecond))
					})
				})
			})
		}
	})
	b.Run("op=insert", func(b *testing.B) {
		for _, size := range PayloadSizes {
			b.Run(fmt.Sprintf("payload=%d", size), func(b *testing.B) {
				seeded := tokens(b, SeedSessions)
				p := payloads(size)
				eachCase(b, impls, func(b *testing.B, im *impl, par int) {
					// Each run starts from the same table and inserts b.N new sessions.
					im.fill(b, seeded, p[0])
					fresh := tokens(b, b.N)
					expiry := time.Now().Add(time.Hour)
					measure(b, par, func(i int) error {
						return im.store.Commit(fresh[i], p[i%2], expiry.Add(time.Duration(i)*time.Microsecond))
					})
				})
			})
		}
	})
}

// Delete benchmarks Delete of a live session: Delete/payload=N/par=N/impl=NAME.
func Delete[H any](b *testing.B, be Backend[H]) {
	impls := setup(b, be)
	for _, size := range PayloadSizes {
		b.Run(fmt.Sprintf("payload=%d", size), func(b *testing.B) {
			payload := payloads(size)[0]
			eachCase(b, impls, func(b *testing.B, im *impl, par int) {
				// Each run deletes b.N sessions from a table of SeedSessions more.
				seeded := tokens(b, SeedSessions+b.N)
				im.fill(b, seeded, payload)
				doomed := seeded[SeedSessions:]
				measure(b, par, func(i int) error {
					return im.store.Delete(doomed[i])
				})
			})
		})
	}
}

// All benchmarks All over SeedSessions live sessions: All/payload=N/par=N/impl=NAME.
func All[H any](b *testing.B, be Backend[H]) {
	impls := setup(b, be)
	for _, size := range PayloadSizes {
		b.Run(fmt.Sprintf("payload=%d", size), func(b *testing.B) {
			seeded := seed(b, impls, size)
			eachCase(b, impls, func(b *testing.B, im *impl, par int) {
				measure(b, par, func(int) error {
					all, err := im.store.All()
					if err == nil && len(all) != len(seeded) {
						err = fmt.Errorf("All = %d sessions, want %d", len(all), len(seeded))
					}
					return err
				})
			})
		})
	}
}

// Iterate compares this module's ForEach with its All over tables of IterateCounts sessions of
// 512 bytes: Iterate/sessions=N/method=ForEach|All. Besides B/op, which counts every row's
// allocations, it reports peak-heap-B: how far the live heap grew above its level before the
// call, sampled while ForEach's callback runs and when All returns, in one extra, untimed call.
// ForEach's should stay flat as the table grows; All's holds every session.
func Iterate[H any](b *testing.B, be Backend[H]) {
	im := setup(b, be, ImplSCSQL)[0]
	payload := payloads(512)[0]
	for _, count := range IterateCounts {
		b.Run(fmt.Sprintf("sessions=%d", count), func(b *testing.B) {
			im.fill(b, tokens(b, count), payload)
			ctx := context.Background()
			forEach := func(sample func(row int)) error {
				rows := 0
				err := im.ours.ForEach(ctx, func(token string, data []byte) error {
					if len(token) == 0 || len(data) != len(payload) {
						return fmt.Errorf("ForEach: row %d has %d bytes, want %d", rows, len(data), len(payload))
					}
					rows++
					sample(rows)
					return nil
				})
				if err == nil && rows != count {
					err = fmt.Errorf("ForEach visited %d sessions, want %d", rows, count)
				}
				return err
			}
			all := func(sample func(row int)) error {
				m, err := im.ours.All()
				if err == nil && len(m) != count {
					err = fmt.Errorf("All = %d sessions, want %d", len(m), count)
				}
				sample(count)
				runtime.KeepAlive(m)
				return err
			}
			for _, method := range []struct {
				name string
				run  func(sample func(row int)) error
			}{{"ForEach", forEach}, {"All", all}} {
				b.Run("method="+method.name, func(b *testing.B) {
					measure(b, 1, func(int) error { return method.run(func(int) {}) })
					b.StopTimer()
					peak, err := peakHeap(count, method.run)
					if err != nil {
						b.Fatal(err)
					}
					b.ReportMetric(float64(peak), "peak-heap-B")
				})
			}
		})
	}
}

// peakHeap runs run once after a GC and returns the most HeapInuse grew above its level before
// the call, sampled about a hundred times over the rows and once more at the end.
func peakHeap(rows int, run func(sample func(row int)) error) (uint64, error) {
	every := max(1, rows/100)
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	base, peak := ms.HeapInuse, uint64(0)
	read := func() {
		runtime.ReadMemStats(&ms)
		if ms.HeapInuse > base {
			peak = max(peak, ms.HeapInuse-base)
		}
	}
	err := run(func(row int) {
		if row%every == 0 {
			read()
		}
	})
	read()
	return peak, err
}

// eachCase runs op for every parallelism and implementation, as par=N/impl=NAME. The
// implementations of a case run one after the other, in the order roundOrder gives.
func eachCase(b *testing.B, impls []*impl, op func(b *testing.B, im *impl, par int)) {
	impls = roundOrder(b, impls)
	for _, par := range parallelisms() {
		b.Run(fmt.Sprintf("par=%d", par), func(b *testing.B) {
			for _, im := range impls {
				b.Run("impl="+im.name, func(b *testing.B) { op(b, im, par) })
			}
		})
	}
}

// roundOrder returns impls rotated left by the round number in SCSQL_BENCH_ROUND (none when it
// is unset). scripts/bench-ab runs every round in a process of its own with the next number,
// so that each implementation takes each place in the order equally often: whatever drifts
// between the first run of a case and the last (a table's pages, the server's caches, the
// machine's neighbours) then falls on all of them alike.
func roundOrder(b *testing.B, impls []*impl) []*impl {
	v := os.Getenv("SCSQL_BENCH_ROUND")
	if v == "" {
		return impls
	}
	r, err := strconv.Atoi(v)
	if err != nil || r < 0 {
		b.Fatalf("SCSQL_BENCH_ROUND=%q: want a round number, 0 or more", v)
	}
	r %= len(impls)
	return append(slices.Clip(impls[r:]), impls[:r]...)
}

// measure runs op b.N times, with i from 0 to b.N-1 once each: in a plain loop when par is 1,
// else on GOMAXPROCS×parallelism goroutines. Time and allocations count from here.
func measure(b *testing.B, par int, op func(i int) error) {
	b.ReportAllocs()
	b.ResetTimer()
	if par == 1 {
		for i := range b.N {
			if err := op(i); err != nil {
				b.Fatal(err)
			}
		}
		return
	}
	b.SetParallelism(parallelism)
	var next atomic.Int64
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := op(int(next.Add(1) - 1)); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// seed fills every implementation's table with the same SeedSessions live sessions of size bytes
// and returns their tokens.
func seed(b *testing.B, impls []*impl, size int) []string {
	b.Helper()
	seeded := tokens(b, SeedSessions)
	payload := payloads(size)[0]
	for _, im := range impls {
		im.fill(b, seeded, payload)
	}
	return seeded
}
