package mysqlstore_test

import (
	"io"
	"log"
	"os"
	"testing"

	"github.com/go-sql-driver/mysql"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/mysqlstore"
	"github.com/scsql/scsql/sqlstore"
)

func TestFaults(t *testing.T) {
	// go-sql-driver/mysql logs every broken connection to stderr; here they are the point.
	mysql.SetLogger(log.New(io.Discard, "", 0))
	defer mysql.SetLogger(log.New(os.Stderr, "[mysql] ", log.Ldate|log.Ltime))
	direct := testdb.MySQL(t)
	testdb.FaultSuite(t, testdb.FaultBackend{
		Dialect: dialect.MySQL,
		Server:  testdb.MySQLAddr(t),
		Exec:    testdb.DBExec(direct),
		Open: func(t *testing.T, addr string) func(sqlstore.Config) *sqlstore.Store {
			db := testdb.Open(t, "MySQL/MariaDB", "mysql", testdb.MySQLDSNVia(t, addr))
			return func(cfg sqlstore.Config) *sqlstore.Store { return mysqlstore.NewWithConfig(db, cfg) }
		},
	})
}
