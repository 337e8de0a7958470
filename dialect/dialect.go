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
	// contents of a string literal (identifiers are validated, so no escaping is needed).
	find, upsert, delete, all, deleteExpired string
	beforeDeleteExpired                      string
	createTable                              []string
	tryLock, unlock                          string

	bindTime  func(time.Time) any
	bindToken func(string) any // nil: the string itself
	lockKey   func(table string) any
	retryable func(error) bool
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
	// CreateTable creates the recommended table and its expiry index if they are missing. Run in
	// order; each is idempotent.
	CreateTable []string
	// TryLock takes the table's cross-process cleanup lock without waiting and returns one row
	// with one boolean-like column, true when the lock was taken: (LockKey). Empty when the
	// database has no such lock.
	TryLock string
	// Unlock releases the lock taken by TryLock on the same connection: (LockKey).
	Unlock string
	// LockKey is the argument of TryLock and Unlock.
	LockKey any
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
	)
	s := Statements{
		Find:                r.Replace(d.find),
		Upsert:              r.Replace(d.upsert),
		Delete:              r.Replace(d.delete),
		All:                 r.Replace(d.all),
		DeleteExpired:       r.Replace(d.deleteExpired),
		BeforeDeleteExpired: d.beforeDeleteExpired,
		TryLock:             d.tryLock,
		Unlock:              d.unlock,
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
