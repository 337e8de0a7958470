package storetest_test

import (
	"testing"

	"github.com/scsql/scsql/internal/testdb"
)

func TestMain(m *testing.M) { testdb.VerifyNoLeaks(m) }
