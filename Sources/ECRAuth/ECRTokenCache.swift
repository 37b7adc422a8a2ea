import AWSCredentialProviders
public import Logging
public import OCIReference
import Synchronization

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// A cache of ECR tokens in front of an ``ECRClient``: the same token until its scheduled
/// refresh, one upstream call for any number of concurrent callers, and never an expired token.
///
/// ```swift
/// let tokens = ECRTokenCache(client: client)          // share it; copies share one cache
/// let token = try await tokens.token(for: registry, logger: logger)
/// let requeueAfter = tokens.nextRefresh(now: Date())  // seconds until the next refresh is due
/// ```
///
/// - **Keys.** Tokens are cached per partition, region, registry and principal: the registry
///   host names the partition and region (the client's region stands in for the default
///   registry), and the principal is the client's credentials identity. Never a secret.
/// - **Schedule.** A token is refreshed at ``RefreshPolicy/refreshDate(for:random:)`` — half its
///   lifetime, with jitter from the injected `random` source, never later than
///   ``RefreshPolicy/refreshMargin`` before expiry. ``nextRefresh(for:)`` and
///   ``nextRefresh(now:)`` tell an operator exactly when to come back.
/// - **Single flight.** Concurrent callers for one key share one `GetAuthorizationToken` call
///   (10,000 callers, one call). A caller whose task is cancelled stops waiting at once.
/// - **Failures.** If a refresh fails while the current token is still valid, the current token
///   is returned, a warning is logged, and the next attempt waits
///   ``RefreshPolicy/backoff(afterFailures:random:)`` (exponential, jittered), but never past
///   the token's usable life.
/// - **Never expired.** A token with less than ``RefreshPolicy/expiryMargin`` left is never
///   returned. Past that point a failed refresh throws its error, and a token that ECR issued
///   already expired throws ``ECRAuthError/Code/tokenExpired``.
///
/// Time and randomness are parameters, so every path is testable without sleeping.
public struct ECRTokenCache: Sendable {
    /// The client that fetches tokens.
    public let client: ECRClient
    /// When to refresh and how to back off.
    public let policy: RefreshPolicy

    private let storage: Storage
    private let now: @Sendable () -> Date
    private let random: @Sendable () -> Double
    private let principal: AWSCredentialsIdentity

    /// Creates a cache.
    ///
    /// - Parameters:
    ///   - client: The client that fetches tokens.
    ///   - policy: When to refresh and how to back off.
    ///   - now: The clock; defaults to the system clock. Use the same clock as the client.
    ///   - random: A source of numbers in `0..<1` for jitter; defaults to the system generator.
    public init(
        client: ECRClient,
        policy: RefreshPolicy = RefreshPolicy(),
        now: @escaping @Sendable () -> Date = { Date() },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.client = client
        self.policy = policy
        self.now = now
        self.random = random
        self.principal = client.credentialsIdentity
        self.storage = Storage()
    }

    /// Returns the cached token for `registry`, or fetches one (once for all concurrent callers).
    ///
    /// - Parameters:
    ///   - registry: The registry, or `nil` for the default registry in the client's region.
    ///   - logger: Where to log refreshes and failures (never a secret). When several callers
    ///     share one refresh, the first caller's logger is used.
    /// - Returns: A token valid for at least ``RefreshPolicy/expiryMargin``.
    /// - Throws: The client's ``ECRAuthError`` when no valid token is cached and the refresh
    ///   failed; ``ECRAuthError/Code/tokenExpired`` when ECR returned an expired token;
    ///   `CancellationError` when the task is cancelled.
    public func token(for registry: ECRRegistry? = nil, logger: Logger? = nil) async throws -> ECRAuthorizationToken {
        let now = self.now()
        let margin = self.policy.expiryMargin
        let cached = self.storage.state.withLock { state -> ECRAuthorizationToken? in
            guard let entry = state.entries[registry], let token = entry.token, now < entry.refreshAt,
                !token.isExpired(now: now, margin: margin)
            else { return nil }
            return token
        }
        if let cached { return cached }
        let key = Key(principal: self.principal, registry: registry)
        return try await self.storage.flight.run(key: key) { [self] in
            try await self.refresh(key: key, logger: logger)
        }
    }

    /// When the token for `registry` is next due for a refresh, on the local clock, or `nil`
    /// when none is cached. After a failed refresh this is when the next attempt is allowed.
    ///
    /// - Parameter registry: The registry, or `nil` for the default registry.
    /// - Returns: The date, or `nil` when no token (and no failed refresh) is recorded for it.
    public func nextRefresh(for registry: ECRRegistry?) -> Date? {
        self.storage.state.withLock { $0.entries[registry]?.refreshAt }
    }

    /// Seconds from the local time `now` until the earliest scheduled refresh of any cached
    /// token (0 when one is due), or `nil` when the cache is empty: the requeue delay of an
    /// operator that keeps Secrets for several registries fresh.
    ///
    /// - Parameter now: The current local time, from the clock the cache was given.
    /// - Returns: Seconds until the next refresh is due, 0 when one is overdue, `nil` when the
    ///   cache holds nothing.
    public func nextRefresh(now: Date) -> TimeInterval? {
        let earliest = self.storage.state.withLock { state in state.entries.values.map(\.refreshAt).min() }
        return earliest.map { max(0, $0.timeIntervalSince(now)) }
    }

    /// Forgets the token for `registry`, so the next call fetches a fresh one; for example after
    /// the registry refused it.
    ///
    /// - Parameter registry: The registry, or `nil` for the default registry.
    public func invalidate(registry: ECRRegistry? = nil) {
        _ = self.storage.state.withLock { $0.entries.removeValue(forKey: registry) }
    }

    /// Forgets every cached token.
    public func removeAll() {
        self.storage.state.withLock { $0.entries.removeAll() }
    }

    // MARK: Refresh

    private func refresh(key: Key, logger: Logger?) async throws -> ECRAuthorizationToken {
        let margin = self.policy.expiryMargin
        let registryName = key.registry?.host ?? "the default registry"
        // Another flight may have refreshed while this one waited to start.
        let startTime = self.now()
        let fresh = self.storage.state.withLock { state -> ECRAuthorizationToken? in
            guard let entry = state.entries[key.registry], let token = entry.token, startTime < entry.refreshAt,
                !token.isExpired(now: startTime, margin: margin)
            else { return nil }
            return token
        }
        if let fresh { return fresh }

        do {
            let token = try await self.client.authorizationToken(for: key.registry, logger: logger)
            let now = self.now()
            guard !token.isExpired(now: now, margin: margin) else {
                throw ECRAuthError(
                    code: .tokenExpired,
                    reason: "ECR issued a token for \(registryName) that expires at \(token.expiresAt) (server clock), "
                        + "less than \(margin) seconds after now (\(now.addingTimeInterval(token.clockOffset)) on the server's clock)")
            }
            let refreshAt = self.policy.refreshDate(for: token, random: self.random())
            self.storage.state.withLock { state in
                state.entries[key.registry] = Entry(token: token, refreshAt: refreshAt, consecutiveFailures: 0)
            }
            logger?.info(
                "ECR token refreshed",
                metadata: [
                    "ecr.registry": "\(registryName)", "ecr.token.expires_at": "\(token.expiresAt)",
                    "ecr.token.next_refresh": "\(refreshAt)", "aws.credentials.source": "\(self.principal)",
                ])
            return token
        } catch let error where !(error is CancellationError) {
            let now = self.now()
            let fallback = self.storage.state.withLock { state -> (token: ECRAuthorizationToken?, retryAt: Date, failures: Int) in
                var entry = state.entries[key.registry] ?? Entry(token: nil, refreshAt: now, consecutiveFailures: 0)
                entry.consecutiveFailures = min(entry.consecutiveFailures, Int.max - 1) + 1
                var retryAt = now.addingTimeInterval(self.policy.backoff(afterFailures: entry.consecutiveFailures, random: self.random()))
                var usable: ECRAuthorizationToken?
                if let token = entry.token, !token.isExpired(now: now, margin: margin) {
                    usable = token
                    retryAt = min(retryAt, token.localExpiry.addingTimeInterval(-margin))
                } else {
                    entry.token = nil
                }
                entry.refreshAt = retryAt
                state.entries[key.registry] = entry
                return (usable, retryAt, entry.consecutiveFailures)
            }
            guard let token = fallback.token else {
                logger?.warning(
                    "ECR token refresh failed and no valid token is cached",
                    metadata: [
                        "ecr.registry": "\(registryName)", "error": "\(error)",
                        "ecr.refresh.failures": "\(fallback.failures)", "ecr.refresh.retry_at": "\(fallback.retryAt)",
                    ])
                throw error
            }
            logger?.warning(
                "ECR token refresh failed; serving the current token until it expires",
                metadata: [
                    "ecr.registry": "\(registryName)", "error": "\(error)", "ecr.token.expires_at": "\(token.expiresAt)",
                    "ecr.refresh.failures": "\(fallback.failures)", "ecr.refresh.retry_at": "\(fallback.retryAt)",
                ])
            return token
        }
    }
}

extension ECRTokenCache {
    /// What a token is cached under: the principal and the registry, whose host names the
    /// partition and region (the client's region for the default registry, `nil`). The
    /// principal is the client's, fixed for the cache, so the table itself is searched by
    /// registry alone; the full key names refreshes in flight.
    struct Key: Hashable, Sendable {
        var principal: AWSCredentialsIdentity
        var registry: ECRRegistry?
    }

    /// A cached token, or the record of failed refreshes without one.
    struct Entry: Sendable {
        var token: ECRAuthorizationToken?
        /// Local time of the next refresh (or the next attempt after a failure).
        var refreshAt: Date
        var consecutiveFailures: Int
    }

    /// The cache's shared state: copies of the cache share one store and one flight.
    final class Storage: Sendable {
        struct State {
            var entries = TokenTable<ECRRegistry?, Entry>()
        }

        let state = Mutex(State())
        let flight = SingleFlight<Key, ECRAuthorizationToken>()
    }
}

extension ECRTokenCache: CustomStringConvertible, CustomReflectable {
    /// The client, the policy and how many tokens are cached; never a token.
    public var description: String {
        let count = self.storage.state.withLock { $0.entries.count }
        return "ECRTokenCache(\(self.client), cached: \(count), ratio: \(self.policy.ratio))"
    }

    /// A mirror without the cached tokens.
    public var customMirror: Mirror {
        Mirror(self, children: ["client": "\(self.client)", "policy": self.policy], displayStyle: .struct)
    }
}
