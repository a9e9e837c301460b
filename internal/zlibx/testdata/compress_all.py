# Run by diff_test.go: C zlib's streams (Python's zlib) for the inputs on stdin.
import sys, zlib, struct
data = sys.stdin.buffer.read()
out = []
i = 0
while i < len(data):
    n, = struct.unpack('>I', data[i:i+4])
    i += 4
    c = zlib.compress(data[i:i+n])
    i += n
    out.append(struct.pack('>I', len(c)))
    out.append(c)
sys.stdout.buffer.write(b''.join(out))
