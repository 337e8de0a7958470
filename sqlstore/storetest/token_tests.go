package storetest

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
)

// testTokens commits tokens no scs session has: each must either work as a
// session of its own or give an error, and none may reach another session's
// data. The tokens are built to collide in weak columns: by truncation, by
// trailing-space padding, by accent or case folding, by encoding repair.
func (s *suite) testTokens(t *testing.T) {
	f := s.newFixture(t)
	live := f.now().Add(time.Hour)

	bystander := newToken()
	commit(t, f.store, bystander, []byte("bystander"), live)
	long := strings.Repeat(bystander, 100)[:4096]

	tokens := []struct{ name, token string }{
		{"Empty", ""},
		{"Long", long},
		{"LongSamePrefix", long[:4095] + "!"},
		{"Truncated", bystander + "x"},
		{"TrailingSpace", bystander + " "},
		{"NonASCII", "sessão-é-ключ-会话-🔑" + bystander[:8]},
		{"NonASCIIFolded", "sessao-e-ключ-会话-🔑" + bystander[:8]},
		{"InvalidUTF8", "\xff\xfe" + bystander[2:]},
		{"NUL", bystander[:21] + "\x00" + bystander[22:]},
	}

	committed := make(map[string]bool)
	for i, tc := range tokens {
		err := f.store.Commit(tc.token, payload(i), live)
		if err == nil {
			committed[tc.name] = true
			continue
		}
		t.Logf("Commit of a token (%s) failed, as it may: %v", tc.name, err)
		if tc.token != "" && strings.Contains(err.Error(), tc.token) {
			t.Errorf("the error of Commit of a token (%s) contains the token: tokens are credentials", tc.name)
		}
	}

	for i, tc := range tokens {
		got, found, err := f.store.Find(tc.token)
		switch {
		case err != nil:
			t.Errorf("Find of a token (%s): %v, want no error", tc.name, err)
		case committed[tc.name] && !found:
			t.Errorf("Find of a token (%s) whose Commit succeeded: not found", tc.name)
		case !committed[tc.name] && found:
			t.Errorf("Find of a token (%s) whose Commit failed: found %d bytes, want not found", tc.name, len(got))
		case found && !bytes.Equal(got, payload(i)):
			t.Errorf("Find of a token (%s) returned another session's data: %s", tc.name, diffBytes(got, payload(i)))
		}
	}
	wantFound(t, f.store, bystander, []byte("bystander"), "Find of a live session after commits of tokens like it")

	for _, tc := range tokens {
		if err := f.store.Delete(tc.token); err != nil && committed[tc.name] {
			t.Errorf("Delete of a token (%s) whose Commit succeeded: %v", tc.name, err)
		}
	}
	wantFound(t, f.store, bystander, []byte("bystander"), "Find of a live session after deletes of tokens like it")
	for _, tc := range tokens {
		if _, found, _ := f.store.Find(tc.token); found {
			t.Errorf("Find of a token (%s) after its Delete: found", tc.name)
		}
	}
}

// payload is the data committed for the i'th token of testTokens.
func payload(i int) []byte { return fmt.Appendf(nil, "data of token %d", i) }
