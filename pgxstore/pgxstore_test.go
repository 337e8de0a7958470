package pgxstore_test

import (
	"context"
	"testing"
	"time"

	scspgxstore "github.com/alexedwards/scs/pgxstore"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/pgxstore"
	"github.com/scsql/scsql/sqlstore"
	"github.com/scsql/scsql/sqlstore/storetest"
)

func TestMain(m *testing.M) { testdb.VerifyNoLeaks(m) }

// pool opens a pgx pool on dsn, closed when the test ends.
// pool opens a pool on dsn, closed when the test ends; maxConns, when given, replaces the pool's
// default size.
func pool(t *testing.T, dsn string, maxConns ...int32) *pgxpool.Pool {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		t.Fatalf("pgxpool: %v", err)
	}
	for _, n := range maxConns {
		cfg.MaxConns = n
	}
	p, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatalf("pgxpool: %v", err)
	}
	t.Cleanup(p.Close)
	if err := p.Ping(ctx); err != nil {
		testdb.Unreachable(t, "PostgreSQL", err)
	}
	return p
}

func poolExec(p *pgxpool.Pool) testdb.Execer {
	return func(ctx context.Context, query string) error {
		_, err := p.Exec(ctx, query)
		return err
	}
}

func TestConformance(t *testing.T) {
	testdb.Postgres(t) // makes the schema for schema-qualified tables
	p := pool(t, testdb.PostgresDSN())
	storetest.Run(t, testdb.Harness(dialect.Postgres, poolExec(p), func(cfg sqlstore.Config) *sqlstore.Store {
		return pgxstore.NewWithConfig(p, cfg)
	}))
}

func TestConformanceOnSCSSchema(t *testing.T) {
	p := pool(t, testdb.PostgresDSN())
	storetest.Run(t, testdb.SCSHarness(t, dialect.Postgres, poolExec(p), func(cfg sqlstore.Config) *sqlstore.Store {
		return pgxstore.NewWithConfig(p, cfg)
	}, 0))
}

func TestSharesTableWithSCS(t *testing.T) {
	// scs's store hard-codes the table "sessions": give it a schema of its own.
	const schema = "scsql_compat_pgxstore"
	testdb.MustExec(t, testdb.Postgres(t), "CREATE SCHEMA IF NOT EXISTS "+schema)
	p := pool(t, testdb.PostgresDSNIn(t, schema))
	ours := testdb.NewStore(t, dialect.Postgres, poolExec(p), func(cfg sqlstore.Config) *sqlstore.Store {
		return pgxstore.NewWithConfig(p, cfg)
	}, sqlstore.Config{}, testdb.SCSDDL(t, dialect.Postgres))
	theirs := scspgxstore.NewWithCleanupInterval(p, 0)
	testdb.Interop(t, theirs, ours)
}

func TestConstructors(t *testing.T) {
	p := pool(t, testdb.PostgresDSN())
	var _ *pgxstore.PostgresStore = (*pgxstore.Store)(nil) // scs's type name still works
	for _, s := range []*pgxstore.Store{
		pgxstore.New(p),
		pgxstore.NewWithCleanupInterval(p, 0),
		pgxstore.NewWithConfig(p, pgxstore.Config{TableName: "app.sessions"}),
	} {
		s.StopCleanup()
		s.StopCleanup()
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	}
}

func TestCleanup(t *testing.T) {
	p := pool(t, testdb.PostgresDSN())
	testdb.CleanupSuite(t, dialect.Postgres, poolExec(p), func(cfg sqlstore.Config) *sqlstore.Store {
		return pgxstore.NewWithConfig(p, cfg)
	})
}
