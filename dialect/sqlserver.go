package dialect

import (
	"time"

	"github.com/golang-sql/civil"
)

// SQLServer is the dialect of SQL Server 2017 and later and Azure SQL, for go-mssqldb.
//
// The upsert is an UPDATE then, when no row matched, an INSERT, in one batch under UPDLOCK and
// SERIALIZABLE: the key-range lock taken by the UPDATE makes concurrent commits of one token wait
// for each other instead of racing to insert, without MERGE's known concurrency defects. Any error
// rolls the transaction back and is re-raised, and no SET option is left changed on the pooled
// connection.
// Expiry is bound as a civil (zone-less) DATETIME2 holding the UTC wall clock, so it compares with
// a DATETIME2 column without converting the column. Tokens are bound as bytes (VARBINARY):
// go-mssqldb sends a Go string as NVARCHAR, which outranks the token column's CHAR or VARCHAR, so
// SQL Server would convert every key of the primary-key index and scan it; VARBINARY ranks below
// both, so the parameter is converted instead, byte for byte, and the index is sought. Expired
// rows are purged with DELETE TOP (n)
// that skips locked rows (READPAST), and the cleanup lock is sp_getapplock on the session.
var SQLServer = Dialect{
	Name: "sqlserver",
	Identifiers: Identifiers{
		MaxLen: 128,
		Quote:  QuoteWith("[", "]"),
	},
	SQL: Templates{
		Find: `SELECT data FROM {table} WHERE ` + exactToken + ` AND expiry > @p2`,
		Upsert: `BEGIN TRY ` +
			`BEGIN TRANSACTION; ` +
			`UPDATE {table} WITH (UPDLOCK, SERIALIZABLE) SET data = @p2, expiry = @p3 WHERE ` + exactToken + `; ` +
			`IF @@ROWCOUNT = 0 INSERT INTO {table} (token, data, expiry) VALUES (@p1, @p2, @p3); ` +
			`COMMIT TRANSACTION; ` +
			`END TRY BEGIN CATCH IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION; THROW; END CATCH`,
		Delete:        `DELETE FROM {table} WHERE ` + exactToken,
		All:           `SELECT token, data FROM {table} WHERE expiry > @p1`,
		CountExpired:  `SELECT COUNT_BIG(*) FROM {table} WHERE expiry <= @p1`,
		DeleteExpired: `DELETE TOP (@p2) FROM {table} WITH (ROWLOCK, READPAST) WHERE expiry <= @p1`,
		TableExists:   `SELECT CAST(CASE WHEN OBJECT_ID(N'{table}', N'U') IS NULL THEN 0 ELSE 1 END AS BIT)`,
		CreateTable: []string{
			`IF OBJECT_ID(N'{table}', N'U') IS NULL ` +
				`CREATE TABLE {table} (token VARCHAR(255) COLLATE Latin1_General_100_BIN2 NOT NULL PRIMARY KEY, ` +
				`data VARBINARY(MAX) NOT NULL, expiry DATETIME2(6) NOT NULL)`,
			`IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'{index_literal}' AND object_id = OBJECT_ID(N'{table}')) ` +
				`CREATE INDEX {index} ON {table} (expiry)`,
		},
		SCSCreateTable: scsSQLServerSchema,
		TryLock: `DECLARE @r INT; ` +
			`EXEC @r = sp_getapplock @Resource = @p1, @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 0; ` +
			`SELECT CAST(CASE WHEN @r >= 0 THEN 1 ELSE 0 END AS BIT)`,
		Unlock:    `EXEC sp_releaseapplock @Resource = @p1, @LockOwner = 'Session'`,
		Principal: sqlServerPrincipal,
		Catalog:   sqlServerCatalog,
		Migrate:   sqlServerMigrate,
	},
	Bind: Binding{
		Time:      func(t time.Time) any { return civil.DateTimeOf(t.UTC()) },
		Token:     func(token string) any { return []byte(token) },
		Principal: sqlServerBindPrincipal,
	},
	LockKey: func(table string) any { return "scsql cleanup " + table },

	Expiry: sqlServerDatetime2,

	Errors: Errors{
		Retryable:        sqlServerRetryable,
		PermissionDenied: sqlServerPermissionDenied,
		DataTooLarge:     sqlServerDataTooLarge,
	},
	CreatePrivilege: "the CREATE TABLE permission in the database and ALTER on the schema",
}

// exactToken matches the token @p1 byte for byte. The first comparison seeks the primary key
// under the column's collation; the second, in a binary collation, rejects keys that differ only
// in case or accents, which the case-insensitive default collation of scs's CHAR(43) column would
// match. Binary collations still ignore trailing spaces, as CHAR's padding needs.
const exactToken = `token = @p1 AND token = CAST(@p1 AS VARCHAR(8000)) COLLATE Latin1_General_100_BIN2`
