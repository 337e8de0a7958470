package testdb

import (
	"testing"

	"go.uber.org/goleak"
)

// VerifyNoLeaks runs the package's tests and fails them if any goroutine outlives them.
//
// scs.New always starts a memstore whose cleanup goroutine cannot be stopped without a data race
// (scs's memstore assigns its stop channel inside that goroutine). Every scs.SessionManager
// leaves one behind, so that one goroutine, which is scs's and not ours, is ignored.
func VerifyNoLeaks(m *testing.M) {
	goleak.VerifyTestMain(m, goleak.IgnoreTopFunction("github.com/alexedwards/scs/v2/memstore.(*MemStore).startCleanup"))
}
