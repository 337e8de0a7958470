package dialect

import (
	"errors"
	"strings"
)

// mediumBlobBytes is what MySQL's MEDIUMBLOB, the recommended data column, holds.
const mediumBlobBytes = 1<<24 - 1

// DataTooLarge reports whether err is the database refusing a session's data as larger than
// the data column, or the database itself, holds. It inspects the error through interfaces and
// text and imports no driver.
func (d Dialect) DataTooLarge(err error) bool {
	if err == nil || d.Errors.DataTooLarge == nil {
		return false
	}
	return d.Errors.DataTooLarge(err)
}

// mysqlDataTooLarge matches error 1406 (ER_DATA_TOO_LONG, strict SQL mode) on the data column;
// the same error on the token column is about the token, not the data.
func mysqlDataTooLarge(err error) bool {
	for ; err != nil; err = errors.Unwrap(err) {
		msg := err.Error()
		if (strings.HasPrefix(msg, "Error 1406 ") || strings.HasPrefix(msg, "Error 1406:")) &&
			strings.Contains(msg, "column 'data'") {
			return true
		}
	}
	return false
}

// sqliteDataTooLarge matches SQLITE_TOOBIG, whose message go-sqlite3 passes on: a string or
// blob longer than the connection's SQLITE_LIMIT_LENGTH (1,000,000,000 bytes by default). The
// token is at most MaxTokenLength bytes, so only the data can be too big.
func sqliteDataTooLarge(err error) bool {
	return err != nil && strings.Contains(err.Error(), "string or blob too big")
}

// sqlServerDataTooLarge matches error 2628, "String or binary data would be truncated", on the
// data column. (The older error 8152 does not name the column, and both recommended and scs's
// data columns are VARBINARY(MAX), which never truncates.)
func sqlServerDataTooLarge(err error) bool {
	var e sqlErrorNumberer
	return errors.As(err, &e) && e.SQLErrorNumber() == 2628 && strings.Contains(err.Error(), "column 'data'")
}
