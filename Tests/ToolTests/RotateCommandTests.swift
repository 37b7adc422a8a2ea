import Foundation
import MotoTestSupport
import KubernetesTestSupport
import Testing

/// `ecr-fleet-auth rotate` as a process, against a real moto_server with IAM authentication and
/// the fake Kubernetes API server (conflicts, write counters).
@Suite(.serialized)
struct RotateCommandTests {
    static let secretArguments = ["--namespace", "fleet-default", "--secret-name", "ecr-credentials"]

    func rotate(_ peers: EndToEndPeers, _ extra: [String] = []) throws -> ToolProcess.Result {
        try ToolProcess.run(["rotate"] + Self.secretArguments + peers.ecrArguments + extra, environment: peers.environment)
    }

    func stored(_ peers: EndToEndPeers, _ name: String = "ecr-credentials") async throws -> FakeKubernetesAPIServer.StoredSecret {
        let server = try #require(peers.kubernetes)
        return try #require(try await server.storedSecret(name, namespace: EndToEndPeers.namespace))
    }

    /// A Secret as an earlier rotation left it, due since 2020.
    func seedStale(_ peers: EndToEndPeers, managed: Bool = true) async throws {
        let server = try #require(peers.kubernetes)
        let labels = managed ? #""labels":{"app.kubernetes.io/managed-by":"ecr-fleet-auth"},"# : ""
        try await server.seed(json: """
            {"metadata":{"name":"ecr-credentials","namespace":"fleet-default",\(labels)
            "annotations":{"ecr-fleet-auth/refreshed-at":"2020-01-01T00:00:00Z","ecr-fleet-auth/expires-at":"2020-01-01T12:00:00Z",
            "ecr-fleet-auth/registries":"\(peers.moto.ecrRegistryHost)","kept-by-someone-else":"yes"}},
            "type":"Opaque","data":{"username":"QVdT","password":"\(Data("stale".utf8).base64EncodedString())"}}
            """)
    }

    @Test func createsOnceAndASecondRunWritesNothing() async throws {
        let peers = try await EndToEndPeers.start()
        defer { peers.stop() }
        let server = try #require(peers.kubernetes)

        let first = try self.rotate(peers, ["--log-level", "info"])
        #expect(first.status == 0, "\(first.standardError)")
        #expect(first.standardOutput.hasPrefix("created fleet-default/ecr-credentials (the Secret does not exist); expires "))
        let secret = try await self.stored(peers)
        #expect(secret.type == "Opaque")
        #expect(secret.data["username"] == Array("AWS".utf8))
        #expect(secret.data["password"] == Array(peers.moto.ecrPassword.utf8))
        #expect(secret.labels["app.kubernetes.io/managed-by"] == "ecr-fleet-auth")
        #expect(secret.annotations["ecr-fleet-auth/expires-at"] != nil)
        #expect(first.standardError.contains("msg=\"Secret created\""))

        let second = try self.rotate(peers)
        #expect(second.status == 0, "\(second.standardError)")
        #expect(second.standardOutput.hasPrefix("unchanged fleet-default/ecr-credentials (the credentials are not due for a refresh)"))
        // Forced: a fresh token from ECR, the same data, still no write.
        let forced = try self.rotate(peers, ["--force"])
        #expect(forced.status == 0)
        #expect(forced.standardOutput.hasPrefix("unchanged fleet-default/ecr-credentials (a refresh was forced)"))

        let stats = try await server.stats()
        #expect(stats.writes == 1)
        #expect(stats.creates == 1)
        #expect(stats.deletes == 0)
        #expect(try await self.stored(peers).resourceVersion == secret.resourceVersion)
        peers.expectNoSecret(
            in: first.standardOutput, first.standardError, second.standardOutput, second.standardError, forced.standardError)
    }

    @Test func aConflictIsReadAgainAndRetried() async throws {
        let peers = try await EndToEndPeers.start()
        defer { peers.stop() }
        let server = try #require(peers.kubernetes)
        try await self.seedStale(peers)
        try await server.injectConflicts(2)

        let result = try self.rotate(peers, ["--log-level", "debug"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.hasPrefix("updated fleet-default/ecr-credentials (the credentials are due for a refresh)"))
        #expect(result.standardOutput.contains("; 2 conflict(s) retried"))
        #expect(result.standardError.contains("Secret changed while being written; reading it again"))
        let stats = try await server.stats()
        #expect(stats.conflicts == 2)
        #expect(stats.writes == 1)
        #expect(stats.unconditionalUpdates == 0)
        let secret = try await self.stored(peers)
        #expect(secret.data["password"] == Array(peers.moto.ecrPassword.utf8))
        #expect(secret.annotations["kept-by-someone-else"] == "yes")
        #expect(secret.annotations["fake.kubernetes.io/concurrent-write"] == "2")
        peers.expectNoSecret(in: result.standardOutput, result.standardError)
    }

    @Test func aSecretSomeoneElseOwnsIsLeftAloneUnlessAdopted() async throws {
        let peers = try await EndToEndPeers.start()
        defer { peers.stop() }
        let server = try #require(peers.kubernetes)
        try await self.seedStale(peers, managed: false)

        let refused = try self.rotate(peers)
        #expect(refused.status == 4)
        #expect(refused.standardError.hasPrefix("ecr-fleet-auth: Kubernetes: secret fleet-default/ecr-credentials exists but is not managed"))
        #expect(refused.standardError.split(separator: "\n").count == 1, "\(refused.standardError)")
        #expect(try await server.stats().writes == 0)

        let adopted = try self.rotate(peers, ["--adopt"])
        #expect(adopted.status == 0, "\(adopted.standardError)")
        #expect(adopted.standardOutput.hasPrefix("updated fleet-default/ecr-credentials (the Secret was not managed by ecr-fleet-auth and is adopted)"))
        #expect(try await self.stored(peers).labels["app.kubernetes.io/managed-by"] == "ecr-fleet-auth")
    }

    @Test func failuresOfAWSAndKubernetesWriteNothing() async throws {
        let peers = try await EndToEndPeers.start(ecrTokenLifetime: nil)
        defer { peers.stop() }
        let server = try #require(peers.kubernetes)

        // moto's expired tokens: an AWS error, nothing written.
        let expired = try self.rotate(peers)
        #expect(expired.status == 3, "\(expired.standardError)")
        #expect(expired.standardError.contains("ecr-fleet-auth: ECR: "))
        #expect(try await server.stats().writes == 0)

        // A token the API server knows but forbids: a Kubernetes error.
        let forbidden = peers.directory.path("forbidden-kubeconfig")
        try server.writeKubeconfig(to: forbidden, namespace: "fleet-default", token: "fake-forbidden-token")
        var environment = peers.environment
        environment["KUBECONFIG"] = forbidden
        let refused = try ToolProcess.run(["rotate"] + Self.secretArguments + peers.ecrArguments, environment: environment)
        #expect(refused.status == 4)
        #expect(refused.standardError.contains("HTTP 403"), "\(refused.standardError)")
        #expect(refused.standardError.split(separator: "\n").count == 1)
        #expect(!refused.standardError.contains("fake-forbidden-token"))

        // Nothing listening: a Kubernetes error too.
        let closed = try ToolProcess.run(
            ["rotate"] + Self.secretArguments + peers.ecrArguments + ["--kubeconfig", peers.directory.path("closed")],
            environment: peers.environment)
        #expect(closed.status == 4)
    }

    @Test func writesADockerConfigJSONSecret() async throws {
        let peers = try await EndToEndPeers.start()
        defer { peers.stop() }
        let result = try ToolProcess.run(
            ["rotate", "--secret-name", "ecr-pull", "--format", "dockerconfigjson"] + peers.ecrArguments, environment: peers.environment)
        #expect(result.status == 0, "\(result.standardError)")
        let secret = try await self.stored(peers, "ecr-pull")
        #expect(secret.type == "kubernetes.io/dockerconfigjson")
        let json = try #require(secret.data[".dockerconfigjson"])
        let config = try #require(try JSONSerialization.jsonObject(with: Data(json)) as? [String: Any])
        #expect((config["auths"] as? [String: Any])?[peers.moto.ecrRegistryHost] != nil)
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func aSignalMidLoopExitsZeroWithNothingHalfWritten(signal: Int32) async throws {
        let peers = try await EndToEndPeers.start()
        defer { peers.stop() }
        let server = try #require(peers.kubernetes)

        let tool = try RunningTool(
            ["rotate"] + Self.secretArguments + peers.ecrArguments + ["--watch", "--log-format", "json"], environment: peers.environment)
        #expect(await tool.waitForStandardError(containing: #""msg":"reconciled""#), "\(tool.standardError)")
        #expect(tool.isRunning)
        let created = try await self.stored(peers)

        tool.signal(signal)
        let status = await tool.waitForExit(timeout: .seconds(20))
        #expect(status == 0, "\(tool.standardError)")
        #expect(tool.standardError.contains("rotator stopping after a signal"))
        // Every log line is one JSON object.
        for line in tool.standardError.split(separator: "\n") {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) is [String: Any], "\(line)")
        }

        let stats = try await server.stats()
        #expect(stats.writes == 1)
        #expect(stats.deletes == 0)
        let after = try await self.stored(peers)
        #expect(after.resourceVersion == created.resourceVersion)
        #expect(after.data["password"] == Array(peers.moto.ecrPassword.utf8))
        #expect(after.data["username"] == Array("AWS".utf8))
        peers.expectNoSecret(in: tool.standardError, tool.standardOutput)
    }

    @Test func aSignalDuringTheFirstReconcileLetsItFinish() async throws {
        let peers = try await EndToEndPeers.start()
        defer { peers.stop() }
        let server = try #require(peers.kubernetes)
        let tool = try RunningTool(
            ["rotate"] + Self.secretArguments + peers.ecrArguments + ["--watch"], environment: peers.environment)
        // "rotator starting" is logged just before the first reconcile begins.
        #expect(await tool.waitForStandardError(containing: "rotator starting"), "\(tool.standardError)")
        tool.signal(SIGTERM)
        #expect(await tool.waitForExit(timeout: .seconds(20)) == 0, "\(tool.standardError)")
        // Either the reconcile ran to its end, or it had not started: never anything in between.
        let stats = try await server.stats()
        #expect(stats.deletes == 0)
        #expect(stats.writes <= 1)
        if let stored = try await server.storedSecret("ecr-credentials", namespace: EndToEndPeers.namespace) {
            #expect(stats.writes == 1)
            #expect(stored.data == ["username": Array("AWS".utf8), "password": Array(peers.moto.ecrPassword.utf8)])
            #expect(stored.labels["app.kubernetes.io/managed-by"] == "ecr-fleet-auth")
            #expect(stored.annotations["ecr-fleet-auth/expires-at"] != nil)
        } else {
            #expect(stats.writes == 0)
        }
    }

    /// A cluster's API server with its own CA: the AsyncHTTPClient build trusts it from the
    /// kubeconfig; the default build says what to do instead of failing obscurely.
    @Test func anAPIServerWithItsOwnCA() async throws {
        let peers = try await EndToEndPeers.start(https: true)
        defer { peers.stop() }
        let result = try self.rotate(peers)
        #if AsyncHTTPClient
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.hasPrefix("created fleet-default/ecr-credentials"))
        #expect(try await self.stored(peers).data["password"] == Array(peers.moto.ecrPassword.utf8))
        #else
        #expect(result.status == 4)
        #expect(result.standardError.contains("--traits AsyncHTTPClient"), "\(result.standardError)")
        #expect(result.standardError.split(separator: "\n").count == 1)
        #expect(try await peers.kubernetes?.stats().requests == 0)
        #endif
    }

    @Test func theWatchLoopRepairsADeletedSecretAtTheResyncInterval() async throws {
        let peers = try await EndToEndPeers.start()
        defer { peers.stop() }
        let server = try #require(peers.kubernetes)
        let tool = try RunningTool(
            ["rotate"] + Self.secretArguments + peers.ecrArguments + ["--watch", "--resync-interval", "1"], environment: peers.environment)
        #expect(await tool.waitForStandardError(containing: "rotation.action=created"), "\(tool.standardError)")
        try await server.reset()  // the Secret is gone
        let recreated = await tool.waitForStandardError(timeout: .seconds(30)) {
            $0.components(separatedBy: "rotation.action=created").count - 1 >= 2
        }
        #expect(recreated, "\(tool.standardError)")
        tool.signal(SIGTERM)
        #expect(await tool.waitForExit() == 0)
        #expect(try await self.stored(peers).data["password"] == Array(peers.moto.ecrPassword.utf8))
    }
}
