package storetest

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"testing"
)

// newToken returns a token shaped like scs's: 32 random bytes as 43
// characters of unpadded base64url. Real tables declare the token column
// CHAR(43), so other shapes could fail for reasons no session would meet.
func newToken() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails; it crashes the program instead
	return base64.RawURLEncoding.EncodeToString(b)
}

// tableName returns a fresh table name for the running test. The test's own
// name is in it so that a table left behind says where it came from; the
// random suffix keeps parallel runs, reruns and two stores in one test apart.
func tableName(t testing.TB) string {
	name := t.Name()
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	var b strings.Builder
	b.WriteString("st_")
	for _, r := range strings.ToLower(name) {
		if b.Len() >= 27 {
			break
		}
		if ('a' <= r && r <= 'z') || ('0' <= r && r <= '9') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	suffix := make([]byte, 4)
	rand.Read(suffix)
	b.WriteByte('_')
	b.WriteString(hex.EncodeToString(suffix))
	return b.String()
}
