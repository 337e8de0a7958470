package storetest

import "testing"

// suite carries the harness to the tests.
type suite struct {
	h Harness
}

// Run runs every conformance test against the stores h makes.
//
// Each test gets its own store on its own table. Tests that wait on the real
// clock run in parallel with each other, and all have finished when Run
// returns, so the caller may release shared resources with defer.
func Run(t *testing.T, h Harness) {
	t.Helper()
	h.validate(t)
	s := &suite{h: h}
	for _, test := range []struct {
		name string
		run  func(*testing.T)
	}{
		{"Find", s.testFind},
		{"Commit", s.testCommit},
		{"Delete", s.testDelete},
		{"Tokens", s.testTokens},
		{"Expiry", s.testExpiry},
		{"Iterate", s.testIterate},
		{"Data", s.testData},
		{"Many", s.testMany},
		{"Concurrency", s.testConcurrency},
		{"Context", s.testContext},
		{"Cleanup", s.testCleanup},
		{"TableName", s.testTableName},
		{"HTTP", s.testHTTP},
		{"Principal", s.testPrincipal},
	} {
		t.Run(test.name, test.run)
	}
}
