// Package zlibx reads and writes zlib streams (RFC 1950) for inputs the
// size of a session cookie.
//
// AppendCompress reproduces, bit for bit, what C zlib 1.2.13 writes at
// level 6, the level CPython's zlib.compress uses, so that a Go program
// signs the same cookie bytes Flask would. AppendDecompress inflates any
// valid zlib stream with a bound on its output.
//
// Both recycle their working state (a few states are kept for good, the
// rest in a sync.Pool) and do not allocate beyond growing dst.
package zlibx
