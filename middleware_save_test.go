package flasksession

import (
	"errors"
	"net/http/httptest"
	"testing"
)

// TestSaveTwice checks Manager.Save's promise about a second call: it
// writes nothing, and reports ErrModifiedAfterCommit only when the
// session changed after the first.
func TestSaveTwice(t *testing.T) {
	tests := []struct {
		name    string
		between func(s *Session)
		want    error
	}{
		{"unchanged session saves quietly", func(*Session) {}, nil},
		{"read between the saves saves quietly", func(s *Session) { s.Get("a") }, nil},
		{"Set between the saves is reported", func(s *Session) { s.Set("b", 2) }, ErrModifiedAfterCommit},
		{"Delete between the saves is reported", func(s *Session) { s.Delete("a") }, ErrModifiedAfterCommit},
		{"MarkModified between the saves is reported", func(s *Session) { s.MarkModified() }, ErrModifiedAfterCommit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, _ := testManager("dev-secret")
			s, _ := m.Open(httptest.NewRequest("GET", "/", nil))
			s.Set("a", 1) // modified before the first Save
			w := httptest.NewRecorder()
			if err := m.Save(w, s); err != nil {
				t.Fatalf("first Save: %v", err)
			}
			tt.between(s)
			w2 := httptest.NewRecorder()
			err := m.Save(w2, s)
			if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("second Save: %v, want %v", err, tt.want)
			}
			if sc := w2.Header()["Set-Cookie"]; len(sc) != 0 {
				t.Errorf("second Save wrote %q", sc)
			}
		})
	}
}
