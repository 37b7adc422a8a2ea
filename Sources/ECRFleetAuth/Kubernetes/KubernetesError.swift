/// An error from the Kubernetes Secret client or from loading its configuration.
///
/// Check ``code`` to decide what to do. When the API server answered, ``httpStatus`` holds the
/// status, and ``apiReason`` and ``apiMessage`` the `reason` and `message` of the `Status` object
/// it sent (`NotFound`, `secrets "ecr-credentials" not found`).
///
/// ``description`` says what went wrong and where and never contains a secret: no bearer token,
/// no client key, no Secret data. The API server's message is included only after every bearer
/// token and Secret value the request carried has been replaced by `<redacted>`, and it is cut
/// to 1024 characters. Equality and hashing compare the code only, so tests can write
/// `#expect(throws: KubernetesError(code: .conflict))`.
public struct KubernetesError: Error, Hashable, CustomStringConvertible, Sendable {
    /// The kind of problem. New codes may be added in minor releases.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) {
            self.name = name
        }

        /// HTTP 401: the API server did not accept the credentials (no token, an expired or
        /// unknown token, no client certificate).
        public static let unauthorized = Code("unauthorized")
        /// HTTP 403: the caller is known but RBAC does not allow the verb on this Secret.
        public static let forbidden = Code("forbidden")
        /// HTTP 404: no Secret with that name in that namespace (or the namespace does not exist).
        public static let notFound = Code("notFound")
        /// HTTP 409 with reason `Conflict`: the Secret changed since it was read (its
        /// `resourceVersion` or `uid` no longer matches). ``KubernetesSecretClient/apply(_:logger:)``
        /// re-reads and retries; this code reaches callers when the retries ran out.
        public static let conflict = Code("conflict")
        /// HTTP 409 with reason `AlreadyExists`: a create found a Secret with that name.
        public static let alreadyExists = Code("alreadyExists")
        /// HTTP 422: the API server rejected the Secret (an invalid name or key, too much data, a
        /// changed `type`, data changed on an immutable Secret).
        public static let invalid = Code("invalid")
        /// HTTP 400: the API server could not read the request.
        public static let badRequest = Code("badRequest")
        /// HTTP 429: the API server throttled the request; ``KubernetesError/retryAfter`` may say
        /// for how long.
        public static let tooManyRequests = Code("tooManyRequests")
        /// HTTP 5xx: the API server failed.
        public static let serverError = Code("serverError")
        /// Any other status (a 3xx redirect, which is never followed, 405, 413, 415, …).
        public static let unexpectedStatus = Code("unexpectedStatus")
        /// The response is not what the API sends: not JSON, not a Secret, a Secret with another
        /// name or namespace, data that is not base64.
        public static let invalidResponse = Code("invalidResponse")
        /// The response body is larger than
        /// ``KubernetesSecretClient/Options-swift.struct/maximumResponseBodySize``.
        public static let responseTooLarge = Code("responseTooLarge")
        /// The transport failed (connection refused, TLS failure, timeout);
        /// ``KubernetesError/underlying`` holds its error.
        public static let transportFailed = Code("transportFailed")
        /// The Secret, name or namespace given to the client is not one Kubernetes accepts, or
        /// the change cannot be made without deleting the Secret (a different `type`). Nothing
        /// was sent.
        public static let invalidSecret = Code("invalidSecret")
        /// There is no configuration to load: not in a cluster (`KUBERNETES_SERVICE_HOST` unset)
        /// and no kubeconfig file.
        public static let configurationNotFound = Code("configurationNotFound")
        /// The configuration is present but unusable: a malformed kubeconfig, a context, cluster
        /// or user that does not exist, a server URL that is not `http(s)://host[:port][/path]`,
        /// a certificate without its key, a bearer token sent in cleartext to a remote host.
        public static let invalidConfiguration = Code("invalidConfiguration")
        /// The kubeconfig user authenticates with something this package does not implement: an
        /// `exec` credential plugin, an `auth-provider`, a username and password.
        public static let unsupportedAuthentication = Code("unsupportedAuthentication")
        /// A file (kubeconfig, token, certificate, key) exists but cannot be read, is larger
        /// than accepted, or is empty.
        public static let fileUnreadable = Code("fileUnreadable")
        /// A Secret with the name exists but does not carry the label
        /// `app.kubernetes.io/managed-by: ecr-fleet-auth`, and ``FleetECRSecretRotator`` was not
        /// told to adopt it (``FleetECRSecretRotator/Configuration/adoptExistingSecret``). Nothing
        /// was written.
        public static let notManaged = Code("notManaged")

        /// The code's name, for example `conflict`.
        public var description: String { self.name }
    }

    /// What went wrong.
    public var code: Code

    /// What was wrong and where. Never holds a secret.
    public var reason: String

    /// The HTTP status of the API server's answer, or `nil` when there was none.
    public var httpStatus: Int?

    /// The `reason` of the API server's `Status` object (`Conflict`, `AlreadyExists`,
    /// `Invalid`, …), or `nil`.
    public var apiReason: String?

    /// The `message` of the API server's `Status` object with bearer tokens and Secret values
    /// replaced by `<redacted>`, at most 1024 characters; or `nil`.
    public var apiMessage: String?

    /// How long the API server asked the client to wait (`Retry-After`), or `nil`.
    public var retryAfter: Duration?

    /// The error that caused this one (a transport or file system error), if any.
    public var underlying: (any Error)?

    private var file: String
    private var line: UInt

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: What went wrong.
    ///   - reason: What was wrong and where; must not contain secrets.
    ///   - httpStatus: The HTTP status of the API server's answer, if any.
    ///   - apiReason: The `reason` of the API server's `Status`, if any.
    ///   - apiMessage: The `message` of the API server's `Status`, already free of secrets.
    ///   - retryAfter: The wait the API server asked for, if any.
    ///   - underlying: The error that caused this one, if any.
    ///   - file: The file that throws; defaults to the caller's.
    ///   - line: The line that throws; defaults to the caller's.
    public init(
        code: Code,
        reason: String = "",
        httpStatus: Int? = nil,
        apiReason: String? = nil,
        apiMessage: String? = nil,
        retryAfter: Duration? = nil,
        underlying: (any Error)? = nil,
        file: String = #fileID,
        line: UInt = #line
    ) {
        self.code = code
        self.reason = reason
        self.httpStatus = httpStatus
        self.apiReason = apiReason
        self.apiMessage = apiMessage
        self.retryAfter = retryAfter
        self.underlying = underlying
        self.file = file
        self.line = line
    }

    /// Whether the same call may succeed later without any change: a conflict, throttling, a
    /// 5xx answer, a transport failure. Rejected credentials, missing permissions, invalid
    /// Secrets and configuration errors are not retryable.
    public var isRetryable: Bool {
        switch self.code {
        case .conflict, .tooManyRequests, .serverError, .transportFailed:
            return true
        default:
            return false
        }
    }

    /// `KubernetesError.<code>: <reason> [HTTP <status>, reason <apiReason>: <apiMessage>] (<file>:<line>)`.
    public var description: String {
        var text = "KubernetesError.\(self.code)"
        if !self.reason.isEmpty { text += ": \(self.reason)" }
        var details: [String] = []
        if let status = self.httpStatus { details.append("HTTP \(status)") }
        if let apiReason = self.apiReason {
            details.append("reason \(apiReason)" + (self.apiMessage.map { ": \($0)" } ?? ""))
        } else if let apiMessage = self.apiMessage {
            details.append("message: \(apiMessage)")
        }
        if let retryAfter = self.retryAfter { details.append("retry after \(retryAfter)") }
        if let underlying = self.underlying { details.append("caused by \(underlying)") }
        if !details.isEmpty { text += " [\(details.joined(separator: ", "))]" }
        return text + " (\(self.file):\(self.line))"
    }

    /// Compares the codes only.
    public static func == (lhs: KubernetesError, rhs: KubernetesError) -> Bool {
        lhs.code == rhs.code
    }

    /// Hashes the code only.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.code)
    }
}
