package dialect

import "strings"

// ReadOnly reports whether err means the server refused a write because the node the connection
// reached takes no writes (see Errors.ReadOnly). The statement did nothing, so running it again is
// safe, but not on the same connection: that one will refuse every write until it is closed.
func (d Dialect) ReadOnly(err error) bool {
	if err == nil || d.Errors.ReadOnly == nil {
		return false
	}
	return d.Errors.ReadOnly(err)
}

// postgresReadOnly matches SQLSTATE 25006 (read_only_sql_transaction): a hot standby, or a
// primary demoted or fenced with default_transaction_read_only.
func postgresReadOnly(err error) bool {
	return inChain(err, func(err error) bool {
		e, ok := err.(sqlStater)
		return ok && e.SQLState() == "25006"
	})
}

// mysqlReadOnly matches error 1290 from a server started --read-only, and 1792, a read-only
// transaction. go-sql-driver/mysql's error type has no accessor, only fields and this fixed
// text form.
func mysqlReadOnly(err error) bool {
	return inChain(err, func(err error) bool {
		msg := err.Error()
		return strings.HasPrefix(msg, "Error 1290 ") || strings.HasPrefix(msg, "Error 1290:") ||
			strings.HasPrefix(msg, "Error 1792 ") || strings.HasPrefix(msg, "Error 1792:")
	})
}
