package storetest_test

import (
	"testing"

	"github.com/alexedwards/scs/v2"
	"github.com/alexedwards/scs/v2/memstore"

	"github.com/scsql/scsql/sqlstore/storetest"
)

// TestMemstore runs the suite on scs's own in-memory store, which proves the
// suite asks nothing of a store that scs does not.
func TestMemstore(t *testing.T) {
	storetest.Run(t, storetest.Harness{
		New: func(t testing.TB, _ storetest.Config) scs.Store {
			// No cleanup goroutine: memstore's StopCleanup reads a field the
			// goroutine writes, which the race detector reports, and cannot
			// stop a goroutine that has not set it yet.
			store := memstore.NewWithCleanupInterval(0)
			t.Cleanup(store.StopCleanup)
			return store
		},
		NoClock:     true,
		NoTableName: true,
		NoCleanup:   true,
	})
}
