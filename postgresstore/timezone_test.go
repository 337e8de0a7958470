package postgresstore_test

import (
	"database/sql"

	"testing"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/postgresstore"
	"github.com/scsql/scsql/sqlstore"
)

// Two session time zones, one with daylight saving time, set per connection through the DSN;
// the third store uses the server's default.
var pgZones = [2]string{"Asia/Kathmandu", "America/Los_Angeles"}

func TestTimeZones(t *testing.T) {
	dbs := map[string]*sql.DB{"": testdb.Postgres(t)}
	for _, z := range pgZones {
		dbs[z] = testdb.PostgresZone(t, z)
	}
	b := testdb.ZoneBackend{
		Dialect: dialect.Postgres,
		Zones:   pgZones,
		Open: func(_ *testing.T, zone string) (testdb.Execer, func(sqlstore.Config) *sqlstore.Store) {
			db := dbs[zone]
			return testdb.DBExec(db), func(cfg sqlstore.Config) *sqlstore.Store { return postgresstore.NewWithConfig(db, cfg) }
		},
		UTC:    testdb.PostgresZone(t, "UTC"),
		Expiry: testdb.PostgresExpiry,
	}
	t.Run("Recommended", func(t *testing.T) { testdb.TimeSuite(t, b, testdb.TimeSchema{}) })
	t.Run("SCSSchema", func(t *testing.T) { testdb.TimeSuite(t, b, testdb.TimeSchema{DDL: testdb.SCSDDL(t, dialect.Postgres)}) })
}
