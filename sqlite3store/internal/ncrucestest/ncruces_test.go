package ncrucestest_test

import (
	"database/sql"
	"testing"

	scssqlite3store "github.com/alexedwards/scs/sqlite3store"
	"github.com/alexedwards/scs/v2"

	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/internal/testdb/ncruces"
	"github.com/scsql/scsql/sqlite3store"
	"github.com/scsql/scsql/sqlstore"
)

func TestMain(m *testing.M) { testdb.VerifyNoLeaks(m) }

// TestNcruces runs everything sqlite3store promises on github.com/ncruces/go-sqlite3's driver
// package, which needs no cgo.
func TestNcruces(t *testing.T) {
	testdb.SQLiteSuite(t, testdb.SQLiteBackend{
		Driver: ncruces.Driver,
		New:    func(db *sql.DB, cfg sqlstore.Config) *sqlstore.Store { return sqlite3store.NewWithConfig(db, cfg) },
		SCS:    func(db *sql.DB) scs.Store { return scssqlite3store.NewWithCleanupInterval(db, 0) },
	})
}
