package dialect_test

import (
	"testing"

	"go.uber.org/goleak"
)

// The dialect starts no goroutine; the check keeps it so.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
