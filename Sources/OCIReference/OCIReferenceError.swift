/// An error thrown when a string is not a valid image reference, chart reference or name.
///
/// Check ``code`` to decide what to do; ``reason`` says what was wrong and ``offset`` where (a
/// byte offset into the UTF-8 form of the string you passed in). Equality and hashing compare the
/// code only, so tests can write `#expect(throws: OCIReferenceError(code: .nameEmpty))`.
///
/// The codes mirror the sentinel errors of the Go packages whose behaviour this module
/// reproduces (`github.com/distribution/reference` and `github.com/opencontainers/go-digest`),
/// so a decision made in Go and in Swift reads the same.
public struct OCIReferenceError: Error, Hashable, CustomStringConvertible, Sendable {
    /// The kind of failure. New codes may be added in minor releases.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) {
            self.name = name
        }

        /// The string does not follow the reference grammar (Go: `ErrReferenceInvalidFormat`).
        public static let invalidFormat = Code("invalidFormat")
        /// A tag does not match `[\w][\w.-]{0,127}` (Go: `ErrTagInvalidFormat`).
        public static let tagInvalidFormat = Code("tagInvalidFormat")
        /// A digest is malformed (go-digest: `ErrDigestInvalidFormat`).
        public static let digestInvalidFormat = Code("digestInvalidFormat")
        /// A digest of a registered algorithm has the wrong number of hex digits
        /// (go-digest: `ErrDigestInvalidLength`).
        public static let digestInvalidLength = Code("digestInvalidLength")
        /// A well-formed digest names an algorithm that is not registered (only `sha256`,
        /// `sha384` and `sha512` are; go-digest: `ErrDigestUnsupported`).
        public static let digestUnsupported = Code("digestUnsupported")
        /// The repository path contains uppercase letters; the lowercase form would have parsed
        /// (Go: `ErrNameContainsUppercase`).
        public static let nameContainsUppercase = Code("nameContainsUppercase")
        /// The string is empty (Go: `ErrNameEmpty`).
        public static let nameEmpty = Code("nameEmpty")
        /// The repository path is longer than 255 bytes (Go: `ErrNameTooLong`).
        public static let nameTooLong = Code("nameTooLong")
        /// The reference is valid but not in its canonical, fully qualified form
        /// (Go: `ErrNameNotCanonical`, from `ParseNamed`).
        public static let nameNotCanonical = Code("nameNotCanonical")
        /// The name is 64 lowercase hex digits, which Docker reserves for content identifiers
        /// (Go: the error `ParseNormalizedNamed` returns for such names).
        public static let nameIsIdentifier = Code("nameIsIdentifier")

        /// The code's name, for example `nameTooLong`.
        public var description: String { self.name }
    }

    /// What went wrong.
    public var code: Code

    /// A human-readable explanation of what was wrong.
    public var reason: String

    /// The byte offset into the UTF-8 form of the input at which the problem was found, when the
    /// problem has a position.
    public var offset: Int?

    private var file: String
    private var line: UInt

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: What went wrong.
    ///   - reason: A short explanation of what was wrong.
    ///   - offset: The byte offset into the input where the problem was found, if it has one.
    ///   - file: The file that throws; defaults to the caller's.
    ///   - line: The line that throws; defaults to the caller's.
    public init(code: Code, reason: String = "", offset: Int? = nil, file: String = #fileID, line: UInt = #line) {
        self.code = code
        self.reason = reason
        self.offset = offset
        self.file = file
        self.line = line
    }

    /// `OCIReferenceError.<code>: <reason> at byte offset <n> (<file>:<line>)`.
    public var description: String {
        var text = "OCIReferenceError.\(self.code)"
        if !self.reason.isEmpty {
            text += ": \(self.reason)"
        }
        if let offset = self.offset {
            text += " at byte offset \(offset)"
        }
        return text + " (\(self.file):\(self.line))"
    }

    /// Compares the codes only.
    public static func == (lhs: OCIReferenceError, rhs: OCIReferenceError) -> Bool {
        lhs.code == rhs.code
    }

    /// Hashes the code only.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.code)
    }
}
