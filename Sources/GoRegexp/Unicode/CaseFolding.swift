/// Unicode simple case folding, as Go's `unicode.SimpleFold`.
///
/// The fold-equivalence classes ("orbits") come from the C and S mappings of CaseFolding.txt.
enum CaseFolding {
    /// The smallest code point that folds to another (Go's `minFold`).
    static let minFold: Rune = 0x0041
    /// The largest code point that folds to another (Go's `maxFold`).
    static let maxFold: Rune = 0x1E943

    /// Every code point whose fold orbit has more than one member, ascending.
    static let foldingRunes: [Rune] = CaseFolding.table.runes
    private static let foldTargets: [Rune] = CaseFolding.table.targets

    private static let table: (runes: [Rune], targets: [Rune]) = {
        let numbers = HexNumbers.decode(UnicodeTableData.simpleFold)
        var runes: [Rune] = []
        var targets: [Rune] = []
        runes.reserveCapacity(numbers.count / 2)
        targets.reserveCapacity(numbers.count / 2)
        var previous: Rune = 0
        var index = 0
        while index + 1 < numbers.count {
            let rune = previous + numbers[index]
            runes.append(rune)
            targets.append(rune + numbers[index + 1])
            previous = rune
            index += 2
        }
        return (runes, targets)
    }()

    /// The next code point in `r`'s fold orbit: the smallest member greater than `r`, or else the
    /// smallest member. Returns `r` itself when nothing folds to it or when it is not a code point.
    static func simpleFold(_ r: Rune) -> Rune {
        if r < Self.minFold || r > Self.maxFold {
            return r
        }
        if r < 0x80 {
            // ASCII letters fold to each other, except k and s, whose orbits leave ASCII.
            switch r {
            case 0x4B: return 0x6B  // K -> k
            case 0x53: return 0x73  // S -> s
            case 0x6B: return 0x212A  // k -> KELVIN SIGN
            case 0x73: return 0x017F  // s -> LATIN SMALL LETTER LONG S
            case 0x41...0x5A: return r + 0x20
            case 0x61...0x7A: return r - 0x20
            default: return r
            }
        }
        let runes = Self.foldingRunes
        var lo = 0
        var hi = runes.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if runes[mid] < r {
                lo = mid + 1
            } else {
                hi = mid
            }
        }
        if lo < runes.count && runes[lo] == r {
            return Self.foldTargets[lo]
        }
        return r
    }

    /// The smallest code point fold-equivalent to `r` (Go's parser `minFoldRune`).
    static func minFoldRune(_ r: Rune) -> Rune {
        if r < Self.minFold || r > Self.maxFold {
            return r
        }
        var smallest = r
        var f = Self.simpleFold(r)
        while f != r {
            smallest = min(smallest, f)
            f = Self.simpleFold(f)
        }
        return smallest
    }

    /// The index in ``foldingRunes`` of the first element not less than `r`.
    static func firstFoldingIndex(atLeast r: Rune) -> Int {
        let runes = Self.foldingRunes
        var lo = 0
        var hi = runes.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if runes[mid] < r {
                lo = mid + 1
            } else {
                hi = mid
            }
        }
        return lo
    }
}
