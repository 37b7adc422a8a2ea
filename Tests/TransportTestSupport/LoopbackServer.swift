import Foundation
public import HTTPTypes

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A real HTTP/1.1 server on 127.0.0.1 for the transport tests: `Resources/loopback_server.py`
/// run by `python3` in a child process.
///
/// ```swift
/// let server = try await LoopbackServer.start()
/// defer { server.stop() }
/// let request = server.request(.post, "/echo/a%2Fb?x=%3D")
/// ```
///
/// The server exits when ``stop()`` is called, and on its own when this process exits (it
/// watches its standard input, which only this process holds open).
public final class LoopbackServer: Sendable {
    /// The port the server listens on.
    public let port: Int
    /// A port on 127.0.0.1 that nothing listens on (it was free when the server started), for
    /// connection-refused tests.
    public let closedPort: Int

    private let process: ChildProcess

    /// `127.0.0.1:<port>`.
    public var authority: String { "127.0.0.1:\(self.port)" }

    private init(port: Int, closedPort: Int, process: ChildProcess) {
        self.port = port
        self.closedPort = closedPort
        self.process = process
    }

    /// Starts a server and waits until it listens.
    ///
    /// - Returns: The running server.
    /// - Throws: ``LoopbackServerError`` when the script is missing or the server does not come
    ///   up.
    public static func start() async throws -> LoopbackServer {
        guard let script = Bundle.module.url(forResource: "loopback_server", withExtension: "py") else {
            throw LoopbackServerError(message: "loopback_server.py is missing from the test resources")
        }
        let process = try ChildProcess(arguments: ["python3", script.path])
        let line = await process.readFirstLine()
        let words = line.split(separator: " ")
        guard words.count == 3, words[0] == "LISTENING", let port = Int(words[1]), let closedPort = Int(words[2]) else {
            process.stop()
            throw LoopbackServerError(message: "the loopback server did not start (said: \(line.debugDescription))")
        }
        return LoopbackServer(port: port, closedPort: closedPort, process: process)
    }

    /// Stops the server and waits for its process to exit. Safe to call more than once.
    public func stop() {
        self.process.stop()
    }

    /// A request to this server.
    ///
    /// - Parameters:
    ///   - method: The method.
    ///   - pathAndQuery: The path and query, sent exactly as given.
    ///   - headerFields: The header fields.
    /// - Returns: An `http` request for `127.0.0.1:<port>`.
    public func request(
        _ method: HTTPRequest.Method = .get,
        _ pathAndQuery: String,
        headerFields: HTTPFields = [:]
    ) -> HTTPRequest {
        HTTPRequest(method: method, scheme: "http", authority: self.authority, path: pathAndQuery, headerFields: headerFields)
    }

    /// How many bytes the server wrote for the `/bytes` request with `id`, and whether it has
    /// stopped writing (body complete or client gone). Asked over a separate connection.
    ///
    /// - Parameter id: The `id` query value of the `/bytes` request.
    /// - Returns: The bytes written so far and whether the server is done with that request;
    ///   `(0, false)` while the request has not arrived.
    public func bytesSent(id: String) async throws -> (sent: Int, done: Bool) {
        guard let url = URL(string: "http://\(self.authority)/stats?id=\(id)") else {
            throw LoopbackServerError(message: "cannot build the stats URL for id \(id)")
        }
        let (data, _) = try await URLSession.shared.data(for: URLRequest(url: url))
        let stats = try JSONDecoder().decode(Stats.self, from: data)
        return (stats.sent, stats.done)
    }

    /// Waits until the server is done with the `/bytes` request with `id` (the body is complete or
    /// the client went away) and returns how many bytes it wrote.
    ///
    /// - Parameters:
    ///   - id: The `id` query value of the `/bytes` request.
    ///   - limit: How long to wait at most.
    /// - Returns: The bytes written, or `nil` when, after `limit`, the server was still writing or
    ///   had never received the request.
    public func bytesSentWhenDone(id: String, waitingAtMost limit: Duration = .seconds(30)) async throws -> Int? {
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        while clock.now < deadline {
            let (sent, done) = try await self.bytesSent(id: id)
            if done { return sent }
            try await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }

    /// Waits until the server has written at least `count` bytes of the `/bytes` request with
    /// `id`.
    ///
    /// - Parameters:
    ///   - count: The number of bytes to wait for.
    ///   - id: The `id` query value of the `/bytes` request.
    ///   - limit: How long to wait at most.
    /// - Returns: Whether the server got there within `limit`.
    public func waitUntilSent(atLeast count: Int, id: String, waitingAtMost limit: Duration = .seconds(10)) async throws -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        while clock.now < deadline {
            if try await self.bytesSent(id: id).sent >= count { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    private struct Stats: Decodable {
        var sent: Int
        var done: Bool
    }
}

/// The loopback server could not be started or asked.
public struct LoopbackServerError: Error, CustomStringConvertible, Sendable {
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
