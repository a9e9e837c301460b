package main

import (
	"strings"
	"testing"
)

// TestDemoHomeCounterWording says "1 time", then "2 times".
func TestDemoHomeCounterWording(t *testing.T) {
	d := startTestDemo(t, demoConfig{Secret: "demo-key"})
	b := newBrowser(t, d.URL)
	for _, want := range []string{`<strong id="counter">1</strong> time in`, `<strong id="counter">2</strong> times in`} {
		if page := b.get("/"); !strings.Contains(page, want) {
			t.Errorf("home page lacks %q", want)
		}
	}
}
