// Package sqlstore is the one session store core behind every scsql package.
//
// A Store runs a dialect's SQL through an Executor and implements scs.Store, scs.CtxStore,
// scs.IterableStore and scs.IterableCtxStore. The per-database packages (mysqlstore,
// postgresstore, pgxstore, sqlite3store, mssqlstore) only choose the dialect and the executor.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/cleanup"
)

var (
	_ scs.Store            = (*Store)(nil)
	_ scs.CtxStore         = (*Store)(nil)
	_ scs.IterableStore    = (*Store)(nil)
	_ scs.IterableCtxStore = (*Store)(nil)
)

// ErrClosed is returned by every operation on a Store after Close.
var ErrClosed = errors.New("sqlstore: store is closed")

// Store is a session store on one SQL table. It is safe for concurrent use.
type Store struct {
	exec    Executor
	dialect dialect.Dialect // as New was given it; d() is the one that serves the server (server.go)
	plan    *plan           // the statements: see statements (plan.go)
	// principal is Config.Principal; nil when the store keeps no principals.
	principal func([]byte) (string, bool)
	maxData   int
	table     string
	now       func() time.Time
	logger    *slog.Logger
	cleaner   *cleanup.Engine

	// Cleanup settings, defaults applied.
	batch     int
	pause     time.Duration
	maxRun    time.Duration
	onCleanup func(CleanupResult)
	progress  func(CleanupResult)

	// transactionPooling: see Config.TransactionPooling.
	transactionPooling bool

	closeOnce sync.Once
	closed    chan struct{}
	closeErr  error
}

// New returns a Store that runs d's SQL through exec, configured by cfg. It does no I/O. If
// cfg.CleanUpInterval is positive it starts the background cleanup; StopCleanup or Close stops it.
// With cfg.TransactionPooling set, an exec that implements Unpreparer (FromDB's, pgxstore's) is
// replaced by its Unprepared form; any other Executor is used as it is, and must then itself
// prepare no named statement on the server.
//
// An invalid cfg.TableName or an invalid dialect is a programming error: New panics with an
// error that wraps dialect.ErrInvalidTableName or dialect.ErrInvalidDialect and says what is
// wrong, as regexp.MustCompile does. A program that builds its dialect at run time can call
// d.Validate first.
func New(exec Executor, d dialect.Dialect, cfg Config) *Store {
	if cfg.TableName == "" {
		cfg.TableName = DefaultTableName
	}
	if cfg.Principal != nil {
		var err error
		if d, err = principalDialect(d, cfg.TableName); err != nil {
			panic(fmt.Errorf("sqlstore: %s: %w", d.Name, err))
		}
	}
	stmts, err := d.Statements(cfg.TableName)
	if err != nil {
		panic(fmt.Errorf("sqlstore: %s: %w", d.Name, err))
	}
	if cfg.TransactionPooling {
		if u, ok := exec.(Unpreparer); ok {
			exec = u.Unprepared()
		}
	}
	s := &Store{
		exec:    exec,
		dialect: d,
		plan:    newPlan(d, stmts),
		table:   cfg.TableName,
		now:     cfg.Now,
		logger:  cfg.Logger,
		maxData: cfg.MaxDataSize,
		closed:  make(chan struct{}),

		principal: cfg.Principal,

		batch:     cfg.CleanUpBatchSize,
		pause:     cfg.CleanUpBatchPause,
		maxRun:    orDefault(cfg.CleanUpMaxDuration, DefaultCleanUpMaxDuration),
		onCleanup: cfg.OnCleanup,
		progress:  cfg.OnCleanupProgress,

		transactionPooling: cfg.TransactionPooling,
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.batch <= 0 {
		s.batch = DefaultCleanUpBatchSize
	}
	s.cleaner = cleanup.Start(cleanup.Config{
		Interval: cfg.CleanUpInterval,
		Purge:    s.Cleanup,
		Logger:   s.log,
		Table:    s.table,
	})
	return s
}

// orDefault maps zero to def and negative to zero ("none").
func orDefault(d, def time.Duration) time.Duration {
	switch {
	case d == 0:
		return def
	case d < 0:
		return 0
	}
	return d
}

// NewDB returns a Store on db: New(FromDB(db), d, cfg).
func NewDB(db *sql.DB, d dialect.Dialect, cfg Config) *Store {
	return New(FromDB(db), d, cfg)
}

func (s *Store) log() *slog.Logger {
	if s.logger != nil {
		return s.logger
	}
	return slog.Default()
}

func (s *Store) isClosed() bool {
	select {
	case <-s.closed:
		return true
	default:
		return false
	}
}

// Find returns the data of the session with the given token. found is false, with a nil error,
// when there is no such session, it has expired, or the token is one Commit would refuse (see
// ErrInvalidToken).
func (s *Store) Find(token string) (data []byte, found bool, err error) {
	return s.FindCtx(context.Background(), token)
}

// FindCtx is Find with a context.
func (s *Store) FindCtx(ctx context.Context, token string) (data []byte, found bool, err error) {
	if s.isClosed() {
		return nil, false, ErrClosed
	}
	if checkToken(token) != nil {
		return nil, false, nil // no such token can have been committed
	}
	st, err := s.statements(ctx)
	if err != nil {
		return nil, false, fmt.Errorf("sqlstore: find session: %w", err)
	}
	c := new(findCall)
	c.args = [2]any{s.d().Bind.TokenArg(token), s.timeArg(&c.time, s.now())}
	c.dest[0] = &c.data
	err = s.retry(ctx, func() (err error) {
		found, err = s.exec.QueryRow(ctx, st.Find, c.args[:], c.dest[:]...)
		return err
	})
	if err != nil {
		return nil, false, fmt.Errorf("sqlstore: find session: %w", err)
	}
	if !found {
		return nil, false, nil
	}
	return c.data, true, nil
}

// findCall is what one Find hands its executor: the arguments, the time's text, the
// destination and the data scanned into it, which escape to the heap together, in one
// allocation rather than four.
type findCall struct {
	data []byte
	args [2]any
	dest [1]any
	time timeText
}

// Commit stores the session's data and expiry, overwriting both if the token exists. A token
// the store does not accept gives an error wrapping ErrInvalidToken, data larger than the table
// or Config.MaxDataSize allows one wrapping ErrDataTooLarge, and an expiry the expiry column
// cannot hold one wrapping ErrExpiryOutOfRange; then nothing is written. An expiry in the past
// is stored, and the session is never found.
func (s *Store) Commit(token string, data []byte, expiry time.Time) error {
	return s.CommitCtx(context.Background(), token, data, expiry)
}

// CommitCtx is Commit with a context. The write is one statement: it happens whole or not at all.
func (s *Store) CommitCtx(ctx context.Context, token string, data []byte, expiry time.Time) error {
	if s.isClosed() {
		return ErrClosed
	}
	if err := checkToken(token); err != nil {
		return fmt.Errorf("sqlstore: commit session: %w", err)
	}
	if err := s.checkDataSize(data); err != nil {
		return fmt.Errorf("sqlstore: commit session: %w", err)
	}
	if data == nil {
		// The data column is NOT NULL; nil and empty mean the same to scs.
		data = []byte{}
	}
	st, err := s.statements(ctx)
	if err != nil {
		return fmt.Errorf("sqlstore: commit session: %w", err)
	}
	if err := s.checkCommit(st, token, data, expiry); err != nil {
		return fmt.Errorf("sqlstore: commit session: %w", err)
	}
	l := newArgList()
	defer l.free(ctx)
	args := append(l.args[:0], s.d().Bind.TokenArg(token), data, s.timeArg(&l.time, expiry))
	if s.principal != nil {
		principalArg, err := s.principalArg(data)
		if err != nil {
			return fmt.Errorf("sqlstore: commit session: %w", err)
		}
		args = append(args, principalArg)
	}
	_, err = s.retryWrite(ctx, st.Upsert, args)
	return s.commitError(data, err)
}

// commitError wraps the error of Commit's upsert.
func (s *Store) commitError(data []byte, err error) error {
	if err == nil {
		// Before the dialect's methods: with a value receiver on a large struct, each call
		// copies it, which on this path would cost more than the rest of the store's code.
		return nil
	}
	if s.d().DataTooLarge(err) {
		return fmt.Errorf("sqlstore: commit session: %w: data is %d bytes: %w", ErrDataTooLarge, len(data), err)
	}
	return fmt.Errorf("sqlstore: commit session: %w", err)
}

// Delete removes the session with the given token. Deleting a missing token is not an error.
func (s *Store) Delete(token string) error {
	return s.DeleteCtx(context.Background(), token)
}

// DeleteCtx is Delete with a context.
func (s *Store) DeleteCtx(ctx context.Context, token string) error {
	if s.isClosed() {
		return ErrClosed
	}
	if checkToken(token) != nil {
		return nil // no such token can have been committed
	}
	st, err := s.statements(ctx)
	if err != nil {
		return fmt.Errorf("sqlstore: delete session: %w", err)
	}
	l := newArgList()
	defer l.free(ctx)
	_, err = s.retryWrite(ctx, st.Delete, append(l.args[:0], s.d().Bind.TokenArg(token)))
	if err != nil {
		return fmt.Errorf("sqlstore: delete session: %w", err)
	}
	return nil
}

// All returns the data of every live session, keyed by token. It returns an empty, non-nil map
// when there is none. ForEach visits the same sessions without holding them all in memory.
func (s *Store) All() (map[string][]byte, error) {
	return s.AllCtx(context.Background())
}

// AllCtx is All with a context.
func (s *Store) AllCtx(ctx context.Context) (map[string][]byte, error) {
	return collect(func(fn func(string, []byte) error) error { return s.ForEach(ctx, fn) })
}

// collect gathers what forEach visits into a map keyed by token: never nil without an error.
func collect(forEach func(fn func(token string, data []byte) error) error) (map[string][]byte, error) {
	sessions := make(map[string][]byte)
	err := forEach(func(token string, data []byte) error {
		sessions[token] = data
		return nil
	})
	if err != nil {
		return nil, err
	}
	return sessions, nil
}

// ForEach calls fn with the token and data of every live session, one row at a time, in no
// particular order. fn may keep data. ForEach stops at, and returns, the first error fn returns.
func (s *Store) ForEach(ctx context.Context, fn func(token string, data []byte) error) error {
	if s.isClosed() {
		return ErrClosed
	}
	st, err := s.statements(ctx)
	if err != nil {
		return fmt.Errorf("sqlstore: list sessions: %w", err)
	}
	return s.forEach(ctx, "list sessions", st.All, []any{s.d().Bind.TimeArg(s.now())}, fn)
}

// forEach runs query, which returns (token, data) rows, with args, and calls fn with each row;
// op names the operation in errors.
func (s *Store) forEach(ctx context.Context, op, query string, args []any, fn func(token string, data []byte) error) error {
	var (
		token string
		data  []byte
		fnErr error
	)
	delivered := false
	err := s.retryIf(ctx, func() error {
		return s.exec.Query(ctx, query, args, func(scan func(...any) error) error {
			delivered = true
			data = nil // a fresh slice per row, so fn may keep the previous one
			if err := scan(&token, &data); err != nil {
				return err
			}
			if data == nil {
				data = []byte{}
			}
			fnErr = fn(token, data)
			return fnErr
		})
	}, func() bool { return !delivered })
	switch {
	case err == nil:
		return nil
	case fnErr != nil && errors.Is(err, fnErr):
		return fnErr
	default:
		return fmt.Errorf("sqlstore: %s: %w", op, err)
	}
}

// ErrPermissionDenied is wrapped by the error CreateTable returns when the database refused it
// for want of a privilege (for SQLite: because the database is read-only). The message says
// which privilege creating the table needs, and keeps the database's own error.
var ErrPermissionDenied = errors.New("sqlstore: permission denied")

// CreateTable creates the recommended session table and its expiry index if the table is
// missing. When the table exists it does nothing at all, whatever its columns and indexes
// (scs's schema, say, or one your migrations manage): so a database user with only SELECT,
// INSERT, UPDATE and DELETE on the table can call it, and it never fails or changes anything
// there. It is idempotent. Creating the table needs more (see ErrPermissionDenied).
func (s *Store) CreateTable(ctx context.Context) error {
	if s.isClosed() {
		return ErrClosed
	}
	st, err := s.statements(ctx)
	if err != nil {
		return fmt.Errorf("sqlstore: create table %s: %w", s.table, err)
	}
	// One connection for the look-up and the statements; none of them is worth preparing.
	creating := false
	err = s.exec.WithConn(ctx, func(q Querier) error {
		// Look first: CREATE ... IF NOT EXISTS checks privileges before it checks whether the
		// table exists (PostgreSQL wants CREATE on the schema, MySQL the CREATE privilege), and
		// CREATE INDEX IF NOT EXISTS wants ownership or INDEX, even when there is nothing to do.
		var exists bool
		if _, err := q.QueryRow(ctx, st.TableExists, nil, &exists); err != nil || exists {
			return err
		}
		creating = true
		for _, stmt := range st.CreateTable {
			if _, err := q.Exec(ctx, stmt); err != nil {
				return err
			}
		}
		return nil
	})
	switch {
	case err == nil:
		return nil
	case !s.d().PermissionDenied(err):
		return fmt.Errorf("sqlstore: create table %s: %w", s.table, err)
	case !creating:
		return fmt.Errorf("%w: create table %s: the user may not look the table up: %w", ErrPermissionDenied, s.table, err)
	}
	hint := "the database refused to create it"
	if need := s.d().CreatePrivilege; need != "" {
		hint = "creating it needs " + need + " (the store's operations need only SELECT, INSERT, UPDATE and DELETE on the table)"
	}
	return fmt.Errorf("%w: create table %s: no such table is visible to this user, and %s: %w", ErrPermissionDenied, s.table, hint, err)
}

// StopCleanup stops the background cleanup and returns once it has stopped, cancelling a run in
// flight. It is safe to call more than once, concurrently, and when no cleanup was started. The
// store keeps working; only expired rows stay until Cleanup runs.
func (s *Store) StopCleanup() {
	s.cleaner.Stop()
}

// Close stops the background cleanup and releases the statements the store prepared. It does not
// close the database handle. After Close every operation returns ErrClosed. Close is idempotent.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		// Stop the cleanup first, so that no run starts against a closed store and logs it.
		s.cleaner.Stop()
		close(s.closed)
		s.closeErr = s.exec.Close()
	})
	return s.closeErr
}
