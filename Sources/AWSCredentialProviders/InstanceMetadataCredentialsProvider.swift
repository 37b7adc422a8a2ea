public import AWSSigV4
public import AuthTransport
import HTTPTypes
public import Logging
import Synchronization

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Credentials of the EC2 instance profile, from the instance metadata service (IMDS), with
/// IMDSv2 session tokens.
///
/// Each fetch:
///
/// 1. `PUT /latest/api/token` with `X-aws-ec2-metadata-token-ttl-seconds` (6 hours by default)
///    for a session token, reused until shortly before it expires;
/// 2. `GET /latest/meta-data/iam/security-credentials/` for the role name;
/// 3. `GET /latest/meta-data/iam/security-credentials/<role>` for the credentials.
///
/// Falling back to IMDSv1 (the same requests without a token) when the token request is refused
/// as unsupported is **off** by default, because IMDSv1 is what server-side request forgery
/// attacks exploit; turn it on with ``Options/allowIMDSv1Fallback`` only for old instances that
/// need it.
///
/// In EKS, pods reach IMDS only when the node's hop limit allows it; prefer IRSA or Pod Identity,
/// which the ``DefaultCredentialsChain`` tries first.
///
/// ``fromEnvironment(_:transport:)`` reads `AWS_EC2_METADATA_DISABLED`,
/// `AWS_EC2_METADATA_SERVICE_ENDPOINT` and `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE` (`IPv4`:
/// `http://169.254.169.254`, `IPv6`: `http://[fd00:ec2::254]`), or, when neither variable is
/// set, the selected profile's `ec2_metadata_service_endpoint` and
/// `ec2_metadata_service_endpoint_mode`.
public struct InstanceMetadataCredentialsProvider: AWSCredentialsProvider, CustomStringConvertible, CustomReflectable {
    /// Endpoint and protocol options.
    public struct Options: Sendable, Hashable {
        /// The IMDS endpoint; default `http://169.254.169.254`.
        public var endpoint: URL
        /// The lifetime requested for session tokens, in seconds (1–21600); default 21600.
        public var tokenTTL: Int
        /// Whether to use IMDSv1 when the token request is answered 403/404/405 or the endpoint
        /// cannot be reached for it. Default `false`.
        public var allowIMDSv1Fallback: Bool

        /// The IPv4 endpoint, `http://169.254.169.254`.
        public static let ipv4Endpoint = URL(string: "http://169.254.169.254") ?? URL(fileURLWithPath: "/")
        /// The IPv6 endpoint, `http://[fd00:ec2::254]`.
        public static let ipv6Endpoint = URL(string: "http://[fd00:ec2::254]") ?? URL(fileURLWithPath: "/")

        /// Creates options.
        ///
        /// - Parameters:
        ///   - endpoint: The IMDS endpoint.
        ///   - tokenTTL: The session token lifetime in seconds (1–21600).
        ///   - allowIMDSv1Fallback: Whether to fall back to IMDSv1.
        public init(endpoint: URL = Options.ipv4Endpoint, tokenTTL: Int = 21_600, allowIMDSv1Fallback: Bool = false) {
            self.endpoint = endpoint
            self.tokenTTL = tokenTTL
            self.allowIMDSv1Fallback = allowIMDSv1Fallback
        }
    }

    /// The options.
    public let options: Options
    /// The clock, for the session token's lifetime.
    public var environment: AWSEnvironment

    private let endpointURL: EndpointURL
    private let transport: any HTTPTransport
    private let tokenCache: IMDSTokenCache

    /// Creates a provider.
    ///
    /// - Parameters:
    ///   - options: Endpoint and protocol options.
    ///   - transport: The transport that sends the requests.
    ///   - environment: The clock.
    /// - Throws: ``AWSCredentialsError/Code/invalidConfiguration`` for an endpoint that is not an
    ///   absolute `http(s)` URL or a token lifetime outside 1–21600 seconds.
    public init(
        options: Options = Options(),
        transport: some HTTPTransport,
        environment: AWSEnvironment = .process()
    ) throws(AWSCredentialsError) {
        guard let endpoint = EndpointURL(options.endpoint.absoluteString) else {
            throw AWSCredentialsError(code: .invalidConfiguration, reason: "the IMDS endpoint is not an absolute http(s) URL")
        }
        guard (1...21_600).contains(options.tokenTTL) else {
            throw AWSCredentialsError(
                code: .invalidConfiguration, reason: "the IMDS token lifetime must be 1 to 21600 seconds, not \(options.tokenTTL)")
        }
        self.options = options
        self.endpointURL = endpoint
        self.transport = transport
        self.environment = environment
        self.tokenCache = IMDSTokenCache()
    }

    /// The provider the environment configures.
    ///
    /// - Parameters:
    ///   - environment: The environment to read.
    ///   - transport: The transport that sends the requests.
    /// - Returns: The provider, or `nil` when `AWS_EC2_METADATA_DISABLED` is `true`.
    /// - Throws: ``AWSCredentialsError/Code/invalidConfiguration`` for a malformed endpoint, an
    ///   endpoint mode other than `IPv4`/`IPv6`, or a non-boolean `AWS_EC2_METADATA_DISABLED`;
    ///   ``AWSCredentialsError/Code/fileUnreadable`` when the config file cannot be read.
    public static func fromEnvironment(
        _ environment: AWSEnvironment,
        transport: some HTTPTransport
    ) throws(AWSCredentialsError) -> InstanceMetadataCredentialsProvider? {
        if try environment.bool("AWS_EC2_METADATA_DISABLED") == true { return nil }
        var endpointSetting = environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"].map { ($0, "AWS_EC2_METADATA_SERVICE_ENDPOINT") }
        var modeSetting = environment["AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE"].map { ($0, "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE") }
        if endpointSetting == nil, modeSetting == nil {
            // The selected profile may set them too; the environment wins.
            let profile = try AWSSharedConfiguration.load(from: environment)
                .profile(named: AWSSharedConfiguration.selectedProfileName(in: environment))
            endpointSetting = profile?["ec2_metadata_service_endpoint"].map { ($0, "ec2_metadata_service_endpoint") }
            modeSetting = profile?["ec2_metadata_service_endpoint_mode"].map { ($0, "ec2_metadata_service_endpoint_mode") }
        }
        var options = Options()
        if let (endpoint, name) = endpointSetting {
            guard let url = URL(string: endpoint), EndpointURL(endpoint) != nil else {
                throw AWSCredentialsError(code: .invalidConfiguration, reason: "\(name) is not an absolute http(s) URL")
            }
            options.endpoint = url
        } else if let (mode, name) = modeSetting {
            switch mode.lowercased() {
            case "ipv4": options.endpoint = Options.ipv4Endpoint
            case "ipv6": options.endpoint = Options.ipv6Endpoint
            default:
                throw AWSCredentialsError(
                    code: .invalidConfiguration, reason: "\(name) must be IPv4 or IPv6, not \"\(mode.prefix(32))\"")
            }
        }
        return try InstanceMetadataCredentialsProvider(options: options, transport: transport, environment: environment)
    }

    /// `instanceMetadata(<endpoint>)`.
    public var identity: AWSCredentialsIdentity {
        AWSCredentialsIdentity(source: "instanceMetadata", principal: self.endpointURL.withoutQuery)
    }

    /// Fetches the instance profile's credentials.
    ///
    /// - Parameter logger: Where to log the requests (paths and statuses; never the session
    ///   token or the credentials).
    /// - Returns: The credentials, with their expiry.
    /// - Throws: ``AWSCredentialsError``: `credentialsNotFound` when the instance has no role;
    ///   `accessDenied` when IMDS refuses tokens (403); `serviceError` or `invalidResponse` for
    ///   other answers; `transportFailed` when IMDS cannot be reached. `CancellationError` when
    ///   cancelled.
    public func credentials(logger: Logger?) async throws -> AWSCredentials {
        try Task.checkCancellation()
        var token = try await self.sessionToken(logger: logger)
        let listPath = "/latest/meta-data/iam/security-credentials/"

        var (status, body) = try await self.get(listPath, token: token)
        if status == 401, token != nil {
            // The token expired or was revoked: get a new one, once.
            self.tokenCache.clear()
            token = try await self.sessionToken(logger: logger)
            (status, body) = try await self.get(listPath, token: token)
        }
        if status == 404 {
            throw AWSCredentialsError(
                code: .credentialsNotFound, reason: "the instance has no IAM role (IMDS \(listPath) answered 404)", httpStatus: status)
        }
        try self.check(status: status, what: "the IMDS role list")
        guard
            let role = String(decoding: body.prefix(4096), as: UTF8.self).split(whereSeparator: \.isNewline)
                .map({ $0.trimmingCharacters() }).first(where: { !$0.isEmpty })
        else {
            throw AWSCredentialsError(code: .credentialsNotFound, reason: "IMDS lists no IAM role for the instance")
        }
        guard role.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: "?") && $0 != UInt8(ascii: "#") && $0 != UInt8(ascii: "%") }) else {
            throw AWSCredentialsError(code: .invalidResponse, reason: "IMDS returned a role name that is not a valid IAM role name")
        }
        logger?.debug("IMDS instance role found", metadata: ["aws.imds.role": "\(role)"])

        let (credentialsStatus, credentialsBody) = try await self.get(listPath + role, token: token)
        try self.check(status: credentialsStatus, what: "the IMDS credentials of role \(role)")
        let credentials = try CredentialsJSONDecoder.decodeCredentials(credentialsBody, what: "IMDS")
        logger?.debug(
            "IMDS returned credentials",
            metadata: [
                "aws.access_key_id": "\(credentials.redactedAccessKeyID)",
                "aws.credentials.expiration": "\(credentials.expiration.map { "\($0)" } ?? "none")",
            ])
        return credentials
    }

    /// Forgets the IMDS session token.
    public func invalidate() async {
        self.tokenCache.clear()
    }

    // MARK: Requests

    /// A valid session token, from the cache or a `PUT`; `nil` when falling back to IMDSv1.
    private func sessionToken(logger: Logger?) async throws -> String? {
        let now = self.environment.now()
        if let cached = self.tokenCache.token(validAt: now) { return cached }

        var request = HTTPRequest(method: .put, scheme: self.endpointURL.scheme, authority: self.endpointURL.authority, path: "/latest/api/token")
        request.headerFields[.imdsTokenTTL] = String(self.options.tokenTTL)
        let response: HTTPResponse
        let body: [UInt8]
        do {
            (response, body) = try await self.transport.send(request, body: nil)
        } catch {
            let mapped = STSClient.transportError(error, what: "IMDS at \(self.endpointURL.withoutQuery)")
            if self.options.allowIMDSv1Fallback, !(mapped is CancellationError) {
                logger?.warning("IMDSv2 token request failed; falling back to IMDSv1", metadata: ["error": "\(mapped)"])
                return nil
            }
            throw mapped
        }
        let status = response.status.code
        switch status {
        case 200:
            let token = String(decoding: body.prefix(4096), as: UTF8.self).trimmingASCIIWhitespace()
            guard !token.isEmpty, body.count <= 4096, token.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
                throw AWSCredentialsError(code: .invalidResponse, reason: "IMDS returned an unusable session token")
            }
            self.tokenCache.store(token, expires: now.addingTimeInterval(Double(self.options.tokenTTL)))
            logger?.debug("IMDS session token obtained", metadata: ["aws.imds.token_ttl": "\(self.options.tokenTTL)"])
            return token
        case 403, 404, 405:
            if self.options.allowIMDSv1Fallback, status != 403 {
                logger?.warning("IMDSv2 is not supported by this endpoint; falling back to IMDSv1", metadata: ["http.status": "\(status)"])
                return nil
            }
            throw AWSCredentialsError(
                code: status == 403 ? .accessDenied : .serviceError,
                reason: status == 403
                    ? "IMDS refused a session token (403): the metadata service is disabled or the hop limit is too low"
                    : "IMDS does not support session tokens (\(status)) and IMDSv1 fallback is off",
                httpStatus: status)
        default:
            throw AWSCredentialsError(
                code: status == 429 ? .throttled : .serviceError, reason: "IMDS token request failed", httpStatus: status)
        }
    }

    private func get(_ path: String, token: String?) async throws -> (Int, [UInt8]) {
        try Task.checkCancellation()
        var request = HTTPRequest(method: .get, scheme: self.endpointURL.scheme, authority: self.endpointURL.authority, path: path)
        if let token { request.headerFields[.imdsToken] = token }
        do {
            let (response, body) = try await self.transport.send(request, body: nil)
            return (response.status.code, body)
        } catch {
            throw STSClient.transportError(error, what: "IMDS at \(self.endpointURL.withoutQuery)")
        }
    }

    private func check(status: Int, what: String) throws(AWSCredentialsError) {
        guard status != 200 else { return }
        throw AWSCredentialsError(
            code: status == 429 ? .throttled : (status == 401 || status == 403 ? .accessDenied : .serviceError),
            reason: "\(what) request failed", httpStatus: status)
    }

    /// The endpoint and options; never the session token.
    public var description: String {
        "InstanceMetadataCredentialsProvider(endpoint: \(self.endpointURL.withoutQuery), tokenTTL: \(self.options.tokenTTL), "
            + "allowIMDSv1Fallback: \(self.options.allowIMDSv1Fallback))"
    }

    /// A mirror with the same fields as ``description``.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "endpoint": self.endpointURL.withoutQuery, "tokenTTL": self.options.tokenTTL,
                "allowIMDSv1Fallback": self.options.allowIMDSv1Fallback,
            ],
            displayStyle: .struct)
    }
}

/// The IMDS session token, shared by copies of a provider, reused until a minute before it expires.
final class IMDSTokenCache: Sendable {
    private let state = Mutex<(token: String, expires: Date)?>(nil)

    func token(validAt now: Date) -> String? {
        self.state.withLock { state in
            guard let state, now.addingTimeInterval(60) < state.expires else { return nil }
            return state.token
        }
    }

    func store(_ token: String, expires: Date) {
        self.state.withLock { $0 = (token, expires) }
    }

    func clear() {
        self.state.withLock { $0 = nil }
    }
}

extension HTTPField.Name {
    /// `X-aws-ec2-metadata-token-ttl-seconds`. (A valid field name literal.)
    static let imdsTokenTTL = HTTPField.Name("X-aws-ec2-metadata-token-ttl-seconds")!
    /// `X-aws-ec2-metadata-token`. (A valid field name literal.)
    static let imdsToken = HTTPField.Name("X-aws-ec2-metadata-token")!
}

extension Substring {
    fileprivate func trimmingCharacters() -> String {
        String(self).trimmingASCIIWhitespace()
    }
}
