package sqlstore

import (
	"strconv"
)

// gobScan finds the principal under key in session data that scs.GobCodec encoded, without
// decoding the session: gob frames each value in the session's map with its length, so the
// other values are skipped, not decoded. It knows scs's layout, a struct of Deadline (a
// GobEncoder) and Values (a map[string]interface{}), and values of gob's predefined string and
// integer types, and answers as principalString would. For anything else (a type the
// application defined, another layout, malformed data) known is false, and the caller decodes
// the session with gob itself. TestGobScan checks it against gob on many sessions.
func gobScan(data []byte, key string) (principal string, ok, known bool) {
	r := gobReader{b: data}
	defs := make(map[int64][]byte, 3) // the type definitions, by type id
	for !r.err && len(r.b) > 0 {
		n := r.uint()
		if r.err || n > uint64(len(r.b)) {
			return "", false, false
		}
		msg := gobReader{b: r.b[:n]}
		r.b = r.b[n:]
		id := msg.int()
		if id < 0 {
			defs[-id] = msg.b
			continue
		}
		if len(r.b) > 0 || !scsLayout(defs, id) {
			return "", false, false // scs encodes one value, of its own struct
		}
		return msg.session(key)
	}
	return "", false, false
}

// scsLayout reports whether the type definitions say that type id is scs.GobCodec's struct:
// exactly the fields Deadline, a GobEncoder (time.Time), and Values, a map from string to
// interface.
func scsLayout(defs map[int64][]byte, id int64) bool {
	r := gobReader{b: defs[id]}
	// A StructT (field 2 of wireType), its CommonType, and a Field slice of two.
	if !r.want(3, 1) || !r.skipCommon() || !r.want(1, 2) {
		return false
	}
	var ids [2]int64
	for i, name := range []string{"Deadline", "Values"} {
		if !r.want(1) {
			return false
		}
		if string(r.bytes()) != name {
			return false
		}
		if !r.want(1) {
			return false
		}
		ids[i] = r.int()
		if !r.want(0) {
			return false
		}
	}
	if !r.want(0, 0) || len(r.b) > 0 {
		return false
	}
	deadline := gobReader{b: defs[ids[0]]}
	if !deadline.want(5) { // GobEncoderT
		return false
	}
	// A MapT (field 3), its CommonType, Key string and Elem interface.
	m := gobReader{b: defs[ids[1]]}
	if !m.want(4, 1) || !m.skipCommon() || !m.want(1) || m.int() != gobString || !m.want(1) || m.int() != gobInterface {
		return false
	}
	return m.want(0, 0) && len(m.b) == 0
}

// gobReader reads gob's encoding of numbers and strings from b; the first error sticks.
type gobReader struct {
	b   []byte
	err bool
}

func (r *gobReader) uint() uint64 {
	if r.err || len(r.b) == 0 {
		r.err = true
		return 0
	}
	c := r.b[0]
	if c <= 0x7f {
		r.b = r.b[1:]
		return uint64(c)
	}
	n := -int(int8(c))
	if n > 8 || n >= len(r.b) {
		r.err = true
		return 0
	}
	var x uint64
	for _, c := range r.b[1 : n+1] {
		x = x<<8 | uint64(c)
	}
	r.b = r.b[n+1:]
	return x
}

func (r *gobReader) int() int64 {
	x := r.uint()
	i := int64(x >> 1)
	if x&1 != 0 {
		i = ^i
	}
	return i
}

// want reads unsigned numbers and reports whether they are xs, in order.
func (r *gobReader) want(xs ...uint64) bool {
	for _, x := range xs {
		if r.uint() != x || r.err {
			return false
		}
	}
	return true
}

// skipCommon reads a CommonType (a type's name and id) up to its end.
func (r *gobReader) skipCommon() bool {
	for field := int64(-1); !r.err; {
		delta := r.uint()
		if delta == 0 {
			return !r.err
		}
		switch field += int64(delta); field {
		case 0:
			r.bytes()
		case 1:
			r.int()
		default:
			return false
		}
	}
	return false
}

// bytes reads a length and that many bytes.
func (r *gobReader) bytes() []byte {
	n := r.uint()
	if r.err || n > uint64(len(r.b)) {
		r.err = true
		return nil
	}
	b := r.b[:n]
	r.b = r.b[n:]
	return b
}

// Gob's predefined type ids.
const (
	gobString    = 6
	gobInterface = 8
)

// gobBasic returns the type id of one of gob's predefined types, by the name under which gob
// registers it. A value of one of these types is one length-delimited piece of the message:
// no type definition precedes it, so the length before it is its own. Any other type (a slice
// of ints, a struct of the application's) may be preceded by type definitions, inside the
// message or between messages, and gobScan leaves the session to gob.
func gobBasic(name []byte) (id int64, ok bool) {
	switch string(name) {
	case "bool":
		return 1, true
	case "int", "int8", "int16", "int32", "int64":
		return 2, true
	case "uint", "uint8", "uint16", "uint32", "uint64", "uintptr":
		return 3, true
	case "float32", "float64":
		return 4, true
	case "[]uint8":
		return 5, true
	case "string":
		return gobString, true
	case "complex64", "complex128":
		return 7, true
	}
	return 0, false
}

// session reads the struct scs.GobCodec encodes: field 0, Deadline, and field 1, Values.
func (r *gobReader) session(key string) (principal string, ok, known bool) {
	found := false
	for field := int64(-1); ; {
		delta := r.uint()
		switch {
		case r.err:
			return "", false, false
		case delta == 0: // the end of the struct, which must be the end of the message
			if len(r.b) > 0 {
				return "", false, false
			}
			return principal, ok, true
		}
		field += int64(delta)
		switch field {
		case 0:
			r.bytes() // Deadline: GobEncode's bytes
		case 1:
			for count := r.uint(); count > 0 && !r.err; count-- {
				k := r.bytes()
				p, pok, pknown := r.value(string(k) == key && !found)
				if string(k) == key {
					if !pknown {
						return "", false, false
					}
					found, principal, ok = true, p, pok
				}
			}
		default:
			return "", false, false
		}
	}
}

// value reads one interface value of the map; it formats it only when want is true.
func (r *gobReader) value(want bool) (principal string, ok, known bool) {
	name := r.bytes()
	if r.err {
		return "", false, false
	}
	if len(name) == 0 {
		return "", false, true // a nil value
	}
	id, basic := gobBasic(name)
	if !basic || r.int() != id {
		return "", false, false
	}
	v := gobReader{b: r.bytes()}
	if r.err || !want {
		return "", false, !r.err
	}
	if v.uint() != 0 { // a singleton's field delta
		return "", false, false
	}
	switch id {
	case gobString:
		principal = string(v.bytes())
	case 2:
		principal = strconv.FormatInt(v.int(), 10)
	case 3:
		principal = strconv.FormatUint(v.uint(), 10)
	default:
		return "", false, true // not a principal's type (principalString agrees)
	}
	if v.err || len(v.b) > 0 {
		return "", false, false
	}
	return principal, principal != "", true
}
