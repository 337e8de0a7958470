package benchkit

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/scsql/scsql/sqlstore"
)

// The cost curve's table sizes and shape.
const (
	// curveExpiredEvery makes every 50th session (2%) expired, the share a purge deletes.
	curveExpiredEvery = 50
	// curveChunk is the most sessions one seeding statement (or SQLite transaction) inserts.
	curveChunk = 250_000
	// curveSample is how many distinct live sessions Find and Commit pick from at random.
	curveSample = 1 << 16
	// CurveMaxTableBytes bounds a table's session data (sessions × payload): 10 million
	// sessions of 16 KiB would hold 164 GB, more than the disk of the machine the curve was
	// measured on had free (about 80 GB), before indexes, logs and page overhead.
	CurveMaxTableBytes = 20 << 30
)

// CurveSizes are the table sizes of CostCurve unless SCSQL_CURVE_SIZES names others (a
// comma-separated list of session counts, growing; "none" runs no size, which only drops a
// table an interrupted run left behind).
var CurveSizes = []int{10_000, 1_000_000, 10_000_000}

// CostCurve measures how this module's store's costs grow with its table: for each payload of
// PayloadSizes and each size of CurveSizes (CostCurve/payload=N/sessions=N/...), on the
// recommended table (CreateTable) seeded by the database's own bulk path, not through the store:
//
//   - op=Find/par=N and op=Commit/par=N (an update of a live session): besides ns/op, the
//     latencies p50-ns and p99-ns and the throughput ops/s, over sessions picked at random
//     from the whole table;
//   - op=ForEach: one pass over every live session; peak-B is how far the live heap grew
//     above its level before the pass (see peakHeap);
//   - op=Purge: Store.Cleanup of the expired share (every 50th session) with no pause between
//     its batches and no time bound, in rows/s; each run puts the expired sessions back first.
//
// The table grows from one size to the next, so each database is seeded once per payload, and
// it is dropped when b ends. Sizes whose data would pass CurveMaxTableBytes are skipped, with
// the reason logged. Seeding times and the load average are logged with each size.
func CostCurve(b *testing.B, be Backend[*sql.DB]) {
	sizes := curveSizes(b)
	for _, size := range PayloadSizes {
		b.Run(fmt.Sprintf("payload=%d", size), func(b *testing.B) {
			c := newCurve(b, be, size)
			for _, n := range sizes {
				if int64(n)*int64(size) > CurveMaxTableBytes {
					b.Logf("sessions=%d not measured: %d sessions of %d B hold %.0f GB of data, above the %d GiB bound "+
						"(CurveMaxTableBytes) that keeps the table on this machine's disk", n, n, size,
						float64(n)*float64(size)/1e9, CurveMaxTableBytes>>30)
					continue
				}
				c.grow(b, n)
				b.Run(fmt.Sprintf("sessions=%d", n), c.measure)
			}
		})
	}
}

// curveSizes returns CurveSizes or the sizes SCSQL_CURVE_SIZES names.
func curveSizes(b *testing.B) []int {
	v := os.Getenv("SCSQL_CURVE_SIZES")
	switch v {
	case "":
		return CurveSizes
	case "none":
		return nil
	}
	var sizes []int
	for f := range strings.SplitSeq(v, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < curveExpiredEvery || (len(sizes) > 0 && n <= sizes[len(sizes)-1]) {
			b.Fatalf("SCSQL_CURVE_SIZES=%q: want growing session counts of at least %d, separated by commas", v, curveExpiredEvery)
		}
		sizes = append(sizes, n)
	}
	return sizes
}

// curve is one table of the cost curve. Its sessions are numbered from 1 to rows; session g's
// token is curveToken(g), and it expired an hour before the seeding began when g is a multiple
// of curveExpiredEvery, and expires two days after it otherwise.
type curve struct {
	db       *sql.DB
	database Database
	store    *sqlstore.Store
	payloads [2][]byte
	rows     int
	// armed: the expired sessions of 1..rows are in the table (a purge deletes them).
	armed         bool
	expired, live time.Time
}

// newCurve opens be's curve namespace and makes the recommended table there, dropped when b
// ends, with a store that purges without pauses or a time bound.
func newCurve(b *testing.B, be Backend[*sql.DB], size int) *curve {
	b.Helper()
	// A namespace per payload, so that the payloads may run in processes of their own at once
	// (-bench 'CostCurve/payload=16384').
	db := be.Open(b, fmt.Sprintf("scsql_curve_%s_%d", be.Name, size))
	if be.Driver.tune != nil {
		be.Driver.tune(db)
	}
	ctx := context.Background()
	const drop = "DROP TABLE IF EXISTS sessions"
	if _, err := db.ExecContext(ctx, drop); err != nil {
		b.Fatalf("%s: %v", drop, err)
	}
	b.Cleanup(func() {
		if _, err := db.ExecContext(context.Background(), drop); err != nil {
			b.Errorf("%s: %v", drop, err)
		}
	})
	s := be.SCSQL(db, sqlstore.Config{CleanUpBatchPause: -1, CleanUpMaxDuration: -1})
	b.Cleanup(func() {
		if err := s.Close(); err != nil {
			b.Errorf("close scsql store: %v", err)
		}
	})
	if err := s.CreateTable(ctx); err != nil {
		b.Fatal(err)
	}
	now := time.Now()
	return &curve{
		db: db, database: be.Database, store: s, payloads: payloads(size),
		expired: now.Add(-time.Hour), live: now.Add(48 * time.Hour),
	}
}

// curveToken returns session g's token, shaped like scs's: the SHA-256 of "scsql-curve-g" in
// unpadded base64url (43 characters). The databases' seeding SQL computes the same.
func curveToken(g int) string {
	sum := sha256.Sum256([]byte("scsql-curve-" + strconv.Itoa(g)))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

func isExpired(g int) bool { return g%curveExpiredEvery == 0 }

// grow seeds the table up to n sessions: every session above c.rows, and the expired ones of
// 1..c.rows when a purge deleted them. It logs how long that took.
func (c *curve) grow(b *testing.B, n int) {
	b.Helper()
	start := time.Now()
	added := n - c.rows
	if !c.armed && c.rows > 0 {
		c.insert(b, 1, c.rows, true)
		added += c.rows / curveExpiredEvery
	}
	c.insert(b, c.rows+1, n, false)
	seeded := time.Since(start)
	if err := c.exec(context.Background(), c.database.settle); err != nil {
		b.Fatalf("%s: %v", c.database.settle, err)
	}
	c.rows, c.armed = n, true
	b.Logf("sessions=%d: seeded %d sessions in %v (%.0f rows/s), then %q in %v; load average %s",
		n, added, seeded.Round(time.Millisecond), float64(added)/seeded.Seconds(), c.database.settle,
		(time.Since(start) - seeded).Round(time.Millisecond), loadAverage())
}

// insert inserts sessions lo to hi (only the expired ones when expiredOnly), by the database's
// own bulk path: one server-side statement per curveChunk sessions where the database has a
// row generator, else prepared inserts, curveChunk to a transaction. Both run on one connection
// in the database's bulk-load session settings.
func (c *curve) insert(b *testing.B, lo, hi int, expiredOnly bool) {
	b.Helper()
	if lo > hi {
		return
	}
	ctx := context.Background()
	// Idle connections go, so that the bulk settings (SQLite's journal mode) may change.
	c.db.SetMaxIdleConns(0)
	defer DatabaseSQL.tune(c.db)
	conn, err := c.db.Conn(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	// The end statements run however the inserts end: they undo the begin statements, some of
	// which are the server's, not the session's.
	defer func() {
		for _, stmt := range c.database.bulk.end {
			if _, err := conn.ExecContext(ctx, stmt); err != nil {
				b.Errorf("%s: %v", stmt, err)
			}
		}
	}()
	for _, stmt := range c.database.bulk.begin {
		if _, err := conn.ExecContext(ctx, stmt); err != nil {
			b.Fatalf("%s: %v", stmt, err)
		}
	}
	d := c.database.Dialect
	for from := lo; from <= hi; from += curveChunk {
		to := min(from+curveChunk-1, hi)
		if c.database.bulk.fill != nil {
			q := c.database.bulk.fill(from, to, curveExpiredEvery, expiredOnly)
			if _, err := conn.ExecContext(ctx, q, c.payloads[0], d.BindTime(c.expired), d.BindTime(c.live)); err != nil {
				b.Fatalf("seed sessions %d to %d: %v", from, to, err)
			}
			continue
		}
		if err := c.insertRows(ctx, conn, from, to, expiredOnly); err != nil {
			b.Fatalf("seed sessions %d to %d: %v", from, to, err)
		}
	}
}

// insertRows inserts sessions from to to in one transaction of prepared inserts.
func (c *curve) insertRows(ctx context.Context, conn *sql.Conn, from, to int, expiredOnly bool) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() // a no-op after Commit
	stmt, err := tx.PrepareContext(ctx, "INSERT INTO sessions (token, data, expiry) VALUES (?, ?, ?)")
	if err != nil {
		return err
	}
	defer stmt.Close()
	d := c.database.Dialect
	for g := from; g <= to; g++ {
		var expiry any
		switch {
		case isExpired(g):
			expiry = d.BindTime(c.expired.Add(-time.Duration(g) * time.Microsecond))
		case expiredOnly:
			continue
		default:
			expiry = d.BindTime(c.live.Add(time.Duration(g) * time.Microsecond))
		}
		if _, err := stmt.ExecContext(ctx, curveToken(g), c.payloads[0], expiry); err != nil {
			return err
		}
	}
	return tx.Commit()
}

func (c *curve) exec(ctx context.Context, query string) error {
	_, err := c.db.ExecContext(ctx, query)
	return err
}

// sample returns up to curveSample tokens of live sessions picked at random from the table.
func (c *curve) sample() []string {
	tokens := make([]string, min(curveSample, c.rows))
	for i := range tokens {
		g := 1 + rand.IntN(c.rows)
		if isExpired(g) {
			g-- // g ≥ curveExpiredEvery, so g-1 ≥ 1 and live
		}
		tokens[i] = curveToken(g)
	}
	return tokens
}

// measure runs the operations of one table size.
func (c *curve) measure(b *testing.B) {
	ctx := context.Background()
	size := len(c.payloads[0])
	live := c.rows - c.rows/curveExpiredEvery
	for _, par := range parallelisms() {
		b.Run(fmt.Sprintf("op=Find/par=%d", par), func(b *testing.B) {
			tokens := c.sample()
			latency(b, par, func(i int) error {
				data, found, err := c.store.Find(tokens[i%len(tokens)])
				switch {
				case err != nil:
					return err
				case !found || len(data) != size:
					return fmt.Errorf("Find = %d bytes, found %v; want %d bytes, found", len(data), found, size)
				}
				return nil
			})
		})
	}
	for _, par := range parallelisms() {
		b.Run(fmt.Sprintf("op=Commit/par=%d", par), func(b *testing.B) {
			tokens := c.sample()
			expiry := time.Now().Add(48 * time.Hour)
			latency(b, par, func(i int) error {
				return c.store.Commit(tokens[i%len(tokens)], c.payloads[i%2], expiry.Add(time.Duration(i)*time.Microsecond))
			})
		})
	}
	b.Run("op=ForEach", func(b *testing.B) {
		forEach := func(sample func(row int)) error {
			rows := 0
			err := c.store.ForEach(ctx, func(token string, data []byte) error {
				if len(token) == 0 || len(data) != size {
					return fmt.Errorf("ForEach: row %d has %d bytes, want %d", rows, len(data), size)
				}
				rows++
				sample(rows)
				return nil
			})
			if err == nil && rows != live {
				err = fmt.Errorf("ForEach visited %d sessions, want the %d live ones", rows, live)
			}
			return err
		}
		b.ReportAllocs()
		var peak uint64
		for range b.N {
			p, err := peakHeap(live, forEach)
			if err != nil {
				b.Fatal(err)
			}
			peak = max(peak, p)
		}
		b.ReportMetric(float64(peak), "peak-B")
		b.ReportMetric(float64(live)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	})
	b.Run("op=Purge", func(b *testing.B) {
		want := int64(c.rows / curveExpiredEvery)
		var (
			deleted int64
			took    time.Duration
		)
		for range b.N {
			if !c.armed {
				b.StopTimer()
				c.insert(b, 1, c.rows, true)
				c.armed = true
				b.StartTimer()
			}
			start := time.Now()
			n, err := c.store.Cleanup(ctx)
			took += time.Since(start)
			c.armed = false
			if err != nil || n != want {
				b.Fatalf("Cleanup = %d, %v; want the %d expired sessions", n, err, want)
			}
			deleted += n
		}
		b.ReportMetric(float64(deleted)/took.Seconds(), "rows/s")
	})
}

// latency is measure that also reports each operation's latency (p50-ns, p99-ns) and the
// throughput (ops/s).
func latency(b *testing.B, par int, op func(i int) error) {
	took := make([]time.Duration, b.N)
	measure(b, par, func(i int) error {
		start := time.Now()
		err := op(i)
		took[i] = time.Since(start)
		return err
	})
	b.StopTimer()
	b.ReportMetric(float64(percentile(took, 50)), "p50-ns")
	b.ReportMetric(float64(percentile(took, 99)), "p99-ns")
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
}

// loadAverage returns the machine's load averages (1, 5 and 15 minutes) where /proc has them.
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(data)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "unknown"
}
