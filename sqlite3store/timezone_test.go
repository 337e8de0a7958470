package sqlite3store_test

import (
	"testing"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/sqlite3store"
	"github.com/scsql/scsql/sqlstore"
)

// SQLite has no session time zone: the store binds julian days computed from the instant, so
// the suite varies only the time zones of the times it hands the stores. (time.Local is left
// alone: changing it would race with the package's other tests, and the store never reads it.)
func TestTimeZones(t *testing.T) {
	db := testdb.SQLite(t)
	b := testdb.ZoneBackend{
		Dialect: dialect.SQLite,
		Open: func(*testing.T, string) (testdb.Execer, func(sqlstore.Config) *sqlstore.Store) {
			return testdb.DBExec(db), func(cfg sqlstore.Config) *sqlstore.Store { return sqlite3store.NewWithConfig(db, cfg) }
		},
		UTC:    db,
		Expiry: testdb.SQLiteExpiry,
	}
	t.Run("Recommended", func(t *testing.T) { testdb.TimeSuite(t, b, testdb.TimeSchema{}) })
	t.Run("SCSSchema", func(t *testing.T) { testdb.TimeSuite(t, b, testdb.TimeSchema{DDL: testdb.SCSDDL(t, dialect.SQLite)}) })
}
