//go:build !unix

package bench_test

// cpuTime is not measured on this platform; loop then reports no
// cpu-ns/op.
func cpuTime() int64 { return 0 }
