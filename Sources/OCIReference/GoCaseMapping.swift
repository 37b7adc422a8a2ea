// Go's `strings.ToLower` as distribution/reference uses it: to decide whether a string "has
// uppercase" (`strings.ToLower(s) != s`) and, for `Parse`'s second chance, to lowercase the
// input. Go maps every scalar with `unicode.ToLower` (simple case mapping, Unicode 15.0.0 in Go
// 1.21 and later); the table of non-ASCII scalars it changes is generated from Go itself.

enum GoCaseMapping {
    /// Whether Go's `unicode.ToLower` changes the scalar.
    static func lowercaseChanges(_ scalar: UInt32) -> Bool {
        if scalar < 0x80 {
            return (scalar &- 0x41) < 26
        }
        var low = 0
        var high = goLowercaseChangingRanges.count
        while low < high {
            let middle = (low + high) / 2
            let range = goLowercaseChangingRanges[middle]
            if scalar < range.first {
                high = middle
            } else if scalar > range.last {
                low = middle + 1
            } else {
                return (scalar - range.first) % range.stride == 0
            }
        }
        return false
    }

    /// Whether `strings.ToLower(s) != s` for the UTF-8 bytes (which come from a Swift `String`
    /// and so are valid UTF-8).
    static func hasUppercase(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                if lead.isASCIIUppercase {
                    return true
                }
                index += 1
                continue
            }
            let (scalar, length) = decodeScalar(bytes, at: index)
            if lowercaseChanges(scalar) {
                return true
            }
            index += length
        }
        return false
    }

    /// `strings.ToLower(s)` when the result is ASCII, `nil` otherwise (a non-ASCII result can
    /// never match the ASCII-only reference grammar, so callers need not see it).
    static func asciiLowercased(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                result.append(lead.asciiLowercased)
                index += 1
                continue
            }
            let (scalar, length) = decodeScalar(bytes, at: index)
            switch scalar {
            case 0x0130: result.append(UInt8(ascii: "i"))  // LATIN CAPITAL LETTER I WITH DOT ABOVE
            case 0x212A: result.append(UInt8(ascii: "k"))  // KELVIN SIGN
            default: return nil
            }
            index += length
        }
        return result
    }

    /// Decodes the scalar starting at `index` of valid UTF-8.
    static func decodeScalar(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (scalar: UInt32, length: Int) {
        let lead = UInt32(bytes[index])
        let count = bytes.count
        func continuation(_ offset: Int) -> UInt32 {
            index + offset < count ? UInt32(bytes[index + offset] & 0x3F) : 0
        }
        if lead < 0xE0 {
            return (((lead & 0x1F) << 6) | continuation(1), 2)
        }
        if lead < 0xF0 {
            return (((lead & 0x0F) << 12) | (continuation(1) << 6) | continuation(2), 3)
        }
        return (((lead & 0x07) << 18) | (continuation(1) << 12) | (continuation(2) << 6) | continuation(3), 4)
    }
}
