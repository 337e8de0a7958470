package pgxstore_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/pgxstore"
	"github.com/scsql/scsql/sqlstore"
)

// TestFailover kills the primary of a pg_auto_failover pair under load (testdb.RunFailover);
// the pool reaches both nodes through one DSN with target_session_attrs=read-write.
// `make test-failover` starts the pair with scripts/pgfailover and sets SCSQL_PGFAILOVER_DSN.
func TestFailover(t *testing.T) {
	dsn, nodes := testdb.FailoverCluster(t, "SCSQL_PGFAILOVER_DSN", "SCSQL_PGFAILOVER_NODES", "scripts/pgfailover")
	p := pool(t, dsn)
	s := testdb.NewStore(t, dialect.Postgres, poolExec(p), func(cfg sqlstore.Config) *sqlstore.Store {
		return pgxstore.NewWithConfig(p, cfg)
	}, sqlstore.Config{TableName: testdb.FailoverTable(t)}, nil)
	queryRow := func(ctx context.Context, query string, dest ...any) error {
		return p.QueryRow(ctx, query).Scan(dest...)
	}
	testdb.WantSynchronous(t, queryRow)
	r := testdb.RunFailover(t, testdb.Failover{Store: s, Nodes: nodes, QueryRow: queryRow, PortQuery: "SELECT inet_server_port()"})
	t.Logf("pgx, pg_auto_failover: %v", r)
}

// TestReadOnlyConns: a write that a read-only connection refuses (SQLSTATE 25006) runs again on
// a new connection (testdb.ReadOnlySuite).
func TestReadOnlyConns(t *testing.T) {
	p := pool(t, testdb.PostgresDSN()+"&pool_max_conns="+strconv.Itoa(testdb.ReadOnlyConns))
	testdb.ReadOnlySuite(t, testdb.ReadOnlyBackend{
		Dialect:   dialect.Postgres,
		Exec:      poolExec(p),
		Executor:  pgxstore.FromPool(p),
		Statement: "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY",
		Acquire: func(ctx context.Context) (func(context.Context, string) error, func(), error) {
			c, err := p.Acquire(ctx)
			if err != nil {
				return nil, nil, err
			}
			run := func(ctx context.Context, query string) error {
				_, err := c.Exec(ctx, query)
				return err
			}
			return run, c.Release, nil
		},
	})
}
