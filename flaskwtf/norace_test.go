//go:build !race

package flaskwtf

const raceEnabled = false
