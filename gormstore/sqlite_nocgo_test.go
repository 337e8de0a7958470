//go:build !cgo

package gormstore_test

import (
	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
)

// sqliteBackends, without cgo, are only the pure-Go github.com/glebarez/sqlite: GORM's own
// SQLite driver is on mattn/go-sqlite3, which needs cgo.
var sqliteBackends = []backend{
	{"SQLite-glebarez", dialect.SQLiteGORM, openGlebarez, testdb.Schema},
}
