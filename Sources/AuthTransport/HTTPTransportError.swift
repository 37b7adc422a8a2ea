/// An error thrown by an ``HTTPTransport`` when a request could not be completed.
///
/// Check ``code`` to decide what to do; ``description`` adds a human-readable reason and the
/// place in the source that threw. Equality and hashing compare the code only, so tests can write
/// `#expect(throws: HTTPTransportError(code: .timedOut))`.
///
/// A response with a non-2xx status is not a transport error: transports return it as a response.
public struct HTTPTransportError: Error, Hashable, CustomStringConvertible, Sendable {
    /// The kind of failure. New codes may be added in minor releases.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) {
            self.name = name
        }

        /// The request could not be turned into something the underlying client can send (no
        /// scheme or authority, a path that is not a valid URL).
        public static let invalidRequest = Code("invalidRequest")
        /// The connection could not be established or broke before a complete response arrived.
        public static let connectionFailed = Code("connectionFailed")
        /// The request did not complete within its timeout.
        public static let timedOut = Code("timedOut")
        /// The response body exceeded the transport's size cap and was abandoned.
        public static let responseTooLarge = Code("responseTooLarge")
        /// The calling task was cancelled.
        public static let cancelled = Code("cancelled")
        /// The response could not be understood as HTTP (for example a malformed status line).
        public static let invalidResponse = Code("invalidResponse")

        /// The code's name, for example `timedOut`.
        public var description: String { self.name }
    }

    /// What went wrong.
    public var code: Code

    /// A human-readable explanation. Never contains header values or bodies.
    public var reason: String

    private var file: String
    private var line: UInt

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: What went wrong.
    ///   - reason: A short explanation; must not contain secrets (no header values, no bodies).
    ///   - file: The file that throws; defaults to the caller's.
    ///   - line: The line that throws; defaults to the caller's.
    public init(code: Code, reason: String = "", file: String = #fileID, line: UInt = #line) {
        self.code = code
        self.reason = reason
        self.file = file
        self.line = line
    }

    /// `HTTPTransportError.<code>: <reason> (<file>:<line>)`.
    public var description: String {
        let what = self.reason.isEmpty ? "" : ": \(self.reason)"
        return "HTTPTransportError.\(self.code)\(what) (\(self.file):\(self.line))"
    }

    /// Compares the codes only.
    public static func == (lhs: HTTPTransportError, rhs: HTTPTransportError) -> Bool {
        lhs.code == rhs.code
    }

    /// Hashes the code only.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.code)
    }
}
