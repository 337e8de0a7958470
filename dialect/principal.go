package dialect

import (
	"fmt"
	"strings"
)

// PrincipalIndexSuffix is appended to the table name (without schema) to name the principal
// column's index ("sessions_principal_idx").
const PrincipalIndexSuffix = "_principal_idx"

// MaxPrincipalBytes is the most bytes of a principal that every dialect's principal column
// holds.
const MaxPrincipalBytes = 255

// PrincipalTemplates are the statements of a store that keeps each session's principal, the
// user it belongs to, in a nullable principal column with an index. Their variables are those
// of Templates, and {principal_index} and {principal_index_literal}, the principal index's
// name quoted and as the contents of a string literal. A principal is compared byte for byte:
// the column's type or the statements make sure no collation folds case, accents or trailing
// spaces. Either every field is set or none is (the dialect then keeps no principals).
type PrincipalTemplates struct {
	// Upsert is Templates.Upsert that also sets the principal: (token, data, expiry,
	// principal), principal NULL for none.
	Upsert string
	// CreateTable is Templates.CreateTable with the principal column and its index.
	CreateTable []string
	// Probe lists the table's columns as Templates.Probe does, the principal column among
	// them, so that the store finds out whether the table has it; one row per column, and at
	// least one while the table exists.
	Probe string
	// Find returns the token and data of every live session of a principal: (principal, now).
	Find string
	// Delete removes every session of a principal, expired ones too: (principal).
	Delete string
	// AddColumn adds the principal column and its index to an existing table: the statements
	// an error message and the documentation give.
	AddColumn []string
}

// set reports whether any template is set.
func (p PrincipalTemplates) set() bool {
	return p.Upsert != "" || len(p.CreateTable) > 0 || p.Probe != "" || p.Find != "" || p.Delete != "" || len(p.AddColumn) > 0
}

// problems lists what keeps p from being whole.
func (p PrincipalTemplates) problems() []string {
	if !p.set() {
		return nil
	}
	var missing []string
	for _, t := range []struct {
		field string
		empty bool
	}{
		{"Upsert", p.Upsert == ""}, {"CreateTable", len(p.CreateTable) == 0}, {"Probe", p.Probe == ""},
		{"Find", p.Find == ""}, {"Delete", p.Delete == ""}, {"AddColumn", len(p.AddColumn) == 0},
	} {
		if t.empty {
			missing = append(missing, "SQL.Principal."+t.field)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return []string{"SQL.Principal is partly set: no " + strings.Join(missing, ", no ")}
}

// templates lists p's templates with their field names, for Validate.
func (p PrincipalTemplates) templates() []namedTemplate {
	ts := []namedTemplate{
		{"Principal.Upsert", p.Upsert}, {"Principal.Probe", p.Probe},
		{"Principal.Find", p.Find}, {"Principal.Delete", p.Delete},
	}
	for i, c := range p.CreateTable {
		ts = append(ts, namedTemplate{fmt.Sprintf("Principal.CreateTable[%d]", i), c})
	}
	for i, c := range p.AddColumn {
		ts = append(ts, namedTemplate{fmt.Sprintf("Principal.AddColumn[%d]", i), c})
	}
	return ts
}

// namedTemplate is a template and the field it is in.
type namedTemplate struct{ field, sql string }

// WithPrincipal returns d for a store that keeps principals: its Upsert, CreateTable and Probe
// are SQL.Principal's. The error wraps ErrInvalidDialect when d has no SQL.Principal.
func (d Dialect) WithPrincipal() (Dialect, error) {
	if !d.SQL.Principal.set() {
		return Dialect{}, fmt.Errorf("%w %q: no SQL.Principal: the dialect keeps no principals", ErrInvalidDialect, d.Name)
	}
	d.SQL.Upsert = d.SQL.Principal.Upsert
	d.SQL.CreateTable = d.SQL.Principal.CreateTable
	d.SQL.Probe = d.SQL.Principal.Probe
	return d, nil
}

// CheckPrincipalTable reports whether table is a valid name whose principal index name (the
// table part and PrincipalIndexSuffix) the database keeps whole, as Statements checks for the
// expiry index. The error wraps ErrInvalidTableName.
func (d Dialect) CheckPrincipalTable(table string) error {
	name, err := d.Identifiers.parse(table)
	if err != nil {
		return err
	}
	if len(name.table)+len(PrincipalIndexSuffix) > d.Identifiers.MaxLen {
		return fmt.Errorf("%w %q: with Config.Principal the table part must be at most %d characters so that its principal index name %q fits",
			ErrInvalidTableName, table, d.Identifiers.MaxLen-len(PrincipalIndexSuffix), name.table+PrincipalIndexSuffix)
	}
	return nil
}

// BindPrincipal returns principal in the form the dialect compares with and stores in the
// principal column; the empty string is no principal, bound as NULL.
func (d Dialect) BindPrincipal(principal string) any { return d.Bind.PrincipalArg(principal) }

// PrincipalArg is Dialect.BindPrincipal.
func (b Binding) PrincipalArg(principal string) any {
	if b.Principal != nil {
		return b.Principal(principal)
	}
	if principal == "" {
		return nil
	}
	return principal
}

// The principal templates of each dialect. MySQL's and SQL Server's columns are binary, so no
// collation compares them (a VARCHAR's default collation ignores case and accents, and SQL
// Server's comparison ignores trailing spaces whatever the collation); PostgreSQL's and
// SQLite's text compares byte for byte under their default (deterministic, BINARY) collations.
// The indexes of PostgreSQL and SQLite leave out sessions without a principal, which an
// equality on the column implies, so anonymous sessions cost them nothing.
var (
	mysqlPrincipal = PrincipalTemplates{
		Upsert: "INSERT INTO {table} (token, data, expiry, principal) VALUES (?, ?, {time}, ?) " +
			"ON DUPLICATE KEY UPDATE data = VALUES(data), expiry = VALUES(expiry), principal = VALUES(principal)",
		CreateTable: []string{
			"CREATE TABLE IF NOT EXISTS {table} (" +
				"token VARBINARY(255) NOT NULL, " +
				"data MEDIUMBLOB NOT NULL, " +
				"expiry DATETIME(6) NOT NULL, " +
				"principal VARBINARY(255) NULL, " +
				"PRIMARY KEY (token), " +
				"INDEX {index} (expiry), " +
				"INDEX {principal_index} (principal))",
		},
		Probe: mysqlProbe + "('token', 'data', 'expiry', 'principal')",
		// CAST(? AS BINARY) keeps the comparison byte for byte on a column someone declared
		// VARCHAR; on VARBINARY it changes nothing.
		Find:   "SELECT token, data FROM {table} WHERE principal = CAST(? AS BINARY) AND expiry > {time}",
		Delete: "DELETE FROM {table} WHERE principal = CAST(? AS BINARY)",
		// One statement, in place, without blocking reads or writes (InnoDB online DDL).
		AddColumn: []string{
			"ALTER TABLE {table} ADD COLUMN principal VARBINARY(255) NULL, ADD INDEX {principal_index} (principal), ALGORITHM=INPLACE, LOCK=NONE",
		},
	}
	postgresPrincipal = PrincipalTemplates{
		Upsert: `INSERT INTO {table} (token, data, expiry, principal) VALUES ($1, $2, $3, $4) ` +
			`ON CONFLICT (token) DO UPDATE SET data = EXCLUDED.data, expiry = EXCLUDED.expiry, principal = EXCLUDED.principal`,
		CreateTable: []string{
			`CREATE TABLE IF NOT EXISTS {table} (token TEXT PRIMARY KEY, data BYTEA NOT NULL, expiry TIMESTAMPTZ NOT NULL, principal VARCHAR(255))`,
			`CREATE INDEX IF NOT EXISTS {index} ON {table} (expiry)`,
			`CREATE INDEX IF NOT EXISTS {principal_index} ON {table} (principal) WHERE principal IS NOT NULL`,
		},
		// pg_attribute is readable by every user; to_regclass resolves the name as the other
		// statements do.
		Probe: `SELECT attname::text, format_type(atttypid, atttypmod), 0::bigint FROM pg_attribute ` +
			`WHERE attrelid = to_regclass('{table}') AND attnum > 0 AND NOT attisdropped ` +
			`AND attname IN ('token', 'data', 'expiry', 'principal')`,
		Find:   `SELECT token, data FROM {table} WHERE principal = $1 AND expiry > $2`,
		Delete: `DELETE FROM {table} WHERE principal = $1`,
		// Adding a nullable column without a default changes only the catalog; CONCURRENTLY
		// builds the index without blocking writes (run it outside a transaction).
		AddColumn: []string{
			`ALTER TABLE {table} ADD COLUMN IF NOT EXISTS principal VARCHAR(255)`,
			`CREATE INDEX CONCURRENTLY IF NOT EXISTS {principal_index} ON {table} (principal) WHERE principal IS NOT NULL`,
		},
	}
	sqlitePrincipal = PrincipalTemplates{
		Upsert: `INSERT INTO {table} (token, data, expiry, principal) VALUES (?, ?, ?, ?) ` +
			`ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry, principal = excluded.principal`,
		CreateTable: []string{
			`CREATE TABLE IF NOT EXISTS {table} (token TEXT PRIMARY KEY, data BLOB NOT NULL, expiry REAL NOT NULL, principal TEXT)`,
			`CREATE INDEX IF NOT EXISTS {schema.}{index} ON {name} (expiry)`,
			`CREATE INDEX IF NOT EXISTS {schema.}{principal_index} ON {name} (principal) WHERE principal IS NOT NULL`,
		},
		Probe:  sqliteProbe,
		Find:   `SELECT token, data FROM {table} WHERE principal = ? AND expiry > ?`,
		Delete: `DELETE FROM {table} WHERE principal = ?`,
		AddColumn: []string{
			`ALTER TABLE {table} ADD COLUMN principal TEXT`,
			`CREATE INDEX IF NOT EXISTS {schema.}{principal_index} ON {name} (principal) WHERE principal IS NOT NULL`,
		},
	}
	sqlServerPrincipal = PrincipalTemplates{
		// The principal is bound as VARBINARY, or as an untyped NULL, which the CAST types.
		Upsert: `BEGIN TRY ` +
			`BEGIN TRANSACTION; ` +
			`UPDATE {table} WITH (UPDLOCK, SERIALIZABLE) SET data = @p2, expiry = @p3, principal = CAST(@p4 AS VARBINARY(255)) WHERE ` + exactToken + `; ` +
			`IF @@ROWCOUNT = 0 INSERT INTO {table} (token, data, expiry, principal) VALUES (@p1, @p2, @p3, CAST(@p4 AS VARBINARY(255))); ` +
			`COMMIT TRANSACTION; ` +
			`END TRY BEGIN CATCH IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION; THROW; END CATCH`,
		CreateTable: []string{
			`IF OBJECT_ID(N'{table}', N'U') IS NULL ` +
				`CREATE TABLE {table} (token VARCHAR(255) COLLATE Latin1_General_100_BIN2 NOT NULL PRIMARY KEY, ` +
				`data VARBINARY(MAX) NOT NULL, expiry DATETIME2(6) NOT NULL, principal VARBINARY(255) NULL)`,
			`IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'{index_literal}' AND object_id = OBJECT_ID(N'{table}')) ` +
				`CREATE INDEX {index} ON {table} (expiry)`,
			`IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'{principal_index_literal}' AND object_id = OBJECT_ID(N'{table}')) ` +
				`CREATE INDEX {principal_index} ON {table} (principal)`,
		},
		Probe: `SELECT c.name, t.name, CAST(CASE WHEN c.max_length < 0 THEN 0 ELSE c.max_length END AS BIGINT) ` +
			`FROM sys.columns c JOIN sys.types t ON t.user_type_id = c.user_type_id ` +
			`WHERE c.object_id = OBJECT_ID(N'{table}') AND c.name IN ('token', 'data', 'expiry', 'principal')`,
		Find:   `SELECT token, data FROM {table} WHERE principal = @p1 AND expiry > @p2`,
		Delete: `DELETE FROM {table} WHERE principal = @p1`,
		// Adding a nullable column changes only the metadata. ONLINE = ON builds the index
		// without blocking writes where the edition has online index operations (Enterprise,
		// Azure SQL); elsewhere leave the WITH clause out.
		AddColumn: []string{
			`ALTER TABLE {table} ADD principal VARBINARY(255) NULL`,
			`CREATE INDEX {principal_index} ON {table} (principal) WITH (ONLINE = ON)`,
		},
	}
)

// sqliteProbe lists the session table's columns; an unqualified table is looked up in main,
// as TableExists does.
const sqliteProbe = `SELECT name, type, 0 FROM pragma_table_info('{name_literal}', COALESCE(NULLIF('{schema_literal}', ''), 'main')) ` +
	`WHERE name IN ('token', 'data', 'expiry', 'principal')`

// sqlServerBindPrincipal binds a principal as VARBINARY, as the principal column is; see
// SQLServer's note on tokens.
func sqlServerBindPrincipal(principal string) any {
	if principal == "" {
		return nil
	}
	return []byte(principal)
}
