// Helm's `newReference` (pkg/registry/reference.go) followed by oras-go v2's
// `registry.ParseReference` (registry/reference.go), over UTF-8 bytes.

enum ChartReferenceParser {
    static func parse(_ input: UnsafeBufferPointer<UInt8>) throws -> OCIChartReference {
        let start = input.starts(with: "oci://".utf8) ? 6 : 0
        var end = input.count
        // Helm: everything after the last "@" is the digest, kept as written.
        var digest: String?
        if let at = lastIndex(of: ReferenceGrammar.at, in: input, start..<end) {
            if at + 1 < end {
                digest = string(input, (at + 1)..<end)
            }
            end = at
        }
        // Helm: the text after the last ":" is the tag when it has no "/"; its "+" become "_"
        // everywhere the tag's text occurs (Go: `strings.ReplaceAll(raw, tag, newTag)`).
        if let colon = lastIndex(of: ReferenceGrammar.colon, in: input, start..<end) {
            let tag = UnsafeBufferPointer(rebasing: input[(colon + 1)..<end])
            if !tag.isEmpty, !tag.contains(ReferenceGrammar.slash), tag.contains(ReferenceGrammar.plus) {
                let prefix = UnsafeBufferPointer(rebasing: input[start..<colon])
                if !prefix.contains(ReferenceGrammar.plus), !prefix.contains(ReferenceGrammar.at) {
                    // The usual case: the tag's text cannot occur before it (that part has no
                    // "+"), so only the tag changes, and oras will read it as a tag (no "@").
                    return try self.parseOras(
                        UnsafeBufferPointer(rebasing: input[start..<end]),
                        base: start,
                        digest: digest,
                        plusInTagIsUnderscore: true
                    )
                }
                var raw = Array(input[start..<end])
                let pattern = Array(tag)
                let replacement = pattern.map { $0 == ReferenceGrammar.plus ? ReferenceGrammar.underscore : $0 }
                replaceAll(&raw, pattern, replacement)
                return try raw.withUnsafeBufferPointer { try self.parseOras($0, base: start, digest: digest) }
            }
        }
        return try self.parseOras(UnsafeBufferPointer(rebasing: input[start..<end]), base: start, digest: digest)
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
        var repositoryEnd = count
        var reference = count..<count
        var isTag = false
        if let at = firstIndex(of: ReferenceGrammar.at, in: raw, (slash + 1)..<count) {
            repositoryEnd = at
            reference = (at + 1)..<count
            if let colon = firstIndex(of: ReferenceGrammar.colon, in: raw, (slash + 1)..<at) {
                repositoryEnd = colon  // the tag is dropped unchecked (oras "valid form B")
            }
        } else if let colon = firstIndex(of: ReferenceGrammar.colon, in: raw, (slash + 1)..<count) {
            repositoryEnd = colon
            reference = (colon + 1)..<count
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
        for (index, byte) in host.enumerated() where byte < 0x80 && !isAllowed(byte) {
            return Violation(offset: index, reason: "\(describeByte(host, at: index)) is not allowed in a host")
        }
        let colon = ReferenceGrammar.colon
        if host[0] == ReferenceGrammar.openBracket {
            guard let close = ChartReferenceParser.lastIndex(of: ReferenceGrammar.closeBracket, in: host, 0..<host.count) else {
                return Violation(offset: host.count, reason: "missing ']' in host")
            }
            return self.portViolation(host, from: close + 1)
        }
        if let lastColon = ChartReferenceParser.lastIndex(of: colon, in: host, 0..<host.count) {
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
    /// false). A `%` is excluded: an escape changes the host, so it can never equal the input.
    private static func isAllowed(_ byte: UInt8) -> Bool {
        if byte.isASCIIAlphanumeric {
            return true
        }
        switch byte {
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"),
            UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"),
            UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"),
            UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "="), UInt8(ascii: ":"),
            UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "<"), UInt8(ascii: ">"),
            UInt8(ascii: "\""):
            return true
        default:
            return false
        }
    }
}
