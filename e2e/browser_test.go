package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/chromedp"
)

// findChromium returns the browser's path, "" when there is none.
func findChromium() string {
	for _, name := range []string{os.Getenv("FLASKSESSION_CHROMIUM"), "/usr/bin/chromium", "chromium", "chromium-browser"} {
		if name == "" {
			continue
		}
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

const noChromium = "e2e: skipping the browser tests, no Chromium found (apt-get install chromium, or set FLASKSESSION_CHROMIUM)"

// TestMain skips the whole package with one line when there is no
// browser, unless FLASKSESSION_INTEROP=require makes that a failure.
func TestMain(m *testing.M) {
	if findChromium() == "" && os.Getenv("FLASKSESSION_INTEROP") != "require" {
		fmt.Fprintln(os.Stderr, noChromium)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// chromiumPath finds the browser, or fails the test.
func chromiumPath(t *testing.T) string {
	t.Helper()
	p := findChromium()
	if p == "" {
		t.Fatal(noChromium + ", and FLASKSESSION_INTEROP=require")
	}
	return p
}

// page is one browser tab with helpers that fail the test on error. Every
// wait is for a condition in the page, bounded by the tab's context.
type page struct {
	t     *testing.T
	ctx   context.Context
	shots string // screenshot folder
	width int64
}

// newBrowser starts headless Chromium with a fresh profile. extraFlags
// adds command-line switches (name=value).
func newBrowser(t *testing.T, shots string, extraFlags map[string]any) *page {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1200, 900),
	}
	for k, v := range extraFlags {
		opts = append(opts, chromedp.Flag(k, v))
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 150*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	p := &page{t: t, ctx: ctx, shots: shots, width: 1200}
	// The first action starts the browser, which lives as long as the
	// context it is given: the tab's own, not one of do's shorter ones.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1200, 900)); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	return p
}

// do runs steps, each wait bounded by 30 seconds so a missing element
// fails the test quickly and says which.
func (p *page) do(steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		p.t.Fatalf("browser: %v", err)
	}
}

// open loads url and waits for sel.
func (p *page) open(url, sel string) {
	p.t.Helper()
	p.do(chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(sel)))
}

// submit clicks the button sel, which posts a form, and waits for the
// page it leads to to show want.
func (p *page) submit(sel, want string) {
	p.t.Helper()
	if _, err := chromedp.RunResponse(p.ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
		p.t.Fatalf("click %s: %v", sel, err)
	}
	p.do(chromedp.WaitVisible(chromedp.CSS(want)))
}

// text is the visible text of the first element matching sel.
func (p *page) text(sel string) string {
	p.t.Helper()
	s, err := chromedp.Run(p.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		p.t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

// has reports whether an element matches sel now.
func (p *page) has(sel string) bool {
	p.t.Helper()
	return p.eval(fmt.Sprintf("document.querySelector(%q) !== null", sel)) == true
}

func (p *page) eval(js string) any {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[any](js, chromedp.EvalAwaitPromise))
	if err != nil {
		p.t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

func (p *page) location() string {
	p.t.Helper()
	u, err := chromedp.Run(p.ctx, chromedp.Location())
	if err != nil {
		p.t.Fatal(err)
	}
	return u
}

// cookies returns the browser's whole cookie store.
func (p *page) cookies() map[string]*network.Cookie {
	p.t.Helper()
	res, err := chromedp.Call(p.ctx, storage.GetCookies, storage.GetCookiesParams{})
	if err != nil {
		p.t.Fatalf("Storage.getCookies: %v", err)
	}
	m := map[string]*network.Cookie{}
	for _, c := range res.Cookies {
		m[c.Name] = c
	}
	return m
}

// pageChecks are what every page state must pass, as JavaScript
// expressions that are true when it does.
var pageChecks = []struct{ what, js string }{
	{"has a viewport meta", `document.querySelector('meta[name=viewport]') !== null`},
	{"has an icon", `document.querySelector('link[rel=icon]') !== null`},
	{"loads nothing from another origin", `performance.getEntriesByType("resource").every(e => e.name.startsWith(location.origin))`},
	{"labels every field", `[...document.querySelectorAll("input:not([type=hidden]),select,textarea")].every(e => e.labels && e.labels.length > 0)`},
	{"says which side rendered it", `/^Rendered by (Go|Flask)/.test(document.querySelector("#rendered-by").textContent)`},
}

// wideChecks are what a page at 1200 px must pass: the layout the
// stylesheet means at that width.
var wideChecks = []struct{ what, js string }{
	{"keeps the navigation on the brand's line", `(() => { const n = document.querySelector("nav.main").getBoundingClientRect(), b = document.querySelector(".brand").getBoundingClientRect(); return n.top < b.bottom && n.height < 2 * b.height })()`},
	{"leaves no grid column empty after its last card", `[...document.querySelectorAll(".grid")].every(g => { const c = g.lastElementChild; return !c || Math.abs(c.getBoundingClientRect().right - g.getBoundingClientRect().right) < 2 })`},
}

// shot saves the page at 1200 and at 390 pixels wide, and checks that at
// both widths nothing scrolls sideways, and the page checks.
func (p *page) shot(name string) {
	p.t.Helper()
	for _, c := range pageChecks {
		if p.eval(c.js) != true {
			p.t.Errorf("%s: the page does not pass %q", name, c.what)
		}
	}
	for _, w := range []int64{1200, 390} {
		p.do(chromedp.EmulateViewport(w, 900))
		if overflow := p.eval(`document.documentElement.scrollWidth - document.documentElement.clientWidth`); overflow.(float64) > 0 {
			p.t.Errorf("%s at %d px scrolls sideways by %v px", name, w, overflow)
		}
		if w == 1200 {
			for _, c := range wideChecks {
				if p.eval(c.js) != true {
					p.t.Errorf("%s at 1200 px: the page does not pass %q", name, c.what)
				}
			}
		}
		img, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100))
		if err != nil {
			p.t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(p.shots, fmt.Sprintf("%s-%d.png", name, w)), img, 0o644); err != nil {
			p.t.Fatal(err)
		}
	}
	p.do(chromedp.EmulateViewport(1200, 900))
}

var (
	shotsOnce sync.Once
	shotsPath string
	shotsErr  error
)

// readmeShot saves the top of the page at 1100 by 700 CSS pixels (wide
// enough for the navigation to stay on one line), scaled to 0.65, into
// $FLASKSESSION_E2E_README (the README's pictures are made with
// FLASKSESSION_E2E_README=../docs); without the variable it does nothing.
func (p *page) readmeShot(name string) {
	p.t.Helper()
	dir := os.Getenv("FLASKSESSION_E2E_README")
	if dir == "" {
		return
	}
	p.do(chromedp.EmulateViewport(1100, 700, chromedp.EmulateScale(0.65)))
	defer p.do(chromedp.EmulateViewport(1200, 900))
	img, err := chromedp.Run(p.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		p.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), img, 0o644); err != nil {
		p.t.Fatal(err)
	}
}

// darkShot saves the page at 1200 pixels in dark mode and checks that the
// page's colours follow the scheme.
func (p *page) darkShot(name string) {
	p.t.Helper()
	light := p.eval(`getComputedStyle(document.body).backgroundColor`)
	dark := func(on bool) {
		v := "light"
		if on {
			v = "dark"
		}
		if _, err := chromedp.Call(p.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: v}},
		}); err != nil {
			p.t.Fatal(err)
		}
	}
	dark(true)
	defer dark(false)
	if got := p.eval(`getComputedStyle(document.body).backgroundColor`); got == light {
		p.t.Errorf("%s: the background stays %v in dark mode", name, got)
	}
	img, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		p.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(p.shots, name+"-dark-1200.png"), img, 0o644); err != nil {
		p.t.Fatal(err)
	}
}

// shotsDir is the folder screenshots go to, emptied of the PNGs of earlier
// runs once per run.
func shotsDir(t *testing.T) string {
	t.Helper()
	shotsOnce.Do(func() { shotsPath, shotsErr = prepareShots() })
	if shotsErr != nil {
		t.Fatal(shotsErr)
	}
	t.Logf("screenshots in %s", shotsPath)
	return shotsPath
}

func prepareShots() (string, error) {
	dir := os.Getenv("FLASKSESSION_E2E_SHOTS")
	if dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			return "", err
		}
		dir = filepath.Join(wd, "screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	old, _ := filepath.Glob(filepath.Join(dir, "*.png"))
	for _, f := range old {
		os.Remove(f)
	}
	return dir, nil
}
