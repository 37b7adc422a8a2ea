public import AuthTransport
import HTTPTypes
public import Logging

/// Reads, creates and updates Kubernetes Secrets (core/v1) through an `HTTPTransport`.
///
/// ```swift
/// let configuration = try KubernetesConfiguration.inCluster()
/// let client = KubernetesSecretClient(configuration: configuration, transport: transport)
///
/// let result = try await client.apply(
///     KubernetesSecret(name: "ecr-credentials", type: .basicAuth, data: ["username": user, "password": password]),
///     logger: logger
/// )
/// if result.didWrite { … }
/// ```
///
/// - ``get(name:namespace:logger:)`` and ``find(name:namespace:logger:)`` read a Secret.
/// - ``create(_:logger:)`` creates one (`POST`).
/// - ``update(_:logger:)`` replaces one (`PUT`), conditional on the `KubernetesSecret.resourceVersion`
///   it was read at: if anyone wrote the Secret since, the API server answers 409 and nothing
///   changes.
/// - ``apply(_:logger:)`` makes the stored Secret hold the given data, labels and annotations: it
///   reads, writes only when something differs, and re-reads and retries after a 409. It never
///   deletes a Secret, so the Secret never disappears, even for a moment.
///
/// The verbs used are `get`, `create` and `update` on `secrets`: a Role that allows exactly those
/// on the one Secret (`resourceNames`) is enough, except that `create` cannot be limited by
/// name in RBAC.
///
/// Requests are JSON (`application/json`). Every answer other than 2xx becomes a
/// ``KubernetesError`` whose code says what happened (401, 403, 404, 409, 422, …) and which
/// carries the API server's `Status` reason and message, free of secrets. Responses larger than
/// ``Options-swift.struct/maximumResponseBodySize`` are refused.
///
/// Nothing the client logs or throws contains the bearer token or Secret data. Copies of a
/// client share its transport and token cache; the client is cheap to copy and safe to use from
/// many tasks at once.
public struct KubernetesSecretClient: Sendable {
    /// Limits and request details.
    public struct Options: Sendable {
        /// The largest response body accepted, in bytes; 4 MiB unless given. A Secret holds at
        /// most 1 MiB of data, which base64 and the metadata make about 1.4 MiB on the wire.
        public var maximumResponseBodySize: Int

        /// How many times ``KubernetesSecretClient/apply(_:logger:)`` re-reads and writes again
        /// after a conflict (409) before it gives up with ``KubernetesError/Code/conflict``; 5
        /// unless given.
        public var maximumConflictRetries: Int

        /// The wait before the first retry after a conflict, doubled for each further retry and
        /// never more than two seconds; 50 milliseconds unless given. `.zero` retries at once.
        public var conflictBackoff: Duration

        /// The `fieldManager` sent with creates and updates, which Kubernetes records in the
        /// Secret's `managedFields`: at most 128 visible ASCII characters, or `nil` to send none;
        /// `ecr-fleet-auth` unless given.
        public var fieldManager: String?

        /// The `User-Agent` header, or `nil` to leave it to the transport;
        /// `swift-ecr-fleet-auth` unless given.
        public var userAgent: String?

        /// Creates options.
        ///
        /// - Parameters:
        ///   - maximumResponseBodySize: The largest response body accepted; 4 MiB unless given.
        ///   - maximumConflictRetries: Retries after a conflict in `apply`; 5 unless given.
        ///   - conflictBackoff: The first wait before such a retry; 50 ms unless given.
        ///   - fieldManager: The field manager of writes; `ecr-fleet-auth` unless given.
        ///   - userAgent: The `User-Agent`; `swift-ecr-fleet-auth` unless given.
        public init(
            maximumResponseBodySize: Int = 4 * 1024 * 1024,
            maximumConflictRetries: Int = 5,
            conflictBackoff: Duration = .milliseconds(50),
            fieldManager: String? = "ecr-fleet-auth",
            userAgent: String? = "swift-ecr-fleet-auth"
        ) {
            self.maximumResponseBodySize = maximumResponseBodySize
            self.maximumConflictRetries = maximumConflictRetries
            self.conflictBackoff = conflictBackoff
            self.fieldManager = fieldManager
            self.userAgent = userAgent
        }
    }

    /// The server, namespace and credentials.
    public let configuration: KubernetesConfiguration

    /// The limits and request details.
    public let options: Options

    let transport: any HTTPTransport

    /// Creates a client.
    ///
    /// - Parameters:
    ///   - configuration: The server, namespace and credentials.
    ///   - transport: What sends the requests. It must trust the cluster's CA and present the
    ///     client certificate, if any, from `configuration.tls` (see
    ///     <doc:WritingSecretsToKubernetes>).
    ///   - options: Limits and request details; the defaults unless given.
    public init(configuration: KubernetesConfiguration, transport: some HTTPTransport, options: Options = Options()) {
        self.configuration = configuration
        self.transport = transport
        self.options = options
    }

    /// Reads a Secret.
    ///
    /// - Parameters:
    ///   - name: The Secret's name.
    ///   - namespace: Its namespace; the configuration's unless given.
    ///   - logger: Where to log the request and its outcome (at debug level), if anywhere.
    /// - Returns: The Secret, with its `resourceVersion` and `uid`.
    /// - Throws: ``KubernetesError`` (``KubernetesError/Code/notFound`` when there is no such
    ///   Secret, ``KubernetesError/Code/invalidSecret`` for a malformed name or namespace), or
    ///   `CancellationError`.
    public func get(name: String, namespace: String? = nil, logger: Logger? = nil) async throws -> KubernetesSecret {
        let namespace = namespace ?? self.configuration.namespace
        try Self.validate(name: name, namespace: namespace)
        let body = try await self.exchange(
            .get, namespace: namespace, name: name, body: nil, writing: nil, logger: logger)
        return try self.decode(body, name: name, namespace: namespace, operation: "get")
    }

    /// Reads a Secret, or returns `nil` when it does not exist.
    ///
    /// - Parameters:
    ///   - name: The Secret's name.
    ///   - namespace: Its namespace; the configuration's unless given.
    ///   - logger: Where to log the request and its outcome, if anywhere.
    /// - Returns: The Secret, or `nil` when the API server answered 404.
    /// - Throws: ``KubernetesError`` for every other failure, or `CancellationError`.
    public func find(name: String, namespace: String? = nil, logger: Logger? = nil) async throws -> KubernetesSecret? {
        do {
            return try await self.get(name: name, namespace: namespace, logger: logger)
        } catch let error as KubernetesError where error.code == .notFound {
            return nil
        }
    }

    /// Creates a Secret.
    ///
    /// The Secret's `resourceVersion`, `uid` and server-set metadata (creation timestamp,
    /// managed fields) are not sent.
    ///
    /// - Parameters:
    ///   - secret: The Secret; its namespace is the configuration's when `nil`.
    ///   - logger: Where to log the request and its outcome, if anywhere.
    /// - Returns: The Secret as stored, with its `resourceVersion` and `uid`.
    /// - Throws: ``KubernetesError`` (``KubernetesError/Code/alreadyExists`` when a Secret with
    ///   the name exists, ``KubernetesError/Code/invalidSecret`` when the Secret is invalid and
    ///   nothing was sent), or `CancellationError`.
    public func create(_ secret: KubernetesSecret, logger: Logger? = nil) async throws -> KubernetesSecret {
        let namespace = secret.namespace ?? self.configuration.namespace
        try Self.validate(secret, namespace: namespace)
        let body = try secret.jsonBody(namespace: namespace, forCreate: true)
        let response = try await self.exchange(
            .post, namespace: namespace, name: nil, body: body, writing: secret, logger: logger)
        return try self.decode(response, name: secret.name, namespace: namespace, operation: "create")
    }

    /// Replaces a Secret, if it has not changed since it was read.
    ///
    /// The update is conditional on the Secret's `KubernetesSecret.resourceVersion` (and its
    /// `KubernetesSecret.uid` when set): if the stored Secret has another, the API server
    /// answers 409 and changes nothing. Fields this package does not model, which the Secret
    /// carries from the read, are sent back unchanged.
    ///
    /// - Parameters:
    ///   - secret: The Secret, as read by ``get(name:namespace:logger:)`` and then changed.
    ///   - logger: Where to log the request and its outcome, if anywhere.
    /// - Returns: The Secret as stored, with its new `resourceVersion`.
    /// - Throws: ``KubernetesError`` (``KubernetesError/Code/conflict`` when the Secret changed
    ///   since it was read, ``KubernetesError/Code/notFound`` when it no longer exists,
    ///   ``KubernetesError/Code/invalidSecret`` when it has no `resourceVersion` or is invalid and
    ///   nothing was sent), or `CancellationError`.
    public func update(_ secret: KubernetesSecret, logger: Logger? = nil) async throws -> KubernetesSecret {
        let namespace = secret.namespace ?? self.configuration.namespace
        try Self.validate(secret, namespace: namespace)
        guard let resourceVersion = secret.resourceVersion, !resourceVersion.isEmpty else {
            throw KubernetesError(
                code: .invalidSecret,
                reason: "update of secret \(namespace)/\(secret.name) needs the resourceVersion it was read at "
                    + "(read it with get first); without one Kubernetes would overwrite concurrent changes"
            )
        }
        let body = try secret.jsonBody(namespace: namespace, forCreate: false)
        let response = try await self.exchange(
            .put, namespace: namespace, name: secret.name, body: body, writing: secret, logger: logger)
        return try self.decode(response, name: secret.name, namespace: namespace, operation: "update")
    }

    // MARK: Validation

    static func validate(name: String, namespace: String) throws(KubernetesError) {
        guard KubernetesNames.isSubdomain(name) else {
            throw KubernetesError(
                code: .invalidSecret,
                reason: "the Secret name \"\(name.prefix(300))\" is not an RFC 1123 subdomain "
                    + "(lowercase letters, digits, '-' and '.', at most 253 characters)"
            )
        }
        guard KubernetesNames.isLabel(namespace) else {
            throw KubernetesError(
                code: .invalidSecret,
                reason: "the namespace \"\(namespace.prefix(100))\" is not an RFC 1123 label "
                    + "(lowercase letters, digits and '-', at most 63 characters)"
            )
        }
    }

    /// The largest total of data values Kubernetes accepts in a Secret.
    static let maximumDataSize = 1024 * 1024
    /// The largest total size of annotation keys and values Kubernetes accepts.
    static let maximumAnnotationsSize = 256 * 1024

    static func validate(_ secret: KubernetesSecret, namespace: String) throws(KubernetesError) {
        try Self.validate(name: secret.name, namespace: namespace)
        let invalid = { (why: String) in
            KubernetesError(code: .invalidSecret, reason: "secret \(namespace)/\(secret.name): \(why)")
        }
        var dataSize = 0
        for (key, value) in secret.data {
            if let problem = KubernetesNames.dataKeyProblem(key) {
                throw invalid("data key \"\(key.prefix(300))\": \(problem)")
            }
            dataSize += value.count
        }
        guard dataSize <= Self.maximumDataSize else {
            throw invalid("the data has \(dataSize) bytes; Kubernetes allows at most \(Self.maximumDataSize)")
        }
        for (key, value) in secret.labels {
            if let problem = KubernetesNames.qualifiedNameProblem(key) {
                throw invalid("label key \"\(key.prefix(300))\": \(problem)")
            }
            if let problem = KubernetesNames.labelValueProblem(value) {
                throw invalid("the value of label \"\(key)\": \(problem)")
            }
        }
        var annotationsSize = 0
        for (key, value) in secret.annotations {
            if let problem = KubernetesNames.qualifiedNameProblem(key) {
                throw invalid("annotation key \"\(key.prefix(300))\": \(problem)")
            }
            annotationsSize += key.utf8.count + value.utf8.count
        }
        guard annotationsSize <= Self.maximumAnnotationsSize else {
            throw invalid(
                "the annotations have \(annotationsSize) bytes; Kubernetes allows at most \(Self.maximumAnnotationsSize)")
        }
        guard !secret.type.rawValue.isEmpty else {
            throw invalid("the type is empty")
        }
    }

    // MARK: Responses

    private func decode(
        _ body: [UInt8],
        name: String,
        namespace: String,
        operation: String
    ) throws(KubernetesError) -> KubernetesSecret {
        let secret: KubernetesSecret
        do {
            secret = try KubernetesSecret(json: body)
        } catch {
            throw KubernetesError(code: error.code, reason: "\(operation) secret \(namespace)/\(name): \(error.reason)")
        }
        guard secret.name == name, secret.namespace == nil || secret.namespace == namespace else {
            throw KubernetesError(
                code: .invalidResponse,
                reason: "\(operation) secret \(namespace)/\(name): the API server answered with another Secret"
            )
        }
        var result = secret
        result.namespace = namespace
        return result
    }
}
