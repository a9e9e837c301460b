# Appended to describe.py by interop_test.go: fixed values, then seeded random
# ones, through Flask's TaggedJSONSerializer. argv: count per seed, seeds...
import random
count, seeds = int(sys.argv[1]), [int(a) for a in sys.argv[2:]]
r = None
UTC = datetime.timezone.utc

RANGES = [
    ((0x20, 0x7e), 30), ((0x00, 0x1f), 4), ((0x7f, 0x7f), 1), ((0x80, 0xff), 3),
    ((0x100, 0xd7ff), 4), ((0xe000, 0xfffd), 3), ((0x10000, 0x10ffff), 4), ((0xd800, 0xdfff), 1),
]
SPECIAL = [0x2028, 0x2029, 0xfeff, 0xfffe, 0xffff, 0x22, 0x5c, 0x2f, 0x3c, 0x3e, 0x26, 0x27, 0x1f600, 0x10000]
TAGLIKE = [" t", " di", " b", " m", " u", " d", " t__", " di__", " x", " od", "", " ", "t", "di",
           "_flashes", "_permanent", "\uffff", "\U0001F600", "\ue000", "\U00010000", "\ud7ff", "\u00e9"]

def rand_str(lone=True):
    out = []
    for _ in range(r.choice([0, 1, 2, 3, 5, 8, 13])):
        if r.random() < 0.1:
            out.append(chr(r.choice(SPECIAL)))
            continue
        (lo, hi), = r.choices([a for a, _ in RANGES], weights=[w for _, w in RANGES])
        if lo == 0xd800 and not lone:
            lo, hi = 0x41, 0x5a
        out.append(chr(r.randint(lo, hi)))
    return "".join(out)

def rand_key():
    return r.choice(TAGLIKE) if r.random() < 0.35 else rand_str(lone=r.random() < 0.2)

def rand_int():
    k = r.random()
    if k < 0.3:
        return r.randint(-1000, 1000)
    if k < 0.5:
        return r.choice([0, 1, -1, 2**31, 2**53, 2**53 + 1, -(2**53) - 1, 2**63 - 1, -(2**63), 2**63,
                         -(2**63) - 1, 2**64, 2**64 - 1, 10**30, -(10**30)])
    if k < 0.8:
        return r.randint(-(2**63), 2**63 - 1)
    if k < 0.995:
        return r.randint(-(10**r.randint(19, 60)), 10**r.randint(19, 60))
    return int("9" * 4300) * r.choice([1, -1])

def rand_float():
    k = r.random()
    if k < 0.15:
        return r.choice([0.0, -0.0, math.nan, math.inf, -math.inf, 5e-324, 2.2250738585072014e-308,
                         2.225073858507201e-308, 1.7976931348623157e308, 1e16, 1e15, 9999999999999998.0,
                         1e-4, 1e-5, 9.999e-5, 0.1, 1e22, 1e21, 1e-7, 123456789012345680.0, 1.0, -1.5])
    if k < 0.55:
        return float(f"{r.randint(1, 10**r.randint(1, 17))}e{r.randint(-30, 30)}") * r.choice([1, -1])
    if k < 0.7:
        return float(f"{r.randint(1, 999)}e{r.randint(-330, 310)}")
    if k < 0.8:
        return r.randint(1, 2**52) * 5e-324  # subnormals
    import struct
    return struct.unpack("<d", r.getrandbits(64).to_bytes(8, "little"))[0]

def rand_datetime():
    k = r.random()
    if k < 0.03:
        year = r.randint(1, 99)  # Python itself reads these back as 19xx/20xx
    else:
        year = r.randint(101, 9998)
    day = datetime.date(year, 1, 1).toordinal() + r.randint(0, 364)
    d = datetime.date.fromordinal(day)
    micro = r.choice([0, 0, r.randint(0, 999999)])
    dt = datetime.datetime(d.year, d.month, d.day, r.randint(0, 23), r.randint(0, 59), r.randint(0, 59), micro)
    tz = r.random()
    if tz < 0.4:
        return dt
    if tz < 0.7 or year < 101:
        return dt.replace(tzinfo=UTC)
    return dt.replace(tzinfo=datetime.timezone(datetime.timedelta(minutes=r.randint(-1439, 1439))))

def scalar():
    k = r.choice(["none", "bool", "int", "int", "float", "float", "str", "str", "bytes", "markup", "uuid", "datetime"])
    if k == "none": return None
    if k == "bool": return r.random() < 0.5
    if k == "int": return rand_int()
    if k == "float": return rand_float()
    if k == "str": return rand_str()
    if k == "bytes": return r.randbytes(r.randint(0, 24))
    if k == "markup": return Markup(r.choice(["<b>", "<em>x</em> & y", ""]) + rand_str(lone=False))
    if k == "uuid": return uuid.UUID(int=r.getrandbits(128))
    return rand_datetime()

def rand_dict(depth):
    k = r.random()
    if k < 0.2:
        return {r.choice(TAGLIKE): gen(depth + 1)}
    if k < 0.35:
        return {r.choice(TAGLIKE): gen(depth + 1), rand_key(): gen(depth + 1)}
    return {rand_key(): gen(depth + 1) for _ in range(r.randint(0, 5))}

def gen(depth=0):
    if depth >= 5 or (depth > 0 and r.random() < 0.4):
        return scalar()
    k = r.random()
    if k < 0.45:
        return rand_dict(depth)
    if k < 0.75:
        return [gen(depth + 1) for _ in range(r.randint(0, 5))]
    if k < 0.9:
        return tuple(gen(depth + 1) for _ in range(r.randint(0, 4)))
    return scalar()

# FIXED holds one of each feature the Go side's coverage check names, sent
# before the random values so that every run has them.
FIXED = [
    {" t": (1, "x"), " x": 1},                      # a tuple; a tag-like key that is no tag
    {" t": 1},                                      # escaped as {" di": {" t__": 1}}
    [b"\x00ab", Markup("<b>x</b>"), uuid.UUID(int=1), datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)],
    [math.nan, math.inf, -math.inf, -0.0, 1e300],
    "\u2028\x7f\x00\n\U0001F600",
    [10**25, int("9" * 4300), -int("9" * 4300)],
    {"lone": "\ud800"},
]

def values():
    global r
    for v in FIXED:
        yield True, v
    for i in range(count * len(seeds)):
        if i % count == 0:
            r = random.Random(seeds[i // count])
        yield False, gen()

with app.app_context():
    for fixed, v in values():
        dumped = ser.dumps(v)
        loaded = ser.loads(dumped)
        rec = {"fixed": fixed, "json": dumped, "loaded": describe(loaded), "redump": ser.dumps(loaded)}
        with app_u.app_context():
            dumped = ser.dumps(v)
            try:
                dumped.encode("utf-8")  # lone surrogates: such a session cannot be saved at all
                loaded = ser.loads(dumped)
                rec.update(json_u=dumped, loaded_u=describe(loaded), redump_u=ser.dumps(loaded))
            except UnicodeEncodeError:
                pass
        out.write(json.dumps(rec) + "\n")
