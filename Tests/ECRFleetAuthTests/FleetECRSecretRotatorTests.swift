import AuthTransport
import AuthTransportURLSession
import ECRFleetAuth
import Foundation
import HTTPTypes
import KubernetesTestSupport
import Logging
import Synchronization
import Testing

@testable import ECRFleetAuth

/// An ECR `GetAuthorizationToken` answering with a password the test controls, valid for 12 hours
/// from the test clock's now, counting calls.
final class ECRStub: Sendable {
    final class State: Sendable {
        let password: Mutex<String>
        let failure = Mutex<(status: Int, body: String)?>(nil)

        init(password: String) {
            self.password = Mutex(password)
        }
    }

    let clock: TestClock
    let transport: ScriptedTransport
    private let state: State

    init(clock: TestClock, password: String = Secrets.password) {
        let state = State(password: password)
        self.clock = clock
        self.state = state
        self.transport = ScriptedTransport { request, _ in
            if let (status, body) = state.failure.withLock({ $0 }) {
                return (HTTPResponse(status: .init(code: status)), Array(body.utf8))
            }
            let token = Data("AWS:\(state.password.withLock { $0 })".utf8).base64EncodedString()
            let expires = clock.now.addingTimeInterval(43_200).timeIntervalSince1970
            let body = #"{"authorizationData":[{"authorizationToken":"\#(token)","expiresAt":\#(expires),"proxyEndpoint":"https://\#(request.authority ?? "")"}]}"#
            return (HTTPResponse(status: .ok), Array(body.utf8))
        }
    }

    var calls: Int { self.transport.requestCount }

    func setPassword(_ password: String) {
        self.state.password.withLock { $0 = password }
    }

    func fail(status: Int, body: String) {
        self.state.failure.withLock { $0 = (status, body) }
    }

    func client(region: String = "eu-central-1") -> ECRClient {
        ECRClient(
            transport: self.transport,
            credentials: StaticCredentialsProvider(AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "test-secret")),
            region: region,
            configuration: .init(now: self.clock.closure, random: { 0 }, sleep: { _ in }))
    }
}

/// `FleetECRSecretRotator` against the fake Kubernetes API server, with a stubbed ECR and a test
/// clock: what it writes, when it does not, and what it never prints.
@Suite(.serialized)
struct FleetECRSecretRotatorTests {
    static let namespace = "fleet-default"
    static let registry = ECRRegistry("123456789012.dkr.ecr.eu-central-1.amazonaws.com")!
    static let usRegistry = ECRRegistry("123456789012.dkr.ecr.us-east-1.amazonaws.com")!

    struct Fixture {
        var server: FakeKubernetesAPIServer
        var kubernetes: KubernetesSecretClient
        var clock: TestClock
        var ecr: ECRStub

        func rotator(
            _ configuration: FleetECRSecretRotator.Configuration = Fixture.helm(),
            tokens: ECRTokenCache? = nil
        ) throws -> FleetECRSecretRotator {
            try FleetECRSecretRotator(
                configuration: configuration,
                tokens: tokens ?? ECRTokenCache(client: self.ecr.client(), now: self.clock.closure, random: { 0 }),
                kubernetes: self.kubernetes, now: self.clock.closure, random: { 0 })
        }

        static func helm(adopt: Bool = false) -> FleetECRSecretRotator.Configuration {
            .init(secretName: "ecr-credentials", registries: [FleetECRSecretRotatorTests.registry], adoptExistingSecret: adopt)
        }

        func stored() async throws -> FakeKubernetesAPIServer.StoredSecret {
            try #require(try await self.server.storedSecret("ecr-credentials", namespace: FleetECRSecretRotatorTests.namespace))
        }
    }

    func withFixture(maximumConflictRetries: Int = 5, _ body: (Fixture) async throws -> Void) async throws {
        let server = try await FakeKubernetesAPIServer.start(tokens: [Secrets.bearerToken])
        defer { server.stop() }
        let kubernetes = KubernetesSecretClient(
            configuration: try server.configuration(namespace: Self.namespace),
            transport: URLSessionHTTPTransport(configuration: .init(timeout: .seconds(10))),
            options: .init(maximumConflictRetries: maximumConflictRetries, conflictBackoff: .zero))
        let clock = TestClock()
        try await body(Fixture(server: server, kubernetes: kubernetes, clock: clock, ecr: ECRStub(clock: clock)))
    }

    @Test func createsTheHelmSecretWithLabelAndAnnotations() async throws {
        try await withFixture { fixture in
            let result = try await fixture.rotator().reconcile()
            #expect(result.action == .created)
            #expect(result.reason == .secretMissing)
            #expect(result.didWrite && result.fetchedTokens)
            #expect(result.expiresAt == fixture.clock.now.addingTimeInterval(43_200))
            // Refreshed half-way through the 12 hours (jitter 0).
            #expect(result.nextRefresh == fixture.clock.now.addingTimeInterval(21_600))
            #expect(result.requeueAfter == 21_600)

            let stored = try await fixture.stored()
            #expect(stored.type == "Opaque")
            #expect(stored.data == ["username": "AWS".bytes, "password": Secrets.password.bytes])
            #expect(stored.labels["app.kubernetes.io/managed-by"] == "ecr-fleet-auth")
            #expect(stored.annotations["ecr-fleet-auth/refreshed-at"] == "2027-01-15T08:00:00Z")
            #expect(stored.annotations["ecr-fleet-auth/expires-at"] == "2027-01-15T20:00:00Z")
            #expect(stored.annotations["ecr-fleet-auth/registries"] == Self.registry.host)
            #expect(fixture.ecr.calls == 1)
        }
    }

    @Test func aSecondReconcileWritesNothingAndFetchesNothing() async throws {
        try await withFixture { fixture in
            let rotator = try fixture.rotator()
            _ = try await rotator.reconcile()
            fixture.clock.advance(by: 3_600)
            let second = try await rotator.reconcile()
            #expect(second.action == .unchanged)
            #expect(second.reason == .upToDate)
            #expect(!second.fetchedTokens)
            #expect(second.requeueAfter == 21_600 - 3_600)

            // A restarted process (a new cache) trusts the Secret's annotations: no ECR call,
            // because a new token's different password would be a write that restarts Fleet's job.
            let restarted = try fixture.rotator()
            let third = try await restarted.reconcile()
            #expect(third.action == .unchanged)
            #expect(fixture.ecr.calls == 1)
            let stats = try await fixture.server.stats()
            #expect(stats.writes == 1)
            #expect(stats.deletes == 0)
        }
    }

    @Test func aDueRefreshWithANewPasswordUpdatesOnce() async throws {
        try await withFixture { fixture in
            let rotator = try fixture.rotator()
            _ = try await rotator.reconcile()
            let before = try await fixture.stored()
            fixture.clock.advance(by: 21_600)
            fixture.ecr.setPassword(Secrets.password + "-2")
            let result = try await rotator.reconcile()
            #expect(result.action == .updated)
            #expect(result.reason == .refreshDue)
            #expect(result.nextRefresh == fixture.clock.now.addingTimeInterval(21_600))
            let after = try await fixture.stored()
            #expect(after.data["password"] == (Secrets.password + "-2").bytes)
            #expect(after.uid == before.uid)  // updated in place, never recreated
            #expect(after.annotations["ecr-fleet-auth/refreshed-at"] == "2027-01-15T14:00:00Z")
            #expect(try await fixture.server.stats().writes == 2)
            #expect(try await fixture.server.stats().unconditionalUpdates == 0)
        }
    }

    @Test func aDueRefreshWithTheSamePasswordWritesNothing() async throws {
        try await withFixture { fixture in
            let rotator = try fixture.rotator()
            _ = try await rotator.reconcile()
            fixture.clock.advance(by: 21_600)
            let result = try await rotator.reconcile()
            #expect(result.action == .unchanged)
            #expect(result.reason == .refreshDue)
            #expect(result.fetchedTokens)
            #expect(fixture.ecr.calls == 2)
            #expect(result.requeueAfter > 0)
            #expect(try await fixture.server.stats().writes == 1)
        }
    }

    @Test func forceRepairsEditedDataButOtherwiseWritesNothing() async throws {
        try await withFixture { fixture in
            let rotator = try fixture.rotator()
            _ = try await rotator.reconcile()
            let forced = try await rotator.reconcile(force: true)
            #expect(forced.action == .unchanged)
            #expect(forced.reason == .forced)

            // Someone edits the password but keeps the annotations.
            var object = try #require(try await fixture.stored().jsonObject)
            var data = try #require(object["data"] as? [String: String])
            data["password"] = Data("edited".utf8).base64EncodedString()
            object["data"] = data
            try await fixture.server.seed(json: String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))

            #expect(try await rotator.reconcile().action == .unchanged)  // the schedule is trusted
            let repaired = try await rotator.reconcile(force: true)
            #expect(repaired.action == .updated)
            #expect(try await fixture.stored().data["password"] == Secrets.password.bytes)
        }
    }

    @Test func aMissingSecretIsCreatedAgainAndAChangedConfigurationIsRewritten() async throws {
        try await withFixture { fixture in
            _ = try await fixture.rotator().reconcile()
            var docker = FleetECRSecretRotator.Configuration(
                secretName: "pull", registries: [Self.registry], format: .dockerConfigJSON)
            let first = try await fixture.rotator(docker).reconcile()
            #expect(first.action == .created)
            docker.registries.append(Self.usRegistry)
            let grown = try await fixture.rotator(docker).reconcile()
            #expect(grown.action == .updated)
            #expect(grown.reason == .configurationChanged)
            let stored = try #require(try await fixture.server.storedSecret("pull", namespace: Self.namespace))
            #expect(stored.type == "kubernetes.io/dockerconfigjson")
            let json = try #require(stored.data[".dockerconfigjson"])
            let auths = try #require(
                (try JSONSerialization.jsonObject(with: Data(json)) as? [String: Any])?["auths"] as? [String: [String: String]])
            #expect(Set(auths.keys) == [Self.registry.host, Self.usRegistry.host])
            #expect(auths[Self.usRegistry.host]?["password"] == Secrets.password)
            #expect(auths[Self.usRegistry.host]?["auth"] == Data("AWS:\(Secrets.password)".utf8).base64EncodedString())
            #expect(stored.annotations["ecr-fleet-auth/registries"] == "\(Self.registry.host),\(Self.usRegistry.host)")
        }
    }

    @Test func rendersSecretsPathYAMLThatFleetReadsBack() async throws {
        try await withFixture { fixture in
            let configuration = FleetECRSecretRotator.Configuration(
                secretName: "ecr-paths", registries: [Self.registry, Self.usRegistry],
                format: .secretsPath(["apps/*": Self.registry, "us/*": Self.usRegistry]))
            let result = try await fixture.rotator(configuration).reconcile()
            #expect(result.action == .created)
            let stored = try #require(try await fixture.server.storedSecret("ecr-paths", namespace: Self.namespace))
            let file = try SecretsPathFile(yaml: String(decoding: try #require(stored.data["secrets-path.yaml"]), as: UTF8.self))
            let selected = try #require(try file.selection(forPath: "apps/nginx"))
            #expect(selected.key == "apps/*")
            #expect(selected.credentials.username == "AWS")
            #expect(selected.credentials.password == Secrets.password)
            #expect(try file.selection(forPath: "other/x") == nil)
            #expect(stored.annotations["ecr-fleet-auth/registries"] == "apps/*=\(Self.registry.host),us/*=\(Self.usRegistry.host)")
            #expect(fixture.ecr.calls == 2)
        }
    }

    @Test func refusesASecretItDoesNotManageUnlessToldToAdopt() async throws {
        try await withFixture { fixture in
            try await fixture.server.seed(
                json: #"{"metadata":{"name":"ecr-credentials","namespace":"fleet-default"},"type":"Opaque","data":{"username":"QVdT","password":"aGFuZG1hZGU="}}"#)
            await #expect(throws: KubernetesError(code: .notManaged)) {
                try await fixture.rotator().reconcile()
            }
            #expect(fixture.ecr.calls == 0)
            #expect(try await fixture.server.stats().writes == 0)

            let adopted = try await fixture.rotator(Fixture.helm(adopt: true)).reconcile()
            #expect(adopted.action == .updated)
            #expect(adopted.reason == .adopted)
            let stored = try await fixture.stored()
            #expect(stored.labels["app.kubernetes.io/managed-by"] == "ecr-fleet-auth")
            #expect(stored.data["password"] == Secrets.password.bytes)
            // Once adopted, it is the rotator's: the next reconcile needs no adoption.
            #expect(try await fixture.rotator().reconcile().action == .unchanged)
        }
    }

    @Test func aSecretOfAnotherTypeIsNeverDeletedToChangeIt() async throws {
        try await withFixture { fixture in
            let docker = FleetECRSecretRotator.Configuration(
                secretName: "ecr-credentials", registries: [Self.registry], format: .dockerConfigJSON)
            _ = try await fixture.rotator(docker).reconcile()
            await #expect(throws: KubernetesError(code: .invalidSecret)) {
                try await fixture.rotator().reconcile()
            }
            let stats = try await fixture.server.stats()
            #expect(stats.writes == 1)
            #expect(stats.deletes == 0)
        }
    }

    @Test func conflictsAreReadAgainAndRetried() async throws {
        try await withFixture { fixture in
            _ = try await fixture.rotator().reconcile()
            fixture.clock.advance(by: 21_600)
            fixture.ecr.setPassword(Secrets.password + "-2")
            try await fixture.server.injectConflicts(2)
            let result = try await fixture.rotator().reconcile()
            #expect(result.action == .updated)
            #expect(result.conflictRetries == 2)
            let stats = try await fixture.server.stats()
            #expect(stats.conflicts == 2)
            #expect(stats.writes == 2)
            let stored = try await fixture.stored()
            #expect(stored.data["password"] == (Secrets.password + "-2").bytes)
            // The other writer's annotation survives the update.
            #expect(stored.annotations["fake.kubernetes.io/concurrent-write"] == "2")
        }
    }

    @Test func aCreateRaceIsRetriedAndEndlessConflictsGiveUp() async throws {
        try await withFixture(maximumConflictRetries: 2) { fixture in
            try await fixture.server.injectConflicts(1, concurrentWrite: false)
            let created = try await fixture.rotator().reconcile()
            #expect(created.action == .created)
            #expect(created.conflictRetries == 1)

            fixture.clock.advance(by: 21_600)
            fixture.ecr.setPassword(Secrets.password + "-2")
            try await fixture.server.injectConflicts(10)
            await #expect(throws: KubernetesError(code: .conflict)) {
                try await fixture.rotator().reconcile()
            }
            #expect(try await fixture.server.stats().writes == 1)
        }
    }

    @Test func anECRFailureWritesNothing() async throws {
        try await withFixture { fixture in
            fixture.ecr.fail(status: 400, body: #"{"__type":"AccessDeniedException","message":"not allowed"}"#)
            await #expect(throws: ECRAuthError(code: .accessDenied)) {
                try await fixture.rotator().reconcile()
            }
            let stats = try await fixture.server.stats()
            #expect(stats.writes == 0)
        }
    }

    @Test func nothingPrintedOrLoggedHoldsTheSecret() async throws {
        try await withFixture { fixture in
            let (logger, store) = RecordingLogHandler.logger()
            let rotator = try fixture.rotator()
            let created = try await rotator.reconcile(logger: logger)
            fixture.clock.advance(by: 21_600)
            fixture.ecr.setPassword(Secrets.password + "-2")
            let updated = try await rotator.reconcile(logger: logger)
            let unchanged = try await rotator.reconcile(logger: logger)
            #expect(store.text.contains("Secret created"))
            #expect(store.text.contains("Secret updated"))
            var texts = [store.text] + printedForms(of: rotator) + printedForms(of: rotator.configuration)
            for result in [created, updated, unchanged] {
                texts += printedForms(of: result)
            }
            for text in texts {
                #expect(Secrets.leaked(in: text).isEmpty, "\(text)")
            }
            #expect(updated.description.hasPrefix("updated fleet-default/ecr-credentials (the credentials are due for a refresh)"))
        }
    }

    @Test func configurationsThatCannotBeRenderedAreRefusedUpFront() async throws {
        try await withFixture { fixture in
            let bad: [FleetECRSecretRotator.Configuration] = [
                .init(secretName: "ecr-credentials", registries: []),
                .init(secretName: "ecr-credentials", registries: [Self.registry, Self.usRegistry]),
                .init(secretName: "ecr-credentials", registries: [Self.registry, try #require(ECRRegistry("public.ecr.aws"))]),
                .init(secretName: "ecr-credentials", registries: [Self.registry], format: .secretsPath([:])),
                .init(secretName: "ecr-credentials", registries: [Self.registry], format: .secretsPath(["a/*": Self.usRegistry])),
            ]
            for configuration in bad {
                #expect(throws: KubernetesError(code: .invalidConfiguration), "\(configuration)") {
                    try fixture.rotator(configuration)
                }
            }
            #expect(throws: KubernetesError(code: .invalidSecret)) {
                try fixture.rotator(.init(secretName: "Not_A_Name", registries: [Self.registry]))
            }
            // Two registries of one region share a token: one helmSecretName Secret serves both.
            let shared = try fixture.rotator(
                .init(secretName: "ecr-credentials", registries: [Self.registry, try #require(ECRRegistry("210987654321.dkr.ecr.eu-central-1.amazonaws.com"))]))
            #expect(try await shared.reconcile().action == .created)
            #expect(fixture.ecr.calls == 1)
        }
    }
}

/// The schedule the rotator reads from a stored Secret's annotations.
struct StoredRotationScheduleTests {
    static let refreshed = Date(timeIntervalSince1970: 1_800_000_000)
    static let expires = refreshed.addingTimeInterval(43_200)

    @Test(arguments: [
        // (seconds after refresh, jitter, expected: due date offset or nil when due)
        (0.0, 0.0, 21_600.0 as Double?),
        (21_599, 0, 21_600),
        (21_600, 0, nil),
        (0, 1, 19_440),  // 0.5 − 0.05 of 12 hours
        (43_200 - 61, 0, nil),
        (50_000, 0, nil),
    ])
    func dueTimes(elapsed: Double, jitter: Double, due: Double?) {
        let state = StoredRotation.schedule(
            refreshedAt: Self.refreshed, expiresAt: Self.expires, policy: RefreshPolicy(), jitter: jitter,
            now: Self.refreshed.addingTimeInterval(elapsed))
        if let due {
            #expect(state == .current(due: Self.refreshed.addingTimeInterval(due), expiresAt: Self.expires))
        } else {
            #expect(state == .due(expiresAt: Self.expires))
        }
    }

    @Test func theRefreshMarginCapsLateRefreshes() {
        let state = StoredRotation.schedule(
            refreshedAt: Self.refreshed, expiresAt: Self.expires, policy: RefreshPolicy(ratio: 0.99), jitter: 0, now: Self.refreshed)
        #expect(state == .current(due: Self.expires.addingTimeInterval(-900), expiresAt: Self.expires))
    }

    @Test(arguments: [
        ("2027-01-15T08:00:00Z", 1_800_000_000.0 as Double?),
        ("2027-01-15T09:00:00+01:00", 1_800_000_000),
        ("2027-01-15T08:00:00.5Z", 1_800_000_000.5),
        ("1970-01-01T00:00:00Z", 0),
        ("2027-01-15 08:00:00Z", nil),
        ("2027-13-15T08:00:00Z", nil),
        ("2027-01-15T08:00:00", nil),
        ("2027-01-15T08:00:00Zjunk", nil),
        ("", nil),
    ])
    func rfc3339(text: String, seconds: Double?) {
        #expect(RotationTime.parse(text)?.timeIntervalSince1970 == seconds)
        if let seconds, seconds.rounded() == seconds, !text.contains("+") {
            #expect(RotationTime.format(Date(timeIntervalSince1970: seconds)) == text)
        }
    }
}
