/// Go's `path/filepath.Match` on Unix (separator `/`), written from its specification:
///
/// - `*` matches any sequence of non-`/` bytes; `?` matches one non-`/` character;
/// - `[…]` is a class of characters (`^` negates, `lo-hi` ranges), never matching `/`-crossing;
/// - `\c` matches `c` literally;
/// - a malformed pattern is `ErrBadPattern` when Go meets it: the chunk being matched is always
///   parsed to its end, but once a chunk fails without a star to retry, Go 1.23 answers false
///   without looking at the rest of the pattern (`a*\` against `-` is false, not an error).
///
/// Characters are UTF-8 runes as in Go (an invalid byte is one rune).
enum GoFilepathMatch {
    struct BadPattern: Error {}

    static func match(_ pattern: String, _ name: String) throws(BadPattern) -> Bool {
        try Self.match(Array(pattern.utf8)[...], Array(name.utf8)[...])
    }

    private static let slash = UInt8(ascii: "/")

    private static func match(_ fullPattern: ArraySlice<UInt8>, _ fullName: ArraySlice<UInt8>) throws(BadPattern) -> Bool {
        var pattern = fullPattern
        var name = fullName
        patternLoop: while !pattern.isEmpty {
            let (star, chunk, rest) = Self.scanChunk(pattern)
            pattern = rest
            if star && chunk.isEmpty {
                // A trailing star matches the rest of the name unless it holds a separator.
                return !name.contains(Self.slash)
            }
            // Try the chunk at the current position.
            let (remainder, ok) = try Self.matchChunk(chunk, name)
            if ok && (remainder.isEmpty || !pattern.isEmpty) {
                name = remainder
                continue patternLoop
            }
            if star {
                // Try skipping i + 1 bytes; a star cannot skip a separator.
                var i = name.startIndex
                while i < name.endIndex && name[i] != Self.slash {
                    let (remainder, ok) = try Self.matchChunk(chunk, name[(i + 1)...])
                    if ok {
                        // The last chunk must consume the whole name.
                        if pattern.isEmpty && !remainder.isEmpty {
                            i += 1
                            continue
                        }
                        name = remainder
                        continue patternLoop
                    }
                    i += 1
                }
            }
            // Go 1.23 answers false here without looking at the rest of the pattern.
            return false
        }
        return name.isEmpty
    }

    /// The next chunk: optional leading stars, then everything up to the next star outside a class.
    private static func scanChunk(_ input: ArraySlice<UInt8>) -> (star: Bool, chunk: ArraySlice<UInt8>, rest: ArraySlice<UInt8>) {
        var pattern = input
        var star = false
        while pattern.first == UInt8(ascii: "*") {
            pattern = pattern.dropFirst()
            star = true
        }
        var inRange = false
        var i = pattern.startIndex
        scan: while i < pattern.endIndex {
            switch pattern[i] {
            case UInt8(ascii: "\\"):
                // The escape's validity is checked by matchChunk.
                if i + 1 < pattern.endIndex {
                    i += 1
                }
            case UInt8(ascii: "["):
                inRange = true
            case UInt8(ascii: "]"):
                inRange = false
            case UInt8(ascii: "*"):
                if !inRange {
                    break scan
                }
            default:
                break
            }
            i += 1
        }
        return (star, pattern[pattern.startIndex..<i], pattern[i...])
    }

    /// Whether `chunk` (no stars) matches the start of `s`; returns the rest of `s`. Keeps parsing
    /// the chunk after a mismatch so that a malformed chunk is always reported.
    private static func matchChunk(
        _ input: ArraySlice<UInt8>,
        _ subject: ArraySlice<UInt8>
    ) throws(BadPattern) -> (rest: ArraySlice<UInt8>, ok: Bool) {
        var chunk = input
        var s = subject
        var failed = false
        while let c = chunk.first {
            if !failed && s.isEmpty {
                failed = true
            }
            switch c {
            case UInt8(ascii: "["):
                var r: Int32 = 0
                if !failed {
                    let (rune, width) = Self.decodeRune(s)
                    r = rune
                    s = s.dropFirst(width)
                }
                chunk = chunk.dropFirst()
                var negated = false
                if chunk.first == UInt8(ascii: "^") {
                    negated = true
                    chunk = chunk.dropFirst()
                }
                var matched = false
                var ranges = 0
                while true {
                    if chunk.first == UInt8(ascii: "]") && ranges > 0 {
                        chunk = chunk.dropFirst()
                        break
                    }
                    let lo = try Self.escapedRune(&chunk)
                    var hi = lo
                    if chunk.first == UInt8(ascii: "-") {
                        chunk = chunk.dropFirst()
                        hi = try Self.escapedRune(&chunk)
                    }
                    if lo <= r && r <= hi {
                        matched = true
                    }
                    ranges += 1
                }
                if matched == negated {
                    failed = true
                }
            case UInt8(ascii: "?"):
                if !failed {
                    if s.first == Self.slash {
                        failed = true
                    }
                    let (_, width) = Self.decodeRune(s)
                    s = s.dropFirst(width)
                }
                chunk = chunk.dropFirst()
            case UInt8(ascii: "\\"):
                chunk = chunk.dropFirst()
                guard let escaped = chunk.first else {
                    throw BadPattern()
                }
                if !failed {
                    if escaped != s.first {
                        failed = true
                    }
                    s = s.dropFirst()
                }
                chunk = chunk.dropFirst()
            default:
                if !failed {
                    if c != s.first {
                        failed = true
                    }
                    s = s.dropFirst()
                }
                chunk = chunk.dropFirst()
            }
        }
        if failed {
            return ([][...], false)
        }
        return (s, true)
    }

    /// A possibly escaped character of a class; errors where Go's `getEsc` does.
    private static func escapedRune(_ chunk: inout ArraySlice<UInt8>) throws(BadPattern) -> Int32 {
        guard let first = chunk.first, first != UInt8(ascii: "-"), first != UInt8(ascii: "]") else {
            throw BadPattern()
        }
        if first == UInt8(ascii: "\\") {
            chunk = chunk.dropFirst()
            if chunk.isEmpty {
                throw BadPattern()
            }
        }
        let (rune, width) = Self.decodeRune(chunk)
        if rune == 0xFFFD && width == 1 {
            throw BadPattern()
        }
        chunk = chunk.dropFirst(width)
        if chunk.isEmpty {
            throw BadPattern()
        }
        return rune
    }

    /// Go's `utf8.DecodeRune`: (U+FFFD, 1) for an invalid or truncated sequence, (U+FFFD, 0) at the end.
    private static func decodeRune(_ s: ArraySlice<UInt8>) -> (Int32, Int) {
        guard let b0 = s.first else {
            return (0xFFFD, 0)
        }
        if b0 < 0x80 {
            return (Int32(b0), 1)
        }
        let bytes = Array(s.prefix(4))
        var lowest: UInt8 = 0x80
        var highest: UInt8 = 0xBF
        let width: Int
        switch b0 {
        case 0xC2...0xDF: width = 2
        case 0xE0: width = 3; lowest = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: width = 3
        case 0xED: width = 3; highest = 0x9F
        case 0xF0: width = 4; lowest = 0x90
        case 0xF1...0xF3: width = 4
        case 0xF4: width = 4; highest = 0x8F
        default: return (0xFFFD, 1)
        }
        guard bytes.count >= width, bytes[1] >= lowest, bytes[1] <= highest else {
            return (0xFFFD, 1)
        }
        for k in 2..<width where bytes[k] < 0x80 || bytes[k] > 0xBF {
            return (0xFFFD, 1)
        }
        var value = Int32(b0) & (width == 2 ? 0x1F : width == 3 ? 0x0F : 0x07)
        for k in 1..<width {
            value = value << 6 | Int32(bytes[k] & 0x3F)
        }
        return (value, width)
    }
}
