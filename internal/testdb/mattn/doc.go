// Package mattn describes github.com/mattn/go-sqlite3 to the tests (testdb.SQLiteDriver). The
// driver needs cgo: without it the package is empty, and the tests that import it carry the
// build constraint "cgo". It is for tests only.
package mattn
