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

// The benchmarks live in internal/benchkit; this wires in PostgreSQL through lib/pq and through
// pgx's database/sql driver, side by side (BenchmarkFind/driver=pq/..., driver=pgx-stdlib/...).
var backend = benchkit.Backend[*sql.DB]{
	Name:     "pq",
	Database: benchkit.PostgreSQL,
	Driver:   benchkit.DatabaseSQL,
	Open:     testdb.PostgresIn,
	SCSQL:    func(db *sql.DB, cfg sqlstore.Config) *sqlstore.Store { return postgresstore.NewWithConfig(db, cfg) },
	SCS:      func(db *sql.DB) benchkit.SCSStore { return scspostgresstore.NewWithCleanupInterval(db, 0) },
}

// pgxStdlibBackend is backend on pgx's database/sql driver ("pgx").
var pgxStdlibBackend = func() benchkit.Backend[*sql.DB] {
	be := backend
	be.Name = "pgxstdlib"
	be.Open = func(tb testing.TB, schema string) *sql.DB {
		testdb.MustExec(tb, testdb.Postgres(tb), "CREATE SCHEMA IF NOT EXISTS "+schema)
		return testdb.Open(tb, "PostgreSQL", "pgx", testdb.PostgresDSNIn(tb, schema))
	}
	return be
}()

// eachDriver runs bench on lib/pq's backend and on pgx's database/sql driver's.
func eachDriver(b *testing.B, bench func(*testing.B, benchkit.Backend[*sql.DB])) {
	b.Run("driver=pq", func(b *testing.B) { bench(b, backend) })
	b.Run("driver=pgx-stdlib", func(b *testing.B) { bench(b, pgxStdlibBackend) })
}

func BenchmarkFind(b *testing.B)    { eachDriver(b, benchkit.Find[*sql.DB]) }
func BenchmarkCommit(b *testing.B)  { eachDriver(b, benchkit.Commit[*sql.DB]) }
func BenchmarkDelete(b *testing.B)  { eachDriver(b, benchkit.Delete[*sql.DB]) }
func BenchmarkAll(b *testing.B)     { eachDriver(b, benchkit.All[*sql.DB]) }
func BenchmarkIterate(b *testing.B) { eachDriver(b, benchkit.Iterate[*sql.DB]) }

// BenchmarkPurgeUnderLoad is lib/pq's only: it takes minutes, and the purge's cost is the
// server's.
func BenchmarkPurgeUnderLoad(b *testing.B) { benchkit.PurgeUnderLoad(b, backend) }

// BenchmarkCostCurve is lib/pq's only: the curve measures how the server's costs grow with the
// table, which the driver does not change.
func BenchmarkCostCurve(b *testing.B) { benchkit.CostCurve(b, backend) }

// BenchmarkCommitPrincipal compares Commit without and with Config.Principal (GobPrincipal).
func BenchmarkCommitPrincipal(b *testing.B) {
	db := testdb.Postgres(b)
	benchkit.CommitPrincipal(b, dialect.Postgres, testdb.DBExec(db), func(cfg sqlstore.Config) *sqlstore.Store {
		return postgresstore.NewWithConfig(db, cfg)
	})
}
