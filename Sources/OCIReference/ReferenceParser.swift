// `reference.Parse` of distribution/reference v0.6, in the order Go checks things:
//
// 1. the empty string is `ErrNameEmpty`;
// 2. the grammar must match the whole string; when it does not, and Go's `strings.ToLower` of
//    the string would match, the error is `ErrNameContainsUppercase`, otherwise
//    `ErrReferenceInvalidFormat`;
// 3. the path (the name without the registry) must be at most 255 bytes;
// 4. a digest must pass go-digest's validation.

/// Maps byte offsets in a string that was built from the caller's input back to the input.
///
/// The built string is `prefix + input[inputStart...]`, where the prefix is
/// `builtPrefixLength` bytes long.
struct OffsetMap {
    var builtPrefixLength: Int
    var inputStart: Int

    static let identity = OffsetMap(builtPrefixLength: 0, inputStart: 0)

    func inputOffset(_ offset: Int) -> Int {
        offset < self.builtPrefixLength ? self.inputStart : offset - self.builtPrefixLength + self.inputStart
    }

    func apply(_ error: OCIReferenceError) -> OCIReferenceError {
        var error = error
        error.offset = error.offset.map(self.inputOffset)
        return error
    }
}

enum ReferenceParser {
    /// The longest path `Parse` accepts (Go: `RepositoryNameTotalLengthMax`).
    static let maximumPathLength = 255

    /// Runs `Parse` over `bytes`.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<ReferenceMatch, OCIReferenceError> {
        guard !bytes.isEmpty else {
            return .failure(OCIReferenceError(
                code: .nameEmpty,
                reason: "repository name must have at least one component; the reference is empty",
                offset: 0
            ))
        }
        switch ReferenceGrammar.matchReference(bytes) {
        case .success(let match):
            let pathLength = match.nameEnd - match.pathStart
            if pathLength > maximumPathLength {
                return .failure(OCIReferenceError(
                    code: .nameTooLong,
                    reason: "repository name must not be more than \(maximumPathLength) characters; this one has \(pathLength)",
                    offset: match.pathStart + maximumPathLength
                ))
            }
            if let digestStart = match.digestStart {
                let digest = UnsafeBufferPointer(rebasing: bytes[digestStart...])
                if let error = DigestRules.validate(digest, base: digestStart, knownLowercaseHex: match.digestIsLowercaseHex) {
                    return .failure(error)
                }
            }
            return .success(match)
        case .failure(let failure):
            if self.lowercaseWouldMatch(bytes) {
                return .failure(OCIReferenceError(
                    code: .nameContainsUppercase,
                    reason: "repository name must be lowercase; found \(describeByte(bytes, at: failure.offset))",
                    offset: failure.offset
                ))
            }
            return .failure(self.formatError(bytes, failure))
        }
    }

    static func formatError(_ bytes: UnsafeBufferPointer<UInt8>, _ failure: GrammarFailure) -> OCIReferenceError {
        OCIReferenceError(
            code: .invalidFormat,
            reason: "invalid reference format: expected \(failure.expected), found \(describeByte(bytes, at: failure.offset))",
            offset: failure.offset
        )
    }

    /// Go: `sl := strings.ToLower(s); sl != s && referenceRegexp.FindStringSubmatch(sl) != nil`.
    private static func lowercaseWouldMatch(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard GoCaseMapping.hasUppercase(bytes), let lowered = GoCaseMapping.asciiLowercased(bytes) else {
            return false
        }
        return lowered.withUnsafeBufferPointer { lowered in
            if case .success = ReferenceGrammar.matchReference(lowered) {
                return true
            }
            return false
        }
    }

    /// Parses `string`, reporting offsets through `offsets`.
    static func reference(_ string: String, offsets: OffsetMap = .identity) throws -> OCIReference {
        var string = string
        let result = string.withUTF8 { self.parse($0) }
        switch result {
        case .success(let match):
            return OCIReference(storage: string, match: match)
        case .failure(let error):
            throw offsets.apply(error)
        }
    }
}

extension OCIReference {
    /// Parses a reference exactly as written, adding nothing (Go: `reference.Parse`).
    ///
    /// ```swift
    /// let ref = try OCIReference(parsing: "123456789012.dkr.ecr.eu-central-1.amazonaws.com/team/nginx:19.0.1")
    /// ref.registry    // "123456789012.dkr.ecr.eu-central-1.amazonaws.com"
    /// ref.repository  // "team/nginx"
    /// ref.tag         // "19.0.1"
    /// ```
    ///
    /// A first path segment is the registry only when it is a valid host and a `/` follows, so
    /// `test.com:5000` is the repository `test.com` with tag `5000`, and `nginx` has no registry
    /// (``registry`` is empty). Use ``init(normalizing:)`` for the Docker Hub defaults.
    ///
    /// - Parameter string: The reference, for example `registry.example.com/team/app:1.0`.
    /// - Throws: ``OCIReferenceError`` with code ``OCIReferenceError/Code/nameEmpty``,
    ///   ``OCIReferenceError/Code/invalidFormat``,
    ///   ``OCIReferenceError/Code/nameContainsUppercase``,
    ///   ``OCIReferenceError/Code/nameTooLong``, ``OCIReferenceError/Code/digestInvalidFormat``,
    ///   ``OCIReferenceError/Code/digestInvalidLength`` or
    ///   ``OCIReferenceError/Code/digestUnsupported``; its ``OCIReferenceError/offset`` is the
    ///   byte offset of the problem.
    public init(parsing string: String) throws {
        self = try ReferenceParser.reference(string)
    }

    /// Parses a repository name with no tag or digest (Go: `reference.WithName`).
    ///
    /// Unlike ``init(parsing:)``, uppercase letters in the path are reported as
    /// ``OCIReferenceError/Code/invalidFormat``, as in Go.
    ///
    /// - Parameter name: The name, for example `registry.example.com/team/app`.
    /// - Throws: ``OCIReferenceError`` with code ``OCIReferenceError/Code/invalidFormat`` or
    ///   ``OCIReferenceError/Code/nameTooLong``.
    public init(parsingName name: String) throws {
        var name = name
        let result: Result<ReferenceMatch, OCIReferenceError> = name.withUTF8 { bytes in
            switch ReferenceGrammar.matchName(bytes) {
            case .failure(let failure):
                return .failure(ReferenceParser.formatError(bytes, failure))
            case .success(let match):
                let pathLength = match.nameEnd - match.pathStart
                if pathLength > ReferenceParser.maximumPathLength {
                    return .failure(OCIReferenceError(
                        code: .nameTooLong,
                        reason: "repository name must not be more than \(ReferenceParser.maximumPathLength) characters; this one has \(pathLength)",
                        offset: match.pathStart + ReferenceParser.maximumPathLength
                    ))
                }
                return .success(match)
            }
        }
        self = OCIReference(storage: name, match: try result.get())
    }

    /// The reference with its tag set to `tag`, keeping any digest (Go: `reference.WithTag`).
    ///
    /// - Parameter tag: The new tag; it must match `[\w][\w.-]{0,127}`.
    /// - Returns: The reference `name:tag`, or `name:tag@digest` when this reference has a digest.
    /// - Throws: ``OCIReferenceError`` with code ``OCIReferenceError/Code/tagInvalidFormat``.
    public func withTag(_ tag: String) throws -> OCIReference {
        var tag = tag
        let valid = tag.withUTF8 { ReferenceGrammar.isTag($0) }
        guard valid else {
            throw OCIReferenceError(code: .tagInvalidFormat, reason: "a tag must match [\\w][\\w.-]{0,127}")
        }
        let name = self.slice(0, self.nameEnd)
        let digest = self.digest.map { "@" + $0 } ?? ""
        let storage = name + ":" + tag + digest
        return OCIReference(
            storage: storage,
            domainEnd: self.domainEnd,
            nameEnd: self.nameEnd,
            tagEnd: self.nameEnd + 1 + tag.utf8.count
        )
    }

    /// The reference with its digest set to `digest`, keeping any tag (Go: `reference.WithDigest`).
    ///
    /// Like Go, this checks the digest against the reference grammar only
    /// (`algorithm:` and at least 32 hex digits), not against the registered algorithms and
    /// their lengths, so the result may hold a digest that ``init(parsing:)`` would reject.
    ///
    /// - Parameter digest: The digest, for example `sha256:<64 hex digits>`.
    /// - Returns: The reference `name@digest`, or `name:tag@digest` when this reference has a tag.
    /// - Throws: ``OCIReferenceError`` with code ``OCIReferenceError/Code/digestInvalidFormat``.
    public func withDigest(_ digest: String) throws -> OCIReference {
        var digest = digest
        let valid = digest.withUTF8 { bytes in
            if case .success = ReferenceGrammar.scanDigest(bytes, from: 0) {
                return true
            }
            return false
        }
        guard valid else {
            throw OCIReferenceError(
                code: .digestInvalidFormat,
                reason: "a digest must be '<algorithm>:<at least 32 hex digits>'"
            )
        }
        let storage = self.slice(0, self.tagEnd) + "@" + digest
        return OCIReference(storage: storage, domainEnd: self.domainEnd, nameEnd: self.nameEnd, tagEnd: self.tagEnd)
    }
}
