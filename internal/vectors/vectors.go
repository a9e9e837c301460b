// Package vectors loads the golden vectors in testdata/flask-3.1.3.json,
// made by testdata/gen_vectors.py against the real Flask, itsdangerous and
// Werkzeug, into one set of types shared by every package's tests. Its own
// test reruns the generator and compares with the committed file.
//
// Python values in the vectors are typed descriptions ({"t": "int", "v":
// "1"}, see internal/pydesc), kept here as raw JSON.
package vectors

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/flasksession/flasksession/internal/interop"
)

// File is the whole vectors document. Each field is one section.
type File struct {
	Meta            map[string]any  `json:"meta"`
	Encoding        Encoding        `json:"encoding"`
	Signer          []Signer        `json:"signer"`
	KeyRotation     KeyRotation     `json:"key_rotation"`
	TimestampSigner TimestampSigner `json:"timestamp_signer"`
	// URLSafeTimedDefaults is URLSafeTimedSerializer with its defaults.
	URLSafeTimedDefaults URLSafeTimed  `json:"itsdangerous_urlsafe_timed_serializer_defaults"`
	TaggedJSON           []Tagged      `json:"tagged_json"`
	TaggedJSONLoads      []TaggedLoads `json:"tagged_json_loads"`
	Sessions             []Session     `json:"sessions"`
	SessionLoads         []SessionLoad `json:"session_loads"`
	SaveBehaviour        []Request     `json:"save_behaviour"`
	Flash                []Request     `json:"flash"`
}

// PyError is an exception the generator recorded.
type PyError struct {
	Class      string  `json:"class"`
	Message    string  `json:"message"`
	Cause      string  `json:"cause"`
	Payload    *string `json:"payload"`
	DateSigned *string `json:"date_signed"`
}

// Encoding holds itsdangerous.encoding's int_to_bytes and base64_decode.
type Encoding struct {
	IntToBytes []struct {
		Int    string `json:"int"`
		Hex    string `json:"int_to_bytes_hex"`
		Base64 string `json:"base64"`
	} `json:"int_to_bytes"`
	Base64Decode []struct {
		Input     string   `json:"input"`
		OutputHex *string  `json:"output_hex"`
		Error     *PyError `json:"error"`
	} `json:"base64_decode"`
}

// Signer is one signature made by itsdangerous's Signer or a subclass.
type Signer struct {
	Class         string `json:"class"`
	Note          string `json:"note"`
	SecretKey     string `json:"secret_key"`
	Salt          string `json:"salt"`
	KeyDerivation string `json:"key_derivation"`
	Digest        string `json:"digest"`
	Sep           string `json:"sep"`
	Value         string `json:"value"`
	ValueJSON     string `json:"value_json"`
	DerivedKeyHex string `json:"derived_key_hex"`
	Signature     string `json:"signature"`
	Signed        string `json:"signed"`
}

// KeyRotation signs with a list of keys and unsigns with each.
type KeyRotation struct {
	Keys          []string                   `json:"secret_keys_oldest_to_newest"`
	Salt          string                     `json:"salt"`
	KeyDerivation string                     `json:"key_derivation"`
	Digest        string                     `json:"digest"`
	SignWithList  string                     `json:"sign_with_list"`
	SignedByEach  map[string]string          `json:"signed_by_each_key"`
	UnsignResults map[string]json.RawMessage `json:"unsign_results"`
}

// TimestampSigner holds TimestampSigner's signatures and age checks.
type TimestampSigner struct {
	Sign struct {
		Signer
		Now float64 `json:"now"`
	} `json:"sign"`
	UnsignChecks []struct {
		Name   string   `json:"name"`
		Input  string   `json:"input"`
		Now    float64  `json:"now"`
		MaxAge *int64   `json:"max_age"`
		Result *string  `json:"result"`
		Error  *PyError `json:"error"`
	} `json:"unsign_checks"`
	Timestamps []struct {
		Now    int64  `json:"now"`
		Signed string `json:"signed"`
	} `json:"timestamps"`
}

// URLSafeTimed holds URLSafeTimedSerializer's dumps with its defaults.
type URLSafeTimed struct {
	SecretKey     string  `json:"secret_key"`
	Salt          string  `json:"salt"`
	KeyDerivation string  `json:"key_derivation"`
	Digest        string  `json:"digest"`
	Now           float64 `json:"now"`
	Vectors       []struct {
		Value       json.RawMessage `json:"value"`
		Dumps       string          `json:"dumps"`
		PayloadPart string          `json:"payload_part"`
		Compressed  bool            `json:"compressed"`
		JSON        string          `json:"json"`
	} `json:"vectors"`
}

// Tagged is one value through Flask's TaggedJSONSerializer.
type Tagged struct {
	Name           string          `json:"name"`
	Value          json.RawMessage `json:"value"` // typed description
	PythonRepr     string          `json:"python_repr"`
	TaggedJSON     *string         `json:"tagged_json"`
	LoadsRepr      *string         `json:"loads_repr"`
	RoundtripEqual *bool           `json:"roundtrip_equal"`
	Error          *PyError        `json:"error"`
	Note           string          `json:"note"`
}

// TaggedLoads is one JSON text through TaggedJSONSerializer.loads.
type TaggedLoads struct {
	JSON      string   `json:"json"`
	LoadsRepr *string  `json:"loads_repr"`
	Error     *PyError `json:"error"`
}

// Session is a session Flask saved: its settings, JSON and cookie.
type Session struct {
	Name          string          `json:"name"`
	Now           float64         `json:"now"`
	SecretKey     string          `json:"secret_key"`
	SecretKeyHex  string          `json:"secret_key_hex"`
	Fallbacks     []string        `json:"secret_key_fallbacks"`
	Salt          string          `json:"salt"`
	KeyDerivation string          `json:"key_derivation"`
	Digest        string          `json:"digest"`
	Config        map[string]any  `json:"config"`
	JSONOverrides map[string]bool `json:"json_provider_overrides"`
	Session       json.RawMessage `json:"session"` // typed description
	SessionRepr   string          `json:"session_repr"`
	Compressed    bool            `json:"compressed"`
	JSON          string          `json:"json"`
	ZlibHex       string          `json:"zlib_hex"`
	CookieValue   string          `json:"cookie_value"`
	SetCookie     string          `json:"set_cookie"`
	Vary          string          `json:"vary"`
	Warnings      []string        `json:"warnings"`
	LoadedRepr    string          `json:"loaded_repr"`
	PayloadPart   string          `json:"payload_part"`
	// RoundtripLossless says that loading and saving again gives JSON.
	RoundtripLossless bool `json:"roundtrip_lossless"`
}

// SessionLoad is a cookie Flask was sent and the session it opened.
type SessionLoad struct {
	Name         string   `json:"name"`
	Now          float64  `json:"now"`
	SecretKey    string   `json:"secret_key"`
	Fallbacks    []string `json:"secret_key_fallbacks"`
	MaxAge       int64    `json:"max_age"`
	Cookie       *string  `json:"cookie"`
	CookieHeader string   `json:"cookie_header"`
	Status       int      `json:"status"`
	SessionRepr  *string  `json:"session_repr"`
	SetCookie    []string `json:"set_cookie"`
	Vary         *string  `json:"vary"`
}

// Request is one request to a Flask app and what it answered.
type Request struct {
	Name          string   `json:"name"`
	RequestCookie *string  `json:"request_cookie"`
	SecretKey     *string  `json:"secret_key"`
	Status        int      `json:"status"`
	Body          *string  `json:"body"`
	SetCookie     []string `json:"set_cookie"`
	Vary          *string  `json:"vary"`
	SessionJSON   *string  `json:"session_json"`
	Message       string   `json:"message"`
}

var (
	once   sync.Once
	loaded *File
	errL   error
)

// Load returns the parsed vectors, read once per test binary; a missing or
// malformed file fails the test. Tests must not modify the result.
func Load(t testing.TB) *File {
	t.Helper()
	once.Do(func() {
		var data []byte
		data, errL = os.ReadFile(Path())
		if errL == nil {
			var f File
			if errL = json.Unmarshal(data, &f); errL == nil {
				loaded = &f
			}
		}
		if errL == nil && (len(loaded.Sessions) < 30 || len(loaded.SessionLoads) < 30 || len(loaded.TaggedJSON) == 0) {
			errL = fmt.Errorf("%d sessions, %d loads, %d tagged values: expected the full set", len(loaded.Sessions), len(loaded.SessionLoads), len(loaded.TaggedJSON))
		}
	})
	if errL != nil {
		t.Fatalf("golden vectors %s: %v", Path(), errL)
	}
	return loaded
}

// Path returns the vectors file's path: testdata/flask-3.1.3.json at the
// module root, found from the working directory (go test runs a test in
// its package's directory).
func Path() string { return filepath.Join(interop.ModuleRoot(), "testdata", "flask-3.1.3.json") }

// Generator returns the path of the Python program that makes the vectors.
func Generator() string { return filepath.Join(interop.ModuleRoot(), "testdata", "gen_vectors.py") }
