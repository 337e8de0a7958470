package sqlstore

import "testing"

// unprintableBytewise is unprintable's definition, one byte at a time.
func unprintableBytewise(s string) int {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x21 || c > 0x7e {
			return i
		}
	}
	return -1
}

// TestUnprintable puts every byte value at every position of tokens of 1 to 20 bytes, among
// printable bytes of both extremes, and compares unprintable with its definition.
func TestUnprintable(t *testing.T) {
	for n := 1; n <= 20; n++ {
		for _, fill := range []byte{0x21, 0x7e, 'a'} {
			for pos := range n {
				for c := range 256 {
					b := make([]byte, n)
					for i := range b {
						b[i] = fill
					}
					b[pos] = byte(c)
					if got, want := unprintable(string(b)), unprintableBytewise(string(b)); got != want {
						t.Fatalf("unprintable(%q) = %d, want %d", b, got, want)
					}
				}
			}
		}
	}
}

func FuzzUnprintable(f *testing.F) {
	f.Add("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
	f.Add("abcdefg\x7fhijk")
	f.Add("\xff\x00 ~!")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := unprintable(s), unprintableBytewise(s); got != want {
			t.Fatalf("unprintable(%q) = %d, want %d", s, got, want)
		}
	})
}
