package postgresstore_test

import (
	"testing"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/postgresstore"
	"github.com/scsql/scsql/sqlstore"
)

// TestFailover kills the primary of a pg_auto_failover pair under load (testdb.RunFailover);
// the store reaches both nodes through one lib/pq DSN with target_session_attrs=read-write.
// `make test-failover` starts the pair with scripts/pgfailover and sets SCSQL_PGFAILOVER_DSN.
func TestFailover(t *testing.T) {
	dsn, nodes := testdb.FailoverCluster(t, "SCSQL_PGFAILOVER_DSN", "SCSQL_PGFAILOVER_NODES", "scripts/pgfailover")
	db := testdb.Open(t, "pg_auto_failover", "postgres", dsn)
	s := testdb.NewStore(t, dialect.Postgres, testdb.DBExec(db), func(cfg sqlstore.Config) *sqlstore.Store {
		return postgresstore.NewWithConfig(db, cfg)
	}, sqlstore.Config{TableName: testdb.FailoverTable(t)}, nil)
	queryRow := testdb.DBQueryRow(db)
	testdb.WantSynchronous(t, queryRow)
	r := testdb.RunFailover(t, testdb.Failover{Store: s, Nodes: nodes, QueryRow: queryRow, PortQuery: "SELECT inet_server_port()"})
	t.Logf("lib/pq, pg_auto_failover: %v", r)
}

// TestReadOnlyConns: a write that a read-only connection refuses (SQLSTATE 25006) runs again on
// a new connection (testdb.ReadOnlySuite).
func TestReadOnlyConns(t *testing.T) {
	testdb.ReadOnlySuite(t, testdb.DBReadOnly(dialect.Postgres, testdb.Postgres(t), "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY"))
}
