#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// An AWS access key: the access key ID, the secret access key and, for temporary credentials,
/// a session token and an expiry.
///
/// The secret and the session token never appear in any printed form: `description`,
/// `debugDescription`, `String(reflecting:)`, `dump()` and string interpolation all show
/// `<redacted>`, and only the first and last four characters of the access key ID. The value is
/// deliberately not `Codable`.
///
/// ```swift
/// let credentials = AWSCredentials(
///     accessKeyID: "AKIDEXAMPLE",
///     secretAccessKey: secret,
///     sessionToken: nil,
///     expiration: nil
/// )
/// print(credentials)  // AWSCredentials(accessKeyID: AKID…MPLE, secretAccessKey: <redacted>, …)
/// ```
public struct AWSCredentials: Sendable, Hashable {
    /// The access key ID, for example `AKIAIOSFODNN7EXAMPLE` (long-term) or `ASIA…` (temporary).
    public var accessKeyID: String {
        didSet { self.refreshFingerprint() }
    }

    /// The secret access key. Handle with care: never log it.
    public var secretAccessKey: String {
        didSet { self.refreshFingerprint() }
    }

    /// The session token of temporary credentials, or `nil` for long-term keys.
    public var sessionToken: String?

    /// When temporary credentials stop working, or `nil` when they do not expire.
    public var expiration: Date?

    /// A SHA-256 of the secret, so caches can key on the credentials without holding the secret.
    internal private(set) var secretFingerprint: SHA256Digest

    /// Creates credentials.
    ///
    /// - Parameters:
    ///   - accessKeyID: The access key ID.
    ///   - secretAccessKey: The secret access key.
    ///   - sessionToken: The session token of temporary credentials, if any.
    ///   - expiration: When the credentials expire, if they do.
    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Date? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
        self.secretFingerprint = AWSCredentials.fingerprint(of: secretAccessKey)
    }

    /// Whether the credentials have expired at `now`, or will within `margin` seconds.
    ///
    /// - Parameters:
    ///   - now: The current time; defaults to the system clock.
    ///   - margin: How long before the stated expiry to treat them as expired already.
    /// - Returns: `false` for credentials without an expiry.
    public func isExpired(now: Date = Date(), margin: TimeInterval = 0) -> Bool {
        guard let expiration = self.expiration else { return false }
        return now.addingTimeInterval(margin) >= expiration
    }

    /// The access key ID with all but its first and last four characters hidden, for logs.
    public var redactedAccessKeyID: String {
        let id = self.accessKeyID
        guard id.count > 8 else { return id.isEmpty ? "" : "<redacted>" }
        return "\(id.prefix(4))…\(id.suffix(4))"
    }

    private mutating func refreshFingerprint() {
        self.secretFingerprint = AWSCredentials.fingerprint(of: self.secretAccessKey)
    }

    private static func fingerprint(of secret: String) -> SHA256Digest {
        let context = SHA256Context()
        context.reset()
        context.update(utf8: "swift-ecr-fleet-auth secret fingerprint v1\n")
        context.update(utf8: secret)
        return context.finish()
    }
}

extension AWSCredentials: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The expiry as text; Foundation's `Date.description` traps on a NaN date, so check first.
    private var expirationDescription: String {
        guard let expiration = self.expiration else { return "nil" }
        guard expiration.timeIntervalSince1970.isFinite else { return "invalid date" }
        return expiration.description
    }

    /// A redacted summary: the access key ID's ends, `<redacted>` for the secret and token.
    public var description: String {
        let token = self.sessionToken == nil ? "nil" : "<redacted>"
        let expiry = self.expirationDescription
        return "AWSCredentials(accessKeyID: \(self.redactedAccessKeyID), secretAccessKey: <redacted>, "
            + "sessionToken: \(token), expiration: \(expiry))"
    }

    /// The same redacted summary as ``description``.
    public var debugDescription: String { self.description }

    /// A mirror with the secret and token redacted, so `dump()` does not reveal them.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "accessKeyID": self.redactedAccessKeyID,
                "secretAccessKey": "<redacted>",
                "sessionToken": self.sessionToken == nil ? "nil" : "<redacted>",
                "expiration": self.expirationDescription,
            ],
            displayStyle: .struct
        )
    }
}
