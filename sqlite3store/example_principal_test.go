package sqlite3store_test

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"
	"path/filepath"

	"github.com/alexedwards/scs/v2"
	_ "github.com/mattn/go-sqlite3"

	"github.com/scsql/scsql/sqlite3store"
)

// Sessions per user: the store keeps each session's "userID" in an indexed column, so that
// listing a user's devices is one SELECT and signing them out one DELETE. Alice signs in on
// three devices, changes her password on her phone, which signs out the other two, and then
// signs out everywhere.
func Example_sessionsPerUser() {
	dir, err := os.MkdirTemp("", "sqlite3store-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(dir, "app.db")+"?_busy_timeout=5000&_journal_mode=WAL")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	store := sqlite3store.NewWithConfig(db, sqlite3store.Config{
		Principal: sqlite3store.GobPrincipal("userID"), // the session value that names the user
	})
	defer store.Close()
	if err := store.CreateTable(context.Background()); err != nil { // with the principal column
		log.Fatal(err)
	}

	sessions := scs.New()
	sessions.Store = store
	mux := http.NewServeMux()
	mux.HandleFunc("POST /login", func(w http.ResponseWriter, r *http.Request) {
		if err := sessions.RenewToken(r.Context()); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		sessions.Put(r.Context(), "userID", r.FormValue("user"))
	})
	mux.HandleFunc("GET /whoami", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, sessions.GetString(r.Context(), "userID"))
	})
	mux.HandleFunc("GET /devices", func(w http.ResponseWriter, r *http.Request) {
		devices, err := store.FindByPrincipal(r.Context(), sessions.GetString(r.Context(), "userID"))
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		fmt.Fprintf(w, "signed in on %d devices", len(devices))
	})
	mux.HandleFunc("POST /password", func(w http.ResponseWriter, r *http.Request) {
		// (Change the password here.) Then sign out every other device, and keep this one
		// signed in under a new token, which LoadAndSave writes.
		if _, err := store.DeleteByPrincipal(r.Context(), sessions.GetString(r.Context(), "userID")); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		if err := sessions.RenewToken(r.Context()); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
		}
	})
	mux.HandleFunc("POST /logout-everywhere", func(w http.ResponseWriter, r *http.Request) {
		if _, err := store.DeleteByPrincipal(r.Context(), sessions.GetString(r.Context(), "userID")); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		// The current session is gone from the store; Destroy also keeps LoadAndSave from
		// writing it again and clears the cookie.
		if err := sessions.Destroy(r.Context()); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
		}
	})
	server := httptest.NewServer(sessions.LoadAndSave(mux))
	defer server.Close()

	laptop, phone, tablet := device(), device(), device()
	for _, d := range []*http.Client{laptop, phone, tablet} {
		call(d, "POST", server.URL+"/login?user=alice")
	}
	fmt.Println("phone:", call(phone, "GET", server.URL+"/devices"))
	call(phone, "POST", server.URL+"/password")
	fmt.Printf("after the password change: laptop %q, phone %q, tablet %q\n",
		call(laptop, "GET", server.URL+"/whoami"), call(phone, "GET", server.URL+"/whoami"), call(tablet, "GET", server.URL+"/whoami"))
	fmt.Println("phone:", call(phone, "GET", server.URL+"/devices"))
	call(phone, "POST", server.URL+"/logout-everywhere")
	fmt.Printf("after signing out everywhere: phone %q\n", call(phone, "GET", server.URL+"/whoami"))
	// Output:
	// phone: signed in on 3 devices
	// after the password change: laptop "", phone "alice", tablet ""
	// phone: signed in on 1 devices
	// after signing out everywhere: phone ""
}

// device is a browser: a client with its own cookies.
func device() *http.Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		log.Fatal(err)
	}
	return &http.Client{Jar: jar}
}

func call(c *http.Client, method, url string) string {
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		log.Fatal(err)
	}
	resp, err := c.Do(req)
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		log.Fatal(err)
	}
	return string(body)
}
