// Command echo serves scs sessions, kept in SQLite by scsql's sqlite3store, under Echo v4.
//
// scs's LoadAndSave is plain net/http middleware; echo.WrapMiddleware adapts it. Handlers reach
// the session through the request's context.
//
//	go run ./echo   # then: curl -c jar -b jar localhost:4000/put; curl -c jar -b jar localhost:4000/get
package main

import (
	"context"
	"database/sql"
	"log"
	"net/http"

	"github.com/alexedwards/scs/v2"
	"github.com/labstack/echo/v4"
	_ "github.com/mattn/go-sqlite3"

	"github.com/scsql/scsql/sqlite3store"
)

func main() {
	db, err := sql.Open("sqlite3", "sessions.db?_busy_timeout=5000&_journal_mode=WAL")
	if err != nil {
		log.Fatal(err)
	}
	store := sqlite3store.New(db)
	if err := store.CreateTable(context.Background()); err != nil {
		log.Fatal(err)
	}
	sessionManager := scs.New()
	sessionManager.Store = store
	log.Fatal(http.ListenAndServe("localhost:4000", newServer(sessionManager)))
}

// newServer returns the application: Echo with scs's middleware in front of every route.
func newServer(sessionManager *scs.SessionManager) *echo.Echo {
	e := echo.New()
	e.Use(echo.WrapMiddleware(sessionManager.LoadAndSave))

	e.GET("/put", func(c echo.Context) error {
		sessionManager.Put(c.Request().Context(), "message", "Hello from a session!")
		return c.String(http.StatusOK, "stored")
	})
	e.GET("/get", func(c echo.Context) error {
		return c.String(http.StatusOK, sessionManager.GetString(c.Request().Context(), "message"))
	})
	e.POST("/login", func(c echo.Context) error {
		ctx := c.Request().Context()
		// A new token on every change of privilege, against session fixation.
		if err := sessionManager.RenewToken(ctx); err != nil {
			return err
		}
		sessionManager.Put(ctx, "userID", c.FormValue("user"))
		return c.String(http.StatusOK, "logged in")
	})
	e.POST("/logout", func(c echo.Context) error {
		if err := sessionManager.Destroy(c.Request().Context()); err != nil {
			return err
		}
		return c.String(http.StatusOK, "logged out")
	})
	e.GET("/whoami", func(c echo.Context) error {
		return c.String(http.StatusOK, sessionManager.GetString(c.Request().Context(), "userID"))
	})
	return e
}
