// Package ncrucestest runs sqlite3store's tests on github.com/ncruces/go-sqlite3. It is a
// package of its own because ncruces's driver registers the database/sql name "sqlite3", as
// mattn/go-sqlite3 does, and one test binary cannot link both. It has no code but its tests.
package ncrucestest
