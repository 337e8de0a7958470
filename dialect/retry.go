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
	if err == nil || d.retryable == nil {
		return false
	}
	return d.retryable(err)
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

// sqlErrorNumberer is implemented by go-mssqldb's errors.
type sqlErrorNumberer interface{ SQLErrorNumber() int32 }

func sqlServerRetryable(err error) bool {
	var e sqlErrorNumberer
	return errors.As(err, &e) && e.SQLErrorNumber() == 1205 // chosen as deadlock victim
}
