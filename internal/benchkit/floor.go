package benchkit

import (
	"context"
	"database/sql"
	"errors"
	"runtime"
	"testing"
	"time"

	"github.com/scsql/scsql/dialect"
)

// floorSQL is the plainest correct SQL of each operation on the table "sessions", written by
// hand. Like scsql, it judges expiry by the application's clock: now is a parameter.
type floorSQL struct {
	find   string // (token, now)
	upsert string // (token, data, expiry)
	delete string // (token)
	all    string // (now)
	// bindTime is the cheapest correct way to bind a time for the column.
	bindTime func(time.Time) any
}

func floorFor(d dialect.Dialect) floorSQL {
	switch d.Name {
	case dialect.Postgres.Name:
		return floorSQL{
			find:     "SELECT data FROM sessions WHERE token = $1 AND expiry > $2",
			upsert:   "INSERT INTO sessions (token, data, expiry) VALUES ($1, $2, $3) ON CONFLICT (token) DO UPDATE SET data = EXCLUDED.data, expiry = EXCLUDED.expiry",
			delete:   "DELETE FROM sessions WHERE token = $1",
			all:      "SELECT token, data FROM sessions WHERE expiry > $1",
			bindTime: func(t time.Time) any { return t },
		}
	case dialect.MySQL.Name:
		// The driver sends a time.Time in the binary protocol, in its loc (UTC by default).
		return floorSQL{
			find:     "SELECT data FROM sessions WHERE token = ? AND expiry > ?",
			upsert:   "INSERT INTO sessions (token, data, expiry) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE data = VALUES(data), expiry = VALUES(expiry)",
			delete:   "DELETE FROM sessions WHERE token = ?",
			all:      "SELECT token, data FROM sessions WHERE expiry > ?",
			bindTime: func(t time.Time) any { return t },
		}
	case dialect.SQLite.Name:
		// scs's schema keeps expiry as a julian day number: milliseconds since the julian epoch,
		// in days.
		return floorSQL{
			find:     "SELECT data FROM sessions WHERE token = ? AND expiry > ?",
			upsert:   "INSERT INTO sessions (token, data, expiry) VALUES (?, ?, ?) ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry",
			delete:   "DELETE FROM sessions WHERE token = ?",
			all:      "SELECT token, data FROM sessions WHERE expiry > ?",
			bindTime: func(t time.Time) any { return float64(t.UnixMilli()+210866760000000) / 864e5 },
		}
	}
	panic("benchkit: no floor SQL for dialect " + d.Name)
}

// DatabaseSQL is the Driver of *sql.DB handles. It keeps as many idle connections as the
// parallel runs have goroutines, so that those runs measure stores, not connection churn
// (database/sql keeps 2 by default).
var DatabaseSQL = Driver[*sql.DB]{
	exec: func(ctx context.Context, db *sql.DB, query string, args ...any) error {
		_, err := db.ExecContext(ctx, query, args...)
		return err
	},
	floor: newSQLFloor,
	tune: func(db *sql.DB) {
		db.SetMaxIdleConns(parallelism * runtime.GOMAXPROCS(0))
	},
}

// sqlFloor runs each operation as one statement, prepared once on db.
type sqlFloor struct {
	find, upsert, delete, all *sql.Stmt
	bindTime                  func(time.Time) any
}

func newSQLFloor(tb testing.TB, db *sql.DB, q floorSQL) Store {
	tb.Helper()
	f := &sqlFloor{bindTime: q.bindTime}
	for _, p := range []struct {
		stmt  **sql.Stmt
		query string
	}{{&f.find, q.find}, {&f.upsert, q.upsert}, {&f.delete, q.delete}, {&f.all, q.all}} {
		s, err := db.Prepare(p.query)
		if err != nil {
			tb.Fatalf("floor: prepare %s: %v", p.query, err)
		}
		tb.Cleanup(func() { s.Close() })
		*p.stmt = s
	}
	return f
}

func (f *sqlFloor) Find(token string) ([]byte, bool, error) {
	var data []byte
	err := f.find.QueryRow(token, f.bindTime(time.Now())).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	return data, err == nil, err
}

func (f *sqlFloor) Commit(token string, data []byte, expiry time.Time) error {
	_, err := f.upsert.Exec(token, data, f.bindTime(expiry))
	return err
}

func (f *sqlFloor) Delete(token string) error {
	_, err := f.delete.Exec(token)
	return err
}

func (f *sqlFloor) All() (map[string][]byte, error) {
	rows, err := f.all.Query(f.bindTime(time.Now()))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return collect(rows)
}

// rows is what *sql.Rows and pgx.Rows have in common.
type rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

// collect reads (token, data) rows into a map, as All returns it.
func collect(r rows) (map[string][]byte, error) {
	sessions := make(map[string][]byte)
	for r.Next() {
		var (
			token string
			data  []byte
		)
		if err := r.Scan(&token, &data); err != nil {
			return nil, err
		}
		sessions[token] = data
	}
	return sessions, r.Err()
}
