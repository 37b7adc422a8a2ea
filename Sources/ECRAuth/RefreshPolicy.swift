#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// When to refresh an ECR token, when to stop serving it, and how to back off after a failed
/// refresh: a value, so an operator can reason about (and test) its schedule.
///
/// A token is refreshed at
///
///     obtainedAt + lifetime × (ratio − jitterRatio × random)
///
/// (about six hours into a 12-hour token with the defaults), but never later than
/// `expiresAt − refreshMargin`, and never before it was obtained. `random` comes from the
/// injected source of ``ECRTokenCache``, so a fleet of operators spreads its calls. The times
/// are computed on the server's clock and returned on the local one (the token's
/// ``ECRAuthorizationToken/clockOffset`` is subtracted).
///
/// ```swift
/// let policy = RefreshPolicy()                       // 0.5 of the lifetime, 5 % jitter
/// let refreshAt = policy.refreshDate(for: token, random: 0.3)
/// let wait = policy.nextRefresh(for: token, now: Date(), random: 0.3)   // seconds, for requeueing
/// ```
public struct RefreshPolicy: Sendable, Hashable {
    /// The fraction of the token's lifetime after which it is refreshed; default 0.5.
    public var ratio: Double
    /// Up to which further fraction of the lifetime the refresh is moved earlier, at random;
    /// default 0.05 (36 minutes of a 12-hour token).
    public var jitterRatio: Double
    /// The refresh happens at least this long before the token expires; default 900 seconds.
    public var refreshMargin: TimeInterval
    /// A token with less than this left counts as expired and is never served; default 60
    /// seconds, so whoever receives a token has a minute to use it.
    public var expiryMargin: TimeInterval
    /// The wait after the first failed refresh while the current token is still valid; doubled
    /// for each further failure; default 10 seconds.
    public var failureBackoff: TimeInterval
    /// The longest wait between failed refreshes; default 300 seconds.
    public var maximumFailureBackoff: TimeInterval

    /// Creates a policy.
    ///
    /// - Parameters:
    ///   - ratio: The fraction of the lifetime after which to refresh (clamped to 0…1).
    ///   - jitterRatio: Up to which further fraction of the lifetime to refresh earlier, at random.
    ///   - refreshMargin: The refresh happens at least this long before expiry.
    ///   - expiryMargin: Remaining validity below which a token is not served.
    ///   - failureBackoff: The first wait after a failed refresh.
    ///   - maximumFailureBackoff: The longest wait after failed refreshes.
    public init(
        ratio: Double = 0.5,
        jitterRatio: Double = 0.05,
        refreshMargin: TimeInterval = 900,
        expiryMargin: TimeInterval = 60,
        failureBackoff: TimeInterval = 10,
        maximumFailureBackoff: TimeInterval = 300
    ) {
        self.ratio = ratio
        self.jitterRatio = jitterRatio
        self.refreshMargin = refreshMargin
        self.expiryMargin = expiryMargin
        self.failureBackoff = failureBackoff
        self.maximumFailureBackoff = maximumFailureBackoff
    }

    /// When to refresh `token`, on the local clock.
    ///
    /// - Parameters:
    ///   - token: The token.
    ///   - random: A number in `0..<1` from the jitter source; values outside are clamped.
    /// - Returns: `obtainedAt + lifetime × (ratio − jitterRatio × random)`, moved to
    ///   `expiresAt − refreshMargin` if that is earlier but not before `obtainedAt`, minus the
    ///   token's clock offset.
    public func refreshDate(for token: ECRAuthorizationToken, random: Double) -> Date {
        let lifetime = max(0, token.lifetime)
        let fraction = min(max(Self.finite(self.ratio) - Self.finite(self.jitterRatio) * Self.clamp(random), 0), 1)
        var serverTime = token.obtainedAt.addingTimeInterval(lifetime * fraction)
        let latest = token.expiresAt.addingTimeInterval(-max(0, Self.finite(self.refreshMargin)))
        if serverTime > latest { serverTime = latest }
        if serverTime < token.obtainedAt { serverTime = token.obtainedAt }
        return serverTime.addingTimeInterval(-token.clockOffset)
    }

    /// How long from the local time `now` until `token` should be refreshed: what an operator
    /// returns as its requeue delay.
    ///
    /// - Parameters:
    ///   - token: The token.
    ///   - now: The current local time.
    ///   - random: A number in `0..<1` from the jitter source; pass the same draw for the same
    ///     token to get the same answer.
    /// - Returns: Seconds until ``refreshDate(for:random:)``; 0 when that has passed.
    public func nextRefresh(for token: ECRAuthorizationToken, now: Date, random: Double) -> TimeInterval {
        max(0, self.refreshDate(for: token, random: random).timeIntervalSince(now))
    }

    /// The wait after `failures` consecutive failed refreshes (1 for the first):
    /// `min(failureBackoff × 2^(failures−1), maximumFailureBackoff)`, scaled by `0.5 + 0.5 × random`
    /// so a fleet does not retry in step.
    ///
    /// - Parameters:
    ///   - failures: The number of consecutive failures, at least 1.
    ///   - random: A number in `0..<1` from the jitter source.
    /// - Returns: The wait in seconds.
    public func backoff(afterFailures failures: Int, random: Double) -> TimeInterval {
        let doublings = failures <= 1 ? 0 : min(failures - 1, 30)
        let ceiling = min(
            max(0, Self.finite(self.failureBackoff)) * Double(1 << doublings), max(0, Self.finite(self.maximumFailureBackoff)))
        return ceiling * (0.5 + 0.5 * Self.clamp(random))
    }

    static func clamp(_ value: Double) -> Double {
        value.isFinite ? min(max(value, 0), 1) : 0
    }

    private static func finite(_ value: Double) -> Double {
        value.isFinite ? value : 0
    }
}
