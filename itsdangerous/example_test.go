package itsdangerous_test

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"time"

	"github.com/flasksession/flasksession/itsdangerous"
)

// Signing a value and verifying it. The token is the one Python's
// itsdangerous.Signer("secret-key").sign("hello") returns.
func Example() {
	s, err := itsdangerous.NewSigner([][]byte{[]byte("secret-key")})
	if err != nil {
		panic(err)
	}
	token := s.Sign([]byte("hello"))
	fmt.Printf("%s\n", token)

	value, err := s.Unsign(token)
	fmt.Printf("%s %v\n", value, err)

	_, err = s.Unsign([]byte("hellO.GIG_I5genEs4rf1bcDRWLO8Yso4"))
	fmt.Println(errors.Is(err, itsdangerous.ErrBadSignature), err)
	// Output:
	// hello.GIG_I5genEs4rf1bcDRWLO8Yso4
	// hello <nil>
	// true itsdangerous: signature b'GIG_I5genEs4rf1bcDRWLO8Yso4' does not match
}

// Rotating keys: list them oldest first. The newest signs; tokens made with
// an older key still verify until it is removed from the list, as with
// Flask's SECRET_KEY_FALLBACKS.
func Example_keyRotation() {
	oldKey, newKey := []byte("old-key"), []byte("new-key")
	s, err := itsdangerous.NewSigner([][]byte{oldKey, newKey})
	if err != nil {
		panic(err)
	}
	fmt.Printf("%s\n", s.Sign([]byte("hello")))

	issuedBefore := []byte("hello.FjayRnblxbEUac5juirAfFnbigY") // signed with old-key alone
	value, err := s.Unsign(issuedBefore)
	fmt.Printf("%s %v\n", value, err)

	retired, _ := itsdangerous.NewSigner([][]byte{newKey})
	_, err = retired.Unsign(issuedBefore)
	fmt.Println(errors.Is(err, itsdangerous.ErrBadSignature))
	// Output:
	// hello.Ojo0Jec-0tEb8GeCVYtuQ5SlBCE
	// hello <nil>
	// true
}

// Verifying a flask-wtf CSRF token. flask-wtf keeps a random hex string in
// the session under "csrf_token" and hands out
// URLSafeTimedSerializer(WTF_CSRF_SECRET_KEY, salt="wtf-csrf-token").dumps(it),
// accepted for WTF_CSRF_TIME_LIMIT (3600 s). The token below is the one
// Python makes at 2023-11-14T22:13:20Z; Go makes the same one.
func Example_flaskWTFCSRFToken() {
	issued := time.Unix(1700000000, 0)
	now := issued.Add(10 * time.Minute)
	const sessionValue = "5f2b0e6c4b8e4f0a9d3c7a1e2b6d8f0c1a3e5b7d" // session["csrf_token"]
	const fromForm = "IjVmMmIwZTZjNGI4ZTRmMGE5ZDNjN2ExZTJiNmQ4ZjBjMWEzZTViN2Qi.ZVPxAA.ve835BpMxjTpTFXxgeQjgQa3D0U"

	csrf, err := itsdangerous.NewURLSafeTimedSerializer([][]byte{[]byte("flask-secret-key")},
		itsdangerous.WithSalt("wtf-csrf-token"),
		itsdangerous.WithClock(func() time.Time { return now }))
	if err != nil {
		panic(err)
	}
	var raw string
	_, err = csrf.Loads(fromForm, &raw, time.Hour)
	valid := err == nil && subtle.ConstantTimeCompare([]byte(raw), []byte(sessionValue)) == 1
	fmt.Println("valid:", valid)

	// The same token, issued by Go at the same second.
	mint, _ := itsdangerous.NewURLSafeTimedSerializer([][]byte{[]byte("flask-secret-key")},
		itsdangerous.WithSalt("wtf-csrf-token"),
		itsdangerous.WithClock(func() time.Time { return issued }))
	token, _ := mint.Dumps(sessionValue)
	fmt.Println("same token:", token == fromForm)

	// Two hours later it has expired.
	now = issued.Add(2 * time.Hour)
	_, err = csrf.Loads(fromForm, &raw, time.Hour)
	fmt.Println("expired:", errors.Is(err, itsdangerous.ErrSignatureExpired), err)
	// Output:
	// valid: true
	// same token: true
	// expired: true itsdangerous: signature age 7200 > 3600 seconds
}

// A password-reset link token, as
// URLSafeTimedSerializer(secret, salt="password-reset").dumps(...) makes it
// in Python, valid for an hour. A struct keeps the JSON keys in a fixed
// order.
func Example_passwordReset() {
	type resetClaim struct {
		Email  string `json:"email"`
		UserID int    `json:"user_id"`
	}
	clock := time.Unix(1700000000, 0)
	s, err := itsdangerous.NewURLSafeTimedSerializer([][]byte{[]byte("app-secret")},
		itsdangerous.WithSalt("password-reset"),
		itsdangerous.WithClock(func() time.Time { return clock }))
	if err != nil {
		panic(err)
	}
	token, err := s.Dumps(resetClaim{Email: "alice@example.com", UserID: 42})
	if err != nil {
		panic(err)
	}
	fmt.Println(token)

	clock = clock.Add(30 * time.Minute)
	var claim resetClaim
	signedAt, err := s.Loads(token, &claim, time.Hour)
	fmt.Println(claim.UserID, claim.Email, signedAt.Format(time.RFC3339), err)

	clock = clock.Add(time.Hour)
	_, err = s.Loads(token, &claim, time.Hour)
	var expired *itsdangerous.SignatureExpiredError
	if errors.As(err, &expired) {
		fmt.Println("link expired; issued", expired.DateSigned.Format(time.RFC3339))
	}
	// Output:
	// eyJlbWFpbCI6ImFsaWNlQGV4YW1wbGUuY29tIiwidXNlcl9pZCI6NDJ9.ZVPxAA.43JpSZRHlo7OjyqcO-iP52ZVmPo
	// 42 alice@example.com 2023-11-14T22:13:20Z <nil>
	// link expired; issued 2023-11-14T22:13:20Z
}

// A TimestampSigner records when a value was signed.
func ExampleTimestampSigner_Unsign() {
	now := time.Unix(1700000000, 0)
	s, err := itsdangerous.NewTimestampSigner([][]byte{[]byte("secret-key")},
		itsdangerous.WithClock(func() time.Time { return now }))
	if err != nil {
		panic(err)
	}
	token := s.Sign([]byte("value"))
	fmt.Printf("%s\n", token)

	now = now.Add(5 * time.Second)
	value, signedAt, err := s.Unsign(token, 10*time.Second)
	fmt.Printf("%s %s %v\n", value, signedAt.Format(time.RFC3339), err)
	// Output:
	// value.ZVPxAA.P9Grfsn5n1eHqbiYrPP0fn7INiw
	// value 2023-11-14T22:13:20Z <nil>
}

// Base64Decode is as lenient as itsdangerous: padding, the standard
// alphabet and junk characters are accepted.
func ExampleBase64Decode() {
	for _, in := range []string{"Zm9vYg", "Zm9vYg==junk", "_-8", "/+8", "Zm9vY"} {
		out, err := itsdangerous.Base64Decode([]byte(in))
		fmt.Printf("%q %q %v\n", in, out, err)
	}
	// Output:
	// "Zm9vYg" "foob" <nil>
	// "Zm9vYg==junk" "foob" <nil>
	// "_-8" "\xff\xef" <nil>
	// "/+8" "\xff\xef" <nil>
	// "Zm9vY" "" itsdangerous: invalid base64-encoded data: Invalid base64-encoded string: number of data characters (5) cannot be 1 more than a multiple of 4
}

// AppendSignedPayload and VerifyPayload work on already serialized bytes,
// for callers with their own encoder (Flask's tagged JSON, for one). The
// settings are those of Flask's session cookies; both tokens are the ones
// Python makes, the second one zlib-compressed.
func ExampleURLSafeTimedSerializer_AppendSignedPayload() {
	s, err := itsdangerous.NewURLSafeTimedSerializer([][]byte{[]byte("secret-key")},
		itsdangerous.WithSalt("cookie-session"),
		itsdangerous.WithKeyDerivation(itsdangerous.DerivationHMAC),
		itsdangerous.WithClock(func() time.Time { return time.Unix(1700000000, 0) }))
	if err != nil {
		panic(err)
	}
	for _, payload := range []string{
		`{"_fresh":true,"user_id":"42"}`,
		`{"cart":["apple","apple","apple","apple","apple","apple","apple","apple","apple","apple","apple","apple","apple","apple","apple","apple","apple","apple","apple","apple"]}`,
	} {
		token := s.AppendSignedPayload(nil, []byte(payload))
		fmt.Printf("%s\n", token)
		back, _, err := s.VerifyPayload(token, time.Hour)
		fmt.Println(string(back) == payload, err)
	}
	// Output:
	// eyJfZnJlc2giOnRydWUsInVzZXJfaWQiOiI0MiJ9.ZVPxAA.cAAdbjOfgGEwKHTYVfV0SDfnCbU
	// true <nil>
	// .eJyrVkpOLCpRsopWSiwoyElV0hmkdGwtAPajNdU.ZVPxAA.AuM2uswnMGqbqQ_1ZWAO3-luY-Q
	// true <nil>
}
