/// A reference to an image or artifact in an OCI registry, such as
/// `123456789012.dkr.ecr.eu-central-1.amazonaws.com/team/nginx:19.0.1` or
/// `docker.io/library/busybox@sha256:…`.
///
/// The grammar, the choices and the errors are those of the Go package
/// `github.com/distribution/reference` v0.6, which Docker, containerd, Kubernetes and Helm use:
///
/// - ``init(parsing:)`` is `reference.Parse`: the string is taken as written, nothing is added
///   (`test.com:5000` is the repository `test.com` with the tag `5000`).
/// - ``init(normalizing:)`` is `reference.ParseNormalizedNamed`: Docker Hub's `docker.io` and
///   `library/` are filled in (`ubuntu` becomes `docker.io/library/ubuntu`).
/// - ``init(normalizingForPull:)`` is `reference.ParseDockerRef`: normalized, then given the tag
///   `latest` when it has neither tag nor digest, and stripped of its tag when it has both.
/// - ``init(parsingCanonical:)`` is `reference.ParseNamed`: the string must already be fully
///   qualified.
///
/// Parsing is a single pass over the string's UTF-8 bytes with no regular-expression engine;
/// its cost is linear in the input's length, and a successful parse allocates nothing (the value
/// keeps the string it was given and the offsets of its parts).
///
/// Two references are equal when their ``description`` is.
public struct OCIReference: Sendable, Hashable, CustomStringConvertible {
    /// The reference in its string form (Go: `String()`), ASCII only.
    let storage: String
    /// End of the registry in `storage`; 0 when there is none (a registry is never empty).
    let domainEnd: Int
    /// End of the name (registry and repository).
    let nameEnd: Int
    /// End of the tag; equal to `nameEnd` when there is no tag.
    let tagEnd: Int

    init(storage: String, match: ReferenceMatch) {
        self.storage = storage
        self.domainEnd = match.domainEnd ?? 0
        self.nameEnd = match.nameEnd
        self.tagEnd = match.tag?.upperBound ?? match.nameEnd
    }

    init(storage: String, domainEnd: Int, nameEnd: Int, tagEnd: Int) {
        self.storage = storage
        self.domainEnd = domainEnd
        self.nameEnd = nameEnd
        self.tagEnd = tagEnd
    }

    /// The registry host and optional port, for example `registry.example.com:5000`; the empty
    /// string when the reference names none (only possible with ``init(parsing:)``).
    ///
    /// Go: `reference.Domain`.
    public var registry: String {
        self.slice(0, self.domainEnd)
    }

    /// The repository path within the registry, for example `team/nginx` (Go: `reference.Path`).
    public var repository: String {
        self.slice(self.pathStart, self.nameEnd)
    }

    /// The tag, without the `:`; `nil` when the reference has none.
    public var tag: String? {
        self.tagEnd > self.nameEnd ? self.slice(self.nameEnd + 1, self.tagEnd) : nil
    }

    /// The digest, such as `sha256:<64 hex digits>`, without the `@`; `nil` when the reference
    /// has none.
    public var digest: String? {
        let count = self.storage.utf8.count
        return self.tagEnd < count ? self.slice(self.tagEnd + 1, count) : nil
    }

    /// The registry and repository joined by `/` (Go: `Named.Name()`), for example
    /// `docker.io/library/ubuntu`.
    public var name: String {
        self.slice(0, self.nameEnd)
    }

    /// The reference as a string (Go: `String()`), for example `docker.io/library/ubuntu:22.04`.
    public var description: String {
        self.storage
    }

    /// The short form Docker shows (Go: `reference.FamiliarString`): the registry `docker.io`
    /// and, for single-component paths, the `library/` namespace are left out.
    ///
    /// `docker.io/library/ubuntu:22.04` becomes `ubuntu:22.04`, `docker.io/team/app` becomes
    /// `team/app`, and references on any other registry are returned unchanged.
    public var familiarString: String {
        guard self.hasRegistry("docker.io") else {
            return self.storage
        }
        var start = self.pathStart
        let utf8 = self.storage.utf8
        let path = utf8[utf8.index(utf8.startIndex, offsetBy: start)..<utf8.index(utf8.startIndex, offsetBy: self.nameEnd)]
        if path.starts(with: "library/".utf8), !path.dropFirst(8).contains(UInt8(ascii: "/")) {
            start += 8
        }
        return self.slice(start, utf8.count)
    }

    /// The same reference without tag or digest (Go: `reference.TrimNamed`).
    public var nameOnly: OCIReference {
        OCIReference(
            storage: self.slice(0, self.nameEnd),
            domainEnd: self.domainEnd,
            nameEnd: self.nameEnd,
            tagEnd: self.nameEnd
        )
    }

    /// Compares the string forms.
    public static func == (lhs: OCIReference, rhs: OCIReference) -> Bool {
        lhs.storage == rhs.storage
    }

    /// Hashes the string form.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.storage)
    }

    var pathStart: Int {
        self.domainEnd == 0 ? 0 : self.domainEnd + 1
    }

    func hasRegistry(_ host: StaticString) -> Bool {
        guard self.domainEnd == host.utf8CodeUnitCount else {
            return false
        }
        return host.withUTF8Buffer { expected in
            self.storage.utf8.starts(with: expected)
        }
    }

    func slice(_ start: Int, _ end: Int) -> String {
        let utf8 = self.storage.utf8
        let lower = utf8.index(utf8.startIndex, offsetBy: start)
        let upper = utf8.index(utf8.startIndex, offsetBy: end)
        return String(Substring(utf8[lower..<upper]))
    }
}

extension OCIReference: Codable {
    /// Decodes a reference from a single string with ``init(parsing:)`` (as Go's
    /// `reference.Field` does when unmarshalling).
    ///
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: A `DecodingError.dataCorrupted` wrapping the ``OCIReferenceError`` when the
    ///   string is not a valid reference.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let string = try container.decode(String.self)
        do {
            self = try OCIReference(parsing: string)
        } catch {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "not a valid image reference: \(error)"
            )
        }
    }

    /// Encodes the reference as a single string, its ``description``.
    ///
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: Whatever the encoder throws.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.storage)
    }
}
