package dialect

import (
	"strconv"
	"strings"
)

// TiDB is the dialect of TiDB, derived from MySQL's: TiDB speaks MySQL's protocol and SQL, and
// everything not listed here is MySQL's. A store made with MySQL's dialect (mysqlstore) finds
// out on its first operation that its server is TiDB (see Dialect.Variants) and uses this one.
// Tested on TiDB v8.4 over unistore, its single-process store (see docs/tidb.md).
//
//   - Find and Delete compare the token as `token = ?`, and the statements by principal the
//     principal as `principal = ?`. MySQL's CAST(? AS BINARY) makes TiDB
//     compare in the binary collation, not the column's, so it cannot use the primary key: it
//     reads every live session through the expiry index on every Find. `token = ?` is a point
//     lookup (Point_Get), and byte for byte on the recommended VARBINARY token and on
//     utf8mb4_bin, TiDB's default collation, which scs's CHAR(43) token gets; tokens hold no
//     spaces, so utf8mb4_bin's padding never makes two tokens equal.
//   - A TIMESTAMP expiry (scs's schema) gets its UTC time in the session's time zone through
//     FROM_UNIXTIME rather than MySQL's CONVERT_TZ to @@session.time_zone: TiDB does not cache
//     the plan of a statement that reads a system variable, and planning every Find and Commit
//     anew costs most of their speed. Both give the same wall-clock time, which the server
//     converts back to the instant.
//   - GET_LOCK with a timeout of 0 waits at least a second, and when several sessions contend
//     for one lock it can fail with error 1105, "pessimistic lock retry limit reached" or "lock
//     wait timeout", instead of returning 0: those errors mean another purger holds the lock
//     (Errors.LockHeld).
//   - Error 8025 ("entry too large"), a row larger than the server's txn-entry-size-limit
//     (6 MiB by default, less than MEDIUMBLOB's 16 MiB), is data too large for the table.
//   - Error 9007 (a write conflict, in optimistic transactions) is retryable: TiDB rolled the
//     statement back.
var TiDB = tidb(MySQL)

func tidb(d Dialect) Dialect {
	d.Name = "tidb"
	d.Variants = nil
	d.SQL.Find = "SELECT data FROM {table} WHERE token = ? AND expiry > {time}"
	d.SQL.Delete = "DELETE FROM {table} WHERE token = ?"
	// The same for principals, on the VARBINARY principal column. TiDB's DDL is online
	// without ALGORITHM clauses, and it takes one change per ALTER TABLE before v6.2.
	d.SQL.Principal.Find = "SELECT token, data FROM {table} WHERE principal = ? AND expiry > {time}"
	d.SQL.Principal.Delete = "DELETE FROM {table} WHERE principal = ?"
	d.SQL.Principal.AddColumn = []string{
		"ALTER TABLE {table} ADD COLUMN principal VARBINARY(255) NULL",
		"ALTER TABLE {table} ADD INDEX {principal_index} (principal)",
	}
	d.ExpiryTypes = map[string]ExpiryColumn{"timestamp": tidbTimestamp}
	// TiDB's DDL is online and ignores ALGORITHM; it takes one change per ALTER TABLE before
	// v6.2.
	d.SQL.Migrate.Columns = []string{
		"SET SESSION time_zone = '+00:00'",
		"ALTER TABLE {table} MODIFY token VARBINARY(255) NOT NULL",
		"ALTER TABLE {table} MODIFY data MEDIUMBLOB NOT NULL",
		"ALTER TABLE {table} MODIFY expiry DATETIME(6) NOT NULL",
	}
	d.SQL.Migrate.ColumnsLock = "online DDL: reads and writes go on while TiDB rewrites each changed column's data, one ALTER at a time"
	d.SQL.Migrate.ExpiryIndex = []string{"ALTER TABLE {table} ADD INDEX {index} (expiry)"}
	d.SQL.Migrate.ExpiryIndexLock = "online DDL: reads and writes go on while the index is backfilled"
	d.SQL.Migrate.PrincipalLock = "online DDL: reads and writes go on"
	d.Errors.Retryable = either(d.Errors.Retryable, mysqlErrorNumber(9007))
	d.Errors.DataTooLarge = either(d.Errors.DataTooLarge, mysqlErrorNumber(8025))
	d.Errors.LockHeld = either(d.Errors.LockHeld, tidbLockContended)
	return d
}

// tidbTimestamp is mysqlTimestamp with the bound UTC time placed without reading a system
// variable. TIMESTAMPDIFF between two DATETIMEs is wall-clock arithmetic, so it turns the UTC
// text into microseconds since the epoch; times 0.000001 keeps all six decimals (a division
// would keep four); FROM_UNIXTIME gives that instant in the session's time zone.
var tidbTimestamp = func() ExpiryColumn {
	e := mysqlTimestamp
	e.Param = "FROM_UNIXTIME(TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', ?) * 0.000001)"
	return e
}()

func init() {
	// Set here rather than in MySQL's literal: TiDB is derived from MySQL, and a variable's
	// initializer cannot refer to a variable derived from it.
	MySQL.Variants = []Variant{{Server: "TiDB", Dialect: TiDB}}
}

// either returns a classification that is true when a or b is; a may be nil.
func either(a, b func(error) bool) func(error) bool {
	if a == nil {
		return b
	}
	return func(err error) bool { return a(err) || b(err) }
}

// mysqlErrorNumber matches go-sql-driver/mysql's "Error N (SQLSTATE): ..." for one error number.
func mysqlErrorNumber(n int) func(error) bool {
	prefix := "Error " + strconv.Itoa(n)
	return func(err error) bool {
		return inChain(err, func(err error) bool {
			msg := err.Error()
			return strings.HasPrefix(msg, prefix+" ") || strings.HasPrefix(msg, prefix+":")
		})
	}
}

// tidbLockContended matches the errors of a GET_LOCK that lost to other sessions contending
// for the lock: TiDB takes it by inserting a row in a pessimistic transaction, and reports that
// transaction's failure to wait as error 1105 with the reason in the text, or as 1205
// (ER_LOCK_WAIT_TIMEOUT).
func tidbLockContended(err error) bool {
	if mysqlErrorNumber(1205)(err) {
		return true
	}
	msg := err.Error()
	return mysqlErrorNumber(1105)(err) &&
		(strings.Contains(msg, "pessimistic lock retry limit reached") || strings.Contains(msg, "lock wait timeout"))
}
