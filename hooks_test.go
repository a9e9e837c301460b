package flasksession

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestAfterRequest(t *testing.T) {
	tests := []struct {
		name string
		// handler runs inside the middleware; save, when set, calls
		// Manager.Save explicitly before writing.
		save       bool
		write      bool
		wantOrder  string
		wantCookie bool
	}{
		{name: "hooks run in registration order at the handler's return", wantOrder: "ab", wantCookie: true},
		{name: "hooks run at the first write", write: true, wantOrder: "ab", wantCookie: true},
		{name: "an explicit Save runs them once", save: true, write: true, wantOrder: "ab", wantCookie: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, log := testManager("secret")
			var order strings.Builder
			m.AfterRequest(func(r *http.Request, h http.Header, s *Session) {
				order.WriteString("a")
				s.Set("from_hook", r.URL.Path)
				h.Set("X-Hook", "a")
			})
			m.AfterRequest(func(r *http.Request, h http.Header, s *Session) {
				order.WriteString("b")
				if v := s.GetString("from_hook"); v != "/" {
					t.Errorf("second hook sees from_hook %q, want the first hook's change", v)
				}
			})
			m.AfterRequest(nil) // ignored
			w := serve(t, m, "", func(w http.ResponseWriter, r *http.Request) {
				if tc.save {
					if err := m.Save(w, FromContext(r.Context())); err != nil {
						t.Error(err)
					}
				}
				if tc.write {
					w.Write([]byte("body"))
				}
			})
			if got := order.String(); got != tc.wantOrder {
				t.Errorf("hooks ran %q, want %q", got, tc.wantOrder)
			}
			if w.Header().Get("X-Hook") != "a" {
				t.Errorf("header added by the hook is missing: %v", w.Header())
			}
			c := w.Result().Cookies()
			if got := len(c) == 1 && c[0].Name == "session"; got != tc.wantCookie {
				t.Fatalf("session cookie sent = %v, want %v (%v)", got, tc.wantCookie, c)
			}
			values, err := m.DecodeCookie(c[0].Value)
			if err != nil || values["from_hook"] != "/" {
				t.Errorf("saved session = %v, %v; want the hook's change", values, err)
			}
			if errs := log.all(); len(errs) != 0 {
				t.Errorf("errors reported: %v", errs)
			}
		})
	}
}

func TestAfterRequestLeavesUntouchedSessionUnread(t *testing.T) {
	m, _ := testManager("secret")
	ran := 0
	m.AfterRequest(func(*http.Request, http.Header, *Session) { ran++ })
	w := serve(t, m, "", func(http.ResponseWriter, *http.Request) {})
	if ran != 1 {
		t.Errorf("hook ran %d times, want 1", ran)
	}
	if h := w.Header(); len(h["Set-Cookie"]) != 0 || len(h["Vary"]) != 0 {
		t.Errorf("a hook that does not use the session changed the response: %v", h)
	}
}

func TestAfterRequestWithOpenAndSave(t *testing.T) {
	m, _ := testManager("secret")
	ran := 0
	m.AfterRequest(func(_ *http.Request, _ http.Header, s *Session) { ran++; s.Set("k", 1) })
	r := httptest.NewRequest("GET", "/", nil)
	s, err := m.Open(r)
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	if err := m.Save(w, s); err != nil {
		t.Fatal(err)
	}
	if ran != 1 || len(w.Header()["Set-Cookie"]) != 1 {
		t.Errorf("hook ran %d times and %d cookies were set, want 1 and 1", ran, len(w.Header()["Set-Cookie"]))
	}
}
