package mysqlstore_test

import (
	"context"
	"testing"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/mysqlstore"
	"github.com/scsql/scsql/sqlstore"
)

// TestFailover kills the Galera node that HAProxy sends the store's connections to, under load
// (testdb.RunFailover). `make test-failover` starts the cluster with scripts/galera and the
// balancer with scripts/galera-lb, and sets SCSQL_GALERA_LB_DSN (with wsrep_sync_wait=1).
func TestFailover(t *testing.T) {
	dsn, nodes := testdb.FailoverCluster(t, "SCSQL_GALERA_LB_DSN", "SCSQL_GALERA_LB_NODES", "scripts/galera and scripts/galera-lb")
	db := testdb.Open(t, "Galera through HAProxy", "mysql", dsn)
	s := testdb.NewStore(t, dialect.MySQL, testdb.DBExec(db), func(cfg sqlstore.Config) *sqlstore.Store {
		return mysqlstore.NewWithConfig(db, cfg)
	}, sqlstore.Config{TableName: testdb.FailoverTable(t)}, nil)
	queryRow := testdb.DBQueryRow(db)
	var wait int
	if err := queryRow(context.Background(), "SELECT @@SESSION.wsrep_sync_wait", &wait); err != nil {
		t.Fatal(err)
	}
	if wait&1 == 0 {
		t.Fatalf("wsrep_sync_wait = %d; SCSQL_GALERA_LB_DSN must set wsrep_sync_wait=1, or reads after the switch may miss acknowledged commits", wait)
	}
	r := testdb.RunFailover(t, testdb.Failover{Store: s, Nodes: nodes, QueryRow: queryRow, PortQuery: "SELECT @@port"})
	t.Logf("go-sql-driver/mysql, Galera behind HAProxy: %v", r)
}

// TestReadOnlyConns: a write that a read-only connection refuses (error 1792) runs again on a
// new connection (testdb.ReadOnlySuite).
func TestReadOnlyConns(t *testing.T) {
	testdb.ReadOnlySuite(t, testdb.DBReadOnly(dialect.MySQL, testdb.MySQL(t), "SET SESSION TRANSACTION READ ONLY"))
}
