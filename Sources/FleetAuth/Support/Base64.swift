/// Standard base64 (RFC 4648 section 4, with padding), as Kubernetes puts Secret data and
/// kubeconfig `*-data` fields on the wire.
///
/// Decoding follows Go's `encoding/json` for `[]byte` (`base64.StdEncoding`, not strict): the
/// standard alphabet, padding required, bits after the last full byte ignored, and carriage
/// returns and line feeds ignored anywhere. Anything else is rejected.
package enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// 0–63 for alphabet bytes, 0xFE for `=`, 0xFD for CR and LF, 0xFF for everything else.
    private static let decodeTable: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in alphabet.enumerated() {
            table[Int(byte)] = UInt8(index)
        }
        table[Int(UInt8(ascii: "="))] = 0xFE
        table[Int(UInt8(ascii: "\r"))] = 0xFD
        table[Int(UInt8(ascii: "\n"))] = 0xFD
        return table
    }()

    /// The base64 text of `bytes`.
    package static func encode(_ bytes: some Collection<UInt8>) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var iterator = bytes.makeIterator()
        while let first = iterator.next() {
            let second = iterator.next()
            let third = iterator.next()
            let value = UInt32(first) << 16 | UInt32(second ?? 0) << 8 | UInt32(third ?? 0)
            output.append(alphabet[Int(value >> 18 & 0x3F)])
            output.append(alphabet[Int(value >> 12 & 0x3F)])
            output.append(second == nil ? UInt8(ascii: "=") : alphabet[Int(value >> 6 & 0x3F)])
            output.append(third == nil ? UInt8(ascii: "=") : alphabet[Int(value & 0x3F)])
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The bytes `text` encodes, or `nil` when it is not standard padded base64.
    package static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count / 4 * 3)
        var quantum: UInt32 = 0
        var count = 0
        var padding = 0
        for byte in text.utf8 {
            let value = decodeTable[Int(byte)]
            switch value {
            case 0xFD:
                continue
            case 0xFF:
                return nil
            case 0xFE:
                // Padding only in the last two places of a quantum, and then only more padding.
                guard count >= 2 else { return nil }
                padding += 1
                count += 1
            default:
                guard padding == 0 else { return nil }
                quantum = quantum << 6 | UInt32(value)
                count += 1
            }
            if count == 4 {
                if padding > 0 {
                    // Finish this quantum; nothing may follow it.
                    quantum <<= UInt32(6 * padding)
                    let bytes = [UInt8(quantum >> 16 & 0xFF), UInt8(quantum >> 8 & 0xFF), UInt8(quantum & 0xFF)]
                    // Bits after the last full byte are dropped, as Go's non-strict decoder does.
                    output.append(contentsOf: bytes[..<(3 - padding)])
                    padding = 3  // marks "finished"
                } else {
                    output.append(UInt8(quantum >> 16 & 0xFF))
                    output.append(UInt8(quantum >> 8 & 0xFF))
                    output.append(UInt8(quantum & 0xFF))
                }
                quantum = 0
                count = 0
                continue
            }
        }
        guard count == 0 else { return nil }
        return output
    }
}
