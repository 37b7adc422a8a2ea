/// An error thrown by FleetAuth: a pattern Go would reject, a YAML or JSON document that does not
/// describe a Fleet resource, a bad glob, a Secret Fleet would refuse, or an audit that would
/// exceed its budget.
///
/// Check ``code`` to decide what to do; ``description`` says what was wrong and where (the field
/// path and line of a document, the pattern as the user wrote it) and never contains a secret:
/// Secret data, passwords and private keys are never quoted. Equality and hashing compare the
/// code only, so tests can write `#expect(throws: FleetAuthError(code: .invalidPattern))`.
public struct FleetAuthError: Error, Hashable, CustomStringConvertible, Sendable {
    /// The kind of problem. New codes may be added in minor releases.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) {
            self.name = name
        }

        /// The `helmRepoURLRegex` is not a valid Go regular expression; Fleet fails the bundle.
        public static let invalidPattern = Code("invalidPattern")
        /// The pattern is valid on its own but not once Fleet wraps it as `^(?:pattern)` (too deep,
        /// or a construct such as an unterminated `\Q` swallows the wrapper); Fleet fails the bundle.
        public static let invalidAnchoredPattern = Code("invalidAnchoredPattern")
        /// The document is not well-formed YAML or JSON.
        public static let invalidDocument = Code("invalidDocument")
        /// A field has the wrong type (a list where a string belongs, a map where a list belongs).
        public static let invalidField = Code("invalidField")
        /// A field that the operation needs is missing or empty.
        public static let missingField = Code("missingField")
        /// A `secrets-path.yaml` key is not a valid Go `filepath.Match` pattern (`ErrBadPattern`).
        public static let invalidGlob = Code("invalidGlob")
        /// Secret data Fleet would refuse, such as a username without a password.
        public static let invalidSecret = Code("invalidSecret")
        /// A host or registry that cannot be audited or suggested (empty, with a path, not a host).
        public static let invalidHost = Code("invalidHost")
        /// The leak audit would exceed its work budget for this pattern.
        public static let auditTooComplex = Code("auditTooComplex")
        /// The file system seam failed to list or read something that ``Explainer`` needs.
        public static let fileSystem = Code("fileSystem")
        /// A Fleet version string that does not name a supported release.
        public static let unsupportedVersion = Code("unsupportedVersion")

        /// The code's name, for example `invalidPattern`.
        public var description: String { self.name }
    }

    /// What went wrong.
    public var code: Code

    /// What was wrong and where. Never holds secret material.
    public var reason: String

    /// The line (1-based) in the document where the problem is, when the error is about a document.
    public var line: Int?

    private var file: String
    private var sourceLine: UInt

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: What went wrong.
    ///   - reason: What was wrong and where; must not contain secrets.
    ///   - line: The 1-based line of the document where the problem is, if any.
    ///   - file: The file that throws; defaults to the caller's.
    ///   - sourceLine: The line that throws; defaults to the caller's.
    public init(code: Code, reason: String = "", line: Int? = nil, file: String = #fileID, sourceLine: UInt = #line) {
        self.code = code
        self.reason = reason
        self.line = line
        self.file = file
        self.sourceLine = sourceLine
    }

    /// `FleetAuthError.<code>: <reason> (<file>:<line>)`.
    public var description: String {
        let what = self.reason.isEmpty ? "" : ": \(self.reason)"
        return "FleetAuthError.\(self.code)\(what) (\(self.file):\(self.sourceLine))"
    }

    /// Compares the codes only.
    public static func == (lhs: FleetAuthError, rhs: FleetAuthError) -> Bool {
        lhs.code == rhs.code
    }

    /// Hashes the code only.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.code)
    }
}
