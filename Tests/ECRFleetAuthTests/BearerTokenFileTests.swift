import ECRFleetAuth
import Foundation
import HTTPTypes
import Testing

/// The token file is read again after its refresh interval and after a 401, never more often.
struct BearerTokenFileTests {
    func client(files: MutableFileSystem, clock: TestClock, transport: ScriptedTransport) throws -> KubernetesSecretClient {
        let configuration = try KubernetesConfiguration(
            server: "https://10.96.0.1:443",
            authentication: .bearerTokenFile("/token", fileSystem: files, refreshInterval: .seconds(60), now: clock.closure)
        )
        return KubernetesSecretClient(configuration: configuration, transport: transport)
    }

    func okTransport() -> ScriptedTransport {
        ScriptedTransport { _, _ in (HTTPResponse(status: .ok), secretJSON(namespace: "default").bytes) }
    }

    func tokens(_ transport: ScriptedTransport) -> [String] {
        transport.exchanges.map { $0.request.headerFields[.authorization] ?? "" }
    }

    @Test func readsAgainOnlyAfterTheRefreshInterval() async throws {
        let files = MutableFileSystem(["/token": "first\n"])
        let clock = TestClock()
        let transport = okTransport()
        let client = try client(files: files, clock: clock, transport: transport)
        _ = try await client.get(name: "ecr-credentials")
        files.set("/token", "second")
        clock.advance(by: 59)
        _ = try await client.get(name: "ecr-credentials")
        clock.advance(by: 2)
        _ = try await client.get(name: "ecr-credentials")
        #expect(tokens(transport) == ["Bearer first", "Bearer first", "Bearer second"])
        #expect(files.reads(of: "/token") == 2)
    }

    @Test func aClockThatGoesBackReadsAgain() async throws {
        let files = MutableFileSystem(["/token": "first"])
        let clock = TestClock()
        let transport = okTransport()
        let client = try client(files: files, clock: clock, transport: transport)
        _ = try await client.get(name: "ecr-credentials")
        files.set("/token", "second")
        clock.advance(by: -10)
        _ = try await client.get(name: "ecr-credentials")
        #expect(tokens(transport) == ["Bearer first", "Bearer second"])
    }

    @Test func a401ReadsAgainOnceAndRetriesOnlyWithANewToken() async throws {
        let files = MutableFileSystem(["/token": "old"])
        let clock = TestClock()
        let transport = ScriptedTransport { request, _ in
            if request.headerFields[.authorization] == "Bearer new" {
                return (HTTPResponse(status: .ok), secretJSON(namespace: "default").bytes)
            }
            return (HTTPResponse(status: .unauthorized), #"{"kind":"Status","reason":"Unauthorized","code":401}"#.bytes)
        }
        let client = try client(files: files, clock: clock, transport: transport)
        await #expect(throws: KubernetesError(code: .unauthorized)) { try await client.get(name: "ecr-credentials") }
        #expect(transport.requestCount == 1, "the file still holds the rejected token: no retry")
        files.set("/token", "new")
        _ = try await client.get(name: "ecr-credentials")
        #expect(tokens(transport) == ["Bearer old", "Bearer old", "Bearer new"])
    }

    @Test func aTokenFileThatDisappearsIsFileUnreadable() async throws {
        let files = MutableFileSystem(["/token": "first"])
        let clock = TestClock()
        let transport = okTransport()
        let client = try client(files: files, clock: clock, transport: transport)
        _ = try await client.get(name: "ecr-credentials")
        files.set("/token", nil)
        clock.advance(by: 120)
        await #expect(throws: KubernetesError(code: .fileUnreadable)) { try await client.get(name: "ecr-credentials") }
        #expect(transport.requestCount == 1)
    }

    @Test func aHugeTokenFileIsRefused() async throws {
        let files = MutableFileSystem(["/token": String(repeating: "a", count: 64 * 1024 + 1)])
        let transport = okTransport()
        let client = try client(files: files, clock: TestClock(), transport: transport)
        await #expect(throws: KubernetesError(code: .fileUnreadable)) { try await client.get(name: "ecr-credentials") }
        #expect(transport.requestCount == 0)
    }

    @Test func aFixedTokenWithControlCharactersIsRefused() async throws {
        let transport = okTransport()
        let client = KubernetesSecretClient(
            configuration: try KubernetesConfiguration(server: "https://10.0.0.1", authentication: .bearerToken("a\r\nX-Evil: 1")),
            transport: transport
        )
        await #expect(throws: KubernetesError(code: .invalidConfiguration)) { try await client.get(name: "x") }
        #expect(transport.requestCount == 0)
    }
}
