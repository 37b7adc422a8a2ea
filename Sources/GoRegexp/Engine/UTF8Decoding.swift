/// UTF-8 decoding with Go's rules (`utf8.DecodeRune`): a byte that does not start a valid,
/// complete, shortest-form encoding of a scalar decodes as U+FFFD with width 1, so invalid input
/// is read one byte at a time.
enum UTF8Decoding {
    /// Decodes the rune that starts at `i` (which must be a valid index).
    @inline(__always)
    static func decode<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, at i: Int) -> (rune: Rune, width: Int)
    where Bytes.Index == Int {
        let b0 = bytes[i]
        if b0 < 0x80 {
            return (Rune(b0), 1)
        }
        return Self.decodeMultibyte(bytes, at: i, first: b0)
    }

    @inline(never)
    static func decodeMultibyte<Bytes: RandomAccessCollection<UInt8>>(
        _ bytes: Bytes,
        at i: Int,
        first b0: UInt8
    ) -> (rune: Rune, width: Int) where Bytes.Index == Int {
        let invalid = (replacementRune, 1)
        let available = bytes.endIndex - i
        let width: Int
        var lowest: UInt8 = 0x80
        var highest: UInt8 = 0xBF
        switch b0 {
        case 0xC2...0xDF:
            width = 2
        case 0xE0:
            width = 3
            lowest = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF:
            width = 3
        case 0xED:
            width = 3
            highest = 0x9F
        case 0xF0:
            width = 4
            lowest = 0x90
        case 0xF1...0xF3:
            width = 4
        case 0xF4:
            width = 4
            highest = 0x8F
        default:
            return invalid
        }
        if available < width {
            // Not enough bytes; still, only a valid prefix could have been a rune.
            return invalid
        }
        let b1 = bytes[i + 1]
        if b1 < lowest || b1 > highest {
            return invalid
        }
        if width == 2 {
            return (Rune(b0 & 0x1F) << 6 | Rune(b1 & 0x3F), 2)
        }
        let b2 = bytes[i + 2]
        if b2 < 0x80 || b2 > 0xBF {
            return invalid
        }
        if width == 3 {
            return (Rune(b0 & 0x0F) << 12 | Rune(b1 & 0x3F) << 6 | Rune(b2 & 0x3F), 3)
        }
        let b3 = bytes[i + 3]
        if b3 < 0x80 || b3 > 0xBF {
            return invalid
        }
        return (Rune(b0 & 0x07) << 18 | Rune(b1 & 0x3F) << 12 | Rune(b2 & 0x3F) << 6 | Rune(b3 & 0x3F), 4)
    }

    /// The runes of `bytes`, invalid bytes as U+FFFD.
    static func runes(of bytes: [UInt8]) -> [Rune] {
        var result: [Rune] = []
        result.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let (rune, width) = Self.decode(bytes, at: i)
            result.append(rune)
            i += width
        }
        return result
    }

    /// The number of bytes of the UTF-8 encoding of `r` (Go's `utf8.RuneLen`; U+FFFD counts 3).
    static func encodedLength(_ r: Rune) -> Int {
        switch r {
        case ..<0: return -1
        case ..<0x80: return 1
        case ..<0x800: return 2
        case 0xD800...0xDFFF: return -1
        case ..<0x10000: return 3
        case ...maxRune: return 4
        default: return -1
        }
    }
}
