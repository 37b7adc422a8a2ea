public import ECRFleetAuth
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A fake Kubernetes API server (core/v1 Secrets) on 127.0.0.1 for tests:
/// `Resources/fake_kubernetes_api.py` run by `python3` in a child process.
///
/// ```swift
/// let server = try await FakeKubernetesAPIServer.start()
/// defer { server.stop() }
/// let client = KubernetesSecretClient(configuration: try server.configuration(), transport: URLSessionHTTPTransport())
/// try await server.injectConflicts(2)
/// ...
/// #expect(try await server.stats().writes == 1)
/// ```
///
/// End-to-end tests of the tool start it the same way and hand the tool a kubeconfig from
/// ``writeKubeconfig(to:namespace:token:)``; or run the script directly (``scriptPath``) with
/// `--serve-forever`. There is no skipping: when `python3` is missing, ``start(tokens:forbiddenTokens:https:acceptClientCertificates:)``
/// throws.
///
/// The server exits when ``stop()`` is called, and on its own when this process exits (it
/// watches its standard input, which only this process holds open).
public final class FakeKubernetesAPIServer: Sendable {
    /// The port the API listens on.
    public let port: Int
    /// The port of the plain-HTTP control endpoints (the same as ``port`` without TLS).
    public let controlPort: Int
    /// Whether the API is served over TLS (with the test CA's server certificate).
    public let isHTTPS: Bool
    /// The bearer tokens the server accepts.
    public let tokens: [String]
    /// The bearer tokens the server knows but answers 403 for.
    public let forbiddenTokens: [String]

    private let process: ChildProcess

    /// The first accepted token.
    public var token: String { self.tokens.first ?? "" }

    /// `http://127.0.0.1:<port>` or `https://127.0.0.1:<port>`: the kubeconfig `server`.
    public var baseURL: String { "\(self.isHTTPS ? "https" : "http")://127.0.0.1:\(self.port)" }

    private init(
        port: Int,
        controlPort: Int,
        isHTTPS: Bool,
        tokens: [String],
        forbiddenTokens: [String],
        process: ChildProcess
    ) {
        self.port = port
        self.controlPort = controlPort
        self.isHTTPS = isHTTPS
        self.tokens = tokens
        self.forbiddenTokens = forbiddenTokens
        self.process = process
    }

    /// The Python script, for running the server as a separate process.
    public static var scriptPath: String {
        get throws {
            guard let url = Bundle.module.url(forResource: "fake_kubernetes_api", withExtension: "py") else {
                throw FakeKubernetesAPIServerError(message: "fake_kubernetes_api.py is missing from the test resources")
            }
            return url.path
        }
    }

    /// The path of a test TLS file: `ca.crt`, `server.crt`, `server.key`, `client.crt`,
    /// `client.key` or `other-ca.crt` (an unrelated CA).
    ///
    /// - Parameter name: The file's name.
    /// - Returns: Its path in the test resources.
    public static func tlsFile(_ name: String) throws -> String {
        guard let directory = Bundle.module.url(forResource: "tls", withExtension: nil) else {
            throw FakeKubernetesAPIServerError(message: "the tls folder is missing from the test resources")
        }
        return directory.appendingPathComponent(name).path
    }

    /// The bytes of a test TLS file (see ``tlsFile(_:)``).
    ///
    /// - Parameter name: The file's name.
    /// - Returns: Its contents.
    public static func tlsBytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: try tlsFile(name))))
    }

    /// Starts a server and waits until it listens.
    ///
    /// - Parameters:
    ///   - tokens: The bearer tokens to accept.
    ///   - forbiddenTokens: Tokens to answer 403 for.
    ///   - https: Whether to serve TLS with `server.crt` (signed by `ca.crt`).
    ///   - acceptClientCertificates: With `https`, whether to accept client certificates signed
    ///     by `ca.crt` as authentication.
    /// - Returns: The running server.
    /// - Throws: ``FakeKubernetesAPIServerError`` when `python3` or the script is missing or the
    ///   server does not come up.
    public static func start(
        tokens: [String] = ["fake-api-token-0123456789"],
        forbiddenTokens: [String] = ["fake-forbidden-token"],
        https: Bool = false,
        acceptClientCertificates: Bool = false
    ) async throws -> FakeKubernetesAPIServer {
        var arguments = ["python3", try Self.scriptPath]
        for token in tokens { arguments += ["--token", token] }
        for token in forbiddenTokens { arguments += ["--forbidden-token", token] }
        if https {
            arguments += ["--tls-cert", try tlsFile("server.crt"), "--tls-key", try tlsFile("server.key")]
            if acceptClientCertificates { arguments += ["--client-ca", try tlsFile("ca.crt")] }
        }
        let process: ChildProcess
        do {
            process = try ChildProcess(arguments: arguments)
        } catch {
            throw FakeKubernetesAPIServerError(message: "cannot run python3 for the fake Kubernetes API server: \(error)")
        }
        let line = await process.readFirstLine()
        let words = line.split(separator: " ")
        guard words.count == 3, words[0] == "LISTENING", let port = Int(words[1]), let controlPort = Int(words[2]) else {
            process.stop()
            throw FakeKubernetesAPIServerError(
                message: "the fake Kubernetes API server did not start (is python3 installed? it said: \(line.debugDescription))"
            )
        }
        return FakeKubernetesAPIServer(
            port: port, controlPort: controlPort, isHTTPS: https, tokens: tokens, forbiddenTokens: forbiddenTokens,
            process: process
        )
    }

    /// Stops the server and waits for its process to exit. Safe to call more than once.
    public func stop() {
        self.process.stop()
    }

    // MARK: Configurations

    /// A client configuration for this server: its URL, `namespace`, a bearer token (the first
    /// accepted one unless given; `nil` for none) and, over TLS, the test CA.
    ///
    /// - Parameters:
    ///   - namespace: The namespace.
    ///   - token: The bearer token; ``token`` unless given.
    /// - Returns: The configuration.
    public func configuration(namespace: String = "default", token: String? = nil) throws -> KubernetesConfiguration {
        let token = token ?? self.token
        return try KubernetesConfiguration(
            server: self.baseURL,
            namespace: namespace,
            authentication: token.isEmpty ? .none : .bearerToken(token),
            tls: .init(certificateAuthorityPEM: self.isHTTPS ? try Self.tlsBytes("ca.crt") : nil)
        )
    }

    /// A kubeconfig for this server with one context, `fake`, and a user with `token` (or, when
    /// `clientCertificate` is `true`, the test client certificate instead).
    ///
    /// - Parameters:
    ///   - namespace: The context's namespace.
    ///   - token: The user's token; ``token`` unless given.
    ///   - clientCertificate: Whether the user authenticates with `client.crt` and `client.key`.
    /// - Returns: The YAML text.
    public func kubeconfigYAML(namespace: String = "default", token: String? = nil, clientCertificate: Bool = false) throws
        -> String
    {
        var cluster = "    server: \(self.baseURL)\n"
        if self.isHTTPS {
            cluster += "    certificate-authority-data: \(Data(try Self.tlsBytes("ca.crt")).base64EncodedString())\n"
        }
        var user: String
        if clientCertificate {
            user = "    client-certificate-data: \(Data(try Self.tlsBytes("client.crt")).base64EncodedString())\n"
            user += "    client-key-data: \(Data(try Self.tlsBytes("client.key")).base64EncodedString())\n"
        } else {
            user = "    token: \(token ?? self.token)\n"
        }
        return """
            apiVersion: v1
            kind: Config
            current-context: fake
            clusters:
            - name: fake
              cluster:
            \(cluster)users:
            - name: fake
              user:
            \(user)contexts:
            - name: fake
              context:
                cluster: fake
                user: fake
                namespace: \(namespace)

            """
    }

    /// Writes ``kubeconfigYAML(namespace:token:clientCertificate:)`` to `path`, for a tool run
    /// with `KUBECONFIG=<path>`.
    ///
    /// - Parameters:
    ///   - path: The file to write.
    ///   - namespace: The context's namespace.
    ///   - token: The user's token; ``token`` unless given.
    public func writeKubeconfig(to path: String, namespace: String = "default", token: String? = nil) throws {
        try Data(try self.kubeconfigYAML(namespace: namespace, token: token).utf8).write(to: URL(fileURLWithPath: path))
    }

    // MARK: Control

    /// What the server has counted since it started (or was reset).
    public struct Stats: Sendable, Decodable, Equatable {
        /// Successful reads of one Secret.
        public var gets: Int
        /// Successful creates.
        public var creates: Int
        /// Successful updates.
        public var updates: Int
        /// Successful deletes (the client never deletes).
        public var deletes: Int
        /// Successful writes of any kind.
        public var writes: Int
        /// 409 answers (injected or real).
        public var conflicts: Int
        /// Updates that named no `resourceVersion`.
        public var unconditionalUpdates: Int
        /// API requests received.
        public var requests: Int
        /// Requests answered with an error status.
        public var rejected: Int
    }

    /// One API request as the server saw it.
    public struct RecordedRequest: Sendable, Decodable {
        /// The method.
        public var method: String
        /// The path, without the query.
        public var path: String
        /// The query, without `?`.
        public var query: String
        /// `bearer:<token>`, `cert:<common name>`, `none` or `invalid`.
        public var auth: String
        /// The `Content-Type` header, if any.
        public var contentType: String?
        /// The `Accept` header, if any.
        public var accept: String?
    }

    /// A Secret as the server stores it.
    public struct StoredSecret: Sendable {
        private struct Wire: Decodable {
            struct Metadata: Decodable {
                var name: String?
                var namespace: String?
                var resourceVersion: String?
                var uid: String?
                var labels: [String: String]?
                var annotations: [String: String]?
            }
            var metadata: Metadata
            var type: String?
            var data: [String: String]?
        }

        /// The stored JSON, as the server would send it.
        public var raw: [UInt8]
        /// `metadata.resourceVersion`.
        public var resourceVersion: String?
        /// `metadata.uid`.
        public var uid: String?
        /// The `type`.
        public var type: String?
        /// `metadata.labels`.
        public var labels: [String: String]
        /// `metadata.annotations`.
        public var annotations: [String: String]
        /// `data`, decoded from base64 (values that are not base64 are left out).
        public var data: [String: [UInt8]]

        init(raw: [UInt8]) throws {
            let wire = try JSONDecoder().decode(Wire.self, from: Data(raw))
            self.raw = raw
            self.resourceVersion = wire.metadata.resourceVersion
            self.uid = wire.metadata.uid
            self.type = wire.type
            self.labels = wire.metadata.labels ?? [:]
            self.annotations = wire.metadata.annotations ?? [:]
            self.data = (wire.data ?? [:]).compactMapValues { Data(base64Encoded: $0).map { Array($0) } }
        }

        /// The stored JSON object, for looking at members this type does not decode.
        public var jsonObject: [String: Any]? {
            (try? JSONSerialization.jsonObject(with: Data(self.raw))) as? [String: Any]
        }
    }

    /// The counters.
    ///
    /// - Returns: What the server counted.
    public func stats() async throws -> Stats {
        try JSONDecoder().decode(Stats.self, from: Data(try await self.control("GET", "/_fake/stats")))
    }

    /// Every API request received, in order.
    ///
    /// - Returns: The requests.
    public func requests() async throws -> [RecordedRequest] {
        try JSONDecoder().decode([RecordedRequest].self, from: Data(try await self.control("GET", "/_fake/requests")))
    }

    /// Makes the next `count` writes conflict.
    ///
    /// - Parameters:
    ///   - count: How many writes.
    ///   - concurrentWrite: `true` (the default) to simulate another writer first (a PUT finds
    ///     the Secret's `resourceVersion` bumped, a POST finds the Secret created with other
    ///     data); `false` to answer 409 without changing anything.
    public func injectConflicts(_ count: Int, concurrentWrite: Bool = true) async throws {
        let body = #"{"count": \#(count), "mode": "\#(concurrentWrite ? "concurrent-write" : "status")"}"#
        _ = try await self.control("POST", "/_fake/conflicts", body: body)
    }

    /// Makes the next `count` API requests answer `status` with a `Status` body.
    ///
    /// - Parameters:
    ///   - status: The HTTP status.
    ///   - count: How many requests.
    ///   - reason: The `Status` reason.
    ///   - message: The `Status` message.
    ///   - retryAfter: A `Retry-After` value in seconds, if any.
    public func injectFailures(
        status: Int,
        count: Int = 1,
        reason: String = "InternalError",
        message: String = "injected failure",
        retryAfter: Int? = nil
    ) async throws {
        var object: [String: Any] = ["status": status, "count": count, "reason": reason, "message": message]
        if let retryAfter { object["retryAfter"] = retryAfter }
        let body = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        _ = try await self.control("POST", "/_fake/failures", body: body)
    }

    /// Replaces the accepted and forbidden tokens (for example to rotate a token).
    ///
    /// - Parameters:
    ///   - valid: The tokens to accept.
    ///   - forbidden: The tokens to answer 403 for.
    public func setTokens(valid: [String], forbidden: [String] = []) async throws {
        let body = String(
            decoding: try JSONSerialization.data(withJSONObject: ["valid": valid, "forbidden": forbidden]), as: UTF8.self)
        _ = try await self.control("POST", "/_fake/tokens", body: body)
    }

    /// Stores a Secret directly (no authentication, validation or counting).
    ///
    /// - Parameter json: The Secret's JSON, with `metadata.namespace` (else `default`).
    /// - Returns: The stored Secret.
    @discardableResult
    public func seed(json: String) async throws -> StoredSecret {
        let raw = try await self.control("POST", "/_fake/secrets", body: json)
        return try Self.stored(raw)
    }

    /// The stored Secret, or `nil` (read without authentication or counting).
    ///
    /// - Parameters:
    ///   - name: The Secret's name.
    ///   - namespace: Its namespace.
    /// - Returns: The stored Secret, or `nil` when there is none.
    public func storedSecret(_ name: String, namespace: String = "default") async throws -> StoredSecret? {
        let (status, raw) = try await self.controlRequest("GET", "/_fake/secrets/\(namespace)/\(name)", body: nil)
        if status == 404 { return nil }
        guard status == 200 else { throw FakeKubernetesAPIServerError(message: "storedSecret answered \(status)") }
        return try Self.stored(raw)
    }

    /// Forgets every Secret, request, count and injection.
    public func reset() async throws {
        _ = try await self.control("POST", "/_fake/reset", body: "{}")
    }

    private static func stored(_ raw: [UInt8]) throws -> StoredSecret {
        try StoredSecret(raw: raw)
    }

    private func control(_ method: String, _ path: String, body: String? = nil) async throws -> [UInt8] {
        let (status, raw) = try await self.controlRequest(method, path, body: body)
        guard status == 200 else {
            throw FakeKubernetesAPIServerError(message: "\(method) \(path) answered \(status): \(String(decoding: raw, as: UTF8.self))")
        }
        return raw
    }

    private func controlRequest(_ method: String, _ path: String, body: String?) async throws -> (Int, [UInt8]) {
        guard let url = URL(string: "http://127.0.0.1:\(self.controlPort)\(path)") else {
            throw FakeKubernetesAPIServerError(message: "cannot build the control URL for \(path)")
        }
        var request = URLRequest(url: url)
        request.httpMethod = method
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, Array(data))
    }
}

/// The fake API server could not be started or asked.
public struct FakeKubernetesAPIServerError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public var message: String
    /// The message.
    public var description: String { self.message }
}

/// A child process with a pipe on its standard input (held open until ``stop()``) and one on its
/// standard output.
private final class ChildProcess: @unchecked Sendable {
    // @unchecked: `process` and the pipes are only touched with `lock` held, except for the
    // blocking read of the first line, which only reads from the pipe's file handle.
    private let lock = NSLock()
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var stopped = false

    init(arguments: [String]) throws {
        self.process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        self.process.arguments = arguments
        self.process.standardInput = self.input
        self.process.standardOutput = self.output
        self.process.standardError = FileHandle.standardError
        try self.process.run()
    }

    /// The first line the process writes, without its newline; what it wrote before end of
    /// file if no newline came.
    func readFirstLine() async -> String {
        let handle = self.output.fileHandleForReading
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var bytes: [UInt8] = []
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    bytes.append(contentsOf: chunk)
                    if bytes.contains(UInt8(ascii: "\n")) { break }
                }
                let line = bytes.split(separator: UInt8(ascii: "\n"), maxSplits: 1, omittingEmptySubsequences: false).first ?? []
                continuation.resume(returning: String(decoding: line, as: UTF8.self))
            }
        }
    }

    func stop() {
        self.lock.lock()
        defer { self.lock.unlock() }
        guard !self.stopped else { return }
        self.stopped = true
        try? self.input.fileHandleForWriting.close()
        if self.process.isRunning {
            self.process.terminate()
        }
        self.process.waitUntilExit()
    }

    deinit {
        self.stop()
    }
}
