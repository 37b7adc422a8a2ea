// The grammar of `github.com/distribution/reference` (regexp.go), matched by hand over UTF-8
// bytes in one left-to-right pass.
//
//     reference        := name [ ":" tag ] [ "@" digest ]
//     name             := [ domain "/" ] remote-name
//     domain           := host [ ":" port-number ]
//     host             := domain-name | "[" [a-fA-F0-9:]+ "]"
//     domain-name      := domain-component ( "." domain-component )*
//     domain-component := [a-zA-Z0-9] | [a-zA-Z0-9] [a-zA-Z0-9-]* [a-zA-Z0-9]
//     port-number      := [0-9]+
//     remote-name      := path-component ( "/" path-component )*
//     path-component   := [a-z0-9]+ ( separator [a-z0-9]+ )*
//     separator        := "." | "_" | "__" | "-"+
//     tag              := [\w] [\w.-]{0,127}
//     digest           := algorithm ":" [0-9a-fA-F]{32,}
//     algorithm        := [A-Za-z][A-Za-z0-9]* ( [-_+.] [A-Za-z][A-Za-z0-9]* )*
//
// Go's regexp picks, among the ways to match, the one its leftmost-first rules prefer: the
// optional domain is greedy, so a first segment that is a valid domain and is followed by "/"
// is the domain ("a/b" has domain "a"). The matcher below makes the same choice without
// backtracking: a domain is taken exactly when the first segment is a domain and a "/" follows
// it (directly or after ":port"); in every other case the name has no domain. When both readings
// are possible they accept the same strings, so the choice only decides the split.

/// Byte offsets of the parts of a matched reference. The name is `[0, nameEnd)`; the domain,
/// when present, is `[0, domainEnd)` and the path starts at `domainEnd + 1`.
struct ReferenceMatch {
    /// End of the domain, or `nil` when the name has none.
    var domainEnd: Int?
    /// End of the name (domain and path).
    var nameEnd: Int
    /// The tag's bytes, when there is a tag.
    var tag: Range<Int>?
    /// Start of the digest (after "@"); the digest runs to the end of the input.
    var digestStart: Int?
    /// Whether the digest's hex digits are all lowercase.
    var digestIsLowercaseHex = false

    /// Start of the path (remote name).
    var pathStart: Int {
        self.domainEnd.map { $0 + 1 } ?? 0
    }
}

/// Where and why a string failed the grammar.
struct GrammarFailure: Error {
    var offset: Int
    var expected: StaticString
}

enum ReferenceGrammar {
    @inline(__always) static var slash: UInt8 { UInt8(ascii: "/") }
    @inline(__always) static var colon: UInt8 { UInt8(ascii: ":") }
    @inline(__always) static var at: UInt8 { UInt8(ascii: "@") }
    @inline(__always) static var dot: UInt8 { UInt8(ascii: ".") }
    @inline(__always) static var dash: UInt8 { UInt8(ascii: "-") }
    @inline(__always) static var underscore: UInt8 { UInt8(ascii: "_") }
    @inline(__always) static var plus: UInt8 { UInt8(ascii: "+") }
    @inline(__always) static var openBracket: UInt8 { UInt8(ascii: "[") }
    @inline(__always) static var closeBracket: UInt8 { UInt8(ascii: "]") }

    /// Matches `^reference$` (Go: `referenceRegexp`) over the whole buffer.
    static func matchReference(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<ReferenceMatch, GrammarFailure> {
        switch self.matchDomainPrefix(bytes) {
        case .failure(let failure):
            return .failure(failure)
        case .success(let domainEnd):
            let pathStart = domainEnd.map { $0 + 1 } ?? 0
            return self.matchRemainder(bytes, pathStart: pathStart, domainEnd: domainEnd, allowTagAndDigest: true)
        }
    }

    /// Matches `^name$` (Go: `anchoredNameRegexp`): a name with no tag or digest.
    static func matchName(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<ReferenceMatch, GrammarFailure> {
        switch self.matchDomainPrefix(bytes) {
        case .failure(let failure):
            return .failure(failure)
        case .success(let domainEnd):
            let pathStart = domainEnd.map { $0 + 1 } ?? 0
            return self.matchRemainder(bytes, pathStart: pathStart, domainEnd: domainEnd, allowTagAndDigest: false)
        }
    }

    /// Decides whether the input starts with `domain "/"` and returns the domain's end if so.
    private static func matchDomainPrefix(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<Int?, GrammarFailure> {
        let count = bytes.count
        guard count > 0 else {
            return .success(nil)
        }
        if bytes[0] == openBracket {
            // An IPv6 literal can only be a domain, so it must be followed by "/".
            var index = 1
            while index < count, bytes[index].isHexDigit || bytes[index] == colon {
                index += 1
            }
            guard index > 1 else {
                return .failure(GrammarFailure(offset: index, expected: "a hex digit or ':' in the IPv6 address"))
            }
            guard index < count, bytes[index] == closeBracket else {
                return .failure(GrammarFailure(offset: index, expected: "a hex digit, ':' or ']' in the IPv6 address"))
            }
            index += 1
            if index < count, bytes[index] == colon {
                let portStart = index + 1
                index = portStart
                while index < count, bytes[index].isASCIIDigit {
                    index += 1
                }
                guard index > portStart else {
                    return .failure(GrammarFailure(offset: index, expected: "a port number after ':'"))
                }
            }
            guard index < count, bytes[index] == slash else {
                return .failure(GrammarFailure(offset: index, expected: "'/' after the registry host"))
            }
            return .success(index)
        }
        let segmentEnd = self.scanDomainName(bytes, from: 0)
        guard let segmentEnd, segmentEnd < count else {
            return .success(nil)
        }
        switch bytes[segmentEnd] {
        case slash:
            return .success(segmentEnd)
        case colon:
            var index = segmentEnd + 1
            while index < count, bytes[index].isASCIIDigit {
                index += 1
            }
            if index > segmentEnd + 1, index < count, bytes[index] == slash {
                return .success(index)
            }
            return .success(nil)
        default:
            return .success(nil)
        }
    }

    /// Scans a `domain-name` starting at `start`; returns its end when the longest run of
    /// domain characters is a valid domain name, `nil` otherwise.
    ///
    /// A domain name is components of letters, digits and inner "-", joined by single ".".
    static func scanDomainName(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        let count = bytes.count
        var index = start
        while true {
            // A component starts with a letter or digit …
            guard index < count, bytes[index].isASCIIAlphanumeric else {
                return nil
            }
            index += 1
            while true {
                while index < count, bytes[index].isASCIIAlphanumeric {
                    index += 1
                }
                // … and may continue with "-" runs followed by letters or digits.
                guard index < count, bytes[index] == dash else {
                    break
                }
                while index < count, bytes[index] == dash {
                    index += 1
                }
                guard index < count, bytes[index].isASCIIAlphanumeric else {
                    return nil  // a component cannot end in "-"
                }
            }
            guard index < count, bytes[index] == dot else {
                return index
            }
            index += 1  // the next component must follow the "."
        }
    }

    /// Matches `remote-name [":" tag] ["@" digest]` from `pathStart` to the end of the input.
    private static func matchRemainder(
        _ bytes: UnsafeBufferPointer<UInt8>,
        pathStart: Int,
        domainEnd: Int?,
        allowTagAndDigest: Bool
    ) -> Result<ReferenceMatch, GrammarFailure> {
        let count = bytes.count
        var index = pathStart
        switch self.scanRemoteName(bytes, from: index) {
        case .failure(let failure):
            return .failure(failure)
        case .success(let end):
            index = end
        }
        var match = ReferenceMatch(domainEnd: domainEnd, nameEnd: index, tag: nil, digestStart: nil)
        guard allowTagAndDigest else {
            if index < count {
                return .failure(GrammarFailure(offset: index, expected: "a lowercase letter, digit, separator or '/' in the name"))
            }
            return .success(match)
        }
        if index < count, bytes[index] == colon {
            let tagStart = index + 1
            guard tagStart < count, bytes[tagStart].isWordCharacter else {
                return .failure(GrammarFailure(offset: tagStart, expected: "a letter, digit or '_' to start the tag"))
            }
            index = tagStart + 1
            while index < count, bytes[index].isTagCharacter {
                index += 1
            }
            if index - tagStart > 128 {
                return .failure(GrammarFailure(offset: tagStart + 128, expected: "the end of the tag (at most 128 characters)"))
            }
            match.tag = tagStart..<index
        }
        if index < count, bytes[index] == at {
            let digestStart = index + 1
            switch self.scanDigest(bytes, from: digestStart) {
            case .failure(let failure):
                return .failure(failure)
            case .success(let isLowercase):
                match.digestStart = digestStart
                match.digestIsLowercaseHex = isLowercase
                return .success(match)
            }
        }
        if index < count {
            let expected: StaticString = match.tag == nil
                ? "a lowercase letter, digit, separator, '/', ':' or '@'"
                : "a letter, digit, '_', '.', '-' or '@' in the tag"
            return .failure(GrammarFailure(offset: index, expected: expected))
        }
        return .success(match)
    }

    /// Scans `path-component ("/" path-component)*` and returns where it ends.
    static func scanRemoteName(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Result<Int, GrammarFailure> {
        let count = bytes.count
        var index = start
        while true {
            guard index < count, bytes[index].isLowerAlphanumeric else {
                return .failure(GrammarFailure(offset: index, expected: "a lowercase letter or digit to start a path component"))
            }
            index += 1
            while index < count {
                let byte = bytes[index]
                if byte.isLowerAlphanumeric {
                    index += 1
                    continue
                }
                var separatorEnd: Int
                if byte == dot {
                    separatorEnd = index + 1
                } else if byte == underscore {
                    separatorEnd = index + 1
                    if separatorEnd < count, bytes[separatorEnd] == underscore {
                        separatorEnd += 1
                    }
                } else if byte == dash {
                    separatorEnd = index + 1
                    while separatorEnd < count, bytes[separatorEnd] == dash {
                        separatorEnd += 1
                    }
                } else {
                    break
                }
                guard separatorEnd < count, bytes[separatorEnd].isLowerAlphanumeric else {
                    return .failure(GrammarFailure(offset: separatorEnd, expected: "a lowercase letter or digit after a separator"))
                }
                index = separatorEnd + 1
            }
            if index < count, bytes[index] == slash {
                index += 1
                continue
            }
            return .success(index)
        }
    }

    /// Scans `algorithm ":" [0-9a-fA-F]{32,}` from `start` to the end of the input (the
    /// reference grammar's digest, Go: `digestPat`); on success, tells whether the hex digits
    /// are all lowercase.
    static func scanDigest(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Result<Bool, GrammarFailure> {
        let count = bytes.count
        var index = start
        while true {
            guard index < count, bytes[index].isASCIILetter else {
                return .failure(GrammarFailure(offset: index, expected: "a letter to start the digest algorithm"))
            }
            index += 1
            while index < count, bytes[index].isASCIIAlphanumeric {
                index += 1
            }
            if index < count {
                let byte = bytes[index]
                if byte == dash || byte == underscore || byte == plus || byte == dot {
                    index += 1
                    continue
                }
            }
            break
        }
        guard index < count, bytes[index] == colon else {
            return .failure(GrammarFailure(offset: index, expected: "':' after the digest algorithm"))
        }
        index += 1
        let hexStart = index
        let lowercaseEnd = DigestRules.endOfLowerHex(bytes, from: index)
        index = self.endOfHex(bytes, from: lowercaseEnd)
        if index < count {
            return .failure(GrammarFailure(offset: index, expected: "a hex digit in the digest"))
        }
        if index - hexStart < 32 {
            return .failure(GrammarFailure(offset: index, expected: "at least 32 hex digits in the digest"))
        }
        return .success(lowercaseEnd == index)
    }

    @inline(never)
    static func endOfHex(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        while index < bytes.count, bytes[index].isHexDigit {
            index += 1
        }
        return index
    }

    /// Whether the whole buffer is `domain` (Go: `DomainRegexp`, anchored).
    static func isDomainAndPort(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = bytes.count
        var index: Int
        if count > 0, bytes[0] == openBracket {
            index = 1
            while index < count, bytes[index].isHexDigit || bytes[index] == colon {
                index += 1
            }
            guard index > 1, index < count, bytes[index] == closeBracket else {
                return false
            }
            index += 1
        } else {
            guard let end = self.scanDomainName(bytes, from: 0) else {
                return false
            }
            index = end
        }
        if index < count, bytes[index] == colon {
            let portStart = index + 1
            index = portStart
            while index < count, bytes[index].isASCIIDigit {
                index += 1
            }
            guard index > portStart else {
                return false
            }
        }
        return index == count
    }

    /// Whether the whole buffer is a tag (Go: `anchoredTagRegexp`); with `plusIsUnderscore`,
    /// "+" counts as the "_" Helm turns it into.
    static func isTag(_ bytes: UnsafeBufferPointer<UInt8>, plusIsUnderscore: Bool = false) -> Bool {
        guard bytes.count >= 1, bytes.count <= 128 else {
            return false
        }
        let first = bytes[0]
        guard first.isWordCharacter || (plusIsUnderscore && first == plus) else {
            return false
        }
        for index in 1..<bytes.count {
            let byte = bytes[index]
            if !byte.isTagCharacter && !(plusIsUnderscore && byte == plus) {
                return false
            }
        }
        return true
    }

    /// Whether the whole buffer is 64 lowercase hex digits (Go: `anchoredIdentifierRegexp`).
    static func isIdentifier(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count == 64 else {
            return false
        }
        for byte in bytes where !byte.isLowerHexDigit {
            return false
        }
        return true
    }
}
