// Package dialect holds the SQL that each database needs, as data and small pure functions.
//
// A Dialect knows statement text, placeholders, identifier validation and quoting, and how a
// time.Time is bound for the expiry column. It runs nothing and imports no driver: the store core
// in package sqlstore executes what a Dialect builds.
package dialect

import (
	"fmt"
	"strings"
	"time"
)

// Dialect is the SQL of one database, and everything the store decides per database: it is
// all in the exported fields of this value, and nothing is chosen by Name. The zero value is
// not usable: use one of the package's variables (Postgres, MySQL, SQLite, SQLiteGORM,
// SQLServer), or derive one from them.
//
// # Deriving a dialect
//
// A Dialect is a plain value: copy one, replace what differs, and the copy keeps everything
// else, its error classification included. For a database that speaks PostgreSQL's SQL but has
// no advisory locks (CockroachDB):
//
//	crdb := dialect.Postgres
//	crdb.Name = "cockroachdb"
//	crdb.SQL.TryLock, crdb.SQL.Unlock, crdb.SQL.LockedDeleteExpired = "", "", ""
//
// A dialect without TryLock serialises cleanup runs on a table within the process only (see
// Templates.TryLock). Slices and maps are shared by the copy: assign new ones rather than
// changing their elements. Validate reports what a dialect lacks or gets wrong; Statements,
// and so every store constructor, checks it too.
type Dialect struct {
	// Name is the dialect's short, lower-case name, as used in golden files and messages. The
	// store decides nothing by it.
	Name string

	// Identifiers are the rules for table names: which are accepted and how they are quoted.
	Identifiers Identifiers

	// SQL holds the statement templates.
	SQL Templates

	// Expiry is the recommended table's expiry column. ExpiryTypes are other expiry column
	// types that SQL.Probe can find, keyed by data type in lower case, as Columns.ExpiryType
	// has it; a table whose expiry column has one of them gets statements built with it.
	Expiry      ExpiryColumn
	ExpiryTypes map[string]ExpiryColumn

	// MaxData is the most bytes the recommended table's data column holds; 0 means more than
	// any session.
	MaxData int64

	// Bind converts values into the form the database compares with its columns.
	Bind Binding

	// LockKey maps a table, as the database stores its name ("auth.sessions"), to the
	// argument of the cleanup lock's statements. Every process must compute the same key for
	// the same table. Needed when SQL.TryLock or SQL.LockedDeleteExpired is set.
	LockKey func(table string) any

	// Errors classify the driver's errors.
	Errors Errors

	// Variants are dialects for servers that speak this dialect's protocol but want other SQL
	// or error handling (MySQL's: TiDB). With Variants set, a store asks its server what it
	// is, with SQL.Version, on its first operation, and the first variant whose Server the
	// answer contains serves from then on; with none matching, this dialect serves. A dialect
	// derived from one with Variants inherits them: set Variants to nil to serve every server
	// with the derived dialect itself.
	Variants []Variant

	// CreatePrivilege names what creating the recommended table needs beyond the SELECT,
	// INSERT, UPDATE and DELETE on the table that the store's operations need, in words for an
	// error message, such as "CREATE on the schema". Empty where the database has no
	// privileges (SQLite).
	CreatePrivilege string
}

// Identifiers are what one database accepts as a table name and how it quotes one part. Every
// part is first checked to be ASCII letters, digits and underscores, not starting with a digit,
// so Quote never meets a character that needs escaping.
type Identifiers struct {
	// MaxLen is the longest identifier the database keeps without truncating or failing.
	MaxLen int
	// Quote quotes one validated part; QuoteWith makes one.
	Quote func(part string) string
	// Fold maps a part to the name the database stores for it unquoted (PostgreSQL folds to
	// lower case); nil means unchanged.
	Fold func(part string) string
}

// Templates are a dialect's statements, with variables that Statements replaces for one
// table: {table} is the quoted, possibly schema-qualified table; {name} is the quoted table
// without its schema; {schema.} is the quoted schema and a dot, or nothing; {index} is the
// quoted expiry index name and {index_literal} the same name as the contents of a string
// literal (identifiers are validated, so no escaping is needed); {name_literal} is the table
// without its schema, and {schema_literal} the schema or nothing, as the contents of string
// literals; {time} is where a time is bound, as ExpiryColumn.Param has it. Any other
// {word} is an error (see Validate). Values are always parameters, with the database's own
// placeholders; each field of Statements says which arguments its statement takes, in order.
type Templates struct {
	// Find, Upsert, Delete, All, DeleteExpired, TableExists and CreateTable are required.
	Find, Upsert, Delete, All, DeleteExpired string
	// BeforeDeleteExpired, when set, runs just before each DeleteExpired on the same
	// connection; it is not a template.
	BeforeDeleteExpired string
	TableExists         string
	CreateTable         []string
	// CountExpired is optional: see Statements.CountExpired.
	CountExpired string
	// SCSCreateTable is optional: see Statements.SCSCreateTable.
	SCSCreateTable []string
	// TryLock and Unlock are the cross-process cleanup lock, both set or both empty. Without
	// them the store serialises cleanup runs on a table within the process only, and
	// purgers in different processes may run at once (DeleteExpired should then skip rows
	// other transactions hold, as PostgreSQL's FOR UPDATE SKIP LOCKED does).
	TryLock, Unlock string
	// LockedDeleteExpired is optional: see Statements.LockedDeleteExpired.
	LockedDeleteExpired string
	// Probe is optional: see Statements.Probe.
	Probe string
	// Principal is optional: the statements of stores that keep principals.
	Principal PrincipalTemplates
	// Version returns one row with one column, the server's version string (SELECT
	// VERSION()): see Dialect.Variants. Required when Variants is set; not a template.
	Version string
	// Catalog and Migrate are optional: the queries and changes of the operator's command
	// (cmd/scsql), which the store never runs. See Dialect.Catalog and Dialect.Migration.
	Catalog CatalogTemplates
	Migrate MigrateTemplates
}

// Variant is a dialect for the servers whose version string contains Server.
type Variant struct {
	// Server is matched, as a substring, against the answer of SQL.Version ("TiDB").
	Server string
	// Dialect is the dialect for those servers.
	Dialect Dialect
}

// ForServer returns the dialect that serves a server whose SQL.Version answered version: the
// first of d.Variants whose Server version contains, or d itself.
func (d Dialect) ForServer(version string) Dialect {
	for _, v := range d.Variants {
		if strings.Contains(version, v.Server) {
			return v.Dialect
		}
	}
	return d
}

// ExpiryColumn is one type of expiry column: how a statement places a bound time for it, and
// which times it holds.
type ExpiryColumn struct {
	// Name names the type in messages.
	Name string
	// Param replaces {time} in the templates: the placeholder of a bound time, maybe wrapped
	// in a conversion. Required when a template uses {time}.
	Param string
	// Min and Max are the earliest and latest time the column holds; zero: no limit.
	Min, Max time.Time
	// Seconds replaces {seconds} in the catalogue's templates: an expression that turns the
	// value of a column named expiry into seconds since the Unix epoch, the same instant
	// whatever the session's time zone. Optional.
	Seconds string
}

// Binding converts values into the form the database compares with its columns.
type Binding struct {
	// Time returns a time in the form the expiry column is compared and stored in: the same
	// instant, in UTC, in the column's own terms. Required.
	Time func(time.Time) any
	// AppendTime, when set, appends to b the text that Time returns, for a dialect whose Time
	// returns a string: the store then writes a statement's time into memory it reuses or
	// already holds, which saves an allocation on every Find and Commit. Optional; it must
	// agree with Time exactly.
	AppendTime func(b []byte, t time.Time) []byte
	// Token returns a token in the form the database compares with the token column; nil
	// means the string itself.
	Token func(string) any
	// Principal returns a principal in the form the database compares with and stores in the
	// principal column, and the empty string as NULL; nil means the string itself, and nil
	// for the empty string.
	Principal func(string) any
}

// Errors classify a driver's errors for the store. Each inspects the error through interfaces
// and text, so that the dialect imports no driver; nil means "never".
type Errors struct {
	// Retryable: see Dialect.Retryable.
	Retryable func(error) bool
	// Busy: see Dialect.Busy.
	Busy func(error) bool
	// PermissionDenied: see Dialect.PermissionDenied.
	PermissionDenied func(error) bool
	// DataTooLarge: see Dialect.DataTooLarge.
	DataTooLarge func(error) bool
	// ReadOnly: the server refused a write because the node takes no writes (a standby, or a
	// primary demoted at a failover); see Dialect.ReadOnly.
	ReadOnly func(error) bool
	// LockHeld: see Dialect.LockHeld.
	LockHeld func(error) bool
}

// Statements are the statements of one dialect for one table. Each statement takes its
// arguments in the order its field's comment gives.
type Statements struct {
	// Find returns the data of a live session: (token, now).
	Find string
	// Upsert inserts a session or overwrites its data and expiry: (token, data, expiry).
	Upsert string
	// Delete removes a session: (token).
	Delete string
	// All returns the token and data of every live session: (now).
	All string
	// DeleteExpired removes at most limit sessions whose expiry is not after now: (now, limit).
	DeleteExpired string
	// BeforeDeleteExpired, when not empty, runs (no arguments) just before each DeleteExpired on
	// the same connection, to set up that one statement's transaction.
	BeforeDeleteExpired string
	// TableExists returns one row with one boolean-like column, true when the store's table
	// exists where CreateTable would create it: (). It reads only the catalog, so it needs no
	// privilege beyond what the store's other statements need.
	TableExists string
	// CreateTable creates the recommended table and its expiry index if they are missing. Run in
	// order; each is idempotent. The store runs them only when TableExists finds no table: they
	// check privileges before they check existence.
	CreateTable []string
	// CountExpired returns one row with one integer column, how many sessions have expired:
	// (now). It reads the expiry index. Empty when the dialect has none. The store never runs
	// it: the operator's command counts with it (scsql check, and purge's rows left).
	CountExpired string
	// SCSCreateTable creates the table and index that scs documents for its own store on this
	// database, as its README gives them, with the table's name quoted; it is printed for those who
	// keep scs's schema (scsql schema --scs), never run by the store. Empty when scs documents no
	// schema for the database.
	SCSCreateTable []string
	// TryLock takes the table's cross-process cleanup lock without waiting and returns one row
	// with one boolean-like column, true when the lock was taken: (LockKey). Empty when the
	// database has no such lock.
	TryLock string
	// Unlock releases the lock taken by TryLock on the same connection: (LockKey).
	Unlock string
	// LockKey is the argument of TryLock and Unlock.
	LockKey any
	// LockedDeleteExpired is DeleteExpired with the cleanup lock inside it: it first tries a
	// transaction-level lock keyed by LockKey, which the statement's end releases, deletes only
	// if it took it, and returns one row (lock taken, rows deleted): (now, limit, LockKey).
	// Empty when the database has no such lock. It needs no session state, so it works through
	// poolers that switch server connections between transactions.
	LockedDeleteExpired string

	// Probe, when not empty, returns one row per column of the session table as (column name,
	// data type, most bytes it holds or 0; characters for a text column): (). StatementsFor makes statements fit for the
	// columns it finds. Empty: the statements fit every table the dialect supports.
	Probe string
	// ExpiryColumn names the expiry column's type, for messages.
	ExpiryColumn string
	// ExpiryMin and ExpiryMax are the earliest and latest expiry the expiry column holds; the
	// zero time means no limit on that side.
	ExpiryMin, ExpiryMax time.Time
	// MaxData is the most bytes the data column holds, 0 when that is more than any session.
	MaxData int64
	// MaxToken is the most bytes the token column holds, 0 when not known to be less than
	// any token the store accepts.
	MaxToken int64

	// FindByPrincipal returns the token and data of every live session of a principal:
	// (principal, now). DeleteByPrincipal removes every session of a principal, live or
	// expired: (principal). AddPrincipal adds the principal column and its index to an
	// existing table. All three are empty when the dialect keeps no principals.
	FindByPrincipal, DeleteByPrincipal string
	AddPrincipal                       []string
}

// ExpiryIndexSuffix is appended to the table name (without schema) to name the expiry index,
// as scs's documented schema does ("sessions_expiry_idx").
const ExpiryIndexSuffix = "_expiry_idx"

// Statements validates the dialect and the table name and builds every statement for the
// table. The error wraps ErrInvalidDialect when the dialect is not usable (see Validate), and
// ErrInvalidTableName when the name is not acceptable.
func (d Dialect) Statements(table string) (Statements, error) {
	if err := d.Validate(); err != nil {
		return Statements{}, err
	}
	name, err := d.Identifiers.parse(table)
	if err != nil {
		return Statements{}, err
	}
	r := d.replacer(name)
	s := Statements{
		Find:                r.Replace(d.SQL.Find),
		Upsert:              r.Replace(d.SQL.Upsert),
		Delete:              r.Replace(d.SQL.Delete),
		All:                 r.Replace(d.SQL.All),
		DeleteExpired:       r.Replace(d.SQL.DeleteExpired),
		BeforeDeleteExpired: d.SQL.BeforeDeleteExpired,
		CountExpired:        r.Replace(d.SQL.CountExpired),
		TableExists:         r.Replace(d.SQL.TableExists),
		TryLock:             r.Replace(d.SQL.TryLock),
		LockedDeleteExpired: r.Replace(d.SQL.LockedDeleteExpired),
		Unlock:              r.Replace(d.SQL.Unlock),
		Probe:               r.Replace(d.SQL.Probe),
		ExpiryColumn:        d.Expiry.Name,
		ExpiryMin:           d.Expiry.Min,
		ExpiryMax:           d.Expiry.Max,
		MaxData:             d.MaxData,
		FindByPrincipal:     r.Replace(d.SQL.Principal.Find),
		DeleteByPrincipal:   r.Replace(d.SQL.Principal.Delete),
	}
	for _, c := range d.SQL.Principal.AddColumn {
		s.AddPrincipal = append(s.AddPrincipal, r.Replace(c))
	}
	for _, c := range d.SQL.CreateTable {
		s.CreateTable = append(s.CreateTable, r.Replace(c))
	}
	for _, c := range d.SQL.SCSCreateTable {
		s.SCSCreateTable = append(s.SCSCreateTable, r.Replace(c))
	}
	if d.LockKey != nil {
		s.LockKey = d.LockKey(name.canonical())
	}
	return s, nil
}

// replacer replaces the templates' variables for the table name.
func (d Dialect) replacer(name tableName) *strings.Replacer {
	schemaDot := ""
	if name.schema != "" {
		schemaDot = d.Identifiers.Quote(name.schema) + "."
	}
	index := name.table + ExpiryIndexSuffix
	principalIndex := name.table + PrincipalIndexSuffix
	return strings.NewReplacer(
		"{table}", schemaDot+d.Identifiers.Quote(name.table),
		"{name}", d.Identifiers.Quote(name.table),
		"{schema.}", schemaDot,
		"{index}", d.Identifiers.Quote(index),
		"{index_literal}", index,
		"{name_literal}", name.table,
		"{schema_literal}", name.schema,
		"{time}", d.Expiry.Param,
		"{principal_index}", d.Identifiers.Quote(principalIndex),
		"{principal_index_literal}", principalIndex,
		"{seconds}", d.Expiry.Seconds,
	)
}

// BindTime returns t in the form the dialect's expiry column is compared and stored in: the
// same instant, in UTC, in the column's own terms.
func (d Dialect) BindTime(t time.Time) any { return d.Bind.TimeArg(t) }

// BindToken returns token in the form the dialect compares with the token column: the string
// itself, except where the driver's default string type would make the database convert the
// column and give up its primary-key index (SQL Server).
func (d Dialect) BindToken(token string) any { return d.Bind.TokenArg(token) }

// TimeArg is Dialect.BindTime. The store calls Binding's methods on every operation: a
// Dialect is a large value, and each call of one of its methods copies it.
func (b Binding) TimeArg(t time.Time) any { return b.Time(t) }

// TokenArg is Dialect.BindToken.
func (b Binding) TokenArg(token string) any {
	if b.Token == nil {
		return token
	}
	return b.Token(token)
}

// QuoteTable validates a table name and returns it quoted for the dialect. The error wraps
// ErrInvalidTableName.
func (d Dialect) QuoteTable(table string) (string, error) {
	if d.Identifiers.Quote == nil {
		return "", fmt.Errorf("%w %q: no Identifiers.Quote", ErrInvalidDialect, d.Name)
	}
	name, err := d.Identifiers.parse(table)
	if err != nil {
		return "", err
	}
	if name.schema == "" {
		return d.Identifiers.Quote(name.table), nil
	}
	return d.Identifiers.Quote(name.schema) + "." + d.Identifiers.Quote(name.table), nil
}
