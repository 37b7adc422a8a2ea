// `reference.ParseNormalizedNamed`, `ParseNamed` and `ParseDockerRef` of distribution/reference
// v0.6 (normalize.go, reference.go).
//
// ParseNormalizedNamed:
// 1. 64 lowercase hex digits are rejected (they are image IDs, not names);
// 2. the string is split at its first "/": with none it is a Docker Hub official image
//    (`docker.io/library/<s>`); otherwise the first part is the registry when it is `localhost`,
//    contains "." or ":", or is not all lowercase (`index.docker.io` becomes `docker.io`), and
//    the whole string is a Docker Hub path when not;
// 3. a Docker Hub path with a single component gets `library/`;
// 4. the part of the remainder before its first ":" must be lowercase (Go's `strings.ToLower`);
// 5. `Parse` of `registry + "/" + remainder` decides the rest.

/// How the normalized string is built from the input: `prefix + input[inputStart...]`.
struct NormalizationPlan {
    var prefix: StaticString
    var inputStart: Int
}

enum ReferenceNormalizer {
    static func plan(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<NormalizationPlan, OCIReferenceError> {
        if ReferenceGrammar.isIdentifier(bytes) {
            return .failure(OCIReferenceError(
                code: .nameIsIdentifier,
                reason: "invalid repository name: cannot specify 64-byte hexadecimal strings",
                offset: 0
            ))
        }
        let count = bytes.count
        var slash = 0
        while slash < count, bytes[slash] != ReferenceGrammar.slash {
            slash += 1
        }
        let plan: NormalizationPlan
        let remainderStart: Int  // where the remainder starts in the input
        if slash == count {
            plan = NormalizationPlan(prefix: "docker.io/library/", inputStart: 0)
            remainderStart = 0
        } else {
            let maybeDomain = UnsafeBufferPointer(rebasing: bytes[0..<slash])
            let rest = UnsafeBufferPointer(rebasing: bytes[(slash + 1)...])
            let restHasSlash = rest.contains(ReferenceGrammar.slash)
            if equals(maybeDomain, "localhost") {
                plan = NormalizationPlan(prefix: "", inputStart: 0)
            } else if equals(maybeDomain, "index.docker.io") {
                plan = NormalizationPlan(prefix: restHasSlash ? "docker.io/" : "docker.io/library/", inputStart: slash + 1)
            } else if maybeDomain.contains(ReferenceGrammar.dot) || maybeDomain.contains(ReferenceGrammar.colon)
                || GoCaseMapping.hasUppercase(maybeDomain)
            {
                if equals(maybeDomain, "docker.io"), !restHasSlash {
                    plan = NormalizationPlan(prefix: "docker.io/library/", inputStart: slash + 1)
                } else {
                    plan = NormalizationPlan(prefix: "", inputStart: 0)
                }
            } else {
                // Not a domain: the whole string is a Docker Hub path, which has a "/".
                plan = NormalizationPlan(prefix: "docker.io/", inputStart: 0)
            }
            remainderStart = plan.prefix.utf8CodeUnitCount == 0 || plan.inputStart > 0 ? slash + 1 : 0
        }
        // The remote name (the remainder before its first ":") must be lowercase.
        var remoteEnd = remainderStart
        while remoteEnd < count, bytes[remoteEnd] != ReferenceGrammar.colon {
            remoteEnd += 1
        }
        let remote = UnsafeBufferPointer(rebasing: bytes[remainderStart..<remoteEnd])
        if let uppercase = firstUppercase(remote) {
            return .failure(OCIReferenceError(
                code: .nameContainsUppercase,
                reason: "invalid reference format: repository name must be lowercase; found \(describeByte(bytes, at: remainderStart + uppercase))",
                offset: remainderStart + uppercase
            ))
        }
        return .success(plan)
    }

    static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ text: StaticString) -> Bool {
        text.withUTF8Buffer { expected in
            bytes.count == expected.count && bytes.elementsEqual(expected)
        }
    }

    /// The offset of the first scalar Go's `unicode.ToLower` changes.
    static func firstUppercase(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            if lead < 0x80 {
                if lead.isASCIIUppercase {
                    return index
                }
                index += 1
                continue
            }
            let (scalar, length) = GoCaseMapping.decodeScalar(bytes, at: index)
            if GoCaseMapping.lowercaseChanges(scalar) {
                return index
            }
            index += length
        }
        return nil
    }

    static func normalize(_ string: String) throws -> OCIReference {
        var input = string
        let plan = try input.withUTF8 { self.plan($0) }.get()
        if plan.prefix.utf8CodeUnitCount == 0 && plan.inputStart == 0 {
            return try ReferenceParser.reference(input)
        }
        let utf8 = input.utf8
        let suffix = Substring(utf8[utf8.index(utf8.startIndex, offsetBy: plan.inputStart)...])
        let built = plan.prefix.description + suffix
        let offsets = OffsetMap(builtPrefixLength: plan.prefix.utf8CodeUnitCount, inputStart: plan.inputStart)
        return try ReferenceParser.reference(built, offsets: offsets)
    }
}

extension OCIReference {
    /// Parses a reference the way `docker pull` reads it, filling in Docker Hub's registry and
    /// namespace (Go: `reference.ParseNormalizedNamed`).
    ///
    /// ```swift
    /// try OCIReference(normalizing: "ubuntu").description          // "docker.io/library/ubuntu"
    /// try OCIReference(normalizing: "team/app:1").description      // "docker.io/team/app:1"
    /// try OCIReference(normalizing: "ghcr.io/team/app").description // "ghcr.io/team/app"
    /// ```
    ///
    /// The first path segment is a registry when it is `localhost`, contains `.` or `:`, or has
    /// uppercase letters; `index.docker.io` is rewritten to `docker.io`. No tag is added; use
    /// ``init(normalizingForPull:)`` for that.
    ///
    /// - Parameter string: The reference in familiar or full form.
    /// - Throws: ``OCIReferenceError``: ``OCIReferenceError/Code/nameIsIdentifier`` for 64 hex
    ///   digits, ``OCIReferenceError/Code/nameContainsUppercase`` for uppercase letters in the
    ///   repository, or any error of ``init(parsing:)``. Offsets refer to `string`.
    public init(normalizing string: String) throws {
        self = try ReferenceNormalizer.normalize(string)
    }

    /// Parses a reference that must already be in its normalized form (Go: `reference.ParseNamed`).
    ///
    /// `docker.io/library/ubuntu` is accepted; `ubuntu`, `library/ubuntu` and `docker.io/ubuntu`
    /// are valid but not canonical.
    ///
    /// - Parameter string: The fully qualified reference.
    /// - Throws: ``OCIReferenceError``: ``OCIReferenceError/Code/nameNotCanonical`` when
    ///   normalizing changes the string, or any error of ``init(normalizing:)``.
    public init(parsingCanonical string: String) throws {
        let normalized = try ReferenceNormalizer.normalize(string)
        guard normalized.storage == string else {
            throw OCIReferenceError(
                code: .nameNotCanonical,
                reason: "repository name must be canonical; the canonical form is \(normalized.storage)"
            )
        }
        self = normalized
    }

    /// Parses a reference the way a container runtime resolves it before pulling
    /// (Go: `reference.ParseDockerRef`): normalized as by ``init(normalizing:)``, then
    ///
    /// - given the tag `latest` when it has neither tag nor digest, and
    /// - stripped of its tag when it has both, since the digest alone decides what is pulled.
    ///
    /// ```swift
    /// try OCIReference(normalizingForPull: "busybox").description
    /// // "docker.io/library/busybox:latest"
    /// try OCIReference(normalizingForPull: "gcr.io/library/busybox:1@sha256:e669…").description
    /// // "gcr.io/library/busybox@sha256:e669…"
    /// ```
    ///
    /// The result has exactly one of ``tag`` and ``digest``.
    ///
    /// - Parameter string: The reference in familiar or full form.
    /// - Throws: Any error of ``init(normalizing:)``.
    public init(normalizingForPull string: String) throws {
        let named = try ReferenceNormalizer.normalize(string)
        let hasTag = named.tagEnd > named.nameEnd
        let hasDigest = named.tagEnd < named.storage.utf8.count
        if hasTag && hasDigest {
            let storage = named.slice(0, named.nameEnd) + "@" + named.slice(named.tagEnd + 1, named.storage.utf8.count)
            self = OCIReference(storage: storage, domainEnd: named.domainEnd, nameEnd: named.nameEnd, tagEnd: named.nameEnd)
        } else if !hasTag && !hasDigest {
            self = OCIReference(
                storage: named.storage + ":latest",
                domainEnd: named.domainEnd,
                nameEnd: named.nameEnd,
                tagEnd: named.nameEnd + 7
            )
        } else {
            self = named
        }
    }
}
