import Foundation

/// Runs the built `ecr-fleet-auth` executable as a separate process.
struct ToolProcess {
    struct Result {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    /// The executable next to the test bundle in the build folder.
    static var executable: URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // On macOS the test bundle is a directory: …/debug/X.xctest/Contents/MacOS/X
        while directory.pathExtension == "xctest" || directory.lastPathComponent == "MacOS" || directory.lastPathComponent == "Contents" {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("ecr-fleet-auth")
    }

    /// The repository root (for `Examples/`).
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static func run(_ arguments: [String], input: String? = nil, environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = Self.repositoryRoot
        var processEnvironment = ["PATH": "/usr/bin:/bin"]
        processEnvironment.merge(environment) { $1 }
        process.environment = processEnvironment
        let output = Pipe()
        let error = Pipe()
        let standardInput = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = standardInput
        try process.run()
        if let input {
            standardInput.fileHandleForWriting.write(Data(input.utf8))
        }
        try standardInput.fileHandleForWriting.close()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData, as: UTF8.self)
        )
    }
}

/// The tool running in the background (`rotate --watch`): its standard error read as it comes,
/// signals sent to it, its exit awaited.
final class RunningTool: @unchecked Sendable {
    // @unchecked: `errorText` and `outputText` are only touched with `lock` held; `process` is
    // started in `init` and afterwards only asked for its state or signalled.
    private let process = Process()
    private let lock = NSLock()
    private var errorText = ""
    private var outputText = ""

    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        self.process.executableURL = ToolProcess.executable
        self.process.arguments = arguments
        self.process.currentDirectoryURL = ToolProcess.repositoryRoot
        var processEnvironment = ["PATH": "/usr/bin:/bin"]
        processEnvironment.merge(environment) { $1 }
        self.process.environment = processEnvironment
        let error = Pipe()
        let output = Pipe()
        self.process.standardError = error
        self.process.standardOutput = output
        self.process.standardInput = FileHandle.nullDevice
        error.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.withLock { self.errorText += String(decoding: data, as: UTF8.self) }
        }
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.withLock { self.outputText += String(decoding: data, as: UTF8.self) }
        }
        try self.process.run()
    }

    var standardError: String { self.lock.withLock { self.errorText } }
    var standardOutput: String { self.lock.withLock { self.outputText } }
    var isRunning: Bool { self.process.isRunning }
    var processIdentifier: Int32 { self.process.processIdentifier }

    /// Waits until standard error contains `text`, or the time is up.
    ///
    /// - Returns: Whether it appeared.
    func waitForStandardError(containing text: String, timeout: Duration = .seconds(60)) async -> Bool {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            if self.standardError.contains(text) { return true }
            if !self.process.isRunning { return self.standardError.contains(text) }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    /// Waits until standard error satisfies `condition`, or the time is up.
    ///
    /// - Returns: Whether it did.
    func waitForStandardError(timeout: Duration = .seconds(60), until condition: (String) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            if condition(self.standardError) { return true }
            if !self.process.isRunning { return condition(self.standardError) }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    /// Sends a signal.
    func signal(_ number: Int32) {
        kill(self.process.processIdentifier, number)
    }

    /// Waits for the process to exit, killing it after `timeout`.
    ///
    /// - Returns: The exit status, or `nil` when it had to be killed.
    func waitForExit(timeout: Duration = .seconds(30)) async -> Int32? {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            if !self.process.isRunning {
                // Let the pipes drain.
                try? await Task.sleep(for: .milliseconds(100))
                return self.process.terminationReason == .exit ? self.process.terminationStatus : 128 + self.process.terminationStatus
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
        kill(self.process.processIdentifier, SIGKILL)
        self.process.waitUntilExit()
        return nil
    }

    deinit {
        if self.process.isRunning {
            kill(self.process.processIdentifier, SIGKILL)
        }
    }
}
