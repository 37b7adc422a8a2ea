public import AWSCredentialProviders

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Everything the Kubernetes configuration loaders read from their surroundings: environment
/// variables, files, the home directory and the clock.
///
/// The loaders never read the process environment, the disk or the clock directly; they read
/// this value. ``process()`` is the real thing; tests build their own, so they need no cluster,
/// no real home directory and no real files:
///
/// ```swift
/// let environment = KubernetesEnvironment(
///     variables: ["KUBERNETES_SERVICE_HOST": "10.96.0.1", "KUBERNETES_SERVICE_PORT": "443"],
///     fileSystem: AWSInMemoryFileSystem([
///         "/var/run/secrets/kubernetes.io/serviceaccount/token": jwt,
///         "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt": caPEM,
///         "/var/run/secrets/kubernetes.io/serviceaccount/namespace": "fleet-default",
///     ])
/// )
/// let configuration = try KubernetesConfiguration.inCluster(environment: environment)
/// ```
///
/// Files are read through the package's one file seam, `AWSFileSystem` (from
/// `AWSCredentialProviders`): `AWSLocalFileSystem` reads the disk, `AWSInMemoryFileSystem`
/// serves a dictionary. Variables set to the empty string count as unset. The value prints the
/// names of the Kubernetes variables but never any variable's value.
public struct KubernetesEnvironment: Sendable {
    /// The environment variables.
    public var variables: [String: String]

    /// Where files are read from.
    public var fileSystem: any AWSFileSystem

    /// The home directory, for `~/.kube/config`; `nil` when there is none.
    public var homeDirectory: String?

    /// The current time, used to decide when a token file is read again.
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
    public static func process() -> KubernetesEnvironment {
        let variables = ProcessInfo.processInfo.environment
        let home = variables["HOME"].flatMap { $0.isEmpty ? nil : $0 }
        return KubernetesEnvironment(variables: variables, fileSystem: AWSLocalFileSystem(), homeDirectory: home)
    }

    /// The value of a variable, or `nil` when it is unset or empty.
    ///
    /// - Parameter name: The variable's name, for example `KUBECONFIG`.
    public subscript(_ name: String) -> String? {
        guard let value = self.variables[name], !value.isEmpty else { return nil }
        return value
    }

    /// Reads a whole file, turning file system errors into ``KubernetesError``.
    ///
    /// - Returns: The bytes, or `nil` when there is no file at `path`.
    func readFile(_ path: String, limit: Int, what: String) throws(KubernetesError) -> [UInt8]? {
        do {
            return try self.fileSystem.contents(atPath: path, limit: limit)
        } catch {
            throw KubernetesError(
                code: .fileUnreadable,
                reason: "cannot read the \(what) at \(path) (at most \(limit) bytes are accepted)",
                underlying: error
            )
        }
    }
}

extension KubernetesEnvironment: CustomStringConvertible, CustomReflectable {
    /// The names of the Kubernetes variables, the home directory and the file system; never a
    /// variable's value.
    public var description: String {
        let names = self.variables.keys.filter { $0.hasPrefix("KUBE") || $0 == "POD_NAMESPACE" }.sorted()
        return "KubernetesEnvironment(variables: \(self.variables.count), Kubernetes variables: \(names), "
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
