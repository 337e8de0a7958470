package mysqlstore_test

import (
	"database/sql"
	"io"
	"log"
	"maps"
	"os"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/mysqlstore"
)

// on is the backend suites' handle on db.
func on(db *sql.DB) testdb.Handle { return testdb.DBHandle(db, mysqlstore.NewWithConfig) }

// mediumBlobSize is what the recommended MEDIUMBLOB data column holds. Data of exactly that
// size does not fit in the server's default 16 MiB max_allowed_packet, so the suite stores a
// little less.
const mediumBlobSize = 1<<24 - 1

// timestampMax is the latest instant in scs's TIMESTAMP(6) expiry column.
var timestampMax = time.Date(2038, 1, 19, 3, 14, 7, 999999000, time.UTC)

// inMode opens the server with the session variables vars.
func inMode(vars map[string]string) func(t *testing.T) testdb.Handle {
	return func(t *testing.T) testdb.Handle { return on(testdb.MySQLWith(t, vars)) }
}

// Without strict mode the server would truncate long data to the column with a warning, and
// store an out-of-range TIMESTAMP as zero: the store must refuse both itself.
var (
	strict    = map[string]string{"sql_mode": "'STRICT_TRANS_TABLES'"}
	nonStrict = map[string]string{"sql_mode": "''"}
)

// zones opens the server with session time zones +05:30 and -08:00 (offsets: the server may
// have no time zone tables), and the server's default ('SYSTEM') for the third store, all
// with the given session variables besides.
func zones(vars map[string]string) func(t *testing.T) testdb.ZoneBackend {
	return func(t *testing.T) testdb.ZoneBackend {
		return testdb.Zoned(t, [2]string{"+05:30", "-08:00"}, func(t *testing.T, zone string) testdb.Handle {
			v := maps.Clone(vars)
			if v == nil {
				v = map[string]string{}
			}
			if zone != "" {
				v["time_zone"] = "'" + zone + "'"
			}
			return on(testdb.MySQLWith(t, v))
		}, testdb.MySQLWith(t, map[string]string{"time_zone": "'+00:00'"}), testdb.MySQLExpiry)
	}
}

// suites describes MySQL/MariaDB through go-sql-driver/mysql to the backend suites.
var suites = testdb.Backend{
	Dialect: dialect.MySQL,
	Open:    func(t *testing.T) testdb.Handle { return on(testdb.MySQL(t)) },
	Sizes: []testdb.SizeCase{
		{Name: "Strict/Recommended", Open: inMode(strict), Schema: testdb.SizeSchema{Limit: mediumBlobSize}},
		{Name: "Strict/SCSSchema", Open: inMode(strict), SCS: true,
			Schema: testdb.SizeSchema{Limit: scsBlobSize, Exact: true, TokenLimit: 43}},
		// Error 1406 from the server, for a table altered after the store read it.
		{Name: "Strict/ServerRefuses", Open: inMode(strict),
			Alter: "ALTER TABLE sessions MODIFY data BLOB NOT NULL", Schema: testdb.SizeSchema{Limit: scsBlobSize}},
		{Name: "NonStrict/Recommended", Open: inMode(nonStrict), Schema: testdb.SizeSchema{Limit: mediumBlobSize}},
		{Name: "NonStrict/SCSSchema", Open: inMode(nonStrict), SCS: true,
			Schema: testdb.SizeSchema{Limit: scsBlobSize, Exact: true, TokenLimit: 43}},
	},
	Times: []testdb.TimeCase{
		{Name: "ServerSQLMode", Zones: zones(nil), SCSMaxExpiry: timestampMax},
		{Name: "NonStrict", Zones: zones(nonStrict), SCSMaxExpiry: timestampMax},
	},
	Faults: &testdb.Faults{
		Server: testdb.MySQLAddr,
		Via: func(t *testing.T, addr string) testdb.Handle {
			return quietly(t, "MySQL/MariaDB", testdb.MySQLDSNVia(t, addr))
		},
	},
	Privileges: &testdb.Privileges{
		User: testdb.MySQLUser,
		As: func(t *testing.T, user testdb.User) testdb.Handle {
			return on(testdb.Open(t, "MySQL/MariaDB", "mysql", user.DSN))
		},
	},
}

// quietly opens dsn, a server reached through a fault proxy, with the driver's logger silenced
// until t ends: go-sql-driver/mysql logs every broken connection to stderr; here they are the
// point.
func quietly(t *testing.T, server, dsn string) testdb.Handle {
	mysql.SetLogger(log.New(io.Discard, "", 0))
	t.Cleanup(func() { mysql.SetLogger(log.New(os.Stderr, "[mysql] ", log.Ldate|log.Ltime)) })
	return on(testdb.Open(t, server, "mysql", dsn))
}

// TestBackend runs the backend suites: cleanup, secrets, sizes and time zones in strict and
// non-strict SQL mode, faults and least privilege.
func TestBackend(t *testing.T) { testdb.Run(t, suites) }
