package main

import (
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"flag"
	"fmt"
	"hash"
	"strconv"
	"strings"
	"time"

	"github.com/flasksession/flasksession"
	"github.com/flasksession/flasksession/internal/pyconfig"
	"github.com/flasksession/flasksession/itsdangerous"
)

// The defaults of the flags below: Flask's, as flasksession.New holds them.
var (
	defaultCookieName = flasksession.New("").Cookie.Name
	defaultDerivation = string(itsdangerous.DerivationHMAC)
)

const (
	defaultSalt   = flasksession.DefaultSalt
	defaultDigest = "sha1"
	defaultMaxAge = flasksession.DefaultLifetime
)

// digests maps --digest names to hash constructors.
var digests = map[string]func() hash.Hash{
	"sha1":   sha1.New,
	"sha224": sha256.New224,
	"sha256": sha256.New,
	"sha384": sha512.New384,
	"sha512": sha512.New,
}

// choiceFlag is a string flag restricted to a fixed set of values, checked
// while parsing so that a typo is a usage error.
type choiceFlag struct {
	value   string
	choices []string
}

func (f *choiceFlag) String() string { return f.value }

func (f *choiceFlag) Set(s string) error {
	for _, c := range f.choices {
		if s == c {
			f.value = s
			return nil
		}
	}
	return fmt.Errorf("must be one of %s", strings.Join(f.choices, ", "))
}

// listFlag collects a repeatable string flag.
type listFlag []string

func (f *listFlag) String() string     { return strings.Join(*f, ",") }
func (f *listFlag) Set(s string) error { *f = append(*f, s); return nil }

// maxAgeFlag is --max-age: a Go duration ("744h", "90m") or plain seconds
// ("2678400"). Zero turns the age check off; negative values are refused.
type maxAgeFlag struct{ d time.Duration }

func (f *maxAgeFlag) String() string { return f.d.String() }

func (f *maxAgeFlag) Set(s string) error {
	var d time.Duration
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		if n > int64(1<<63-1)/int64(time.Second) {
			return fmt.Errorf("too large")
		}
		d = time.Duration(n) * time.Second
	} else {
		var perr error
		if d, perr = time.ParseDuration(s); perr != nil {
			return fmt.Errorf("want a duration like 744h or 90m, or seconds")
		}
	}
	if d < 0 {
		return fmt.Errorf("must not be negative (0 turns the age check off)")
	}
	f.d = d
	return nil
}

// unixFlag is a Unix time in seconds (--timestamp, --now); set reports
// whether it was given.
type unixFlag struct {
	sec int64
	set bool
}

func (f *unixFlag) String() string {
	if !f.set {
		return ""
	}
	return strconv.FormatInt(f.sec, 10)
}

func (f *unixFlag) Set(s string) error {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return fmt.Errorf("want seconds since 1970 as a non-negative integer")
	}
	f.sec, f.set = n, true
	return nil
}

func (f *unixFlag) clock() func() time.Time {
	if !f.set {
		return nil
	}
	t := time.Unix(f.sec, 0)
	return func() time.Time { return t }
}

// secretFromEnv reads FLASK_SECRET_KEY as flasksession.FromEnv does
// (Flask's app.config.from_prefixed_env): a value written as a JSON string
// ("\"key\"") is unquoted, and null or false mean no key. Any other value
// is taken as it is.
func secretFromEnv(getenv func(string) string) string {
	v := getenv(envSecret)
	if s, ok := pyconfig.String(pyconfig.Value(v)); ok {
		return s
	}
	return v
}

// keyFlags are the signing settings shared by sign and verify.
type keyFlags struct {
	secret     string
	fallbacks  listFlag
	salt       string
	derivation choiceFlag
	digest     choiceFlag
}

func (k *keyFlags) register(fs *flag.FlagSet, fallbacks bool) {
	fs.StringVar(&k.secret, "secret", "", "secret `KEY`, the app's SECRET_KEY (default: $"+envSecret+"; prefer the variable, it stays out of shell history)")
	if fallbacks {
		fs.Var(&k.fallbacks, "fallback", "an old `KEY` from SECRET_KEY_FALLBACKS, also accepted (repeatable)")
	}
	fs.StringVar(&k.salt, "salt", defaultSalt, "itsdangerous `SALT`")
	k.derivation = choiceFlag{value: defaultDerivation, choices: []string{
		string(itsdangerous.DerivationHMAC), string(itsdangerous.DerivationConcat),
		string(itsdangerous.DerivationDjangoConcat), string(itsdangerous.DerivationNone),
	}}
	fs.Var(&k.derivation, "key-derivation", "`KIND` of key derivation: hmac, concat, django-concat or none")
	k.digest = choiceFlag{value: defaultDigest, choices: []string{"sha1", "sha224", "sha256", "sha384", "sha512"}}
	fs.Var(&k.digest, "digest", "HMAC `DIGEST`: sha1, sha224, sha256, sha384 or sha512")
}

// manager returns a flasksession.Manager with these settings, whose
// clock is clock (nil: the system clock), so that sign and verify go
// through the library's codec. It reports a usage problem (no secret) as
// a message for cli.usage.
func (k *keyFlags) manager(getenv func(string) string, clock func() time.Time) (*flasksession.Manager, error) {
	secret := k.secret
	if secret == "" {
		secret = secretFromEnv(getenv)
	}
	if secret == "" {
		return nil, fmt.Errorf("no secret key: pass --secret or set %s", envSecret)
	}
	for _, f := range k.fallbacks {
		if f == "" {
			return nil, fmt.Errorf("--fallback must not be empty")
		}
	}
	m := flasksession.New(secret)
	m.SecretKeyFallbacks = k.fallbacks
	m.Salt = k.salt
	m.KeyDerivation = itsdangerous.KeyDerivation(k.derivation.value)
	m.Digest = digests[k.digest.value]
	m.Now = clock
	return m, nil
}
