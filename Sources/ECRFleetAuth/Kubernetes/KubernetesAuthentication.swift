public import AWSCredentialProviders

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// How the client proves who it is to the API server with an HTTP header: a bearer token, a
/// bearer token read from a file, or nothing (anonymous, or a client certificate that the
/// transport presents during the TLS handshake).
///
/// A token file is read again when its copy is older than the refresh interval (a minute unless
/// given, as client-go does) and at once after the API server answers 401, so a projected
/// service-account token, which the kubelet replaces roughly every hour, is picked up without
/// restarting. Copies of a value share one cached copy of the token.
///
/// The value never prints a token: ``description`` and `dump()` show the kind and the file path
/// only.
public struct KubernetesAuthentication: Sendable {
    enum Storage: Sendable {
        case none
        case token(String)
        case file(BearerTokenFile)
    }

    let storage: Storage

    private init(_ storage: Storage) {
        self.storage = storage
    }

    /// No `Authorization` header: anonymous access, or a client certificate presented by the
    /// transport.
    public static let none = KubernetesAuthentication(.none)

    /// A fixed bearer token.
    ///
    /// - Parameter token: The token, sent as `Authorization: Bearer <token>`. Surrounding
    ///   whitespace is removed; a token that is empty or holds anything but visible ASCII
    ///   makes every request fail with ``KubernetesError/Code/invalidConfiguration``.
    /// - Returns: The authentication.
    public static func bearerToken(_ token: String) -> KubernetesAuthentication {
        KubernetesAuthentication(.token(token))
    }

    /// A bearer token read from a file and read again when it may have changed.
    ///
    /// - Parameters:
    ///   - path: The file, for example
    ///     `/var/run/secrets/kubernetes.io/serviceaccount/token`.
    ///   - fileSystem: Where the file is read from; the local disk unless given.
    ///   - refreshInterval: How long a token read from the file is used before the file is read
    ///     again; one minute unless given. The file is also read again after a 401.
    ///   - now: The clock that decides when the interval has passed.
    /// - Returns: The authentication.
    public static func bearerTokenFile(
        _ path: String,
        fileSystem: any AWSFileSystem = AWSLocalFileSystem(),
        refreshInterval: Duration = .seconds(60),
        now: @escaping @Sendable () -> Date = { Date() }
    ) -> KubernetesAuthentication {
        KubernetesAuthentication(
            .file(BearerTokenFile(path: path, fileSystem: fileSystem, refreshInterval: refreshInterval, now: now))
        )
    }

    /// The token file's path, when the token comes from a file.
    public var tokenFilePath: String? {
        if case .file(let file) = self.storage { return file.path }
        return nil
    }

    /// Whether requests carry a bearer token (fixed or from a file).
    public var usesBearerToken: Bool {
        if case .none = self.storage { return false }
        return true
    }

    /// The token to send now, reading the file when its copy is stale or is `rejected` (the
    /// token of a request the API server answered 401).
    ///
    /// - Returns: The token, or `nil` for ``none``.
    func token(rejected: String? = nil) throws(KubernetesError) -> String? {
        switch self.storage {
        case .none:
            return nil
        case .token(let token):
            do {
                return try BearerTokenFile.validatedToken(Array(token.utf8), source: "the bearer token")
            } catch {
                throw KubernetesError(code: .invalidConfiguration, reason: error.reason)
            }
        case .file(let file):
            return try file.token(rejected: rejected)
        }
    }
}

extension KubernetesAuthentication: CustomStringConvertible, CustomReflectable {
    /// `none`, `bearer token (<redacted>)` or `bearer token file <path>`.
    public var description: String {
        switch self.storage {
        case .none: return "none"
        case .token: return "bearer token (<redacted>)"
        case .file(let file): return "bearer token file \(file.path)"
        }
    }

    /// A mirror that shows ``description`` only, so `dump()` does not reveal the token.
    public var customMirror: Mirror {
        Mirror(self, children: ["kind": self.description], displayStyle: .struct)
    }
}
