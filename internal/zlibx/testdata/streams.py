# Run by inflate_test.go: C zlib streams with every flush mode for the inputs
# on stdin.
import sys, zlib, struct
data = sys.stdin.buffer.read()
inputs = []
i = 0
while i < len(data):
    n, = struct.unpack('>I', data[i:i+4]); i += 4
    inputs.append(data[i:i+n]); i += n
out = []
def emit(name, k, s):
    name = name.encode()
    out.append(struct.pack('>I', len(name)) + name + struct.pack('>II', k, len(s)) + s)
for k, x in enumerate(inputs):
    for level in range(10):
        emit('level%d' % level, k, zlib.compress(x, level))
    for sname in ('Z_FILTERED', 'Z_HUFFMAN_ONLY', 'Z_RLE', 'Z_FIXED'):
        c = zlib.compressobj(6, zlib.DEFLATED, 15, 8, getattr(zlib, sname))
        emit(sname, k, c.compress(x) + c.flush())
    for wbits, mem in ((9, 1), (10, 9), (12, 4)):
        c = zlib.compressobj(9, zlib.DEFLATED, wbits, mem)
        emit('wbits%d-mem%d' % (wbits, mem), k, c.compress(x) + c.flush())
    for fname in ('Z_SYNC_FLUSH', 'Z_FULL_FLUSH', 'Z_PARTIAL_FLUSH', 'Z_BLOCK'):
        c = zlib.compressobj(1)
        parts = []
        step = max(1, len(x) // 5)
        for j in range(0, len(x), step):
            parts.append(c.compress(x[j:j+step]))
            parts.append(c.flush(getattr(zlib, fname)))
        parts.append(c.flush())
        emit(fname, k, b''.join(parts))
sys.stdout.buffer.write(b''.join(out))
