//go:build cgo

package sqlite3store_test

import (
	"database/sql"
	"testing"

	scssqlite3store "github.com/alexedwards/scs/sqlite3store"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/benchkit"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/internal/testdb/mattn"
	"github.com/scsql/scsql/sqlite3store"
	"github.com/scsql/scsql/sqlstore"
)

// The benchmarks live in internal/benchkit; this wires in SQLite through mattn/go-sqlite3.
// Each implementation gets a fresh file (WAL, with a busy timeout) in the benchmark's
// temporary directory.
var backend = benchkit.Backend[*sql.DB]{
	Name:     "sqlite",
	Database: benchkit.SQLite,
	Driver:   benchkit.DatabaseSQL,
	Open:     func(tb testing.TB, _ string) *sql.DB { return mattn.Open(tb) },
	SCSQL:    func(db *sql.DB, cfg sqlstore.Config) *sqlstore.Store { return sqlite3store.NewWithConfig(db, cfg) },
	SCS:      func(db *sql.DB) benchkit.SCSStore { return scssqlite3store.NewWithCleanupInterval(db, 0) },
}

func BenchmarkFind(b *testing.B)      { benchkit.Find(b, backend) }
func BenchmarkCommit(b *testing.B)    { benchkit.Commit(b, backend) }
func BenchmarkDelete(b *testing.B)    { benchkit.Delete(b, backend) }
func BenchmarkAll(b *testing.B)       { benchkit.All(b, backend) }
func BenchmarkIterate(b *testing.B)   { benchkit.Iterate(b, backend) }
func BenchmarkCostCurve(b *testing.B) { benchkit.CostCurve(b, backend) }

// BenchmarkCommitPrincipal compares Commit without and with Config.Principal (GobPrincipal).
func BenchmarkCommitPrincipal(b *testing.B) {
	db := mattn.Open(b)
	benchkit.CommitPrincipal(b, dialect.SQLite, testdb.DBExec(db), func(cfg sqlstore.Config) *sqlstore.Store {
		return sqlite3store.NewWithConfig(db, cfg)
	})
}
