package werkzeug

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestWriteError(t *testing.T) {
	tests := []struct {
		name        string
		code        int
		description string
		want        string
	}{
		{
			name:        "unauthorized, with the apostrophe markupsafe escapes",
			code:        http.StatusUnauthorized,
			description: "The server could not verify that you are authorized to access the URL requested. You either supplied the wrong credentials (e.g. a bad password), or your browser doesn't understand how to supply the credentials required.",
			want: "<!doctype html>\n<html lang=en>\n<title>401 Unauthorized</title>\n<h1>Unauthorized</h1>\n" +
				"<p>The server could not verify that you are authorized to access the URL requested. You either supplied the wrong credentials (e.g. a bad password), or your browser doesn&#39;t understand how to supply the credentials required.</p>\n",
		},
		{
			name:        "bad request with markup in the reason",
			code:        http.StatusBadRequest,
			description: `The CSRF token is <missing> & "odd".`,
			want:        "<!doctype html>\n<html lang=en>\n<title>400 Bad Request</title>\n<h1>Bad Request</h1>\n<p>The CSRF token is &lt;missing&gt; &amp; &#34;odd&#34;.</p>\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			w.Header().Set("Content-Length", "99")
			WriteError(w, tt.code, tt.description)
			if w.Code != tt.code {
				t.Errorf("status %d, want %d", w.Code, tt.code)
			}
			if got := w.Body.String(); got != tt.want {
				t.Errorf("body\n%q\nwant\n%q", got, tt.want)
			}
			if ct := w.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			if cl := w.Header().Get("Content-Length"); cl != "" {
				t.Errorf("a stale Content-Length %q was kept", cl)
			}
		})
	}
}
