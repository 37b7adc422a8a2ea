/// Operations on character classes stored as range lists `[lo0, hi0, lo1, hi1, ...]`.
///
/// A class is *clean* when its ranges are sorted, disjoint and not adjacent. The `append`
/// operations may leave a class unclean; ``clean(_:)`` restores the invariant.
enum CharClass {
    /// Appends the range `lo...hi`, extending one of the last two ranges when it overlaps or abuts.
    static func appendRange(_ r: inout [Rune], _ lo: Rune, _ hi: Rune) {
        let n = r.count
        // Looking at two ranges keeps interleaved appends such as A-Z and a-z compact.
        var i = 2
        while i <= 4 {
            if n >= i {
                let rlo = r[n - i]
                let rhi = r[n - i + 1]
                if lo <= rhi + 1 && rlo <= hi + 1 {
                    if lo < rlo {
                        r[n - i] = lo
                    }
                    if hi > rhi {
                        r[n - i + 1] = hi
                    }
                    return
                }
            }
            i += 2
        }
        r.append(lo)
        r.append(hi)
    }

    /// Appends the range `lo...hi` and every code point fold-equivalent to one in it.
    static func appendFoldedRange(_ r: inout [Rune], _ lo: Rune, _ hi: Rune) {
        Self.appendRange(&r, lo, hi)
        if hi < CaseFolding.minFold || lo > CaseFolding.maxFold {
            return
        }
        if lo <= CaseFolding.minFold && hi >= CaseFolding.maxFold {
            // Every folding code point is already inside.
            return
        }
        // Only code points with a non-trivial orbit add anything; visit those in the range.
        let folding = CaseFolding.foldingRunes
        var index = CaseFolding.firstFoldingIndex(atLeast: lo)
        while index < folding.count && folding[index] <= hi {
            let c = folding[index]
            var f = CaseFolding.simpleFold(c)
            while f != c {
                if f < lo || f > hi {
                    Self.appendRange(&r, f, f)
                }
                f = CaseFolding.simpleFold(f)
            }
            index += 1
        }
    }

    /// Appends the literal `x`, with its fold orbit when `flags` has `foldCase`.
    static func appendLiteral(_ r: inout [Rune], _ x: Rune, flags: ParseFlags) {
        if flags.contains(.foldCase) {
            Self.appendFoldedRange(&r, x, x)
        } else {
            Self.appendRange(&r, x, x)
        }
    }

    /// Appends the ranges of `x`.
    static func appendClass(_ r: inout [Rune], _ x: [Rune]) {
        var i = 0
        while i + 1 < x.count {
            Self.appendRange(&r, x[i], x[i + 1])
            i += 2
        }
    }

    /// Appends the ranges of `x` with their fold orbits.
    static func appendFoldedClass(_ r: inout [Rune], _ x: [Rune]) {
        var i = 0
        while i + 1 < x.count {
            Self.appendFoldedRange(&r, x[i], x[i + 1])
            i += 2
        }
    }

    /// Appends the complement of the clean class `x`.
    static func appendNegatedClass(_ r: inout [Rune], _ x: [Rune]) {
        var nextLo: Rune = 0
        var i = 0
        while i + 1 < x.count {
            let lo = x[i]
            let hi = x[i + 1]
            if nextLo <= lo - 1 {
                Self.appendRange(&r, nextLo, lo - 1)
            }
            nextLo = hi + 1
            i += 2
        }
        if nextLo <= maxRune {
            Self.appendRange(&r, nextLo, maxRune)
        }
    }

    /// Sorts the ranges and merges overlapping and abutting ones.
    static func clean(_ r: inout [Rune]) {
        let count = r.count / 2
        if count < 2 {
            return
        }
        var pairs: [(Rune, Rune)] = []
        pairs.reserveCapacity(count)
        var i = 0
        while i + 1 < r.count {
            pairs.append((r[i], r[i + 1]))
            i += 2
        }
        pairs.sort { a, b in a.0 < b.0 || (a.0 == b.0 && a.1 > b.1) }
        var out: [Rune] = []
        out.reserveCapacity(r.count)
        for (lo, hi) in pairs {
            if let last = out.last, lo <= last + 1 {
                if hi > last {
                    out[out.count - 1] = hi
                }
            } else {
                out.append(lo)
                out.append(hi)
            }
        }
        r = out
    }

    /// The complement of the clean class `r`.
    static func negate(_ r: [Rune]) -> [Rune] {
        var out: [Rune] = []
        out.reserveCapacity(r.count + 2)
        Self.appendNegatedClass(&out, r)
        return out
    }

    /// Whether the clean class `r` contains `c`.
    static func contains(_ r: [Rune], _ c: Rune) -> Bool {
        var lo = 0
        var hi = r.count / 2
        while lo < hi {
            let mid = (lo + hi) >> 1
            if r[2 * mid + 1] < c {
                lo = mid + 1
            } else if r[2 * mid] > c {
                hi = mid
            } else {
                return true
            }
        }
        return false
    }
}

/// The Perl (`\d \s \w`) and POSIX (`[:alpha:]`) classes, as Go's `syntax` package defines them (ASCII only).
enum NamedClasses {
    /// A class and whether it is negated.
    struct Group {
        var negated: Bool
        var ranges: [Rune]
    }

    private static let digit: [Rune] = [0x30, 0x39]
    private static let space: [Rune] = [0x09, 0x0A, 0x0C, 0x0D, 0x20, 0x20]
    private static let word: [Rune] = [0x30, 0x39, 0x41, 0x5A, 0x5F, 0x5F, 0x61, 0x7A]

    /// `\d \D \s \S \w \W`, keyed by the letter after the backslash.
    static func perl(_ letter: UInt8) -> Group? {
        switch letter {
        case UInt8(ascii: "d"): return Group(negated: false, ranges: Self.digit)
        case UInt8(ascii: "D"): return Group(negated: true, ranges: Self.digit)
        case UInt8(ascii: "s"): return Group(negated: false, ranges: Self.space)
        case UInt8(ascii: "S"): return Group(negated: true, ranges: Self.space)
        case UInt8(ascii: "w"): return Group(negated: false, ranges: Self.word)
        case UInt8(ascii: "W"): return Group(negated: true, ranges: Self.word)
        default: return nil
        }
    }

    private static let posixClasses: [String: [Rune]] = [
        "alnum": [0x30, 0x39, 0x41, 0x5A, 0x61, 0x7A],
        "alpha": [0x41, 0x5A, 0x61, 0x7A],
        "ascii": [0x00, 0x7F],
        "blank": [0x09, 0x09, 0x20, 0x20],
        "cntrl": [0x00, 0x1F, 0x7F, 0x7F],
        "digit": [0x30, 0x39],
        "graph": [0x21, 0x7E],
        "lower": [0x61, 0x7A],
        "print": [0x20, 0x7E],
        "punct": [0x21, 0x2F, 0x3A, 0x40, 0x5B, 0x60, 0x7B, 0x7E],
        "space": [0x09, 0x0D, 0x20, 0x20],
        "upper": [0x41, 0x5A],
        "word": [0x30, 0x39, 0x41, 0x5A, 0x5F, 0x5F, 0x61, 0x7A],
        "xdigit": [0x30, 0x39, 0x41, 0x46, 0x61, 0x66],
    ]

    /// `[:name:]` and `[:^name:]`, given the full text between the brackets, colons included.
    static func posix(_ text: String) -> Group? {
        guard text.hasPrefix("[:"), text.hasSuffix(":]"), text.utf8.count >= 4 else { return nil }
        var name = String(text.dropFirst(2).dropLast(2))
        var negated = false
        if name.hasPrefix("^") {
            negated = true
            name.removeFirst()
        }
        guard let ranges = Self.posixClasses[name] else { return nil }
        return Group(negated: negated, ranges: ranges)
    }
}
