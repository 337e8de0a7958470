package testdb

import (
	"database/sql"
	"fmt"
	"strings"
	"sync"

	"github.com/mattn/go-sqlite3"
)

var (
	attachMu      sync.Mutex
	attachDrivers = map[string]string{}
)

// sqliteAttachDriver returns the name of a go-sqlite3 driver that attaches file as Schema on
// every new connection, registering it on first use. ATTACH is per connection, so a pool needs
// it in the connect hook.
func sqliteAttachDriver(file string) string {
	attachMu.Lock()
	defer attachMu.Unlock()
	if name, ok := attachDrivers[file]; ok {
		return name
	}
	name := fmt.Sprintf("sqlite3_scsql_attach_%d", len(attachDrivers))
	quoted := "'" + strings.ReplaceAll(file, "'", "''") + "'"
	sql.Register(name, &sqlite3.SQLiteDriver{
		ConnectHook: func(c *sqlite3.SQLiteConn) error {
			_, err := c.Exec("ATTACH DATABASE "+quoted+" AS "+Schema, nil)
			return err
		},
	})
	attachDrivers[file] = name
	return name
}
