package pgxstore_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/pgxstore"
	"github.com/scsql/scsql/sqlstore"
	"github.com/scsql/scsql/sqlstore/storetest"
)

// The PgBouncer tests go through the PgBouncer that `make services` starts, in transaction
// pooling mode, on a pool left at pgx's default exec mode (named, cached prepared statements),
// with Config.TransactionPooling set: the store must then choose a safe mode itself.

func TestPgBouncerConformance(t *testing.T) {
	testdb.PgBouncer(t) // checks the pool mode; makes the schema for schema-qualified tables
	p := pgBouncerPool(t)
	storetest.Run(t, testdb.Harness(dialect.Postgres, poolExec(p), func(cfg sqlstore.Config) *sqlstore.Store {
		cfg.TransactionPooling = true
		return pgxstore.NewWithConfig(p, cfg)
	}))
}

// pgBouncerPool opens a pgx pool through PgBouncer, closed when the test ends, with pgx's default
// exec mode, which prepares named statements.
func pgBouncerPool(t *testing.T) *pgxpool.Pool {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	p, err := pgxpool.New(ctx, testdb.PgBouncerDSN())
	if err != nil {
		t.Fatalf("pgxpool: %v", err)
	}
	t.Cleanup(p.Close)
	if err := p.Ping(ctx); err != nil {
		testdb.Unreachable(t, "PgBouncer", err)
	}
	if mode := p.Config().ConnConfig.DefaultQueryExecMode; mode != pgx.QueryExecModeCacheStatement {
		t.Fatalf("the pool's DefaultQueryExecMode is %v; these tests need pgx's default, cache_statement", mode)
	}
	return p
}

// TestTransactionPoolingPreparesNothing counts the named prepared statements on a one-connection
// pool's server session (direct to PostgreSQL) after the store's operations: some by default,
// none with TransactionPooling.
func TestTransactionPoolingPreparesNothing(t *testing.T) {
	testdb.Postgres(t)
	for _, tc := range []struct {
		pooling bool
		mode    pgx.QueryExecMode
	}{{false, pgx.QueryExecModeCacheStatement}, {true, pgx.QueryExecModeCacheStatement}, {true, pgx.QueryExecModeDescribeExec}, {true, pgx.QueryExecModeCacheDescribe}} {
		t.Run(fmt.Sprintf("pooling=%v/mode=%v", tc.pooling, tc.mode), func(t *testing.T) {
			cfg, err := pgxpool.ParseConfig(testdb.PostgresDSN())
			if err != nil {
				t.Fatal(err)
			}
			cfg.MaxConns = 1
			cfg.ConnConfig.DefaultQueryExecMode = tc.mode
			p, err := pgxpool.NewWithConfig(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(p.Close)
			s := testdb.NewStore(t, dialect.Postgres, poolExec(p), func(c sqlstore.Config) *sqlstore.Store {
				c.TransactionPooling = tc.pooling
				return pgxstore.NewWithConfig(p, c)
			}, sqlstore.Config{TableName: fmt.Sprintf("pgx_prep_%08x", rand.Uint32())}, nil)
			testdb.CountPreparedAfterOps(t, s, func() (int, error) {
				var n int
				err := p.QueryRow(context.Background(), "SELECT count(*) FROM pg_prepared_statements", pgx.QueryExecModeSimpleProtocol).Scan(&n)
				return n, err
			}, tc.pooling)
		})
	}
}
