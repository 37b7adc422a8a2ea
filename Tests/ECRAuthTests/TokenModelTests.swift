import AWSCredentialProviders
import Foundation
import Testing

@testable import ECRAuth

/// The token value, its redaction, and the refresh policy's arithmetic.
struct TokenModelTests {
    static let token = ECRAuthorizationToken(
        username: "AWS", password: Secrets.password, registry: privateRegistry, proxyEndpoint: ECRResponses.proxyEndpoint,
        expiresAt: referenceDate.addingTimeInterval(43_200), obtainedAt: referenceDate)

    @Test func everyPrintedFormIsRedacted() {
        for form in printedForms(of: Self.token) {
            #expect(Secrets.leaked(in: form).isEmpty, "\(form)")
            #expect(form.contains("<redacted>"), "\(form)")
        }
        #expect("\(Self.token)".contains("123456789012.dkr.ecr.eu-central-1.amazonaws.com"))
    }

    @Test func errorsClientsAndCachesPrintNoSecret() async throws {
        let transport = ScriptedTransport([ECRResponses.ok()])
        let client = makeClient(transport: transport)
        let cache = ECRTokenCache(client: client, now: { referenceDate })
        _ = try await cache.token(for: privateRegistry)
        for form in printedForms(of: client) + printedForms(of: cache) {
            #expect(Secrets.leaked(in: form).isEmpty, "\(form)")
        }
        let error = ECRAuthError(code: .invalidToken, reason: "x", awsErrorCode: "Code", requestID: "id", httpStatus: 400)
        #expect("\(error)".hasPrefix("ECRAuthError.invalidToken: x [HTTP 400, AWS error Code, request ID id] (ECRAuthTests/TokenModelTests.swift:"))
    }

    @Test func expiryIsJudgedOnTheCorrectedLocalClock() {
        var token = Self.token
        #expect(token.remainingValidity(now: referenceDate) == 43_200)
        #expect(!token.isExpired(now: referenceDate))
        #expect(token.isExpired(now: referenceDate.addingTimeInterval(43_200)))
        #expect(token.isExpired(now: referenceDate.addingTimeInterval(43_140), margin: 60))
        #expect(!token.isExpired(now: referenceDate.addingTimeInterval(43_139), margin: 60))
        // The local clock is five minutes slow: the server is at +300 when we read +0.
        token.clockOffset = 300
        #expect(token.remainingValidity(now: referenceDate) == 42_900)
        #expect(token.localExpiry == referenceDate.addingTimeInterval(42_900))
        #expect(token.isExpired(now: referenceDate.addingTimeInterval(42_900)))
    }

    @Test func equalityComparesEveryField() {
        var other = Self.token
        #expect(other == Self.token)
        other.password = "different"
        #expect(other != Self.token)
    }

    @Test func basicAuthCredentialsAreBase64OfUserColonPassword() {
        #expect(Self.token.basicAuthCredentials == base64("AWS:\(Secrets.password)"))
    }

    @Test func anInvalidDatePrintsWithoutTrapping() {
        var token = Self.token
        token.expiresAt = Date(timeIntervalSince1970: .nan)
        #expect("\(token)".contains("invalid date"))
    }

    // MARK: Refresh policy

    @Test func refreshesHalfWayWithJitterEarlier() {
        let policy = RefreshPolicy()
        #expect(policy.refreshDate(for: Self.token, random: 0) == referenceDate.addingTimeInterval(21_600))
        #expect(policy.refreshDate(for: Self.token, random: 1) == referenceDate.addingTimeInterval(21_600 - 2_160))
        #expect(policy.refreshDate(for: Self.token, random: 0.5) == referenceDate.addingTimeInterval(21_600 - 1_080))
        #expect(policy.nextRefresh(for: Self.token, now: referenceDate.addingTimeInterval(600), random: 0) == 21_000)
        #expect(policy.nextRefresh(for: Self.token, now: referenceDate.addingTimeInterval(30_000), random: 0) == 0)
    }

    @Test func neverLaterThanTheMarginBeforeExpiry() {
        let late = RefreshPolicy(ratio: 0.99, jitterRatio: 0)
        #expect(late.refreshDate(for: Self.token, random: 0) == referenceDate.addingTimeInterval(43_200 - 900))
        var short = Self.token
        short.expiresAt = referenceDate.addingTimeInterval(600)  // shorter than the margin
        #expect(RefreshPolicy().refreshDate(for: short, random: 0) == referenceDate)
        var expired = Self.token
        expired.expiresAt = referenceDate.addingTimeInterval(-60)
        #expect(RefreshPolicy().refreshDate(for: expired, random: 0.5) == referenceDate)
    }

    @Test func theScheduleIsOnTheLocalClock() {
        var token = Self.token
        token.clockOffset = -120
        token.obtainedAt = referenceDate.addingTimeInterval(-120)
        token.expiresAt = token.obtainedAt.addingTimeInterval(43_200)
        // Half-way on the server's clock, converted back to ours.
        #expect(RefreshPolicy().refreshDate(for: token, random: 0) == referenceDate.addingTimeInterval(21_600))
    }

    @Test func hostileParametersDoNotCrash() {
        let policy = RefreshPolicy(
            ratio: .nan, jitterRatio: .infinity, refreshMargin: -.infinity, expiryMargin: .nan, failureBackoff: .infinity,
            maximumFailureBackoff: .nan)
        _ = policy.refreshDate(for: Self.token, random: .nan)
        _ = policy.backoff(afterFailures: Int.max, random: -1)
        _ = policy.backoff(afterFailures: Int.min, random: 2)
    }

    @Test func failureBackoffDoublesUpToTheCap() {
        let policy = RefreshPolicy()
        #expect((1...7).map { policy.backoff(afterFailures: $0, random: 1) } == [10, 20, 40, 80, 160, 300, 300])
        #expect(policy.backoff(afterFailures: 1, random: 0) == 5)
        #expect(policy.backoff(afterFailures: 2, random: 0.5) == 15)
    }
}
