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
        self.isASCIIAlphanumeric || self == UInt8(ascii: ".") || self == UInt8(ascii: "-")
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
