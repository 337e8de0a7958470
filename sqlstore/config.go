package sqlstore

import (
	"log/slog"
	"time"
)

// DefaultCleanUpInterval is how often New's stores purge expired sessions, as in scs.
const DefaultCleanUpInterval = 5 * time.Minute

// DefaultCleanUpBatchSize is the most rows one cleanup statement deletes when
// Config.CleanUpBatchSize is zero.
const DefaultCleanUpBatchSize = 1000

// DefaultCleanUpBatchPause is the least pause between two cleanup statements when
// Config.CleanUpBatchPause is zero; the pause is then also at least as long as the statement
// before it took.
const DefaultCleanUpBatchPause = 250 * time.Millisecond

// DefaultCleanUpMaxDuration is how long one cleanup run may go on starting statements when
// Config.CleanUpMaxDuration is zero.
const DefaultCleanUpMaxDuration = 30 * time.Second

// DefaultTableName is the table used when Config.TableName is empty, as in scs.
const DefaultTableName = "sessions"

// Config configures a Store. Its zero value is valid: table "sessions", no background cleanup.
type Config struct {
	// TableName is the session table, optionally schema-qualified ("auth.sessions"). Each part
	// must be ASCII letters, digits and underscores, not starting with a digit. Empty means
	// "sessions".
	TableName string

	// CleanUpInterval is how often a background goroutine deletes expired sessions. Zero (or
	// less) starts no goroutine; expired sessions are then never found but stay in the table
	// until Store.Cleanup is called.
	CleanUpInterval time.Duration

	// CleanUpBatchSize is the most rows one delete statement removes; a cleanup repeats the
	// statement until fewer rows are left. Zero (or less) means DefaultCleanUpBatchSize.
	CleanUpBatchSize int

	// CleanUpBatchPause is the pause between two delete statements of one run, which leaves the
	// database time for other work and replicas time to catch up. Zero means adaptive: as long
	// as the statement before took, and at least DefaultCleanUpBatchPause, so a purge never keeps
	// the database busy more than half the time. A negative value means no pause.
	CleanUpBatchPause time.Duration

	// CleanUpMaxDuration bounds one cleanup run: after it, the run starts no further statement
	// and the rest waits for the next run (CleanupResult.Complete is false). Zero means
	// DefaultCleanUpMaxDuration; a negative value means no bound.
	CleanUpMaxDuration time.Duration

	// OnCleanup, if set, receives the outcome of every cleanup run, background or Cleanup's, once
	// the run has released its lock. It must not block for long. A panic in it is recovered and
	// logged by the background cleanup, and propagates from Cleanup.
	OnCleanup func(CleanupResult)

	// OnCleanupProgress, if set, receives a cleanup run's totals so far after each of its
	// delete statements, while the run holds the cleanup lock: Deleted and Batches count what
	// the run has done, Start is when it began, and Duration is the time since then. It is
	// called from the goroutine that runs the cleanup and must return quickly: the run waits for
	// it, lock held. It suits a progress display (the scsql command's purge).
	OnCleanupProgress func(CleanupResult)

	// Logger receives cleanup errors and warnings. Nil means slog.Default() at the time of
	// logging. No token is ever logged.
	Logger *slog.Logger

	// MaxDataSize, when positive, is the most bytes of session data Commit accepts: larger data
	// gives an error wrapping ErrDataTooLarge before any I/O, and the session keeps its previous
	// data. Zero (or less) means no limit but the table's: Commit refuses data larger than the
	// data column holds in any case (see ErrDataTooLarge).
	MaxDataSize int

	// Principal, when set, makes the store keep each session's principal, the user it belongs
	// to, so that Store.FindByPrincipal, ForEachByPrincipal and DeleteByPrincipal find a
	// user's sessions in one statement on an index ("sign out everywhere"). Commit calls it
	// with the encoded session data; ok false (an anonymous session, or data it cannot
	// decode) stores no principal, and so does the empty string. It must not fail a Commit,
	// so it reports problems itself (GobPrincipal logs them). GobPrincipal(key) is the
	// function for scs's default codec, PrincipalFromCodec for any other. A principal longer
	// than MaxPrincipalBytes, not valid UTF-8, or holding a NUL byte fails the Commit with
	// ErrInvalidPrincipal.
	//
	// The table needs a nullable principal column and an index on it: CreateTable creates them
	// with the table, and the first operation on a table without the column fails with
	// ErrNoPrincipalColumn, whose message gives the ALTER TABLE that adds it. Nil (the
	// default) keeps no principals, and the store's statements and table are scs's.
	Principal func(data []byte) (principal string, ok bool)

	// Now is the clock that judges expiry. Nil means time.Now. The store binds its value as a
	// parameter, so the database's clock and time zone never decide whether a session is live.
	Now func() time.Time

	// TransactionPooling declares that the store's connections go through a pooler that may
	// run each transaction on a different server connection, such as PgBouncer with
	// pool_mode = transaction (or statement). The store then keeps no state on a server
	// connection beyond one statement:
	//
	//   - It prepares no named statement on the server. FromDB sends each query unprepared;
	//     lib/pq then needs binary_parameters=yes in its DSN, which sends a query with its
	//     arguments in one round trip (without it lib/pq takes two, with a sync between them
	//     at which a pooler may switch server connections). pgx's database/sql driver needs
	//     default_query_exec_mode=exec in its DSN: it prepares and caches every statement by
	//     name itself otherwise, whatever the store sends. pgxstore uses
	//     pgx.QueryExecModeExec, one round trip, unless the pool's DefaultQueryExecMode
	//     already prepares nothing by name (CacheDescribe, Exec, SimpleProtocol), which it then
	//     keeps. go-sql-driver/mysql takes two round trips, or one with interpolateParams=true.
	//   - On PostgreSQL, the cleanup lock is a transaction-level advisory lock taken inside
	//     each delete statement, instead of a session-level one held for the whole run, which
	//     a pooler could leave held on a pooled server connection, blocking every later run.
	//     No two delete statements on the table then run at once, and a run that meets
	//     another's statement stops and leaves the rest to it (CleanupResult.Skipped), but
	//     runs of different processes may interleave their statements; FOR UPDATE SKIP
	//     LOCKED keeps them from deleting the same rows.
	//
	// Leave it false on direct connections, and behind poolers in session mode: statements
	// are then prepared once per connection (one round trip on every driver) and one cleanup
	// run holds the lock from start to end.
	TransactionPooling bool
}
