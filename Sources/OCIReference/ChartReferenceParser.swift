// Helm's `newReference` (pkg/registry/reference.go) followed by oras-go v2's
// `registry.ParseReference` (registry/reference.go), over UTF-8 bytes.

enum ChartReferenceParser {
    static func parse(_ input: UnsafeBufferPointer<UInt8>) throws -> OCIChartReference {
        let count = input.count
        let start = self.hasOCIScheme(input) ? 6 : 0
        // One pass finds what Helm's string operations look for: the last "@", the last ":"
        // and "/" before it, and where "+" occur.
        var lastAt = -1
        var firstAt = -1
        var lastColon = -1
        var lastSlash = -1
        var colonBeforeLastAt = -1
        var slashBeforeLastAt = -1
        var lastPlus = -1
        var plusBeforeLastAt = -1
        var firstPlus = -1
        var index = start
        while index < count {
            let byte = input[index]
            // Most bytes are none of "+", "/", ":" and "@".
            if !byte.isIn(low: 0x0400_8800_0000_0000, high: 0x1) {
                index += 1
                continue
            }
            switch byte {
            case ReferenceGrammar.at:
                if firstAt < 0 {
                    firstAt = index
                }
                lastAt = index
                colonBeforeLastAt = lastColon
                slashBeforeLastAt = lastSlash
                plusBeforeLastAt = lastPlus
            case ReferenceGrammar.colon:
                lastColon = index
            case ReferenceGrammar.slash:
                lastSlash = index
            case ReferenceGrammar.plus:
                if firstPlus < 0 {
                    firstPlus = index
                }
                lastPlus = index
            default:
                break
            }
            index += 1
        }
        // Helm: everything after the last "@" is the digest, kept as written.
        var end = count
        var digest: String?
        var colon = lastColon
        var slash = lastSlash
        var plus = lastPlus
        if lastAt >= 0 {
            if lastAt + 1 < count {
                digest = string(input, (lastAt + 1)..<count)
            }
            end = lastAt
            colon = colonBeforeLastAt
            slash = slashBeforeLastAt
            plus = plusBeforeLastAt
        }
        // Helm: the text after the last ":" is the tag when it has no "/"; its "+" become "_"
        // everywhere the tag's text occurs (Go: `strings.ReplaceAll(raw, tag, newTag)`).
        if colon >= 0, colon + 1 < end, slash < colon, plus > colon {
            if firstPlus > colon && firstAt == lastAt {
                // The usual case: the tag's text cannot occur before it (no "+" there), so only
                // the tag changes, and oras will read it as a tag (no other "@").
                return try self.parseOras(
                    UnsafeBufferPointer(rebasing: input[start..<end]),
                    base: start,
                    digest: digest,
                    plusInTagIsUnderscore: true
                )
            }
            var raw = Array(input[start..<end])
            let pattern = Array(input[(colon + 1)..<end])
            let replacement = pattern.map { $0 == ReferenceGrammar.plus ? ReferenceGrammar.underscore : $0 }
            replaceAll(&raw, pattern, replacement)
            return try raw.withUnsafeBufferPointer { try self.parseOras($0, base: start, digest: digest) }
        }
        return try self.parseOras(UnsafeBufferPointer(rebasing: input[start..<end]), base: start, digest: digest)
    }

    static func hasOCIScheme(_ input: UnsafeBufferPointer<UInt8>) -> Bool {
        input.count >= 6 && input[0] == UInt8(ascii: "o") && input[1] == UInt8(ascii: "c") && input[2] == UInt8(ascii: "i")
            && input[3] == ReferenceGrammar.colon && input[4] == ReferenceGrammar.slash && input[5] == ReferenceGrammar.slash
    }

    /// oras-go v2 `registry.ParseReference`; `base` is where `raw` starts in the caller's input.
    /// With `plusInTagIsUnderscore`, the "+" of the tag (the only ones in `raw`) are read as "_".
    private static func parseOras(
        _ raw: UnsafeBufferPointer<UInt8>,
        base: Int,
        digest: String?,
        plusInTagIsUnderscore: Bool = false
    ) throws -> OCIChartReference {
        let count = raw.count
        guard let slash = raw.firstIndex(of: ReferenceGrammar.slash) else {
            throw OCIReferenceError(
                code: .invalidFormat,
                reason: "invalid reference: missing registry or repository (expected 'registry/repository')",
                offset: base + count
            )
        }
        // The first "@" and the first ":" of the path, in one pass.
        var firstAt = -1
        var firstColon = -1
        var index = slash + 1
        while index < count {
            let byte = raw[index]
            if byte == ReferenceGrammar.at {
                firstAt = index
                break
            }
            if byte == ReferenceGrammar.colon && firstColon < 0 {
                firstColon = index
            }
            index += 1
        }
        var repositoryEnd = count
        var reference = count..<count
        var isTag = false
        if firstAt >= 0 {
            repositoryEnd = firstColon >= 0 ? firstColon : firstAt  // a tag before "@" is dropped unchecked (oras "valid form B")
            reference = (firstAt + 1)..<count
        } else if firstColon >= 0 {
            repositoryEnd = firstColon
            reference = (firstColon + 1)..<count
            isTag = true
        }
        let registry = UnsafeBufferPointer(rebasing: raw[0..<slash])
        if let bad = GoURLHost.firstViolation(registry) {
            throw OCIReferenceError(
                code: .invalidFormat,
                reason: "invalid registry: \(bad.reason)",
                offset: base + bad.offset
            )
        }
        let repository = UnsafeBufferPointer(rebasing: raw[(slash + 1)..<repositoryEnd])
        switch ReferenceGrammar.scanRemoteName(repository, from: 0) {
        case .failure(let failure):
            throw OCIReferenceError(
                code: .invalidFormat,
                reason: "invalid repository: expected \(failure.expected), found \(describeByte(repository, at: failure.offset))",
                offset: base + slash + 1 + failure.offset
            )
        case .success(let end) where end < repository.count:
            throw OCIReferenceError(
                code: .invalidFormat,
                reason: "invalid repository: unexpected \(describeByte(repository, at: end))",
                offset: base + slash + 1 + end
            )
        case .success:
            break
        }
        if !reference.isEmpty {
            let referenceBytes = UnsafeBufferPointer(rebasing: raw[reference])
            if isTag {
                guard ReferenceGrammar.isTag(referenceBytes, plusIsUnderscore: plusInTagIsUnderscore) else {
                    throw OCIReferenceError(
                        code: .tagInvalidFormat,
                        reason: "invalid tag: a tag must match [\\w][\\w.-]{0,127}",
                        offset: base + reference.lowerBound
                    )
                }
            } else if let error = DigestRules.validate(referenceBytes, base: base + reference.lowerBound) {
                throw error
            }
        }
        return OCIChartReference(
            registry: string(raw, 0..<slash),
            repository: string(raw, (slash + 1)..<repositoryEnd),
            // Helm keeps oras' `Reference` as the tag, whichever form it had.
            tag: reference.isEmpty ? nil : plusInTagIsUnderscore ? underscored(raw, reference) : string(raw, reference),
            digest: digest
        )
    }

    static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// The bytes as a string with every "+" turned into "_".
    static func underscored(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(unsafeUninitializedCapacity: range.count) { buffer in
            for offset in 0..<range.count {
                let byte = bytes[range.lowerBound + offset]
                buffer[offset] = byte == ReferenceGrammar.plus ? ReferenceGrammar.underscore : byte
            }
            return range.count
        }
    }

    static func firstIndex(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        var index = range.lowerBound
        while index < range.upperBound {
            if bytes[index] == byte {
                return index
            }
            index += 1
        }
        return nil
    }

    static func lastIndex(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        var index = range.upperBound
        while index > range.lowerBound {
            index -= 1
            if bytes[index] == byte {
                return index
            }
        }
        return nil
    }

    /// Go's `strings.ReplaceAll` for a replacement of the same length: non-overlapping matches,
    /// left to right, found with Knuth–Morris–Pratt so the time stays linear.
    static func replaceAll(_ text: inout [UInt8], _ pattern: [UInt8], _ replacement: [UInt8]) {
        let length = pattern.count
        guard length > 0, length <= text.count else {
            return
        }
        var failure = [Int](repeating: 0, count: length)
        var matched = 0
        for index in 1..<length {
            while matched > 0 && pattern[index] != pattern[matched] {
                matched = failure[matched - 1]
            }
            if pattern[index] == pattern[matched] {
                matched += 1
            }
            failure[index] = matched
        }
        matched = 0
        var index = 0
        while index < text.count {
            while matched > 0 && text[index] != pattern[matched] {
                matched = failure[matched - 1]
            }
            if text[index] == pattern[matched] {
                matched += 1
            }
            if matched == length {
                let matchStart = index - length + 1
                for offset in 0..<length {
                    text[matchStart + offset] = replacement[offset]
                }
                matched = 0  // non-overlapping: start afresh after the match
            }
            index += 1
        }
    }
}

/// The host check of Go 1.23's `net/url`, as oras-go applies it to a registry:
/// `url.ParseRequestURI("dummy://" + registry)` must succeed with `Host == registry`, and the
/// registry must not be empty.
enum GoURLHost {
    struct Violation {
        var offset: Int
        var reason: String
    }

    static func firstViolation(_ host: UnsafeBufferPointer<UInt8>) -> Violation? {
        guard !host.isEmpty else {
            return Violation(offset: 0, reason: "the registry is empty")
        }
        var lastColon = -1
        var lastClose = -1
        for index in 0..<host.count {
            let byte = host[index]
            if byte.isDomainCharacter {
                continue  // the common case: letters, digits, "." and "-"
            }
            if byte < 0x80 && !isAllowed(byte) {
                return Violation(offset: index, reason: "\(describeByte(host, at: index)) is not allowed in a host")
            }
            if byte == ReferenceGrammar.colon {
                lastColon = index
            } else if byte == ReferenceGrammar.closeBracket {
                lastClose = index
            }
        }
        if host[0] == ReferenceGrammar.openBracket {
            guard lastClose >= 0 else {
                return Violation(offset: host.count, reason: "missing ']' in host")
            }
            return self.portViolation(host, from: lastClose + 1)
        }
        if lastColon >= 0 {
            return self.portViolation(host, from: lastColon)
        }
        return nil
    }

    /// Go's `validOptionalPort`: empty, or ":" followed by digits only.
    private static func portViolation(_ host: UnsafeBufferPointer<UInt8>, from start: Int) -> Violation? {
        guard start < host.count else {
            return nil
        }
        guard host[start] == ReferenceGrammar.colon else {
            return Violation(offset: start, reason: "invalid port after host")
        }
        for index in (start + 1)..<host.count where !host[index].isASCIIDigit {
            return Violation(offset: index, reason: "invalid port after host")
        }
        return nil
    }

    /// ASCII bytes Go's `net/url` leaves unescaped in a host (`shouldEscape(c, encodeHost)` is
    /// false): letters, digits and `-._~!$&'()*+,;=:[]<>"`. A `%` is excluded: an escape changes
    /// the host, so it can never equal the input. Bits 0–63 and 64–127 of the ASCII table.
    @inline(__always)
    private static func isAllowed(_ byte: UInt8) -> Bool {
        let allowedLow: UInt64 = 0x7FFF_7FD6_0000_0000
        let allowedHigh: UInt64 = 0x47FF_FFFE_AFFF_FFFE
        return byte < 64 ? (allowedLow >> byte) & 1 == 1 : (allowedHigh >> (byte &- 64)) & 1 == 1
    }
}
