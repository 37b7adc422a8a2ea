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

    /// Writes the digest as 64 lowercase hexadecimal digits into `out`, which has room for them.
    func writeHex(into out: UnsafeMutableBufferPointer<UInt8>) {
        self.withUnsafeBytes { bytes in
            var index = 0
            for byte in bytes {
                out[index] = Hex.lowercaseDigit(byte >> 4)
                out[index &+ 1] = Hex.lowercaseDigit(byte & 0x0F)
                index &+= 2
            }
        }
    }

    /// Appends the digest as 64 lowercase hexadecimal digits.
    func appendHex(to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { hex in
            self.writeHex(into: hex)
            out.append(contentsOf: UnsafeBufferPointer(hex))
        }
    }

    /// The digest as 64 lowercase hexadecimal digits.
    var hexString: String {
        String(unsafeUninitializedCapacity: 64) { buffer in
            self.writeHex(into: buffer)
            return 64
        }
    }
}

/// Hexadecimal digits and their values.
enum Hex {
    /// The lowercase hexadecimal digit for a value 0…15.
    @inline(__always)
    static func lowercaseDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") &+ value : UInt8(ascii: "a") &- 10 &+ value
    }

    /// The uppercase hexadecimal digit for a value 0…15 (percent-encoding uses uppercase).
    @inline(__always)
    static func uppercaseDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") &+ value : UInt8(ascii: "A") &- 10 &+ value
    }

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
