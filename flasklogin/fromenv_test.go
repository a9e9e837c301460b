package flasklogin

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/flasksession/flasksession"
)

func TestFromEnv(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		check   func(*LoginManager) bool
		wantErr bool
	}{
		{"defaults", nil, func(lm *LoginManager) bool {
			return lm.SessionProtection == "basic" && lm.RememberCookie.Name == "remember_token" && lm.RememberDuration == 365*24*time.Hour && lm.RememberCookie.HTTPOnly
		}, false},
		{"settings", map[string]string{
			"APP_SESSION_PROTECTION": "strong", "APP_REMEMBER_COOKIE_NAME": "rt", "APP_REMEMBER_COOKIE_DURATION": "3600",
			"APP_REMEMBER_COOKIE_SAMESITE": "lax", "APP_REMEMBER_COOKIE_SECURE": "true", "APP_USE_SESSION_FOR_NEXT": "true",
			"APP_REMEMBER_COOKIE_REFRESH_EACH_REQUEST": "true", "APP_LOGIN_DISABLED": "false",
		}, func(lm *LoginManager) bool {
			return lm.SessionProtection == "strong" && lm.RememberCookie.Name == "rt" && lm.RememberDuration == time.Hour &&
				lm.RememberCookie.SameSite == http.SameSiteLaxMode && lm.RememberCookie.Secure && lm.UseSessionForNext && lm.RememberRefreshEachRequest
		}, false},
		{"protection off with null", map[string]string{"APP_SESSION_PROTECTION": "null"}, func(lm *LoginManager) bool { return lm.SessionProtection == "" }, false},
		{"wrong type", map[string]string{"APP_REMEMBER_COOKIE_SECURE": "1"}, nil, true},
		{"bad samesite", map[string]string{"APP_REMEMBER_COOKIE_SAMESITE": "sometimes"}, nil, true},
		{"bad cookie name", map[string]string{"APP_REMEMBER_COOKIE_NAME": "a b"}, nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lm, err := fromLookup(flasksession.New("k"), "APP", func(k string) (string, bool) { v, ok := tc.env[k]; return v, ok })
			if tc.wantErr {
				if !errors.Is(err, ErrConfig) {
					t.Errorf("err = %v, want ErrConfig", err)
				}
				return
			}
			if err != nil || !tc.check(lm) {
				t.Errorf("FromEnv = %+v, %v", lm, err)
			}
		})
	}
}
