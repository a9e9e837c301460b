package zlibx

import (
	"bytes"
	"compress/zlib"
	"io"
)

func zlibReadAll(p []byte) ([]byte, error) {
	r, err := zlib.NewReader(bytes.NewReader(p))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}
