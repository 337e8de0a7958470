//go:build cgo

package main

import _ "github.com/mattn/go-sqlite3"

// With cgo, the demo uses the driver scs's sqlite3store is documented with.
const (
	sqliteDriver            = "sqlite3"
	sqliteDriverDescription = "github.com/mattn/go-sqlite3 (cgo)"
)

// sqliteDSN spells a 5 s busy timeout and WAL in mattn's terms.
func sqliteDSN(path string) string {
	return "file:" + path + "?_busy_timeout=5000&_journal_mode=WAL"
}
