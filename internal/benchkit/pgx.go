package benchkit

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/scsql/scsql/internal/testdb"
)

// Pgx is the Driver of pgx pools. Pools keep their own default size.
var Pgx = Driver[*pgxpool.Pool]{
	exec: func(ctx context.Context, pool *pgxpool.Pool, query string, args ...any) error {
		_, err := pool.Exec(ctx, query, args...)
		return err
	},
	floor: func(_ testing.TB, pool *pgxpool.Pool, q floorSQL) Store {
		return pgxFloor{pool: pool, q: q}
	},
}

// PgxPoolIn opens a pgx pool on PostgreSQL with search_path set to schema, created if missing,
// and closes it when tb ends.
func PgxPoolIn(tb testing.TB, schema string) *pgxpool.Pool {
	tb.Helper()
	testdb.MustExec(tb, testdb.Postgres(tb), "CREATE SCHEMA IF NOT EXISTS "+schema)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	pool, err := pgxpool.New(ctx, testdb.PostgresDSNIn(tb, schema))
	if err != nil {
		tb.Fatalf("pgxpool: %v", err)
	}
	tb.Cleanup(pool.Close)
	if err := pool.Ping(ctx); err != nil {
		testdb.Unreachable(tb, "PostgreSQL", err)
	}
	return pool
}

// pgxFloor runs each operation as one statement on the pool, by its SQL text: pgx prepares and
// caches it per connection.
type pgxFloor struct {
	pool *pgxpool.Pool
	q    floorSQL
}

func (f pgxFloor) Find(token string) ([]byte, bool, error) {
	var data []byte
	err := f.pool.QueryRow(context.Background(), f.q.find, token, time.Now()).Scan(&data)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, false, nil
	}
	return data, err == nil, err
}

func (f pgxFloor) Commit(token string, data []byte, expiry time.Time) error {
	_, err := f.pool.Exec(context.Background(), f.q.upsert, token, data, expiry)
	return err
}

func (f pgxFloor) Delete(token string) error {
	_, err := f.pool.Exec(context.Background(), f.q.delete, token)
	return err
}

func (f pgxFloor) All() (map[string][]byte, error) {
	rows, err := f.pool.Query(context.Background(), f.q.all, time.Now())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return collect(rows)
}
