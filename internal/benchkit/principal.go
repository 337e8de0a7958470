package benchkit

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb"
	"github.com/scsql/scsql/sqlstore"
)

// CommitPrincipal benchmarks Commit of sessions as scs's default codec encodes them, of about
// PayloadSizes bytes, each of one of 100 users, without Config.Principal and with
// sqlstore.GobPrincipal, side by side: CommitPrincipal/payload=N/principal=unset|gob. Each
// case has a recommended table of its own, created by CreateTable (with the principal column
// and index only for gob), holding SeedSessions sessions that the commits update in turn,
// each alternating between two versions of its data; a session keeps its user, as most
// commits do. The difference is what keeping principals adds to a Commit: decoding the data,
// one more parameter, and the column and its index.
func CommitPrincipal(b *testing.B, d dialect.Dialect, exec testdb.Execer, newStore func(sqlstore.Config) *sqlstore.Store) {
	for _, size := range PayloadSizes {
		b.Run(fmt.Sprintf("payload=%d", size), func(b *testing.B) {
			seeded := tokens(b, SeedSessions)
			keys := keysFor(b, size)
			versions := make([][2][]byte, len(seeded))
			for i := range seeded {
				for v := range versions[i] {
					versions[i][v] = gobSession(b, fmt.Sprintf("user%02d", i%100), v, keys)
				}
			}
			for _, c := range []struct {
				name      string
				principal func([]byte) (string, bool)
			}{{"unset", nil}, {"gob", sqlstore.GobPrincipal("user")}} {
				b.Run("principal="+c.name, func(b *testing.B) {
					cfg := sqlstore.Config{TableName: fmt.Sprintf("bench_principal_%s_%d", c.name, size), Principal: c.principal}
					s := testdb.NewStore(b, d, exec, newStore, cfg, nil)
					expiry := time.Now().Add(time.Hour)
					for i, token := range seeded {
						if err := s.Commit(token, versions[i][0], expiry); err != nil {
							b.Fatal(err)
						}
					}
					measure(b, 1, func(i int) error {
						n := len(seeded)
						return s.Commit(seeded[i%n], versions[i%n][(i/n+1)%2], expiry.Add(time.Duration(i)*time.Microsecond))
					})
				})
			}
		})
	}
}

// gobSession returns a session of user as scs's default codec encodes it: a version number
// and keys small values, as real sessions hold.
func gobSession(b *testing.B, user string, version, keys int) []byte {
	b.Helper()
	values := map[string]any{"user": user, "version": version}
	for i := range keys {
		values[fmt.Sprintf("key%04d", i)] = strings.Repeat("v", 48)
	}
	data, err := scs.GobCodec{}.Encode(time.Now().Add(time.Hour), values)
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// keysFor returns how many small values make gobSession at least size bytes.
func keysFor(b *testing.B, size int) int {
	keys := 0
	for len(gobSession(b, "user00", 0, keys)) < size {
		keys++
	}
	return keys
}
