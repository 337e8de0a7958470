// Package benchkit holds the store benchmarks, written once for every backend with a server.
//
// Each benchmark runs three implementations side by side, as the last level of its name, so that
// `benchstat -col /impl` compares them:
//
//   - impl=scsql: this module's store;
//   - impl=scs: scs's own store for the same database;
//   - impl=floor: one hand-written prepared statement per operation on the same kind of handle,
//     the least any store can cost.
//
// Each implementation gets a namespace of its own (a MySQL database, a PostgreSQL schema, a
// SQLite file), because scs's stores hard-code the table "sessions", and every one of them works
// on a table made with scs's documented DDL, so that all three meet the same schema. A store
// package's bench_test.go only wires its backend:
//
//	var backend = benchkit.Backend[*sql.DB]{Name: "mysql", Database: benchkit.MariaDB, ...}
//
//	func BenchmarkFind(b *testing.B) { benchkit.Find(b, backend) }
//
// It is for benchmarks only.
package benchkit

import (
	"context"
	"crypto/rand"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/sqlstore"
)

// Implementation names, the values of the last level of every benchmark's name.
const (
	ImplSCSQL = "scsql"
	ImplSCS   = "scs"
	ImplFloor = "floor"
)

// Sizes and counts the benchmarks use.
const (
	// SeedSessions is how many live sessions the table holds while Find, Commit, Delete and
	// All run.
	SeedSessions = 1000

	// parallelism is the goroutines per GOMAXPROCS of the parallel runs (b.SetParallelism).
	parallelism = 4
)

// PayloadSizes are the sizes of session data the benchmarks commit and read: a small session
// and a large one.
var PayloadSizes = []int{512, 16 << 10}

// IterateCounts are the table sizes of Iterate, which compares ForEach with All.
var IterateCounts = []int{1000, 10_000, 100_000}

// Store is what every implementation provides: scs.Store with All.
type Store interface {
	scs.Store
	scs.IterableStore
}

// SCSStore is what each of scs's stores provides.
type SCSStore interface {
	Store
	StopCleanup()
}

// Backend wires one database and driver into the benchmarks. H is the handle the stores take:
// *sql.DB or *pgxpool.Pool.
type Backend[H any] struct {
	// Name distinguishes the backend's namespaces from those of other backends on the same
	// server (postgresstore and pgxstore share PostgreSQL), so that their benchmarks may run
	// at the same time.
	Name string

	// Database is the database and its SQL dialect.
	Database Database

	// Driver is DatabaseSQL or Pgx.
	Driver Driver[H]

	// Open returns a handle whose unqualified table "sessions" lives in a namespace of its own
	// named ns (a MySQL database, a PostgreSQL schema; for SQLite a fresh file), and closes it
	// when tb ends. testdb.MySQLIn, testdb.PostgresIn and PgxPoolIn fit.
	Open func(tb testing.TB, ns string) H

	// SCSQL returns this module's store configured by cfg; the benchmarks leave cfg.TableName
	// empty ("sessions") and cfg.CleanUpInterval zero (no background cleanup).
	SCSQL func(H, sqlstore.Config) *sqlstore.Store

	// SCS returns scs's store on the table "sessions", with no background cleanup.
	SCS func(H) SCSStore
}

// Driver is what benchkit needs of a database handle type.
type Driver[H any] struct {
	exec  func(ctx context.Context, h H, query string, args ...any) error
	floor func(tb testing.TB, h H, q floorSQL) Store
	tune  func(h H)
}

// impl is one implementation under test with its own table.
type impl struct {
	name  string
	store Store
	ours  *sqlstore.Store // for ImplSCSQL only
	exec  func(ctx context.Context, query string, args ...any) error
	db    Database
	d     dialect.Dialect
}

// setup opens a namespace, a table of scs's schema and a store for each named implementation
// (all three by default), all torn down when b ends.
func setup[H any](b *testing.B, be Backend[H], names ...string) []*impl {
	return setupWith(b, be, sqlstore.Config{}, names...)
}

// setupWith is setup with cfg for this module's store.
func setupWith[H any](b *testing.B, be Backend[H], cfg sqlstore.Config, names ...string) []*impl {
	b.Helper()
	if len(names) == 0 {
		names = []string{ImplSCSQL, ImplSCS, ImplFloor}
	}
	var impls []*impl
	for _, name := range names {
		h := be.Open(b, "scsql_bench_"+be.Name+"_"+name)
		if be.Driver.tune != nil {
			be.Driver.tune(h)
		}
		im := &impl{
			name: name,
			db:   be.Database,
			d:    be.Database.Dialect,
			exec: func(ctx context.Context, query string, args ...any) error {
				return be.Driver.exec(ctx, h, query, args...)
			},
		}
		im.createTable(b)
		switch name {
		case ImplSCSQL:
			s := be.SCSQL(h, cfg)
			b.Cleanup(func() {
				if err := s.Close(); err != nil {
					b.Errorf("close scsql store: %v", err)
				}
			})
			im.store, im.ours = s, s
		case ImplSCS:
			s := be.SCS(h)
			b.Cleanup(s.StopCleanup)
			im.store = s
		case ImplFloor:
			im.store = be.Driver.floor(b, h, be.Database.floor)
		default:
			b.Fatalf("benchkit: unknown implementation %q", name)
		}
		impls = append(impls, im)
	}
	return impls
}

// createTable (re)creates "sessions" with scs's documented DDL and drops it when b ends, after
// the store on it is closed.
func (im *impl) createTable(b *testing.B) {
	b.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	const drop = "DROP TABLE IF EXISTS sessions"
	if err := im.exec(ctx, drop); err != nil {
		b.Fatalf("%s: %s: %v", im.name, drop, err)
	}
	b.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := im.exec(ctx, drop); err != nil {
			b.Errorf("%s: %s: %v", im.name, drop, err)
		}
	})
	for _, stmt := range testdb.SCSDDL(b, im.d) {
		if err := im.exec(ctx, stmt); err != nil {
			b.Fatalf("%s: %s: %v", im.name, stmt, err)
		}
	}
}

// bulkRows is how many rows one fill statement inserts: 900 parameters, below every database's
// limit (old SQLite builds allow 999).
const bulkRows = 300

// fill empties the table and inserts a live session for every token, with data payload, in
// multi-row statements; then it refreshes the planner's statistics and checks that the store
// finds a seeded session.
func (im *impl) fill(b *testing.B, tokens []string, payload []byte) {
	b.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	empty, analyze := im.db.empty, im.db.analyze
	if err := im.exec(ctx, empty); err != nil {
		b.Fatalf("%s: %s: %v", im.name, empty, err)
	}
	expiry := im.d.BindTime(time.Now().Add(time.Hour))
	for start := 0; start < len(tokens); start += bulkRows {
		chunk := tokens[start:min(start+bulkRows, len(tokens))]
		var q strings.Builder
		q.WriteString("INSERT INTO sessions (token, data, expiry) VALUES ")
		args := make([]any, 0, 3*len(chunk))
		for i, tok := range chunk {
			if i > 0 {
				q.WriteString(", ")
			}
			n := len(args)
			fmt.Fprintf(&q, "(%s, %s, %s)", im.placeholder(n+1), im.placeholder(n+2), im.placeholder(n+3))
			args = append(args, tok, payload, expiry)
		}
		if err := im.exec(ctx, q.String(), args...); err != nil {
			b.Fatalf("%s: insert %d sessions: %v", im.name, len(chunk), err)
		}
	}
	if err := im.exec(ctx, analyze); err != nil {
		b.Fatalf("%s: %s: %v", im.name, analyze, err)
	}
	if len(tokens) > 0 {
		if _, found, err := im.store.Find(tokens[0]); err != nil || !found {
			b.Fatalf("%s: Find of a seeded session: found %v, %v", im.name, found, err)
		}
	}
}

func (im *impl) placeholder(n int) string {
	if im.db.dollar {
		return "$" + strconv.Itoa(n)
	}
	return "?"
}

// tokens returns n fresh tokens shaped like scs's.
func tokens(b *testing.B, n int) []string {
	b.Helper()
	t := make([]string, n)
	for i := range t {
		t[i] = testdb.Token(b)
	}
	return t
}

// payloads returns two distinct random payloads of size bytes. Commits alternate between them,
// so that every update changes the row: MySQL skips the write of an update that changes
// nothing.
func payloads(size int) [2][]byte {
	var p [2][]byte
	for i := range p {
		p[i] = make([]byte, size)
		rand.Read(p[i]) // never fails
	}
	return p
}

// parallelisms returns the goroutine counts each benchmark runs at: a plain loop, and
// GOMAXPROCS×parallelism goroutines.
func parallelisms() []int {
	return []int{1, parallelism * runtime.GOMAXPROCS(0)}
}
