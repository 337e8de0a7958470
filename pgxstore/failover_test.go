package pgxstore_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

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
	r := testdb.RunFailover(t, testdb.Failover{Store: s, Serving: func(ctx context.Context) (testdb.FailoverNode, error) {
		var port int
		if err := queryRow(ctx, "SELECT inet_server_port()", &port); err != nil {
			return testdb.FailoverNode{}, err
		}
		return testdb.NodeByPort(nodes, port)
	}})
	t.Logf("pgx, pg_auto_failover: %v", r)
}

// TestReadOnlyConns: a write that a read-only connection refuses (SQLSTATE 25006) runs again on
// a new connection (testdb.ReadOnlySuite).
func TestReadOnlyConns(t *testing.T) {
	p := pool(t, testdb.PostgresDSN()+"&pool_max_conns="+strconv.Itoa(testdb.ReadOnlyConns))
	testdb.ReadOnlySuite(t, testdb.ReadOnlyBackend{
		Dialect:  dialect.Postgres,
		Exec:     poolExec(p),
		Executor: pgxstore.FromPool(p),
		MakeReadOnly: func(ctx context.Context, n int) error {
			var conns []*pgxpool.Conn
			defer func() {
				for _, c := range conns {
					c.Release()
				}
			}()
			for range n {
				c, err := p.Acquire(ctx)
				if err != nil {
					return err
				}
				conns = append(conns, c)
				if _, err := c.Exec(ctx, "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY"); err != nil {
					return err
				}
			}
			return nil
		},
	})
}
