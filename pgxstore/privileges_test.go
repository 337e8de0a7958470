package pgxstore_test

import (
	"testing"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/pgxstore"
	"github.com/scsql/scsql/sqlstore"
)

func TestLeastPrivilege(t *testing.T) {
	admin := pool(t, testdb.PostgresDSN())
	user := testdb.PostgresUser(t)
	restricted := pool(t, user.DSN)
	testdb.PrivilegeSuite(t, dialect.Postgres, poolExec(admin), func(cfg sqlstore.Config) *sqlstore.Store {
		return pgxstore.NewWithConfig(admin, cfg)
	}, user, func(cfg sqlstore.Config) *sqlstore.Store {
		return pgxstore.NewWithConfig(restricted, cfg)
	})
}
