public import AWSCredentialProviders
import AWSSigV4
public import AuthTransport
import HTTPTypes
import Logging
public import OCIReference
import Synchronization

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Calls ECR's (or ECR Public's) `GetAuthorizationToken` over your transport, signed with your
/// credentials, and returns the decoded ``ECRAuthorizationToken``.
///
/// ```swift
/// let client = ECRClient(
///     transport: URLSessionHTTPTransport(),
///     credentials: RefreshingCredentialsProvider(wrapping: DefaultCredentialsChain(transport: transport)),
///     region: "eu-central-1"
/// )
/// let registry = ECRRegistry("123456789012.dkr.ecr.eu-central-1.amazonaws.com")
/// let token = try await client.authorizationToken(for: registry)
/// ```
///
/// - **Endpoints.** The registry decides the region, partition and API: its host's region and
///   suffix, FIPS for a `dkr.ecr-fips` host, dual-stack for a `dkr-ecr…on.aws` host, ECR Public
///   (in `us-east-1`) for `public.ecr.aws`. Without a registry the client's region is used.
///   ``endpoint(for:)`` shows the result; <doc:ECREndpoints> lists every rule.
/// - **Retries.** Throttling, 5xx answers and transport failures are retried as the AWS SDKs'
///   standard mode does (``ECRRetryPolicy``), waiting through the injected
///   ``Configuration/sleep``; cancellation stops the call between attempts.
/// - **Clock skew.** The client compares every response's `Date` header with its clock. When
///   they disagree by ``Configuration/clockSkewThreshold`` or more, it remembers the offset
///   (shared by copies of the client), signs with the corrected time from then on, and — when
///   ECR rejected the signing time — signs again and retries once at once.
/// - **Rejected credentials.** When ECR rejects the credentials (`ExpiredTokenException`,
///   `UnrecognizedClientException`, a signature error), the client calls the provider's
///   `invalidate()` and, if the provider then returns different credentials, retries once.
/// - **Errors** are ``ECRAuthError`` values classified by ECR's error code, never by the
///   status alone, and never hold a secret.
///
/// The client returns the token as ECR issued it, even one that has already expired (as
/// `moto_server` issues them): check ``ECRAuthorizationToken/isExpired(now:margin:)``, or use
/// ``ECRTokenCache``, which never returns an expired token.
public struct ECRClient: Sendable {
    /// The region for calls without a registry, for example `eu-central-1`.
    public let region: String

    /// The endpoint every request is sent to instead of the resolved one, or `nil`.
    public let endpoint: URL?

    /// Endpoint variants, retries, clock, randomness and sleep.
    public let configuration: Configuration

    let transport: any HTTPTransport
    let credentials: any AWSCredentialsProvider
    let state: SharedState

    /// Creates a client.
    ///
    /// - Parameters:
    ///   - transport: Sends the requests.
    ///   - credentials: Signs the requests; wrap your source in a `RefreshingCredentialsProvider`.
    ///   - region: The region for calls without a registry.
    ///   - endpoint: A URL that replaces every resolved endpoint (for example a test server);
    ///     requests are still signed for the registry's region.
    public init(
        transport: some HTTPTransport,
        credentials: some AWSCredentialsProvider,
        region: String,
        endpoint: URL? = nil
    ) {
        self.init(transport: transport, credentials: credentials, region: region, endpoint: endpoint, configuration: Configuration())
    }

    /// Creates a client with a configuration.
    ///
    /// - Parameters:
    ///   - transport: Sends the requests.
    ///   - credentials: Signs the requests; wrap your source in a `RefreshingCredentialsProvider`.
    ///   - region: The region for calls without a registry.
    ///   - endpoint: A URL that replaces every resolved endpoint, or `nil`.
    ///   - configuration: Endpoint variants, retries, clock, randomness and sleep.
    public init(
        transport: some HTTPTransport,
        credentials: some AWSCredentialsProvider,
        region: String,
        endpoint: URL? = nil,
        configuration: Configuration
    ) {
        self.transport = transport
        self.credentials = credentials
        self.region = region
        self.endpoint = endpoint
        self.configuration = configuration
        self.state = SharedState()
    }

    /// Who the credentials belong to (the provider's identity): never a secret.
    public var credentialsIdentity: AWSCredentialsIdentity {
        self.credentials.identity
    }

    /// The server's clock minus the local clock, in seconds, as the client last measured it
    /// from a response's `Date` header; 0 until a disagreement of at least
    /// ``Configuration/clockSkewThreshold`` was seen.
    public var clockOffset: TimeInterval {
        self.state.clockOffset.withLock { $0 }
    }

    // MARK: Endpoints

    /// Where the `GetAuthorizationToken` call for `registry` goes and how it is signed.
    ///
    /// - Parameter registry: The registry, or `nil` for the caller's default registry in
    ///   ``region``.
    /// - Returns: The endpoint URL, signing name and region, and target.
    /// - Throws: ``ECRAuthError/Code/invalidConfiguration`` for a region that is not a region
    ///   name, an endpoint override that is not an absolute `http(s)` URL without a query, or an
    ///   endpoint override together with ``Configuration/useFIPS`` or
    ///   ``Configuration/useDualStack`` (the SDKs refuse both combinations).
    public func endpoint(for registry: ECRRegistry?) throws(ECRAuthError) -> ECREndpoint {
        let isPublic = registry?.isPublic ?? false
        let region = isPublic ? ECREndpoint.publicRegion : (registry?.region ?? self.region)
        guard Self.isValidRegion(region) else {
            throw ECRAuthError(
                code: .invalidConfiguration, reason: "\"\(Self.short(region))\" is not an AWS region name (lowercase letters, digits, '-')")
        }
        let signingName = isPublic ? ECREndpoint.publicSigningName : ECREndpoint.privateSigningName
        let target = isPublic ? ECREndpoint.publicTarget : ECREndpoint.privateTarget

        if let override = self.endpoint ?? (isPublic ? self.configuration.configuredPublicEndpoint : self.configuration.configuredEndpoint) {
            if self.configuration.useFIPS {
                throw ECRAuthError(code: .invalidConfiguration, reason: "FIPS and a custom endpoint cannot be combined")
            }
            if self.configuration.useDualStack {
                throw ECRAuthError(code: .invalidConfiguration, reason: "dual-stack and a custom endpoint cannot be combined")
            }
            guard let parts = EndpointURL(override.absoluteString) else {
                throw ECRAuthError(code: .invalidConfiguration, reason: "the endpoint \(override) is not an absolute http(s) URL")
            }
            guard !parts.pathAndQuery.contains("?") else {
                throw ECRAuthError(code: .invalidConfiguration, reason: "the endpoint \(parts.withoutQuery) has a query")
            }
            let path = parts.pathAndQuery.hasSuffix("/") ? parts.pathAndQuery : parts.pathAndQuery + "/"
            return ECREndpoint(
                scheme: parts.scheme, authority: parts.authority, path: path, signingName: signingName, signingRegion: region,
                target: target, isPublic: isPublic)
        }

        let fips = self.configuration.useFIPS || (registry?.isFIPS ?? false)
        let dualStack = self.configuration.useDualStack || (registry?.isDualStack ?? false)
        let partition: ECRPartition
        if let registry, !isPublic {
            partition = registry.partition
        } else {
            partition = ECRPartition(id: AWSPartition(region: region).id) ?? .aws
        }
        let host: String
        switch (isPublic, fips, dualStack) {
        case (false, false, false): host = "api.ecr.\(region).\(partition.dnsSuffix)"
        case (false, false, true): host = "ecr.\(region).\(partition.dualStackDNSSuffix)"
        case (false, true, false): host = "api.ecr-fips.\(region).\(partition.dnsSuffix)"
        case (false, true, true): host = "ecr-fips.\(region).\(partition.dualStackDNSSuffix)"
        case (true, false, false): host = "api.ecr-public.\(region).\(partition.dnsSuffix)"
        case (true, false, true):
            host = partition.id == "aws"
                ? "ecr-public.\(region).api.aws" : "api.ecr-public.\(region).\(partition.dualStackDNSSuffix)"
        case (true, true, false): host = "api.ecr-public-fips.\(region).\(partition.dnsSuffix)"
        case (true, true, true): host = "api.ecr-public-fips.\(region).\(partition.dualStackDNSSuffix)"
        }
        return ECREndpoint(
            scheme: "https", authority: host, path: "/", signingName: signingName, signingRegion: region, target: target,
            isPublic: isPublic)
    }

    /// A region name: 1–63 lowercase letters, digits and hyphens, starting with a letter.
    static func isValidRegion(_ region: String) -> Bool {
        let bytes = region.utf8
        guard let first = bytes.first, bytes.count <= 63, first >= 0x61, first <= 0x7A else { return false }
        return bytes.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: "-") }
    }

    static func short(_ text: String) -> String {
        let printable = String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : $0 }))
        return printable.count > 64 ? String(printable.prefix(64)) + "…" : printable
    }
}

extension ECRClient {
    /// State that copies of a client share: the measured clock offset.
    final class SharedState: Sendable {
        let clockOffset = Mutex<TimeInterval>(0)
    }
}

extension ECRClient: CustomStringConvertible, CustomReflectable {
    /// The region, endpoint and credentials identity; never a secret.
    public var description: String {
        "ECRClient(region: \(self.region), endpoint: \(self.endpoint.map { "\($0)" } ?? "resolved"), "
            + "credentials: \(self.credentials.identity))"
    }

    /// A mirror without the transport and provider internals.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "region": self.region, "endpoint": self.endpoint.map { "\($0)" } ?? "resolved",
                "credentials": "\(self.credentials.identity)", "useFIPS": self.configuration.useFIPS,
                "useDualStack": self.configuration.useDualStack,
            ],
            displayStyle: .struct
        )
    }
}
