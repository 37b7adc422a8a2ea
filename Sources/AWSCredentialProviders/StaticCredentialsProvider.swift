public import AWSSigV4
public import Logging

/// Credentials you already have: returned as they are, every time.
///
/// ```swift
/// let provider = StaticCredentialsProvider(
///     AWSCredentials(accessKeyID: id, secretAccessKey: secret)
/// )
/// ```
///
/// Temporary credentials are returned even after their expiry; wrap the provider in nothing and
/// replace it when they expire, or use a provider that can refresh them.
public struct StaticCredentialsProvider: AWSCredentialsProvider, CustomStringConvertible, CustomReflectable {
    /// The credentials returned.
    public var credentials: AWSCredentials

    /// Creates a provider that always returns `credentials`.
    ///
    /// - Parameter credentials: The credentials to return.
    public init(_ credentials: AWSCredentials) {
        self.credentials = credentials
    }

    /// `static(<access key ID>)`.
    public var identity: AWSCredentialsIdentity {
        AWSCredentialsIdentity(source: "static", principal: self.credentials.accessKeyID)
    }

    /// Returns the credentials.
    ///
    /// - Parameter logger: Unused; there is nothing to log.
    /// - Returns: The credentials given at creation.
    /// - Throws: `CancellationError` when the task is cancelled.
    public func credentials(logger: Logger?) async throws -> AWSCredentials {
        try Task.checkCancellation()
        return self.credentials
    }

    /// `StaticCredentialsProvider(<redacted credentials>)`.
    public var description: String { "StaticCredentialsProvider(\(self.credentials))" }

    /// A mirror holding only the redacted credentials.
    public var customMirror: Mirror {
        Mirror(self, children: ["credentials": self.credentials], displayStyle: .struct)
    }
}
