package dialect

import (
	"errors"
	"strings"
)

// Retryable reports whether err means the database rolled back a statement because of a
// conflict with another transaction (a deadlock, or a serialization or Galera certification
// failure), so that running the same idempotent statement again is safe and likely to succeed.
// It inspects the error through interfaces and text and imports no driver.
func (d Dialect) Retryable(err error) bool {
	if err == nil || d.Errors.Retryable == nil {
		return false
	}
	return d.Errors.Retryable(err)
}

// sqlStater is implemented by pgx's and lib/pq's errors.
type sqlStater interface{ SQLState() string }

func postgresRetryable(err error) bool {
	var e sqlStater
	if !errors.As(err, &e) {
		return false
	}
	switch e.SQLState() {
	case "40001", "40P01": // serialization_failure, deadlock_detected
		return true
	}
	return false
}

// mysqlRetryable matches error 1213 (ER_LOCK_DEADLOCK, also Galera's certification failure).
// go-sql-driver/mysql's error type has no accessor, only fields and this fixed text form.
func mysqlRetryable(err error) bool {
	for ; err != nil; err = errors.Unwrap(err) {
		if strings.HasPrefix(err.Error(), "Error 1213 ") || strings.HasPrefix(err.Error(), "Error 1213:") {
			return true
		}
	}
	return false
}

// Busy reports whether err means SQLite found the database locked by another connection for
// longer than the connection's busy timeout (SQLITE_BUSY, "database is locked"; SQLITE_LOCKED,
// "database table is locked", in shared-cache mode), so that the statement did nothing and
// running it again is safe. SQLite's busy handler polls with growing sleeps rather than queueing
// writers, so under sustained write load one writer can lose every poll of its timeout while
// others commit. It is false for dialects of databases that have no such refusal.
func (d Dialect) Busy(err error) bool {
	if err == nil || d.Errors.Busy == nil {
		return false
	}
	return d.Errors.Busy(err)
}

// sqliteBusy matches SQLITE_BUSY and SQLITE_LOCKED (and their extended codes) as each SQLite
// driver words them. None of the drivers' error types has an accessor that the others share,
// so the text SQLite gives each code is matched:
//
//	mattn/go-sqlite3:   "database is locked", "database table is locked"
//	ncruces/go-sqlite3: "sqlite3: database is locked", "sqlite3: database table is locked: ..."
//	modernc.org/sqlite: "database is locked (5) (SQLITE_BUSY)", "database table is locked (6)"
func sqliteBusy(err error) bool {
	return inChain(err, func(err error) bool {
		msg := sqliteMessage(err)
		return strings.HasPrefix(msg, "database is locked") || strings.HasPrefix(msg, "database table is locked")
	})
}

// sqliteMessage is err's text without the "sqlite3: " that ncruces/go-sqlite3 puts before
// SQLite's own words.
func sqliteMessage(err error) string {
	return strings.TrimPrefix(err.Error(), "sqlite3: ")
}

// inChain reports whether match is true of err or of any error it wraps, through both forms of
// Unwrap.
func inChain(err error, match func(error) bool) bool {
	if err == nil {
		return false
	}
	if match(err) {
		return true
	}
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		return inChain(u.Unwrap(), match)
	case interface{ Unwrap() []error }:
		for _, e := range u.Unwrap() {
			if inChain(e, match) {
				return true
			}
		}
	}
	return false
}

// sqlErrorNumberer is implemented by go-mssqldb's errors.
type sqlErrorNumberer interface{ SQLErrorNumber() int32 }

func sqlServerRetryable(err error) bool {
	var e sqlErrorNumberer
	return errors.As(err, &e) && e.SQLErrorNumber() == 1205 // chosen as deadlock victim
}

// LockHeld reports whether err, the error of the TryLock statement, means that another session
// holds the cleanup lock, as TryLock's false answer does: the run is then skipped. Most
// databases answer false; TiDB's GET_LOCK can fail instead when other sessions contend for the
// lock.
func (d Dialect) LockHeld(err error) bool {
	if err == nil || d.Errors.LockHeld == nil {
		return false
	}
	return d.Errors.LockHeld(err)
}
