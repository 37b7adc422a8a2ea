/// Go's double-quoted string literals (`strconv.Unquote` of `"..."`), which the Go test data uses.
/// The result is bytes, since `\x` and octal escapes may produce invalid UTF-8.
enum GoQuoted {
    /// The bytes of the Go string literal `text` (with its quotes), or nil when it is malformed.
    static func unquote(_ text: String) -> [UInt8]? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 2, bytes.first == UInt8(ascii: "\""), bytes.last == UInt8(ascii: "\"") else {
            return nil
        }
        var out: [UInt8] = []
        var i = 1
        let end = bytes.count - 1
        while i < end {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                return nil
            }
            if c != UInt8(ascii: "\\") {
                out.append(c)
                i += 1
                continue
            }
            i += 1
            guard i < end else { return nil }
            let e = bytes[i]
            i += 1
            switch e {
            case UInt8(ascii: "a"): out.append(0x07)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "v"): out.append(0x0B)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "x"):
                guard let v = Self.number(bytes, &i, end, digits: 2, radix: 16) else { return nil }
                out.append(UInt8(v))
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                i -= 1
                guard let v = Self.number(bytes, &i, end, digits: 3, radix: 8), v <= 255 else { return nil }
                out.append(UInt8(v))
            case UInt8(ascii: "u"), UInt8(ascii: "U"):
                let digits = e == UInt8(ascii: "u") ? 4 : 8
                guard let v = Self.number(bytes, &i, end, digits: digits, radix: 16),
                    let scalar = Unicode.Scalar(v)
                else { return nil }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            default:
                return nil
            }
        }
        return out
    }

    private static func number(_ bytes: [UInt8], _ i: inout Int, _ end: Int, digits: Int, radix: UInt32) -> UInt32? {
        guard i + digits <= end else { return nil }
        var value: UInt32 = 0
        for _ in 0..<digits {
            guard let d = Self.digit(bytes[i]), d < radix else { return nil }
            value = value * radix + d
            i += 1
        }
        return value
    }

    private static func digit(_ c: UInt8) -> UInt32? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(c - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(c - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(c - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    /// A readable rendering of bytes for failure messages (Go-like quoting).
    static func quote(_ bytes: [UInt8]) -> String {
        var text = "\""
        for b in bytes {
            switch b {
            case 0x0A: text += "\\n"
            case 0x09: text += "\\t"
            case 0x22: text += "\\\""
            case 0x5C: text += "\\\\"
            case 0x20..<0x7F: text.unicodeScalars.append(Unicode.Scalar(b))
            default: text += "\\x" + (b < 16 ? "0" : "") + String(b, radix: 16)
            }
        }
        return text + "\""
    }
}

/// Test input bytes, written as a string literal, an array of bytes, or a mix.
struct Bytes: ExpressibleByStringLiteral, ExpressibleByArrayLiteral, Sendable {
    var value: [UInt8]

    init(stringLiteral text: String) {
        self.value = Array(text.utf8)
    }

    init(arrayLiteral bytes: UInt8...) {
        self.value = bytes
    }

    /// Text pieces and single bytes, in order.
    init(_ parts: any Sendable...) {
        self.value = []
        for part in parts {
            if let text = part as? String {
                self.value += Array(text.utf8)
            } else if let byte = part as? Int {
                self.value.append(UInt8(byte))
            }
        }
    }
}
