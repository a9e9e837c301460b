package flasksession

import (
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/flasksession/flasksession/internal/pydesc"
	"github.com/flasksession/flasksession/internal/pyrepr"
	"github.com/flasksession/flasksession/internal/vectors"
	"github.com/flasksession/flasksession/itsdangerous"
	"github.com/flasksession/flasksession/tagjson"
)

// Compressed cookies are compared byte for byte: itsdangerous compresses
// with internal/zlibx, bit-identical to C zlib 1.2.13's deflate.c (what
// Python's zlib.compress runs).
// TestZlibBitIdentical guards that.

// TestZlibBitIdentical checks one compressed vector end to end, so that a
// regression to compress/zlib shows up as such rather than as 20 vector
// failures.
func TestZlibBitIdentical(t *testing.T) {
	m := New("dev-secret")
	m.Now = frozenNow
	v, err := m.EncodeCookie(map[string]any{"a": "xxxxxxxxxxxx"})
	// vector "compression boundary: compressed (zlib_len == json_len-2)"
	if want := ".eJyrVkpUslKqQAJKtQBLeQe8.ZVPxAA.q0RxDLC5i2Olj7dLIPg_XyfRIjY"; err != nil || v != want {
		t.Fatalf("cookie %q, %v; want C zlib's %q", v, err, want)
	}
}

// vectorManager builds the Manager a sessions vector describes.
func vectorManager(t *testing.T, v vectors.Session) (*Manager, *errLog) {
	key, err := hex.DecodeString(v.SecretKeyHex)
	if err != nil {
		t.Fatal(err)
	}
	m, log := testManager(string(key))
	m.SecretKeyFallbacks = v.Fallbacks
	m.Salt = v.Salt
	m.KeyDerivation = itsdangerous.KeyDerivation(v.KeyDerivation)
	m.Digest = digestByName(t, v.Digest)
	for k, val := range v.Config {
		switch k {
		case "SESSION_COOKIE_NAME":
			m.Cookie.Name = val.(string)
		case "SESSION_COOKIE_DOMAIN":
			m.Cookie.Domain = val.(string)
		case "SESSION_COOKIE_PATH":
			m.Cookie.Path = val.(string)
		case "SESSION_COOKIE_SECURE":
			m.Cookie.Secure = val.(bool)
		case "SESSION_COOKIE_HTTPONLY":
			m.Cookie.HTTPOnly = val.(bool)
		case "SESSION_COOKIE_PARTITIONED":
			m.Cookie.Partitioned = val.(bool)
		case "SESSION_COOKIE_SAMESITE":
			ss, err := ParseSameSite(val.(string))
			if err != nil {
				t.Fatal(err)
			}
			m.Cookie.SameSite = ss
		default:
			t.Fatalf("vector config %s not mapped", k)
		}
	}
	if v.JSONOverrides != nil {
		s := tagjson.NewSerializer()
		s.SortKeys = v.JSONOverrides["sort_keys"]
		s.EnsureASCII = v.JSONOverrides["ensure_ascii"]
		s.PreserveOrder = !s.SortKeys
		m.Serializer = s
	} else {
		// Keep nested objects in payload order, so that loaded values
		// print in Python's order (a dict with int keys sorts as ints).
		s := tagjson.NewSerializer()
		s.PreserveOrder = true
		m.Serializer = s
	}
	return m, log
}

// payloadJSON verifies a cookie value with m's keys and returns the JSON
// inside it.
func payloadJSON(t *testing.T, m *Manager, value string) string {
	t.Helper()
	st, err := m.state()
	if err != nil {
		t.Fatal(err)
	}
	p, _, err := st.codec.ser.VerifyPayload([]byte(value), itsdangerous.NoMaxAge)
	if err != nil {
		t.Fatalf("our own cookie does not verify: %v", err)
	}
	return string(p)
}

// compareSetCookie checks a Set-Cookie header against Flask's, byte for
// byte; on a mismatch of a compressed value it also shows the JSON inside,
// to tell a payload difference from a deflate one.
func compareSetCookie(t *testing.T, m *Manager, got, want, wantJSON string) {
	t.Helper()
	if got == want {
		return
	}
	t.Errorf("Set-Cookie\n got  %q\n want %q", got, want)
	if _, rest, ok := strings.Cut(got, "="); ok && wantJSON != "" {
		value, _, _ := strings.Cut(rest, ";")
		if js := payloadJSON(t, m, value); js != wantJSON {
			t.Errorf("payload JSON\n got  %s\n want %s", js, wantJSON)
		}
	}
}

func headerOrNil(h http.Header, k string) *string {
	if v, ok := h[k]; ok {
		s := strings.Join(v, "\n")
		return &s
	}
	return nil
}

func strp(s *string) string {
	if s == nil {
		return "<none>"
	}
	return fmt.Sprintf("%q", *s)
}

// TestVectorsSessions replays every `sessions` vector: a handler that sets
// the vector's session on a fresh request must send Flask's Set-Cookie and
// Vary; a request carrying Flask's cookie must load Flask's values.
func TestVectorsSessions(t *testing.T) {
	vf := vectors.Load(t)
	if len(vf.Sessions) != 38 {
		t.Fatalf("%d sessions vectors, want 38", len(vf.Sessions))
	}
	for _, v := range vf.Sessions {
		t.Run(v.Name, func(t *testing.T) {
			m, log := vectorManager(t, v)
			ordered := v.JSONOverrides != nil && !v.JSONOverrides["sort_keys"]
			val, err := pydesc.FromJSON(v.Session, pydesc.Options{Ordered: ordered})
			if err != nil {
				t.Fatal(err)
			}
			w := serve(t, m, "", func(w http.ResponseWriter, r *http.Request) {
				s := FromContext(r.Context())
				switch val := val.(type) {
				case map[string]any:
					s.Update(val)
				case tagjson.Ordered:
					for _, mem := range val {
						s.Set(mem.Key, mem.Value)
					}
				default:
					t.Fatalf("session descriptor is %T", val)
				}
			})
			sc := w.Result().Header["Set-Cookie"]
			if len(sc) != 1 {
				t.Fatalf("Set-Cookie headers: %q", sc)
			}
			compareSetCookie(t, m, sc[0], v.SetCookie, v.JSON)
			if got := w.Result().Header.Get("Vary"); got != v.Vary {
				t.Errorf("Vary = %q, want %q", got, v.Vary)
			}
			errs := log.all()
			if len(v.Warnings) > 0 {
				var tooLarge *CookieTooLargeError
				if len(errs) != 1 || !errors.Is(errs[0], ErrCookieTooLarge) || !errors.As(errs[0], &tooLarge) {
					t.Fatalf("errors %v, want one ErrCookieTooLarge", errs)
				}
				want := fmt.Sprintf("value was %d bytes but the header required %d extra bytes. The final size was %d bytes but the limit is %d bytes",
					tooLarge.ValueLen, tooLarge.HeaderLen-tooLarge.ValueLen, tooLarge.HeaderLen, tooLarge.Limit)
				if !strings.Contains(v.Warnings[0], want) {
					t.Errorf("sizes %+v, Flask warned %q", tooLarge, v.Warnings[0])
				}
			} else if len(errs) != 0 {
				t.Errorf("errors reported: %v", errs)
			}

			// Load Flask's own cookie.
			var loaded string
			w = serve(t, m, m.Cookie.Name+"="+v.CookieValue, func(w http.ResponseWriter, r *http.Request) {
				s := FromContext(r.Context())
				loaded = pyrepr.Repr(s.Values())
				if ordered {
					loaded = pyrepr.Repr(s.orderedValues())
				}
			})
			if loaded != v.LoadedRepr {
				t.Errorf("loaded\n got  %s\n want %s", loaded, v.LoadedRepr)
			}
			if errs := log.all(); len(errs) > len(v.Warnings) {
				t.Errorf("errors reported: %v", errs)
			}
			if sc := w.Result().Header["Set-Cookie"]; len(sc) != 0 && !strings.Contains(v.SetCookie, "Expires=") {
				t.Errorf("reading a non-permanent session sent %q", sc)
			}
		})
	}
}

// TestVectorsSessionLoads replays every `session_loads` vector through the
// middleware: same loaded session, no Set-Cookie, Vary: Cookie. Where Flask
// answers 500, the Go side gives an empty session and reports
// ErrUndecodable.
func TestVectorsSessionLoads(t *testing.T) {
	vf := vectors.Load(t)
	if len(vf.SessionLoads) != 42 {
		t.Fatalf("%d session_loads vectors, want 42", len(vf.SessionLoads))
	}
	for _, v := range vf.SessionLoads {
		t.Run(v.Name, func(t *testing.T) {
			secret := v.SecretKey
			if secret == "" {
				secret = "dev-secret"
			}
			m, log := testManager(secret)
			m.SecretKeyFallbacks = v.Fallbacks
			header := v.CookieHeader
			if v.Cookie != nil {
				header = "session=" + *v.Cookie
			}
			var got string
			w := serve(t, m, header, func(w http.ResponseWriter, r *http.Request) {
				got = pyrepr.Repr(FromContext(r.Context()).Values())
			})
			res := w.Result()
			if sc := res.Header["Set-Cookie"]; len(sc) != 0 {
				t.Errorf("Set-Cookie sent: %q", sc)
			}
			if vary := res.Header.Get("Vary"); vary != "Cookie" {
				t.Errorf("Vary = %q, want Cookie (the session was accessed)", vary)
			}
			errs := log.all()
			switch {
			case v.Status == 500:
				if got != "{}" {
					t.Errorf("session = %s, want {} where Flask answers 500", got)
				}
				if len(errs) != 1 || !errors.Is(errs[0], ErrUndecodable) || errors.Is(errs[0], ErrInvalidCookie) {
					t.Errorf("errors %v, want one ErrUndecodable", errs)
				}
			case v.SessionRepr == nil:
				t.Fatal("vector without session_repr")
			default:
				if got != *v.SessionRepr {
					t.Errorf("session = %s, want %s", got, *v.SessionRepr)
				}
				cookie, _ := CookieValue(http.Header{"Cookie": {header}}, "session")
				switch {
				case got == "{}" && cookie != "" && !strings.Contains(v.Name, "null") && !strings.Contains(v.Name, "{}"):
					if len(errs) != 1 || !errors.Is(errs[0], ErrInvalidCookie) || !errors.Is(errs[0], itsdangerous.ErrBadSignature) {
						t.Errorf("errors %v, want one ErrInvalidCookie", errs)
					}
				case len(errs) != 0:
					t.Errorf("errors reported: %v", errs)
				}
			}
		})
	}
}

// requestOp is the Go handler code for one save_behaviour or flash vector:
// it does to the session what the vector's Flask view did and returns the
// body (Python's repr of the view's result), or "" for none.
type requestOp struct {
	setup func(m *Manager)
	op    func(s *Session) (body string, status int)
}

func flashMessages(fs []Flash) []any {
	out := make([]any, len(fs))
	for i, f := range fs {
		if f.Markup {
			out[i] = tagjson.Markup(f.Message)
		} else {
			out[i] = f.Message
		}
	}
	return out
}

func flashPairs(fs []Flash) []any {
	out := make([]any, len(fs))
	for i, f := range fs {
		msg := flashMessages([]Flash{f})[0]
		out[i] = tagjson.Tuple{f.Category, msg}
	}
	return out
}

var saveOps = map[string]requestOp{
	"no access": {op: func(s *Session) (string, int) { return "", 200 }},
	"no access, permanent cookie (refresh each request)": {op: func(s *Session) (string, int) { return "", 200 }},
	"read get()": {op: func(s *Session) (string, int) {
		v, _ := s.Get("a")
		return pyrepr.Repr(v), 200
	}},
	"read 'in'": {op: func(s *Session) (string, int) {
		_, ok := s.Get("a")
		return pyrepr.Repr(ok), 200
	}},
	"read .permanent": {op: func(s *Session) (string, int) { return pyrepr.Repr(s.Permanent()), 200 }},
	"set same value":  {op: func(s *Session) (string, int) { s.Set("a", 1); return "", 200 }},
	"setdefault existing key": {op: func(s *Session) (string, int) {
		return pyrepr.Repr(s.SetDefault("a", 5)), 200
	}},
	"setdefault new key": {op: func(s *Session) (string, int) {
		return pyrepr.Repr(s.SetDefault("b", 5)), 200
	}},
	"pop missing key with default": {op: func(s *Session) (string, int) {
		v, _ := s.Pop("missing")
		return pyrepr.Repr(v), 200
	}},
	"pop existing last key -> empty": {op: func(s *Session) (string, int) {
		v, _ := s.Pop("a")
		return pyrepr.Repr(v), 200
	}},
	"clear on empty session (no cookie)": {op: func(s *Session) (string, int) { s.Clear(); return "", 200 }},
	"update({}) on empty session":        {op: func(s *Session) (string, int) { s.Update(map[string]any{}); return "", 200 }},
	// Flask raises KeyError (500): Delete reports the missing key instead.
	"del missing key (KeyError)": {op: func(s *Session) (string, int) {
		if !s.Delete("missing") {
			return "", 500
		}
		return "", 200
	}},
	"getitem missing key (KeyError)": {op: func(s *Session) (string, int) {
		if _, ok := s.Get("missing"); !ok {
			return "", 500
		}
		return "", 200
	}},
	// A Go slice in the session cannot grow in place: appending gives a
	// new slice the session does not see, which is the point of the
	// vector (nested changes are not tracked).
	"mutate nested list without modified": {op: func(s *Session) (string, int) {
		l, _ := s.Get("l")
		_ = append(l.([]any), int64(2))
		return "", 200
	}},
	// The vector sets session.modified = True after l.append(2): in Go the
	// grown slice has to be stored back, and MarkModified is what the
	// vector is about.
	"mutate nested list + modified=True": {op: func(s *Session) (string, int) {
		l, _ := s.Get("l")
		vals := s.Values()
		vals["l"] = append(l.([]any), int64(2))
		s.mu.Lock()
		s.values = vals // in-place nested change, as Python's append
		s.mu.Unlock()
		s.MarkModified()
		return "", 200
	}},
	"session.permanent = True": {op: func(s *Session) (string, int) { s.SetPermanent(true); return "", 200 }},
	"get_flashed_messages with no flashes": {op: func(s *Session) (string, int) {
		return pyrepr.Repr(flashMessages(s.Flashes())), 200
	}},
	"no access, permanent cookie, SESSION_REFRESH_EACH_REQUEST=False": {
		setup: func(m *Manager) { m.RefreshEachRequest = false },
		op:    func(s *Session) (string, int) { return "", 200 },
	},
	"null session read": {op: func(s *Session) (string, int) {
		v, _ := s.Get("a")
		return pyrepr.Repr(v), 200
	}},
	"null session write": {op: func(s *Session) (string, int) {
		s.Set("a", 1)
		return "", 500
	}},
}

var flashOps = map[string]requestOp{
	"flash three messages": {op: func(s *Session) (string, int) {
		s.Flash("Hello", "")
		s.Flash("Bad", "error")
		s.FlashMarkup("<em>Hi</em>", "warning")
		return "", 200
	}},
	"get_flashed_messages()": {op: func(s *Session) (string, int) {
		return pyrepr.Repr(flashMessages(s.Flashes())), 200
	}},
	"with_categories=True": {op: func(s *Session) (string, int) {
		return pyrepr.Repr(flashPairs(s.Flashes())), 200
	}},
	"category_filter=['error','warning']": {op: func(s *Session) (string, int) {
		return pyrepr.Repr(flashMessages(s.Flashes("error", "warning"))), 200
	}},
	"category_filter as a plain string 'errors' (substring test!)": {op: func(s *Session) (string, int) {
		return pyrepr.Repr(flashPairs(s.FlashesSubstring("errors"))), 200
	}},
	"second call in same request returns cached list": {op: func(s *Session) (string, int) {
		a := flashMessages(s.Flashes())
		b := flashMessages(s.Flashes("error"))
		return pyrepr.Repr([]any{a, b}), 200
	}},
	"flash with other data present": {op: func(s *Session) (string, int) {
		s.Set("user", "u1")
		s.Flash("x", "")
		return "", 200
	}},
	"consume flashes, other data remains (cookie re-set without _flashes)": {op: func(s *Session) (string, int) {
		return pyrepr.Repr(flashMessages(s.Flashes())), 200
	}},
	"flash after get_flashed_messages in same request": {op: func(s *Session) (string, int) {
		a := flashMessages(s.Flashes())
		s.Flash("later", "")
		b := flashMessages(s.Flashes())
		return pyrepr.Repr([]any{a, nil, b}), 200
	}},
}

// replayRequestVectors runs save_behaviour or flash vectors.
func replayRequestVectors(t *testing.T, vs []vectors.Request, ops map[string]requestOp) {
	used := 0
	for _, v := range vs {
		t.Run(v.Name, func(t *testing.T) {
			if v.Message != "" {
				// "null session error message": the text is Flask's; ours
				// must say what is wrong and match ErrNoSecretKey.
				if !strings.Contains(ErrNoSecretKey.Error(), "no secret key") {
					t.Errorf("ErrNoSecretKey = %q", ErrNoSecretKey)
				}
				used++
				return
			}
			op, ok := ops[v.Name]
			if !ok {
				t.Fatalf("no Go operation mapped to vector %q", v.Name)
			}
			used++
			secret := "dev-secret"
			if v.SecretKey != nil || strings.HasPrefix(v.Name, "null session") {
				secret = ""
			}
			m, log := testManager(secret)
			if op.setup != nil {
				op.setup(m)
			}
			header := ""
			if v.RequestCookie != nil {
				header = "session=" + *v.RequestCookie
			}
			w := serve(t, m, header, func(w http.ResponseWriter, r *http.Request) {
				body, status := op.op(FromContext(r.Context()))
				w.WriteHeader(status)
				fmt.Fprint(w, body)
			})
			res := w.Result()
			if v.Status != 0 && res.StatusCode != v.Status {
				t.Errorf("status %d, want %d", res.StatusCode, v.Status)
			}
			if v.Body != nil && w.Body.String() != *v.Body {
				t.Errorf("body\n got  %s\n want %s", w.Body.String(), *v.Body)
			}
			sc := res.Header["Set-Cookie"]
			if len(sc) != len(v.SetCookie) {
				t.Fatalf("Set-Cookie %q, want %q", sc, v.SetCookie)
			}
			for i := range sc {
				wantJSON := ""
				if v.SessionJSON != nil {
					wantJSON = *v.SessionJSON
				}
				compareSetCookie(t, m, sc[i], v.SetCookie[i], wantJSON)
			}
			if got := headerOrNil(res.Header, "Vary"); strp(got) != strp(v.Vary) {
				t.Errorf("Vary = %s, want %s", strp(got), strp(v.Vary))
			}
			errs := log.all()
			if v.Name == "null session write" {
				if len(errs) != 1 || !errors.Is(errs[0], ErrNoSecretKey) {
					t.Errorf("errors %v, want ErrNoSecretKey", errs)
				}
			} else if len(errs) != 0 {
				t.Errorf("errors reported: %v", errs)
			}
		})
	}
	if used != len(vs) {
		t.Errorf("%d of %d vectors replayed", used, len(vs))
	}
}

// TestVectorsSaveBehaviour replays every `save_behaviour` vector; each name
// maps to the Go operation in saveOps.
func TestVectorsSaveBehaviour(t *testing.T) {
	vf := vectors.Load(t)
	if len(vf.SaveBehaviour) != 22 {
		t.Fatalf("%d save_behaviour vectors, want 22", len(vf.SaveBehaviour))
	}
	replayRequestVectors(t, vf.SaveBehaviour, saveOps)
}

// TestVectorsFlash replays every `flash` vector; each name maps to the Go
// operation in flashOps.
func TestVectorsFlash(t *testing.T) {
	vf := vectors.Load(t)
	if len(vf.Flash) != 9 {
		t.Fatalf("%d flash vectors, want 9", len(vf.Flash))
	}
	replayRequestVectors(t, vf.Flash, flashOps)
}
