package main

import (
	"crypto/rand"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/flasksession/flasksession"
	"github.com/flasksession/flasksession/tagjson"
)

// sign runs sign and returns the token, failing the test on error.
func sign(t *testing.T, env map[string]string, payload string, args ...string) string {
	t.Helper()
	r := runCLI(t, env, payload, append([]string{"sign"}, args...)...)
	if r.code != exitOK {
		t.Fatalf("sign %v exited %d: %s", args, r.code, r.stderr)
	}
	if strings.Count(r.stdout, "\n") != 1 {
		t.Fatalf("sign printed %q, want one line", r.stdout)
	}
	return strings.TrimSuffix(r.stdout, "\n")
}

func TestSignVerifyRoundTrip(t *testing.T) {
	key := map[string]string{envSecret: "round-trip-key"}
	tests := []struct {
		name      string
		payload   string
		signArgs  []string
		verifyArg []string
		want      string // verify's stdout without the newline
	}{
		{name: "simple session", payload: `{"user_id": "42"}`, want: `{"user_id":"42"}`},
		{name: "canonical order, ASCII, compact", payload: "{\"b\": 1, \"a\": [1.0, 2.5e-07, \"\u00e9\U0001F600\"]}\n", want: `{"a":[1.0,2.5e-07,"\u00e9\ud83d\ude00"],"b":1}`},
		{name: "every tag", payload: `{"t":{" t":[1,2]},"b":{" b":"AAE="},"m":{" m":"<b>x</b>"},"u":{" u":"0123456789abcdef0123456789abcdef"},"d":{" d":"Tue, 14 Nov 2023 22:13:20 GMT"},"di":{" di":{" t__":1}}}`,
			want: `{"b":{" b":"AAE="},"d":{" d":"Tue, 14 Nov 2023 22:13:20 GMT"},"di":{" di":{" t__":1}},"m":{" m":"<b>x</b>"},"t":{" t":[1,2]},"u":{" u":"0123456789abcdef0123456789abcdef"}}`},
		{name: "big ints and specials", payload: `{"n":123456789012345678901234567890,"f":[NaN,Infinity,-Infinity,-0.0]}`, want: `{"f":[NaN,Infinity,-Infinity,-0.0],"n":123456789012345678901234567890}`},
		{name: "compressed", payload: `{"x":"` + strings.Repeat("abc", 200) + `"}`, want: `{"x":"` + strings.Repeat("abc", 200) + `"}`},
		{name: "top-level tag key is escaped", payload: `{" di":{" t__":"v"}}`, want: `{" di":{" t__":"v"}}`},
		{name: "sha512 and custom salt", payload: `{"a":1}`, signArgs: []string{"--digest", "sha512", "--salt", "s"}, verifyArg: []string{"--digest", "sha512", "--salt", "s"}, want: `{"a":1}`},
		{name: "every key derivation: concat", payload: `{"a":1}`, signArgs: []string{"--key-derivation", "concat"}, verifyArg: []string{"--key-derivation", "concat"}, want: `{"a":1}`},
		{name: "every key derivation: django-concat", payload: `{"a":1}`, signArgs: []string{"--key-derivation", "django-concat"}, verifyArg: []string{"--key-derivation", "django-concat"}, want: `{"a":1}`},
		{name: "every key derivation: none", payload: `{"a":1}`, signArgs: []string{"--key-derivation", "none"}, verifyArg: []string{"--key-derivation", "none"}, want: `{"a":1}`},
		{name: "raw itsdangerous token (flask-wtf CSRF style)", payload: "\"0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c\"\n", signArgs: []string{"--raw", "--salt", "wtf-csrf-token"}, verifyArg: []string{"--raw", "--salt", "wtf-csrf-token"}, want: `"0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c"`},
		{name: "raw keeps bytes as they are", payload: "{\"b\":1, \"a\":\"\u00e9\"}\r\n", signArgs: []string{"--raw"}, verifyArg: []string{"--raw"}, want: "{\"b\":1, \"a\":\"\u00e9\"}"},
		{name: "verify accepts the rotated-out key as a fallback", payload: `{"a":1}`, verifyArg: []string{"--secret", "new-key", "--fallback", "round-trip-key"}, want: `{"a":1}`},
		{name: "max-age 0 turns the age check off", payload: `{"a":1}`, signArgs: []string{"--timestamp", "1"}, verifyArg: []string{"--max-age", "0"}, want: `{"a":1}`},
		{name: "age check as of --now", payload: `{"a":1}`, signArgs: []string{"--timestamp", "1700000000"}, verifyArg: []string{"--now", "1700003600", "--max-age", "1h"}, want: `{"a":1}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok := sign(t, key, tt.payload, tt.signArgs...)
			r := runCLI(t, key, "", append(append([]string{"verify"}, tt.verifyArg...), tok)...)
			if r.code != exitOK || r.stdout != tt.want+"\n" || r.stderr != "" {
				t.Errorf("verify(sign(%q)) = %d %q %q, want %q", tt.payload, r.code, r.stdout, r.stderr, tt.want)
			}
		})
	}
}

func TestVerifyFailures(t *testing.T) {
	key := map[string]string{envSecret: "k1"}
	good := sign(t, key, `{"a":1}`, "--timestamp", "1700000000")
	notSession := sign(t, key, `[1,2]`, "--raw", "--timestamp", "1700000000")
	notJSON := sign(t, key, `{"a":`, "--raw", "--timestamp", "1700000000")
	now := []string{"--now", "1700000000"}
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"wrong key", map[string]string{envSecret: "k2"}, append(now, good), "bad signature (wrong secret"},
		{"wrong salt", key, append(now, "--salt", "other", good), "bad signature"},
		{"wrong digest", key, append(now, "--digest", "sha256", good), "bad signature"},
		{"tampered payload", key, append(now, "x"+good[1:]), "bad signature"},
		{"truncated", key, append(now, good[:len(good)-5]), "bad signature"},
		{"expired", key, []string{"--now", "1702678401", good}, "verify: expired: signed at 2023-11-14T22:13:20Z, 744h0m1s ago, older than --max-age 744h0m0s"},
		{"expired with a short max-age", key, []string{"--now", "1700000061", "--max-age", "60", good}, "expired: signed at 2023-11-14T22:13:20Z, 1m1s ago, older than --max-age 1m0s"},
		{"signed in the future", key, []string{"--now", "1699999995", good}, "verify: signed in the future: signed at 2023-11-14T22:13:20Z, 5s ahead of this clock"},
		{"signed in the future, no age limit", key, []string{"--now", "1699999999", "--max-age", "0", good}, "signed in the future: signed at 2023-11-14T22:13:20Z, 1s ahead"},
		{"no dots", key, append(now, "hello"), "verify: not an itsdangerous token: it has no '.'"},
		{"timestamp missing", key, append(now, "eyJhIjoxfQ.sig"), "bad signature"},
		{"not a session", key, append(now, notSession), "tagged JSON but not a session: Flask's dict() refuses it"},
		{"not JSON", key, append(now, notJSON), "not tagged JSON that Flask can load"},
		{"no session cookie in the header", key, append(now, "Cookie: a=1; b=2"), `no cookie named "session"`},
		{"deleted cookie", key, append(now, "Set-Cookie: session=; Max-Age=0"), "cookie is empty"},
		{"longer than the library's bound", key, append(now, strings.Repeat("a", 9000)+".b.c"), "too long for a session cookie"},
		{"junk byte", key, append(now, good[:5]+"\x01"+good[5:]), "bad signature"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, tt.env, "", append([]string{"verify"}, tt.args...)...)
			checkFailure(t, r, exitFail, tt.want)
			if strings.Contains(r.stderr, "k1") || strings.Contains(r.stderr, "k2") {
				t.Errorf("stderr %q contains the secret", r.stderr)
			}
			if strings.Contains(r.stderr, good) {
				t.Errorf("stderr %q quotes the whole cookie", r.stderr)
			}
		})
	}
}

func TestVerifyInputs(t *testing.T) {
	key := map[string]string{envSecret: "k"}
	tok := sign(t, key, `{"a":1}`)
	tests := []struct {
		name  string
		env   map[string]string
		stdin string
		args  []string
	}{
		{"argument", key, "", []string{tok}},
		{"stdin without argument", key, tok + "\n", nil},
		{"stdin with -", key, "Cookie: x=1; session=" + tok + "\n", []string{"-"}},
		{"flags after the token", nil, "", []string{tok, "--secret", "k"}},
		{"-- before the token", key, "", []string{"--", tok}},
		{"secret as a JSON string in the environment", map[string]string{envSecret: `"k"`}, "", []string{tok}},
		{"--secret wins over the environment", map[string]string{envSecret: "wrong"}, "", []string{"--secret", "k", tok}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, tt.env, tt.stdin, append([]string{"verify"}, tt.args...)...)
			if r.code != exitOK || r.stdout != "{\"a\":1}\n" {
				t.Errorf("verify = %d %q %q", r.code, r.stdout, r.stderr)
			}
		})
	}
}

func TestPretty(t *testing.T) {
	key := map[string]string{envSecret: "k"}
	tok := sign(t, key, `{"b":[1,{" t":["x"]}],"a":{}}`, "--timestamp", "1700000000")
	r := runCLI(t, key, "", "verify", "--pretty", "--max-age", "0", tok)
	want := "{\n  \"a\": {},\n  \"b\": [\n    1,\n    {\n      \" t\": [\n        \"x\"\n      ]\n    }\n  ]\n}\n"
	if r.code != exitOK || r.stdout != want {
		t.Errorf("verify --pretty = %d\n%s\nwant\n%s", r.code, r.stdout, want)
	}
	r = runCLI(t, nil, "", "decode", "--pretty", tok)
	if !strings.HasPrefix(r.stdout, "signed at: 2023-11-14T22:13:20Z\n{\n") {
		t.Errorf("decode --pretty = %q", r.stdout)
	}
}

func TestDecode(t *testing.T) {
	key := map[string]string{envSecret: "k"}
	long := sign(t, key, `{"x":"`+strings.Repeat("ab", 100)+`"}`, "--timestamp", "0")
	tests := []struct {
		name, token string
		args        []string
		want        string
	}{
		{"no secret needed", vectorCookie, nil, "2023-11-14T22:13:20Z {\"a\":1}\n"},
		{"compressed, epoch timestamp", long, nil, "1970-01-01T00:00:00Z {\"x\":\"" + strings.Repeat("ab", 100) + "\"}\n"},
		{"compressed, pretty shows it", long, []string{"--pretty"}, "signed at: 1970-01-01T00:00:00Z\ncompressed: yes\n{\n  \"x\": \"" + strings.Repeat("ab", 100) + "\"\n}\n"},
		{"untimed token", "eyJhIjoxfQ.c2ln", nil, "- {\"a\":1}\n"},
		{"raw bytes", "eyJiIjogMSwgImEiOjJ9.ZVPxAA.sig", []string{"--raw"}, "2023-11-14T22:13:20Z {\"b\": 1, \"a\":2}\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, nil, "", append(append([]string{"decode"}, tt.args...), tt.token)...)
			if r.code != exitOK || r.stdout != tt.want {
				t.Errorf("decode = %d %q %q, want %q", r.code, r.stdout, r.stderr, tt.want)
			}
			if r.stderr != "flasksession decode: NOT VERIFIED: the signature was not checked, anyone can forge this payload (use verify)\n" {
				t.Errorf("stderr = %q, want the one-line warning", r.stderr)
			}
		})
	}
}

func TestDecodeFailures(t *testing.T) {
	tests := []struct{ name, token, want string }{
		{"no dots", "hello", "decode: not an itsdangerous token: it has no '.'"},
		{"bad timestamp", "eyJhIjoxfQ.A.sig", "malformed timestamp"},
		{"timestamp too long", "eyJhIjoxfQ.AAAAAAAAAAAAAAAA.sig", "malformed timestamp"},
		{"timestamp past 9999", "eyJhIjoxfQ.QAAAAAAAAAA.sig", "past the year 9999"},
		{"payload not base64", "e.ZVPxAA.sig", "payload is not base64"},
		{"dot prefix but not zlib", ".eyJhIjoxfQ.ZVPxAA.sig", "not zlib"},
		{"payload not JSON", "bm90IGpzb24.ZVPxAA.sig", "not tagged JSON"},
		{"bad tag", "eyIgdSI6ICJ6In0.ZVPxAA.sig", "not tagged JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkFailure(t, runCLI(t, nil, "", "decode", tt.token), exitFail, tt.want)
		})
	}
}

func TestSignFailures(t *testing.T) {
	key := map[string]string{envSecret: "k"}
	tests := []struct{ name, stdin, want string }{
		{"empty stdin", "", "stdin is empty"},
		{"not JSON", "{", "stdin is not tagged JSON"},
		{"array", "[1]", "must be a JSON object, not an array"},
		{"tuple", `{" t":[1]}`, `not a tuple`},
		{"string", `"s"`, "not a string"},
		{"big number", "123456789012345678901234567890", "not a number"},
		{"bad tag", `{"u":{" u":"nope"}}`, "stdin is not tagged JSON"},
		{"too big", strings.Repeat(" ", maxInput+1), "more than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkFailure(t, runCLI(t, key, tt.stdin, "sign"), exitFail, tt.want)
		})
	}
}

func TestSignWarnsAboutLargeCookies(t *testing.T) {
	key := map[string]string{envSecret: "k"}
	// Random data hardly compresses: the cookie goes over 4093.
	raw := make([]byte, 4500)
	rand.Read(raw)
	r := runCLI(t, key, `{"x":"`+base64.StdEncoding.EncodeToString(raw)+`"}`, "sign")
	if r.code != exitOK {
		t.Fatalf("sign exited %d: %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "over Flask's MAX_COOKIE_SIZE of 4093") || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("stderr = %q, want one warning line", r.stderr)
	}
}

// TestVerifyLoadsAsTheLibrary: verify builds the session with the
// library's DecodeCookie, so it accepts exactly the payloads the middleware
// accepts (Flask builds the session with dict(payload)) and prints the
// session they load as.
func TestVerifyLoadsAsTheLibrary(t *testing.T) {
	const secret = "k"
	key := map[string]string{envSecret: secret}
	m := flasksession.New(secret)
	for _, payload := range []string{`{"a":1}`, `null`, `["ab"]`, `[{"k":1,"v":2}]`, `[["a",1],["a",2]]`, `[1,2]`, `[["a"]]`, `"s"`} {
		t.Run(payload, func(t *testing.T) {
			tok := sign(t, key, payload, "--raw")
			r := runCLI(t, key, "", "verify", tok)
			values, err := m.DecodeCookie(tok)
			if err != nil {
				checkFailure(t, r, exitFail, "not a session")
				return
			}
			if values == nil {
				values = map[string]any{}
			}
			want, err := tagjson.Marshal(values)
			if err != nil {
				t.Fatal(err)
			}
			if r.code != exitOK || r.stdout != string(want)+"\n" {
				t.Errorf("verify = %d %q %q, want the session DecodeCookie loads: %s", r.code, r.stdout, r.stderr, want)
			}
		})
	}
}

// TestHelpPerCommand checks each command's help: reached as "help CMD" and
// "CMD -h", flags written --name, each default stated once.
func TestHelpPerCommand(t *testing.T) {
	for _, cmd := range commands() {
		t.Run(cmd.name, func(t *testing.T) {
			viaHelp := runCLI(t, nil, "", "help", cmd.name)
			viaFlag := runCLI(t, nil, "", cmd.name, "-h")
			if viaHelp.code != exitOK || viaHelp.stderr != "" || viaHelp.stdout != viaFlag.stdout {
				t.Fatalf("help %s = %d %q %q; want 0 and the text of %s -h", cmd.name, viaHelp.code, viaHelp.stdout, viaHelp.stderr, cmd.name)
			}
			if !strings.HasPrefix(viaHelp.stdout, "usage: flasksession "+cmd.name+" ") {
				t.Errorf("help %s starts %q", cmd.name, firstLine(viaHelp.stdout))
			}
			for _, line := range strings.Split(viaHelp.stdout, "\n") {
				if strings.HasPrefix(line, "  -") && !strings.HasPrefix(line, "  --") {
					t.Errorf("help %s writes a flag with one dash: %q", cmd.name, line)
				}
				if n := strings.Count(strings.ToLower(line), "default"); n > 1 {
					t.Errorf("help %s states a default %d times: %q", cmd.name, n, line)
				}
			}
		})
	}
	r := runCLI(t, nil, "", "help", "frobnicate")
	checkFailure(t, r, exitUsage, `unknown command "frobnicate"`)
}

func TestHelpStatesDefaults(t *testing.T) {
	r := runCLI(t, nil, "", "help", "verify")
	for _, want := range []string{
		"  --salt SALT\n        itsdangerous SALT (default: cookie-session)\n",
		"  --max-age DURATION\n",
		"(default: 744h0m0s)\n",
		"  --key-derivation KIND\n",
		"(default: hmac)\n",
		"(default: sha1)\n",
		"(default: session)\n",
		"  --raw\n",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("help verify lacks %q:\n%s", want, r.stdout)
		}
	}
}

func TestVersion(t *testing.T) {
	for _, arg := range []string{"--version", "-version"} {
		r := runCLI(t, nil, "", arg)
		// Test binaries carry no module version: the build info says
		// "(devel)", or there is none.
		if r.code != exitOK || r.stdout != "flasksession (devel)\n" || r.stderr != "" {
			t.Errorf("%s = %d %q %q, want flasksession (devel)", arg, r.code, r.stdout, r.stderr)
		}
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
