public import AWSSigV4
public import AuthTransport
public import Logging

/// Role credentials obtained with other credentials: STS `AssumeRole`, signed with SigV4 by the
/// credentials of a source provider.
///
/// Use it to reach a role in another account (with an `externalID` when the role's trust policy
/// asks for one), or to chain roles. Profiles with `role_arn` and `source_profile` or
/// `credential_source` build this provider (see ``ProfileCredentialsProvider``).
///
/// ```swift
/// let provider = AssumeRoleCredentialsProvider(
///     roleARN: "arn:aws:iam::444455556666:role/registry-reader",
///     externalID: "fleet-prod",
///     source: DefaultCredentialsChain(transport: transport),
///     sts: STSEndpointConfiguration(region: "eu-central-1"),
///     transport: transport
/// )
/// ```
///
/// Each call fetches source credentials and calls STS. Wrap the provider in a
/// ``RefreshingCredentialsProvider`` so both happen only when the role credentials are about to
/// expire.
public struct AssumeRoleCredentialsProvider: AWSCredentialsProvider, CustomStringConvertible, CustomReflectable {
    /// The ARN of the role to assume.
    public var roleARN: String
    /// The role session name, or `nil` to generate `swift-ecr-fleet-auth-<milliseconds>` at each call.
    public var sessionName: String?
    /// The external ID the role's trust policy requires, or `nil`. Never printed.
    public var externalID: String?
    /// The session duration in seconds (900–43200), or `nil` for the role's default (one hour).
    public var durationSeconds: Int?
    /// An inline session policy (JSON), or `nil`.
    public var policy: String?
    /// Which STS endpoint to call.
    public var sts: STSEndpointConfiguration
    /// The clock, which also dates the signature.
    public var environment: AWSEnvironment

    private let source: any AWSCredentialsProvider
    private let transport: any HTTPTransport

    /// Creates a provider.
    ///
    /// - Parameters:
    ///   - roleARN: The ARN of the role to assume.
    ///   - sessionName: The role session name, or `nil` to generate one.
    ///   - externalID: The external ID, or `nil`.
    ///   - durationSeconds: The session duration (900–43200 seconds), or `nil` for the default.
    ///   - policy: An inline session policy, or `nil`.
    ///   - source: The provider whose credentials sign the `AssumeRole` request.
    ///   - sts: Which STS endpoint to call.
    ///   - transport: The transport that sends the STS request.
    ///   - environment: The clock used for the signature and the generated session name.
    public init(
        roleARN: String,
        sessionName: String? = nil,
        externalID: String? = nil,
        durationSeconds: Int? = nil,
        policy: String? = nil,
        source: some AWSCredentialsProvider,
        sts: STSEndpointConfiguration,
        transport: some HTTPTransport,
        environment: AWSEnvironment = .process()
    ) {
        self.roleARN = roleARN
        self.sessionName = sessionName
        self.externalID = externalID
        self.durationSeconds = durationSeconds
        self.policy = policy
        self.source = source
        self.sts = sts
        self.transport = transport
        self.environment = environment
    }

    /// `assumeRole(<role ARN> via <source identity>)`.
    public var identity: AWSCredentialsIdentity {
        let source = self.source.identity
        return AWSCredentialsIdentity(source: "assumeRole", principal: "\(self.roleARN) via \(source.source)(\(source.principal))")
    }

    /// Fetches source credentials and exchanges them for role credentials.
    ///
    /// - Parameter logger: Where to log the source and STS calls; never a secret.
    /// - Returns: Temporary credentials with their expiry.
    /// - Throws: The source provider's errors; ``AWSCredentialsError`` with
    ///   `invalidConfiguration` for parameters STS would reject, and `signatureDoesNotMatch`,
    ///   `unrecognizedAccessKey`, `accessDenied`, `expiredToken`, `throttled`, `serviceError`,
    ///   `transportFailed` or `invalidResponse` from the STS call. `CancellationError` when
    ///   cancelled.
    public func credentials(logger: Logger?) async throws -> AWSCredentials {
        try Task.checkCancellation()
        try STSParameters.validateRoleARN(self.roleARN)
        try STSParameters.validateDuration(self.durationSeconds)
        try STSParameters.validateExternalID(self.externalID)
        let now = self.environment.now()
        let sessionName = self.sessionName ?? STSParameters.defaultSessionName(now: now)
        try STSParameters.validateSessionName(sessionName)

        let sourceCredentials = try await self.source.credentials(logger: logger)
        try Task.checkCancellation()
        let client = STSClient(transport: self.transport, configuration: self.sts)
        let result = try await client.assumeRole(
            roleARN: self.roleARN, sessionName: sessionName, externalID: self.externalID,
            durationSeconds: self.durationSeconds, policy: self.policy, sourceCredentials: sourceCredentials,
            date: self.environment.now(), logger: logger)
        return result.credentials
    }

    /// Forgets the source provider's cached credentials too.
    public func invalidate() async {
        await self.source.invalidate()
    }

    /// The role, session name and source; never the external ID.
    public var description: String {
        "AssumeRoleCredentialsProvider(roleARN: \(self.roleARN), sessionName: \(self.sessionName ?? "generated"), "
            + "externalID: \(self.externalID == nil ? "nil" : "<redacted>"), source: \(self.source.identity))"
    }

    /// A mirror with the same fields as ``description``.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "roleARN": self.roleARN, "sessionName": self.sessionName as Any,
                "externalID": self.externalID == nil ? "nil" : "<redacted>", "durationSeconds": self.durationSeconds as Any,
                "source": "\(self.source.identity)", "sts": self.sts,
            ],
            displayStyle: .struct)
    }
}
