package dialect

import (
	"fmt"
	"hash/fnv"
)

// MySQL is the dialect of MySQL 5.7, 8.x and 9.x and of MariaDB 10.x and later.
//
// The upsert uses VALUES() in ON DUPLICATE KEY UPDATE, the one form every one of those servers
// accepts (MySQL 8.0.20+ deprecates it in favour of a row alias that MariaDB lacks); it sends the
// data once. Times are bound as UTC text, so the driver's loc setting cannot shift them. The
// recommended table keeps times in DATETIME(6), which no session time zone converts and which
// reaches past 2038, data in MEDIUMBLOB (16 MiB) rather than scs's 64 KiB BLOB, and the token in
// VARBINARY, so tokens compare byte for byte whatever the server's default collation.
var MySQL = Dialect{
	Name: "mysql",
	Identifiers: Identifiers{
		MaxLen: 64,
		Quote:  QuoteWith("`", "`"),
	},
	SQL: Templates{
		// CAST(? AS BINARY) makes the comparison byte for byte even on scs's CHAR(43) column,
		// whose default collation ignores case; the primary key is still used for the lookup.
		Find:          "SELECT data FROM {table} WHERE token = CAST(? AS BINARY) AND expiry > {time}",
		Upsert:        "INSERT INTO {table} (token, data, expiry) VALUES (?, ?, {time}) ON DUPLICATE KEY UPDATE data = VALUES(data), expiry = VALUES(expiry)",
		Delete:        "DELETE FROM {table} WHERE token = CAST(? AS BINARY)",
		All:           "SELECT token, data FROM {table} WHERE expiry > {time}",
		DeleteExpired: "DELETE FROM {table} WHERE expiry <= {time} ORDER BY expiry LIMIT ?",
		// Under READ COMMITTED the purge locks only the rows it deletes, not the gaps of the
		// expiry index, so commits inserting new sessions neither wait for it nor deadlock with
		// it. SET TRANSACTION without SESSION applies to the next transaction alone: the
		// purge's statement.
		CountExpired:        "SELECT COUNT(*) FROM {table} WHERE expiry <= {time}",
		BeforeDeleteExpired: "SET TRANSACTION ISOLATION LEVEL READ COMMITTED",
		// The information schema lists only tables the user has some privilege on, which the
		// store's user has. A constant schema and name make the server look the one table up,
		// with the file system's case rules, instead of scanning.
		TableExists: "SELECT COUNT(*) > 0 FROM information_schema.TABLES " +
			"WHERE TABLE_SCHEMA = COALESCE(NULLIF('{schema_literal}', ''), DATABASE()) AND TABLE_NAME = '{name_literal}'",
		CreateTable: []string{
			"CREATE TABLE IF NOT EXISTS {table} (" +
				"token VARBINARY(255) NOT NULL, " +
				"data MEDIUMBLOB NOT NULL, " +
				"expiry DATETIME(6) NOT NULL, " +
				"PRIMARY KEY (token), " +
				"INDEX {index} (expiry))",
		},
		SCSCreateTable: scsMySQLSchema,
		// GET_LOCK names are server-wide: the lock of an unqualified table also names the
		// current database, so that "sessions" tables in two databases do not share one purger.
		TryLock: "SELECT COALESCE(GET_LOCK(" + mysqlLockName + ", 0), 0) = 1",
		Unlock:  "SELECT RELEASE_LOCK(" + mysqlLockName + ")",
		// The statements depend on the expiry column's type (see mysqlTimestamp), and only
		// the table can say how much its data column holds: outside strict SQL mode the
		// server truncates longer data with a warning instead of refusing it.
		Probe:     mysqlProbe + "('token', 'data', 'expiry')",
		Principal: mysqlPrincipal,
		// TiDB answers as MySQL 8.0.11 with "-TiDB-" in the version: see Variants (set in
		// tidb.go) and TiDB.
		Version: "SELECT VERSION()",
		Catalog: mysqlCatalog,
		Migrate: mysqlMigrate,
	},
	Bind:    Binding{Time: mysqlTime, AppendTime: appendMySQLTime},
	LockKey: userLockName,

	Expiry:      mysqlDatetime,
	ExpiryTypes: map[string]ExpiryColumn{"timestamp": mysqlTimestamp},
	MaxData:     mediumBlobBytes,

	Errors: Errors{
		Retryable:        mysqlRetryable,
		PermissionDenied: mysqlPermissionDenied,
		DataTooLarge:     mysqlDataTooLarge,
		ReadOnly:         mysqlReadOnly,
	},
	// The index is declared inside CREATE TABLE, so it needs no INDEX privilege.
	CreatePrivilege: "CREATE on the table or its database",
}

// mysqlProbe lists the session table's columns named in the list that follows it.
const mysqlProbe = "SELECT COLUMN_NAME, DATA_TYPE, COALESCE(CHARACTER_MAXIMUM_LENGTH, 0) FROM information_schema.COLUMNS " +
	"WHERE TABLE_SCHEMA = COALESCE(NULLIF('{schema_literal}', ''), DATABASE()) AND TABLE_NAME = '{name_literal}' " +
	"AND COLUMN_NAME IN "

// mysqlLockName is the lock's name: the table's key (LockKey) and a hash of its database, 47
// characters in all, within GET_LOCK's limit of 64.
const mysqlLockName = "CONCAT(?, '@', LEFT(SHA1(COALESCE(NULLIF('{schema_literal}', ''), DATABASE(), '')), 16))"

// userLockName maps a table to a GET_LOCK name; hashing keeps it within the 64-character limit
// whatever the table's name.
func userLockName(table string) any {
	h := fnv.New64a()
	h.Write([]byte(table))
	return fmt.Sprintf("scsql_cleanup_%016x", h.Sum64())
}
