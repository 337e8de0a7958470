package sqlite3store_test

import (
	"database/sql"
	"testing"

	scssqlite3store "github.com/alexedwards/scs/sqlite3store"
	"github.com/alexedwards/scs/v2"

	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/internal/testdb/modernc"
	"github.com/scsql/scsql/sqlite3store"
	"github.com/scsql/scsql/sqlstore"
)

func TestMain(m *testing.M) { testdb.VerifyNoLeaks(m) }

// onDriver is this package on one driver, for testdb.SQLiteSuite. mattn's driver is tested in
// mattn_test.go (it needs cgo), ncruces's in internal/ncrucestest (it registers the same
// database/sql name as mattn's, so it needs a test binary of its own).
func onDriver(d testdb.SQLiteDriver) testdb.SQLiteBackend {
	return testdb.SQLiteBackend{
		Driver: d,
		New:    func(db *sql.DB, cfg sqlstore.Config) *sqlstore.Store { return sqlite3store.NewWithConfig(db, cfg) },
		SCS:    func(db *sql.DB) scs.Store { return scssqlite3store.NewWithCleanupInterval(db, 0) },
	}
}

// TestModernc runs everything the store promises on modernc.org/sqlite, which needs no cgo.
func TestModernc(t *testing.T) { testdb.SQLiteSuite(t, onDriver(modernc.Driver)) }

func TestConstructors(t *testing.T) {
	db := modernc.Open(t)
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
