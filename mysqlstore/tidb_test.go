package mysqlstore_test

// The TiDB tests run against the tidb-server that `make test-tidb` starts with scripts/tidb, and
// skip loudly when SCSQL_TIDB_DSN is unset (see testdb.TiDB). The stores are mysqlstore's, as a
// user would make them: they find out by themselves that the server is TiDB.

import (
	"database/sql"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/mysqlstore"
	"github.com/scsql/scsql/sqlstore"
	"github.com/scsql/scsql/sqlstore/storetest"
)

// txnEntrySizeLimit is TiDB's default performance.txn-entry-size-limit: the most bytes one row
// (key and value) may take.
const txnEntrySizeLimit = 6 << 20

func TestTiDBConformance(t *testing.T) {
	db := testdb.TiDB(t)
	storetest.Run(t, testdb.Harness(dialect.MySQL, testdb.DBExec(db), func(cfg sqlstore.Config) *sqlstore.Store {
		return mysqlstore.NewWithConfig(db, cfg)
	}))
}

// TiDB's default collation, utf8mb4_bin, is the token column's on scs's schema there.
func TestTiDBConformanceOnSCSSchema(t *testing.T) {
	db := testdb.TiDB(t)
	storetest.Run(t, testdb.SCSHarness(t, dialect.MySQL, testdb.DBExec(db), func(cfg sqlstore.Config) *sqlstore.Store {
		return mysqlstore.NewWithConfig(db, cfg)
	}, scsBlobSize))
}

// TestTiDBOptimistic runs the conformance suite with TiDB's optimistic transactions, where two
// commits of one session at once conflict when they commit (error 9007) rather than wait for
// each other's row lock.
func TestTiDBOptimistic(t *testing.T) {
	db := testdb.TiDBWith(t, map[string]string{"tidb_txn_mode": "'optimistic'"})
	var mode string
	if err := db.QueryRow("SELECT @@tidb_txn_mode").Scan(&mode); err != nil || mode != "optimistic" {
		t.Fatalf("tidb_txn_mode = %q, %v; want optimistic", mode, err)
	}
	storetest.Run(t, testdb.Harness(dialect.MySQL, testdb.DBExec(db), func(cfg sqlstore.Config) *sqlstore.Store {
		return mysqlstore.NewWithConfig(db, cfg)
	}))
}

// tidbSuites describes TiDB through go-sql-driver/mysql to the backend suites. A row may take
// txnEntrySizeLimit bytes, less than the recommended MEDIUMBLOB's 16 MiB: an oversize session
// gets sqlstore.ErrDataTooLarge and keeps its data. TiDB's SQL mode is strict by default.
var tidbSuites = testdb.Backend{
	Dialect: dialect.MySQL,
	Open:    func(t *testing.T) testdb.Handle { return on(testdb.TiDB(t)) },
	Sizes: []testdb.SizeCase{
		{Name: "Recommended", Schema: testdb.SizeSchema{Limit: txnEntrySizeLimit}},
		{Name: "SCSSchema", SCS: true, Schema: testdb.SizeSchema{Limit: scsBlobSize, Exact: true, TokenLimit: 43}},
	},
	Times: []testdb.TimeCase{{Name: "Default", SCSMaxExpiry: timestampMax, Zones: func(t *testing.T) testdb.ZoneBackend {
		return testdb.Zoned(t, [2]string{"+05:30", "-08:00"}, func(t *testing.T, zone string) testdb.Handle {
			if zone == "" {
				return on(testdb.TiDB(t))
			}
			return on(testdb.TiDBWith(t, map[string]string{"time_zone": "'" + zone + "'"}))
		}, testdb.TiDBWith(t, map[string]string{"time_zone": "'+00:00'"}), testdb.MySQLExpiry)
	}}},
	Faults: &testdb.Faults{
		Server: testdb.TiDBAddr,
		Via: func(t *testing.T, addr string) testdb.Handle {
			return quietly(t, "TiDB", testdb.TiDBDSNVia(t, addr))
		},
	},
}

// TestTiDBBackend runs the backend suites on TiDB: cleanup (a contended lock is skipped),
// secrets, sizes (TiDB's entry limit), time zones and faults.
func TestTiDBBackend(t *testing.T) { testdb.Run(t, tidbSuites) }

// TestTiDBPlans checks, with the plans TiDB records for the statements it ran
// (information_schema.STATEMENTS_SUMMARY), that mysqlstore on TiDB finds and deletes a session
// by a point lookup on the primary key (Point_Get) and never reads a range of an index or of
// the table, whatever the table's size: a scan would make every Find cost as much as the live
// sessions, an outage at ten million. It also checks that TiDB reuses the plans of Find and
// Commit rather than planning every execution anew.
func TestTiDBPlans(t *testing.T) {
	db := testdb.TiDB(t)
	for _, schema := range []struct {
		name string
		ddl  []string
	}{
		{"Recommended", nil},
		{"SCSSchema", testdb.SCSDDL(t, dialect.MySQL)}, // CHAR(43) in TiDB's default utf8mb4_bin
	} {
		t.Run(schema.name, func(t *testing.T) {
			table := fmt.Sprintf("tp_%s_%08x", strings.ToLower(schema.name), rand.Uint32())
			s := testdb.NewStore(t, dialect.MySQL, testdb.DBExec(db), func(cfg sqlstore.Config) *sqlstore.Store {
				return mysqlstore.NewWithConfig(db, cfg)
			}, sqlstore.Config{TableName: table}, schema.ddl)
			tokens := make([]string, 2000)
			for i := range tokens {
				tokens[i] = testdb.Token(t)
			}
			testdb.CommitAll(t, s, tokens, []byte("live session"), time.Now().Add(time.Hour))
			testdb.MustExec(t, db, "ANALYZE TABLE "+table)
			for i := range 20 {
				if _, found, err := s.Find(tokens[i]); err != nil || !found {
					t.Fatalf("Find of a committed session: found %v, %v", found, err)
				}
			}
			if _, found, err := s.Find("no-such-token"); err != nil || found {
				t.Fatalf("Find of a missing session: found %v, %v", found, err)
			}
			if err := s.Delete(tokens[0]); err != nil {
				t.Fatal(err)
			}
			for _, op := range []struct {
				name, prefix string
			}{{"Find", "select data from"}, {"Delete", "delete from"}} {
				plans, _ := recordedPlans(t, db, table, op.prefix)
				if len(plans) == 0 {
					t.Fatalf("%s: TiDB recorded no statement %q on %s (is tidb_enable_stmt_summary off?)", op.name, op.prefix, table)
				}
				for digest, plan := range plans {
					if !strings.Contains(plan, "Point_Get") {
						t.Errorf("%s: %s is not a point lookup on the primary key:\n%s", op.name, digest, plan)
					}
					for _, scan := range []string{"TableFullScan", "TableRangeScan", "IndexRangeScan", "IndexFullScan", "IndexLookUp"} {
						if strings.Contains(plan, scan) {
							t.Errorf("%s: %s reads a range (%s):\n%s", op.name, digest, scan, plan)
						}
					}
					if strings.Contains(digest, "cast") {
						t.Errorf("%s: %s casts the token: the store did not use TiDB's dialect", op.name, digest)
					}
				}
			}
			// A statement that reads a system variable (CONVERT_TZ to @@session.time_zone) is
			// planned anew on every execution: most of Find's and Commit's cost on TiDB.
			for _, op := range []struct{ name, prefix string }{{"Find", "select data from"}, {"Commit", "insert into"}} {
				if plans, hits := recordedPlans(t, db, table, op.prefix); hits == 0 {
					t.Errorf("%s: TiDB never reused the plan of %v", op.name, slices.Collect(maps.Keys(plans)))
				}
			}
		})
	}
}

// recordedPlans returns the plans TiDB recorded for the statements on table whose normalised
// text starts with prefix ("select data from"), keyed by that text, and how many executions
// of them reused a cached plan. The summary of the current
// window and its history are both read, so a window that closes during the test loses nothing.
func recordedPlans(t *testing.T, db *sql.DB, table, prefix string) (plans map[string]string, cacheHits int64) {
	t.Helper()
	const q = "SELECT DIGEST_TEXT, PLAN, PLAN_CACHE_HITS FROM information_schema.STATEMENTS_SUMMARY WHERE DIGEST_TEXT LIKE ? " +
		"UNION ALL SELECT DIGEST_TEXT, PLAN, PLAN_CACHE_HITS FROM information_schema.STATEMENTS_SUMMARY_HISTORY WHERE DIGEST_TEXT LIKE ?"
	like := prefix + " `" + table + "` %"
	rows, err := db.Query(q, like, like)
	if err != nil {
		t.Fatalf("read TiDB's statement summary: %v", err)
	}
	defer rows.Close()
	plans = map[string]string{}
	for rows.Next() {
		var (
			digest, plan string
			hits         int64
		)
		if err := rows.Scan(&digest, &plan, &hits); err != nil {
			t.Fatal(err)
		}
		plans[digest] += plan
		cacheHits += hits
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return plans, cacheHits
}
