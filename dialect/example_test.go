package dialect_test

import (
	"fmt"

	"github.com/scsql/scsql/dialect"
)

// A dialect for a database that speaks PostgreSQL's SQL but has no advisory locks, such as
// CockroachDB: start from Postgres and replace what differs. The store then serialises
// cleanup runs within the process, and the delete's FOR UPDATE SKIP LOCKED keeps purgers in
// different processes apart. (Untested on CockroachDB itself; see docs/dialects.md.)
func ExampleDialect_derive() {
	crdb := dialect.Postgres
	crdb.Name = "cockroachdb"
	crdb.SQL.TryLock, crdb.SQL.Unlock, crdb.SQL.LockedDeleteExpired = "", "", ""
	if err := crdb.Validate(); err != nil {
		panic(err)
	}
	st, err := crdb.Statements("sessions")
	if err != nil {
		panic(err)
	}
	fmt.Println(st.Find)
	fmt.Printf("cross-process lock: %q\n", st.TryLock)

	// A mistake is reported before any statement runs.
	crdb.SQL.Delete = `DELETE FROM {tabel} WHERE token = $1`
	fmt.Println(crdb.Validate())
	// Output:
	// SELECT data FROM "sessions" WHERE token = $1 AND expiry > $2
	// cross-process lock: ""
	// invalid dialect "cockroachdb": SQL.Delete has unknown variable {tabel}
}
