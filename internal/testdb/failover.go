package testdb

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/scsql/scsql/sqlstore"
)

// FailoverNode is one database server of a failover scenario, started by a repo script
// (scripts/pgfailover, scripts/galera).
type FailoverNode struct {
	// Addr is the node's SQL address, host:port.
	Addr string
	// Dir is the script's directory for the node. Its file started.pid holds the id of the
	// process the script started for the node (mariadbd; pg_autoctl, whose postgres runs in its
	// process group), which leads a process group of its own.
	Dir string
}

// FailoverNodes returns the nodes named in the environment variable env, "ADDR=DIR,ADDR=DIR"
// as `scripts/pgfailover nodes` and `scripts/galera-lb nodes` print them, or nil when it is
// unset. A malformed value fails the test.
func FailoverNodes(t testing.TB, env string) []FailoverNode {
	t.Helper()
	v := strings.TrimSpace(os.Getenv(env))
	if v == "" {
		return nil
	}
	var nodes []FailoverNode
	for item := range strings.SplitSeq(v, ",") {
		addr, dir, ok := strings.Cut(strings.TrimSpace(item), "=")
		if _, _, err := net.SplitHostPort(addr); !ok || err != nil || !filepath.IsAbs(dir) {
			t.Fatalf("%s: %q is not ADDR=DIR (host:port and an absolute directory)", env, item)
		}
		nodes = append(nodes, FailoverNode{Addr: addr, Dir: dir})
	}
	return nodes
}

// NodeByPort returns the node of nodes whose address has the given port.
func NodeByPort(nodes []FailoverNode, port int) (FailoverNode, error) {
	for _, n := range nodes {
		if _, p, _ := net.SplitHostPort(n.Addr); p == strconv.Itoa(port) {
			return n, nil
		}
	}
	return FailoverNode{}, fmt.Errorf("no node listens on port %d", port)
}

// Kill ends the node as a crash would: SIGKILL to the process group the script started, by the
// id in Dir/started.pid, after checking that the process is still the one started for this node
// (its command line names Dir). It waits until the group's leader is gone and returns its id.
func (n FailoverNode) Kill() (int, error) {
	b, err := os.ReadFile(filepath.Join(n.Dir, "started.pid"))
	if err != nil {
		return 0, fmt.Errorf("node %s: %w", n.Addr, err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 1 {
		return 0, fmt.Errorf("node %s: started.pid holds %q, not a process id", n.Addr, b)
	}
	cmdline, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err != nil || !strings.Contains(string(cmdline), n.Dir) {
		return 0, fmt.Errorf("node %s: process %d is not the node's server (its command line does not name %s)", n.Addr, pid, n.Dir)
	}
	if err := syscall.Kill(-pid, syscall.SIGKILL); err != nil {
		return 0, fmt.Errorf("node %s: kill process group %d: %w", n.Addr, pid, err)
	}
	for deadline := time.Now().Add(10 * time.Second); alive(pid); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			return pid, fmt.Errorf("node %s: process %d still runs 10 s after SIGKILL", n.Addr, pid)
		}
	}
	return pid, nil
}

// alive reports whether process pid exists and is not a zombie: a killed server whose parent
// (the script, long gone) left it to an init that does not reap is dead all the same.
func alive(pid int) bool {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	i := strings.LastIndexByte(string(stat), ')')
	return i >= 0 && i+2 < len(stat) && stat[i+2] != 'Z' && stat[i+2] != 'X'
}

// Failover describes one failover scenario for RunFailover.
type Failover struct {
	// Store is the store under test, on a fresh table, on a pool that reaches the cluster the
	// way an application would (a multi-host DSN, or a load balancer).
	Store *sqlstore.Store
	// Nodes are the cluster's nodes.
	Nodes []FailoverNode
	// QueryRow runs a query through the store's pool, and PortQuery returns the port of the node
	// that a connection of the pool reaches (the primary; the balancer's choice): the node the
	// scenario kills.
	QueryRow  RowQuerier
	PortQuery string
}

const (
	// failoverCallTimeout bounds each call of the load: a user's request would give up then.
	failoverCallTimeout = 2 * time.Second
	// failoverSlack is how much later than its deadline a call may return (the machine is
	// shared); faultSlack's reasoning applies.
	failoverSlack = faultSlack
	// failoverWriters is how many goroutines commit and find at once.
	failoverWriters = 4
	// failoverBefore is how long the load runs before the kill, failoverSettle how long it must
	// then run without a failure for the store to count as serving again, and failoverLimit how
	// long after the kill it may take at most.
	failoverBefore = 3 * time.Second
	failoverSettle = 3 * time.Second
	failoverLimit  = 120 * time.Second
)

// FailoverResult is what RunFailover measured.
type FailoverResult struct {
	// Acknowledged is how many commits succeeded (each a session of its own), and Lost how many
	// of them were missing, or had other data, when read back after the failover.
	Acknowledged, Lost int
	// Calls is how many commits and finds the load made, and Failed how many returned an error.
	Calls, Failed int
	// Window is the time from the start of the first failed call to the end of the last, and
	// Recovery the time from the kill to the end of the last failed call (zero when none failed).
	Window, Recovery time.Duration
	// Slowest is the longest any call took.
	Slowest time.Duration
	// Errors counts the failed calls by their error's text.
	Errors map[string]int
}

// String is the result in one line, for the test log and the docs.
func (r FailoverResult) String() string {
	type count struct {
		msg string
		n   int
	}
	var errs []count
	for m, n := range r.Errors {
		errs = append(errs, count{m, n})
	}
	slices.SortFunc(errs, func(a, b count) int { return b.n - a.n })
	var top []string
	for i, e := range errs {
		if i == 8 {
			top = append(top, fmt.Sprintf("… %d more kinds", len(errs)-i))
			break
		}
		top = append(top, fmt.Sprintf("%d× %q", e.n, e.msg))
	}
	return fmt.Sprintf("%d commits acknowledged, %d lost; %d of %d calls failed, in a window of %v (kill to last failure %v); slowest call %v; errors: %s",
		r.Acknowledged, r.Lost, r.Failed, r.Calls, r.Window.Round(time.Millisecond), r.Recovery.Round(time.Millisecond),
		r.Slowest.Round(time.Millisecond), strings.Join(top, "; "))
}

// failoverLoad is the shared record of the load's calls.
type failoverLoad struct {
	mu                  sync.Mutex
	acked               map[string]string // token → data, of acknowledged commits
	calls, failed       int
	firstFail, lastFail time.Time
	okSinceFail         int // successful calls that started after the last failure ended
	slowest             time.Duration
	errs                map[string]int
	missed              []string // finds of an acknowledged commit that found nothing or other data
	failedBeforeKill    int
	killed              time.Time
}

// record notes one call that started at start and returned err.
func (l *failoverLoad) record(start time.Time, err error) {
	end := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls++
	l.slowest = max(l.slowest, end.Sub(start))
	if err == nil {
		if !start.Before(l.lastFail) {
			l.okSinceFail++
		}
		return
	}
	l.failed++
	if l.killed.IsZero() {
		l.failedBeforeKill++
	}
	if l.firstFail.IsZero() {
		l.firstFail = start
	}
	l.lastFail = end
	l.okSinceFail = 0
	msg := err.Error()
	if len(msg) > 200 {
		msg = msg[:200] + "…"
	}
	l.errs[msg]++
}

// RunFailover runs the scenario: failoverWriters goroutines commit new sessions and find them
// again through f.Store, every call under a context of failoverCallTimeout; after
// failoverBefore the node serving the store is killed (FailoverNode.Kill), and the load goes on
// until the store has served failoverSettle without a failure. Then every acknowledged commit is
// read back. It fails the test when an acknowledged commit is lost (missing, or other data) then
// or in between, a call fails before the kill, a call outlives its context by more than
// failoverSlack, or the store does not serve again within failoverLimit. It returns the
// measurements for the caller to log.
func RunFailover(t *testing.T, f Failover) FailoverResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	var port int
	err := f.QueryRow(ctx, f.PortQuery, &port)
	cancel()
	if err != nil {
		t.Fatalf("which node serves the store: %v", err)
	}
	victim, err := NodeByPort(f.Nodes, port)
	if err != nil {
		t.Fatal(err)
	}

	load := &failoverLoad{acked: make(map[string]string), errs: make(map[string]int)}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range failoverWriters {
		wg.Go(func() { failoverWriter(f.Store, load, w, stop) })
	}
	stopLoad := sync.OnceFunc(func() { close(stop); wg.Wait() })
	defer stopLoad()

	time.Sleep(failoverBefore)
	load.mu.Lock()
	load.killed = time.Now()
	killed := load.killed
	load.mu.Unlock()
	pid, err := victim.Kill()
	if err != nil {
		t.Fatalf("kill: %v", err)
	}
	t.Logf("killed node %s (process group %d) with SIGKILL %v into the load", victim.Addr, pid, failoverBefore)

	recovered := false
	for time.Since(killed) < failoverLimit {
		time.Sleep(50 * time.Millisecond)
		load.mu.Lock()
		quiet := time.Since(killed) >= failoverSettle && time.Since(load.lastFail) >= failoverSettle && load.okSinceFail >= 20
		load.mu.Unlock()
		if quiet && time.Since(killed) >= failoverCallTimeout+failoverSettle {
			recovered = true
			break
		}
	}
	stopLoad()

	load.mu.Lock()
	defer load.mu.Unlock()
	r := FailoverResult{
		Acknowledged: len(load.acked), Calls: load.calls, Failed: load.failed,
		Slowest: load.slowest, Errors: load.errs,
	}
	if load.failed > 0 {
		r.Window = load.lastFail.Sub(load.firstFail)
		r.Recovery = load.lastFail.Sub(killed)
	}
	if !recovered {
		t.Errorf("the store did not serve %v without a failure within %v of the kill: %v", failoverSettle, failoverLimit, r)
	}
	if load.failedBeforeKill > 0 {
		t.Errorf("%d calls failed before the kill, on a healthy cluster: %v", load.failedBeforeKill, r)
	}
	if r.Slowest > failoverCallTimeout+failoverSlack {
		t.Errorf("a call returned after %v; its context's deadline was %v", r.Slowest.Round(time.Millisecond), failoverCallTimeout)
	}
	if len(load.missed) > 0 {
		t.Errorf("%d finds during the load missed an acknowledged commit (found nothing, or other data)", len(load.missed))
	}

	// Every acknowledged commit, read back through the same store.
	var readErrs []error
	for token, want := range load.acked {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		data, found, err := f.Store.FindCtx(ctx, token)
		cancel()
		switch {
		case err != nil:
			readErrs = append(readErrs, err)
		case !found || string(data) != want:
			r.Lost++
		}
	}
	if len(readErrs) > 0 {
		t.Errorf("%d finds after the failover failed; first: %v", len(readErrs), readErrs[0])
	}
	if r.Lost > 0 {
		t.Errorf("%d of %d acknowledged commits were lost: %v", r.Lost, r.Acknowledged, r)
	}
	return r
}

// failoverWriter commits sessions of its own, failover-W-I, each with data naming it and the
// moment it was written, and after each commit finds one acknowledged session: the one just
// written, or every fourth time an older one at random. It stops when stop is closed.
func failoverWriter(s *sqlstore.Store, load *failoverLoad, w int, stop <-chan struct{}) {
	var mine []string
	var mineData []string
	expiry := time.Now().Add(time.Hour)
	for i := 0; ; i++ {
		select {
		case <-stop:
			return
		default:
		}
		token := fmt.Sprintf("failover-%d-%06d", w, i)
		data := fmt.Sprintf("session %s written at %d", token, time.Now().UnixNano())
		ctx, cancel := context.WithTimeout(context.Background(), failoverCallTimeout)
		start := time.Now()
		err := s.CommitCtx(ctx, token, []byte(data), expiry)
		cancel()
		load.record(start, err)
		if err == nil {
			mine, mineData = append(mine, token), append(mineData, data)
			load.mu.Lock()
			load.acked[token] = data
			load.mu.Unlock()
		}
		if len(mine) > 0 {
			k := len(mine) - 1
			if i%4 == 3 {
				k = rand.N(len(mine))
			}
			ctx, cancel := context.WithTimeout(context.Background(), failoverCallTimeout)
			start := time.Now()
			got, found, err := s.FindCtx(ctx, mine[k])
			cancel()
			load.record(start, err)
			if err == nil && (!found || string(got) != mineData[k]) {
				load.mu.Lock()
				load.missed = append(load.missed, mine[k])
				load.mu.Unlock()
			}
		}
		// A steady load, not a flood: calls failing fast during the window would otherwise spin.
		time.Sleep(5 * time.Millisecond)
	}
}

// FailoverTable returns a fresh table name for one failover test.
func FailoverTable(t testing.TB) string {
	return fmt.Sprintf("failover_%08x", rand.Uint32())
}

// RowQuerier runs a query that returns one row and scans it into dest.
type RowQuerier func(ctx context.Context, query string, dest ...any) error

// DBQueryRow is the RowQuerier of db.
func DBQueryRow(db *sql.DB) RowQuerier {
	return func(ctx context.Context, query string, dest ...any) error {
		return db.QueryRowContext(ctx, query).Scan(dest...)
	}
}

// WantSynchronous fails the test unless the PostgreSQL primary that query reaches commits
// synchronously: synchronous_commit is on or remote_apply (a commit is acknowledged once a
// standby has flushed, or applied, its WAL) and a standby in synchronous_standby_names streams
// from it as sync or quorum. pg_auto_failover's promise that a failover loses no acknowledged
// commit rests on it.
func WantSynchronous(t testing.TB, query RowQuerier) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var commit, names string
	var streaming int
	if err := query(ctx, "SELECT current_setting('synchronous_commit'), current_setting('synchronous_standby_names'), "+
		"(SELECT count(*) FROM pg_stat_replication WHERE sync_state IN ('sync', 'quorum'))", &commit, &names, &streaming); err != nil {
		t.Fatalf("replication settings: %v", err)
	}
	if (commit != "on" && commit != "remote_apply") || names == "" || streaming == 0 {
		t.Fatalf("the primary does not commit synchronously (synchronous_commit=%q, synchronous_standby_names=%q, %d synchronous standbys streaming): a failover may lose acknowledged commits", commit, names, streaming)
	}
	t.Logf("synchronous replication: synchronous_commit=%s, synchronous_standby_names=%q, %d standby streaming as sync/quorum", commit, names, streaming)
}

// FailoverCluster returns the DSN in dsnEnv and the nodes in nodesEnv (FailoverNodes) of a
// failover scenario's cluster, which `make test-failover` starts and names, or skips the test
// loudly when dsnEnv is unset. Like the Galera cluster, these clusters are not among the servers
// `make services` provides: SCSQL_REQUIRE_SERVERS does not demand them, and `make test` runs
// `make test-failover` as a step of its own.
func FailoverCluster(t testing.TB, dsnEnv, nodesEnv, script string) (string, []FailoverNode) {
	t.Helper()
	dsn := strings.TrimSpace(os.Getenv(dsnEnv))
	if dsn == "" {
		t.Skipf("SKIPPING: %s is unset, so this failover test did not run (run `make test-failover`, which starts the cluster with %s)", dsnEnv, script)
	}
	nodes := FailoverNodes(t, nodesEnv)
	if len(nodes) < 2 {
		t.Fatalf("%s names %d nodes; a failover needs at least 2", nodesEnv, len(nodes))
	}
	return dsn, nodes
}
