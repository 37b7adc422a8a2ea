import AWSCredentialProviders
import AuthTransport
import Foundation
import HTTPTypes
import OCIReference
import Synchronization
import Testing

@testable import ECRAuth

/// The token cache: schedule, single flight, fallback while valid, and never an expired token.
struct TokenCacheTests {
    /// A cache over a scripted transport, with one clock for client and cache.
    static func cache(
        _ transport: ScriptedTransport,
        clock: TestClock,
        random: Double = 0,
        policy: RefreshPolicy = RefreshPolicy(),
        credentials: some AWSCredentialsProvider = StaticCredentialsProvider(testCredentials)
    ) -> ECRTokenCache {
        let client = makeClient(transport: transport, credentials: credentials, clock: clock, random: random) {
            $0.retryPolicy = .none
        }
        return ECRTokenCache(client: client, policy: policy, now: clock.closure, random: { random })
    }

    /// Answers with a fresh 12-hour token relative to the clock, numbering the passwords.
    static func freshTokens(_ clock: TestClock) -> ScriptedTransport {
        ScriptedTransport { index, _ in
            let expiresAt = clock.now.addingTimeInterval(43_200).timeIntervalSince1970
            let body = ECRResponses.success(token: base64("AWS:password-\(index)"), expiresAt: "\(expiresAt)")
            return (HTTPResponse(status: .ok), Array(body.utf8))
        }
    }

    @Test func servesTheSameTokenUntilItsRefreshTime() async throws {
        let clock = TestClock()
        let transport = Self.freshTokens(clock)
        let cache = Self.cache(transport, clock: clock)
        let first = try await cache.token(for: privateRegistry)
        #expect(first.password == "password-0")
        #expect(cache.nextRefresh(for: privateRegistry) == referenceDate.addingTimeInterval(21_600))
        #expect(cache.nextRefresh(now: referenceDate) == 21_600)

        clock.advance(by: 21_599)
        #expect(try await cache.token(for: privateRegistry) == first)
        #expect(transport.requestCount == 1)

        clock.advance(by: 1)
        let second = try await cache.token(for: privateRegistry)
        #expect(second.password == "password-1")
        #expect(transport.requestCount == 2)
        #expect(cache.nextRefresh(for: privateRegistry) == clock.now.addingTimeInterval(21_600))
    }

    /// 10,000 concurrent callers cause exactly one `GetAuthorizationToken` call.
    @Test func tenThousandConcurrentCallersCauseOneUpstreamCall() async throws {
        let clock = TestClock()
        let gate = Mutex(false)
        let transport = ScriptedTransport { _, _ in
            // Hold the one call until every caller has arrived and is waiting.
            while !gate.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(5)) }
            return (HTTPResponse(status: .ok), Array(ECRResponses.success().utf8))
        }
        let cache = Self.cache(transport, clock: clock)
        let passwords = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<10_000 {
                group.addTask { try await cache.token(for: privateRegistry).password }
            }
            try await Task.sleep(for: .milliseconds(200))
            gate.withLock { $0 = true }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(passwords.count == 10_000)
        #expect(Set(passwords) == [Secrets.password])
        #expect(transport.requestCount == 1)
    }

    @Test func tokensAreKeyedByRegistry() async throws {
        let clock = TestClock()
        let transport = Self.freshTokens(clock)
        let cache = Self.cache(transport, clock: clock)
        let other = try #require(ECRRegistry("210987654321.dkr.ecr.us-west-2.amazonaws.com"))
        let a = try await cache.token(for: privateRegistry)
        let b = try await cache.token(for: other)
        let c = try await cache.token()
        #expect(Set([a.password, b.password, c.password]).count == 3)
        #expect(transport.requestCount == 3)
        #expect(transport.exchanges[1].request.authority == "api.ecr.us-west-2.amazonaws.com")
        #expect(try await cache.token(for: other) == b)
        #expect(transport.requestCount == 3)
    }

    /// The key holds partition and region (through the registry host) and the principal; never
    /// a secret.
    @Test func keysDifferByPrincipalAndRegistry() throws {
        let a = AWSCredentialsIdentity(source: "webIdentity", principal: "arn:aws:iam::111122223333:role/a")
        let b = AWSCredentialsIdentity(source: "webIdentity", principal: "arn:aws:iam::111122223333:role/b")
        let cn = try #require(ECRRegistry("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn"))
        #expect(ECRTokenCache.Key(principal: a, registry: privateRegistry) == ECRTokenCache.Key(principal: a, registry: privateRegistry))
        #expect(ECRTokenCache.Key(principal: a, registry: privateRegistry) != ECRTokenCache.Key(principal: b, registry: privateRegistry))
        #expect(ECRTokenCache.Key(principal: a, registry: privateRegistry) != ECRTokenCache.Key(principal: a, registry: cn))
        #expect(ECRTokenCache.Key(principal: a, registry: nil) != ECRTokenCache.Key(principal: a, registry: privateRegistry))
    }

    /// A refresh that fails while the token is still valid serves the token, backs off, and
    /// tries again after the backoff.
    @Test func keepsServingTheCurrentTokenWhileARefreshFails() async throws {
        let clock = TestClock()
        let failing = Mutex(false)
        let transport = ScriptedTransport { index, _ in
            if failing.withLock({ $0 }) {
                let (head, body) = ECRResponses.error(status: 503, type: "ServiceUnavailableException")
                return (head, Array(body.utf8))
            }
            let expiresAt = clock.now.addingTimeInterval(43_200).timeIntervalSince1970
            return (HTTPResponse(status: .ok), Array(ECRResponses.success(token: base64("AWS:password-\(index)"), expiresAt: "\(expiresAt)").utf8))
        }
        let (logger, logs) = RecordingLogHandler.logger()
        let cache = Self.cache(transport, clock: clock, random: 1)
        let first = try await cache.token(for: privateRegistry, logger: logger)

        failing.withLock { $0 = true }
        clock.advance(by: 21_600)  // due (random 1 moves it earlier)
        #expect(try await cache.token(for: privateRegistry, logger: logger) == first)
        #expect(transport.requestCount == 2)
        #expect(logs.text.contains("serving the current token"))
        // Backoff after the first failure: 10 s × (0.5 + 0.5 × 1).
        #expect(cache.nextRefresh(for: privateRegistry) == clock.now.addingTimeInterval(10))

        clock.advance(by: 9)
        #expect(try await cache.token(for: privateRegistry) == first)
        #expect(transport.requestCount == 2, "no call during the backoff")
        clock.advance(by: 1)
        #expect(try await cache.token(for: privateRegistry) == first)
        #expect(transport.requestCount == 3)
        #expect(cache.nextRefresh(for: privateRegistry) == clock.now.addingTimeInterval(20), "the backoff doubles")

        failing.withLock { $0 = false }
        clock.advance(by: 20)
        let recovered = try await cache.token(for: privateRegistry)
        #expect(recovered.password == "password-3")
    }

    /// Past `expiresAt − expiryMargin` a failed refresh throws: never an expired token.
    @Test func neverReturnsAnExpiredToken() async throws {
        let clock = TestClock()
        let failing = Mutex(false)
        let transport = ScriptedTransport { _, _ in
            if failing.withLock({ $0 }) { throw HTTPTransportError(code: .connectionFailed) }
            let expiresAt = clock.now.addingTimeInterval(43_200).timeIntervalSince1970
            return (HTTPResponse(status: .ok), Array(ECRResponses.success(expiresAt: "\(expiresAt)").utf8))
        }
        let cache = Self.cache(transport, clock: clock)
        let token = try await cache.token(for: privateRegistry)
        failing.withLock { $0 = true }

        // Keep failing until the very end: the token is served while it has more than a minute left.
        clock.set(referenceDate.addingTimeInterval(43_200 - 61))
        #expect(try await cache.token(for: privateRegistry) == token)
        #expect(cache.nextRefresh(for: privateRegistry)! <= referenceDate.addingTimeInterval(43_200 - 60))
        clock.set(referenceDate.addingTimeInterval(43_200 - 60))
        let error = try await #require(throws: ECRAuthError.self) { try await cache.token(for: privateRegistry) }
        #expect(error.code == .transportFailed)
        clock.set(referenceDate.addingTimeInterval(50_000))
        await #expect(throws: ECRAuthError(code: .transportFailed)) { try await cache.token(for: privateRegistry) }
    }

    /// moto issues tokens that expired in 2015: the cache refuses them with a typed error.
    @Test func anAlreadyExpiredTokenFromECRIsRefused() async throws {
        let clock = TestClock()
        let transport = ScriptedTransport([ECRResponses.ok(ECRResponses.success(expiresAt: "1420070400"))])
        let cache = Self.cache(transport, clock: clock)
        let error = try await #require(throws: ECRAuthError.self) { try await cache.token(for: privateRegistry) }
        #expect(error.code == .tokenExpired)
        #expect(error.reason.contains("2015-01-01"))
        #expect(Secrets.leaked(in: "\(error)").isEmpty)
        // The failure is remembered for backoff, so an operator does not spin.
        let next = try #require(cache.nextRefresh(now: clock.now))
        #expect(next > 0)
    }

    @Test func aTokenWithinTheMarginIsNotServed() async throws {
        let clock = TestClock()
        let transport = ScriptedTransport([ECRResponses.ok(ECRResponses.success(expiresAt: "\(referenceDate.timeIntervalSince1970 + 30)"))])
        let cache = Self.cache(transport, clock: clock)
        await #expect(throws: ECRAuthError(code: .tokenExpired)) { try await cache.token(for: privateRegistry) }
    }

    @Test func invalidateForcesAFreshToken() async throws {
        let clock = TestClock()
        let transport = Self.freshTokens(clock)
        let cache = Self.cache(transport, clock: clock)
        _ = try await cache.token(for: privateRegistry)
        cache.invalidate(registry: privateRegistry)
        #expect(cache.nextRefresh(for: privateRegistry) == nil)
        #expect(try await cache.token(for: privateRegistry).password == "password-1")
        cache.removeAll()
        #expect(cache.nextRefresh(now: clock.now) == nil)
    }

    @Test func nextRefreshIsTheEarliestOfAllRegistries() async throws {
        let clock = TestClock()
        let transport = Self.freshTokens(clock)
        let cache = Self.cache(transport, clock: clock)
        _ = try await cache.token(for: privateRegistry)
        clock.advance(by: 1_000)
        _ = try await cache.token(for: ECRRegistry("210987654321.dkr.ecr.us-west-2.amazonaws.com"))
        #expect(cache.nextRefresh(now: clock.now) == 20_600, "21,600 s after the first token, 1,000 s ago")
        #expect(cache.nextRefresh(now: referenceDate.addingTimeInterval(99_999)) == 0)
    }

    @Test func copiesShareOneCache() async throws {
        let clock = TestClock()
        let transport = Self.freshTokens(clock)
        let cache = Self.cache(transport, clock: clock)
        let copy = cache
        let token = try await cache.token(for: privateRegistry)
        #expect(try await copy.token(for: privateRegistry) == token)
        #expect(transport.requestCount == 1)
    }

    /// A waiting caller whose task is cancelled stops waiting; the others still get the token.
    @Test func aCancelledWaiterStopsWaiting() async throws {
        let clock = TestClock()
        let gate = Mutex(false)
        let transport = ScriptedTransport { _, _ in
            while !gate.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(5)) }
            return (HTTPResponse(status: .ok), Array(ECRResponses.success().utf8))
        }
        let cache = Self.cache(transport, clock: clock)
        let patient = Task { try await cache.token(for: privateRegistry) }
        let impatient = Task { try await cache.token(for: privateRegistry) }
        while transport.requestCount == 0 { try await Task.sleep(for: .milliseconds(1)) }
        impatient.cancel()
        await #expect(throws: CancellationError.self) { try await impatient.value }
        gate.withLock { $0 = true }
        #expect(try await patient.value.password == Secrets.password)
        #expect(transport.requestCount == 1)
    }

    /// The cache judges expiry with the token's clock offset: a slow local clock does not keep
    /// a token past its real expiry.
    @Test func aSkewedClockDoesNotExtendATokensLife() async throws {
        let clock = TestClock()
        // Our clock is 30 minutes slow: the server says so in every Date header.
        let transport = ScriptedTransport { index, _ in
            let serverNow = clock.now.addingTimeInterval(1_800)
            let (head, _) = ECRResponses.ok(date: serverNow)
            let body = ECRResponses.success(
                token: base64("AWS:password-\(index)"), expiresAt: "\(serverNow.addingTimeInterval(43_200).timeIntervalSince1970)")
            return (head, Array(body.utf8))
        }
        let cache = Self.cache(transport, clock: clock, policy: RefreshPolicy(ratio: 1, jitterRatio: 0, refreshMargin: 0))
        let token = try await cache.token(for: privateRegistry)
        #expect(token.clockOffset == 1_800)
        #expect(cache.nextRefresh(for: privateRegistry) == referenceDate.addingTimeInterval(43_200))
        // 59 seconds before the real expiry: by the uncorrected local clock the token would still
        // have half an hour; corrected, it is within the margin and is replaced.
        clock.advance(by: 43_200 - 59)
        #expect(token.expiresAt.timeIntervalSince(clock.now) > 1_800)
        let refreshed = try await cache.token(for: privateRegistry)
        #expect(refreshed.password == "password-1")
    }
}

/// The cache's table: dictionary behaviour with and without its hash index.
struct TokenTableTests {
    @Test(arguments: [3, 16, 17, 100])
    func behavesLikeADictionary(count: Int) {
        var table = TokenTable<String, Int>()
        var reference: [String: Int] = [:]
        for value in 0..<count {
            table["k\(value)"] = value
            reference["k\(value)"] = value
        }
        table["k1"] = 100
        reference["k1"] = 100
        for value in stride(from: 0, to: count, by: 3) {
            #expect(table.removeValue(forKey: "k\(value)") == reference.removeValue(forKey: "k\(value)"))
        }
        table["k2"] = nil
        reference["k2"] = nil
        #expect(table.removeValue(forKey: "missing") == nil)
        #expect(table.count == reference.count)
        for value in 0..<(count + 5) {
            #expect(table["k\(value)"] == reference["k\(value)"], "k\(value)")
        }
        #expect(table.values.sorted() == reference.values.sorted())
        table.removeAll()
        #expect(table.count == 0 && table["k4"] == nil)
    }
}

/// Many registries in one cache: each cached once, found again without a call.
struct ManyRegistriesTests {
    @Test func fortyRegistries() async throws {
        let clock = TestClock()
        let transport = TokenCacheTests.freshTokens(clock)
        let cache = TokenCacheTests.cache(transport, clock: clock)
        let registries = (0..<40).map { ECRRegistry(String(format: "%012d", 100_000_000_000 + $0) + ".dkr.ecr.eu-central-1.amazonaws.com")! }
        var passwords: [String] = []
        for registry in registries {
            passwords.append(try await cache.token(for: registry).password)
        }
        for (registry, password) in zip(registries, passwords) {
            #expect(try await cache.token(for: registry).password == password)
        }
        #expect(transport.requestCount == 40)
        cache.invalidate(registry: registries[7])
        _ = try await cache.token(for: registries[7])
        #expect(transport.requestCount == 41)
        #expect(try await cache.token(for: registries[39]).password == passwords[39])
    }
}
