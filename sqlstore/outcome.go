package sqlstore

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"sync/atomic"
)

// ErrOutcomeUnknown is wrapped by the error of a write (Commit, Delete) whose connection was lost
// after the statement was sent: it may or may not have taken effect, and the store did not run it
// again, because a second run could overwrite a newer write of the same session or bring back a
// session deleted since. Whether to try again is the caller's decision. pgxstore's executor and
// FromDB on a driver that reports lost answers as driver.ErrBadConn (lib/pq) wrap it; other
// database/sql drivers return their own network error for the same case (go-sql-driver/mysql:
// "invalid connection"), and a write whose context ended before its answer came is as unknown.
var ErrOutcomeUnknown = errors.New("sqlstore: the connection was lost after the write was sent; it may or may not have taken effect")

// errRunAgain is what onceArg answers when database/sql converts it a second time.
var errRunAgain = errors.New("sqlstore: database/sql was about to run a write again")

// lostAnswerIsBadConn reports whether db's driver is one that reports a connection which ended
// while it waited for a statement's answer as driver.ErrBadConn. database/sql takes ErrBadConn to
// mean that nothing was sent and runs the statement again on another connection, so through
// such a driver a write could take effect twice. lib/pq (v1.12, error.go handleError: io.EOF and
// io.ErrUnexpectedEOF become ErrBadConn) is one; go-sql-driver/mysql and pgx's stdlib driver
// return ErrBadConn only when nothing was sent. Drivers are told apart by type, since the
// packages import no driver.
func lostAnswerIsBadConn(db *sql.DB) bool {
	return fmt.Sprintf("%T", db.Driver()) == "*pq.Driver"
}

// returnsAtCancel reports whether db's driver returns from a statement as soon as its context
// ends, whatever the network does, so that FromDB need not bound its calls (see bounded), which
// costs a goroutine per statement. go-sql-driver/mysql closes the connection when the context
// ends (its watcher); pgx's database/sql driver sets a past deadline on it (pgconn's default
// DeadlineContextWatcherHandler; a connector configured with another handler may wait longer).
// The fault suites' black hole proves both return on time. lib/pq waits for the server, SQLite's
// drivers for a busy timeout, and any other driver is not known: they keep bounded's goroutine.
func returnsAtCancel(db *sql.DB) bool {
	switch fmt.Sprintf("%T", db.Driver()) {
	case "*mysql.MySQLDriver", "*stdlib.Driver":
		return true
	}
	return false
}

// onceArg is a statement argument that database/sql may convert only once. database/sql converts
// a statement's arguments anew for each attempt, so a second conversion means that the driver
// reported driver.ErrBadConn and database/sql is about to run the statement again: onceArg
// refuses, and the statement is not run a second time.
type onceArg struct {
	v    driver.Value
	used atomic.Bool
}

// Value returns the argument the first time, and errRunAgain after.
func (a *onceArg) Value() (driver.Value, error) {
	if a.used.Swap(true) {
		return nil, errRunAgain
	}
	return a.v, nil
}

// guard wraps the first of a's arguments in a.once, when it is a value database/sql passes to
// drivers as it is (the token, in every write the store runs), so that database/sql cannot run
// the write a second time (onceArg).
func (a *driverArgs) guard() {
	if len(a.list) == 0 {
		return
	}
	switch v := a.list[0].(type) {
	case string, []byte:
		a.once.v = v
		a.list[0] = &a.once
	}
}

// outcome maps the error of a write that guard stopped database/sql from running again to
// ErrOutcomeUnknown.
func outcome(err error) error {
	if errors.Is(err, errRunAgain) {
		return ErrOutcomeUnknown
	}
	return err
}
