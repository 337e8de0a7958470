package postgresstore_test

import (
	"testing"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/postgresstore"
	"github.com/scsql/scsql/sqlstore"
)

func TestLeastPrivilege(t *testing.T) {
	admin := testdb.Postgres(t)
	user := testdb.PostgresUser(t)
	restricted := testdb.Open(t, "PostgreSQL", "postgres", user.DSN)
	testdb.PrivilegeSuite(t, dialect.Postgres, testdb.DBExec(admin), func(cfg sqlstore.Config) *sqlstore.Store {
		return postgresstore.NewWithConfig(admin, cfg)
	}, user, func(cfg sqlstore.Config) *sqlstore.Store {
		return postgresstore.NewWithConfig(restricted, cfg)
	})
}
