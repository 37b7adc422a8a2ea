public import AWSSigV4
public import AuthTransport
public import Logging
import Synchronization

/// The credential sources an AWS SDK tries when you configure none, in the SDKs' order.
///
/// At each call the chain looks, in this order, and uses the **first source that is
/// configured**:
///
/// 1. **Environment variables**: `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`
///    (``EnvironmentCredentialsProvider``).
/// 2. **Web identity** (IRSA): `AWS_WEB_IDENTITY_TOKEN_FILE` and `AWS_ROLE_ARN`
///    (``WebIdentityCredentialsProvider``).
/// 3. **Shared files**: the profile `AWS_PROFILE` (or `default`) of the config and credentials
///    files, with its static keys, `role_arn` chains or web identity token file
///    (``ProfileCredentialsProvider``).
/// 4. **Container**: `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` (ECS) or
///    `AWS_CONTAINER_CREDENTIALS_FULL_URI` (EKS Pod Identity) (``ContainerCredentialsProvider``).
/// 5. **Instance metadata** (IMDSv2), unless `AWS_EC2_METADATA_DISABLED=true`
///    (``InstanceMetadataCredentialsProvider``).
///
/// This is the order of the AWS SDK for Java 2.x `DefaultCredentialsProvider` (system
/// properties, environment, web identity token, profile, container, instance profile;
/// <https://docs.aws.amazon.com/sdk-for-java/latest/developer-guide/credentials-chain.html>),
/// of the AWS SDK for PHP
/// (<https://docs.aws.amazon.com/sdk-for-php/v3/developer-guide/guide_credentials_default_chain.html>),
/// and of the AWS SDK for Go v2 `config.LoadDefaultConfig` (`resolveCredentialChain`:
/// environment keys, then `AWS_WEB_IDENTITY_TOKEN_FILE`, then the shared profile, whose
/// resolution falls through to the container endpoint and then IMDS). The AWS SDKs and Tools
/// Reference Guide describes the sources
/// (<https://docs.aws.amazon.com/sdkref/latest/guide/standardized-credentials.html>). Web identity comes before the shared files so that an
/// IRSA pod whose image happens to contain a `~/.aws/config` still uses its service account's
/// role. (botocore differs: it checks a profile's `role_arn` before web identity.)
///
/// A source that is configured but fails **stops the chain** with its error instead of falling
/// through to the next one, as in Go v2 and botocore: a pod whose web identity token is rejected
/// must not silently continue with the node's instance role. Only the last step, IMDS, turns its
/// failure into ``AWSCredentialsError/Code/credentialsNotFound``, because not being on EC2 is
/// the usual reason it fails.
///
/// The chain holds no credentials itself; wrap it in a ``RefreshingCredentialsProvider``:
///
/// ```swift
/// let credentials = RefreshingCredentialsProvider(wrapping: DefaultCredentialsChain(transport: transport))
/// ```
public struct DefaultCredentialsChain: AWSCredentialsProvider, CustomStringConvertible, CustomReflectable {
    /// Where variables and files are read.
    public var environment: AWSEnvironment

    private let transport: any HTTPTransport
    /// Built at first use and kept, so the IMDS session token is reused across calls.
    private let instanceMetadata: LazyInstanceMetadata

    /// Creates the chain.
    ///
    /// - Parameters:
    ///   - transport: The transport for STS, container and instance metadata requests.
    ///   - environment: Where variables and files are read; defaults to the process's.
    public init(transport: some HTTPTransport, environment: AWSEnvironment = .process()) {
        self.transport = transport
        self.environment = environment
        self.instanceMetadata = LazyInstanceMetadata()
    }

    /// `defaultChain(<the non-secret settings that decide the source>)`: the access key ID, role
    /// ARN, profile and files, container endpoint and IMDS endpoint, as far as they are set.
    public var identity: AWSCredentialsIdentity {
        let environment = self.environment
        var parts: [String] = []
        if let key = environment.first("AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY") { parts.append("key \(key)") }
        if let role = environment["AWS_ROLE_ARN"] { parts.append("role \(role)") }
        parts.append("profile \(ProfileCredentialsProvider(transport: self.transport, environment: environment).identity.principal)")
        if let relative = environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] {
            parts.append("container \(relative.split(separator: "?").first.map(String.init) ?? relative)")
        } else if let full = environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"] {
            parts.append("container \(EndpointURL(full)?.withoutQuery ?? "invalid")")
        }
        let imdsDisabled = (try? environment.bool("AWS_EC2_METADATA_DISABLED")) ?? nil
        if imdsDisabled != true {
            parts.append("imds \(environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"] ?? environment["AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE"] ?? "default")")
        }
        return AWSCredentialsIdentity(source: "defaultChain", principal: parts.joined(separator: "; "))
    }

    /// Returns the credentials of the first configured source.
    ///
    /// - Parameter logger: Where to log which source was chosen and what it did; never a secret.
    /// - Returns: The credentials.
    /// - Throws: The chosen source's error; ``AWSCredentialsError/Code/credentialsNotFound`` when
    ///   no source is configured (its reason lists what was checked, its ``AWSCredentialsError/underlying``
    ///   is the IMDS failure). `CancellationError` when cancelled.
    public func credentials(logger: Logger?) async throws -> AWSCredentials {
        try Task.checkCancellation()
        let environment = self.environment

        let environmentProvider = EnvironmentCredentialsProvider(environment: environment)
        if environmentProvider.isConfigured {
            logger?.debug("default chain: using environment variables")
            return try environmentProvider.read(logger: logger)
        }

        if let webIdentity = try WebIdentityCredentialsProvider.fromEnvironment(environment, transport: self.transport) {
            logger?.debug("default chain: using web identity", metadata: ["aws.role.arn": "\(webIdentity.roleARN)"])
            return try await webIdentity.credentials(logger: logger)
        }

        let profileProvider = ProfileCredentialsProvider(transport: self.transport, environment: environment)
        if let provider = try profileProvider.resolvedProvider(logger: logger) {
            logger?.debug("default chain: using profile", metadata: ["aws.profile": "\(profileProvider.profileName)"])
            do {
                return try await provider.credentials(logger: logger)
            } catch let error as AWSCredentialsError where error.code == .credentialsNotFound {
                throw AWSCredentialsError(
                    code: .invalidConfiguration, reason: "profile \(profileProvider.profileName): \(error.reason)", underlying: error)
            }
        }

        if let container = try ContainerCredentialsProvider.fromEnvironment(environment, transport: self.transport) {
            logger?.debug("default chain: using the container endpoint", metadata: ["aws.container.endpoint": "\(container.endpointURL.withoutQuery)"])
            return try await container.credentials(logger: logger)
        }

        let checked = "environment variables, web identity, profile \(profileProvider.profileName), container endpoint"
        guard let instanceMetadata = try self.instanceMetadata.provider(environment: environment, transport: self.transport) else {
            throw AWSCredentialsError(
                code: .credentialsNotFound,
                reason: "no credentials found in \(checked); instance metadata is disabled (AWS_EC2_METADATA_DISABLED)")
        }
        logger?.debug("default chain: trying instance metadata")
        do {
            return try await instanceMetadata.credentials(logger: logger)
        } catch let error as AWSCredentialsError {
            throw AWSCredentialsError(
                code: .credentialsNotFound, reason: "no credentials found in \(checked) or instance metadata", underlying: error)
        }
    }

    /// Forgets the IMDS session token.
    public func invalidate() async {
        if let imds = self.instanceMetadata.existing { await imds.invalidate() }
    }

    /// `DefaultCredentialsChain(<environment without values>)`.
    public var description: String { "DefaultCredentialsChain(\(self.environment))" }

    /// A mirror with the redacted environment.
    public var customMirror: Mirror {
        Mirror(self, children: ["environment": self.environment], displayStyle: .struct)
    }
}

/// The chain's IMDS provider, made from the environment at first use and then kept.
final class LazyInstanceMetadata: Sendable {
    private let state = Mutex<Result<InstanceMetadataCredentialsProvider?, AWSCredentialsError>?>(nil)

    func provider(environment: AWSEnvironment, transport: any HTTPTransport) throws(AWSCredentialsError) -> InstanceMetadataCredentialsProvider? {
        let result = self.state.withLock { state in
            if let state { return state }
            let made = Result { () throws(AWSCredentialsError) in
                try InstanceMetadataCredentialsProvider.fromEnvironment(environment, transport: transport)
            }
            state = made
            return made
        }
        return try result.get()
    }

    var existing: InstanceMetadataCredentialsProvider? {
        self.state.withLock { state in
            if case .success(let provider?) = state { return provider }
            return nil
        }
    }
}
