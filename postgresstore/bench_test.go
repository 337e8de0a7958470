package postgresstore_test

import (
	"database/sql"
	"testing"

	scspostgresstore "github.com/alexedwards/scs/postgresstore"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/benchkit"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/postgresstore"
	"github.com/scsql/scsql/sqlstore"
)

// The benchmarks live in internal/benchkit; this wires in PostgreSQL through lib/pq.
var backend = benchkit.Backend[*sql.DB]{
	Name:     "pq",
	Database: benchkit.PostgreSQL,
	Driver:   benchkit.DatabaseSQL,
	Open:     testdb.PostgresIn,
	SCSQL:    func(db *sql.DB, cfg sqlstore.Config) *sqlstore.Store { return postgresstore.NewWithConfig(db, cfg) },
	SCS:      func(db *sql.DB) benchkit.SCSStore { return scspostgresstore.NewWithCleanupInterval(db, 0) },
}

func BenchmarkFind(b *testing.B)           { benchkit.Find(b, backend) }
func BenchmarkCommit(b *testing.B)         { benchkit.Commit(b, backend) }
func BenchmarkDelete(b *testing.B)         { benchkit.Delete(b, backend) }
func BenchmarkAll(b *testing.B)            { benchkit.All(b, backend) }
func BenchmarkIterate(b *testing.B)        { benchkit.Iterate(b, backend) }
func BenchmarkPurgeUnderLoad(b *testing.B) { benchkit.PurgeUnderLoad(b, backend) }

// BenchmarkCommitPrincipal compares Commit without and with Config.Principal (GobPrincipal).
func BenchmarkCommitPrincipal(b *testing.B) {
	db := testdb.Postgres(b)
	benchkit.CommitPrincipal(b, dialect.Postgres, testdb.DBExec(db), func(cfg sqlstore.Config) *sqlstore.Store {
		return postgresstore.NewWithConfig(db, cfg)
	})
}
