package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"
)

// Config is what one test asks of a new store.
type Config struct {
	// TableName is a fresh table name the store must use; it may be
	// schema-qualified ("scsql_test.st_find_a1b2c3"). Names hold only lower
	// case ASCII letters, digits and underscores, and are short enough for
	// every database.
	TableName string

	// Now is the clock that judges expiry. nil means the real clock.
	//
	// The suite's clock starts at a time truncated to the millisecond and
	// moves in steps of whole milliseconds, and the expiries it commits sit on
	// the same grid. Databases keep microseconds, and SQLite's julian-day REAL
	// keeps a few tens of microseconds, so a store that rounds to either still
	// agrees with the suite at every boundary it checks.
	Now func() time.Time

	// Principal, when not nil, is how the store must learn a session's
	// principal (the user it belongs to) from the data it is committed
	// with: ok false means the session has none. The suite sets it only
	// when the harness declares Principal, and only for the Principal
	// group's stores.
	Principal func(data []byte) (principal string, ok bool)
}

// Harness tells Run how to make stores and what they cannot do.
type Harness struct {
	// New returns a new store whose table is empty and ready, configured by
	// cfg. It registers its own teardown with t.Cleanup (stop the store's
	// cleanup, drop the table). Run calls it many times, also from parallel
	// subtests, so it must be safe for concurrent use.
	//
	// The store should run no background cleanup, or one too rare to fire
	// during a test: the Cleanup checks count the rows they delete.
	New func(t testing.TB, cfg Config) scs.Store

	// Schema, when set, is a schema (PostgreSQL, SQL Server), database
	// (MySQL) or attached database (SQLite) the store can qualify table names
	// with. Empty: the schema-qualified test is skipped with a logged reason.
	Schema string

	// NoClock declares that the store ignores Config.Now; clock-dependent
	// checks then use real time and short sleeps instead of skipping. Checks
	// that only an injected clock can make (the exact expiry instant, judging
	// by the application's clock rather than the database's) are skipped.
	NoClock bool

	// NoTableName declares that the store ignores Config.TableName (so table
	// isolation tests are skipped with a reason).
	NoTableName bool

	// NoCleanup declares that the store has no Cleanup(context.Context)
	// (int64, error) method (see Cleaner). If it is false and the store lacks
	// the method, the suite fails.
	NoCleanup bool

	// MaxDataSize is the largest session data the store holds; 0 means the
	// store must hold at least 1 MiB. The suite commits a payload of
	// MaxDataSize or 1 MiB, whichever is smaller. When it is set, Commit of
	// one byte more must fail and leave the session's previous data as it
	// was: never truncated.
	MaxDataSize int

	// Principal declares that the store keeps each session's principal
	// (see Config.Principal) and implements PrincipalStore. The Principal
	// group runs only then; other stores skip it with a logged reason.
	Principal bool
}

// PrincipalStore is implemented by stores that find and delete sessions
// by principal. Unless Harness.Principal is set, Run does not ask for it.
type PrincipalStore interface {
	// ForEachByPrincipal calls fn with the token and data of every live
	// session of principal, and stops at the first error fn returns.
	ForEachByPrincipal(ctx context.Context, principal string, fn func(token string, data []byte) error) error
	// FindByPrincipal returns the live sessions of principal, keyed by
	// token.
	FindByPrincipal(ctx context.Context, principal string) (map[string][]byte, error)
	// DeleteByPrincipal deletes every session of principal and returns how
	// many it deleted. Expired sessions not yet cleaned up may be counted.
	DeleteByPrincipal(ctx context.Context, principal string) (int64, error)
}

// Cleaner is implemented by stores that delete expired sessions on demand.
// Unless Harness.NoCleanup is set, Run requires it.
type Cleaner interface {
	// Cleanup deletes every session that has expired by the store's clock,
	// however many there are, and returns how many it deleted.
	Cleanup(ctx context.Context) (int64, error)
}

// validate stops the test when h cannot make stores at all, so that one
// mistake reports once rather than in every subtest.
func (h Harness) validate(t *testing.T) {
	t.Helper()
	if h.New == nil {
		t.Fatal("storetest: Harness.New is nil")
	}
	if h.MaxDataSize < 0 {
		t.Fatalf("storetest: Harness.MaxDataSize is %d, want 0 (1 MiB) or more", h.MaxDataSize)
	}
}
