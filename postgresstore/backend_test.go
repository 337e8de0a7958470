package postgresstore_test

import (
	"database/sql"
	"testing"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/postgresstore"
	"github.com/scsql/scsql/sqlstore"
)

// on is the backend suites' handle on db.
func on(db *sql.DB) testdb.Handle { return testdb.DBHandle(db, postgresstore.NewWithConfig) }

// Two session time zones, one with daylight saving time, set per connection through the DSN;
// the third store uses the server's default.
var pgZones = [2]string{"Asia/Kathmandu", "America/Los_Angeles"}

// suites describes PostgreSQL through lib/pq to the backend suites.
var suites = testdb.Backend{
	Dialect: dialect.Postgres,
	Open:    func(t *testing.T) testdb.Handle { return on(testdb.Postgres(t)) },
	// BYTEA holds a gigabyte, too much to reach in a test: only Config.MaxDataSize is checked.
	Sizes: []testdb.SizeCase{{Name: "Recommended"}, {Name: "SCSSchema", SCS: true}},
	Times: []testdb.TimeCase{{
		Name: "ServerDefaults",
		Zones: func(t *testing.T) testdb.ZoneBackend {
			return testdb.Zoned(t, pgZones, func(t *testing.T, zone string) testdb.Handle {
				if zone == "" {
					return on(testdb.Postgres(t))
				}
				return on(testdb.PostgresZone(t, zone))
			}, testdb.PostgresZone(t, "UTC"), testdb.PostgresExpiry)
		},
	}},
	Faults: &testdb.Faults{
		Server: testdb.PostgresAddr,
		Via: func(t *testing.T, addr string) testdb.Handle {
			return on(testdb.Open(t, "PostgreSQL", "postgres", testdb.PostgresDSNVia(t, addr)))
		},
		LostAnswerIsBadConn: true, // lib/pq
	},
	Privileges: &testdb.Privileges{
		User: testdb.PostgresUser,
		As: func(t *testing.T, user testdb.User) testdb.Handle {
			return on(testdb.Open(t, "PostgreSQL", "postgres", user.DSN))
		},
	},
	// binary_parameters=yes in the DSN: see testdb.PgBouncer.
	PgBouncer: func(t *testing.T) testdb.Handle {
		db := testdb.PgBouncer(t)
		h := on(db)
		return testdb.Handle{Exec: h.Exec, New: func(cfg sqlstore.Config) *sqlstore.Store {
			cfg.TransactionPooling = true
			return h.New(cfg)
		}}
	},
}

// TestBackend runs the backend suites: cleanup, secrets, sizes, time zones, faults, least
// privilege and PgBouncer.
func TestBackend(t *testing.T) { testdb.Run(t, suites) }
