// Byte classes of the reference grammars, on UTF-8 code units. Every class is ASCII-only, so a
// byte of a multi-byte scalar never belongs to one.

extension UInt8 {
    @inline(__always) var isLowerAlphanumeric: Bool {
        (self &- 0x61) < 26 || (self &- 0x30) < 10  // a-z 0-9
    }

    @inline(__always) var isASCIIDigit: Bool {
        (self &- 0x30) < 10
    }

    @inline(__always) var isASCIILetter: Bool {
        ((self | 0x20) &- 0x61) < 26
    }

    @inline(__always) var isASCIIAlphanumeric: Bool {
        self.isASCIILetter || self.isASCIIDigit
    }

    @inline(__always) var isASCIIUppercase: Bool {
        (self &- 0x41) < 26
    }

    /// `[0-9a-fA-F]`
    @inline(__always) var isHexDigit: Bool {
        self.isASCIIDigit || ((self | 0x20) &- 0x61) < 6
    }

    /// `[0-9a-f]`
    @inline(__always) var isLowerHexDigit: Bool {
        self.isASCIIDigit || (self &- 0x61) < 6
    }

    /// Go's `\w`: `[0-9A-Za-z_]`.
    @inline(__always) var isWordCharacter: Bool {
        self.isASCIIAlphanumeric || self == UInt8(ascii: "_")
    }

    /// Characters of a domain name: `[A-Za-z0-9.-]`.
    @inline(__always) var isDomainCharacter: Bool {
        self.isIn(low: 0x03FF_6000_0000_0000, high: 0x07FF_FFFE_07FF_FFFE)
    }

    /// Characters of a tag after the first: `[\w.-]`.
    @inline(__always) var isTagCharacter: Bool {
        self.isIn(low: 0x03FF_6000_0000_0000, high: 0x07FF_FFFE_87FF_FFFE)
    }

    /// Whether the byte is in the ASCII set given as a 128-bit mask (`low` for 0–63, `high` for
    /// 64–127); bytes from 128 up never are.
    @inline(__always) func isIn(low: UInt64, high: UInt64) -> Bool {
        self < 64 ? (low >> self) & 1 == 1 : self < 128 && (high >> (self &- 64)) & 1 == 1
    }

    /// The ASCII lowercase of the byte.
    @inline(__always) var asciiLowercased: UInt8 {
        self.isASCIIUppercase ? self | 0x20 : self
    }
}

/// A short, printable rendering of the byte at `offset` (or of the end of input) for error
/// messages. Never echoes more than one character of the input.
func describeByte(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> String {
    guard offset < bytes.count else {
        return "end of input"
    }
    let byte = bytes[offset]
    if byte >= 0x21 && byte < 0x7F {
        return "'\(Character(Unicode.Scalar(byte)))'"
    }
    let hex = String(byte, radix: 16, uppercase: true)
    return "byte 0x\(hex.count == 1 ? "0" + hex : hex)"
}
