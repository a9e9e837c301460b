package flasksession

import (
	"errors"
	"testing"
	"time"
)

func TestTokenSerializer(t *testing.T) {
	clock := func() time.Time { return time.Unix(1700000000, 0) }
	m := New("new-key")
	m.SecretKeyFallbacks = []string{"old-key"}
	m.Now = clock
	ser, err := m.TokenSerializer()
	if err != nil {
		t.Fatal(err)
	}
	cookie, err := m.EncodeCookie(map[string]any{"a": int64(1)})
	if err != nil {
		t.Fatal(err)
	}
	if tok := string(ser.AppendSignedPayload(nil, []byte(`{"a":1}`))); tok != cookie {
		t.Errorf("the serializer signs %q as %s, the session codec as %s", `{"a":1}`, tok, cookie)
	}

	old := New("old-key")
	old.Now = clock
	oldSer, err := old.TokenSerializer()
	if err != nil {
		t.Fatal(err)
	}
	payload, _, err := ser.VerifyPayload(oldSer.AppendSignedPayload(nil, []byte("x")), time.Hour)
	if err != nil || string(payload) != "x" {
		t.Errorf("token signed with the fallback key: %q, %v; want it verified", payload, err)
	}

	if _, err := New("").TokenSerializer(); !errors.Is(err, ErrNoSecretKey) {
		t.Errorf("no secret key: error %v, want ErrNoSecretKey", err)
	}
	bad := New("k")
	bad.Lifetime = -time.Second
	if _, err := bad.TokenSerializer(); !errors.Is(err, ErrConfig) {
		t.Errorf("negative Lifetime: error %v, want ErrConfig", err)
	}
}
