public import AWSSigV4
public import Logging
import Synchronization

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// A cache in front of another provider: returns the same credentials until shortly before they
/// expire, refreshes them once for all callers, and never returns expired credentials.
///
/// ```swift
/// let credentials = RefreshingCredentialsProvider(wrapping: DefaultCredentialsChain(transport: transport))
/// // share `credentials` between all tasks; copies share one cache
/// ```
///
/// - **Refresh window.** Credentials are refreshed ``Policy/refreshBeforeExpiry`` (5 minutes)
///   before they expire, plus a random part of ``Policy/maximumJitter`` (up to 1 minute) drawn
///   from the injected random source, so a fleet of pods does not refresh in the same second.
///   Credentials with less time left than that are refreshed half-way through what remains.
///   Credentials without an expiry are cached until ``invalidate()``.
/// - **Single flight.** Any number of concurrent callers cause one call to the wrapped provider;
///   they all wait for it and share its result. A caller whose task is cancelled stops waiting
///   at once.
/// - **Never expired.** Credentials with less than ``Policy/expiryMargin`` (10 seconds) left are
///   never returned. If a refresh fails while the current credentials are still good, they are
///   returned, a warning is logged, and the next attempt waits an exponentially growing, jittered
///   ``Policy/failureBackoff``. If it fails when they are not, the caller gets the error.
///
/// Time and randomness are parameters, so all of this is testable without sleeping.
public struct RefreshingCredentialsProvider: AWSCredentialsProvider, CustomStringConvertible, CustomReflectable {
    /// When to refresh and how to back off.
    public struct Policy: Sendable, Hashable {
        /// How long before expiry to refresh; default 300 seconds.
        public var refreshBeforeExpiry: TimeInterval
        /// Up to how much earlier still, chosen at random per credentials; default 60 seconds.
        public var maximumJitter: TimeInterval
        /// Credentials with less than this left count as expired; default 10 seconds.
        public var expiryMargin: TimeInterval
        /// The wait after the first failed refresh while the current credentials are still
        /// usable; doubled for each further failure; default 5 seconds.
        public var failureBackoff: TimeInterval
        /// The longest wait between failed refreshes; default 120 seconds.
        public var maximumFailureBackoff: TimeInterval

        /// Creates a policy.
        ///
        /// - Parameters:
        ///   - refreshBeforeExpiry: How long before expiry to refresh.
        ///   - maximumJitter: Up to how much earlier, at random.
        ///   - expiryMargin: Remaining validity below which credentials count as expired.
        ///   - failureBackoff: The first wait after a failed refresh.
        ///   - maximumFailureBackoff: The longest wait after failed refreshes.
        public init(
            refreshBeforeExpiry: TimeInterval = 300,
            maximumJitter: TimeInterval = 60,
            expiryMargin: TimeInterval = 10,
            failureBackoff: TimeInterval = 5,
            maximumFailureBackoff: TimeInterval = 120
        ) {
            self.refreshBeforeExpiry = refreshBeforeExpiry
            self.maximumJitter = maximumJitter
            self.expiryMargin = expiryMargin
            self.failureBackoff = failureBackoff
            self.maximumFailureBackoff = maximumFailureBackoff
        }
    }

    /// The refresh policy.
    public let policy: Policy

    private let base: any AWSCredentialsProvider
    private let storage: Storage
    private let now: @Sendable () -> Date
    private let random: @Sendable () -> Double

    /// Creates a cache in front of `base`.
    ///
    /// - Parameters:
    ///   - base: The provider to fetch credentials from.
    ///   - policy: When to refresh and how to back off.
    ///   - now: The clock; defaults to the system clock.
    ///   - random: A source of numbers in `0..<1` for jitter; defaults to the system generator.
    public init(
        wrapping base: some AWSCredentialsProvider,
        policy: Policy = Policy(),
        now: @escaping @Sendable () -> Date = { Date() },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.base = base
        self.policy = policy
        self.now = now
        self.random = random
        self.storage = Storage()
    }

    /// The wrapped provider's identity: the cache does not change whose credentials they are.
    public var identity: AWSCredentialsIdentity { self.base.identity }

    /// When the cached credentials will next be refreshed, or `nil` when none are cached.
    public var nextRefresh: Date? {
        self.storage.state.withLock { $0.cached == nil ? nil : $0.refreshAt }
    }

    /// Returns cached credentials, or fetches fresh ones (once for all concurrent callers).
    ///
    /// - Parameter logger: Where to log refreshes and failures (never a secret). When several
    ///   callers share one refresh, the first caller's logger is used.
    /// - Returns: Credentials valid for at least ``Policy/expiryMargin``.
    /// - Throws: The wrapped provider's error when no usable credentials are cached;
    ///   ``AWSCredentialsError/Code/credentialsExpired`` when it returned credentials that are
    ///   already expired; `CancellationError` when the task is cancelled.
    public func credentials(logger: Logger?) async throws -> AWSCredentials {
        let now = self.now()
        let margin = self.policy.expiryMargin
        let cached = self.storage.state.withLock { state -> AWSCredentials? in
            guard let credentials = state.cached, now < state.refreshAt, Self.isUsable(credentials, at: now, margin: margin)
            else { return nil }
            return credentials
        }
        if let cached { return cached }
        return try await self.storage.flight.run(key: 0) { [self] in
            try await self.refresh(logger: logger)
        }
    }

    /// Forgets the cached credentials (and the wrapped provider's), so the next call fetches
    /// fresh ones.
    public func invalidate() async {
        self.storage.state.withLock { state in
            state.cached = nil
            state.consecutiveFailures = 0
        }
        await self.base.invalidate()
    }

    // MARK: Refresh

    private func refresh(logger: Logger?) async throws -> AWSCredentials {
        // Another flight may have refreshed while this caller waited to start this one.
        let startTime = self.now()
        let alreadyFresh = self.storage.state.withLock { state -> AWSCredentials? in
            guard let credentials = state.cached, startTime < state.refreshAt,
                Self.isUsable(credentials, at: startTime, margin: self.policy.expiryMargin)
            else { return nil }
            return credentials
        }
        if let alreadyFresh { return alreadyFresh }

        do {
            let credentials = try await self.base.credentials(logger: logger)
            let now = self.now()
            guard Self.isUsable(credentials, at: now, margin: self.policy.expiryMargin) else {
                throw AWSCredentialsError(
                    code: .credentialsExpired,
                    reason: "\(self.base.identity) returned credentials that expire at "
                        + "\(credentials.expiration.map { "\($0)" } ?? "?"), less than \(self.policy.expiryMargin) seconds from now")
            }
            let refreshAt = self.refreshTime(for: credentials, now: now)
            self.storage.state.withLock { state in
                state.cached = credentials
                state.refreshAt = refreshAt
                state.consecutiveFailures = 0
            }
            logger?.debug(
                "credentials refreshed",
                metadata: [
                    "aws.credentials.source": "\(self.base.identity)",
                    "aws.access_key_id": "\(credentials.redactedAccessKeyID)",
                    "aws.credentials.expiration": "\(credentials.expiration.map { "\($0)" } ?? "none")",
                    "aws.credentials.next_refresh": "\(credentials.expiration == nil ? "never" : "\(refreshAt)")",
                ])
            return credentials
        } catch let error where !(error is CancellationError) {
            let now = self.now()
            let fallback = self.storage.state.withLock { state -> (AWSCredentials, Date)? in
                guard let credentials = state.cached, Self.isUsable(credentials, at: now, margin: self.policy.expiryMargin) else {
                    return nil
                }
                state.consecutiveFailures += 1
                let doublings = min(state.consecutiveFailures - 1, 30)
                let backoff = min(self.policy.failureBackoff * Double(1 << doublings), self.policy.maximumFailureBackoff)
                let jittered = backoff * (0.5 + 0.5 * Self.clamp(self.random()))
                var retryAt = now.addingTimeInterval(jittered)
                if let expiration = credentials.expiration {
                    retryAt = min(retryAt, expiration.addingTimeInterval(-self.policy.expiryMargin))
                }
                state.refreshAt = retryAt
                return (credentials, retryAt)
            }
            guard let (credentials, retryAt) = fallback else {
                logger?.debug(
                    "credentials refresh failed",
                    metadata: ["aws.credentials.source": "\(self.base.identity)", "error": "\(error)"])
                throw error
            }
            logger?.warning(
                "credentials refresh failed; using the current credentials until they expire",
                metadata: [
                    "aws.credentials.source": "\(self.base.identity)", "error": "\(error)",
                    "aws.credentials.expiration": "\(credentials.expiration.map { "\($0)" } ?? "none")",
                    "aws.credentials.retry_at": "\(retryAt)",
                ])
            return credentials
        }
    }

    /// When to refresh credentials obtained at `now`.
    private func refreshTime(for credentials: AWSCredentials, now: Date) -> Date {
        guard let expiration = credentials.expiration else { return .distantFuture }
        let jitter = self.policy.maximumJitter * Self.clamp(self.random())
        let planned = expiration.addingTimeInterval(-self.policy.refreshBeforeExpiry - jitter)
        if planned > now { return planned }
        // Short-lived credentials: refresh half-way through their usable time.
        let usable = expiration.timeIntervalSince(now) - self.policy.expiryMargin
        return now.addingTimeInterval(max(0, usable / 2))
    }

    private static func isUsable(_ credentials: AWSCredentials, at now: Date, margin: TimeInterval) -> Bool {
        guard let expiration = credentials.expiration else { return true }
        return now.addingTimeInterval(margin) < expiration
    }

    private static func clamp(_ value: Double) -> Double {
        value.isFinite ? min(max(value, 0), 1) : 0
    }

    /// The wrapped provider's identity and the policy; never the cached credentials' secrets.
    public var description: String {
        "RefreshingCredentialsProvider(\(self.base.identity), refreshBeforeExpiry: \(self.policy.refreshBeforeExpiry))"
    }

    /// A mirror without the cached credentials.
    public var customMirror: Mirror {
        Mirror(self, children: ["source": "\(self.base.identity)", "policy": self.policy], displayStyle: .struct)
    }
}

extension RefreshingCredentialsProvider {
    /// The cache's shared state: copies of the provider share one cache.
    final class Storage: Sendable {
        struct State {
            var cached: AWSCredentials?
            var refreshAt: Date = .distantPast
            var consecutiveFailures = 0
        }

        let state = Mutex(State())
        let flight = SingleFlight<Int, AWSCredentials>()
    }
}
