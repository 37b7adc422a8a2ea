public import AWSSigV4
public import AuthTransport
public import Logging

/// Credentials from a profile of the shared config and credentials files.
///
/// The profile is the one given, else `AWS_PROFILE`, else `AWS_DEFAULT_PROFILE`, else `default`.
/// The files are read (see ``AWSSharedConfiguration``) at every call, and the profile's settings
/// decide where credentials come from:
///
/// | settings | credentials |
/// | --- | --- |
/// | `aws_access_key_id`, `aws_secret_access_key` (`aws_session_token`) | those keys |
/// | `role_arn` + `source_profile` | `AssumeRole` with the source profile's credentials (chains allowed, cycles refused) |
/// | `role_arn` + `credential_source` = `Environment`, `Ec2InstanceMetadata`, `EcsContainer` | `AssumeRole` with credentials from that source |
/// | `role_arn` + `web_identity_token_file` | `AssumeRoleWithWebIdentity` with that token file |
///
/// `role_session_name`, `external_id` and `duration_seconds` apply to the role; the profile's
/// `region` selects the STS endpoint unless `AWS_REGION` is set. `credential_process`, IAM
/// Identity Center (`sso_*`) and `mfa_serial` are refused with
/// ``AWSCredentialsError/Code/unsupportedCredentialSource``.
///
/// ```swift
/// let provider = ProfileCredentialsProvider(profile: "registry-reader", transport: transport)
/// ```
public struct ProfileCredentialsProvider: AWSCredentialsProvider, CustomStringConvertible, CustomReflectable {
    /// The profile name given at creation, or `nil` to use `AWS_PROFILE` / `default`.
    public var profile: String?
    /// Where variables and files are read.
    public var environment: AWSEnvironment

    private let transport: any HTTPTransport

    /// Creates a provider.
    ///
    /// - Parameters:
    ///   - profile: The profile to use, or `nil` for `AWS_PROFILE`, `AWS_DEFAULT_PROFILE` or `default`.
    ///   - transport: The transport for STS and container or instance metadata requests.
    ///   - environment: Where variables and files are read.
    public init(profile: String? = nil, transport: some HTTPTransport, environment: AWSEnvironment = .process()) {
        self.profile = profile
        self.transport = transport
        self.environment = environment
    }

    /// The profile this provider reads.
    public var profileName: String {
        self.profile ?? AWSSharedConfiguration.selectedProfileName(in: self.environment)
    }

    /// Whether the profile was named explicitly (in code or by a variable) rather than defaulted.
    private var profileIsExplicit: Bool {
        self.profile != nil || self.environment.first("AWS_PROFILE", "AWS_DEFAULT_PROFILE") != nil
    }

    /// `profile(<name> in <config file>, <credentials file>)`.
    public var identity: AWSCredentialsIdentity {
        let config = self.environment["AWS_CONFIG_FILE"] ?? "~/.aws/config"
        let credentials = self.environment["AWS_SHARED_CREDENTIALS_FILE"] ?? "~/.aws/credentials"
        return AWSCredentialsIdentity(source: "profile", principal: "\(self.profileName) in \(config), \(credentials)")
    }

    /// Reads the files, resolves the profile and fetches its credentials.
    ///
    /// - Parameter logger: Where to log how the profile was resolved; never a secret.
    /// - Returns: The credentials.
    /// - Throws: ``AWSCredentialsError``: `credentialsNotFound` when the profile has no credential
    ///   settings, or is the unnamed `default` and does not exist; `profileNotFound` when a named
    ///   profile does not exist; `profileCycle`, `invalidConfiguration`,
    ///   `unsupportedCredentialSource` and `fileUnreadable` for bad settings; the errors of the
    ///   STS, container and instance metadata calls it makes. `CancellationError` when cancelled.
    public func credentials(logger: Logger?) async throws -> AWSCredentials {
        try Task.checkCancellation()
        guard let provider = try self.resolvedProvider(logger: logger) else {
            throw AWSCredentialsError(
                code: .credentialsNotFound, reason: "profile \(self.profileName) has no credential settings")
        }
        do {
            return try await provider.credentials(logger: logger)
        } catch let error as AWSCredentialsError where error.code == .credentialsNotFound {
            // The profile said where credentials come from; not finding them there is an error,
            // not a reason for a chain to try something else.
            throw AWSCredentialsError(
                code: .invalidConfiguration, reason: "profile \(self.profileName): \(error.reason)",
                underlying: error)
        }
    }

    /// The provider the profile describes, or `nil` when it describes none (or is the unnamed
    /// default profile and does not exist).
    func resolvedProvider(logger: Logger?) throws(AWSCredentialsError) -> (any AWSCredentialsProvider)? {
        let configuration = try AWSSharedConfiguration.load(from: self.environment)
        let name = self.profileName
        guard let topProfile = configuration.profile(named: name) else {
            if self.profileIsExplicit {
                throw AWSCredentialsError(
                    code: .profileNotFound,
                    reason: "profile \(name) is in neither \(configuration.configFilePath ?? "the config file") nor "
                        + "\(configuration.credentialsFilePath ?? "the credentials file")")
            }
            return nil
        }
        guard let plan = try ProfileResolver.plan(for: name, in: configuration) else { return nil }
        logger?.debug("resolved profile", metadata: ["aws.profile": "\(name)", "aws.profile.plan": "\(Self.summary(plan))"])
        let sts = try STSEndpointConfiguration.fromEnvironment(self.environment, profileRegion: topProfile.region)
        return try self.provider(for: plan, sts: sts)
    }

    private func provider(for plan: ProfileCredentialPlan, sts: STSEndpointConfiguration) throws(AWSCredentialsError) -> any AWSCredentialsProvider {
        switch plan {
        case .staticCredentials(let credentials, _):
            return StaticCredentialsProvider(credentials)
        case .environment(let profile):
            let provider = EnvironmentCredentialsProvider(environment: self.environment)
            guard provider.isConfigured else {
                throw AWSCredentialsError(
                    code: .invalidConfiguration,
                    reason: "profile \(profile) has credential_source Environment, but AWS_ACCESS_KEY_ID is not set")
            }
            return provider
        case .instanceMetadata(let profile):
            guard let provider = try InstanceMetadataCredentialsProvider.fromEnvironment(self.environment, transport: self.transport) else {
                throw AWSCredentialsError(
                    code: .invalidConfiguration,
                    reason: "profile \(profile) has credential_source Ec2InstanceMetadata, but AWS_EC2_METADATA_DISABLED is true")
            }
            return provider
        case .container(let profile):
            guard let provider = try ContainerCredentialsProvider.fromEnvironment(self.environment, transport: self.transport) else {
                throw AWSCredentialsError(
                    code: .invalidConfiguration,
                    reason: "profile \(profile) has credential_source EcsContainer, but neither "
                        + "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor AWS_CONTAINER_CREDENTIALS_FULL_URI is set")
            }
            return provider
        case .webIdentity(let roleARN, let tokenFile, let sessionName, _):
            return WebIdentityCredentialsProvider(
                roleARN: roleARN, tokenFile: tokenFile, sessionName: sessionName, sts: sts, transport: self.transport,
                environment: self.environment)
        case .assumeRole(let settings, let source):
            return AssumeRoleCredentialsProvider(
                roleARN: settings.roleARN, sessionName: settings.sessionName, externalID: settings.externalID,
                durationSeconds: settings.durationSeconds, source: ErasedCredentialsProvider(try self.provider(for: source, sts: sts)),
                sts: sts, transport: self.transport, environment: self.environment)
        }
    }

    /// A one-line description of a plan for logs: profiles, roles and sources, no secrets.
    static func summary(_ plan: ProfileCredentialPlan) -> String {
        switch plan {
        case .staticCredentials(_, let profile): return "static keys of \(profile)"
        case .environment(let profile): return "environment (credential_source of \(profile))"
        case .instanceMetadata(let profile): return "instance metadata (credential_source of \(profile))"
        case .container(let profile): return "container endpoint (credential_source of \(profile))"
        case .webIdentity(let roleARN, let tokenFile, _, let profile): return "web identity \(roleARN) with \(tokenFile) (\(profile))"
        case .assumeRole(let settings, let source): return "assume \(settings.roleARN) (\(settings.profile)) with \(summary(source))"
        }
    }

    /// The profile and environment; never a secret.
    public var description: String {
        "ProfileCredentialsProvider(profile: \(self.profileName), environment: \(self.environment))"
    }

    /// A mirror with the profile name and the redacted environment.
    public var customMirror: Mirror {
        Mirror(self, children: ["profile": self.profileName, "environment": self.environment], displayStyle: .struct)
    }
}

/// Wraps an existential provider so it can be passed where `some AWSCredentialsProvider` is expected.
struct ErasedCredentialsProvider: AWSCredentialsProvider {
    let base: any AWSCredentialsProvider

    init(_ base: any AWSCredentialsProvider) {
        self.base = base
    }

    var identity: AWSCredentialsIdentity { self.base.identity }

    func credentials(logger: Logger?) async throws -> AWSCredentials {
        try await self.base.credentials(logger: logger)
    }

    func invalidate() async {
        await self.base.invalidate()
    }
}
