package postgresstore_test

import (
	"testing"

	scspostgresstore "github.com/alexedwards/scs/postgresstore"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/postgresstore"
	"github.com/scsql/scsql/sqlstore"
	"github.com/scsql/scsql/sqlstore/storetest"
)

func TestMain(m *testing.M) { testdb.VerifyNoLeaks(m) }

func TestConformance(t *testing.T) {
	db := testdb.Postgres(t)
	storetest.Run(t, testdb.Harness(dialect.Postgres, testdb.DBExec(db), func(cfg sqlstore.Config) *sqlstore.Store {
		return postgresstore.NewWithConfig(db, cfg)
	}))
}

func TestConformanceOnSCSSchema(t *testing.T) {
	db := testdb.Postgres(t)
	storetest.Run(t, testdb.SCSHarness(t, dialect.Postgres, testdb.DBExec(db), func(cfg sqlstore.Config) *sqlstore.Store {
		return postgresstore.NewWithConfig(db, cfg)
	}, 0))
}

func TestSharesTableWithSCS(t *testing.T) {
	// scs's store hard-codes the table "sessions": give it a schema of its own.
	db := testdb.PostgresIn(t, "scsql_compat_postgresstore")
	ours := testdb.NewStore(t, dialect.Postgres, testdb.DBExec(db), func(cfg sqlstore.Config) *sqlstore.Store {
		return postgresstore.NewWithConfig(db, cfg)
	}, sqlstore.Config{}, testdb.SCSDDL(t, dialect.Postgres))
	theirs := scspostgresstore.NewWithCleanupInterval(db, 0)
	testdb.Interop(t, theirs, ours)
}

func TestConstructors(t *testing.T) {
	db := testdb.Postgres(t)
	var _ *postgresstore.PostgresStore = (*postgresstore.Store)(nil) // scs's type name still works
	for _, s := range []*postgresstore.Store{
		postgresstore.New(db),
		postgresstore.NewWithCleanupInterval(db, 0),
		postgresstore.NewWithConfig(db, postgresstore.Config{TableName: "app.sessions"}),
	} {
		s.StopCleanup()
		s.StopCleanup()
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	}
}
