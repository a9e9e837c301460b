//go:build unix

package bench_test

import "syscall"

// cpuTime returns the CPU time this process has used (user + system), in
// nanoseconds. Unlike wall time, it does not count time spent waiting for a
// core, so it is steadier on a shared machine.
func cpuTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
