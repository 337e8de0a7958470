package main

import (
	"testing"

	"go.uber.org/goleak"

	"github.com/scsql/scsql/examples/internal/sessiontest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m, sessiontest.IgnoreMemstore) }

func TestSessions(t *testing.T) {
	sessiontest.Run(t, newRouter)
}
