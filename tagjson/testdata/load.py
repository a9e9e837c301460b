# Appended to describe.py by interop_test.go: loads each base64 line of
# stdin with Flask's TaggedJSONSerializer and describes the result.
for line in sys.stdin:
    ctx = app_u.app_context() if line.startswith("U:") else app.app_context()
    with ctx:
        data = base64.b64decode(line.removeprefix("U:"))
        try:
            loaded = ser.loads(data.decode("utf-8"))
        except Exception as e:
            out.write(json.dumps({"error": type(e).__name__ + ": " + str(e)}) + "\n")
            continue
        res = {"loaded": describe(loaded)}
        try:
            res["redump"] = ser.dumps(loaded)
        except Exception as e:
            res["redump_error"] = type(e).__name__ + ": " + str(e)
        out.write(json.dumps(res) + "\n")
