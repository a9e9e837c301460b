package flaskwtf

import (
	"net/http"
	"slices"
	"strings"
)

// Middleware returns next wrapped so that every request whose method is in
// Methods is checked before next runs, as Flask-WTF's csrf_protect
// before-request hook does: the token is read from the form field
// FieldName, else from the first non-empty form field whose name ends with
// FieldName, else from the first non-empty header of Headers; it must pass
// ValidateCSRF and, on HTTPS under SSLStrict, the Referer must be of the
// request's origin. A request that fails is answered by ErrorHandler and
// never reaches next. Nothing is checked when Enabled or CheckDefault is
// false, or the request matches an Exempt pattern; every request can still
// use GenerateCSRF and ValidateCSRF.
//
// Middleware must run inside the Manager's middleware
// (m.Middleware(csrf.Middleware(mux))), which gives it the session. A form
// body is parsed (r.ParseForm, or r.ParseMultipartForm with 32 MB in
// memory) into the request passed to next, whose r.PostForm then holds it.
//
// Unlike Flask, which checks only requests that matched a route, a request
// no route of next handles is still checked, so a POST to an unknown path
// without a token gets 400 rather than 404 or 405.
//
// Middleware has the type func(http.Handler) http.Handler, so it chains
// like the Manager's. It panics if the configuration is invalid (see
// Validate).
func (c *CSRFProtect) Middleware(next http.Handler) http.Handler {
	return &handler{st: c.mustState(), next: next}
}

// Protect returns h wrapped so that its requests are checked whatever
// Enabled, CheckDefault and the Exempt patterns say, as Flask-WTF's
// csrf.protect() is called explicitly from a view; only Methods applies.
// It is the way to protect chosen handlers with CheckDefault off. It
// panics if the configuration is invalid (see Validate).
func (c *CSRFProtect) Protect(h http.Handler) http.Handler {
	return &handler{st: c.mustState(), next: h, explicit: true}
}

// Exempt exempts the requests that match pattern, a net/http ServeMux
// pattern ("POST /webhooks/", "/api/{id}/events"), from Middleware's check,
// as net/http's CrossOriginProtection.AddInsecureBypassPattern does and as
// Flask-WTF's csrf.exempt does for a view or blueprint. Patterns are
// matched before the check, so they work whatever router is inside. Protect
// ignores them. Exempt panics on a pattern ServeMux.Handle rejects,
// including one that conflicts with an earlier pattern.
func (c *CSRFProtect) Exempt(pattern string) {
	var bypass *http.ServeMux
	for {
		if bypass = c.bypass.Load(); bypass != nil {
			break
		}
		if bypass = http.NewServeMux(); c.bypass.CompareAndSwap(nil, bypass) {
			break
		}
	}
	bypass.Handle(pattern, exemptMarker)
}

// exemptMarker is the handler registered for Exempt patterns; a request
// whose lookup returns another handler (a redirect, NotFound) is not
// exempt.
var exemptMarker http.Handler = &noopHandler{}

type noopHandler struct{}

func (*noopHandler) ServeHTTP(http.ResponseWriter, *http.Request) {}

func (c *CSRFProtect) exempt(r *http.Request) bool {
	bypass := c.bypass.Load()
	if bypass == nil {
		return false
	}
	h, _ := bypass.Handler(r)
	return h == exemptMarker
}

type handler struct {
	st       *state
	next     http.Handler
	explicit bool
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	st := h.st
	rs := stateFrom(r.Context())
	if rs == nil || rs.st != st {
		rs = &reqState{Context: r.Context(), st: st}
		r = r.WithContext(rs)
	}
	check := h.explicit || (st.enabled && st.checkDefault)
	if check && st.checks(r.Method) && (h.explicit || !st.c.exempt(r)) {
		if err := st.protect(r); err != nil {
			st.onError(w, r, err)
			return
		}
	}
	h.next.ServeHTTP(w, r)
}

// protect is CSRFProtect.protect without the method test.
func (st *state) protect(r *http.Request) error {
	if err := st.validate(r, st.tokenFrom(r)); err != nil {
		return err
	}
	if st.sslStrict && st.isSecure(r) {
		ref := r.Header.Get("Referer")
		if ref == "" {
			return ErrReferrerMissing
		}
		if !sameOrigin(ref, "https://"+hostOf(r)+"/") {
			return ErrReferrerMismatch
		}
	}
	return nil
}

// hostOf is Werkzeug's request.host on an HTTPS request: the Host header
// without a default ":443".
func hostOf(r *http.Request) string {
	return strings.TrimSuffix(r.Host, ":443")
}

// tokenFrom is CSRFProtect._get_csrf_token.
func (st *state) tokenFrom(r *http.Request) string {
	parseForm(r)
	if v := first(r.PostForm[st.field]); v != "" {
		return v
	}
	// A prefixed form names it "{prefix}-csrf_token". Werkzeug keeps the
	// body's order and takes the first non-empty one; url.Values has no
	// order, so sorted names make the choice deterministic. Only a body
	// with several different prefixed tokens can tell the difference.
	var names []string
	for k := range r.PostForm {
		if strings.HasSuffix(k, st.field) && first(r.PostForm[k]) != "" {
			names = append(names, k)
		}
	}
	if len(names) > 0 {
		slices.Sort(names)
		return first(r.PostForm[names[0]])
	}
	for _, k := range st.headers {
		if v := first(r.Header[k]); v != "" {
			return v
		}
	}
	return ""
}

func first(v []string) string {
	if len(v) == 0 {
		return ""
	}
	return v[0]
}

// defaultMaxMemory is what r.FormValue gives ParseMultipartForm.
const defaultMaxMemory = 32 << 20

// parseForm reads a form body into r.PostForm as Werkzeug reads
// request.form: urlencoded or multipart bodies, whatever the method.
func parseForm(r *http.Request) {
	if r.PostForm != nil {
		return
	}
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		_ = r.ParseForm()
		return
	}
	mt, _, _ := strings.Cut(ct, ";")
	mt = strings.TrimSpace(mt)
	switch {
	case strings.EqualFold(mt, "multipart/form-data"):
		_ = r.ParseMultipartForm(defaultMaxMemory)
	case strings.EqualFold(mt, "application/x-www-form-urlencoded") && r.Method != http.MethodPost && r.Method != http.MethodPut && r.Method != http.MethodPatch:
		// ParseForm reads the body of POST, PUT and PATCH only; Werkzeug
		// reads a DELETE's too.
		tmp := *r
		tmp.Method = http.MethodPost
		_ = tmp.ParseForm()
		r.Form, r.PostForm = tmp.Form, tmp.PostForm
	default:
		_ = r.ParseForm()
	}
}
