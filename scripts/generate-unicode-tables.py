#!/usr/bin/env python3
"""Generates Sources/GoRegexp/Unicode/UnicodeTables.swift from the Unicode Character Database.

Usage:
    scripts/generate-unicode-tables.py [UCD_DIR] [OUTPUT]

UCD_DIR defaults to /usr/share/unicode (Debian's `unicode-data` package; bookworm ships 15.0.0,
the version Go 1.21+ uses). OUTPUT defaults to Sources/GoRegexp/Unicode/UnicodeTables.swift.
With `--dump`, it prints the tables as text instead (the format scripts/go-oracle/dump-unicode.go
prints for Go's own tables, so the two can be compared with `diff`).

What it computes, as Go's `unicode` package defines it:
  * general categories: every two-letter category that occurs in UnicodeData.txt except Cn, plus
    the one-letter groups (C is Cc|Cf|Co|Cs; unassigned code points are in no table);
  * scripts: every script named in Scripts.txt;
  * simple case folding: the equivalence classes of the C and S mappings of CaseFolding.txt;
    SimpleFold(r) is the smallest member greater than r, or else the smallest member;
  * fold tables (Go's FoldCategory / FoldScript): the code points outside a table that are
    fold-equivalent to a code point in it, for the tables where that set is not empty.

The Swift file stores every table as sorted, merged, inclusive ranges, delta-encoded in a string
literal (hexadecimal numbers), decoded once at run time. That keeps the generated source small
and fast to compile.
"""

import os
import re
import sys

MAX_RUNE = 0x10FFFF


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                yield line


def check_version(ucd, name):
    with open(os.path.join(ucd, name), encoding="utf-8") as f:
        first = f.readline()
    m = re.search(r"-(\d+\.\d+\.\d+)\.txt", first)
    return m.group(1) if m else None


def general_categories(ucd):
    cats = {}
    first = None
    for line in read_lines(os.path.join(ucd, "UnicodeData.txt")):
        fields = line.split(";")
        cp = int(fields[0], 16)
        name, gc = fields[1], fields[2]
        if name.endswith(", First>"):
            first = cp
            continue
        if name.endswith(", Last>"):
            cats.setdefault(gc, []).append((first, cp))
            first = None
            continue
        cats.setdefault(gc, []).append((cp, cp))
    cats.pop("Cn", None)
    result = {k: merge(v) for k, v in cats.items()}
    groups = {}
    for k, v in result.items():
        groups.setdefault(k[0], []).extend(v)
    for k, v in groups.items():
        result[k] = merge(v)
    return result


def scripts(ucd):
    table = {}
    for line in read_lines(os.path.join(ucd, "Scripts.txt")):
        rng, name = [x.strip() for x in line.split(";")]
        if ".." in rng:
            lo, hi = [int(x, 16) for x in rng.split("..")]
        else:
            lo = hi = int(rng, 16)
        table.setdefault(name, []).append((lo, hi))
    return {k: merge(v) for k, v in table.items()}


def fold_orbits(ucd):
    classes = {}
    for line in read_lines(os.path.join(ucd, "CaseFolding.txt")):
        code, status, mapping = [x.strip() for x in line.split(";")[:3]]
        if status not in ("C", "S"):
            continue
        src, dst = int(code, 16), int(mapping, 16)
        classes.setdefault(dst, {dst}).add(src)
    orbit = {}
    for members in classes.values():
        ordered = sorted(members)
        for i, r in enumerate(ordered):
            orbit[r] = ordered
    simple = {}
    for r, ordered in orbit.items():
        bigger = [x for x in ordered if x > r]
        simple[r] = bigger[0] if bigger else ordered[0]
    return orbit, simple


def merge(ranges):
    out = []
    for lo, hi in sorted(ranges):
        if out and lo <= out[-1][1] + 1:
            if hi > out[-1][1]:
                out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


def fold_additions(ranges, orbit):
    inside = set()
    for lo, hi in ranges:
        for r in range(lo, hi + 1):
            if r in orbit:
                inside.add(r)
    extra = []
    for r in inside:
        for f in orbit[r]:
            if not contains(ranges, f):
                extra.append((f, f))
    return merge(extra)


def contains(ranges, r):
    lo, hi = 0, len(ranges)
    while lo < hi:
        m = (lo + hi) // 2
        if ranges[m][1] < r:
            lo = m + 1
        elif ranges[m][0] > r:
            hi = m
        else:
            return True
    return False


def encode_ranges(ranges):
    # Each range as "gap length" in hex, where gap = lo - previous hi, length = hi - lo.
    parts = []
    prev = 0
    for lo, hi in ranges:
        parts.append("%x %x" % (lo - prev, hi - lo))
        prev = hi
    return " ".join(parts)


def encode_fold(simple):
    parts = []
    prev = 0
    for r in sorted(simple):
        delta = simple[r] - r
        parts.append("%x %s%x" % (r - prev, "-" if delta < 0 else "", abs(delta)))
        prev = r
    return " ".join(parts)


def swift_string(s, indent):
    # Split long strings over several lines of a multi-line literal.
    words = s.split(" ")
    lines, line = [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > 96:
            lines.append(line + " \\")
            line = w
        else:
            line = w if not line else line + " " + w
    lines.append(line)
    pad = " " * indent
    return '"""\n' + "\n".join(pad + l for l in lines) + "\n" + pad + '"""'


def dump(cats, scr, fold_cat, fold_scr, simple):
    out = []
    for title, table in (("category", cats), ("script", scr), ("foldcategory", fold_cat), ("foldscript", fold_scr)):
        for name in sorted(table):
            out.append("%s %s %s" % (title, name, " ".join("%x-%x" % r for r in table[name])))
    out.append("simplefold " + " ".join("%x:%x" % (r, simple[r]) for r in sorted(simple)))
    return "\n".join(out) + "\n"


def swift_file(version, cats, scr, fold_cat, fold_scr, simple):
    def table_literal(table):
        entries = []
        for name in sorted(table):
            entries.append('        "%s": %s,' % (name, swift_string(encode_ranges(table[name]), 12)))
        return "[\n" + "\n".join(entries) + "\n    ]"

    return """// GENERATED FILE - DO NOT EDIT.
// Generated by scripts/generate-unicode-tables.py from the Unicode Character Database %(version)s
// (UnicodeData.txt, Scripts.txt, CaseFolding.txt as shipped by Debian's unicode-data package).
//
// Every table is a list of sorted, merged, inclusive code point ranges, delta-encoded as
// hexadecimal "gap length" pairs (gap = lo - previous hi, length = hi - lo). `UnicodeTables`
// decodes them once, on first use.

enum UnicodeTableData {
    /// The Unicode version the tables were generated from.
    static let version = "%(version)s"

    /// General categories (two-letter and one-letter groups), as Go's `unicode.Categories`.
    static let categories: [String: String] = %(cats)s

    /// Scripts, as Go's `unicode.Scripts`.
    static let scripts: [String: String] = %(scr)s

    /// Code points outside a category that fold to a code point inside it (Go's `unicode.FoldCategory`).
    static let foldCategories: [String: String] = %(fold_cat)s

    /// Code points outside a script that fold to a code point inside it (Go's `unicode.FoldScript`).
    static let foldScripts: [String: String] = %(fold_scr)s

    /// Simple case folding as Go's `unicode.SimpleFold`: hexadecimal pairs "gap delta" where the
    /// rune is the previous rune plus gap and its SimpleFold is the rune plus delta (signed).
    static let simpleFold = %(simple)s
}
""" % {
        "version": version,
        "cats": table_literal(cats),
        "scr": table_literal(scr),
        "fold_cat": table_literal(fold_cat),
        "fold_scr": table_literal(fold_scr),
        "simple": swift_string(encode_fold(simple), 8),
    }


def main(argv):
    dump_mode = "--dump" in argv
    args = [a for a in argv[1:] if a != "--dump"]
    ucd = args[0] if args else "/usr/share/unicode"
    here = os.path.dirname(os.path.abspath(__file__))
    output = args[1] if len(args) > 1 else os.path.join(here, "..", "Sources", "GoRegexp", "Unicode", "UnicodeTables.swift")

    versions = {check_version(ucd, n) for n in ("Scripts.txt", "CaseFolding.txt")}
    if versions != {"15.0.0"}:
        sys.exit("expected Unicode 15.0.0 data files, found %s" % versions)
    version = "15.0.0"

    cats = general_categories(ucd)
    scr = scripts(ucd)
    orbit, simple = fold_orbits(ucd)
    fold_cat = {k: v for k, v in ((k, fold_additions(t, orbit)) for k, t in cats.items()) if v}
    fold_scr = {k: v for k, v in ((k, fold_additions(t, orbit)) for k, t in scr.items()) if v}

    if dump_mode:
        sys.stdout.write(dump(cats, scr, fold_cat, fold_scr, simple))
        return
    with open(output, "w", encoding="utf-8") as f:
        f.write(swift_file(version, cats, scr, fold_cat, fold_scr, simple))


if __name__ == "__main__":
    main(sys.argv)
