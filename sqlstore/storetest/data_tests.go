package storetest

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"testing"
	"time"
)

// oneMiB is the session size every store must hold unless it declares less.
const oneMiB = 1 << 20

// testData checks that data comes back byte for byte. Session data is binary
// (gob by default); text columns, trimming and padding all corrupt it.
func (s *suite) testData(t *testing.T) {
	f := s.newFixture(t)
	expiry := f.now().Add(time.Hour)

	allBytes := make([]byte, 256)
	for i := range allBytes {
		allBytes[i] = byte(i)
	}
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"AllByteValues", allBytes},
		{"ZeroRun", make([]byte, 4096)},
		{"ZerosInside", []byte("a\x00\x00\x00b")},
		{"ZerosAtEnds", []byte("\x00\x00ab\x00\x00")},
		{"TrailingSpaces", []byte("padded   ")},
		{"LeadingSpaces", []byte("   padded")},
		{"InvalidUTF8", []byte("\xff\xfe\xc3\x28\xed\xa0\x80\xf0\x28\x8c\x28\x80")},
		{"Gob", bytes.Repeat([]byte("\x0d\xff\x81\x03\x01\x02\xff\x82\x00\x01\x0c\x01\x10\x00"), 64)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			token := newToken()
			commit(t, f.store, token, tc.data, expiry)
			wantFound(t, f.store, token, tc.data, "Find after Commit of "+tc.name)
		})
	}

	t.Run("Large", func(t *testing.T) {
		size := oneMiB
		if s.h.MaxDataSize > 0 {
			size = min(size, s.h.MaxDataSize)
		}
		data := make([]byte, size)
		rand.Read(data)
		token := newToken()
		commit(t, f.store, token, data, expiry)
		wantFound(t, f.store, token, data, "Find after Commit of "+byteSize(size)+" of random data")
	})

	if s.h.MaxDataSize > 0 {
		// Larger data must be refused, not truncated, and leave the session as it was.
		t.Run("TooLarge", func(t *testing.T) {
			token := newToken()
			previous := []byte("previous data")
			commit(t, f.store, token, previous, expiry)
			data := make([]byte, s.h.MaxDataSize+1)
			rand.Read(data)
			if err := f.store.Commit(token, data, expiry); err == nil {
				t.Errorf("Commit of %s, over MaxDataSize, returned no error", byteSize(len(data)))
			}
			wantFound(t, f.store, token, previous, "Find after a refused Commit of "+byteSize(len(data)))
		})
	}
}

// byteSize formats n for a message.
func byteSize(n int) string {
	if n%oneMiB == 0 {
		return fmt.Sprintf("%d MiB", n/oneMiB)
	}
	return fmt.Sprintf("%d bytes", n)
}
