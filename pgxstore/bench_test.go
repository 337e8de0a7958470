package pgxstore_test

import (
	"testing"

	scspgxstore "github.com/alexedwards/scs/pgxstore"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/scsql/scsql/internal/benchkit"
	"github.com/scsql/scsql/pgxstore"
	"github.com/scsql/scsql/sqlstore"
)

// The benchmarks live in internal/benchkit; this wires in PostgreSQL through a pgx pool.
var backend = benchkit.Backend[*pgxpool.Pool]{
	Name:     "pgx",
	Database: benchkit.PostgreSQL,
	Driver:   benchkit.Pgx,
	Open:     benchkit.PgxPoolIn,
	SCSQL:    func(p *pgxpool.Pool, cfg sqlstore.Config) *sqlstore.Store { return pgxstore.NewWithConfig(p, cfg) },
	SCS:      func(p *pgxpool.Pool) benchkit.SCSStore { return scspgxstore.NewWithCleanupInterval(p, 0) },
}

func BenchmarkFind(b *testing.B)   { benchkit.Find(b, backend) }
func BenchmarkCommit(b *testing.B) { benchkit.Commit(b, backend) }
func BenchmarkDelete(b *testing.B) { benchkit.Delete(b, backend) }
func BenchmarkAll(b *testing.B)    { benchkit.All(b, backend) }
