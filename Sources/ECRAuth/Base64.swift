/// Standard base64 (RFC 4648 §4, with `=` padding), for ECR authorization tokens.
///
/// Decoding is strict where it matters: only the 64 alphabet characters and up to two `=` at
/// the end, and a length that is a multiple of four; whitespace and line breaks are refused
/// (ECR's model declares the token `^\S+$`). Like Go's `base64.StdEncoding` and Python's
/// `b64decode`, which `amazon-ecr-credential-helper` and `aws ecr get-login-password` use, the
/// unused bits of the last character are not checked.
enum Base64 {
    /// Why decoding failed; never quotes the input, which is a secret.
    struct DecodingError: Error, Sendable, CustomStringConvertible {
        var what: String
        var offset: Int?

        var description: String {
            self.offset.map { "\(self.what) at character \($0)" } ?? self.what
        }
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// 0–63 for alphabet bytes, 0xFF for everything else.
    private static let decodingTable: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in Self.alphabet.enumerated() {
            table[Int(byte)] = UInt8(index)
        }
        return table
    }()

    /// Decodes `text`.
    ///
    /// - Throws: ``DecodingError`` naming the first problem and its position.
    static func decode(_ text: some StringProtocol) throws(DecodingError) -> [UInt8] {
        let input = Array(text.utf8)
        guard !input.isEmpty else { throw DecodingError(what: "the text is empty") }
        guard input.count % 4 == 0 else {
            throw DecodingError(what: "the length \(input.count) is not a multiple of 4")
        }
        // Only the last one or two characters may be padding.
        var padding = 0
        if input[input.count - 1] == UInt8(ascii: "=") {
            padding = input[input.count - 2] == UInt8(ascii: "=") ? 2 : 1
        }
        var output: [UInt8] = []
        output.reserveCapacity(input.count / 4 * 3)
        let table = Self.decodingTable
        var index = 0
        while index < input.count {
            var quad: UInt32 = 0
            var significant = 4
            for offset in 0..<4 {
                let byte = input[index + offset]
                let value = table[Int(byte)]
                if value == 0xFF {
                    let isPadding = byte == UInt8(ascii: "=") && index + 4 == input.count && offset >= 4 - padding
                    guard isPadding else {
                        throw DecodingError(what: "a character outside the base64 alphabet", offset: index + offset)
                    }
                    significant = min(significant, offset)
                    quad <<= 6
                } else {
                    guard significant == 4 else {
                        throw DecodingError(what: "data after padding", offset: index + offset)
                    }
                    quad = quad << 6 | UInt32(value)
                }
            }
            output.append(UInt8(truncatingIfNeeded: quad >> 16))
            if significant > 2 { output.append(UInt8(truncatingIfNeeded: quad >> 8)) }
            if significant > 3 { output.append(UInt8(truncatingIfNeeded: quad)) }
            index += 4
        }
        return output
    }

    /// Encodes `bytes` with padding.
    static func encode(_ bytes: some Collection<UInt8>) -> String {
        let input = Array(bytes)
        var output: [UInt8] = []
        output.reserveCapacity((input.count + 2) / 3 * 4)
        var index = 0
        while index + 3 <= input.count {
            let triple = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2])
            output.append(Self.alphabet[Int(triple >> 18 & 0x3F)])
            output.append(Self.alphabet[Int(triple >> 12 & 0x3F)])
            output.append(Self.alphabet[Int(triple >> 6 & 0x3F)])
            output.append(Self.alphabet[Int(triple & 0x3F)])
            index += 3
        }
        let rest = input.count - index
        if rest > 0 {
            var triple = UInt32(input[index]) << 16
            if rest == 2 { triple |= UInt32(input[index + 1]) << 8 }
            output.append(Self.alphabet[Int(triple >> 18 & 0x3F)])
            output.append(Self.alphabet[Int(triple >> 12 & 0x3F)])
            output.append(rest == 2 ? Self.alphabet[Int(triple >> 6 & 0x3F)] : UInt8(ascii: "="))
            output.append(UInt8(ascii: "="))
        }
        return String(decoding: output, as: UTF8.self)
    }
}
