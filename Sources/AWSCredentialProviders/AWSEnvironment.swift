#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Everything a provider reads from its surroundings: environment variables, files, the home
/// directory and the clock.
///
/// Providers never read the process environment, the disk or the clock directly; they read this
/// value. ``process()`` is the real thing; tests build their own, so they need no real home
/// directory, no real files and no sleeping:
///
/// ```swift
/// let environment = AWSEnvironment(
///     variables: ["AWS_ROLE_ARN": "arn:aws:iam::111122223333:role/fleet",
///                 "AWS_WEB_IDENTITY_TOKEN_FILE": "/var/run/secrets/token"],
///     fileSystem: AWSInMemoryFileSystem(["/var/run/secrets/token": jwt]),
///     now: { fixedDate }
/// )
/// ```
///
/// Variables set to the empty string count as unset, as in the AWS SDKs. The value prints the
/// names of its variables but never their values, which may be secrets.
public struct AWSEnvironment: Sendable {
    /// The environment variables.
    public var variables: [String: String]

    /// Where files are read from.
    public var fileSystem: any AWSFileSystem

    /// The home directory, for `~/.aws/config`, `~/.aws/credentials` and paths starting with `~/`;
    /// `nil` when there is none (then only explicitly named files are read).
    public var homeDirectory: String?

    /// The current time.
    public var now: @Sendable () -> Date

    /// Creates an environment.
    ///
    /// - Parameters:
    ///   - variables: The environment variables.
    ///   - fileSystem: Where files are read from; defaults to the local disk.
    ///   - homeDirectory: The home directory, or `nil` for none.
    ///   - now: The clock; defaults to the system clock.
    public init(
        variables: [String: String] = [:],
        fileSystem: any AWSFileSystem = AWSLocalFileSystem(),
        homeDirectory: String? = nil,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.variables = variables
        self.fileSystem = fileSystem
        self.homeDirectory = homeDirectory
        self.now = now
    }

    /// The process's environment variables, the local disk, `$HOME` and the system clock.
    ///
    /// - Returns: A snapshot of the environment variables as they are now.
    public static func process() -> AWSEnvironment {
        let variables = ProcessInfo.processInfo.environment
        let home = variables["HOME"].flatMap { $0.isEmpty ? nil : $0 }
        return AWSEnvironment(variables: variables, fileSystem: AWSLocalFileSystem(), homeDirectory: home)
    }

    /// The value of a variable, or `nil` when it is unset or empty.
    ///
    /// - Parameter name: The variable's name, for example `AWS_REGION`.
    public subscript(_ name: String) -> String? {
        guard let value = self.variables[name], !value.isEmpty else { return nil }
        return value
    }

    /// The first of several variables that is set and not empty.
    func first(_ names: String...) -> String? {
        for name in names {
            if let value = self[name] { return value }
        }
        return nil
    }

    /// A boolean variable: `true` or `false` in any case; `nil` when unset.
    ///
    /// - Throws: ``AWSCredentialsError/Code/invalidConfiguration`` for any other value.
    func bool(_ name: String) throws(AWSCredentialsError) -> Bool? {
        guard let value = self[name] else { return nil }
        switch value.lowercased() {
        case "true": return true
        case "false": return false
        default:
            throw AWSCredentialsError(
                code: .invalidConfiguration, reason: "\(name) must be true or false, not \"\(value)\"")
        }
    }

    /// Expands a leading `~/` (or a lone `~`) to the home directory.
    func expandingHome(_ path: String) -> String {
        guard let home = self.homeDirectory else { return path }
        if path == "~" { return home }
        if path.hasPrefix("~/") {
            let trimmedHome = home.hasSuffix("/") ? String(home.dropLast()) : home
            return trimmedHome + path.dropFirst()
        }
        return path
    }

    /// Reads a file through ``fileSystem``, expanding `~/`.
    func readFile(_ path: String, limit: Int) throws -> [UInt8]? {
        try self.fileSystem.contents(atPath: self.expandingHome(path), limit: limit)
    }
}

extension AWSEnvironment: CustomStringConvertible, CustomReflectable {
    /// The variable names, home directory and file system; never the variables' values.
    public var description: String {
        let names = self.variables.keys.filter { $0.hasPrefix("AWS_") }.sorted()
        return "AWSEnvironment(variables: \(self.variables.count), AWS variables: \(names), "
            + "home: \(self.homeDirectory ?? "nil"), fileSystem: \(self.fileSystem))"
    }

    /// A mirror without the variables' values, so `dump()` does not reveal them.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "variableNames": self.variables.keys.sorted(),
                "homeDirectory": self.homeDirectory as Any,
                "fileSystem": String(describing: self.fileSystem),
            ],
            displayStyle: .struct
        )
    }
}
