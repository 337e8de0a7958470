package testdb

import (
	"context"
	"database/sql"
	"os"
	"strings"
	"testing"
	"time"
)

// GaleraNodes is how many nodes the Galera tests expect: scripts/galera starts three.
const GaleraNodes = 3

// Galera opens one handle per node of the MariaDB Galera cluster named by SCSQL_GALERA_DSNS
// (comma-separated DSNs, node 1 first; `make test-galera` starts the cluster with scripts/galera
// and sets it), makes sure Schema exists, and closes the handles when the test ends.
//
// The cluster is not one of the servers `make services` provides, so SCSQL_REQUIRE_SERVERS does
// not demand it: with SCSQL_GALERA_DSNS unset the test skips loudly, and `make test` runs
// `make test-galera` as a step of its own, which sets it. When it is set, every node must answer:
// a node that does not fails the test.
func Galera(t testing.TB) []*sql.DB {
	t.Helper()
	dsns := GaleraDSNs()
	if dsns == nil {
		t.Skip("SKIPPING: SCSQL_GALERA_DSNS is unset, so the Galera tests did not run (run `make test-galera`, which starts a three-node cluster with scripts/galera)")
	}
	if len(dsns) != GaleraNodes {
		t.Fatalf("SCSQL_GALERA_DSNS names %d nodes; want %d", len(dsns), GaleraNodes)
	}
	dbs := make([]*sql.DB, len(dsns))
	for i, dsn := range dsns {
		db, err := sql.Open("mysql", dsn)
		if err != nil {
			t.Fatalf("open Galera node %d: %v", i+1, err)
		}
		t.Cleanup(func() { db.Close() })
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		err = db.PingContext(ctx)
		cancel()
		if err != nil {
			t.Fatalf("Galera node %d (SCSQL_GALERA_DSNS) is unreachable: %v", i+1, err)
		}
		dbs[i] = db
	}
	MustExec(t, dbs[0], "CREATE DATABASE IF NOT EXISTS "+Schema)
	return dbs
}

// GaleraDSNs returns the DSNs in SCSQL_GALERA_DSNS, or nil when it is unset.
func GaleraDSNs() []string {
	v := strings.TrimSpace(os.Getenv("SCSQL_GALERA_DSNS"))
	if v == "" {
		return nil
	}
	var dsns []string
	for _, d := range strings.Split(v, ",") {
		if d = strings.TrimSpace(d); d != "" {
			dsns = append(dsns, d)
		}
	}
	return dsns
}
