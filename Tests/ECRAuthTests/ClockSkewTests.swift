import AWSCredentialProviders
import AWSSigV4
import AuthTransport
import Foundation
import HTTPTypes
import Testing

@testable import ECRAuth

/// Skewed local clocks: corrected from the response's `Date`, used for signing (re-sign and
/// retry once) and for expiry decisions.
struct ClockSkewTests {
    /// A pod whose clock is an hour slow: ECR answers `InvalidSignatureException` ("Signature
    /// expired") with its own `Date`; the client corrects, signs again at once, and succeeds.
    @Test func aSlowClockIsCorrectedAndTheRequestSignedAgain() async throws {
        let clock = TestClock()
        let serverTime = referenceDate.addingTimeInterval(3600)
        let transport = ScriptedTransport([
            ECRResponses.error(
                status: 400, type: "InvalidSignatureException",
                message: "Signature expired: 20270115T080000Z is now earlier than 20270115T085500Z", date: serverTime),
            ECRResponses.ok(ECRResponses.success(expiresAt: "1800046800"), date: serverTime),
        ])
        let sleep = SleepRecorder()
        let client = makeClient(transport: transport, clock: clock, sleep: sleep)
        let token = try await client.authorizationToken(for: privateRegistry)

        #expect(transport.requestCount == 2)
        #expect(sleep.delays.isEmpty, "the corrected request goes out at once")
        #expect(transport.exchanges[0].request.headerFields[.xAmzDate] == "20270115T080000Z")
        #expect(transport.exchanges[1].request.headerFields[.xAmzDate] == "20270115T090000Z")
        #expect(client.clockOffset == 3600)
        #expect(token.clockOffset == 3600)
        #expect(token.obtainedAt == serverTime)
        #expect(token.lifetime == 43_200)
        // Expiry judged on the local clock, corrected: 12 hours from the server's now.
        #expect(token.remainingValidity(now: clock.now) == 43_200)
        #expect(token.localExpiry == referenceDate.addingTimeInterval(43_200))
        #expect(!token.isExpired(now: clock.now.addingTimeInterval(43_200 - 61), margin: 60))
        #expect(token.isExpired(now: clock.now.addingTimeInterval(43_200 - 59), margin: 60))
    }

    @Test(arguments: ["RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture", "SignatureDoesNotMatch", "AuthFailure"])
    func everyClockSkewCodeIsCorrected(code: String) async throws {
        let serverTime = referenceDate.addingTimeInterval(-900)  // the local clock is 15 minutes fast
        let transport = ScriptedTransport([
            ECRResponses.error(status: 403, type: code, date: serverTime),
            ECRResponses.ok(date: serverTime),
        ])
        let client = makeClient(transport: transport)
        _ = try await client.authorizationToken(for: privateRegistry)
        #expect(transport.requestCount == 2)
        #expect(client.clockOffset == -900)
        #expect(transport.exchanges[1].request.headerFields[.xAmzDate] == "20270115T074500Z")
    }

    @Test func theCorrectionIsRetriedOnlyOnce() async throws {
        let transport = ScriptedTransport { index, _ in
            // A server whose clock keeps running away: every answer is skewed anew.
            let (head, body) = ECRResponses.error(
                status: 403, type: "RequestTimeTooSkewed", date: referenceDate.addingTimeInterval(Double(index + 1) * 3600))
            return (head, Array(body.utf8))
        }
        let error = try await #require(throws: ECRAuthError.self) {
            try await makeClient(transport: transport).authorizationToken(for: privateRegistry)
        }
        #expect(error.code == .clockSkew)
        #expect(transport.requestCount == 2)
    }

    @Test func withoutADateHeaderSkewCannotBeCorrected() async throws {
        let transport = ScriptedTransport([ECRResponses.error(status: 403, type: "RequestTimeTooSkewed")])
        let error = try await #require(throws: ECRAuthError.self) {
            try await makeClient(transport: transport).authorizationToken(for: privateRegistry)
        }
        #expect(error.code == .clockSkew)
        #expect(error.reason.contains("no Date header in the response showed a clock difference"))
        #expect(transport.requestCount == 1)
    }

    /// A signature error with a server clock that agrees with ours is a wrong secret, not skew.
    @Test func aSignatureErrorWithAgreeingClocksIsNotSkew() async throws {
        let transport = ScriptedTransport([
            ECRResponses.error(status: 403, type: "SignatureDoesNotMatch", date: referenceDate.addingTimeInterval(2))
        ])
        let client = makeClient(transport: transport)
        let error = try await #require(throws: ECRAuthError.self) { try await client.authorizationToken(for: privateRegistry) }
        #expect(error.code == .signatureDoesNotMatch)
        #expect(transport.requestCount == 1)
        #expect(client.clockOffset == 0, "two seconds are latency, below the threshold")
    }

    /// A successful response also teaches the client the server's clock, for expiry decisions
    /// and the next signature; copies of the client share what it learnt.
    @Test func successfulResponsesCorrectTheClockToo() async throws {
        let clock = TestClock()
        let serverTime = referenceDate.addingTimeInterval(-600)
        let transport = ScriptedTransport([ECRResponses.ok(date: serverTime)])
        let client = makeClient(transport: transport, clock: clock)
        let copy = client
        let token = try await client.authorizationToken(for: privateRegistry)
        #expect(copy.clockOffset == -600)
        #expect(token.clockOffset == -600)
        #expect(token.obtainedAt == serverTime)
        #expect(token.lifetime == 43_800)  // expiresAt 1800043200 on the server's clock
        _ = try await copy.authorizationToken(for: privateRegistry)
        #expect(transport.exchanges[1].request.headerFields[.xAmzDate] == "20270115T075000Z")
    }

    @Test func theThresholdIsConfigurable() async throws {
        let transport = ScriptedTransport([ECRResponses.ok(date: referenceDate.addingTimeInterval(10))])
        let client = makeClient(transport: transport) { $0.clockSkewThreshold = 5 }
        _ = try await client.authorizationToken(for: privateRegistry)
        #expect(client.clockOffset == 10)
    }

    @Test func anUnparseableDateIsIgnored() async throws {
        var (head, body) = ECRResponses.ok()
        head.headerFields[.date] = "yesterday"
        let transport = ScriptedTransport([(head, body)])
        let client = makeClient(transport: transport)
        _ = try await client.authorizationToken(for: privateRegistry)
        #expect(client.clockOffset == 0)
    }
}
