// Package vectors checks that the golden vectors in testdata/ are reproducible:
// its test runs testdata/gen_vectors.py against the real Flask, itsdangerous and
// Werkzeug and compares the output with the committed file. It has no API; the
// vectors themselves are read by each package's own tests.
package vectors
