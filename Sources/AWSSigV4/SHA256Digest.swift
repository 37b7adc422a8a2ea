/// A 32-byte SHA-256 (or HMAC-SHA256) result, stored inline without a heap allocation.
struct SHA256Digest: Hashable, Sendable {
    private var word0: UInt64 = 0
    private var word1: UInt64 = 0
    private var word2: UInt64 = 0
    private var word3: UInt64 = 0

    /// Calls `body` with the digest's 32 bytes.
    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        var copy = self
        return try Swift.withUnsafeBytes(of: &copy) { try body($0) }
    }

    /// Calls `body` with the digest's 32 bytes, writable.
    mutating func withUnsafeMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        try Swift.withUnsafeMutableBytes(of: &self) { try body($0) }
    }

    /// Appends the digest as 64 lowercase hexadecimal digits.
    func appendHex(to out: inout [UInt8]) {
        self.withUnsafeBytes { bytes in
            for byte in bytes {
                out.append(Hex.lowercaseDigits[Int(byte >> 4)])
                out.append(Hex.lowercaseDigits[Int(byte & 0x0F)])
            }
        }
    }

    /// The digest as 64 lowercase hexadecimal digits.
    var hexString: String {
        String(unsafeUninitializedCapacity: 64) { buffer in
            self.withUnsafeBytes { bytes in
                var index = 0
                for byte in bytes {
                    buffer[index] = Hex.lowercaseDigits[Int(byte >> 4)]
                    buffer[index + 1] = Hex.lowercaseDigits[Int(byte & 0x0F)]
                    index += 2
                }
            }
            return 64
        }
    }
}

/// Hexadecimal digits and their values.
enum Hex {
    /// `0123456789abcdef` as bytes.
    static let lowercaseDigits: [UInt8] = Array("0123456789abcdef".utf8)
    /// `0123456789ABCDEF` as bytes (percent-encoding uses uppercase).
    static let uppercaseDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// The value of an ASCII hexadecimal digit, or `nil` for any other byte.
    @inline(__always)
    static func value(of byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte &- UInt8(ascii: "a") &+ 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte &- UInt8(ascii: "A") &+ 10
        default: return nil
        }
    }
}
