import json, sys
# Compact rows. "=" stands for "same as the input" (or, for familiar forms, "same as the string
# it belongs to"); "E:<code>" is an error.
out = open(sys.argv[2], "w")
for line in open(sys.argv[1]):
    d = json.loads(line)
    s = d["input"]
    if sys.argv[3] == "reference":
        p = d["parse"]
        parse = "E:" + p["error"] if "error" in p else "|".join([p["registry"], p["repository"], p["tag"], p["digest"], "=" if p["familiar"] == s else p["familiar"]])
        n = d["normalized"]
        if "error" in n:
            norm = "E:" + n["error"]; canon = None; pull = None
        else:
            ns = n["string"]
            norm = ("=" if ns == s else ns) + "|" + ("=" if n["familiar"] == ns else n["familiar"])
            c = d["canonical"]; canon = "E:" + c["error"] if "error" in c else "ok"
            pl = d["pull"]["string"]; pull = "=" if pl == ns else pl
        nm = d["name"]
        name = "E:" + nm["error"] if "error" in nm else nm["registry"] + "|" + nm["repository"]
        row = [s, parse, norm, canon, pull, name]
    elif sys.argv[3] == "chart":
        c = d["chart"]
        row = [s, "E:" + c["error"] if "error" in c else "|".join([c["registry"], c["repository"], c["tag"], c["digest"]])]
    else:
        e = d["ecr"]
        row = [s, None if e is None else ("public" if e["public"] else "|".join([e["account"], "fips" if e["fips"] else "", e["region"], e["suffix"]]))]
    out.write(json.dumps(row, ensure_ascii=True, separators=(",", ":")) + "\n")
