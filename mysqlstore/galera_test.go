package mysqlstore_test

// The Galera tests run against the three-node MariaDB Galera cluster that `make test-galera`
// starts with scripts/galera, and skip loudly when SCSQL_GALERA_DSNS is unset (see
// testdb.Galera). Their DSNs carry wsrep_sync_wait=1, as docs/running-at-scale.md tells
// users to: go-sql-driver/mysql sets unknown DSN parameters as session variables.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/mysqlstore"
	"github.com/scsql/scsql/sqlstore"
	"github.com/scsql/scsql/sqlstore/storetest"
)

// TestGaleraConformance runs the conformance suite with the store on node 1.
func TestGaleraConformance(t *testing.T) {
	dbs := testdb.Galera(t)
	storetest.Run(t, testdb.Harness(dialect.MySQL, testdb.DBExec(dbs[0]), func(cfg sqlstore.Config) *sqlstore.Store {
		return mysqlstore.NewWithConfig(dbs[0], cfg)
	}))
}

// galeraTable returns a fresh table name for one test.
func galeraTable(t *testing.T) string {
	return fmt.Sprintf("galera_%s_%08x", strings.ToLower(strings.TrimPrefix(t.Name(), "TestGalera")), rand.Uint32())
}

// galeraStores makes one store per node on one fresh table, created through node 1, with cfg
// (TableName set here). The stores are closed and the table dropped when the test ends.
func galeraStores(t *testing.T, dbs []*sql.DB, cfg sqlstore.Config, wrap func(node int, e sqlstore.Executor) sqlstore.Executor) ([]*sqlstore.Store, string) {
	t.Helper()
	cfg.TableName = galeraTable(t)
	stores := make([]*sqlstore.Store, len(dbs))
	for i, db := range dbs {
		var e sqlstore.Executor = sqlstore.FromDB(db)
		if wrap != nil {
			e = wrap(i, e)
		}
		newStore := func(c sqlstore.Config) *sqlstore.Store { return sqlstore.New(e, dialect.MySQL, c) }
		if i == 0 {
			stores[i] = testdb.NewStore(t, dialect.MySQL, testdb.DBExec(db), newStore, cfg, nil)
			continue
		}
		s := newStore(cfg)
		t.Cleanup(func() { s.Close() })
		stores[i] = s
	}
	return stores, cfg.TableName
}

// TestGaleraCausalReads commits on one node and reads on another at once, many times: with
// wsrep_sync_wait=1 in the DSN, a read waits until the node has applied every write the cluster
// committed before it, so it never misses a session (or sees old data, or a deleted session).
func TestGaleraCausalReads(t *testing.T) {
	dbs := testdb.Galera(t)
	for i, db := range dbs {
		var wait int
		if err := db.QueryRow("SELECT @@SESSION.wsrep_sync_wait").Scan(&wait); err != nil {
			t.Fatal(err)
		}
		if wait&1 == 0 {
			t.Fatalf("node %d: wsrep_sync_wait = %d; SCSQL_GALERA_DSNS must set wsrep_sync_wait=1 (bit 1: reads)", i+1, wait)
		}
	}
	stores, table := galeraStores(t, dbs, sqlstore.Config{}, nil)
	const rounds = 300
	var stale, missing, resurrected int
	expiry := time.Now().Add(time.Hour)
	for i := range rounds {
		w, r := stores[i%3], stores[(i+1)%3]
		token := fmt.Sprintf("causal-%04d", i)
		for v, want := range []string{"first", "second"} {
			if err := w.Commit(token, []byte(want), expiry); err != nil {
				t.Fatalf("commit %d.%d: %v", i, v, err)
			}
			got, found, err := r.Find(token)
			switch {
			case err != nil:
				t.Fatalf("find %d.%d: %v", i, v, err)
			case !found:
				missing++
			case string(got) != want:
				stale++
			}
		}
		if err := w.Delete(token); err != nil {
			t.Fatal(err)
		}
		if _, found, err := stores[(i+2)%3].Find(token); err != nil {
			t.Fatal(err)
		} else if found {
			resurrected++
		}
	}
	if missing+stale+resurrected > 0 {
		t.Errorf("of %d reads on another node right after a commit or delete: %d missed the session, %d saw old data, %d found a deleted one", 3*rounds, missing, stale, resurrected)
	}
	t.Logf("%d commit→read and delete→read pairs across nodes, all causal", 3*rounds)

	// The same without wsrep_sync_wait, only to show what the setting is for: a miss is
	// possible, not certain, so nothing is asserted.
	cfg, err := mysql.ParseDSN(testdb.GaleraDSNs()[1])
	if err != nil {
		t.Fatal(err)
	}
	cfg.Params = map[string]string{"wsrep_sync_wait": "0"}
	loose := testdb.Open(t, "Galera node 2", "mysql", cfg.FormatDSN())
	looseStore := mysqlstore.NewWithConfig(loose, mysqlstore.Config{TableName: table})
	defer looseStore.Close()
	misses := 0
	for i := range rounds {
		token := fmt.Sprintf("loose-%04d", i)
		if err := stores[0].Commit(token, []byte("x"), expiry); err != nil {
			t.Fatal(err)
		}
		if _, found, err := looseStore.Find(token); err != nil {
			t.Fatal(err)
		} else if !found {
			misses++
		}
	}
	t.Logf("without wsrep_sync_wait: %d of %d reads on node 2 right after a commit on node 1 missed the session", misses, rounds)
}

// attemptsKey is the context key under which countingExec counts one commit's attempts.
type attemptsKey struct{}

// countingExec counts, per context, how many times the upsert was sent, and in all how many
// statements the database rolled back as deadlock victims (error 1213: on Galera also a
// certification failure).
func countingExec(e sqlstore.Executor, deadlocks *atomic.Int64) sqlstore.Executor {
	return testdb.CountingExecutor{Executor: e, Count: func(ctx context.Context, query string, err error) {
		if strings.HasPrefix(query, "SET ") {
			return
		}
		if n, ok := ctx.Value(attemptsKey{}).(*int); ok {
			*n++
		}
		var me *mysql.MySQLError
		if errors.As(err, &me) && me.Number == 1213 {
			deadlocks.Add(1)
		}
	}}
}

// wsrepCounters sums two conflict counters over the nodes.
func wsrepCounters(t *testing.T, dbs []*sql.DB) (certFailures, bfAborts int64) {
	t.Helper()
	for _, db := range dbs {
		rows, err := db.Query("SHOW GLOBAL STATUS WHERE Variable_name IN ('wsrep_local_cert_failures', 'wsrep_local_bf_aborts')")
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var name string
			var v int64
			if err := rows.Scan(&name, &v); err != nil {
				t.Fatal(err)
			}
			if name == "wsrep_local_cert_failures" {
				certFailures += v
			} else {
				bfAborts += v
			}
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return certFailures, bfAborts
}

// TestGaleraConcurrentCommits commits to one token from every node at the same moment, as a
// user's parallel requests served by different nodes do, round after round. Galera resolves the
// conflict at commit (certification): the losers' statements fail with error 1213, which the
// store retries (its upsert is idempotent), so no commit fails and every node ends with the same
// data, one of those committed. Every wave of conflicts has a winner, so k simultaneous commits
// need at most k attempts: the store's bound of 7 covers the 6 here.
func TestGaleraConcurrentCommits(t *testing.T) {
	dbs := testdb.Galera(t)
	var deadlocks atomic.Int64
	stores, _ := galeraStores(t, dbs, sqlstore.Config{}, func(_ int, e sqlstore.Executor) sqlstore.Executor {
		return countingExec(e, &deadlocks)
	})
	cert0, bf0 := wsrepCounters(t, dbs)

	const (
		rounds  = 200
		perNode = 2 // goroutines per node, each committing once per round: 6 at once
	)
	var (
		mu       sync.Mutex
		attempts = map[int]int{} // attempts per commit → commits
		failed   []error
	)
	expiry := time.Now().Add(time.Hour)
	start := time.Now()
	for r := range rounds {
		token := fmt.Sprintf("hot-%04d", r)
		var wg sync.WaitGroup
		gate := make(chan struct{})
		for node, s := range stores {
			for g := range perNode {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-gate
					for i := range 1 {
						n := 0
						ctx := context.WithValue(context.Background(), attemptsKey{}, &n)
						err := s.CommitCtx(ctx, token, fmt.Appendf(nil, "node%d-g%d-%d", node+1, g, i), expiry)
						mu.Lock()
						attempts[n]++
						if err != nil {
							failed = append(failed, err)
						}
						mu.Unlock()
					}
				}()
			}
		}
		close(gate)
		wg.Wait()
		// Every node agrees on the token's data, and it is one of those committed.
		var first string
		for i, s := range stores {
			data, found, err := s.Find(token)
			if err != nil || !found {
				t.Fatalf("round %d, node %d: Find = %v, %v", r, i+1, found, err)
			}
			if i == 0 {
				first = string(data)
				if !strings.HasPrefix(first, "node") {
					t.Fatalf("round %d: data %q was never committed", r, first)
				}
			} else if string(data) != first {
				t.Fatalf("round %d: nodes disagree: node 1 has %q, node %d has %q", r, first, i+1, data)
			}
		}
	}
	took := time.Since(start)
	cert1, bf1 := wsrepCounters(t, dbs)

	total := rounds * len(stores) * perNode
	if len(failed) > 0 {
		t.Errorf("%d of %d concurrent commits failed; first: %v", len(failed), total, failed[0])
	}
	keys := make([]int, 0, len(attempts))
	for k := range attempts {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	var hist []string
	for _, k := range keys {
		hist = append(hist, fmt.Sprintf("%d attempt(s): %d", k, attempts[k]))
	}
	t.Logf("%d rounds of %d commits to one token from 3 nodes at once (%d commits) in %v; %d statements rolled back with error 1213 and retried; per commit %s; cluster counters: %d certification failures, %d brute-force aborts",
		rounds, len(stores)*perNode, total, took.Round(time.Millisecond), deadlocks.Load(), strings.Join(hist, ", "), cert1-cert0, bf1-bf0)
}

// TestGaleraCleanupOnAllNodes runs background cleanups on all three nodes at once while every
// node takes commits. GET_LOCK is node-local on Galera, so purges on different nodes do overlap;
// what must hold is that every expired row goes, no live row goes, and no error surfaces.
func TestGaleraCleanupOnAllNodes(t *testing.T) {
	dbs := testdb.Galera(t)
	var deadlocks atomic.Int64
	var (
		mu      sync.Mutex
		results [3][]sqlstore.CleanupResult
	)
	cfgFor := func(node int) sqlstore.Config {
		return sqlstore.Config{
			CleanUpBatchSize:  100,
			CleanUpBatchPause: 5 * time.Millisecond,
			OnCleanup: func(r sqlstore.CleanupResult) {
				mu.Lock()
				defer mu.Unlock()
				results[node] = append(results[node], r)
			},
		}
	}
	// The stores that purge are made below, one per node, each with its own OnCleanup; these
	// three only seed and count.
	seeders, table := galeraStores(t, dbs, sqlstore.Config{}, func(_ int, e sqlstore.Executor) sqlstore.Executor {
		return countingExec(e, &deadlocks)
	})

	const seeded = 3000
	past := time.Now().Add(-time.Minute)
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for w := range 9 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < seeded; i += 9 {
				if err := seeders[w%3].Commit(fmt.Sprintf("expired-%05d", i), []byte("expired"), past); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("seed: %v", err)
	}

	purgers := make([]*sqlstore.Store, 3)
	for i, db := range dbs {
		cfg := cfgFor(i)
		cfg.TableName = table
		cfg.CleanUpInterval = 20 * time.Millisecond
		p := sqlstore.New(countingExec(sqlstore.FromDB(db), &deadlocks), dialect.MySQL, cfg)
		t.Cleanup(func() { p.Close() }) // on a failure before they are stopped below
		purgers[i] = p
	}
	// Six writers commit through the three nodes in turn while every node purges.
	load := testdb.CommitWhile(6, seeders, 4*time.Second)
	time.Sleep(200 * time.Millisecond)
	deadline := time.Now().Add(30 * time.Second)
	var left map[string]int
	for time.Now().Before(deadline) {
		if left = galeraCensus(t, dbs[0], table); left["short"]+left["expired"] == 0 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	for _, s := range purgers {
		s.StopCleanup()
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	}

	if load.Failed > 0 {
		t.Errorf("%d of %d commits failed while purges ran; first: %v", load.Failed, load.Commits, load.FirstErr)
	}
	for i, db := range dbs {
		left = galeraCensus(t, db, table)
		if left["expired"] != 0 || left["short"] != 0 || left["live"] != load.Live {
			t.Errorf("node %d: rows left %v; want only the %d live ones", i+1, left, load.Live)
		}
	}

	mu.Lock()
	defer mu.Unlock()
	var (
		deleted        int64
		ran, skipped   int
		yielded        int
		all            []sqlstore.CleanupResult
		nodesThatRan   int
		overlapsAcross int
	)
	for node, rs := range results {
		ranHere := 0
		for _, r := range rs {
			if r.Err != nil && !errors.Is(r.Err, context.Canceled) {
				t.Errorf("node %d: a cleanup run failed: %v", node+1, r.Err)
			}
			if r.Skipped && r.Deleted == 0 {
				skipped++
				continue
			}
			if r.Skipped {
				yielded++
			}
			ran++
			ranHere++
			deleted += r.Deleted
			all = append(all, r)
		}
		if ranHere > 0 {
			nodesThatRan++
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Start.Before(all[j].Start) })
	for i := 1; i < len(all); i++ {
		if all[i].Start.Before(all[i-1].Start.Add(all[i-1].Duration)) {
			overlapsAcross++
		}
	}
	if want := int64(seeded) + load.Short; deleted != want {
		t.Errorf("runs deleted %d rows in all; want exactly the %d expired ones", deleted, want)
	}
	if nodesThatRan != 3 {
		t.Errorf("cleanup ran on %d nodes; want all 3", nodesThatRan)
	}
	t.Logf("%d commits; %d purges ran on 3 nodes (deleted %d), %d of them stopped early after losing conflicts to another purger on every retry, %d skipped (a lock held on the same node, or a conflict on the first statement), %d began while another was running; %d statements rolled back with error 1213 and retried",
		load.Commits, ran, deleted, yielded, skipped, overlapsAcross, deadlocks.Load())
}

// galeraCensus counts the rows of table on one node by their data, live or expired.
func galeraCensus(t *testing.T, db *sql.DB, table string) map[string]int {
	t.Helper()
	rows, err := db.Query("SELECT data, COUNT(*) FROM " + table + " GROUP BY data")
	if err != nil {
		t.Fatalf("census: %v", err)
	}
	defer rows.Close()
	kinds := map[string]int{}
	for rows.Next() {
		var data string
		var n int
		if err := rows.Scan(&data, &n); err != nil {
			t.Fatal(err)
		}
		kinds[data] = n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return kinds
}

// TestGaleraLockIsNodeLocal records what GET_LOCK does on this Galera version, which
// docs/running-at-scale.md documents: the cleanup lock excludes purgers on the same node only,
// since Galera does not replicate user-level locks.
func TestGaleraLockIsNodeLocal(t *testing.T) {
	dbs := testdb.Galera(t)
	stmts, err := dialect.MySQL.Statements("galera_lock_probe")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	conn := func(db *sql.DB) *sql.Conn {
		c, err := db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return c
	}
	try := func(c *sql.Conn) bool {
		var ok bool
		if err := c.QueryRowContext(ctx, stmts.TryLock, stmts.LockKey).Scan(&ok); err != nil {
			t.Fatalf("TryLock: %v", err)
		}
		return ok
	}
	holder, sameNode, otherNode := conn(dbs[0]), conn(dbs[0]), conn(dbs[1])
	if !try(holder) {
		t.Fatal("GET_LOCK on node 1 was not granted")
	}
	defer holder.ExecContext(ctx, stmts.Unlock, stmts.LockKey)
	if try(sameNode) {
		t.Error("a second session on node 1 got the lock node 1 holds")
	}
	if !try(otherNode) {
		t.Error("node 2 could not take the lock node 1 holds: GET_LOCK is cluster-wide here, and docs/running-at-scale.md says it is node-local")
	} else if _, err := otherNode.ExecContext(ctx, stmts.Unlock, stmts.LockKey); err != nil {
		t.Fatal(err)
	}
}
