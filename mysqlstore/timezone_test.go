package mysqlstore_test

import (
	"testing"
	"time"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/mysqlstore"
	"github.com/scsql/scsql/sqlstore"
)

// timestampMax is the latest instant in scs's TIMESTAMP(6) expiry column.
var timestampMax = time.Date(2038, 1, 19, 3, 14, 7, 999999000, time.UTC)

// zoneBackend opens the server with session time zones +05:30 and -08:00 (offsets: the server
// may have no time zone tables), and the server's default ('SYSTEM') for the third store, all
// with the given session variables besides.
func zoneBackend(t *testing.T, vars map[string]string) testdb.ZoneBackend {
	dbs := map[string]testdb.Execer{}
	stores := map[string]func(sqlstore.Config) *sqlstore.Store{}
	for _, zone := range []string{"+05:30", "-08:00", ""} {
		v := map[string]string{}
		for k, x := range vars {
			v[k] = x
		}
		if zone != "" {
			v["time_zone"] = "'" + zone + "'"
		}
		db := testdb.MySQLWith(t, v)
		dbs[zone] = testdb.DBExec(db)
		stores[zone] = func(cfg sqlstore.Config) *sqlstore.Store { return mysqlstore.NewWithConfig(db, cfg) }
	}
	return testdb.ZoneBackend{
		Dialect: dialect.MySQL,
		Zones:   [2]string{"+05:30", "-08:00"},
		Open: func(t *testing.T, zone string) (testdb.Execer, func(sqlstore.Config) *sqlstore.Store) {
			return dbs[zone], stores[zone]
		},
		UTC:    testdb.MySQLWith(t, map[string]string{"time_zone": "'+00:00'"}),
		Expiry: testdb.MySQLExpiry,
	}
}

func TestTimeZones(t *testing.T) {
	for _, mode := range []struct {
		name string
		vars map[string]string
	}{
		{"ServerSQLMode", nil},
		// Outside strict mode the server stores an out-of-range TIMESTAMP as zero, with a
		// warning: the store must refuse it itself.
		{"NonStrict", map[string]string{"sql_mode": "''"}},
	} {
		t.Run(mode.name, func(t *testing.T) {
			b := zoneBackend(t, mode.vars)
			t.Run("Recommended", func(t *testing.T) { testdb.TimeSuite(t, b, testdb.TimeSchema{}) })
			t.Run("SCSSchema", func(t *testing.T) {
				testdb.TimeSuite(t, b, testdb.TimeSchema{DDL: testdb.SCSDDL(t, dialect.MySQL), MaxExpiry: timestampMax})
			})
		})
	}
}
