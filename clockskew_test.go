package flasksession

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/flasksession/flasksession/itsdangerous"
)

func TestClockSkew(t *testing.T) {
	ahead := New("dev-secret")
	ahead.Now = func() time.Time { return frozen.Add(3 * time.Second) } // a Flask host whose clock runs 3 s ahead
	cookie, err := ahead.EncodeCookie(map[string]any{"_user_id": "42"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		skew     time.Duration
		wantUser string
		wantErr  error
	}{
		{"no skew: a cookie 3 s in the future is rejected, as Flask does", 0, "", itsdangerous.ErrSignatureExpired},
		{"skew 2 s is not enough for 3 s", 2 * time.Second, "", itsdangerous.ErrSignatureExpired},
		{"skew 5 s accepts it", 5 * time.Second, "42", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, log := testManager("dev-secret")
			m.ClockSkew = tt.skew
			var got string
			serve(t, m, "session="+cookie, func(w http.ResponseWriter, r *http.Request) {
				got = FromContext(r.Context()).GetString("_user_id")
			})
			if got != tt.wantUser {
				t.Errorf("_user_id = %q, want %q", got, tt.wantUser)
			}
			errs := log.all()
			switch {
			case tt.wantErr == nil && len(errs) != 0:
				t.Errorf("reported %v, want nothing", errs)
			case tt.wantErr != nil && (len(errs) != 1 || !errors.Is(errs[0], tt.wantErr) || !errors.Is(errs[0], ErrInvalidCookie)):
				t.Errorf("reported %v, want one ErrInvalidCookie wrapping %v", errs, tt.wantErr)
			}
		})
	}
}

func TestNegativeClockSkewIsAConfigError(t *testing.T) {
	m := New("k")
	m.ClockSkew = -time.Second
	if err := m.Validate(); !errors.Is(err, ErrConfig) {
		t.Fatalf("Validate() = %v, want ErrConfig", err)
	}
}
