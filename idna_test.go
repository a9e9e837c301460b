package flasksession

import "testing"

func TestPunycodeRFC3492(t *testing.T) {
	// Samples from RFC 3492 section 7.1 (lower-cased input where the RFC
	// mixes case, since nameprep folds it before encoding).
	tests := []struct{ in, want string }{
		{"ü", "tda"},
		{"bücher", "bcher-kva"},
		{"他们为什么不说中文", "ihqwcrb4cv8a8dqg056pqjye"},
		{"почемужеонинеговорятпорусски", "b1abfaaepdrnnbgefbadotcwatmq2g4l"},
		{"3年b組金八先生", "3b-ww4c5e180e575a65lsy2b"},
		{"-> $1.00 <-", "-> $1.00 <--"},
	}
	for _, tt := range tests {
		got, err := punycodeEncode(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("punycodeEncode(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestIDNAEncode(t *testing.T) {
	tests := []struct {
		in, want string
		err      bool
	}{
		{"example.com", "example.com", false},
		{"Example.COM", "Example.COM", false}, // ASCII names keep their case
		{"bücher.example", "xn--bcher-kva.example", false},
		{"BÜCHER.example", "xn--bcher-kva.example", false}, // nameprep folds case
		{"straße.de", "strasse.de", false},
		{"日本語。jp", "xn--wgv71a119e.jp", false},
		{"ＥＸＡＭＰＬＥ.com", "example.com", false},
		{"a\u200bb.de", "ab.de", false}, // zero-width space maps to nothing
		{"münchen.de.", "xn--mnchen-3ya.de.", false},
		{"a..b", "", true},
		{"xn--bücher.de", "", true},
		{"\xff.de", "", true},
		{string(make([]byte, 64)) + ".de", "", true},
	}
	for _, tt := range tests {
		got, err := idnaEncode(tt.in)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("idnaEncode(%q) = %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}
