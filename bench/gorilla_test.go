package bench_test

import (
	"encoding/gob"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/gorilla/securecookie"
	"github.com/gorilla/sessions"

	"github.com/flasksession/flasksession/bench/fixtures"
	"github.com/flasksession/flasksession/tagjson"
)

func init() {
	// gob needs every concrete type stored behind an interface.
	gob.Register([]any{})
	gob.Register(map[string]any{})
	gob.Register(tagjson.Tuple{})
	gob.Register(tagjson.Markup(""))
	gob.Register(tagjson.UUID{})
	gob.Register(time.Time{})
}

// gorillaCase is a gorilla/sessions CookieStore holding one of the fixture
// sessions, and the cookie header that carries it.
type gorillaCase struct {
	store  *sessions.CookieStore
	cookie string
}

// newGorilla makes a CookieStore (HMAC-SHA256 authentication, no
// encryption: the closest to Flask's signed-only cookie) and the cookie it
// writes for the named fixture session.
func newGorilla(tb testing.TB, name string) *gorillaCase {
	tb.Helper()
	store := sessions.NewCookieStore([]byte("bench-hash-key-0123456789abcdef!"))
	store.Options = &sessions.Options{Path: "/", MaxAge: 31 * 86400, HttpOnly: true}
	// securecookie's default 4096-byte bound refuses LARGE's gob form.
	for _, c := range store.Codecs {
		if sc, ok := c.(*securecookie.SecureCookie); ok {
			sc.MaxLength(16384)
		}
	}
	g := &gorillaCase{store: store}
	h := func(w http.ResponseWriter, r *http.Request) {
		s, _ := store.Get(r, "session")
		for k, v := range fixtures.Session(name) {
			s.Values[k] = v
		}
		if err := s.Save(r, w); err != nil {
			tb.Fatalf("gorilla save of %s: %v", name, err)
		}
	}
	rec := serve(muxWith(h), "")
	sc := rec.Header().Get("Set-Cookie")
	if sc == "" {
		tb.Fatalf("gorilla wrote no cookie for %s", name)
	}
	g.cookie, _, _ = strings.Cut(sc, ";")
	return g
}

func (g *gorillaCase) readHandler(tb testing.TB) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s, err := g.store.Get(r, "session")
		if err != nil {
			tb.Errorf("gorilla Get: %v", err)
		}
		user, _ := s.Values["_user_id"].(string)
		io.WriteString(w, user)
	}
}

func (g *gorillaCase) writeHandler(tb testing.TB) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s, err := g.store.Get(r, "session")
		if err != nil {
			tb.Errorf("gorilla Get: %v", err)
		}
		user, _ := s.Values["_user_id"].(string)
		s.Values["_fresh"] = false
		if err := s.Save(r, w); err != nil {
			tb.Errorf("gorilla Save: %v", err)
		}
		io.WriteString(w, user)
	}
}

// TestGorillaRoundTrip checks the gorilla side of the comparison does the
// same work: its cookie carries the whole fixture session, read back intact.
func TestGorillaRoundTrip(t *testing.T) {
	for _, name := range fixtures.Names {
		t.Run(name, func(t *testing.T) {
			g := newGorilla(t, name)
			var got map[string]any
			h := func(w http.ResponseWriter, r *http.Request) {
				s, err := g.store.Get(r, "session")
				if err != nil {
					t.Fatalf("gorilla Get: %v", err)
				}
				if s.IsNew {
					t.Fatal("gorilla did not accept its own cookie")
				}
				got = map[string]any{}
				for k, v := range s.Values {
					got[k.(string)] = v
				}
			}
			serve(muxWith(h), g.cookie)
			if diff := cmp.Diff(fixtures.Session(name), got); diff != "" {
				t.Errorf("gorilla round trip (-want +got):\n%s", diff)
			}
			rec := serve(muxWith(g.writeHandler(t)), g.cookie)
			if rec.Body.String() != "42" || rec.Header().Get("Set-Cookie") == "" {
				t.Errorf("gorilla readwrite: body %q, Set-Cookie %q", rec.Body.String(), rec.Header().Get("Set-Cookie"))
			}
		})
	}
}

// TestFloorOpensFlaskCookies checks the floor is a real open: it verifies
// Flask's cookies and gives encoding/json's view of the same JSON.
func TestFloorOpensFlaskCookies(t *testing.T) {
	flask := fixtures.MustFlask()
	for _, name := range fixtures.Names {
		s := flask.Sessions[name]
		f := newFloor()
		got, err := f.open(s.Cookie)
		if err != nil {
			t.Fatalf("%s: floor open: %v", name, err)
		}
		var want map[string]any
		if err := jsonUnmarshal(s.JSON, &want); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: floor open (-want +got):\n%s", name, diff)
		}
		tampered := s.Cookie[:len(s.Cookie)-2] + "AA"
		if tampered == s.Cookie {
			tampered = s.Cookie[:len(s.Cookie)-2] + "BB"
		}
		if _, err := f.open(tampered); err == nil {
			t.Errorf("%s: floor accepted a tampered signature", name)
		}
		// The floor's save, opened again, gives the same map.
		v, err := f.save(want, fixtures.Now.Unix())
		if err != nil {
			t.Fatal(err)
		}
		back, err := f.open(v)
		if err != nil {
			t.Fatalf("%s: floor save then open: %v", name, err)
		}
		if diff := cmp.Diff(want, back); diff != "" {
			t.Errorf("%s: floor save round trip (-want +got):\n%s", name, diff)
		}
	}
}
