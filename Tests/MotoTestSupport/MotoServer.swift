import AuthTransport
public import AuthTransportURLSession
public import Foundation
import HTTPTypes
import TestTimeLimits

/// A real `moto_server` (the Python `moto[server]` package) on 127.0.0.1, started as a child
/// process for one test and stopped when the test is done: the AWS peer of the integration tests.
///
/// ```swift
/// let moto = try await MotoServer.start(initialNoAuthActionCount: 3)
/// defer { moto.stop() }
/// let ci = try await moto.bootstrapUser(named: "ci", allowing: ["sts:*", "ecr:*"])  // the 3 unauthenticated calls
/// // from here on moto verifies every SigV4 signature and IAM policy
/// ```
///
/// With `initialNoAuthActionCount` set, moto answers that many requests without checking them
/// (enough to create a user, an access key and a policy) and then enforces IAM: every request
/// must be signed with a key moto issued, the signature must verify, and the caller's policies
/// must allow the action. A wrong secret gets `SignatureDoesNotMatch` (as an XML body, even from
/// JSON services). Without it, moto checks nothing.
///
/// Each server is its own process with its own port and state, so tests can run in parallel and
/// count unauthenticated calls exactly. The server is found as `$MOTO_SERVER`, else
/// `moto_server` on `PATH`, else `.build/moto-venv/bin/moto_server` (where `scripts/bootstrap`
/// installs it when `pip` cannot install into the system Python). If none is there, `start`
/// throws: integration tests fail, they are never skipped.
///
/// A small shell wrapper watches this test process and kills the server within a second of its
/// exit, even by a crash, so no `moto_server` outlives the tests; ``stop()`` kills it at once.
public final class MotoServer: Sendable {
    /// `http://127.0.0.1:<port>`.
    public let endpoint: URL
    /// `127.0.0.1:<port>`: the `:authority` of requests to the server.
    public let authority: String
    /// The region moto's resources are created in; requests are signed for it.
    public let region: String
    /// The account moto uses for everything: `123456789012`.
    public let accountID = "123456789012"
    /// A transport over Foundation's `URLSession`, for requests to this server.
    public let transport: URLSessionHTTPTransport

    private let process: ManagedProcess
    private let logFile: URL
    private let customizationDirectory: URL?

    private init(port: Int, region: String, process: ManagedProcess, logFile: URL, customizationDirectory: URL?) {
        self.authority = "127.0.0.1:\(port)"
        self.endpoint = URL(string: "http://127.0.0.1:\(port)")!
        self.region = region
        self.process = process
        self.logFile = logFile
        self.customizationDirectory = customizationDirectory
        self.transport = URLSessionHTTPTransport()
    }

    deinit {
        self.stop()
    }

    /// Starts a server on a free port of 127.0.0.1 and waits until it listens.
    ///
    /// moto's ECR `GetAuthorizationToken` returns tokens that expired on 2015-01-01 (fine for
    /// testing that expired tokens are refused). Pass `ecrTokenLifetime` to have it issue tokens
    /// valid for that long from now instead, as real ECR does (12 hours): the harness then starts
    /// moto with a `sitecustomize` module that changes that one time stamp and nothing else. Use
    /// it where a test needs a token a cache or tool will accept.
    ///
    /// - Parameters:
    ///   - initialNoAuthActionCount: How many requests moto answers before it enforces IAM
    ///     authentication and authorization; `nil` never enforces it.
    ///   - region: The region tests sign for.
    ///   - ecrTokenLifetime: How long ECR tokens stay valid, or `nil` for moto's expired ones.
    ///   - timeout: How long to wait for the server to listen.
    /// - Returns: The running server.
    /// - Throws: ``MotoHarnessError`` when `moto_server` is not installed or does not start.
    public static func start(
        initialNoAuthActionCount: Int?,
        region: String = "us-east-1",
        ecrTokenLifetime: Duration? = nil,
        timeout: Duration = .seconds(90)
    ) async throws -> MotoServer {
        // Slower under the sanitizers (see TestTimeLimits).
        let timeout = TestTimeLimits.scaled(timeout)
        let executable = try Self.findExecutable()
        let logFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("moto-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)

        var environment = ProcessInfo.processInfo.environment
        if let count = initialNoAuthActionCount {
            environment["INITIAL_NO_AUTH_ACTION_COUNT"] = String(count)
        } else {
            environment.removeValue(forKey: "INITIAL_NO_AUTH_ACTION_COUNT")
        }
        // Credentials of the test process must not leak into moto's own boto3 clients.
        for name in ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"] {
            environment.removeValue(forKey: name)
        }
        var customizationDirectory: URL?
        if let lifetime = ecrTokenLifetime {
            let directory = try MotoECRTokenLifetime.install(in: FileManager.default.temporaryDirectory)
            customizationDirectory = directory
            environment["MOTO_HARNESS_ECR_TOKEN_SECONDS"] = String(Double(lifetime.components.seconds))
            environment["PYTHONPATH"] = [directory.path, environment["PYTHONPATH"]].compactMap { $0 }.joined(separator: ":")
        }

        // `sh` starts moto in the background, writes its PID to a file, and kills it when this
        // test process is gone (checked every second), so a crashed test leaves no server behind.
        let pidFile = logFile.appendingPathExtension("pid")
        let script = """
            "$1" -H 127.0.0.1 -p 0 >"$2" 2>&1 </dev/null &
            child=$!
            echo "$child" >"$3"
            while kill -0 "$4" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 1; done
            kill -KILL "$child" 2>/dev/null
            exit 0
            """
        let process = try ManagedProcess(
            executable: "/bin/sh",
            arguments: ["-c", script, "moto-harness", executable, logFile.path, pidFile.path, String(getpid())],
            environment: environment, pidFile: pidFile)

        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            let log = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
            if let port = Self.port(in: log) {
                return MotoServer(
                    port: port, region: region, process: process, logFile: logFile, customizationDirectory: customizationDirectory)
            }
            if !process.isRunning {
                if let directory = customizationDirectory { try? FileManager.default.removeItem(at: directory) }
                throw MotoHarnessError("moto_server exited before listening; its output:\n\(log.suffix(2000))")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        process.stop()
        if let directory = customizationDirectory { try? FileManager.default.removeItem(at: directory) }
        let log = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
        throw MotoHarnessError("moto_server did not listen within \(timeout); its output:\n\(log.suffix(2000))")
    }

    /// Stops the server. Safe to call more than once.
    public func stop() {
        self.process.stop()
        try? FileManager.default.removeItem(at: self.logFile)
        if let directory = self.customizationDirectory {
            try? FileManager.default.removeItem(at: directory)
        }
    }

    /// The last part of the server's request log, for failure messages.
    public func logTail(_ characters: Int = 4000) -> String {
        let log = (try? String(contentsOf: self.logFile, encoding: .utf8)) ?? ""
        return String(log.suffix(characters))
    }

    // MARK: Finding and parsing

    /// `$MOTO_SERVER`, `moto_server` on `PATH`, or the bootstrap virtual environment.
    static func findExecutable() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["MOTO_SERVER"], !explicit.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: explicit) else {
                throw MotoHarnessError("MOTO_SERVER=\(explicit) is not an executable file")
            }
            return explicit
        }
        for directory in (environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(directory)/moto_server"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        // Tests/MotoTestSupport/MotoServer.swift → package root.
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let venv = packageRoot.appendingPathComponent(".build/moto-venv/bin/moto_server").path
        if FileManager.default.isExecutableFile(atPath: venv) { return venv }
        throw MotoHarnessError(
            "moto_server is not installed: run scripts/bootstrap (or scripts/test), which installs moto[server] "
                + "with pip, or set MOTO_SERVER to its path")
    }

    /// The port in werkzeug's `Running on http://127.0.0.1:<port>` line.
    static func port(in log: String) -> Int? {
        guard let range = log.range(of: "Running on http://127.0.0.1:") else { return nil }
        let digits = log[range.upperBound...].prefix { $0.isNumber }
        return Int(digits)
    }
}

/// A failure of the test harness itself (moto missing, not starting, a setup call refused).
public struct MotoHarnessError: Error, CustomStringConvertible {
    /// What went wrong.
    public var description: String

    /// Creates an error.
    public init(_ description: String) {
        self.description = description
    }
}

/// The `sh` wrapper process and the `moto_server` it started (whose PID it writes to a file).
final class ManagedProcess: @unchecked Sendable {
    private let process = Process()
    private let pidFile: URL
    private let lock = NSLock()
    private var stopped = false

    init(executable: String, arguments: [String], environment: [String: String], pidFile: URL) throws {
        self.pidFile = pidFile
        self.process.executableURL = URL(fileURLWithPath: executable)
        self.process.arguments = arguments
        self.process.environment = environment
        self.process.standardInput = FileHandle.nullDevice
        self.process.standardOutput = FileHandle.nullDevice
        self.process.standardError = FileHandle.nullDevice
        try self.process.run()
    }

    var isRunning: Bool { self.process.isRunning }

    /// Kills the server (by the PID the wrapper recorded) and the wrapper. Idempotent.
    func stop() {
        self.lock.lock()
        defer { self.lock.unlock() }
        guard !self.stopped else { return }
        self.stopped = true
        if let text = try? String(contentsOf: self.pidFile, encoding: .utf8),
            let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 1
        {
            kill(pid, SIGKILL)
        }
        if self.process.isRunning { self.process.terminate() }
        self.process.waitUntilExit()
        try? FileManager.default.removeItem(at: self.pidFile)
    }
}
