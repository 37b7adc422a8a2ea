/// An error thrown by ``SigV4Signer`` when a request cannot be signed.
///
/// Check ``code`` to decide what to do; ``description`` names what was wrong and where (a byte
/// offset in the path, a header name) and never contains a secret, a session token or a header
/// value. Equality and hashing compare the code only, so tests can write
/// `#expect(throws: SigV4Error(code: .missingHost))`.
///
/// Signing never partially modifies anything: when it throws, you still hold your unmodified
/// request.
public struct SigV4Error: Error, Hashable, CustomStringConvertible, Sendable {
    /// The kind of problem. New codes may be added in minor releases.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) {
            self.name = name
        }

        /// The request names no host: it has neither an `:authority` nor a `Host` header field.
        public static let missingHost = Code("missingHost")
        /// The request's `:authority` and its `Host` header field disagree.
        public static let conflictingHost = Code("conflictingHost")
        /// A `%` in the path or query is not followed by two hexadecimal digits.
        public static let invalidPercentEncoding = Code("invalidPercentEncoding")
        /// A header value holds a control character that has no canonical form.
        public static let invalidHeaderValue = Code("invalidHeaderValue")
        /// A presigned URL's lifetime is outside 1…604800 seconds (seven days).
        public static let invalidExpiration = Code("invalidExpiration")
        /// A precomputed payload hash is not 64 hexadecimal digits.
        public static let invalidPayloadHash = Code("invalidPayloadHash")
        /// The signing time (after clock-skew correction) is outside the years 1970…9999.
        public static let invalidDate = Code("invalidDate")
        /// The region or service name is empty or holds characters a credential scope cannot carry.
        public static let invalidScope = Code("invalidScope")
        /// The access key ID, secret or session token cannot be used to sign (empty, or holding
        /// characters an HTTP header cannot carry).
        public static let invalidCredentials = Code("invalidCredentials")

        /// The code's name, for example `missingHost`.
        public var description: String { self.name }
    }

    /// What went wrong.
    public var code: Code

    /// What was wrong and where. Never holds a secret or a header value.
    public var reason: String

    private var file: String
    private var line: UInt

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: What went wrong.
    ///   - reason: What was wrong and where; must not contain secrets.
    ///   - file: The file that throws; defaults to the caller's.
    ///   - line: The line that throws; defaults to the caller's.
    public init(code: Code, reason: String = "", file: String = #fileID, line: UInt = #line) {
        self.code = code
        self.reason = reason
        self.file = file
        self.line = line
    }

    /// `SigV4Error.<code>: <reason> (<file>:<line>)`.
    public var description: String {
        let what = self.reason.isEmpty ? "" : ": \(self.reason)"
        return "SigV4Error.\(self.code)\(what) (\(self.file):\(self.line))"
    }

    /// Compares the codes only.
    public static func == (lhs: SigV4Error, rhs: SigV4Error) -> Bool {
        lhs.code == rhs.code
    }

    /// Hashes the code only.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.code)
    }
}
