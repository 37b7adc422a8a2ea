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
    /// `knownLowercaseHex` says the caller has already seen that everything after the first
    /// ":" is lowercase hex.
    static func validate(_ bytes: UnsafeBufferPointer<UInt8>, base: Int, knownLowercaseHex: Bool = false) -> OCIReferenceError? {
        let count = bytes.count
        let colon = self.firstIndex(of: ReferenceGrammar.colon, in: bytes, from: 0)
        guard colon > 0, colon < count, colon + 1 < count else {
            return OCIReferenceError(
                code: .digestInvalidFormat,
                reason: "a digest is '<algorithm>:<encoded>' with both parts non-empty",
                offset: base + min(colon, count)
            )
        }
        let encodedLength = count - colon - 1
        var hashSize: Int? = nil
        if colon == 6, bytes[0] == UInt8(ascii: "s"), bytes[1] == UInt8(ascii: "h"), bytes[2] == UInt8(ascii: "a") {
            switch (bytes[3], bytes[4], bytes[5]) {
            case (UInt8(ascii: "2"), UInt8(ascii: "5"), UInt8(ascii: "6")): hashSize = 32
            case (UInt8(ascii: "3"), UInt8(ascii: "8"), UInt8(ascii: "4")): hashSize = 48
            case (UInt8(ascii: "5"), UInt8(ascii: "1"), UInt8(ascii: "2")): hashSize = 64
            default: break
            }
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
        let index = knownLowercaseHex ? count : self.endOfLowerHex(bytes, from: colon + 1)
        if index < count {
            return OCIReferenceError(
                code: .digestInvalidFormat,
                reason: "invalid digest format: \(describeByte(bytes, at: index)) is not a lowercase hex digit",
                offset: base + index
            )
        }
        return nil
    }

    // Tight loops kept out of `validate`, whose error-building paths would otherwise weigh on them.

    @inline(never)
    static func firstIndex(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        while index < bytes.count, bytes[index] != byte {
            index += 1
        }
        return index
    }

    @inline(never)
    static func endOfLowerHex(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        while index < bytes.count, bytes[index].isLowerHexDigit {
            index += 1
        }
        return index
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
