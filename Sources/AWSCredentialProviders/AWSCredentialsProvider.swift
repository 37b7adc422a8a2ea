public import AWSSigV4
public import Logging

/// A source of AWS credentials.
///
/// Every credential source of this module conforms: ``StaticCredentialsProvider``,
/// ``EnvironmentCredentialsProvider``, ``ProfileCredentialsProvider``,
/// ``WebIdentityCredentialsProvider`` (IRSA), ``ContainerCredentialsProvider`` (ECS and EKS Pod
/// Identity), ``InstanceMetadataCredentialsProvider`` (IMDSv2), ``AssumeRoleCredentialsProvider``,
/// the ``DefaultCredentialsChain`` and the ``RefreshingCredentialsProvider`` cache that wraps
/// any of them.
///
/// ```swift
/// let provider = RefreshingCredentialsProvider(
///     wrapping: DefaultCredentialsChain(transport: transport)
/// )
/// let credentials = try await provider.credentials(logger: logger)
/// ```
///
/// ### Implementing a provider
///
/// - Return credentials that are valid now. Temporary credentials carry their
///   `expiration`; callers (and ``RefreshingCredentialsProvider``) use it to refresh in time.
/// - Throw ``AWSCredentialsError`` with ``AWSCredentialsError/Code/credentialsNotFound`` when your
///   source is simply not configured, so a chain can move on; any other error stops a chain.
/// - Honour cancellation: throw `CancellationError` when the calling task is cancelled.
/// - Log through the `logger` you are given, if any, and never log a secret. Never create or
///   configure a logger yourself.
/// - Give a stable, non-secret ``identity`` so caches of things obtained *with* the credentials
///   (ECR tokens) can be keyed by who the caller is, not by the secret.
public protocol AWSCredentialsProvider: Sendable {
    /// Who the credentials of this provider belong to, in words that are stable across
    /// refreshes and never secret: the role ARN, the profile, the endpoint.
    ///
    /// Two providers with the same identity yield credentials for the same principal, so a
    /// cache may key on it.
    var identity: AWSCredentialsIdentity { get }

    /// Returns credentials that are valid now.
    ///
    /// - Parameter logger: Where to log what the provider does, or `nil` for silence. Nothing
    ///   secret is ever logged.
    /// - Returns: The credentials, with their expiry when they are temporary.
    /// - Throws: ``AWSCredentialsError``, or `CancellationError` when the task is cancelled.
    func credentials(logger: Logger?) async throws -> AWSCredentials

    /// Forgets any credentials the provider holds, so the next call fetches fresh ones.
    ///
    /// Call this when AWS rejected credentials the provider returned (for example with
    /// `ExpiredToken`). Providers without a cache do nothing; the default implementation does
    /// nothing.
    func invalidate() async
}

extension AWSCredentialsProvider {
    /// Returns credentials that are valid now, logging nothing.
    ///
    /// - Returns: The credentials, with their expiry when they are temporary.
    /// - Throws: ``AWSCredentialsError``, or `CancellationError` when the task is cancelled.
    public func credentials() async throws -> AWSCredentials {
        try await self.credentials(logger: nil)
    }

    /// Does nothing: this provider keeps no credentials between calls.
    public func invalidate() async {}
}
