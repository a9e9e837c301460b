package zlibx_test

import (
	"encoding/hex"
	"fmt"

	"github.com/flasksession/flasksession/internal/zlibx"
)

func Example() {
	session := []byte(`{"_fresh":false,"cart":["apple","apple","apple"]}`)

	// The same bytes Python's zlib.compress(session) returns.
	z := zlibx.AppendCompress(nil, session)
	fmt.Println(hex.EncodeToString(z[:2]), len(z) < len(session))

	back, err := zlibx.AppendDecompress(nil, z, 4096)
	fmt.Println(string(back), err)
	// Output:
	// 789c true
	// {"_fresh":false,"cart":["apple","apple","apple"]} <nil>
}

func ExampleAppendDecompress_limit() {
	bomb := zlibx.AppendCompress(nil, make([]byte, 1<<20))
	_, err := zlibx.AppendDecompress(nil, bomb, 4096)
	fmt.Println(len(bomb), err)
	// Output:
	// 1039 zlibx: decompressed data exceeds the limit
}
