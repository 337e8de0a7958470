package dialect

import (
	"fmt"
	"slices"
)

// CatalogTemplates are the read-only queries with which the operator's command (cmd/scsql
// check) inspects a session table: what it looks like in the database's catalogue and what it
// holds. Their variables are those of Templates, and {seconds}, the expiry column's
// ExpiryColumn.Seconds. None writes, and none needs more than SELECT on the table and the
// catalogue views the database shows every user. Each field of Catalog says what its query
// returns and takes.
type CatalogTemplates struct {
	Columns, Indexes, Live, OldestExpired, MaxData, Size, LockHeld, Misjudged string
	// SizeOf says in words what Size measures.
	SizeOf string

	// Shapes are the tables the library knows on this database, by their columns' declared
	// types as Catalog.Columns gives them.
	Shapes []Shape
	// DataTypes and ExpiryTypes are the data types, as Catalog.Columns gives them, of the data
	// and expiry columns the dialect's statements work with.
	DataTypes, ExpiryTypes []string
	// Others are dialects of the same database for tables whose expiry type is not in
	// ExpiryTypes (SQLite's: SQLiteGORM, for GORM's text times); the first that lists it
	// reads such a table.
	Others []Dialect
}

// Shape is one known schema of a session table: its name ("recommended", "scs", "gorm") and
// the declared types of its token, data and expiry columns.
type Shape struct {
	Name, Token, Data, Expiry string
}

// Catalog is the catalogue's queries for one table. An empty query means the database cannot
// answer it.
type Catalog struct {
	// Columns returns one row per column of the table, in their order: (name, data type in
	// lower case without size, the type as declared, most bytes it holds or 0 when unlimited
	// or not reported): (). No row: the table is missing or the user may not see it.
	Columns string
	// Indexes returns one row per index of the table: (index name, its first column, or ''
	// for an expression, usable 1/0): (). An index is not usable while a build that failed
	// left it behind (PostgreSQL's CREATE INDEX CONCURRENTLY).
	Indexes string
	// Live returns the rows that have not expired, judged by now: (now). The expired rows
	// are Statements.CountExpired's, which is the store's statement, not the catalogue's.
	Live string
	// OldestExpired returns the earliest expiry not after now as seconds since the Unix epoch,
	// NULL when no row is expired: (now).
	OldestExpired string
	// MaxData returns the bytes of the largest data, 0 when the table is empty: (). It reads
	// every row.
	MaxData string
	// Size returns the bytes the database reports on disk, as SizeOf says: ().
	Size, SizeOf string
	// LockHeld returns one boolean-like column, true when another session holds the table's
	// cleanup lock now: (LockKey).
	LockHeld string
	// LockKey is the argument of LockHeld: the same key as Statements.LockKey.
	LockKey any
	// Misjudged counts the rows whose expiry the dialect's statements judge wrongly (for
	// SQLiteGORM: text that is not in UTC): ().
	Misjudged string
}

// Catalog returns the catalogue's queries for table, whose expiry column has the data type
// expiryType as Catalog.Columns names it ("" for the recommended type): times are bound and
// converted as that type needs, as StatementsFor does. The error wraps ErrInvalidTableName or
// ErrInvalidDialect.
func (d Dialect) Catalog(table, expiryType string) (Catalog, error) {
	if e, ok := d.ExpiryTypes[expiryType]; ok {
		d.Expiry = e
	}
	name, err := d.Identifiers.parse(table)
	if err != nil {
		return Catalog{}, err
	}
	t := d.SQL.Catalog
	if t.Columns == "" {
		return Catalog{}, fmt.Errorf("%w %q: no SQL.Catalog", ErrInvalidDialect, d.Name)
	}
	r := d.replacer(name)
	c := Catalog{
		Columns:       r.Replace(t.Columns),
		Indexes:       r.Replace(t.Indexes),
		Live:          r.Replace(t.Live),
		OldestExpired: r.Replace(t.OldestExpired),
		MaxData:       r.Replace(t.MaxData),
		Size:          r.Replace(t.Size),
		SizeOf:        t.SizeOf,
		LockHeld:      r.Replace(t.LockHeld),
		Misjudged:     r.Replace(t.Misjudged),
	}
	if d.LockKey != nil && c.LockHeld != "" {
		c.LockKey = d.LockKey(name.canonical())
	}
	return c, nil
}

// ForExpiryType returns the dialect whose statements work on a session table of d's database
// whose expiry column has the data type typ, as Catalog.Columns names it: d when typ is one of
// its Catalog.ExpiryTypes, or empty, or known to none; otherwise the first of Catalog.Others
// that lists it. On SQLite a datetime expiry holds GORM's text times, and SQLiteGORM, the
// dialect gormstore uses for them, reads and purges it where SQLite's julian-day statements
// would match no row. The operator's command picks its dialect for a table here, once.
func (d Dialect) ForExpiryType(typ string) Dialect {
	if typ == "" || slices.Contains(d.SQL.Catalog.ExpiryTypes, typ) {
		return d
	}
	for _, o := range d.SQL.Catalog.Others {
		if slices.Contains(o.SQL.Catalog.ExpiryTypes, typ) {
			return o
		}
	}
	return d
}

// The catalogue of each dialect.
var (
	postgresCatalog = CatalogTemplates{
		// pg_attribute, pg_index and pg_class are readable by every user; to_regclass resolves
		// the name as the store's statements do and answers NULL for a missing table.
		Columns: `SELECT a.attname::text, t.typname::text, format_type(a.atttypid, a.atttypmod), 0::bigint ` +
			`FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid ` +
			`WHERE a.attrelid = to_regclass('{table}') AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
		Indexes: `SELECT i.relname::text, COALESCE(a.attname::text, ''), CASE WHEN x.indisvalid THEN 1 ELSE 0 END ` +
			`FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid ` +
			`LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = x.indkey[0] ` +
			`WHERE x.indrelid = to_regclass('{table}') ORDER BY 1`,
		Live:          `SELECT count(*) FROM {table} WHERE expiry > $1`,
		OldestExpired: `SELECT {seconds} FROM (SELECT min(expiry) AS expiry FROM {table} WHERE expiry <= $1) oldest`,
		MaxData:       `SELECT COALESCE(max(octet_length(data)), 0) FROM {table}`,
		Size:          `SELECT pg_total_relation_size(to_regclass('{table}'))`,
		SizeOf:        "the table, its TOAST and its indexes",
		// scs's table is the recommended one; GORM's is what scs's gormstore makes.
		Shapes: []Shape{
			{"recommended", "text", "bytea", "timestamp with time zone"},
			{"gorm", "character varying(43)", "bytea", "timestamp with time zone"},
		},
		DataTypes:   []string{"bytea"},
		ExpiryTypes: []string{"timestamptz"},
		// A bigint advisory key shows in pg_locks as its high half in classid and its low half
		// in objid, with objsubid 1; pg_locks is readable by every user. This matches the
		// session lock of TryLock and the transaction lock of LockedDeleteExpired alike.
		LockHeld: `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted ` +
			`AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) ` +
			`AND classid = (($1::bigint >> 32) & 4294967295)::oid AND objid = ($1::bigint & 4294967295)::oid ` +
			`AND objsubid = 1 AND pid <> pg_backend_pid())`,
	}
	// mysqlCatalog reads information_schema, which lists only tables the user holds some
	// privilege on.
	mysqlCatalog = CatalogTemplates{
		Columns: "SELECT COLUMN_NAME, LOWER(DATA_TYPE), LOWER(COLUMN_TYPE), COALESCE(CHARACTER_MAXIMUM_LENGTH, 0) FROM information_schema.COLUMNS " +
			"WHERE " + mysqlThisTable + " ORDER BY ORDINAL_POSITION",
		Indexes: "SELECT INDEX_NAME, COALESCE(COLUMN_NAME, ''), 1 FROM information_schema.STATISTICS " +
			"WHERE " + mysqlThisTable + " AND SEQ_IN_INDEX = 1 ORDER BY INDEX_NAME",
		Live:          "SELECT COUNT(*) FROM {table} WHERE expiry > {time}",
		OldestExpired: "SELECT {seconds} FROM (SELECT MIN(expiry) AS expiry FROM {table} WHERE expiry <= {time}) oldest",
		MaxData:       "SELECT COALESCE(MAX(LENGTH(data)), 0) FROM {table}",
		Size:          "SELECT DATA_LENGTH + INDEX_LENGTH FROM information_schema.TABLES WHERE " + mysqlThisTable,
		SizeOf:        "the table and its indexes, as the storage engine estimates them",
		Shapes: []Shape{
			{"recommended", "varbinary(255)", "mediumblob", "datetime(6)"},
			{"scs", "char(43)", "blob", "timestamp(6)"},
			{"gorm", "varchar(43)", "longblob", "datetime(3)"},
		},
		DataTypes:   []string{"tinyblob", "blob", "mediumblob", "longblob", "varbinary"},
		ExpiryTypes: []string{"datetime", "timestamp"},
		// IS_USED_LOCK answers the holder's connection id, or NULL; it needs no privilege.
		LockHeld: "SELECT IS_USED_LOCK(" + mysqlLockName + ") IS NOT NULL",
	}
	sqliteCatalog = CatalogTemplates{
		Columns: `SELECT name, lower(CASE WHEN instr(type, '(') > 0 THEN rtrim(substr(type, 1, instr(type, '(') - 1)) ELSE type END), lower(type), 0 ` +
			`FROM pragma_table_info('{name_literal}', ` + sqliteSchema + `) ORDER BY cid`,
		Indexes: `SELECT il.name, COALESCE(ii.name, ''), 1 FROM pragma_index_list('{name_literal}', ` + sqliteSchema + `) il ` +
			`JOIN pragma_index_info(il.name, ` + sqliteSchema + `) ii ON ii.seqno = 0 ORDER BY il.name`,
		Live:          `SELECT COUNT(*) FROM {table} WHERE expiry > ?`,
		OldestExpired: `SELECT {seconds} FROM (SELECT MIN(expiry) AS expiry FROM {table} WHERE expiry <= ?) oldest`,
		MaxData:       `SELECT COALESCE(MAX(length(CAST(data AS BLOB))), 0) FROM {table}`,
		Size:          `SELECT page_count * page_size FROM pragma_page_count(` + sqliteSchema + `), pragma_page_size(` + sqliteSchema + `)`,
		SizeOf:        "the whole database file, every table in it",
		Shapes:        []Shape{{"recommended", "text", "blob", "real"}},
		DataTypes:     []string{"blob"},
		ExpiryTypes:   []string{"real"},
	}
	sqlServerCatalog = CatalogTemplates{
		Columns: `SELECT c.name, LOWER(t.name), LOWER(t.name) + CASE ` +
			`WHEN t.name IN ('char', 'varchar', 'binary', 'varbinary', 'nchar', 'nvarchar') ` +
			`THEN '(' + CASE WHEN c.max_length < 0 THEN 'max' ELSE CAST(c.max_length AS VARCHAR(10)) END + ')' ` +
			`WHEN t.name IN ('datetime2', 'datetimeoffset', 'time') THEN '(' + CAST(c.scale AS VARCHAR(10)) + ')' ELSE '' END, ` +
			`CAST(CASE WHEN c.max_length < 0 THEN 0 ELSE c.max_length END AS BIGINT) ` +
			`FROM sys.columns c JOIN sys.types t ON t.user_type_id = c.user_type_id ` +
			`WHERE c.object_id = OBJECT_ID(N'{table}') ORDER BY c.column_id`,
		Indexes: `SELECT i.name, c.name, CASE WHEN i.is_disabled = 1 THEN 0 ELSE 1 END FROM sys.indexes i ` +
			`JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id AND ic.key_ordinal = 1 ` +
			`JOIN sys.columns c ON c.object_id = ic.object_id AND c.column_id = ic.column_id ` +
			`WHERE i.object_id = OBJECT_ID(N'{table}') ORDER BY i.name`,
		Live:          `SELECT COUNT_BIG(*) FROM {table} WHERE expiry > @p1`,
		OldestExpired: `SELECT {seconds} FROM (SELECT MIN(expiry) AS expiry FROM {table} WHERE expiry <= @p1) oldest`,
		MaxData:       `SELECT COALESCE(MAX(CAST(DATALENGTH(data) AS BIGINT)), 0) FROM {table}`,
		// Needs VIEW DATABASE STATE; check reports it when missing.
		Size:   `SELECT SUM(used_page_count) * 8192 FROM sys.dm_db_partition_stats WHERE object_id = OBJECT_ID(N'{table}')`,
		SizeOf: "the table and its indexes (used pages)",
		Shapes: []Shape{
			{"recommended", "varchar(255)", "varbinary(max)", "datetime2(6)"},
			{"scs", "char(43)", "varbinary(max)", "datetime2(6)"},
		},
		DataTypes:   []string{"varbinary"},
		ExpiryTypes: []string{"datetime2"},
		LockHeld:    `SELECT CAST(CASE WHEN APPLOCK_TEST('public', @p1, 'Exclusive', 'Session') = 0 THEN 1 ELSE 0 END AS BIT)`,
	}
)

// mysqlThisTable selects the session table's rows of an information_schema view.
const mysqlThisTable = "TABLE_SCHEMA = COALESCE(NULLIF('{schema_literal}', ''), DATABASE()) AND TABLE_NAME = '{name_literal}'"

// sqliteSchema is the schema an unqualified table is looked up in, as TableExists does.
const sqliteSchema = `COALESCE(NULLIF('{schema_literal}', ''), 'main')`
