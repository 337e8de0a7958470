package main

import (
	"net/http"
	"testing"

	"github.com/alexedwards/scs/v2"
	"go.uber.org/goleak"

	"github.com/scsql/scsql/examples/internal/sessiontest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m, sessiontest.IgnoreMemstore) }

func TestSessions(t *testing.T) {
	sessiontest.Run(t, func(sm *scs.SessionManager) http.Handler { return newServer(sm) })
}
