/// Percent-encoding as SigV4 defines it: RFC 3986, everything but the unreserved characters
/// `A–Z a–z 0–9 - . _ ~` encoded as `%XX` with uppercase hexadecimal digits.
enum PercentEncoding {
    /// Whether `byte` is an RFC 3986 unreserved character.
    @inline(__always)
    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "_"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// Appends `%XX` for `byte`.
    @inline(__always)
    static func appendEscape(_ byte: UInt8, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "%"))
        out.append(Hex.uppercaseDigit(byte >> 4))
        out.append(Hex.uppercaseDigit(byte & 0x0F))
    }

    /// Appends `bytes` encoded: unreserved characters (and `/` when `keepingSlash`) as they are,
    /// every other byte, including `%`, as `%XX`.
    static func appendEncoding<Bytes: Sequence<UInt8>>(_ bytes: Bytes, keepingSlash: Bool, to out: inout [UInt8]) {
        for byte in bytes {
            if isUnreserved(byte) || (keepingSlash && byte == UInt8(ascii: "/")) {
                out.append(byte)
            } else {
                appendEscape(byte, to: &out)
            }
        }
    }

    /// Appends `bytes` decoded and encoded again in canonical form.
    ///
    /// Each valid `%XX` escape is decoded to its byte and that byte re-encoded, so `%7e` becomes
    /// `~` and `%2f` becomes `%2F`; raw bytes are encoded as by ``appendEncoding(_:keepingSlash:to:)``.
    /// A raw `/` stays when `keepingSlash`, while an escaped one (`%2F`) stays escaped, so path
    /// segments keep their meaning.
    ///
    /// - Returns: The offset (within `bytes`) of the first `%` that is not followed by two
    ///   hexadecimal digits, or `nil` when all escapes were valid. On failure `out` may hold a
    ///   partial result; callers discard it.
    static func appendReencoding(_ bytes: UnsafeBufferPointer<UInt8>, keepingSlash: Bool, to out: inout [UInt8]) -> Int? {
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < count, let high = Hex.value(of: bytes[index + 1]), let low = Hex.value(of: bytes[index + 2])
                else {
                    return index
                }
                let decoded = high << 4 | low
                if isUnreserved(decoded) {
                    out.append(decoded)
                } else {
                    appendEscape(decoded, to: &out)
                }
                index += 3
            } else {
                if isUnreserved(byte) || (keepingSlash && byte == UInt8(ascii: "/")) {
                    out.append(byte)
                } else {
                    appendEscape(byte, to: &out)
                }
                index += 1
            }
        }
        return nil
    }

    /// The offset of the first `%` in `bytes` that is not followed by two hexadecimal digits, or
    /// `nil` when every escape is well formed.
    static func firstInvalidEscape(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        let count = bytes.count
        while index < count {
            if bytes[index] == UInt8(ascii: "%") {
                guard index + 2 < count, Hex.value(of: bytes[index + 1]) != nil, Hex.value(of: bytes[index + 2]) != nil
                else {
                    return index
                }
                index += 3
            } else {
                index += 1
            }
        }
        return nil
    }
}
