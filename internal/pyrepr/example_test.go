package pyrepr_test

import (
	"fmt"

	"github.com/flasksession/flasksession/internal/pyrepr"
)

func ExampleRepr() {
	fmt.Println(pyrepr.Repr(map[string]any{"n": int64(1), "s": "it's", "l": []any{1e16, nil, []byte("\x00")}}))
	// Output: {'l': [1e+16, None, b'\x00'], 'n': 1, 's': "it's"}
}

func ExampleFloat() {
	fmt.Println(pyrepr.Float(1), pyrepr.Float(1e-5), pyrepr.Float(123456789.125))
	// Output: 1.0 1e-05 123456789.125
}
