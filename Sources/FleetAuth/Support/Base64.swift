/// Standard base64 (RFC 4648 §4, with padding), as Go's `encoding/base64.StdEncoding` reads and
/// writes it: the decoder skips `\r` and `\n`, requires padding and ignores unused trailing bits.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    private static let values: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (index, byte) in alphabet.enumerated() {
            table[Int(byte)] = Int8(index)
        }
        return table
    }()

    static func encode(_ bytes: some Collection<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var iterator = bytes.makeIterator()
        while let b0 = iterator.next() {
            let b1 = iterator.next()
            let b2 = iterator.next()
            let n = UInt32(b0) << 16 | UInt32(b1 ?? 0) << 8 | UInt32(b2 ?? 0)
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            out.append(b1 == nil ? UInt8(ascii: "=") : alphabet[Int(n >> 6 & 63)])
            out.append(b2 == nil ? UInt8(ascii: "=") : alphabet[Int(n & 63)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes, or nil when the text is not valid padded base64.
    static func decode(_ text: String) -> [UInt8]? {
        var quad: [UInt8] = []
        quad.reserveCapacity(4)
        var out: [UInt8] = []
        var finished = false
        for byte in text.utf8 {
            if byte == 0x0A || byte == 0x0D {
                continue
            }
            if finished {
                return nil
            }
            quad.append(byte)
            if quad.count < 4 {
                continue
            }
            var v: [UInt32] = []
            var padding = 0
            for (index, c) in quad.enumerated() {
                if c == UInt8(ascii: "=") {
                    // Padding only in the last two places, and only padding after it.
                    guard index >= 2 else { return nil }
                    padding += 1
                    v.append(0)
                    continue
                }
                if padding > 0 { return nil }
                let value = values[Int(c)]
                guard value >= 0 else { return nil }
                v.append(UInt32(value))
            }
            let n = v[0] << 18 | v[1] << 12 | v[2] << 6 | v[3]
            out.append(UInt8(n >> 16 & 0xFF))
            if padding < 2 { out.append(UInt8(n >> 8 & 0xFF)) }
            if padding < 1 { out.append(UInt8(n & 0xFF)) }
            if padding > 0 { finished = true }
            quad.removeAll(keepingCapacity: true)
        }
        return quad.isEmpty ? out : nil
    }
}
