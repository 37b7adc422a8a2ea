#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// How ``ECRClient`` retries a failed `GetAuthorizationToken` call: the AWS SDKs' *standard*
/// retry mode.
///
/// - At most ``maximumAttempts`` attempts (3), the first included.
/// - Before retry *n* (1, 2, …) the client waits `random × min(maximumBackoff, baseDelay × 2^(n−1))`
///   with `random` drawn from the client's injected source in `0..<1` ("full jitter"): up to
///   1 s before the second attempt and up to 2 s before the third, never more than 20 s.
/// - Only errors whose ``ECRAuthError/isRetryable`` is `true` are retried: throttling (including
///   HTTP 400 `ThrottlingException`), HTTP 500/502/503/504, `RequestTimeout`, and transport
///   failures.
///
/// Two further retries do not count against the attempts and do not wait: one after the client
/// corrected its clock from a response that rejected the signing time, and one with fresh
/// credentials after ECR rejected the provider's credentials. The retry quota (token bucket) of
/// the SDKs is not modelled: a token client makes one call every few hours.
public struct ECRRetryPolicy: Sendable, Hashable {
    /// The most attempts per call, the first included; default 3. Values below 1 count as 1.
    public var maximumAttempts: Int
    /// The base of the exponential backoff; default 1 second.
    public var baseDelay: TimeInterval
    /// The longest wait between two attempts; default 20 seconds.
    public var maximumBackoff: TimeInterval

    /// Creates a policy.
    ///
    /// - Parameters:
    ///   - maximumAttempts: The most attempts per call, the first included.
    ///   - baseDelay: The base of the exponential backoff, in seconds.
    ///   - maximumBackoff: The longest wait between two attempts, in seconds.
    public init(maximumAttempts: Int = 3, baseDelay: TimeInterval = 1, maximumBackoff: TimeInterval = 20) {
        self.maximumAttempts = maximumAttempts
        self.baseDelay = baseDelay
        self.maximumBackoff = maximumBackoff
    }

    /// The AWS SDKs' standard mode: 3 attempts, 1 s base, 20 s cap.
    public static var standard: ECRRetryPolicy { ECRRetryPolicy() }

    /// A single attempt: no retries.
    public static var none: ECRRetryPolicy { ECRRetryPolicy(maximumAttempts: 1) }

    /// The wait before retry number `retry`.
    ///
    /// - Parameters:
    ///   - retry: 1 for the wait before the second attempt, 2 before the third, and so on.
    ///   - random: A number in `0..<1` from the jitter source; values outside are clamped.
    /// - Returns: `random × min(maximumBackoff, baseDelay × 2^(retry−1))` seconds; a negative or
    ///   non-finite base or cap counts as 0.
    public func delay(beforeRetry retry: Int, random: Double) -> TimeInterval {
        let exponent = retry <= 1 ? 0 : min(retry - 1, 62)
        let base = self.baseDelay.isFinite ? max(0, self.baseDelay) : 0
        let cap = self.maximumBackoff.isFinite ? max(0, self.maximumBackoff) : 0
        let ceiling = min(cap, base * Double(UInt64(1) << UInt64(exponent)))
        let jitter = random.isFinite ? min(max(random, 0), 1) : 0
        return ceiling * jitter
    }
}
