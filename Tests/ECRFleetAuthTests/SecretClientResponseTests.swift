import AuthTransport
import ECRFleetAuth
import Foundation
import HTTPTypes
import Logging
import Synchronization
import Testing

/// How the client classifies answers and failures, with a scripted transport.
struct SecretClientResponseTests {
    func client(
        _ transport: ScriptedTransport,
        server: String = "https://10.96.0.1:443",
        token: String? = Secrets.bearerToken,
        options: KubernetesSecretClient.Options = .init()
    ) throws -> KubernetesSecretClient {
        let configuration = try KubernetesConfiguration(
            server: server, namespace: "fleet-default", authentication: token.map { .bearerToken($0) } ?? .none)
        return KubernetesSecretClient(configuration: configuration, transport: transport, options: options)
    }

    static let statuses: [(Int, String?, KubernetesError.Code)] = [
        (400, "BadRequest", .badRequest), (401, "Unauthorized", .unauthorized), (403, "Forbidden", .forbidden),
        (404, "NotFound", .notFound), (409, "Conflict", .conflict), (409, "AlreadyExists", .alreadyExists),
        (409, nil, .conflict), (422, "Invalid", .invalid), (429, "TooManyRequests", .tooManyRequests),
        (500, "InternalError", .serverError), (503, nil, .serverError), (302, nil, .unexpectedStatus),
        (405, "MethodNotAllowed", .unexpectedStatus), (413, "RequestEntityTooLarge", .unexpectedStatus),
    ]

    @Test(arguments: statuses)
    func statusesMapToCodes(status: Int, reason: String?, code: KubernetesError.Code) async throws {
        let body = reason.map { #"{"kind":"Status","apiVersion":"v1","status":"Failure","message":"m","reason":"\#($0)","code":\#(status)}"# } ?? "not json"
        let transport = ScriptedTransport(status: .init(code: status), body: body, headers: [.location: "https://elsewhere.example.com/"])
        do {
            _ = try await client(transport).get(name: "ecr-credentials")
            Issue.record("status \(status) did not throw")
        } catch let error as KubernetesError {
            #expect(error.code == code)
            #expect(error.httpStatus == status)
            #expect(error.apiReason == reason)
            #expect(error.apiMessage == (reason == nil ? nil : "m"))
        }
        #expect(transport.requestCount == 1, "no redirect is followed and nothing is retried")
    }

    @Test func theAPIServersMessageIsSanitized() async throws {
        let message = "rejected \(Secrets.password) and \(Data(Secrets.password.utf8).base64EncodedString()) for \(Secrets.bearerToken)\u{1B}[31m "
            + String(repeating: "x", count: 5000)
        let body = try JSONSerialization.data(withJSONObject: ["kind": "Status", "message": message, "reason": "Invalid", "code": 422])
        let transport = ScriptedTransport { _, _ in (HTTPResponse(status: .init(code: 422)), Array(body)) }
        do {
            _ = try await client(transport).create(KubernetesSecret(name: "ecr-credentials", data: ["password": Secrets.password.bytes]))
            Issue.record("no error")
        } catch let error as KubernetesError {
            let apiMessage = try #require(error.apiMessage)
            #expect(Secrets.leaked(in: apiMessage).isEmpty)
            #expect(Secrets.leaked(in: error.description).isEmpty)
            #expect(apiMessage.hasPrefix("rejected <redacted> and <redacted> for <redacted>"))
            #expect(!apiMessage.contains("\u{1B}"))
            #expect(apiMessage.count <= 1025)
        }
    }

    @Test func invalidResponsesAreTyped() async throws {
        let bodies = [
            "not json", "[]", #"{"kind":"ConfigMap","metadata":{"name":"ecr-credentials"}}"#, #"{"kind":"Secret"}"#,
            #"{"kind":"Secret","metadata":{"name":"other"}}"#, #"{"kind":"Secret","metadata":{"name":"ecr-credentials","namespace":"other"}}"#,
            #"{"kind":"Secret","metadata":{"name":"ecr-credentials","labels":{"a":1}}}"#,
            #"{"kind":"Secret","metadata":{"name":"ecr-credentials"},"data":{"k":"***"}}"#,
            #"{"kind":"Secret","metadata":{"name":"ecr-credentials"},"data":{"k":5}}"#,
            #"{"kind":"Secret","metadata":{"name":"ecr-credentials"},"data":[]}"#,
            #"{"kind":"Secret","apiVersion":"v2","metadata":{"name":"ecr-credentials"}}"#,
            String(repeating: "[", count: 100_000),
        ]
        for body in bodies {
            let transport = ScriptedTransport(status: .ok, body: body)
            await #expect(throws: KubernetesError(code: .invalidResponse), "\(body.prefix(80))") {
                try await client(transport).get(name: "ecr-credentials")
            }
        }
    }

    @Test func responsesOverTheCapAreRefused() async throws {
        let transport = ScriptedTransport(status: .ok, body: secretJSON(namespace: "fleet-default", data: ["k": String(repeating: "v", count: 2000)]))
        await #expect(throws: KubernetesError(code: .responseTooLarge)) {
            try await client(transport, options: .init(maximumResponseBodySize: 1000)).get(name: "ecr-credentials")
        }
        let tooLarge = ScriptedTransport { _, _ in throw HTTPTransportError(code: .responseTooLarge) }
        await #expect(throws: KubernetesError(code: .responseTooLarge)) { try await client(tooLarge).get(name: "ecr-credentials") }
    }

    @Test func transportFailuresAndCancellation() async throws {
        let refused = ScriptedTransport { _, _ in throw HTTPTransportError(code: .connectionFailed, reason: "refused") }
        do {
            _ = try await client(refused).get(name: "ecr-credentials")
        } catch let error as KubernetesError {
            #expect(error.code == .transportFailed)
            #expect(error.isRetryable)
            #expect(error.underlying is HTTPTransportError)
        }
        let cancelled = ScriptedTransport { _, _ in throw HTTPTransportError(code: .cancelled) }
        await #expect(throws: CancellationError.self) { try await client(cancelled).get(name: "ecr-credentials") }
        let cancellation = ScriptedTransport { _, _ in throw CancellationError() }
        await #expect(throws: CancellationError.self) { try await client(cancellation).apply(KubernetesSecret(name: "x")) }
    }

    @Test func cancellingDuringTheConflictBackoffStops() async throws {
        let transport = ScriptedTransport { request, _ in
            if request.method == .get {
                return (HTTPResponse(status: .ok), secretJSON(namespace: "fleet-default").bytes)
            }
            return (HTTPResponse(status: .conflict), #"{"kind":"Status","reason":"Conflict","code":409}"#.bytes)
        }
        let client = try client(transport, options: .init(conflictBackoff: .seconds(30)))
        let task = Task { try await client.apply(KubernetesSecret(name: "ecr-credentials", data: ["new": [1]])) }
        try await Task.sleep(for: .milliseconds(200))
        task.cancel()
        let clock = ContinuousClock()
        let start = clock.now
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(clock.now - start < .seconds(5))
    }

    @Test func plainHTTPCarriesATokenOnlyToLoopback() async throws {
        for server in ["http://10.0.0.1:8080", "http://kubernetes.example.com"] {
            let transport = ScriptedTransport(status: .ok, body: secretJSON(namespace: "fleet-default"))
            await #expect(throws: KubernetesError(code: .invalidConfiguration)) {
                try await client(transport, server: server).get(name: "ecr-credentials")
            }
            #expect(transport.requestCount == 0)
            // Without a token, plain HTTP is the caller's choice.
            _ = try await client(transport, server: server, token: nil).get(name: "ecr-credentials")
        }
        for server in ["http://127.0.0.1:8001", "http://localhost:8001", "http://[::1]:8001"] {
            let transport = ScriptedTransport(status: .ok, body: secretJSON(namespace: "fleet-default"))
            _ = try await client(transport, server: server).get(name: "ecr-credentials")
            #expect(transport.exchanges.first?.request.headerFields[.authorization] == "Bearer \(Secrets.bearerToken)")
        }
    }

    @Test func aServerPathPrefixIsKept() async throws {
        let transport = ScriptedTransport(status: .ok, body: secretJSON(namespace: "fleet-default"))
        _ = try await client(transport, server: "https://rancher.example.com/k8s/clusters/c-m-1/").get(name: "ecr-credentials")
        let request = try #require(transport.exchanges.first?.request)
        #expect(request.authority == "rancher.example.com")
        #expect(request.path == "/k8s/clusters/c-m-1/api/v1/namespaces/fleet-default/secrets/ecr-credentials")
    }

    @Test(arguments: ["", "10.0.0.1", "ftp://h", "https://", "https://user@h", "https://h?x", "https://h#f", "https://h:99999", "https://h h"])
    func badServerURLs(server: String) {
        #expect(throws: KubernetesError(code: .invalidConfiguration)) { try KubernetesConfiguration(server: server) }
    }

    @Test func optionsThatCannotBeSentAreRefused() async throws {
        let transport = ScriptedTransport(status: .created, body: secretJSON(namespace: "fleet-default"))
        await #expect(throws: KubernetesError(code: .invalidConfiguration)) {
            try await client(transport, options: .init(fieldManager: String(repeating: "m", count: 129))).create(KubernetesSecret(name: "ecr-credentials"))
        }
        await #expect(throws: KubernetesError(code: .invalidConfiguration)) {
            try await client(transport, options: .init(userAgent: "a\nb")).get(name: "ecr-credentials")
        }
        #expect(transport.requestCount == 0)
        _ = try await client(transport, options: .init(fieldManager: "my manager/1.0", userAgent: nil)).create(KubernetesSecret(name: "ecr-credentials"))
        #expect(transport.exchanges.last?.request.path?.hasSuffix("?fieldManager=my%20manager%2F1.0") == true)
        #expect(transport.exchanges.last?.request.headerFields[.userAgent] == nil)
    }

    @Test func backoffDoublesUpToTwoSeconds() async throws {
        // Observed through the time an apply with conflicts takes would be slow; check the
        // retries happen and the budget counts instead, with a 1 ms base.
        let conflicts = ScriptedTransport { request, _ in
            if request.method == .get { return (HTTPResponse(status: .ok), secretJSON(namespace: "fleet-default").bytes) }
            return (HTTPResponse(status: .conflict), #"{"kind":"Status","reason":"Conflict"}"#.bytes)
        }
        do {
            _ = try await client(conflicts, options: .init(maximumConflictRetries: 4, conflictBackoff: .milliseconds(1)))
                .apply(KubernetesSecret(name: "ecr-credentials", data: ["x": [1]]))
        } catch let error as KubernetesError {
            #expect(error.code == .conflict)
            #expect(error.apiReason == "Conflict")
        }
        #expect(conflicts.exchanges.filter { $0.request.method == .put }.count == 5)
    }
}

/// Everything the client logs and throws during full runs, searched for every secret.
@Suite(.serialized)
struct SecretClientLogCaptureTests {
    @Test func noLogLineOrErrorContainsTheTokenOrSecretData() async throws {
        let (logger, store) = RecordingLogHandler.logger()
        var errors: [String] = []
        let stored = secretJSON(
            namespace: "fleet-default", data: ["password": "old"],
            extraMetadata: #","annotations":{"kubectl.kubernetes.io/last-applied-configuration":"\#(Secrets.password)"}"#)
        let step = Mutex(0)
        let transport = ScriptedTransport { request, body in
            let index = step.withLock { value -> Int in value += 1; return value }
            switch (index, request.method) {
            case (1, _):
                return (HTTPResponse(status: .unauthorized), #"{"kind":"Status","reason":"Unauthorized","message":"token \#(Secrets.bearerToken) rejected"}"#.bytes)
            case (_, .get):
                return (HTTPResponse(status: .ok), stored.bytes)
            case (3, .put), (4, .put):
                return (HTTPResponse(status: .conflict), #"{"kind":"Status","reason":"Conflict","message":"conflict on \#(Secrets.password)"}"#.bytes)
            default:
                return (HTTPResponse(status: .ok), body ?? [])
            }
        }
        let files = MutableFileSystem(["/token": Secrets.bearerToken])
        let configuration = try KubernetesConfiguration(
            server: "https://10.96.0.1", namespace: "fleet-default",
            authentication: .bearerTokenFile("/token", fileSystem: files))
        let client = KubernetesSecretClient(configuration: configuration, transport: transport, options: .init(conflictBackoff: .zero))
        let desired = KubernetesSecret(
            name: "ecr-credentials", data: ["password": Secrets.password.bytes, ".dockerconfigjson": Secrets.dockerConfig.bytes])
        do {
            _ = try await client.apply(desired, logger: logger)
        } catch {
            errors.append("\(error)")
            errors.append(String(reflecting: error))
        }
        files.set("/token", Secrets.rotatedToken)
        _ = try? await client.apply(desired, logger: logger)
        let forbidden = ScriptedTransport(status: .forbidden, body: #"{"kind":"Status","reason":"Forbidden","message":"\#(Secrets.dockerConfig)"}"#)
        do {
            _ = try await KubernetesSecretClient(configuration: configuration, transport: forbidden).create(desired, logger: logger)
        } catch {
            errors.append("\(error)")
        }
        let logText = store.text
        #expect(store.all.count > 5, "the run logged its steps")
        #expect(logText.contains("ecr-credentials"))
        #expect(Secrets.leaked(in: logText).isEmpty, "\(Secrets.leaked(in: logText))")
        #expect(!logText.contains("Bearer"))
        for error in errors {
            #expect(Secrets.leaked(in: error).isEmpty, "\(error)")
        }
        #expect(errors.count >= 1)
    }
}
