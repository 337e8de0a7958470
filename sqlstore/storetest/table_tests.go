package storetest

import (
	"testing"
	"time"
)

// testTableName checks that a store keeps to the table it was given, whether
// the name is plain or schema-qualified.
func (s *suite) testTableName(t *testing.T) {
	if s.h.NoTableName {
		t.Skip("the harness declared NoTableName: the store ignores Config.TableName")
	}

	t.Run("Isolation", func(t *testing.T) {
		a, b := s.newFixture(t), s.newFixture(t)
		wantIsolated(t, a, b, "two tables")
	})

	t.Run("SchemaQualified", func(t *testing.T) {
		if s.h.Schema == "" {
			t.Skip("Harness.Schema is empty: the store has no schema to qualify table names with")
		}
		// The same name with and without the schema: a store that drops or
		// misquotes the qualifier lands in the other table.
		name := tableName(t)
		qualified := s.newFixtureOn(t, s.h.Schema+"."+name)
		plain := s.newFixtureOn(t, name)
		wantRoundTrip(t, qualified)
		wantIsolated(t, qualified, plain, "a schema-qualified table and an unqualified one of the same name")
	})
}

// wantRoundTrip checks commit, find, list and delete of one session.
func wantRoundTrip(t *testing.T, f *fixture) {
	t.Helper()
	token := newToken()
	commit(t, f.store, token, []byte("round trip"), f.now().Add(time.Hour))
	wantFound(t, f.store, token, []byte("round trip"), "Find after Commit")
	wantListed(t, f.store, map[string][]byte{token: []byte("round trip")}, "after Commit")
	deleteSession(t, f.store, token)
	wantMissing(t, f.store, token, "Find after Delete")
	wantListed(t, f.store, map[string][]byte{}, "after Delete")
}

// wantIsolated checks that stores a and b, on different tables, share no
// session, not even one with the same token.
func wantIsolated(t *testing.T, a, b *fixture, what string) {
	t.Helper()
	token := newToken()
	inA, inB := []byte("in the first table"), []byte("in the second table")
	commit(t, a.store, token, inA, a.now().Add(time.Hour))
	wantMissing(t, b.store, token, what+": Find in the second of a session committed to the first")
	wantListed(t, b.store, map[string][]byte{}, what+": the second, after a commit to the first")

	commit(t, b.store, token, inB, b.now().Add(time.Hour))
	wantFound(t, a.store, token, inA, what+": Find in the first after the same token was committed to the second")
	wantFound(t, b.store, token, inB, what+": Find in the second after the same token was committed to both")

	deleteSession(t, a.store, token)
	wantFound(t, b.store, token, inB, what+": Find in the second after a Delete from the first")
	wantListed(t, a.store, map[string][]byte{}, what+": the first, after a Delete from it")
}
