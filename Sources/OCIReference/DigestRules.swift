// The checks `github.com/opencontainers/go-digest` v1.0.0 makes in `Digest.Validate`, which
// distribution/reference's `Parse` applies to a reference's digest after the grammar matched.
//
// Registered algorithms are those a Go program has linked in; `crypto/sha256` and
// `crypto/sha512` are linked into every program that speaks TLS, which makes `sha256`,
// `sha384` and `sha512` available. Their encoded part is lowercase hex of exactly twice the hash
// size. Any other algorithm is "unsupported" when the digest is otherwise well formed by
// go-digest's own grammar, `[a-z0-9]+([.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+`, and malformed when not.

enum DigestRules {
    /// Validates `bytes` as a go-digest digest; the error's offset is relative to `base`.
    static func validate(_ bytes: UnsafeBufferPointer<UInt8>, base: Int) -> OCIReferenceError? {
        let count = bytes.count
        var colon = 0
        while colon < count, bytes[colon] != ReferenceGrammar.colon {
            colon += 1
        }
        guard colon > 0, colon < count, colon + 1 < count else {
            return OCIReferenceError(
                code: .digestInvalidFormat,
                reason: "a digest is '<algorithm>:<encoded>' with both parts non-empty",
                offset: base + min(colon, count)
            )
        }
        let encodedLength = count - colon - 1
        let hashSize: Int?
        switch colon {
        case 6 where matches(bytes, "sha256"): hashSize = 32
        case 6 where matches(bytes, "sha384"): hashSize = 48
        case 6 where matches(bytes, "sha512"): hashSize = 64
        default: hashSize = nil
        }
        guard let hashSize else {
            if let bad = self.firstViolationOfGenericGrammar(bytes, colon: colon) {
                return OCIReferenceError(
                    code: .digestInvalidFormat,
                    reason: "invalid digest format: unexpected \(describeByte(bytes, at: bad))",
                    offset: base + bad
                )
            }
            return OCIReferenceError(
                code: .digestUnsupported,
                reason: "unsupported digest algorithm (registered: sha256, sha384, sha512)",
                offset: base
            )
        }
        guard encodedLength == hashSize * 2 else {
            return OCIReferenceError(
                code: .digestInvalidLength,
                reason: "invalid checksum digest length: \(encodedLength) hex digits where \(hashSize * 2) are required",
                offset: base + colon + 1
            )
        }
        for index in (colon + 1)..<count where !bytes[index].isLowerHexDigit {
            return OCIReferenceError(
                code: .digestInvalidFormat,
                reason: "invalid digest format: \(describeByte(bytes, at: index)) is not a lowercase hex digit",
                offset: base + index
            )
        }
        return nil
    }

    private static func matches(_ bytes: UnsafeBufferPointer<UInt8>, _ name: StaticString) -> Bool {
        name.withUTF8Buffer { expected in
            for index in 0..<expected.count where bytes[index] != expected[index] {
                return false
            }
            return true
        }
    }

    /// The first byte that breaks `^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$`, if any.
    private static func firstViolationOfGenericGrammar(_ bytes: UnsafeBufferPointer<UInt8>, colon: Int) -> Int? {
        var index = 0
        var atComponentStart = true
        while index < colon {
            let byte = bytes[index]
            if byte.isLowerAlphanumeric {
                atComponentStart = false
            } else if !atComponentStart && (byte == ReferenceGrammar.dot || byte == ReferenceGrammar.plus
                || byte == ReferenceGrammar.underscore || byte == ReferenceGrammar.dash)
            {
                atComponentStart = true
            } else {
                return index
            }
            index += 1
        }
        if atComponentStart {
            return colon
        }
        for index in (colon + 1)..<bytes.count {
            let byte = bytes[index]
            if !(byte.isASCIIAlphanumeric || byte == UInt8(ascii: "=") || byte == ReferenceGrammar.underscore
                || byte == ReferenceGrammar.dash)
            {
                return index
            }
        }
        return nil
    }
}
