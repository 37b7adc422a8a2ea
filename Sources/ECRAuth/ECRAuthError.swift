/// An error thrown by ``ECRClient`` and ``ECRTokenCache``.
///
/// Check ``code`` to decide what to do. When ECR answered with an error, ``awsErrorCode`` holds
/// its code as ECR sent it (`ThrottlingException`, `InvalidSignatureException`,
/// `SignatureDoesNotMatch`, …, with any `namespace#` prefix and `:…` suffix removed),
/// ``requestID`` the request ID to quote to AWS support, and ``httpStatus`` the status.
///
/// ``description`` says what went wrong and where and never contains a secret: no secret access
/// key, session token, authorization token or password. ECR's own message is included only after
/// the signing credentials have been removed from it, and only when it is short.
/// Equality and hashing compare the code only, so tests can write
/// `#expect(throws: ECRAuthError(code: .throttled))`.
public struct ECRAuthError: Error, Hashable, CustomStringConvertible, Sendable {
    /// The kind of problem. New codes may be added in minor releases.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) {
            self.name = name
        }

        /// The client cannot build a request: a region that is not a region name, an endpoint
        /// override that is not an `http(s)` URL, FIPS or dual-stack together with an endpoint
        /// override, or an environment variable with an invalid value.
        public static let invalidConfiguration = Code("invalidConfiguration")
        /// The credentials provider could not provide credentials; ``ECRAuthError/underlying``
        /// holds its `AWSCredentialsError`.
        public static let credentialsUnavailable = Code("credentialsUnavailable")
        /// The request could not be signed with the credentials (for example an empty secret);
        /// ``ECRAuthError/underlying`` holds the `SigV4Error`.
        public static let signingFailed = Code("signingFailed")
        /// The transport failed (connection refused, timeout); ``ECRAuthError/underlying`` holds
        /// its error.
        public static let transportFailed = Code("transportFailed")
        /// ECR throttled the request (`ThrottlingException` and the other throttling codes of the
        /// AWS SDKs, or HTTP 429).
        public static let throttled = Code("throttled")
        /// ECR answered with another error; ``ECRAuthError/awsErrorCode`` has its code and
        /// ``ECRAuthError/httpStatus`` its status (`ServerException` with 500, for example).
        public static let serviceError = Code("serviceError")
        /// The principal may not call `GetAuthorizationToken` (`AccessDeniedException`): its IAM
        /// policy lacks `ecr:GetAuthorizationToken` (or, for ECR Public,
        /// `ecr-public:GetAuthorizationToken` and `sts:GetServiceBearerToken`).
        public static let accessDenied = Code("accessDenied")
        /// The request's signature did not match (`SignatureDoesNotMatch`,
        /// `InvalidSignatureException`): the secret access key is wrong, or the request was
        /// changed after signing.
        public static let signatureDoesNotMatch = Code("signatureDoesNotMatch")
        /// AWS does not know the access key ID or session token (`UnrecognizedClientException`,
        /// `InvalidClientTokenId`, `MissingAuthenticationTokenException`, `AuthFailure`).
        public static let unrecognizedClient = Code("unrecognizedClient")
        /// The signing credentials have expired (`ExpiredTokenException`, `ExpiredToken`).
        public static let expiredCredentials = Code("expiredCredentials")
        /// ECR rejected the signing time (`RequestTimeTooSkewed`, `RequestExpired`,
        /// `RequestInTheFuture`) even after the client corrected its clock from the response's
        /// `Date` header, or the response had no usable `Date` header.
        public static let clockSkew = Code("clockSkew")
        /// ECR answered with something that is not a valid `GetAuthorizationToken` response:
        /// malformed or oversized JSON, missing `authorizationData`, `authorizationToken` or
        /// `expiresAt`, an `expiresAt` that is not a time.
        public static let invalidResponse = Code("invalidResponse")
        /// The authorization token is not base64 of `username:password`: not base64, not
        /// UTF-8, without a `:`, or with an empty user name or password.
        public static let invalidToken = Code("invalidToken")
        /// No valid token can be served: ECR returned a token that has already expired (as
        /// `moto_server` does), or the cached token expired and a refresh failed.
        public static let tokenExpired = Code("tokenExpired")

        /// The code's name, for example `throttled`.
        public var description: String { self.name }
    }

    /// What went wrong.
    public var code: Code

    /// What was wrong and where. Never holds a secret.
    public var reason: String

    /// The error code ECR sent, without its `namespace#` prefix and `:…` suffix, or `nil` when
    /// the error did not come from an ECR response.
    public var awsErrorCode: String?

    /// The request ID of the failed request (`x-amzn-RequestId`), for AWS support, or `nil`.
    public var requestID: String?

    /// The HTTP status of the failed response, or `nil` when there was no response.
    public var httpStatus: Int?

    /// The error that caused this one (an `AWSCredentialsError`, a `SigV4Error`, a transport
    /// error), if any.
    public var underlying: (any Error)?

    private var file: String
    private var line: UInt

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: What went wrong.
    ///   - reason: What was wrong and where; must not contain secrets.
    ///   - awsErrorCode: The error code from an ECR response, if any.
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

    /// Whether the AWS SDKs' standard retry mode would try the request again: throttling, a
    /// transport failure, HTTP 500, 502, 503 or 504, and the transient codes `RequestTimeout`,
    /// `RequestTimeoutException` and `PriorRequestNotComplete`. Rejected credentials, denied
    /// access and malformed answers are not retryable.
    public var isRetryable: Bool {
        switch self.code {
        case .throttled, .transportFailed:
            return true
        case .serviceError, .invalidResponse:
            if let status = self.httpStatus, AWSErrorClassification.transientStatuses.contains(status) {
                return true
            }
            return self.awsErrorCode.map { AWSErrorClassification.transientCodes.contains($0) } ?? false
        default:
            return false
        }
    }

    /// `ECRAuthError.<code>: <reason> [HTTP <status>, AWS error <code>, request ID <id>] (<file>:<line>)`.
    public var description: String {
        var text = "ECRAuthError.\(self.code)"
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
    public static func == (lhs: ECRAuthError, rhs: ECRAuthError) -> Bool {
        lhs.code == rhs.code
    }

    /// Hashes the code only.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.code)
    }
}
