package mysqlstore_test

import (
	"testing"

	scsmysqlstore "github.com/alexedwards/scs/mysqlstore"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/mysqlstore"
	"github.com/scsql/scsql/sqlstore"
	"github.com/scsql/scsql/sqlstore/storetest"
)

func TestMain(m *testing.M) { testdb.VerifyNoLeaks(m) }

func TestConformance(t *testing.T) {
	db := testdb.MySQL(t)
	storetest.Run(t, testdb.Harness(dialect.MySQL, testdb.DBExec(db), func(cfg sqlstore.Config) *sqlstore.Store {
		return mysqlstore.NewWithConfig(db, cfg)
	}))
}

// scs's schema keeps data in a BLOB, which holds 64 KiB.
const scsBlobSize = 65535

func TestConformanceOnSCSSchema(t *testing.T) {
	db := testdb.MySQL(t)
	storetest.Run(t, testdb.SCSHarness(t, dialect.MySQL, testdb.DBExec(db), func(cfg sqlstore.Config) *sqlstore.Store {
		return mysqlstore.NewWithConfig(db, cfg)
	}, scsBlobSize))
}

func TestSharesTableWithSCS(t *testing.T) {
	// scs's store hard-codes the table "sessions": give it a database of its own.
	db := testdb.MySQLIn(t, "scsql_compat_mysqlstore")
	ours := testdb.NewStore(t, dialect.MySQL, testdb.DBExec(db), func(cfg sqlstore.Config) *sqlstore.Store {
		return mysqlstore.NewWithConfig(db, cfg)
	}, sqlstore.Config{}, testdb.SCSDDL(t, dialect.MySQL))
	theirs := scsmysqlstore.NewWithCleanupInterval(db, 0)
	testdb.Interop(t, theirs, ours)
}

func TestConstructors(t *testing.T) {
	db := testdb.MySQL(t)
	var _ *mysqlstore.MySQLStore = (*mysqlstore.Store)(nil) // scs's type name still works
	for _, s := range []*mysqlstore.Store{
		mysqlstore.New(db),
		mysqlstore.NewWithCleanupInterval(db, 0),
		mysqlstore.NewWithConfig(db, mysqlstore.Config{TableName: "app.sessions"}),
	} {
		s.StopCleanup()
		s.StopCleanup()
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	}
}
