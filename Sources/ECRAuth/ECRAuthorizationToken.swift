public import OCIReference

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// An Amazon ECR authorization token: the user name and password for `docker login`, `helm
/// registry login` or a Kubernetes image pull Secret, and when it stops working.
///
/// ECR returns the token as base64 of `user:password`; ``username`` is the part before the first
/// `:` (always `AWS`) and ``password`` everything after it, byte for byte what
/// `aws ecr get-login-password` prints (without its final newline).
///
/// ### Times
///
/// ``expiresAt`` is ECR's own statement, on the server's clock. ``obtainedAt`` is when the token
/// arrived, also on the server's clock: the local clock plus the skew ``clockOffset`` that the
/// client measured from the responses' `Date` header. So `expiresAt − obtainedAt` is the real
/// ``lifetime`` (12 hours), and the functions that judge expiry — ``isExpired(now:margin:)``,
/// ``remainingValidity(now:)``, ``localExpiry`` — take a *local* `now` and correct it, so a pod
/// with a wrong clock neither throws away a good token nor keeps an expired one.
///
/// ### Secrets
///
/// The password is a secret. It never appears in ``description``, ``debugDescription``,
/// `dump()` or string interpolation, which show `<redacted>`; the type is deliberately not
/// `Codable`.
///
/// ```swift
/// let token = try await client.authorizationToken(for: registry)
/// print(token)  // ECRAuthorizationToken(username: AWS, password: <redacted>, registry: …, expiresAt: …)
/// if token.isExpired(now: Date(), margin: 60) { … }
/// ```
public struct ECRAuthorizationToken: Sendable, Hashable {
    /// The fields, in one immutable box: copying a token (into and out of a cache, across
    /// tasks) is a single reference count, and a change replaces the box (copy on write).
    private var storage: Storage

    /// The user name before the first `:` of the decoded token: `AWS`.
    public var username: String {
        get { self.storage.fields.username }
        set { self.update { $0.username = newValue } }
    }

    /// The password after the first `:` of the decoded token. Handle with care: never log it.
    public var password: String {
        get { self.storage.fields.password }
        set { self.update { $0.password = newValue } }
    }

    /// The registry the token was requested for, or `nil` when it was requested for the
    /// caller's default registry in the client's region. A private ECR token works for every
    /// registry of that region the principal may pull from, not only this one.
    public var registry: ECRRegistry? {
        get { self.storage.fields.registry }
        set { self.update { $0.registry = newValue } }
    }

    /// The registry URL ECR names for the token, for example
    /// `https://123456789012.dkr.ecr.eu-central-1.amazonaws.com`; `nil` for ECR Public, whose
    /// response has none.
    public var proxyEndpoint: String? {
        get { self.storage.fields.proxyEndpoint }
        set { self.update { $0.proxyEndpoint = newValue } }
    }

    /// When the token expires, as ECR states it (server clock).
    public var expiresAt: Date {
        get { self.storage.fields.expiresAt }
        set { self.update { $0.expiresAt = newValue } }
    }

    /// When the token was obtained, on the server's clock: the local clock at arrival plus
    /// ``clockOffset``.
    public var obtainedAt: Date {
        get { self.storage.fields.obtainedAt }
        set { self.update { $0.obtainedAt = newValue } }
    }

    /// The server's clock minus the local clock, in seconds, when the token was obtained: what
    /// the client learnt from the responses' `Date` header (0 when the clocks agree).
    public var clockOffset: TimeInterval {
        get { self.storage.fields.clockOffset }
        set { self.update { $0.clockOffset = newValue } }
    }

    /// Creates a token.
    ///
    /// - Parameters:
    ///   - username: The user name, normally `AWS`.
    ///   - password: The password.
    ///   - registry: The registry the token was requested for, if any.
    ///   - proxyEndpoint: The registry URL ECR named, if any.
    ///   - expiresAt: When the token expires (server clock).
    ///   - obtainedAt: When the token was obtained (server clock).
    ///   - clockOffset: Server clock minus local clock, in seconds.
    public init(
        username: String,
        password: String,
        registry: ECRRegistry? = nil,
        proxyEndpoint: String? = nil,
        expiresAt: Date,
        obtainedAt: Date,
        clockOffset: TimeInterval = 0
    ) {
        self.storage = Storage(
            Fields(
                username: username, password: password, registry: registry, proxyEndpoint: proxyEndpoint,
                expiresAt: expiresAt, obtainedAt: obtainedAt, clockOffset: clockOffset))
    }

    /// How long the token is valid from when it was obtained: `expiresAt − obtainedAt`, 12
    /// hours for a fresh ECR token; negative for a token that was already expired.
    public var lifetime: TimeInterval {
        self.expiresAt.timeIntervalSince(self.obtainedAt)
    }

    /// The expiry on the local clock: ``expiresAt`` minus ``clockOffset``.
    public var localExpiry: Date {
        self.expiresAt.addingTimeInterval(-self.clockOffset)
    }

    /// Whether the token has expired at the local time `now`, or will within `margin` seconds.
    ///
    /// - Parameters:
    ///   - now: The current local time; defaults to the system clock. The token's
    ///     ``clockOffset`` is added before comparing with ``expiresAt``.
    ///   - margin: How long before its stated expiry to treat the token as expired already.
    /// - Returns: `true` when `now + clockOffset + margin` is at or after ``expiresAt``.
    public func isExpired(now: Date = Date(), margin: TimeInterval = 0) -> Bool {
        self.remainingValidity(now: now) <= margin
    }

    /// The seconds the token stays valid after the local time `now`; zero or negative once
    /// it has expired.
    ///
    /// - Parameter now: The current local time; defaults to the system clock.
    /// - Returns: `expiresAt − (now + clockOffset)`.
    public func remainingValidity(now: Date = Date()) -> TimeInterval {
        self.expiresAt.timeIntervalSince(now) - self.clockOffset
    }

    /// `username:password` in base64: the `auth` value of a Docker config `auths` entry and the
    /// credentials of an HTTP `Authorization: Basic` header. A secret, like ``password``.
    public var basicAuthCredentials: String {
        Base64.encode(Array("\(self.username):\(self.password)".utf8))
    }

    /// Compares every field.
    public static func == (lhs: ECRAuthorizationToken, rhs: ECRAuthorizationToken) -> Bool {
        lhs.storage === rhs.storage || lhs.storage.fields == rhs.storage.fields
    }

    /// Hashes every field.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.storage.fields)
    }

    private mutating func update(_ change: (inout Fields) -> Void) {
        var fields = self.storage.fields
        change(&fields)
        self.storage = Storage(fields)
    }

    private struct Fields: Sendable, Hashable {
        var username: String
        var password: String
        var registry: ECRRegistry?
        var proxyEndpoint: String?
        var expiresAt: Date
        var obtainedAt: Date
        var clockOffset: TimeInterval
    }

    private final class Storage: Sendable {
        let fields: Fields

        init(_ fields: Fields) {
            self.fields = fields
        }
    }
}

extension ECRAuthorizationToken: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// A time as text; Foundation's `Date.description` traps on a NaN date, so check first.
    private static func text(_ date: Date) -> String {
        date.timeIntervalSince1970.isFinite ? date.description : "invalid date"
    }

    /// A redacted summary: user name, registry, proxy endpoint and times; `<redacted>` for the
    /// password.
    public var description: String {
        "ECRAuthorizationToken(username: \(self.username), password: <redacted>, "
            + "registry: \(self.registry.map { $0.host } ?? "default"), proxyEndpoint: \(self.proxyEndpoint ?? "none"), "
            + "expiresAt: \(Self.text(self.expiresAt)), obtainedAt: \(Self.text(self.obtainedAt)), "
            + "clockOffset: \(self.clockOffset))"
    }

    /// The same redacted summary as ``description``.
    public var debugDescription: String { self.description }

    /// A mirror with the password redacted, so `dump()` does not reveal it.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "username": self.username,
                "password": "<redacted>",
                "registry": self.registry.map { $0.host } ?? "default",
                "proxyEndpoint": self.proxyEndpoint ?? "none",
                "expiresAt": Self.text(self.expiresAt),
                "obtainedAt": Self.text(self.obtainedAt),
                "clockOffset": self.clockOffset,
            ],
            displayStyle: .struct
        )
    }
}
