package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/scsql/scsql/dialect"
)

// MaxPrincipalBytes is the longest principal, in bytes, that a store keeps (see
// Config.Principal).
const MaxPrincipalBytes = dialect.MaxPrincipalBytes

// ErrInvalidPrincipal is wrapped by the error Commit returns when Config.Principal gives a
// principal the store does not keep: longer than MaxPrincipalBytes, not valid UTF-8, or
// holding a NUL byte, which some databases cannot store in text. Nothing is written: the
// session keeps its previous data. The message gives the principal's length, never the
// principal.
var ErrInvalidPrincipal = errors.New("sqlstore: invalid principal")

// ErrNoPrincipalColumn is wrapped by the error of every operation of a store with
// Config.Principal set on a table without a principal column. The message names the column
// and the statements that add it; nothing is written. Once the column is there, the next
// operation finds it: the store need not be made again.
var ErrNoPrincipalColumn = errors.New("sqlstore: the table has no principal column")

// ErrPrincipalNotSet is returned by FindByPrincipal, ForEachByPrincipal and DeleteByPrincipal
// on a store made without Config.Principal, which keeps no principals to find.
var ErrPrincipalNotSet = errors.New("sqlstore: Config.Principal is not set")

// principalDialect returns d for a store that keeps principals on table.
func principalDialect(d dialect.Dialect, table string) (dialect.Dialect, error) {
	p, err := d.WithPrincipal()
	if err != nil {
		return d, err
	}
	return p, p.CheckPrincipalTable(table)
}

// principalArg returns the principal of a session with the given data, bound for the
// principal column, or an error wrapping ErrInvalidPrincipal.
func (s *Store) principalArg(data []byte) (any, error) {
	p, ok := s.principal(data)
	if !ok {
		p = ""
	}
	if err := checkPrincipal(p); err != nil {
		return nil, err
	}
	return s.d().Bind.PrincipalArg(p), nil
}

// checkPrincipal returns an error wrapping ErrInvalidPrincipal when the store does not keep p
// exactly on every database.
func checkPrincipal(p string) error {
	switch {
	case len(p) > MaxPrincipalBytes:
		return fmt.Errorf("%w: principal is %d bytes, more than %d", ErrInvalidPrincipal, len(p), MaxPrincipalBytes)
	case !utf8.ValidString(p):
		return fmt.Errorf("%w: principal (%d bytes) is not valid UTF-8", ErrInvalidPrincipal, len(p))
	case strings.IndexByte(p, 0) >= 0:
		return fmt.Errorf("%w: principal (%d bytes) holds a NUL byte", ErrInvalidPrincipal, len(p))
	}
	return nil
}

// noPrincipalColumn is the error of an operation on a table without a principal column; add
// are the statements that add it.
func (s *Store) noPrincipalColumn(add []string) error {
	return fmt.Errorf("%w: table %s has no column principal, which Config.Principal needs; add it with: %s",
		ErrNoPrincipalColumn, s.table, strings.Join(add, "; "))
}

// byPrincipal returns the statements for an operation by principal, or an error; skip is true,
// with a nil error, when no session can have principal: the empty one, or one Commit refuses.
func (s *Store) byPrincipal(ctx context.Context, principal string) (st *dialect.Statements, skip bool, err error) {
	switch {
	case s.isClosed():
		return nil, false, ErrClosed
	case s.principal == nil:
		return nil, false, ErrPrincipalNotSet
	case principal == "" || checkPrincipal(principal) != nil:
		return nil, true, ctx.Err()
	}
	st, err = s.statements(ctx)
	return st, false, err
}

// ForEachByPrincipal calls fn with the token and data of every live session of principal, one
// row at a time, in no particular order, in one statement on the principal index. fn may keep
// data. It stops at, and returns, the first error fn returns. The tokens are those the store
// was given: with scs's SessionManager.HashTokenInStore, the hashes of the cookies' tokens.
// The empty principal has no sessions. It returns ErrPrincipalNotSet when the store keeps no
// principals.
func (s *Store) ForEachByPrincipal(ctx context.Context, principal string, fn func(token string, data []byte) error) error {
	st, skip, err := s.byPrincipal(ctx, principal)
	if err != nil {
		return fmt.Errorf("sqlstore: list sessions by principal: %w", err)
	}
	if skip {
		return nil
	}
	args := []any{s.d().Bind.PrincipalArg(principal), s.d().Bind.TimeArg(s.now())}
	return s.forEach(ctx, "list sessions by principal", st.FindByPrincipal, args, fn)
}

// FindByPrincipal returns the data of every live session of principal, keyed by token (see
// ForEachByPrincipal for which tokens). It returns an empty, non-nil map when there is none.
// "Where am I signed in" lists them; the data says what the application put in each session.
func (s *Store) FindByPrincipal(ctx context.Context, principal string) (map[string][]byte, error) {
	return collect(func(fn func(string, []byte) error) error { return s.ForEachByPrincipal(ctx, principal, fn) })
}

// DeleteByPrincipal deletes every session of principal, in one statement on the principal
// index, and returns how many rows it deleted: "sign out everywhere". Expired sessions that
// cleanup has not yet removed are deleted too, and counted, so that no server whose clock runs
// behind could still find one.
//
// A Commit of one of these sessions that races with it either comes first, and the session is
// deleted if it still belongs to principal, or comes after, and writes the session again with
// its new data. In particular, scs's LoadAndSave writes the current request's session again
// after DeleteByPrincipal if the request modified it (with an IdleTimeout, scs counts every
// session it loads as modified): to sign out the current device too, call
// SessionManager.Destroy; to keep it signed in, call SessionManager.RenewToken after
// DeleteByPrincipal, which gives it a new token that LoadAndSave writes.
func (s *Store) DeleteByPrincipal(ctx context.Context, principal string) (int64, error) {
	st, skip, err := s.byPrincipal(ctx, principal)
	if err != nil {
		return 0, fmt.Errorf("sqlstore: delete sessions by principal: %w", err)
	}
	if skip {
		return 0, nil
	}
	n, err := s.retryWrite(ctx, st.DeleteByPrincipal, []any{s.d().Bind.PrincipalArg(principal)})
	if err != nil {
		return 0, fmt.Errorf("sqlstore: delete sessions by principal: %w", err)
	}
	return n, nil
}
