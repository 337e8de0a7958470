package mysqlstore_test

import (
	"testing"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/mysqlstore"
	"github.com/scsql/scsql/sqlstore"
)

func TestLeastPrivilege(t *testing.T) {
	admin := testdb.MySQL(t)
	user := testdb.MySQLUser(t)
	restricted := testdb.Open(t, "MySQL/MariaDB", "mysql", user.DSN)
	testdb.PrivilegeSuite(t, dialect.MySQL, testdb.DBExec(admin), func(cfg sqlstore.Config) *sqlstore.Store {
		return mysqlstore.NewWithConfig(admin, cfg)
	}, user, func(cfg sqlstore.Config) *sqlstore.Store {
		return mysqlstore.NewWithConfig(restricted, cfg)
	})
}
