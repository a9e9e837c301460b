package interop

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
)

// EnvSeed and EnvSeeds name the variables that choose the seeds of the
// randomized tests: FLASKSESSION_SEED=N replays seed N, and
// FLASKSESSION_SEEDS=K (with it) runs the K consecutive seeds N, N+1, ...
// in one process, which is how the tests are checked across many seeds
// without paying Python's start-up for each.
const (
	EnvSeed  = "FLASKSESSION_SEED"
	EnvSeeds = "FLASKSESSION_SEEDS"
)

// FixedSeed is the seed every randomized test runs first, so that a run
// always covers a known set of values.
const FixedSeed = 20231114

// Seeds returns the seeds a randomized test runs with: [FixedSeed], then
// the seeds chosen by FLASKSESSION_SEED and FLASKSESSION_SEEDS, or one random
// seed when FLASKSESSION_SEED is unset. It logs how to replay the run.
//
// A randomized test must not depend on what a seed happens to produce: the
// rare cases it needs are built in before the random ones.
func Seeds(t testing.TB) []uint64 {
	t.Helper()
	first, count := rand.Uint64()>>1, uint64(1)
	if s := os.Getenv(EnvSeed); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("%s=%q: %v", EnvSeed, s, err)
		}
		first = n
		if s := os.Getenv(EnvSeeds); s != "" {
			k, err := strconv.ParseUint(s, 10, 64)
			if err != nil || k == 0 {
				t.Fatalf("%s=%q: want a positive count", EnvSeeds, s)
			}
			count = k
		}
	}
	seeds := []uint64{FixedSeed}
	for i := range count {
		seeds = append(seeds, first+i)
	}
	if count == 1 {
		t.Logf("seeds %d and %d (replay: %s=%d go test ./%s -run '^%s$')", FixedSeed, first, EnvSeed, first, moduleDir(), t.Name())
	} else {
		t.Logf("seeds %d and %d..%d", FixedSeed, first, first+count-1)
	}
	return seeds
}

// Rand returns a generator for one seed; stream separates the generators of
// tests (or directions) that share a seed.
func Rand(seed, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, stream^0x9e3779b97f4a7c15))
}

// SeedArgs formats seeds as command-line arguments for a Python script.
func SeedArgs(seeds []uint64) []string {
	out := make([]string, len(seeds))
	for i, s := range seeds {
		out[i] = fmt.Sprint(s)
	}
	return out
}
