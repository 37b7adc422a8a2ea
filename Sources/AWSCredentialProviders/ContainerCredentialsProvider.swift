public import AWSSigV4
public import AuthTransport
import HTTPTypes
public import Logging

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Credentials from a container credentials endpoint: Amazon ECS task roles and Amazon EKS Pod
/// Identity.
///
/// - **ECS** sets `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`; credentials come from
///   `http://169.254.170.2` followed by that path.
/// - **EKS Pod Identity** sets `AWS_CONTAINER_CREDENTIALS_FULL_URI`
///   (`http://169.254.170.23/v1/credentials`, or `http://[fd00:ec2::23]/v1/credentials` on IPv6
///   clusters) and `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`, a projected service account token
///   sent as the `Authorization` header. The file is read at every call, because the kubelet
///   rotates it.
///
/// A full URI must be `https`, or plain `http` to a loopback address (`127.0.0.0/8`, `::1`,
/// `localhost`), `169.254.170.2`, `169.254.170.23` or `fd00:ec2::23`; anything else is refused
/// with ``AWSCredentialsError/Code/endpointNotAllowed``, so a misconfigured variable cannot send
/// the authorization token to an arbitrary host. `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` wins
/// over `AWS_CONTAINER_AUTHORIZATION_TOKEN`.
///
/// ```swift
/// if let provider = try ContainerCredentialsProvider.fromEnvironment(.process(), transport: transport) {
///     let credentials = try await provider.credentials(logger: logger)
/// }
/// ```
public struct ContainerCredentialsProvider: AWSCredentialsProvider, CustomStringConvertible, CustomReflectable {
    /// How the request to the endpoint is authorized.
    public struct Authorization: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
        enum Storage: Hashable {
            case token(String)
            case tokenFile(String)
        }

        let storage: Storage

        /// A fixed token, sent as the `Authorization` header (`AWS_CONTAINER_AUTHORIZATION_TOKEN`).
        ///
        /// - Parameter token: The header value. Never printed or logged.
        /// - Returns: The authorization.
        public static func token(_ token: String) -> Authorization {
            Authorization(storage: .token(token))
        }

        /// A file whose contents (without surrounding whitespace) are sent as the `Authorization`
        /// header, read at every call (`AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`).
        ///
        /// - Parameter path: The file's path; `~/` is expanded.
        /// - Returns: The authorization.
        public static func tokenFile(_ path: String) -> Authorization {
            Authorization(storage: .tokenFile(path))
        }

        /// `token(<redacted>)` or `tokenFile(<path>)`.
        public var description: String {
            switch self.storage {
            case .token: return "token(<redacted>)"
            case .tokenFile(let path): return "tokenFile(\(path))"
            }
        }

        /// A mirror that never shows the token.
        public var customMirror: Mirror {
            Mirror(self, children: ["authorization": self.description], displayStyle: .struct)
        }
    }

    /// The largest authorization token file accepted: 16 KiB.
    public static let maximumTokenFileSize = 16 * 1024

    /// The endpoint credentials are fetched from.
    public var endpoint: URL { URL(string: self.endpointURL.description) ?? URL(fileURLWithPath: "/") }
    /// How the request is authorized, or `nil` for no `Authorization` header.
    public var authorization: Authorization?
    /// Where token files are read.
    public var environment: AWSEnvironment

    let endpointURL: EndpointURL
    private let transport: any HTTPTransport

    /// Creates a provider for an endpoint.
    ///
    /// - Parameters:
    ///   - endpoint: The full URL to `GET` credentials from.
    ///   - authorization: How to authorize the request, or `nil`.
    ///   - transport: The transport that sends the request.
    ///   - environment: Where token files are read.
    /// - Throws: ``AWSCredentialsError/Code/invalidConfiguration`` for a URL that is not absolute
    ///   `http(s)`; ``AWSCredentialsError/Code/endpointNotAllowed`` for a plain-HTTP host outside
    ///   the allow-list.
    public init(
        endpoint: URL,
        authorization: Authorization? = nil,
        transport: some HTTPTransport,
        environment: AWSEnvironment = .process()
    ) throws(AWSCredentialsError) {
        self.endpointURL = try ContainerEndpointPolicy.validateFullURI(endpoint.absoluteString, variable: "the endpoint")
        self.authorization = authorization
        self.transport = transport
        self.environment = environment
    }

    private init(endpointURL: EndpointURL, authorization: Authorization?, transport: any HTTPTransport, environment: AWSEnvironment) {
        self.endpointURL = endpointURL
        self.authorization = authorization
        self.transport = transport
        self.environment = environment
    }

    /// The provider the environment configures.
    ///
    /// - Parameters:
    ///   - environment: The environment to read.
    ///   - transport: The transport that sends the request.
    /// - Returns: The provider, or `nil` when neither `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`
    ///   nor `AWS_CONTAINER_CREDENTIALS_FULL_URI` is set.
    /// - Throws: ``AWSCredentialsError/Code/invalidConfiguration`` for a malformed URI;
    ///   ``AWSCredentialsError/Code/endpointNotAllowed`` for a host outside the allow-list.
    public static func fromEnvironment(
        _ environment: AWSEnvironment,
        transport: some HTTPTransport
    ) throws(AWSCredentialsError) -> ContainerCredentialsProvider? {
        let endpoint: EndpointURL
        if let relative = environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] {
            guard relative.hasPrefix("/"), let url = EndpointURL("http://\(ContainerEndpointPolicy.ecsHost)\(relative)"),
                url.host == ContainerEndpointPolicy.ecsHost
            else {
                throw AWSCredentialsError(
                    code: .invalidConfiguration, reason: "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI is not a path starting with /")
            }
            endpoint = url
        } else if let full = environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"] {
            endpoint = try ContainerEndpointPolicy.validateFullURI(full, variable: "AWS_CONTAINER_CREDENTIALS_FULL_URI")
        } else {
            return nil
        }
        var authorization: Authorization?
        if let file = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] {
            authorization = .tokenFile(file)
        } else if let token = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"] {
            authorization = .token(token)
        }
        return ContainerCredentialsProvider(
            endpointURL: endpoint, authorization: authorization, transport: transport, environment: environment)
    }

    /// `container(<endpoint without query>)`.
    public var identity: AWSCredentialsIdentity {
        AWSCredentialsIdentity(source: "container", principal: self.endpointURL.withoutQuery)
    }

    /// Fetches credentials from the endpoint.
    ///
    /// - Parameter logger: Where to log the request (endpoint without query, status); never the
    ///   token or the credentials.
    /// - Returns: The credentials, with their expiry.
    /// - Throws: ``AWSCredentialsError``: `fileUnreadable` or `invalidConfiguration` for a bad
    ///   token file or token; `accessDenied`, `throttled` or `serviceError` as the endpoint
    ///   answers; `transportFailed`; `invalidResponse`. `CancellationError` when cancelled.
    public func credentials(logger: Logger?) async throws -> AWSCredentials {
        try Task.checkCancellation()
        let token = try self.authorizationToken()
        var request = HTTPRequest(
            method: .get, scheme: self.endpointURL.scheme, authority: self.endpointURL.authority,
            path: self.endpointURL.pathAndQuery)
        request.headerFields[.accept] = "application/json"
        if let token {
            request.headerFields[.authorization] = token
        }
        logger?.debug(
            "fetching container credentials",
            metadata: ["aws.container.endpoint": "\(self.endpointURL.withoutQuery)", "aws.container.authorized": "\(token != nil)"])

        let response: HTTPResponse
        let body: [UInt8]
        do {
            (response, body) = try await self.transport.send(request, body: nil)
        } catch {
            throw STSClient.transportError(error, what: "the container credentials endpoint \(self.endpointURL.withoutQuery)")
        }
        let secrets = token.map { [$0] } ?? []
        let status = response.status.code
        guard status == 200 else {
            let (awsCode, message) = CredentialsJSONDecoder.decodeError(body, secrets: secrets)
            let code: AWSCredentialsError.Code =
                status == 429 ? .throttled : (status == 401 || status == 403 ? .accessDenied : .serviceError)
            logger?.debug(
                "container credentials request failed",
                metadata: ["http.status": "\(status)", "aws.error.code": "\(awsCode ?? "none")"])
            throw AWSCredentialsError(
                code: code,
                reason: "the container credentials endpoint \(self.endpointURL.withoutQuery) failed" + (message.map { ": \($0)" } ?? ""),
                awsErrorCode: awsCode, httpStatus: status)
        }
        let credentials = try CredentialsJSONDecoder.decodeCredentials(
            body, what: "the container credentials endpoint \(self.endpointURL.withoutQuery)")
        logger?.debug(
            "container endpoint returned credentials",
            metadata: [
                "aws.access_key_id": "\(credentials.redactedAccessKeyID)",
                "aws.credentials.expiration": "\(credentials.expiration.map { "\($0)" } ?? "none")",
            ])
        return credentials
    }

    /// The `Authorization` header value, read from the file when there is one.
    private func authorizationToken() throws(AWSCredentialsError) -> String? {
        guard let authorization = self.authorization else { return nil }
        let token: String
        switch authorization.storage {
        case .token(let value):
            token = value.trimmingASCIIWhitespace()
        case .tokenFile(let path):
            let bytes: [UInt8]?
            do {
                bytes = try self.environment.readFile(path, limit: Self.maximumTokenFileSize)
            } catch let error as AWSCredentialsError {
                throw error
            } catch {
                throw AWSCredentialsError(code: .fileUnreadable, reason: "cannot read the authorization token file \(path)", underlying: error)
            }
            guard let bytes else {
                throw AWSCredentialsError(code: .fileUnreadable, reason: "the authorization token file \(path) does not exist")
            }
            token = String(decoding: bytes, as: UTF8.self).trimmingASCIIWhitespace()
        }
        guard !token.isEmpty else {
            throw AWSCredentialsError(code: .invalidConfiguration, reason: "the container authorization token is empty")
        }
        // A header value: visible ASCII, space and tab only (no CR or LF that could inject headers).
        guard token.utf8.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x09 }) else {
            throw AWSCredentialsError(
                code: .invalidConfiguration, reason: "the container authorization token holds characters a header cannot carry")
        }
        return token
    }

    /// The endpoint and how the request is authorized; never the token.
    public var description: String {
        "ContainerCredentialsProvider(endpoint: \(self.endpointURL.withoutQuery), authorization: \(self.authorization.map { "\($0)" } ?? "nil"))"
    }

    /// A mirror with the same fields as ``description``.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: ["endpoint": self.endpointURL.withoutQuery, "authorization": self.authorization.map { "\($0)" } ?? "nil"],
            displayStyle: .struct)
    }
}
