package sqlite3store_test

import (
	"testing"

	scssqlite3store "github.com/alexedwards/scs/sqlite3store"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/sqlite3store"
	"github.com/scsql/scsql/sqlstore"
	"github.com/scsql/scsql/sqlstore/storetest"
)

func TestMain(m *testing.M) { testdb.VerifyNoLeaks(m) }

func TestConformance(t *testing.T) {
	db := testdb.SQLite(t)
	storetest.Run(t, testdb.Harness(dialect.SQLite, testdb.DBExec(db), func(cfg sqlstore.Config) *sqlstore.Store {
		return sqlite3store.NewWithConfig(db, cfg)
	}))
}

func TestConformanceOnSCSSchema(t *testing.T) {
	db := testdb.SQLite(t)
	storetest.Run(t, testdb.SCSHarness(t, dialect.SQLite, testdb.DBExec(db), func(cfg sqlstore.Config) *sqlstore.Store {
		return sqlite3store.NewWithConfig(db, cfg)
	}, 0))
}

func TestSharesTableWithSCS(t *testing.T) {
	db := testdb.SQLite(t)
	ours := testdb.NewStore(t, dialect.SQLite, testdb.DBExec(db), func(cfg sqlstore.Config) *sqlstore.Store {
		return sqlite3store.NewWithConfig(db, cfg)
	}, sqlstore.Config{}, testdb.SCSDDL(t, dialect.SQLite))
	theirs := scssqlite3store.NewWithCleanupInterval(db, 0)
	testdb.Interop(t, theirs, ours)
}

func TestConstructors(t *testing.T) {
	db := testdb.SQLite(t)
	var _ *sqlite3store.SQLite3Store = (*sqlite3store.Store)(nil) // scs's type name still works
	for _, s := range []*sqlite3store.Store{
		sqlite3store.New(db),
		sqlite3store.NewWithCleanupInterval(db, 0),
		sqlite3store.NewWithConfig(db, sqlite3store.Config{TableName: "main.sessions"}),
	} {
		s.StopCleanup()
		s.StopCleanup()
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	}
}
