package itsdangerous

import (
	"errors"
	"fmt"
	"strings"

	"github.com/flasksession/flasksession/internal/zlibx"
)

// This file is the package's only contact with zlib: one function each way.
// internal/zlibx writes the bytes C zlib 1.2.13 writes at level 6 (what
// Python's zlib.compress returns), so compressed tokens are byte-identical
// to itsdangerous's too, and inflates any zlib stream within a bound.

// zlibCompress appends the zlib stream of src to dst, as Python's
// zlib.compress(src) writes it.
func zlibCompress(dst, src []byte) []byte {
	return zlibx.AppendCompress(dst, src)
}

// zlibDecompress appends the data of the zlib stream in src to dst, as
// Python's zlib.decompress does (bytes after the end of the stream are
// ignored), but fails with ErrPayloadTooLarge as soon as the output would
// exceed limit bytes, and with an error matching ErrZlib where Python's
// zlib.decompress raises zlib.error. On error dst is returned unchanged in
// length.
func zlibDecompress(dst, src []byte, limit int) ([]byte, error) {
	start := len(dst)
	out, err := zlibx.AppendDecompress(dst, src, limit)
	if err != nil {
		if errors.Is(err, zlibx.ErrTooLarge) {
			err = ErrPayloadTooLarge
		} else {
			err = fmt.Errorf("%w: %s", ErrZlib, strings.TrimPrefix(err.Error(), "zlibx: "))
		}
		return dst[:start], err
	}
	return out, nil
}
