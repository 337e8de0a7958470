//go:build cgo

package sqlite3store_test

import (
	"testing"

	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/internal/testdb/mattn"
)

// TestMattn runs everything the store promises on github.com/mattn/go-sqlite3 (cgo).
func TestMattn(t *testing.T) { testdb.SQLiteSuite(t, onDriver(mattn.Driver)) }
