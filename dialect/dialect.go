// Package dialect holds the SQL that each database needs, as data and small pure functions.
//
// A Dialect knows statement text, placeholders, identifier validation and quoting, and how a
// time.Time is bound for the expiry column. It runs nothing and imports no driver: the store core
// in package sqlstore executes what a Dialect builds.
package dialect

import (
	"strings"
	"time"
)

// Dialect is the SQL of one database. The zero value is not usable: use one of the package's
// variables (Postgres, MySQL, SQLite, SQLServer).
type Dialect struct {
	// Name is the dialect's short, lower-case name, as used in golden files and messages.
	Name string

	ident identifierRules

	// Statement templates. Variables: {table} is the quoted, possibly schema-qualified table;
	// {name} is the quoted table without its schema; {schema.} is the quoted schema and a dot, or
	// nothing; {index} is the quoted expiry index name and {index_literal} the same name as the
	// contents of a string literal (identifiers are validated, so no escaping is needed);
	// {name_literal} is the table without its schema, and {schema_literal} the schema or nothing,
	// as the contents of string literals.
	find, upsert, delete, all, deleteExpired string
	beforeDeleteExpired                      string
	tableExists                              string
	createTable                              []string
	tryLock, unlock                          string
	lockedDeleteExpired                      string

	// createPrivilege names what creating the table needs beyond the store's SELECT, INSERT,
	// UPDATE and DELETE on it, for messages; permissionDenied classifies errors (privilege.go).
	createPrivilege  string
	permissionDenied func(error) bool

	bindTime  func(time.Time) any
	bindToken func(string) any // nil: the string itself
	lockKey   func(table string) any
	retryable func(error) bool
	busy      func(error) bool // see Busy

	// Table-dependent parts (schema.go, datasize.go). {time} in a template is where a time is
	// bound, as expiry.param has it; expiry is the recommended table's expiry column and
	// expiryTypes the other expiry column types that probe, when set, can find. maxData is
	// the most bytes the recommended table's data column holds (0: more than any session).
	expiry       expiryColumn
	expiryTypes  map[string]expiryColumn
	probe        string
	maxData      int64
	dataTooLarge func(error) bool
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
}

// ExpiryIndexSuffix is appended to the table name (without schema) to name the expiry index,
// as scs's documented schema does ("sessions_expiry_idx").
const ExpiryIndexSuffix = "_expiry_idx"

// Statements validates the table name and builds every statement for it. The error wraps
// ErrInvalidTableName when the name is not acceptable.
func (d Dialect) Statements(table string) (Statements, error) {
	name, err := d.ident.parse(table)
	if err != nil {
		return Statements{}, err
	}
	schemaDot := ""
	if name.schema != "" {
		schemaDot = d.ident.quote(name.schema) + "."
	}
	index := name.table + ExpiryIndexSuffix
	r := strings.NewReplacer(
		"{table}", schemaDot+d.ident.quote(name.table),
		"{name}", d.ident.quote(name.table),
		"{schema.}", schemaDot,
		"{index}", d.ident.quote(index),
		"{index_literal}", index,
		"{name_literal}", name.table,
		"{schema_literal}", name.schema,
		"{time}", d.expiry.param,
	)
	s := Statements{
		Find:                r.Replace(d.find),
		Upsert:              r.Replace(d.upsert),
		Delete:              r.Replace(d.delete),
		All:                 r.Replace(d.all),
		DeleteExpired:       r.Replace(d.deleteExpired),
		BeforeDeleteExpired: d.beforeDeleteExpired,
		TableExists:         r.Replace(d.tableExists),
		TryLock:             r.Replace(d.tryLock),
		LockedDeleteExpired: r.Replace(d.lockedDeleteExpired),
		Unlock:              r.Replace(d.unlock),
		Probe:               r.Replace(d.probe),
		ExpiryColumn:        d.expiry.name,
		ExpiryMin:           d.expiry.min,
		ExpiryMax:           d.expiry.max,
		MaxData:             d.maxData,
	}
	for _, c := range d.createTable {
		s.CreateTable = append(s.CreateTable, r.Replace(c))
	}
	if d.lockKey != nil {
		s.LockKey = d.lockKey(name.canonical())
	}
	return s, nil
}

// BindTime returns t in the form the dialect's expiry column is compared and stored in: the
// same instant, in UTC, in the column's own terms.
func (d Dialect) BindTime(t time.Time) any { return d.bindTime(t) }

// BindToken returns token in the form the dialect compares with the token column: the string
// itself, except where the driver's default string type would make the database convert the
// column and give up its primary-key index (SQL Server).
func (d Dialect) BindToken(token string) any {
	if d.bindToken == nil {
		return token
	}
	return d.bindToken(token)
}

// QuoteTable validates a table name and returns it quoted for the dialect. The error wraps
// ErrInvalidTableName.
func (d Dialect) QuoteTable(table string) (string, error) {
	name, err := d.ident.parse(table)
	if err != nil {
		return "", err
	}
	if name.schema == "" {
		return d.ident.quote(name.table), nil
	}
	return d.ident.quote(name.schema) + "." + d.ident.quote(name.table), nil
}
