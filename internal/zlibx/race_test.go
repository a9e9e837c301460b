//go:build race

package zlibx

const raceEnabled = true
