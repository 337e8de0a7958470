package dialect

import "strings"

// ReadOnly reports whether err means the server refused a write because the node the connection
// reached takes no writes: PostgreSQL's 25006 (read_only_sql_transaction: a hot standby, or a
// primary demoted or fenced with default_transaction_read_only), MySQL's and MariaDB's 1290 from a
// server started --read-only, or 1792 (a read-only transaction). The statement did nothing, so
// running it again is safe, but not on the same connection: it will refuse every write until it
// is closed. It inspects the error through interfaces and text and imports no driver.
func (d Dialect) ReadOnly(err error) bool {
	if err == nil {
		return false
	}
	switch d.Name {
	case Postgres.Name:
		return inChain(err, func(err error) bool {
			e, ok := err.(sqlStater)
			return ok && e.SQLState() == "25006"
		})
	case MySQL.Name:
		// go-sql-driver/mysql's error type has no accessor, only fields and this fixed text form.
		return inChain(err, func(err error) bool {
			msg := err.Error()
			return strings.HasPrefix(msg, "Error 1290 ") || strings.HasPrefix(msg, "Error 1290:") ||
				strings.HasPrefix(msg, "Error 1792 ") || strings.HasPrefix(msg, "Error 1792:")
		})
	}
	return false
}
