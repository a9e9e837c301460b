package main

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/flasksession/flasksession"
	"github.com/flasksession/flasksession/internal/pyrepr"
	"github.com/flasksession/flasksession/itsdangerous"
	"github.com/flasksession/flasksession/tagjson"
)

// cookieReport is what the inspector says about one session cookie. It is
// filled from the library's own answers: DecodeCookie verifies (before any
// inflating), and only a verified token is taken apart again for its
// signing time.
type cookieReport struct {
	Name, Value string
	Compressed  bool
	NotToken    bool // not shaped like an itsdangerous token at all

	Verdict  string // "ok", "warn" or "bad", the colour of the verdict box
	Headline string
	Meaning  string // what the verdict means for Flask and for the user
	Key      string // which key signed it, when one did

	SignedAt      time.Time
	SignedAgo     string // "3 min ago"
	AcceptedUntil time.Time
	AcceptedIn    string // "in 30 days 23 h"
	Lifetime      string // "31 days"

	SetCookie     string   // the header as sent, "" when not seen
	Attributes    []string // its attributes, one per item
	BrowserKeeps  string   // how long the browser keeps it
	Size, Limit   int      // bytes of the Set-Cookie header (or name=value) against MAX_COOKIE_SIZE
	SizePercent   int
	SizeVerdict   string
	SizeMeasured  string
	SetCookieFrom string // "sent" (recorded by the demo) or "pasted"
	Values        []valueRow
	JSON          string // canonical tagged JSON of the session, "" on failure
	Unverified    bool   // Values and JSON were read without a verified signature
	DecodeFailure error  // the library's error, nil when the cookie is accepted
}

// valueRow is one session key, as Python and as Go see it.
type valueRow struct{ Key, PyType, PyValue, GoType string }

// demoKey is a key the inspector tries, with how to name it on the page.
type demoKey struct{ secret, label string }

// inspectionKeys lists secret then fallbacks from the newest, the order in
// which Flask tries them.
func inspectionKeys(secret string, fallbacks []string) []demoKey {
	keys := []demoKey{{secret, "the current secret key (SECRET_KEY)"}}
	for i := len(fallbacks) - 1; i >= 0; i-- {
		keys = append(keys, demoKey{fallbacks[i], fmt.Sprintf("fallback key %d of %d, oldest first (SECRET_KEY_FALLBACKS[%d]): Flask accepts it, and the next write re-signs with the current key", i+1, len(fallbacks), i)})
	}
	return keys
}

// inspectCookie checks value with each key in turn through a Manager
// configured like base, so the answer is the library's: the first key that
// verifies (or whose signature matches an expired or undecodable cookie)
// is the one that signed it.
func inspectCookie(base *flasksession.Manager, keys []demoKey, name, value string) cookieReport {
	now := time.Now()
	if base.Now != nil {
		now = base.Now()
	}
	rep := cookieReport{
		Name: name, Value: value,
		Compressed: strings.HasPrefix(value, "."),
		Limit:      base.MaxCookieSize,
		Lifetime:   humanDuration(base.Lifetime),
	}
	var lastErr error
	for _, k := range keys {
		m := flasksession.New(k.secret)
		m.Lifetime, m.Now, m.ClockSkew = base.Lifetime, base.Now, base.ClockSkew
		m.Salt, m.Digest, m.KeyDerivation, m.Serializer = base.Salt, base.Digest, base.KeyDerivation, base.Serializer
		m.MaxCookieValueLen, m.MaxDecompressedSize = base.MaxCookieValueLen, base.MaxDecompressedSize
		m.MaxDepth, m.MaxIntDigits = base.MaxDepth, base.MaxIntDigits
		values, err := m.DecodeCookie(value)
		var expired *itsdangerous.SignatureExpiredError
		switch {
		case err == nil:
			rep.Key = k.label
			rep.accepted(base, values, now)
			return rep
		case errors.Is(err, flasksession.ErrCookieValueTooLong):
			rep.DecodeFailure = err
			rep.Verdict, rep.Headline = "bad", "Too long to be a cookie"
			rep.Meaning = fmt.Sprintf("The value has %d bytes, more than the %d this server reads (MaxCookieValueLen); no browser sends a cookie that size. It was refused before any other work.", len(value), base.MaxCookieValueLen)
			return rep
		case errors.As(err, &expired):
			rep.DecodeFailure = err
			rep.Key = k.label
			rep.SignedAt = expired.DateSigned.UTC()
			if rep.SignedAt.After(now) {
				rep.Verdict, rep.Headline = "bad", "Signed in the future"
				rep.Meaning = fmt.Sprintf("The signature is right, but the cookie says it was signed %s from now. Flask refuses such a cookie (its clock check allows no skew): the clocks of the server that signed it and of this one disagree.", humanDuration(rep.SignedAt.Sub(now)))
			} else {
				rep.Verdict, rep.Headline = "bad", "Expired"
				rep.Meaning = fmt.Sprintf("The signature is right, but it was signed %s ago, longer than PERMANENT_SESSION_LIFETIME (%s). Flask ignores it and starts an empty session: the user is logged out.", humanDuration(now.Sub(rep.SignedAt)), rep.Lifetime)
			}
			rep.unverifiedContents(base)
			return rep
		case errors.Is(err, flasksession.ErrUndecodable):
			rep.DecodeFailure = err
			rep.Key = k.label
			rep.Verdict, rep.Headline = "bad", "Signed, but not a session"
			rep.Meaning = "The signature is right, but the payload is not a session Flask can load (bad base64, zlib or JSON, or not a mapping). Flask answers such a request with a server error; the Go middleware starts an empty session and reports it."
			return rep
		}
		lastErr = err
	}
	rep.DecodeFailure = lastErr
	rep.Verdict = "bad"
	if strings.Count(value, ".") < 2 {
		rep.NotToken = true
		rep.Headline = "Not a signed session cookie"
		rep.Meaning = "A Flask session cookie has three parts separated by dots: the payload, the signing time and the signature. This value has fewer."
		return rep
	}
	rep.Headline = "Wrong key or tampered"
	tried := "the key"
	if len(keys) > 1 {
		tried = fmt.Sprintf("any of the %d keys", len(keys))
	}
	rep.Meaning = fmt.Sprintf("The signature does not match %s tried. Either another secret key signed it (wrong key), or the cookie was changed after signing (tampered): a signature cannot tell the two apart. Flask ignores the cookie and starts an empty session.", tried)
	rep.unverifiedContents(base)
	return rep
}

// unverifiedContents fills the keys of a cookie Flask refuses (wrong key,
// tampered, expired) from its payload read WITHOUT the signature, as
// "flasksession decode" reads it: anyone can make a cookie that reads as
// anything, so the page labels them NOT VERIFIED. Only a value within
// MaxCookieValueLen gets here (DecodeCookie refused longer ones first),
// it inflates to at most MaxDecompressedSize, and its JSON is read with
// the Manager's depth and number bounds.
func (rep *cookieReport) unverifiedContents(base *flasksession.Manager) {
	limit := base.MaxDecompressedSize
	if limit == 0 {
		limit = flasksession.DefaultMaxDecompressedSize
	}
	u, err := itsdangerous.DecodeUnverified([]byte(rep.Value), limit)
	if err != nil {
		return
	}
	values, err := base.DecodePayload(u.Payload)
	if err != nil {
		return
	}
	rep.Unverified = true
	rep.fillValues(values)
}

// accepted fills the report of a verified cookie.
func (rep *cookieReport) accepted(base *flasksession.Manager, values map[string]any, now time.Time) {
	rep.Verdict, rep.Headline = "ok", "Valid"
	rep.Meaning = "The signature verifies and the cookie is younger than PERMANENT_SESSION_LIFETIME: Flask and the Go middleware both load this session."
	if !strings.HasPrefix(rep.Key, "the current") {
		rep.Verdict, rep.Headline = "warn", "Valid, signed by a fallback key"
	}
	// The token verified, so taking it apart again (bounded like the
	// Manager's own decoding) only reads its signing time.
	if u, err := itsdangerous.DecodeUnverified([]byte(rep.Value), base.MaxDecompressedSize); err == nil {
		rep.SignedAt = u.SignedAt.UTC()
		rep.SignedAgo = humanAgo(now.Sub(rep.SignedAt))
		rep.AcceptedUntil = rep.SignedAt.Add(base.Lifetime)
		rep.AcceptedIn = "in " + humanDuration(rep.AcceptedUntil.Sub(now))
	}
	rep.fillValues(values)
}

// fillValues lists the session's keys and its tagged JSON.
func (rep *cookieReport) fillValues(values map[string]any) {
	if b, err := tagjson.Marshal(values); err == nil {
		rep.JSON = string(b)
	}
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range values {
			if !yield(k) {
				return
			}
		}
	}) {
		v := values[k]
		rep.Values = append(rep.Values, valueRow{Key: k, PyType: tagjson.TypeName(v), PyValue: pyrepr.Repr(v), GoType: goTypeName(v)})
	}
}

// goTypeName is the Go type of a decoded session value as the tagjson
// docs name it: []byte and map[string]any rather than fmt's []uint8 and
// map[string]interface {}.
func goTypeName(v any) string {
	if v == nil {
		return "nil"
	}
	return goTypeNames.Replace(fmt.Sprintf("%T", v))
}

var goTypeNames = strings.NewReplacer("interface {}", "any", "[]uint8", "[]byte")

// withSetCookie adds what the Set-Cookie header that sent the cookie says,
// and the size against MAX_COOKIE_SIZE. from is "sent" for a header the
// demo recorded, "pasted" for one given to /inspect, "" for none.
func (rep *cookieReport) withSetCookie(line, from string) {
	rep.Size = len(rep.Name) + 1 + len(rep.Value)
	rep.SizeMeasured = "name=value (the Set-Cookie header was not seen by this demo)"
	if from != "" {
		rep.SetCookie, rep.SetCookieFrom = line, from
		rep.Size = len(line)
		rep.SizeMeasured = "the whole Set-Cookie header value, as Flask's MAX_COOKIE_SIZE counts it"
		parts := strings.Split(line, ";")
		rep.BrowserKeeps = "until the browser closes: no Expires or Max-Age, a browser-session cookie (session.permanent is False)"
		for _, p := range parts[1:] {
			p = strings.TrimSpace(p)
			rep.Attributes = append(rep.Attributes, p)
			if v, ok := cutAttr(p, "Expires"); ok && !strings.HasPrefix(rep.BrowserKeeps, "for ") {
				rep.BrowserKeeps = "until " + v + ": a permanent session (session.permanent is True)"
			}
			if v, ok := cutAttr(p, "Max-Age"); ok {
				// Max-Age wins over Expires (RFC 6265, section 5.3).
				rep.BrowserKeeps = "for " + v + " seconds (Max-Age)"
			}
		}
	}
	if rep.Limit > 0 {
		rep.SizePercent = min(100, rep.Size*100/rep.Limit)
		switch {
		case rep.Size > rep.Limit:
			rep.SizeVerdict = "bad"
		case rep.Size*10 > rep.Limit*8:
			rep.SizeVerdict = "warn"
		}
	}
}

func cutAttr(attr, name string) (string, bool) {
	k, v, ok := strings.Cut(attr, "=")
	if !ok || !strings.EqualFold(strings.TrimSpace(k), name) {
		return "", false
	}
	return v, true
}

// humanDuration writes d in the two largest units, rounded down: "31 days",
// "30 days 23 h", "5 min 2 s", "0 s".
func humanDuration(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	units := []struct {
		name string
		size time.Duration
	}{{" days", 24 * time.Hour}, {" h", time.Hour}, {" min", time.Minute}, {" s", time.Second}}
	var parts []string
	for _, u := range units {
		if n := d / u.size; n > 0 || (len(parts) == 0 && u.size == time.Second) {
			name := u.name
			if n == 1 && name == " days" {
				name = " day"
			}
			parts = append(parts, fmt.Sprintf("%d%s", n, name))
			d -= n * u.size
		} else if len(parts) > 0 {
			break
		}
		if len(parts) == 2 {
			break
		}
	}
	return strings.Join(parts, " ")
}

// humanAgo is "just now" under a second, else "N ago".
func humanAgo(d time.Duration) string {
	if d < time.Second {
		return "just now"
	}
	return humanDuration(d) + " ago"
}
