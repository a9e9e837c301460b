# Run by pyrepr_test.go: repr() of each float on stdin, given by its bits in hex.
import struct, sys
for line in sys.stdin:
    print(repr(struct.unpack("<d", int(line, 16).to_bytes(8, "little"))[0]))
