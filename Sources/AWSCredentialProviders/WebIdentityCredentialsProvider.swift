public import AWSSigV4
public import AuthTransport
public import Logging

/// Role credentials for a web identity token: IAM Roles for Service Accounts (IRSA) in EKS, and
/// any other OIDC federation.
///
/// Each call reads the token file again (Kubernetes rotates projected service account tokens,
/// typically every hour) and calls STS `AssumeRoleWithWebIdentity`, which is not signed: the
/// token is the proof. The result is temporary credentials with an expiry; wrap the provider in
/// a ``RefreshingCredentialsProvider`` (the ``DefaultCredentialsChain`` is usually wrapped) so
/// STS is called only when they are about to expire.
///
/// In an EKS pod with IRSA, the pod identity webhook sets `AWS_ROLE_ARN`,
/// `AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_REGION` and `AWS_STS_REGIONAL_ENDPOINTS`;
/// ``fromEnvironment(_:transport:)`` reads them:
///
/// ```swift
/// if let provider = try WebIdentityCredentialsProvider.fromEnvironment(.process(), transport: transport) {
///     let credentials = try await provider.credentials(logger: logger)
/// }
/// ```
///
/// The token is never logged, never kept after the call and never appears in an error: if STS
/// echoes it in an error message, it is removed.
public struct WebIdentityCredentialsProvider: AWSCredentialsProvider, CustomStringConvertible, CustomReflectable {
    /// The largest token file accepted: 64 KiB (a Kubernetes service account token is about 1 KiB).
    public static let maximumTokenFileSize = 64 * 1024

    /// The ARN of the role to assume.
    public var roleARN: String
    /// The path of the file holding the token, read at every call.
    public var tokenFile: String
    /// The role session name, or `nil` to generate `swift-ecr-fleet-auth-<milliseconds>` at each call.
    public var sessionName: String?
    /// The session duration in seconds (900–43200), or `nil` for the role's default (one hour).
    public var durationSeconds: Int?
    /// An inline session policy (JSON) that narrows the role's permissions, or `nil`.
    public var policy: String?
    /// Which STS endpoint to call.
    public var sts: STSEndpointConfiguration
    /// The file system the token is read from, and the clock.
    public var environment: AWSEnvironment

    private let transport: any HTTPTransport

    /// Creates a provider.
    ///
    /// - Parameters:
    ///   - roleARN: The ARN of the role to assume.
    ///   - tokenFile: The path of the token file; `~/` is expanded.
    ///   - sessionName: The role session name, or `nil` to generate one.
    ///   - durationSeconds: The session duration (900–43200 seconds), or `nil` for the default.
    ///   - policy: An inline session policy, or `nil`.
    ///   - sts: Which STS endpoint to call.
    ///   - transport: The transport that sends the STS request.
    ///   - environment: Where the token file is read, and the clock.
    public init(
        roleARN: String,
        tokenFile: String,
        sessionName: String? = nil,
        durationSeconds: Int? = nil,
        policy: String? = nil,
        sts: STSEndpointConfiguration,
        transport: some HTTPTransport,
        environment: AWSEnvironment = .process()
    ) {
        self.roleARN = roleARN
        self.tokenFile = tokenFile
        self.sessionName = sessionName
        self.durationSeconds = durationSeconds
        self.policy = policy
        self.sts = sts
        self.transport = transport
        self.environment = environment
    }

    /// The provider the environment configures: `AWS_ROLE_ARN`, `AWS_WEB_IDENTITY_TOKEN_FILE`,
    /// optional `AWS_ROLE_SESSION_NAME`, and the STS settings of
    /// ``STSEndpointConfiguration/fromEnvironment(_:profileRegion:)``.
    ///
    /// - Parameters:
    ///   - environment: The environment to read.
    ///   - transport: The transport that sends the STS request.
    /// - Returns: The provider, or `nil` when neither `AWS_WEB_IDENTITY_TOKEN_FILE` nor
    ///   `AWS_ROLE_ARN` is set.
    /// - Throws: ``AWSCredentialsError/Code/invalidConfiguration`` when only one of the two is
    ///   set, or an STS setting is malformed.
    public static func fromEnvironment(
        _ environment: AWSEnvironment,
        transport: some HTTPTransport
    ) throws(AWSCredentialsError) -> WebIdentityCredentialsProvider? {
        let tokenFile = environment["AWS_WEB_IDENTITY_TOKEN_FILE"]
        let roleARN = environment["AWS_ROLE_ARN"]
        switch (tokenFile, roleARN) {
        case (nil, nil):
            return nil
        case (nil, _?):
            // AWS_ROLE_ARN alone is also read by other tools (and by EKS Pod Identity setups); it
            // does not configure web identity without a token file.
            return nil
        case (_?, nil):
            throw AWSCredentialsError(
                code: .invalidConfiguration, reason: "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not")
        case (let tokenFile?, let roleARN?):
            return WebIdentityCredentialsProvider(
                roleARN: roleARN, tokenFile: tokenFile, sessionName: environment["AWS_ROLE_SESSION_NAME"],
                sts: try STSEndpointConfiguration.fromEnvironment(environment), transport: transport,
                environment: environment)
        }
    }

    /// `webIdentity(<role ARN>)`.
    public var identity: AWSCredentialsIdentity {
        AWSCredentialsIdentity(source: "webIdentity", principal: self.roleARN)
    }

    /// Reads the token and exchanges it for role credentials.
    ///
    /// - Parameter logger: Where to log the STS call (endpoint, role, session name, request ID;
    ///   never the token).
    /// - Returns: Temporary credentials with their expiry.
    /// - Throws: ``AWSCredentialsError``: `fileUnreadable` or `invalidConfiguration` for a
    ///   missing, empty or oversized token file; `invalidIdentityToken`, `accessDenied`,
    ///   `expiredToken`, `throttled` or `serviceError` as STS answers; `transportFailed`;
    ///   `invalidResponse`. `CancellationError` when cancelled.
    public func credentials(logger: Logger?) async throws -> AWSCredentials {
        try Task.checkCancellation()
        try STSParameters.validateRoleARN(self.roleARN)
        try STSParameters.validateDuration(self.durationSeconds)
        let sessionName = self.sessionName ?? STSParameters.defaultSessionName(now: self.environment.now())
        try STSParameters.validateSessionName(sessionName)
        let token = try self.readToken()
        let client = STSClient(transport: self.transport, configuration: self.sts)
        let result = try await client.assumeRoleWithWebIdentity(
            roleARN: self.roleARN, sessionName: sessionName, token: token, durationSeconds: self.durationSeconds,
            policy: self.policy, logger: logger)
        return result.credentials
    }

    private func readToken() throws(AWSCredentialsError) -> String {
        let bytes: [UInt8]?
        do {
            bytes = try self.environment.readFile(self.tokenFile, limit: Self.maximumTokenFileSize)
        } catch let error as AWSCredentialsError {
            throw error
        } catch {
            throw AWSCredentialsError(code: .fileUnreadable, reason: "cannot read the web identity token file \(self.tokenFile)", underlying: error)
        }
        guard let bytes else {
            throw AWSCredentialsError(
                code: .fileUnreadable, reason: "the web identity token file \(self.tokenFile) does not exist")
        }
        let token = String(decoding: bytes, as: UTF8.self).trimmingASCIIWhitespace()
        guard !token.isEmpty else {
            throw AWSCredentialsError(code: .invalidConfiguration, reason: "the web identity token file \(self.tokenFile) is empty")
        }
        return token
    }

    /// The role, token file path, session name and endpoint; never the token.
    public var description: String {
        "WebIdentityCredentialsProvider(roleARN: \(self.roleARN), tokenFile: \(self.tokenFile), "
            + "sessionName: \(self.sessionName ?? "generated"), sts: \(self.sts.endpoint.map { "\($0)" } ?? self.sts.region ?? "global"))"
    }

    /// A mirror with the same fields as ``description``.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "roleARN": self.roleARN, "tokenFile": self.tokenFile, "sessionName": self.sessionName as Any,
                "durationSeconds": self.durationSeconds as Any, "sts": self.sts,
            ],
            displayStyle: .struct)
    }
}
