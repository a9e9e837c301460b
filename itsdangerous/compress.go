package itsdangerous

import (
	"bytes"
	"compress/zlib"
	"errors"
	"io"
	"sync"
)

// This file is the package's only contact with zlib: one function each way.
// compress/zlib reads every valid stream but does not write C zlib's bytes
// (spec P1), so compressed output is valid but differs from Python's.

// appendWriter is an io.Writer appending to a slice.
type appendWriter struct{ b []byte }

func (w *appendWriter) Write(p []byte) (int, error) {
	w.b = append(w.b, p...)
	return len(p), nil
}

type zlibWriter struct {
	out appendWriter
	zw  *zlib.Writer
}

var zlibWriters = sync.Pool{New: func() any {
	w := &zlibWriter{}
	w.zw = zlib.NewWriter(&w.out)
	return w
}}

// zlibCompress appends the zlib stream (default level, as Python's
// zlib.compress) of src to dst.
func zlibCompress(dst, src []byte) []byte {
	w := zlibWriters.Get().(*zlibWriter)
	w.out.b = dst
	w.zw.Reset(&w.out)
	w.zw.Write(src) // writes to an appendWriter cannot fail
	w.zw.Close()
	dst = w.out.b
	w.out.b = nil
	zlibWriters.Put(w)
	return dst
}

type zlibReader struct {
	src bytes.Reader
	zr  io.ReadCloser
}

var zlibReaders sync.Pool // of *zlibReader

// zlibDecompress appends the data of the zlib stream in src to dst, as
// Python's zlib.decompress does (bytes after the end of the stream are
// ignored), but fails with ErrPayloadTooLarge as soon as the output would
// exceed limit bytes.
func zlibDecompress(dst, src []byte, limit int) ([]byte, error) {
	r, _ := zlibReaders.Get().(*zlibReader)
	if r == nil {
		r = &zlibReader{}
	}
	r.src.Reset(src)
	var err error
	if r.zr == nil {
		r.zr, err = zlib.NewReader(&r.src)
	} else {
		err = r.zr.(zlib.Resetter).Reset(&r.src, nil)
	}
	if err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		if r.zr != nil {
			r.src.Reset(nil)
			zlibReaders.Put(r)
		}
		return dst, err
	}
	start := len(dst)
	for {
		if len(dst) == cap(dst) {
			dst = append(dst, 0)[:len(dst)]
		}
		room := cap(dst) - len(dst)
		if left := limit + 1 - (len(dst) - start); room > left {
			room = left
		}
		n, rerr := r.zr.Read(dst[len(dst) : len(dst)+room])
		dst = dst[:len(dst)+n]
		if len(dst)-start > limit {
			err = ErrPayloadTooLarge
			break
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			err = rerr
			break
		}
	}
	r.src.Reset(nil)
	zlibReaders.Put(r)
	if err != nil {
		return dst[:start], err
	}
	return dst, nil
}
