/// An error thrown by a credentials provider.
///
/// Check ``code`` to decide what to do. When AWS (STS, the container endpoint, the instance
/// metadata service) answered with an error, ``awsErrorCode`` holds its code exactly as sent
/// (`SignatureDoesNotMatch`, `InvalidIdentityToken`, …), ``requestID`` the request ID to quote to
/// AWS support, and ``httpStatus`` the status.
///
/// ``description`` says what went wrong and where and never contains a secret: no secret access
/// key, session token, web identity token or container authorization token. AWS's own error
/// message is included only after anything resembling those secrets has been removed from it.
/// Equality and hashing compare the code only, so tests can write
/// `#expect(throws: AWSCredentialsError(code: .signatureDoesNotMatch))`.
public struct AWSCredentialsError: Error, Hashable, CustomStringConvertible, Sendable {
    /// The kind of problem. New codes may be added in minor releases.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) {
            self.name = name
        }

        /// The provider found nothing to work with: its environment variables, profile or files
        /// are absent. A chain moves on to its next provider only on this code.
        public static let credentialsNotFound = Code("credentialsNotFound")
        /// A setting is present but unusable: a malformed URL, a role session name AWS would
        /// reject, an access key without its secret, a profile that names no credential source.
        public static let invalidConfiguration = Code("invalidConfiguration")
        /// The profile named by `AWS_PROFILE` (or in code, or by `source_profile`) is in neither
        /// the config nor the credentials file.
        public static let profileNotFound = Code("profileNotFound")
        /// `source_profile` references lead back to a profile already in the chain, and that
        /// profile has no static keys to end it.
        public static let profileCycle = Code("profileCycle")
        /// The profile uses a credential source this package does not implement
        /// (`credential_process`, IAM Identity Center `sso_*`, `login_session`).
        public static let unsupportedCredentialSource = Code("unsupportedCredentialSource")
        /// A configured endpoint is not allowed: a container credentials URL whose host is not
        /// loopback, the ECS or EKS link-local address, and whose scheme is not `https`.
        public static let endpointNotAllowed = Code("endpointNotAllowed")
        /// A file (config, credentials, web identity token, authorization token) exists but could
        /// not be read, or is larger than the provider accepts.
        public static let fileUnreadable = Code("fileUnreadable")
        /// The service answered with something that is not a valid credentials response:
        /// malformed XML or JSON, missing fields, an unparseable expiry.
        public static let invalidResponse = Code("invalidResponse")
        /// The request's signature did not match (`SignatureDoesNotMatch`): the secret access
        /// key is wrong, or the request was changed after signing.
        public static let signatureDoesNotMatch = Code("signatureDoesNotMatch")
        /// AWS does not know the access key ID or session token (`InvalidClientTokenId`,
        /// `UnrecognizedClientException`).
        public static let unrecognizedAccessKey = Code("unrecognizedAccessKey")
        /// The caller is not allowed to do this (`AccessDenied`), for example the role's trust
        /// policy does not name the caller.
        public static let accessDenied = Code("accessDenied")
        /// The credentials or token used have expired (`ExpiredToken`, `ExpiredTokenException`).
        public static let expiredToken = Code("expiredToken")
        /// STS rejected the web identity token (`InvalidIdentityToken`): wrong audience or
        /// issuer, expired, or not signed by a provider the account trusts.
        public static let invalidIdentityToken = Code("invalidIdentityToken")
        /// The service throttled the request (`Throttling`, `ThrottlingException`, HTTP 429).
        public static let throttled = Code("throttled")
        /// The service answered with another error; ``AWSCredentialsError/awsErrorCode`` has its code.
        public static let serviceError = Code("serviceError")
        /// The transport failed (connection refused, timeout); ``AWSCredentialsError/underlying``
        /// holds its error.
        public static let transportFailed = Code("transportFailed")
        /// The credentials obtained, or the only ones left in a cache, have expired.
        public static let credentialsExpired = Code("credentialsExpired")

        /// The code's name, for example `signatureDoesNotMatch`.
        public var description: String { self.name }
    }

    /// What went wrong.
    public var code: Code

    /// What was wrong and where. Never holds a secret.
    public var reason: String

    /// The error code AWS sent, exactly as sent (`SignatureDoesNotMatch`), or `nil` when the
    /// error did not come from an AWS response.
    public var awsErrorCode: String?

    /// The request ID of the failed AWS request, for AWS support, or `nil`.
    public var requestID: String?

    /// The HTTP status of the failed response, or `nil` when there was no response.
    public var httpStatus: Int?

    /// The error that caused this one (a transport error, a file system error), if any.
    public var underlying: (any Error)?

    private var file: String
    private var line: UInt

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: What went wrong.
    ///   - reason: What was wrong and where; must not contain secrets.
    ///   - awsErrorCode: The error code from an AWS response, if any.
    ///   - requestID: The AWS request ID, if any.
    ///   - httpStatus: The HTTP status of the failed response, if any.
    ///   - underlying: The error that caused this one, if any.
    ///   - file: The file that throws; defaults to the caller's.
    ///   - line: The line that throws; defaults to the caller's.
    public init(
        code: Code,
        reason: String = "",
        awsErrorCode: String? = nil,
        requestID: String? = nil,
        httpStatus: Int? = nil,
        underlying: (any Error)? = nil,
        file: String = #fileID,
        line: UInt = #line
    ) {
        self.code = code
        self.reason = reason
        self.awsErrorCode = awsErrorCode
        self.requestID = requestID
        self.httpStatus = httpStatus
        self.underlying = underlying
        self.file = file
        self.line = line
    }

    /// Whether trying again later may succeed: throttling, a 5xx answer, a transport failure,
    /// STS's `IDPCommunicationError`. Configuration errors, rejected keys and rejected tokens are
    /// not retryable.
    public var isRetryable: Bool {
        switch self.code {
        case .throttled, .transportFailed:
            return true
        case .serviceError, .invalidResponse:
            if let status = self.httpStatus, status >= 500 { return true }
            return self.awsErrorCode == "IDPCommunicationError" || self.awsErrorCode == "InternalFailure"
                || self.awsErrorCode == "ServiceUnavailable"
        default:
            return false
        }
    }

    /// `AWSCredentialsError.<code>: <reason> [HTTP <status>, AWS error <code>, request ID <id>] (<file>:<line>)`.
    public var description: String {
        var text = "AWSCredentialsError.\(self.code)"
        if !self.reason.isEmpty { text += ": \(self.reason)" }
        var details: [String] = []
        if let status = self.httpStatus { details.append("HTTP \(status)") }
        if let awsCode = self.awsErrorCode { details.append("AWS error \(awsCode)") }
        if let requestID = self.requestID { details.append("request ID \(requestID)") }
        if let underlying = self.underlying { details.append("caused by \(underlying)") }
        if !details.isEmpty { text += " [\(details.joined(separator: ", "))]" }
        return text + " (\(self.file):\(self.line))"
    }

    /// Compares the codes only.
    public static func == (lhs: AWSCredentialsError, rhs: AWSCredentialsError) -> Bool {
        lhs.code == rhs.code
    }

    /// Hashes the code only.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.code)
    }
}
