// Package e2e drives the flasksession demo in a real browser: Debian's
// Chromium, headless, over the DevTools protocol (chromedp). It builds the
// demo command, runs it with its Flask half, goes through the demo's flows
// as a user would, compares every cookie in the browser's own store with
// what the demo's pages say, and saves a screenshot of each page state at
// 1200 and 390 pixels wide.
//
// Screenshots go to $FLASKSESSION_E2E_SHOTS, else to e2e/screenshots/
// (ignored by git). Without a browser the tests skip with one line, and
// fail under FLASKSESSION_INTEROP=require, as CI runs them.
package e2e
