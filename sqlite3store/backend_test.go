package sqlite3store_test

import (
	"database/sql"
	"testing"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/sqlite3store"
	"github.com/scsql/scsql/sqlstore"
)

// on is the backend suites' handle on db.
func on(db *sql.DB) testdb.Handle {
	return testdb.Handle{
		Exec: testdb.DBExec(db),
		New:  func(cfg sqlstore.Config) *sqlstore.Store { return sqlite3store.NewWithConfig(db, cfg) },
	}
}

// sqliteLimit is a connection limit (SQLITE_LIMIT_LENGTH) that makes the database's own
// refusal (SQLITE_TOOBIG) reachable: SQLite holds a gigabyte by default. The limit covers the
// whole row, so data of exactly 64 KiB does not fit.
const sqliteLimit = 1 << 16

// suites describes SQLite through mattn/go-sqlite3 to the backend suites. SQLite has no
// network, users or pooler; its nearest case to a missing privilege, a read-only database, is
// TestReadOnlyDatabase.
var suites = testdb.Backend{
	Dialect: dialect.SQLite,
	Open:    func(t *testing.T) testdb.Handle { return on(testdb.SQLite(t)) },
	Sizes: []testdb.SizeCase{
		{Name: "Recommended", Open: limited, Schema: testdb.SizeSchema{Limit: sqliteLimit}},
		{Name: "SCSSchema", Open: limited, SCS: true, Schema: testdb.SizeSchema{Limit: sqliteLimit}},
	},
	// SQLite has no session time zone: the suite varies only the time zones of the times it
	// hands the stores.
	Times: []testdb.TimeCase{{
		Name: "NoSessionZone",
		Zones: func(t *testing.T) testdb.ZoneBackend {
			db := testdb.SQLite(t)
			h := on(db)
			return testdb.ZoneBackend{
				Open:   func(*testing.T, string) (testdb.Execer, func(sqlstore.Config) *sqlstore.Store) { return h.Exec, h.New },
				UTC:    db,
				Expiry: testdb.SQLiteExpiry,
			}
		},
	}},
}

func limited(t *testing.T) testdb.Handle { return on(testdb.SQLiteLengthLimit(t, sqliteLimit)) }

// TestBackend runs the backend suites SQLite can run: cleanup, secrets, sizes and time zones.
func TestBackend(t *testing.T) { testdb.Run(t, suites) }
