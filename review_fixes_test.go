package flasksession

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestSaveCommitsTheSession(t *testing.T) {
	m, log := testManager("dev-secret")
	r := httptest.NewRequest("GET", "/", nil)
	s, err := m.Open(r)
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	s.Set("a", int64(1))
	if err := m.Save(w, s); err != nil {
		t.Fatal(err)
	}
	s.Set("b", int64(2)) // too late: the header is already built
	errs := log.all()
	if len(errs) != 1 || !errors.Is(errs[0], ErrModifiedAfterCommit) {
		t.Fatalf("change after Save reported %v, want one ErrModifiedAfterCommit", errs)
	}
	if err := m.Save(w, s); !errors.Is(err, ErrModifiedAfterCommit) {
		t.Fatalf("second Save = %v, want ErrModifiedAfterCommit", err)
	}
	if n := len(w.Header().Values("Set-Cookie")); n != 1 {
		t.Fatalf("%d Set-Cookie headers after two Saves, want 1", n)
	}
}

func TestExplicitSaveInsideMiddlewareWritesOneCookie(t *testing.T) {
	m, log := testManager("dev-secret")
	w := serve(t, m, "", func(w http.ResponseWriter, r *http.Request) {
		s := FromContext(r.Context())
		s.Set("a", int64(1))
		if err := m.Save(w, s); err != nil {
			t.Error(err)
		}
	})
	if n := len(w.Result().Header.Values("Set-Cookie")); n != 1 {
		t.Fatalf("%d Set-Cookie headers, want 1", n)
	}
	if errs := log.all(); len(errs) != 0 {
		t.Fatalf("reported %v, want nothing", errs)
	}
}

func TestSameMiddlewareTwiceSavesOnce(t *testing.T) {
	m, _ := testManager("dev-secret")
	perm, err := m.EncodeCookie(map[string]any{PermanentKey: true, "n": int64(1)})
	if err != nil {
		t.Fatal(err)
	}
	inner := m.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := FromContext(r.Context())
		s.Set("n", s.GetInt("n")+1)
	}))
	w := serve(t, m, "session="+perm, inner.ServeHTTP) // serve wraps it once more
	cookies := w.Result().Cookies()
	if len(cookies) != 1 {
		t.Fatalf("%d Set-Cookie headers, want 1", len(cookies))
	}
	got, err := m.DecodeCookie(cookies[0].Value)
	if err != nil {
		t.Fatal(err)
	}
	if got["n"] != int64(2) {
		t.Fatalf("saved n = %v, want 2", got["n"])
	}
}

func TestPermanentTruthinessOfOtherGoKinds(t *testing.T) {
	tests := []struct {
		name string
		v    any
		want bool
	}{
		{"uint8 zero", uint8(0), false},
		{"int32 one", int32(1), true},
		{"float32 zero", float32(0), false},
		{"empty []string", []string{}, false},
		{"non-empty map[string]string", map[string]string{"a": "b"}, true},
		{"nil *int", (*int)(nil), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := truthy(tt.v); got != tt.want {
				t.Errorf("truthy(%#v) = %v, want %v (Python's bool of the encoded value)", tt.v, got, tt.want)
			}
		})
	}
}
