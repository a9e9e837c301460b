# Run by interop_test.go: random sessions saved by the real Flask.
# argv: secret, count per seed, seeds...
import datetime, json, random, sys, uuid
from flask import Flask
from markupsafe import Markup

secret, count, seeds = sys.argv[1], int(sys.argv[2]), [int(a) for a in sys.argv[3:]]
rng = None
POOL = ["a", "user_id", " t", " di", "\u00e9", "\U0001F600", "\n", '"', "\\", "\u2028", "\x7f", "<b>&", "x" * 30, ""]

def rstr():
    return "".join(rng.choice(POOL) for _ in range(rng.randint(0, 4)))

def value(depth):
    kinds = ["none", "bool", "int", "bigint", "float", "str", "bytes", "markup", "uuid", "datetime"]
    if depth < 3:
        kinds += ["list", "tuple", "dict"] * 2
    k = rng.choice(kinds)
    if k == "none": return None
    if k == "bool": return rng.random() < 0.5
    if k == "int": return rng.randint(-10**6, 10**6)
    if k == "bigint": return rng.choice([-1, 1]) * rng.randint(2**63, 2**90)
    if k == "float": return rng.choice([0.0, -0.0, 1.0, 1e16, 1e-05, 2.5e-07, float("inf"), rng.uniform(-1e6, 1e6)])
    if k == "str": return rstr()
    if k == "bytes": return bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 12)))
    if k == "markup": return Markup("<em>%s</em>") % rstr()
    if k == "uuid": return uuid.UUID(int=rng.getrandbits(128))
    if k == "datetime": return datetime.datetime.fromtimestamp(rng.randint(0, 4 * 10**9), datetime.timezone.utc)
    if k == "list": return [value(depth + 1) for _ in range(rng.randint(0, 3))]
    if k == "tuple": return tuple(value(depth + 1) for _ in range(rng.randint(0, 3)))
    return {rstr(): value(depth + 1) for _ in range(rng.randint(0, 3))}

app = Flask(__name__)
app.secret_key = secret
with app.app_context():
    si = app.session_interface
    ser = si.get_signing_serializer(app)
    for n in range(count * len(seeds)):
        i = n % count
        if i == 0:
            rng = random.Random(seeds[n // count])
        sess = {rstr() or "k": value(0) for _ in range(rng.randint(1, 6))}
        if i % 5 == 0:
            sess = {" t": value(1)}  # needs the " di" escape at the top level
        if i == 1:
            sess["filler"] = "ab" * 400  # compressed, whatever the random values
        elif i % 4 == 0:
            sess["filler"] = "ab" * rng.randint(20, 200)  # compressed cookie
        loose = json.dumps(si.serializer.tag(sess), ensure_ascii=False, indent=1)
        print(json.dumps({"cookie": ser.dumps(sess), "json": si.serializer.dumps(sess), "loose": loose}))
