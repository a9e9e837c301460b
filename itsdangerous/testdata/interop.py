# Run by interop_test.go: signs and verifies the cases on stdin with the real
# itsdangerous.
import sys, json, hashlib
import itsdangerous as I
from itsdangerous import Signer, TimestampSigner, URLSafeTimedSerializer, Serializer
from itsdangerous.url_safe import URLSafeSerializerMixin

def clocked(now):
    class TS(TimestampSigner):
        def get_timestamp(self):
            return now
    return TS

def outcome(fn):
    try:
        return {"ok": fn()}
    except I.BadData as e:
        p = getattr(e, "payload", None)
        d = getattr(e, "date_signed", None)
        return {"err": {"class": type(e).__name__, "message": str(e),
                        "payload": None if p is None else p.hex(),
                        "date": None if d is None else int(d.timestamp())}}
    except Exception as e:
        return {"err": {"class": "other:" + type(e).__name__, "message": str(e)}}

def canonical(obj):
    return json.dumps(obj, sort_keys=True)

out = []
for c in json.load(sys.stdin)["cases"]:
    keys = [bytes.fromhex(k) for k in c["keys"]]
    kw = dict(sep=bytes.fromhex(c["sep"]), key_derivation=c["derivation"],
              digest_method=getattr(hashlib, c["digest"]))
    salt = bytes.fromhex(c["salt"])
    max_age = c.get("max_age")
    kind = c["kind"]
    if kind == "signer":
        sign = lambda now: Signer(keys, salt=salt, **kw)
        verify = lambda tok: Signer(keys, salt=salt, **kw).unsign(tok).hex()
        value = bytes.fromhex(c["value"])
    elif kind == "timestamp":
        sign = lambda now: clocked(now)(keys, salt=salt, **kw)
        def verify(tok):
            v, t = clocked(c["now_verify"])(keys, salt=salt, **kw).unsign(tok, max_age=max_age, return_timestamp=True)
            return [v.hex(), int(t.timestamp())]
        value = bytes.fromhex(c["value"])
    elif kind == "plain":
        sign = lambda now: Serializer(keys, salt=salt, signer_kwargs=kw)
        verify = lambda tok: canonical(Serializer(keys, salt=salt, signer_kwargs=kw).loads(tok))
        value = json.loads(c["json"])
    else:
        sign = lambda now: URLSafeTimedSerializer(keys, salt=salt, signer=clocked(now), signer_kwargs=kw)
        def verify(tok):
            s = URLSafeTimedSerializer(keys, salt=salt, signer=clocked(c["now_verify"]), signer_kwargs=kw)
            obj, t = s.loads(tok, max_age=max_age, return_timestamp=True)
            return [canonical(obj), int(t.timestamp())]
        value = json.loads(c["json"])
    r = {}
    if kind == "plain":
        r["sign"] = sign(c["now_sign"]).dumps(value)
        r["json"] = json.dumps(value)
    elif kind == "serializer":
        s = sign(c["now_sign"])
        r["sign"] = s.dumps(value)
        r["json"] = URLSafeSerializerMixin.default_serializer.dumps(value)
    else:
        r["sign"] = sign(c["now_sign"]).sign(value).decode("latin-1")
        r["sign_hex"] = sign(c["now_sign"]).sign(value).hex()
    for field in ("token", "mutated"):
        if c.get(field) is not None:
            r[field] = outcome(lambda: verify(bytes.fromhex(c[field])))
    out.append(r)
json.dump(out, sys.stdout)
