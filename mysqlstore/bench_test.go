package mysqlstore_test

import (
	"database/sql"
	"testing"

	scsmysqlstore "github.com/alexedwards/scs/mysqlstore"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/benchkit"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/mysqlstore"
	"github.com/scsql/scsql/sqlstore"
)

// The benchmarks live in internal/benchkit; this wires in MariaDB or MySQL.
var backend = benchkit.Backend[*sql.DB]{
	Name:     "mysql",
	Database: benchkit.MariaDB,
	Driver:   benchkit.DatabaseSQL,
	Open:     testdb.MySQLIn,
	SCSQL:    func(db *sql.DB, cfg sqlstore.Config) *sqlstore.Store { return mysqlstore.NewWithConfig(db, cfg) },
	SCS:      func(db *sql.DB) benchkit.SCSStore { return scsmysqlstore.NewWithCleanupInterval(db, 0) },
}

// tidb is the same wiring on the TiDB server of SCSQL_TIDB_DSN (`make bench-tidb` starts one), where
// the store finds out by itself that it talks to TiDB. The benchmarks skip when it is unset.
var tidb = benchkit.Backend[*sql.DB]{
	Name:     "tidb",
	Database: benchkit.TiDB,
	Driver:   benchkit.DatabaseSQL,
	Open:     testdb.TiDBIn,
	SCSQL:    backend.SCSQL,
	SCS:      backend.SCS,
}

func BenchmarkFind(b *testing.B)           { benchkit.Find(b, backend) }
func BenchmarkCommit(b *testing.B)         { benchkit.Commit(b, backend) }
func BenchmarkDelete(b *testing.B)         { benchkit.Delete(b, backend) }
func BenchmarkAll(b *testing.B)            { benchkit.All(b, backend) }
func BenchmarkPurgeUnderLoad(b *testing.B) { benchkit.PurgeUnderLoad(b, backend) }
func BenchmarkCostCurve(b *testing.B)      { benchkit.CostCurve(b, backend) }
func BenchmarkTiDBFind(b *testing.B)       { benchkit.Find(b, tidb) }
func BenchmarkTiDBCommit(b *testing.B)     { benchkit.Commit(b, tidb) }

// BenchmarkCommitPrincipal compares Commit without and with Config.Principal (GobPrincipal).
func BenchmarkCommitPrincipal(b *testing.B) {
	db := testdb.MySQL(b)
	benchkit.CommitPrincipal(b, dialect.MySQL, testdb.DBExec(db), func(cfg sqlstore.Config) *sqlstore.Store {
		return mysqlstore.NewWithConfig(db, cfg)
	})
}
