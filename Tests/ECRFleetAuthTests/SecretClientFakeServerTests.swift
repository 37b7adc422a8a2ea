import AuthTransportURLSession
import ECRFleetAuth
import Foundation
import KubernetesTestSupport
import Testing

/// The client against the fake API server over real HTTP (URLSession transport).
@Suite(.serialized)
struct SecretClientFakeServerTests {
    static let namespace = "fleet-default"

    func withServer(_ body: (FakeKubernetesAPIServer, KubernetesSecretClient) async throws -> Void) async throws {
        let server = try await FakeKubernetesAPIServer.start(tokens: [Secrets.bearerToken])
        defer { server.stop() }
        let client = KubernetesSecretClient(
            configuration: try server.configuration(namespace: Self.namespace),
            transport: URLSessionHTTPTransport(configuration: .init(timeout: .seconds(10))),
            options: .init(conflictBackoff: .zero)
        )
        try await body(server, client)
    }

    func desired(password: String = Secrets.password, annotations: [String: String] = [:]) -> KubernetesSecret {
        KubernetesSecret(
            name: "ecr-credentials",
            type: .basicAuth,
            data: ["username": "AWS".bytes, "password": password.bytes],
            labels: ["app.kubernetes.io/managed-by": "ecr-fleet-auth"],
            annotations: annotations
        )
    }

    @Test func getOfAMissingSecretIsNotFound() async throws {
        try await withServer { _, client in
            await #expect(throws: KubernetesError(code: .notFound)) {
                try await client.get(name: "missing")
            }
            let found = try await client.find(name: "missing")
            #expect(found == nil)
            do {
                _ = try await client.get(name: "missing")
            } catch let error as KubernetesError {
                #expect(error.httpStatus == 404)
                #expect(error.apiReason == "NotFound")
                #expect(error.apiMessage == #"secrets "missing" not found"#)
                #expect(error.description.contains("get secret fleet-default/missing"))
            }
        }
    }

    @Test func createGetUpdateRoundTrip() async throws {
        try await withServer { server, client in
            let created = try await client.create(desired())
            #expect(created.namespace == Self.namespace)
            #expect(created.resourceVersion != nil)
            #expect(created.uid != nil)
            #expect(created.data["password"] == Secrets.password.bytes)
            #expect(created.type == .basicAuth)

            let read = try await client.get(name: "ecr-credentials")
            #expect(read == created)

            var changed = read
            changed.data["password"] = "rotated".bytes
            changed.annotations["ecr-fleet-auth.io/expires-at"] = "2030-01-01T00:00:00Z"
            let updated = try await client.update(changed)
            #expect(updated.resourceVersion != read.resourceVersion)
            #expect(updated.uid == read.uid)
            let stored = try #require(try await server.storedSecret("ecr-credentials", namespace: Self.namespace))
            #expect(stored.data["password"] == "rotated".bytes)
            #expect(stored.annotations["ecr-fleet-auth.io/expires-at"] == "2030-01-01T00:00:00Z")
            #expect(stored.resourceVersion == updated.resourceVersion)

            let stats = try await server.stats()
            #expect(stats.creates == 1)
            #expect(stats.updates == 1)
            #expect(stats.unconditionalUpdates == 0)
        }
    }

    @Test func createOfAnExistingSecretIsAlreadyExists() async throws {
        try await withServer { _, client in
            _ = try await client.create(desired())
            do {
                _ = try await client.create(desired())
                Issue.record("a second create succeeded")
            } catch let error as KubernetesError {
                #expect(error.code == .alreadyExists)
                #expect(error.httpStatus == 409)
                #expect(error.apiReason == "AlreadyExists")
                #expect(!error.isRetryable)
            }
        }
    }

    @Test func staleUpdateIsAConflictAndChangesNothing() async throws {
        try await withServer { server, client in
            let first = try await client.create(desired())
            var newer = first
            newer.data["password"] = "newer".bytes
            _ = try await client.update(newer)
            var stale = first
            stale.data["password"] = "stale".bytes
            do {
                _ = try await client.update(stale)
                Issue.record("a stale update succeeded")
            } catch let error as KubernetesError {
                #expect(error.code == .conflict)
                #expect(error.isRetryable)
                #expect(error.apiMessage?.contains("the object has been modified") == true)
            }
            let stored = try #require(try await server.storedSecret("ecr-credentials", namespace: Self.namespace))
            #expect(stored.data["password"] == "newer".bytes)
        }
    }

    @Test func updateWithoutResourceVersionIsRefusedBeforeSending() async throws {
        try await withServer { server, client in
            _ = try await client.create(desired())
            let before = try await server.stats().requests
            await #expect(throws: KubernetesError(code: .invalidSecret)) {
                try await client.update(desired(password: "blind"))
            }
            #expect(try await server.stats().requests == before)
        }
    }

    @Test func applyCreatesThenWritesNothingThenUpdates() async throws {
        try await withServer { server, client in
            let (logger, _) = RecordingLogHandler.logger()
            let first = try await client.apply(desired(), logger: logger)
            #expect(first.action == .created)
            #expect(first.didWrite)
            #expect(try await server.stats().writes == 1)

            let second = try await client.apply(desired(), logger: logger)
            #expect(second.action == .unchanged)
            #expect(!second.didWrite)
            #expect(second.secret.resourceVersion == first.secret.resourceVersion)
            #expect(try await server.stats().writes == 1, "a second apply with unchanged data must not write")

            let third = try await client.apply(desired(password: "next-token"), logger: logger)
            #expect(third.action == .updated)
            #expect(third.secret.uid == first.secret.uid, "an update keeps the object: no delete and recreate")
            let stats = try await server.stats()
            #expect(stats.writes == 2)
            #expect(stats.deletes == 0)
            #expect(stats.unconditionalUpdates == 0)
            let methods = Set(try await server.requests().map(\.method))
            #expect(methods.isSubset(of: ["GET", "POST", "PUT"]))
        }
    }

    @Test func applyKeepsOtherLabelsAnnotationsAndUnmodeledFields() async throws {
        try await withServer { server, client in
            try await server.seed(
                json: secretJSON(
                    namespace: Self.namespace, data: ["password": "old", "stale-key": "x"],
                    extraMetadata: #","labels":{"team":"platform"},"annotations":{"owner":"someone"},"#
                        + #""ownerReferences":[{"apiVersion":"v1","kind":"ConfigMap","name":"owner","uid":"1234","controller":false}],"#
                        + #""finalizers":["example.com/keep"]"#,
                    type: "kubernetes.io/basic-auth"
                )
            )
            let result = try await client.apply(desired(annotations: ["ecr-fleet-auth.io/expires-at": "soon"]))
            #expect(result.action == .updated)
            let stored = try #require(try await server.storedSecret("ecr-credentials", namespace: Self.namespace))
            #expect(stored.labels == ["team": "platform", "app.kubernetes.io/managed-by": "ecr-fleet-auth"])
            #expect(stored.annotations == ["owner": "someone", "ecr-fleet-auth.io/expires-at": "soon"])
            #expect(Set(stored.data.keys) == ["username", "password"], "keys the desired Secret lacks are removed")
            let metadata = try #require(stored.jsonObject?["metadata"] as? [String: Any])
            #expect((metadata["ownerReferences"] as? [Any])?.count == 1)
            #expect(metadata["finalizers"] as? [String] == ["example.com/keep"])
        }
    }

    @Test(arguments: [1, 3])
    func applyRetriesConcurrentWrites(conflicts: Int) async throws {
        try await withServer { server, client in
            _ = try await client.apply(desired())
            try await server.injectConflicts(conflicts)
            let result = try await client.apply(desired(password: "after-conflicts"))
            #expect(result.action == .updated)
            #expect(result.conflictRetries == conflicts)
            let stored = try #require(try await server.storedSecret("ecr-credentials", namespace: Self.namespace))
            #expect(stored.data["password"] == "after-conflicts".bytes)
            // The concurrent writer's annotation survives: the retry re-read the Secret.
            #expect(stored.annotations["fake.kubernetes.io/concurrent-write"] == "\(conflicts)")
            let stats = try await server.stats()
            #expect(stats.conflicts == conflicts)
            #expect(stats.deletes == 0)
        }
    }

    @Test func applyRetriesBareConflictStatuses() async throws {
        try await withServer { server, client in
            _ = try await client.apply(desired())
            try await server.injectConflicts(2, concurrentWrite: false)
            let result = try await client.apply(desired(password: "p2"))
            #expect(result.action == .updated)
            #expect(result.conflictRetries == 2)
        }
    }

    @Test func applyRetriesWhenACreateRacesAnotherWriter() async throws {
        try await withServer { server, client in
            try await server.injectConflicts(1)
            let result = try await client.apply(desired())
            // The other writer created it first with other data; the apply then updated it.
            #expect(result.action == .updated)
            #expect(result.conflictRetries == 1)
            let stored = try #require(try await server.storedSecret("ecr-credentials", namespace: Self.namespace))
            #expect(stored.data == ["username": "AWS".bytes, "password": Secrets.password.bytes])
        }
    }

    @Test func applyGivesUpAfterTheRetryBudget() async throws {
        let server = try await FakeKubernetesAPIServer.start(tokens: [Secrets.bearerToken])
        defer { server.stop() }
        let client = KubernetesSecretClient(
            configuration: try server.configuration(namespace: Self.namespace),
            transport: URLSessionHTTPTransport(),
            options: .init(maximumConflictRetries: 2, conflictBackoff: .milliseconds(1))
        )
        _ = try await client.apply(desired())
        try await server.injectConflicts(10)
        do {
            _ = try await client.apply(desired(password: "never"))
            Issue.record("apply succeeded despite endless conflicts")
        } catch let error as KubernetesError {
            #expect(error.code == .conflict)
            #expect(error.reason.contains("gave up after 3 attempts"))
        }
        let stored = try #require(try await server.storedSecret("ecr-credentials", namespace: Self.namespace))
        #expect(stored.data["password"] == Secrets.password.bytes)
        #expect(try await server.stats().conflicts == 3)
    }

    @Test func applyNeverChangesTheTypeOfAnExistingSecret() async throws {
        try await withServer { server, client in
            try await server.seed(json: secretJSON(namespace: Self.namespace, type: "Opaque"))
            let before = try await server.stats()
            await #expect(throws: KubernetesError(code: .invalidSecret)) {
                try await client.apply(desired())
            }
            let after = try await server.stats()
            #expect(after.writes == before.writes)
            #expect(after.deletes == 0)
        }
    }

    @Test func updateOfARecreatedSecretConflictsOnItsUID() async throws {
        try await withServer { server, client in
            let original = try await client.create(desired())
            // Someone deletes and recreates it; the resourceVersion we hold could even match.
            try await server.seed(
                json: secretJSON(namespace: Self.namespace, resourceVersion: original.resourceVersion ?? "", type: "kubernetes.io/basic-auth")
                    .replacingOccurrences(of: "6a4529dc-8d74-4a1b-8e7e-077010f41bc2", with: "00000000-0000-0000-0000-000000000001")
            )
            var changed = original
            changed.data["password"] = "x".bytes
            await #expect(throws: KubernetesError(code: .conflict)) {
                try await client.update(changed)
            }
        }
    }

    @Test func theServerRejectsInvalidDataWith422() async throws {
        try await withServer { _, client in
            let secret = KubernetesSecret(
                name: "pull-secret", type: .dockerConfigJSON, data: [".dockerconfigjson": "not json".bytes])
            do {
                _ = try await client.create(secret)
                Issue.record("an invalid dockerconfigjson was accepted")
            } catch let error as KubernetesError {
                #expect(error.code == .invalid)
                #expect(error.httpStatus == 422)
                #expect(error.apiReason == "Invalid")
                #expect(error.apiMessage?.contains("data[.dockerconfigjson]") == true)
            }
        }
    }

    @Test func dataOfAnImmutableSecretCannotChange() async throws {
        try await withServer { server, client in
            let seeded = secretJSON(namespace: Self.namespace, data: ["username": "AWS", "password": "old"], type: "kubernetes.io/basic-auth")
            try await server.seed(json: String(seeded.dropLast()) + #","immutable":true}"#)
            let existing = try await client.get(name: "ecr-credentials")
            #expect(existing.isImmutable)
            await #expect(throws: KubernetesError(code: .invalid)) {
                try await client.apply(desired())
            }
        }
    }

    @Test func unauthorizedAndForbiddenAreTyped() async throws {
        let server = try await FakeKubernetesAPIServer.start(tokens: [Secrets.bearerToken], forbiddenTokens: ["forbidden-token"])
        defer { server.stop() }
        for (token, code) in [("wrong-token", KubernetesError.Code.unauthorized), ("forbidden-token", .forbidden), ("", .unauthorized)] {
            let client = KubernetesSecretClient(
                configuration: try server.configuration(namespace: Self.namespace, token: token),
                transport: URLSessionHTTPTransport()
            )
            do {
                _ = try await client.apply(desired())
                Issue.record("apply with token \(token.debugDescription) succeeded")
            } catch let error as KubernetesError {
                #expect(error.code == code, "token \(token.debugDescription)")
                #expect(!error.isRetryable)
            }
        }
        #expect(try await server.stats().writes == 0)
    }

    @Test func throttlingAndServerErrorsAreRetryableAndCarryRetryAfter() async throws {
        try await withServer { server, client in
            try await server.injectFailures(status: 429, reason: "TooManyRequests", message: "slow down", retryAfter: 3)
            do {
                _ = try await client.get(name: "ecr-credentials")
                Issue.record("a throttled request succeeded")
            } catch let error as KubernetesError {
                #expect(error.code == .tooManyRequests)
                #expect(error.retryAfter == .seconds(3))
                #expect(error.isRetryable)
            }
            try await server.injectFailures(status: 503, reason: "ServiceUnavailable")
            await #expect(throws: KubernetesError(code: .serverError)) {
                try await client.apply(desired())
            }
            #expect(try await server.stats().writes == 0)
        }
    }

    @Test func requestsAreJSONWithTokenAndFieldManager() async throws {
        try await withServer { server, client in
            _ = try await client.apply(desired())
            _ = try await client.apply(desired(password: "second"))
            let requests = try await server.requests()
            #expect(requests.map(\.method) == ["GET", "POST", "GET", "PUT"])
            for request in requests {
                #expect(request.auth == "bearer:\(Secrets.bearerToken)")
                #expect(request.accept == "application/json")
                #expect(request.path.hasPrefix("/api/v1/namespaces/fleet-default/secrets"))
            }
            for request in requests where request.method != "GET" {
                #expect(request.contentType == "application/json")
                #expect(request.query == "fieldManager=ecr-fleet-auth")
            }
        }
    }

    @Test func aRotatedTokenFileIsReadAgainAfterA401() async throws {
        let server = try await FakeKubernetesAPIServer.start(tokens: [Secrets.bearerToken])
        defer { server.stop() }
        let files = MutableFileSystem(["/sa/token": Secrets.bearerToken + "\n"])
        let clock = TestClock()
        let configuration = try KubernetesConfiguration(
            server: server.baseURL,
            namespace: Self.namespace,
            authentication: .bearerTokenFile("/sa/token", fileSystem: files, refreshInterval: .seconds(60), now: clock.closure)
        )
        let client = KubernetesSecretClient(configuration: configuration, transport: URLSessionHTTPTransport())
        _ = try await client.apply(desired())

        // The kubelet rotates the token; the old one stops working at once.
        files.set("/sa/token", Secrets.rotatedToken)
        try await server.setTokens(valid: [Secrets.rotatedToken])
        let result = try await client.apply(desired(password: "after-rotation"))
        #expect(result.action == .updated)
        let auths = try await server.requests().map(\.auth)
        #expect(auths.suffix(3) == ["bearer:\(Secrets.bearerToken)", "bearer:\(Secrets.rotatedToken)", "bearer:\(Secrets.rotatedToken)"])
    }

    @Test func invalidNamesAreRefusedBeforeAnyRequest() async throws {
        try await withServer { server, client in
            let bad: [KubernetesSecret] = [
                KubernetesSecret(name: "Upper"),
                KubernetesSecret(name: "a/../../other"),
                KubernetesSecret(name: "ok", namespace: "Bad_Namespace"),
                KubernetesSecret(name: "ok", data: ["bad key": []]),
                KubernetesSecret(name: "ok", data: ["..hidden": []]),
                KubernetesSecret(name: "ok", labels: ["ok": "not ok!"]),
                KubernetesSecret(name: "ok", annotations: ["a/b/c": "x"]),
                KubernetesSecret(name: "ok", data: ["big": [UInt8](repeating: 0, count: 1024 * 1024 + 1)]),
                KubernetesSecret(name: String(repeating: "a", count: 254)),
            ]
            for secret in bad {
                await #expect(throws: KubernetesError(code: .invalidSecret)) { try await client.apply(secret) }
                await #expect(throws: KubernetesError(code: .invalidSecret)) { try await client.create(secret) }
            }
            await #expect(throws: KubernetesError(code: .invalidSecret)) { try await client.get(name: "a?b") }
            await #expect(throws: KubernetesError(code: .invalidSecret)) { try await client.get(name: "ok", namespace: "..") }
            let requests = try await server.stats().requests
            #expect(requests == 0)
        }
    }
}
