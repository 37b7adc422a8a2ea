import AWSCredentialProviders
import AWSSigV4
import Foundation
import Logging
import Synchronization
import Testing

/// A provider whose answers a test scripts: each call runs the next step (the last one repeats).
final class ScriptedProvider: AWSCredentialsProvider, Sendable {
    typealias Step = @Sendable () async throws -> AWSCredentials
    private let steps: Mutex<[Step]>
    private let count = Mutex(0)

    init(_ steps: [Step]) { self.steps = Mutex(steps) }

    var calls: Int { self.count.withLock { $0 } }
    var identity: AWSCredentialsIdentity { AWSCredentialsIdentity(source: "scripted", principal: "test") }

    func credentials(logger: Logger?) async throws -> AWSCredentials {
        self.count.withLock { $0 += 1 }
        let step = self.steps.withLock { steps in steps.count > 1 ? steps.removeFirst() : steps[0] }
        return try await step()
    }

    static func expiring(at date: Date, key: String = "ASIA1") -> Step {
        { AWSCredentials(accessKeyID: key, secretAccessKey: Secrets.stsSecret, sessionToken: Secrets.stsToken, expiration: date) }
    }

    static let failing: Step = { throw AWSCredentialsError(code: .throttled, reason: "slow down") }
}

struct RefreshingCredentialsProviderTests {
    static func cache(_ base: ScriptedProvider, clock: TestClock, random: Double = 0.5, policy: RefreshingCredentialsProvider.Policy = .init())
        -> RefreshingCredentialsProvider
    {
        RefreshingCredentialsProvider(wrapping: base, policy: policy, now: clock.closure, random: { random })
    }

    @Test func returnsCachedCredentialsUntilTheJitteredRefreshTime() async throws {
        let clock = TestClock()
        let base = ScriptedProvider([
            ScriptedProvider.expiring(at: clock.now.addingTimeInterval(3600), key: "FIRST"),
            ScriptedProvider.expiring(at: clock.now.addingTimeInterval(7200), key: "SECOND"),
        ])
        let cache = Self.cache(base, clock: clock, random: 0.5)
        #expect(try await cache.credentials().accessKeyID == "FIRST")
        // 3600 - 300 (window) - 0.5 × 60 (jitter) = 3270 seconds.
        #expect(cache.nextRefresh == clock.now.addingTimeInterval(3270))
        clock.advance(by: 3269)
        #expect(try await cache.credentials().accessKeyID == "FIRST")
        #expect(base.calls == 1)
        clock.advance(by: 2)
        #expect(try await cache.credentials().accessKeyID == "SECOND")
        #expect(base.calls == 2)
    }

    @Test func jitterComesFromTheInjectedSource() async throws {
        for (random, offset) in [(0.0, 3300.0), (1.0, 3240.0), (-5.0, 3300.0), (Double.nan, 3300.0)] {
            let clock = TestClock()
            let cache = Self.cache(ScriptedProvider([ScriptedProvider.expiring(at: clock.now.addingTimeInterval(3600))]), clock: clock, random: random)
            _ = try await cache.credentials()
            #expect(cache.nextRefresh == clock.now.addingTimeInterval(offset), "random \(random)")
        }
    }

    @Test func aFailedRefreshServesTheCurrentCredentialsAndBacksOff() async throws {
        let clock = TestClock()
        let expiry = clock.now.addingTimeInterval(3600)
        let base = ScriptedProvider([
            ScriptedProvider.expiring(at: expiry, key: "CURRENT"), ScriptedProvider.failing, ScriptedProvider.failing,
            ScriptedProvider.expiring(at: expiry.addingTimeInterval(3600), key: "NEXT"),
        ])
        let cache = Self.cache(base, clock: clock, random: 1.0)
        let (logger, logs) = RecordingLogHandler.logger()
        _ = try await cache.credentials(logger: logger)
        clock.advance(by: 3400)  // inside the refresh window

        #expect(try await cache.credentials(logger: logger).accessKeyID == "CURRENT")
        #expect(base.calls == 2)
        #expect(logs.all.contains { $0.hasPrefix("[warning] credentials refresh failed") })
        // First backoff: 5 s × (0.5 + 0.5 × 1.0).
        #expect(cache.nextRefresh == clock.now.addingTimeInterval(5))
        clock.advance(by: 4)
        _ = try await cache.credentials()
        #expect(base.calls == 2, "no retry before the backoff ends")
        clock.advance(by: 2)
        #expect(try await cache.credentials().accessKeyID == "CURRENT")
        #expect(base.calls == 3)
        #expect(cache.nextRefresh == clock.now.addingTimeInterval(10), "the backoff doubles")
        clock.advance(by: 10)
        #expect(try await cache.credentials().accessKeyID == "NEXT")
        #expect(Secrets.leaked(in: logs.text).isEmpty)
    }

    @Test func neverReturnsExpiredCredentials() async throws {
        let clock = TestClock()
        let base = ScriptedProvider([ScriptedProvider.expiring(at: clock.now.addingTimeInterval(3600)), ScriptedProvider.failing])
        let cache = Self.cache(base, clock: clock)
        _ = try await cache.credentials()
        clock.advance(by: 3591)  // 9 s left: less than the 10 s margin
        await #expect(throws: AWSCredentialsError(code: .throttled)) { try await cache.credentials() }
        clock.advance(by: 100)
        await #expect(throws: AWSCredentialsError(code: .throttled)) { try await cache.credentials() }
    }

    @Test func alreadyExpiredCredentialsFromTheSourceAreRefused() async throws {
        let clock = TestClock()
        for secondsLeft in [-100.0, 0, 9.99] {
            let base = ScriptedProvider([ScriptedProvider.expiring(at: clock.now.addingTimeInterval(secondsLeft))])
            let error = await #expect(throws: AWSCredentialsError.self) { try await Self.cache(base, clock: clock).credentials() }
            #expect(error?.code == .credentialsExpired)
            #expect(Secrets.leaked(in: "\(String(describing: error))").isEmpty)
        }
    }

    @Test func shortLivedCredentialsRefreshHalfwayThroughWhatRemains() async throws {
        let clock = TestClock()
        let cache = Self.cache(ScriptedProvider([ScriptedProvider.expiring(at: clock.now.addingTimeInterval(130))]), clock: clock)
        _ = try await cache.credentials()
        #expect(cache.nextRefresh == clock.now.addingTimeInterval(60))
    }

    @Test func credentialsWithoutExpiryAreKeptUntilInvalidated() async throws {
        let clock = TestClock()
        let base = CountingProvider(AWSCredentials(accessKeyID: "AKID", secretAccessKey: Secrets.secretKey))
        let cache = RefreshingCredentialsProvider(wrapping: base, now: clock.closure)
        _ = try await cache.credentials()
        clock.advance(by: 86_400 * 365)
        _ = try await cache.credentials()
        #expect(base.calls == 1)
        #expect(cache.nextRefresh == .distantFuture)
        await cache.invalidate()
        #expect(cache.nextRefresh == nil)
        _ = try await cache.credentials()
        #expect(base.calls == 2)
        #expect(cache.identity == base.identity)
    }

    @Test func tenThousandConcurrentCallersCauseOneFetch() async throws {
        let clock = TestClock()
        let base = ScriptedProvider([{
            try await Task.sleep(for: .milliseconds(200))
            return AWSCredentials(accessKeyID: "SHARED", secretAccessKey: "s", expiration: clock.now.addingTimeInterval(3600))
        }])
        let cache = Self.cache(base, clock: clock)
        let keys = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<10_000 {
                group.addTask { try await cache.credentials().accessKeyID }
            }
            var keys: [String] = []
            for try await key in group { keys.append(key) }
            return keys
        }
        #expect(keys.count == 10_000)
        #expect(Set(keys) == ["SHARED"])
        #expect(base.calls == 1)
    }

    @Test func concurrentCallersShareAFailureToo() async throws {
        let clock = TestClock()
        let base = ScriptedProvider([{
            try await Task.sleep(for: .milliseconds(500))
            throw AWSCredentialsError(code: .accessDenied)
        }])
        let cache = Self.cache(base, clock: clock)
        let failures = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<100 {
                group.addTask { (try? await cache.credentials()) == nil }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(failures == 100)
        #expect(base.calls == 1)
    }

    @Test func aCancelledWaiterLeavesAtOnceWhileOthersGetTheResult() async throws {
        let clock = TestClock()
        // Whether the fetch has finished: the cancelled caller must be gone before it does. (An
        // order, not a wall-clock bound: under sanitizers the two-thread pool can be slow to run
        // anything, but never slow enough to outlast a 3-second fetch.)
        let fetchFinished = Mutex(false)
        let base = ScriptedProvider([{
            try await Task.sleep(for: .seconds(3))
            fetchFinished.withLock { $0 = true }
            return AWSCredentials(accessKeyID: "DONE", secretAccessKey: "s", expiration: clock.now.addingTimeInterval(3600))
        }])
        let cache = Self.cache(base, clock: clock)
        let patient = Task { try await cache.credentials() }
        let impatient = Task { try await cache.credentials() }
        try await Task.sleep(for: .milliseconds(50))
        impatient.cancel()
        await #expect(throws: CancellationError.self) { try await impatient.value }
        #expect(!fetchFinished.withLock { $0 }, "the cancelled caller waited for the fetch")
        #expect(try await patient.value.accessKeyID == "DONE")
        #expect(base.calls == 1)
    }

    @Test func whenEveryWaiterLeavesTheFetchIsCancelled() async throws {
        let clock = TestClock()
        let fetchCancelled = Mutex(false)
        let base = ScriptedProvider([{
            do {
                try await Task.sleep(for: .seconds(30))
            } catch {
                fetchCancelled.withLock { $0 = true }
                throw error
            }
            return AWSCredentials(accessKeyID: "LATE", secretAccessKey: "s")
        }])
        let cache = Self.cache(base, clock: clock)
        let only = Task { try await cache.credentials() }
        try await Task.sleep(for: .milliseconds(50))
        only.cancel()
        await #expect(throws: CancellationError.self) { try await only.value }
        for _ in 0..<100 where !fetchCancelled.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(10)) }
        #expect(fetchCancelled.withLock { $0 })
    }

    @Test func anAlreadyCancelledCallerThrowsWithoutFetching() async throws {
        let clock = TestClock()
        let base = ScriptedProvider([ScriptedProvider.expiring(at: clock.now.addingTimeInterval(3600))])
        let cache = Self.cache(base, clock: clock)
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await cache.credentials()
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(base.calls == 0)
    }
}
