package sqlstore

import (
	"log/slog"
	"math/bits"
	"reflect"
	"strconv"
	"sync/atomic"

	"github.com/alexedwards/scs/v2"
)

// GobPrincipal returns a Config.Principal for sessions encoded by scs's default codec,
// scs.GobCodec: it decodes the session data and returns the value stored under key, as an
// application stores it with SessionManager.Put(ctx, key, userID). It is
// PrincipalFromCodec(scs.GobCodec{}, key). A session whose values are all of gob's basic types
// (strings, numbers, booleans, []byte) is read without decoding it, which takes about a
// hundredth of the time of decoding it; any other session is decoded by scs.GobCodec.
func GobPrincipal(key string) func(data []byte) (principal string, ok bool) {
	return PrincipalFromCodec(scs.GobCodec{}, key)
}

// PrincipalFromCodec returns a Config.Principal for sessions encoded by codec (the
// SessionManager's Codec): it decodes the session data and returns the value stored under key.
//
// A string value is returned as it is. A value of any integer type (int, int8 to int64, uint,
// uint8 to uint64, uintptr, or a type defined on one of them, such as type UserID int64) is
// formatted in base 10, as strconv.FormatInt and FormatUint do; a type defined on string gives
// its string. Anything else, a missing key, and the empty string give ok false: the session
// has no principal.
//
// Data the codec cannot decode also gives ok false, so a Commit never fails for it; the failure
// is logged on slog.Default() at the time, without the data: the 1st, 2nd, 4th, 8th and so
// on (each power of two) of the returned function's failures, each with the count so far, so
// that a codec that never matches is visible without a line for every request.
func PrincipalFromCodec(codec scs.Codec, key string) func(data []byte) (principal string, ok bool) {
	var failures atomic.Uint64
	_, isGob := codec.(scs.GobCodec)
	return func(data []byte) (string, bool) {
		if isGob {
			// Most sessions need no decoding: see gobScan.
			if p, ok, known := gobScan(data, key); known {
				return p, ok
			}
		}
		_, values, err := codec.Decode(data)
		if err != nil {
			if n := failures.Add(1); bits.OnesCount64(n) == 1 {
				slog.Default().Warn("sqlstore: cannot decode session data to find its principal; the session is stored without one",
					"key", key, "codec", reflect.TypeOf(codec).String(), "failures", n, "bytes", len(data), "err", err)
			}
			return "", false
		}
		return principalString(values[key])
	}
}

// principalString formats a session value as a principal (see PrincipalFromCodec). Kinds,
// not types, decide, so types the application defined on a string or an integer count too.
func principalString(v any) (string, bool) {
	var p string
	switch r := reflect.ValueOf(v); r.Kind() {
	case reflect.String:
		p = r.String()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		p = strconv.FormatInt(r.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		p = strconv.FormatUint(r.Uint(), 10)
	default: // nil (a missing key), and every other kind
		return "", false
	}
	return p, p != ""
}
