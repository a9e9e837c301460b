package main

import (
	"encoding/hex"
	"strconv"
	"strings"
	"testing"

	"github.com/flasksession/flasksession/internal/vectors"
)

// sessionVector is one entry of the golden vectors' "sessions", with the
// CLI's view of its settings.
type sessionVector struct{ vectors.Session }

type vectorSet struct {
	Sessions     []sessionVector
	SessionLoads []vectors.SessionLoad
}

func loadVectors(t *testing.T) vectorSet {
	t.Helper()
	f := vectors.Load(t)
	v := vectorSet{SessionLoads: f.SessionLoads}
	for _, s := range f.Sessions {
		v.Sessions = append(v.Sessions, sessionVector{s})
	}
	return v
}

// reprOf returns the session Flask opened from the vector's cookie, as
// Python's repr, or "none".
func reprOf(v vectors.SessionLoad) string {
	if v.SessionRepr == nil {
		return "none"
	}
	return *v.SessionRepr
}

// secret returns the vector's key as the CLI receives it: the raw bytes of
// the key, which for the non-UTF-8 "bytes secret key" vector only hex has.
func (v sessionVector) secret(t *testing.T) string {
	if v.SecretKeyHex != "" {
		b, err := hex.DecodeString(v.SecretKeyHex)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	return v.SecretKey
}

// signingFlags returns the flags naming the vector's non-default settings
// (all of them, so the defaults are exercised by the vectors that omit
// nothing too).
func (v sessionVector) signingFlags() []string {
	var args []string
	if v.Salt != defaultSalt {
		args = append(args, "--salt", v.Salt)
	}
	if v.KeyDerivation != defaultDerivation {
		args = append(args, "--key-derivation", v.KeyDerivation)
	}
	if v.Digest != defaultDigest {
		args = append(args, "--digest", v.Digest)
	}
	return args
}

// rawFlag returns --raw for the vectors whose session does not survive a
// load and save unchanged (int dict keys come back as strings, naive
// datetimes as aware ones...): Flask's bytes are then reproduced by
// signing and printing the payload as it is.
func (v sessionVector) rawFlag() []string {
	if v.RoundtripLossless {
		return nil
	}
	return []string{"--raw"}
}

// cookieName returns the name in the vector's Set-Cookie header.
func (v sessionVector) cookieName() string {
	name, _, _ := strings.Cut(v.SetCookie, "=")
	return name
}

// flaskDefaultJSON reports whether the vector's JSON was written with
// Flask's default JSON provider, the only one sign reproduces.
func (v sessionVector) flaskDefaultJSON() bool { return len(v.JSONOverrides) == 0 }

func TestSignReproducesFlaskCookies(t *testing.T) {
	for _, v := range loadVectors(t).Sessions {
		if !v.flaskDefaultJSON() {
			continue
		}
		t.Run(v.Name, func(t *testing.T) {
			args := append([]string{"sign", "--timestamp", strconv.FormatInt(int64(v.Now), 10)}, v.signingFlags()...)
			args = append(args, v.rawFlag()...)
			r := runCLI(t, map[string]string{envSecret: v.secret(t)}, v.JSON+"\n", args...)
			if r.code != exitOK {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			if got := strings.TrimSuffix(r.stdout, "\n"); got != v.CookieValue {
				t.Errorf("sign = %q\nwant   %q (Flask's)", got, v.CookieValue)
			}
		})
	}
}

func TestVerifyFlaskCookies(t *testing.T) {
	for _, v := range loadVectors(t).Sessions {
		if !v.flaskDefaultJSON() {
			continue
		}
		t.Run(v.Name, func(t *testing.T) {
			args := []string{"verify", "--now", strconv.FormatInt(int64(v.Now), 10)}
			args = append(args, v.signingFlags()...)
			args = append(args, v.rawFlag()...)
			args = append(args, "--cookie-name", v.cookieName())
			for _, f := range v.Fallbacks {
				args = append(args, "--fallback", f)
			}
			// Pass the whole Set-Cookie line, as pasted from a browser's
			// network tab.
			args = append(args, "Set-Cookie: "+v.SetCookie)
			r := runCLI(t, map[string]string{envSecret: v.secret(t)}, "", args...)
			if r.code != exitOK {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			if r.stdout != v.JSON+"\n" {
				t.Errorf("verify printed %q, want Flask's JSON %q", r.stdout, v.JSON+"\n")
			}
			if r.stderr != "" {
				t.Errorf("stderr = %q, want nothing on success", r.stderr)
			}
		})
	}
}

// TestVerifySessionLoads runs the cookies Flask was sent through verify:
// the ones Flask accepted exit 0, the ones it ignored (bad signature,
// expired) or failed on (500: undecodable payload) exit 1 with a reason.
func TestVerifySessionLoads(t *testing.T) {
	// Cookies Flask accepted with a non-empty session, or with a valid
	// empty one.
	accepted := map[string]string{
		"valid":                                    `{"a":1}`,
		"valid compressed":                         `{"a":1}`,
		"signed with fallback key old-1":           `{"a":1}`,
		"signed with fallback key old-2":           `{"a":1}`,
		"junk chars inside signature (4)":          `{"a":1}`,
		"standard alphabet +/ in signature":        `{"a":1}`,
		"padding appended to signature":            `{"a":1}`,
		"garbage after padding":                    `{"a":1}`,
		"age == max_age":                           `{"a":1}`,
		"payload JSON null":                        `{}`,
		"payload JSON {}":                          `{}`,
		"payload JSON list of pairs":               `{"a":1}`,
		"payload ' d' unparsable -> None":          `{"x":null}`,
		"zlib stream followed by trailing garbage": `{"a":1}`,
		"zlib level 9 stream":                      `{"a":1}`,
		"uncompressed payload that compresses well is still accepted": "",
	}
	rejected := map[string]string{
		"signed with unknown key":                     "bad signature",
		"signature tampered":                          "bad signature",
		"payload tampered":                            "bad signature",
		"junk char inside signature (1)":              "bad signature",
		"age == max_age + 1":                          "expired",
		"timestamp 1 second in the future":            "signed in the future",
		"timestamp 0 (empty timestamp segment)":       "expired",
		"valid signature, far-future timestamp 2**62": "out of range",
		"payload JSON list of ints":                   "not a session",
		"payload JSON string":                         "not a session",
		"payload invalid JSON":                        "not tagged JSON",
		"payload invalid UTF-8":                       "not tagged JSON",
		"payload empty":                               "not tagged JSON",
		"payload bad base64":                          "payload cannot be decoded",
		"payload '.' prefix but not zlib":             "payload cannot be decoded",
		"payload bad tag ' di' with {}":               "not tagged JSON",
		"payload bad tag ' u'":                        "not tagged JSON",
		"no dots at all":                              "not an itsdangerous token",
		"zlib stream with bad adler32":                "payload cannot be decoded",
		"empty cookie value":                          "cookie is empty",
	}
	seen := 0
	for _, v := range loadVectors(t).SessionLoads {
		if v.Cookie == nil {
			continue
		}
		want, ok := accepted[v.Name]
		wantErr, bad := rejected[v.Name]
		if !ok && !bad {
			t.Errorf("vector %q is not classified by this test", v.Name)
			continue
		}
		seen++
		t.Run(v.Name, func(t *testing.T) {
			args := []string{"verify", "--now", strconv.FormatInt(int64(v.Now), 10), "--max-age", strconv.FormatInt(v.MaxAge, 10)}
			for _, f := range v.Fallbacks {
				args = append(args, "--fallback", f)
			}
			// As a Cookie header, so an empty value is an empty cookie.
			args = append(args, "Cookie: session="+*v.Cookie)
			r := runCLI(t, map[string]string{envSecret: v.SecretKey}, "", args...)
			if ok {
				if r.code != exitOK {
					t.Fatalf("Flask accepted it (session %s) but verify exited %d: %s", reprOf(v), r.code, r.stderr)
				}
				if want != "" && r.stdout != want+"\n" {
					t.Errorf("verify printed %q, want %q", r.stdout, want)
				}
				return
			}
			checkFailure(t, r, exitFail, wantErr)
		})
	}
	if seen != len(accepted)+len(rejected) {
		t.Errorf("classified %d vectors but saw %d: the vector file changed", len(accepted)+len(rejected), seen)
	}
}

func TestDecodeFlaskCookies(t *testing.T) {
	for _, v := range loadVectors(t).Sessions {
		if !v.flaskDefaultJSON() {
			continue
		}
		t.Run(v.Name, func(t *testing.T) {
			// No secret anywhere: decode does not need one.
			r := runCLI(t, nil, "session="+v.CookieValue+"\n", append([]string{"decode"}, v.rawFlag()...)...)
			if r.code != exitOK {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			if want := "2023-11-14T22:13:20Z " + v.JSON + "\n"; r.stdout != want {
				t.Errorf("decode printed %q, want %q", r.stdout, want)
			}
			if !strings.Contains(r.stderr, "NOT VERIFIED") || strings.Count(r.stderr, "\n") != 1 {
				t.Errorf("stderr = %q, want one line saying nothing was verified", r.stderr)
			}
		})
	}
}
