package dialect

import "fmt"

// MigrateTemplates are the changes with which the operator's command (cmd/scsql migrate) moves
// a session table to the recommended schema, each with what it locks in words. Their variables
// are those of Templates. The store never runs them.
type MigrateTemplates struct {
	// Columns changes the columns of scs's table to the recommended types, keeping every value
	// and every instant: statements run in order on one connection. Empty where scs's columns
	// are the recommended ones.
	Columns     []string
	ColumnsLock string
	// ExpiryIndex creates the missing expiry index, without blocking writes where the
	// database can; ExpiryIndexLock says what it locks.
	ExpiryIndex     []string
	ExpiryIndexLock string
	// DropExpiryIndex removes an expiry index that a failed build left unusable, so that
	// ExpiryIndex can build it again; empty where a failed build leaves nothing behind.
	DropExpiryIndex string
	// PrincipalLock says what SQL.Principal.AddColumn locks.
	PrincipalLock string
}

// Migration is one dialect's changes for one table; see MigrateTemplates.
type Migration struct {
	Columns         []string
	ColumnsLock     string
	ExpiryIndex     []string
	ExpiryIndexLock string
	DropExpiryIndex string
	AddPrincipal    []string
	PrincipalLock   string
}

// Migration returns the changes that move table to the recommended schema. The error wraps
// ErrInvalidTableName, or ErrInvalidDialect when the dialect has no SQL.Migrate.
func (d Dialect) Migration(table string) (Migration, error) {
	name, err := d.Identifiers.parse(table)
	if err != nil {
		return Migration{}, err
	}
	t := d.SQL.Migrate
	if len(t.ExpiryIndex) == 0 {
		return Migration{}, fmt.Errorf("%w %q: no SQL.Migrate", ErrInvalidDialect, d.Name)
	}
	r := d.replacer(name)
	each := func(ss []string) []string {
		var out []string
		for _, s := range ss {
			out = append(out, r.Replace(s))
		}
		return out
	}
	return Migration{
		Columns:         each(t.Columns),
		ColumnsLock:     t.ColumnsLock,
		ExpiryIndex:     each(t.ExpiryIndex),
		ExpiryIndexLock: t.ExpiryIndexLock,
		DropExpiryIndex: r.Replace(t.DropExpiryIndex),
		AddPrincipal:    each(d.SQL.Principal.AddColumn),
		PrincipalLock:   t.PrincipalLock,
	}, nil
}

// The migrations of each dialect.
var (
	postgresMigrate = MigrateTemplates{
		// scs's table is the recommended one.
		ExpiryIndex:     []string{`CREATE INDEX CONCURRENTLY IF NOT EXISTS {index} ON {table} (expiry)`},
		ExpiryIndexLock: "SHARE UPDATE EXCLUSIVE on the table: reads and writes go on, other schema changes and VACUUM wait; it scans the table twice and, before each scan and at the end, waits for every transaction then running in the database, on any table (run outside a transaction)",
		// A failed CONCURRENTLY build leaves an invalid index that IF NOT EXISTS would keep.
		DropExpiryIndex: `DROP INDEX CONCURRENTLY IF EXISTS {schema.}{index}`,
		PrincipalLock:   "ADD COLUMN takes ACCESS EXCLUSIVE for an instant (catalog only, no rewrite), queued behind running transactions; the index is built CONCURRENTLY, reads and writes go on",
	}
	mysqlMigrate = MigrateTemplates{
		// A TIMESTAMP becomes a DATETIME as the session time zone shows it: in UTC, the
		// recommended column's terms, whatever the server's or the connection's zone.
		// Changing a column's type copies the table; writes wait until the copy is done.
		Columns: []string{
			"SET SESSION time_zone = '+00:00'",
			"ALTER TABLE {table} MODIFY token VARBINARY(255) NOT NULL, MODIFY data MEDIUMBLOB NOT NULL, MODIFY expiry DATETIME(6) NOT NULL, ALGORITHM=COPY, LOCK=SHARED",
		},
		ColumnsLock:     "copies the whole table (ALGORITHM=COPY, LOCK=SHARED): reads go on, every write (commit, delete, purge) waits until the copy ends",
		ExpiryIndex:     []string{"ALTER TABLE {table} ADD INDEX {index} (expiry), ALGORITHM=INPLACE, LOCK=NONE"},
		ExpiryIndexLock: "builds the index in place (ALGORITHM=INPLACE, LOCK=NONE): reads and writes go on; a metadata lock for an instant at its start and end, queued behind running transactions",
		PrincipalLock:   "adds the column and its index in place (ALGORITHM=INPLACE, LOCK=NONE): reads and writes go on; InnoDB rebuilds the table online for the new column, which takes about as long as a copy",
	}
	sqliteMigrate = MigrateTemplates{
		// scs's table is the recommended one.
		ExpiryIndex:     []string{`CREATE INDEX IF NOT EXISTS {schema.}{index} ON {name} (expiry)`},
		ExpiryIndexLock: "the database's write lock while the index is built: reads go on (in WAL mode), writes wait up to their busy timeout (the library's store then retries; scs's returns SQLITE_BUSY)",
		PrincipalLock:   "the database's write lock: ADD COLUMN changes only the schema; the index build holds it while it reads the table",
	}
	sqlServerMigrate = MigrateTemplates{
		// scs's CHAR(43) token works (see SQLServer); changing a primary key's column means
		// rebuilding the table, which is not worth it.
		ExpiryIndex: []string{
			`IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'{index_literal}' AND object_id = OBJECT_ID(N'{table}')) ` +
				`CREATE INDEX {index} ON {table} (expiry) WITH (ONLINE = ON)`,
		},
		ExpiryIndexLock: "ONLINE = ON (Enterprise, Azure SQL): reads and writes go on, with a schema lock for an instant at the start and end; other editions refuse ONLINE: leave the WITH clause out, and writes then wait for the build",
		PrincipalLock:   "ADD of a nullable column changes only the metadata (a schema lock for an instant); the index is built ONLINE",
	}
)
