package sqlite3store_test

import (
	"database/sql"
	"testing"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/sqlite3store"
)

// on is the backend suites' handle on db.
func on(db *sql.DB) testdb.Handle { return testdb.DBHandle(db, sqlite3store.NewWithConfig) }

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
			return testdb.Zoned(t, [2]string{}, func(*testing.T, string) testdb.Handle { return on(db) }, db, testdb.SQLiteExpiry)
		},
	}},
}

func limited(t *testing.T) testdb.Handle { return on(testdb.SQLiteLengthLimit(t, sqliteLimit)) }

// TestBackend runs the backend suites SQLite can run: cleanup, secrets, sizes and time zones.
func TestBackend(t *testing.T) { testdb.Run(t, suites) }
