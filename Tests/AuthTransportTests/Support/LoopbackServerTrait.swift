import Testing
import TransportTestSupport

/// Runs a suite with one loopback server, started before its first test and stopped after its
/// last; tests reach it through ``LoopbackServerTrait/current``.
struct LoopbackServerTrait: SuiteTrait, TestScoping {
    @TaskLocal static var current: LoopbackServer?

    func provideScope(
        for test: Test,
        testCase: Test.Case?,
        performing function: @Sendable () async throws -> Void
    ) async throws {
        let server = try await LoopbackServer.start()
        defer { server.stop() }
        try await Self.$current.withValue(server) {
            try await function()
        }
    }
}

extension Trait where Self == LoopbackServerTrait {
    /// A loopback HTTP server for the whole suite.
    static var loopbackServer: Self { LoopbackServerTrait() }
}

/// The suite's loopback server.
func loopbackServer(sourceLocation: SourceLocation = #_sourceLocation) throws -> LoopbackServer {
    try #require(LoopbackServerTrait.current, "the suite needs the .loopbackServer trait", sourceLocation: sourceLocation)
}
