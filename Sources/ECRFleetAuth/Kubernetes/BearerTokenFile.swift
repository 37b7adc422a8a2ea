import AWSCredentialProviders
import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A bearer token kept in a file that someone else rewrites (the kubelet, for a projected
/// service-account token), with the last copy read.
final class BearerTokenFile: Sendable {
    /// The largest token file accepted. Service-account tokens are about 1 KiB.
    static let maximumSize = 64 * 1024

    let path: String
    private let fileSystem: any AWSFileSystem
    private let refreshInterval: TimeInterval
    private let now: @Sendable () -> Date
    private let cached = Mutex<(token: String, readAt: Date)?>(nil)

    init(path: String, fileSystem: any AWSFileSystem, refreshInterval: Duration, now: @escaping @Sendable () -> Date) {
        self.path = path
        self.fileSystem = fileSystem
        let (seconds, attoseconds) = max(refreshInterval, .zero).components
        self.refreshInterval = Double(seconds) + Double(attoseconds) / 1e18
        self.now = now
    }

    /// The token to send: the cached copy while it is fresh and is not `rejected`, the file's
    /// contents otherwise.
    func token(rejected: String? = nil) throws(KubernetesError) -> String {
        let now = self.now()
        let current = self.cached.withLock { $0 }
        if let current, current.token != rejected, now.timeIntervalSince(current.readAt) < self.refreshInterval,
            now >= current.readAt
        {
            return current.token
        }
        let token = try self.read()
        self.cached.withLock { $0 = (token, now) }
        return token
    }

    private func read() throws(KubernetesError) -> String {
        let bytes: [UInt8]?
        do {
            bytes = try self.fileSystem.contents(atPath: self.path, limit: Self.maximumSize)
        } catch {
            throw KubernetesError(
                code: .fileUnreadable,
                reason: "cannot read the bearer token file \(self.path) (at most \(Self.maximumSize) bytes are accepted)",
                underlying: error
            )
        }
        guard let bytes else {
            throw KubernetesError(code: .fileUnreadable, reason: "the bearer token file \(self.path) does not exist")
        }
        let token = try Self.validatedToken(bytes, source: "the bearer token file \(self.path)")
        return token
    }

    /// The token in `bytes` without surrounding whitespace (as client-go trims it), checked to
    /// be sendable in an `Authorization` header: visible ASCII only, not empty.
    static func validatedToken(_ bytes: [UInt8], source: String) throws(KubernetesError) -> String {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        guard let start = bytes.firstIndex(where: { !isSpace($0) }), let end = bytes.lastIndex(where: { !isSpace($0) })
        else {
            throw KubernetesError(code: .fileUnreadable, reason: "\(source) is empty")
        }
        let token = bytes[start...end]
        guard token.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E }) else {
            throw KubernetesError(
                code: .invalidConfiguration,
                reason: "\(source) holds characters that cannot be sent in a bearer token (only visible ASCII can)"
            )
        }
        return String(decoding: token, as: UTF8.self)
    }
}
