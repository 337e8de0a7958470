package inspect_test

import (
	"database/sql"
	"path/filepath"
	"testing"

	scsmysqlstore "github.com/alexedwards/scs/mysqlstore"
	scspostgresstore "github.com/alexedwards/scs/postgresstore"
	scssqlite3store "github.com/alexedwards/scs/sqlite3store"
	"github.com/alexedwards/scs/v2"
	glebarez "github.com/glebarez/sqlite"
	"github.com/go-sql-driver/mysql"
	gormmysql "gorm.io/driver/mysql"
	gormpostgres "gorm.io/driver/postgres"
	"gorm.io/gorm"

	"github.com/scsql/scsql/cmd/scsql/internal/fixture"
	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/mysqlstore"
	"github.com/scsql/scsql/postgresstore"
	"github.com/scsql/scsql/sqlite3store"
	"github.com/scsql/scsql/sqlstore"
)

func TestMain(m *testing.M) { testdb.VerifyNoLeaks(m) }

// server is one database the tests run on, opened as an administrator.
type server struct {
	name string
	d    dialect.Dialect
	// open returns an administrator's handle on the test database.
	open func(t *testing.T) *sql.DB
	// gorm returns GORM on db, to make GORM's table as scs's gormstore does.
	gorm func(db *sql.DB) gorm.Dialector
	// ours is the library's store on a table, theirs scs's on the table "sessions" (scs's
	// PostgreSQL and MySQL stores take no other).
	ours   func(db *sql.DB, table string) *sqlstore.Store
	theirs func(db *sql.DB) scs.Store
}

var servers = []server{
	{
		name: "PostgreSQL", d: dialect.Postgres, open: func(t *testing.T) *sql.DB { return testdb.Postgres(t) },
		gorm: func(db *sql.DB) gorm.Dialector { return gormpostgres.New(gormpostgres.Config{Conn: db}) },
		ours: func(db *sql.DB, table string) *sqlstore.Store {
			return postgresstore.NewWithConfig(db, postgresstore.Config{TableName: table})
		},
		theirs: func(db *sql.DB) scs.Store { return scspostgresstore.NewWithCleanupInterval(db, 0) },
	},
	{
		name: "MariaDB", d: dialect.MySQL, open: openMySQL,
		gorm: func(db *sql.DB) gorm.Dialector { return gormmysql.New(gormmysql.Config{Conn: db}) },
		ours: func(db *sql.DB, table string) *sqlstore.Store {
			return mysqlstore.NewWithConfig(db, mysqlstore.Config{TableName: table})
		},
		theirs: func(db *sql.DB) scs.Store { return scsmysqlstore.NewWithCleanupInterval(db, 0) },
	},
	{
		name: "SQLite", d: dialect.SQLite, open: openSQLite,
		gorm: func(db *sql.DB) gorm.Dialector { return glebarez.Dialector{Conn: db} },
		ours: func(db *sql.DB, table string) *sqlstore.Store {
			return sqlite3store.NewWithConfig(db, sqlite3store.Config{TableName: table})
		},
		theirs: func(db *sql.DB) scs.Store { return scssqlite3store.NewWithCleanupInterval(db, 0) },
	},
}

// openMySQL opens MariaDB with parseTime, which scs's stores need to read back their rows.
func openMySQL(t *testing.T) *sql.DB {
	testdb.MySQL(t)
	return testdb.Open(t, "MariaDB", "mysql", mysqlDSN(t, ""))
}

// mysqlDSN is SCSQL_MYSQL_DSN with parseTime and, when zone is set, that session time zone.
func mysqlDSN(t *testing.T, zone string) string {
	cfg, err := mysql.ParseDSN(testdb.MySQLDSN())
	if err != nil {
		t.Fatal(err)
	}
	cfg.ParseTime = true
	if zone != "" {
		if cfg.Params == nil {
			cfg.Params = map[string]string{}
		}
		cfg.Params["time_zone"] = "'" + zone + "'"
	}
	return cfg.FormatDSN()
}

// openSQLite opens a fresh file through github.com/glebarez/sqlite's driver (pure Go, and the
// driver GORM's table is made with), in WAL mode with a busy timeout, as an application would
// run it.
func openSQLite(t *testing.T) *sql.DB {
	path := filepath.Join(t.TempDir(), "sessions.db")
	return testdb.Open(t, "SQLite", "sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)")
}

// tableName returns a table name unique to this run.
func tableName() string { return fixture.TableName("scsqlb") }

// recommended makes table with the library's DDL.
func recommended(t *testing.T, s server, db *sql.DB, table string) {
	fixture.Recommended(t, s.d, db, table)
}

// scsTable makes table with scs's documented DDL, without its index when noIndex.
func scsTable(t *testing.T, s server, db *sql.DB, table string, noIndex bool) {
	fixture.SCS(t, s.d, db, table, noIndex)
}

// gormTable makes table as scs's gormstore does, with GORM's AutoMigrate.
func gormTable(t *testing.T, s server, db *sql.DB, table string) {
	fixture.GORM(t, s.gorm(db), db, table)
}

// newStore is s.ours, stopped when the test ends.
func newStore(t *testing.T, s server, db *sql.DB, table string) *sqlstore.Store {
	st := s.ours(db, table)
	t.Cleanup(st.StopCleanup)
	return st
}
