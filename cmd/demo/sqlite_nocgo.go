//go:build !cgo

package main

import _ "modernc.org/sqlite"

// Without cgo, the demo uses SQLite translated to Go.
const (
	sqliteDriver            = "sqlite"
	sqliteDriverDescription = "modernc.org/sqlite (pure Go: built without cgo)"
)

// sqliteDSN spells a 5 s busy timeout and WAL in modernc's terms.
func sqliteDSN(path string) string {
	return "file:" + path + "?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)"
}
