import AWSCredentialProviders
import AWSSigV4
import AuthTransport
import Foundation
import HTTPTypes
import Logging
import Synchronization
import Testing

@testable import ECRAuth

/// The AWS SDKs' standard retry mode, error classification by code, rejected credentials and
/// cancellation, all over the test-double transport and without sleeping.
struct ClientRetryTests {
    @Test func throttlingThenSuccess() async throws {
        let transport = ScriptedTransport([
            ECRResponses.error(status: 400, type: "ThrottlingException", message: "Rate exceeded"),
            ECRResponses.error(status: 400, type: "ThrottlingException", message: "Rate exceeded"),
            ECRResponses.ok(),
        ])
        let sleep = SleepRecorder()
        let token = try await makeClient(transport: transport, random: 0.5, sleep: sleep).authorizationToken(for: privateRegistry)
        #expect(token.password == Secrets.password)
        #expect(transport.requestCount == 3)
        // Full jitter: random × min(20, 1 × 2^(n−1)) with random = 0.5.
        #expect(sleep.seconds == [0.5, 1.0])
    }

    @Test func aFiveHundredStormExhaustsTheAttempts() async throws {
        let transport = ScriptedTransport([ECRResponses.error(status: 503, type: "ServiceUnavailableException")])
        let sleep = SleepRecorder()
        let error = try await #require(throws: ECRAuthError.self) {
            try await makeClient(transport: transport, random: 0.25, sleep: sleep).authorizationToken(for: privateRegistry)
        }
        #expect(error.code == .serviceError)
        #expect(error.httpStatus == 503)
        #expect(error.awsErrorCode == "ServiceUnavailableException")
        #expect(error.requestID == "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee")
        #expect(error.isRetryable)
        #expect(transport.requestCount == 3)
        #expect(sleep.seconds == [0.25, 0.5])
    }

    @Test(arguments: [
        (500, "ServerException", true), (502, "", true), (503, "", true), (504, "", true), (501, "", false),
        (429, "", true), (400, "ThrottlingException", true), (400, "Throttling", true), (400, "TooManyRequestsException", true),
        (400, "RequestLimitExceeded", true), (400, "LimitExceededException", true), (400, "SlowDown", true),
        (400, "RequestTimeoutException", true), (400, "PriorRequestNotComplete", true),
        (400, "InvalidParameterException", false), (400, "ValidationException", false), (403, "AccessDeniedException", false),
        (404, "", false),
    ])
    func classificationDecidesRetries(status: Int, code: String, retried: Bool) async throws {
        let response: (HTTPResponse, String)
        if code.isEmpty {
            response = (HTTPResponse(status: HTTPResponse.Status(code: status)), "")
        } else {
            response = ECRResponses.error(status: status, type: code)
        }
        let transport = ScriptedTransport([response, ECRResponses.ok()])
        let client = makeClient(transport: transport)
        if retried {
            _ = try await client.authorizationToken(for: privateRegistry)
            #expect(transport.requestCount == 2)
        } else {
            let error = try await #require(throws: ECRAuthError.self) { try await client.authorizationToken(for: privateRegistry) }
            #expect(!error.isRetryable)
            #expect(transport.requestCount == 1)
        }
    }

    @Test(arguments: [
        ("ThrottlingException", ECRAuthError.Code.throttled), ("AccessDeniedException", .accessDenied),
        ("UnrecognizedClientException", .unrecognizedClient), ("InvalidClientTokenId", .unrecognizedClient),
        ("MissingAuthenticationTokenException", .unrecognizedClient), ("ExpiredTokenException", .expiredCredentials),
        ("InvalidSignatureException", .signatureDoesNotMatch), ("SignatureDoesNotMatch", .signatureDoesNotMatch),
        ("RequestTimeTooSkewed", .clockSkew), ("ServerException", .serviceError), ("RepositoryNotFoundException", .serviceError),
    ])
    func awsCodesMapToErrorCodes(awsCode: String, expected: ECRAuthError.Code) {
        #expect(AWSErrorClassification.code(forAWSErrorCode: awsCode, status: 400) == expected)
    }

    /// `X-Amzn-ErrorType` wins over the body, and `ns#` prefixes and `:…` suffixes are removed.
    @Test func theErrorTypeHeaderWinsAndIsSanitized() async throws {
        let transport = ScriptedTransport([
            ECRResponses.error(
                status: 400, type: "com.amazonaws.ecr#InvalidParameterException",
                header: "ThrottlingException:http://internal.amazon.com/coral/com.amazon.coral.availability/"),
            ECRResponses.error(status: 400, type: "com.amazonaws.ecr#InvalidParameterException:http://x/"),
        ])
        let error = try await #require(throws: ECRAuthError.self) {
            try await makeClient(transport: transport).authorizationToken(for: privateRegistry)
        }
        #expect(transport.requestCount == 2, "the first answer is throttling (by its header), the second is not")
        #expect(error.code == .serviceError)
        #expect(error.awsErrorCode == "InvalidParameterException")
    }

    @Test(arguments: [
        ("com.amazonaws.ecr#ServerException", "ServerException"),
        ("ThrottlingException:http://internal.amazon.com/coral/", "ThrottlingException"),
        ("aws.protocoltests#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/", "FooError"),
        ("FooError", "FooError"), (" FooError ", "FooError"),
    ])
    func sanitizesWireCodes(wire: String, code: String) {
        #expect(AWSErrorClassification.sanitize(wire) == code)
    }

    /// The body's `code` member counts too (some JSON services use it instead of `__type`).
    @Test func theCodeMemberIsReadToo() async throws {
        let transport = ScriptedTransport([(HTTPResponse(status: .badRequest), #"{"code": "ThrottlingException", "Message": "slow down"}"#)])
        let error = try await #require(throws: ECRAuthError.self) {
            try await makeClient(transport: transport).authorizationToken(for: privateRegistry)
        }
        #expect(error.code == .throttled)
        #expect(error.reason.contains("slow down"))
    }

    /// moto answers a bad signature with an XML document even from a JSON service.
    @Test func motosXMLSignatureErrorIsTyped() async throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ErrorResponse><Errors><Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided.</Message></Error></Errors><RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId></ErrorResponse>
            """
        let transport = ScriptedTransport([(HTTPResponse(status: .forbidden), xml)])
        let error = try await #require(throws: ECRAuthError.self) {
            try await makeClient(transport: transport).authorizationToken(for: privateRegistry)
        }
        #expect(error.code == .signatureDoesNotMatch)
        #expect(error.awsErrorCode == "SignatureDoesNotMatch")
        #expect(error.requestID == "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE")
        #expect(error.httpStatus == 403)
        #expect(transport.requestCount == 1, "static credentials cannot be refreshed, so the rejection is final")
    }

    /// ECR's message can quote the canonical request, with the session token in it: it is scrubbed.
    @Test func secretsInECRsMessageAreScrubbed() async throws {
        let message = "The Canonical String for this request should have been 'x-amz-security-token:\(Secrets.sessionToken)' secret \(Secrets.secretKey)"
        let transport = ScriptedTransport([ECRResponses.error(status: 400, type: "InvalidSignatureException", message: message)])
        let error = try await #require(throws: ECRAuthError.self) {
            try await makeClient(transport: transport).authorizationToken(for: privateRegistry)
        }
        #expect(Secrets.leaked(in: "\(error)").isEmpty, "\(error)")
        #expect(error.reason.contains("<redacted>"))
    }

    @Test func transportFailuresAreRetried() async throws {
        let transport = ScriptedTransport { index, _ in
            if index < 2 { throw HTTPTransportError(code: index == 0 ? .connectionFailed : .timedOut) }
            return (HTTPResponse(status: .ok), Array(ECRResponses.success().utf8))
        }
        let sleep = SleepRecorder()
        _ = try await makeClient(transport: transport, sleep: sleep).authorizationToken(for: privateRegistry)
        #expect(transport.requestCount == 3)
        #expect(sleep.delays.count == 2)
    }

    @Test func aTransportStormEndsInATypedError() async throws {
        let transport = ScriptedTransport { _, _ in throw HTTPTransportError(code: .connectionFailed, reason: "refused") }
        let error = try await #require(throws: ECRAuthError.self) {
            try await makeClient(transport: transport).authorizationToken(for: privateRegistry)
        }
        #expect(error.code == .transportFailed)
        #expect(error.underlying is HTTPTransportError)
        #expect(transport.requestCount == 3)
    }

    @Test func aRequestTheTransportCannotSendIsNotRetried() async throws {
        let transport = ScriptedTransport { _, _ in throw HTTPTransportError(code: .invalidRequest) }
        let error = try await #require(throws: ECRAuthError.self) {
            try await makeClient(transport: transport).authorizationToken(for: privateRegistry)
        }
        #expect(error.code == .invalidConfiguration)
        #expect(transport.requestCount == 1)
    }

    /// Cancelled while waiting between attempts: the call throws `CancellationError` and sends
    /// nothing more.
    @Test func cancellationMidRetry() async throws {
        let transport = ScriptedTransport([ECRResponses.error(status: 400, type: "ThrottlingException")])
        let sleep = SleepRecorder(blocks: true)
        let client = makeClient(transport: transport, sleep: sleep)
        let task = Task { try await client.authorizationToken(for: privateRegistry) }
        while sleep.delays.isEmpty { try await Task.sleep(for: .milliseconds(1)) }
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(transport.requestCount == 1)
    }

    @Test func cancellationBeforeTheFirstAttemptSendsNothing() async throws {
        let transport = ScriptedTransport([ECRResponses.ok()])
        let client = makeClient(transport: transport)
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await client.authorizationToken(for: privateRegistry)
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(transport.requestCount == 0)
    }

    @Test func aTransportThatReportsCancellationIsCancellation() async throws {
        let transport = ScriptedTransport { _, _ in throw HTTPTransportError(code: .cancelled) }
        await #expect(throws: CancellationError.self) {
            try await makeClient(transport: transport).authorizationToken(for: privateRegistry)
        }
        #expect(transport.requestCount == 1)
    }

    @Test func delaysGrowExponentiallyUpToTheCap() {
        let policy = ECRRetryPolicy(maximumAttempts: 10)
        #expect((1...8).map { policy.delay(beforeRetry: $0, random: 1) } == [1, 2, 4, 8, 16, 20, 20, 20])
        #expect(policy.delay(beforeRetry: 3, random: 0) == 0)
        #expect(policy.delay(beforeRetry: 3, random: .nan) == 0)
        #expect(policy.delay(beforeRetry: 3, random: 7) == 4)
        #expect(policy.delay(beforeRetry: 500, random: 0.5) == 10)
        #expect(policy.delay(beforeRetry: Int.min, random: 1) == 1)
        #expect(policy.delay(beforeRetry: Int.max, random: 1) == 20)
        #expect(ECRRetryPolicy(baseDelay: .infinity, maximumBackoff: .infinity).delay(beforeRetry: 2, random: 1) == 0)
        #expect(ECRRetryPolicy(baseDelay: -1, maximumBackoff: 5).delay(beforeRetry: 2, random: 1) == 0)
        #expect(ECRRetryPolicy(baseDelay: 1e300, maximumBackoff: 1e300).delay(beforeRetry: 2, random: 1) == 1e300)
    }

    @Test func aCustomPolicyIsFollowed() async throws {
        let transport = ScriptedTransport([ECRResponses.error(status: 500, type: "ServerException")])
        let sleep = SleepRecorder()
        let client = makeClient(transport: transport, random: 1, sleep: sleep) {
            $0.retryPolicy = ECRRetryPolicy(maximumAttempts: 5, baseDelay: 0.1, maximumBackoff: 0.3)
        }
        await #expect(throws: ECRAuthError(code: .serviceError)) { try await client.authorizationToken(for: privateRegistry) }
        #expect(transport.requestCount == 5)
        #expect(sleep.seconds == [0.1, 0.2, 0.3, 0.3])

        let huge = ScriptedTransport([ECRResponses.error(status: 500, type: "ServerException")])
        let hugeSleep = SleepRecorder()
        let patient = makeClient(transport: huge, random: 1, sleep: hugeSleep) {
            $0.retryPolicy = ECRRetryPolicy(maximumAttempts: 2, baseDelay: 1e300, maximumBackoff: 1e300)
        }
        await #expect(throws: ECRAuthError(code: .serviceError)) { try await patient.authorizationToken(for: privateRegistry) }
        #expect(hugeSleep.seconds == [86_400], "an absurd policy waits a day at most instead of trapping")

        let once = ScriptedTransport([ECRResponses.error(status: 500, type: "ServerException")])
        let single = makeClient(transport: once) { $0.retryPolicy = .none }
        await #expect(throws: ECRAuthError(code: .serviceError)) { try await single.authorizationToken(for: privateRegistry) }
        #expect(once.requestCount == 1)
    }

    // MARK: Credentials

    /// ECR rejects expired credentials: the provider is invalidated and its fresh credentials
    /// are used for one more attempt.
    @Test func rejectedCredentialsAreRefreshedOnce() async throws {
        let fresh = AWSCredentials(accessKeyID: "ASIAFRESHKEY00000002", secretAccessKey: "fresh-secret-0002", sessionToken: "fresh-token-2")
        let provider = CountingCredentialsProvider([testCredentials, fresh])
        let transport = ScriptedTransport([
            ECRResponses.error(status: 400, type: "ExpiredTokenException", message: "The security token included in the request is expired"),
            ECRResponses.ok(),
        ])
        let sleep = SleepRecorder()
        let token = try await makeClient(transport: transport, credentials: provider, sleep: sleep).authorizationToken(for: privateRegistry)
        #expect(token.password == Secrets.password)
        #expect(provider.invalidations == 1)
        #expect(transport.requestCount == 2)
        #expect(sleep.delays.isEmpty, "a credentials refresh is not a backoff")
        let second = try #require(transport.exchanges.last?.request.headerFields[.authorization])
        #expect(second.contains("ASIAFRESHKEY00000002"))
    }

    @Test func credentialsRejectedTwiceFail() async throws {
        let fresh = AWSCredentials(accessKeyID: "ASIAFRESHKEY00000002", secretAccessKey: "fresh-secret-0002")
        let provider = CountingCredentialsProvider([testCredentials, fresh])
        let transport = ScriptedTransport([ECRResponses.error(status: 400, type: "UnrecognizedClientException")])
        let error = try await #require(throws: ECRAuthError.self) {
            try await makeClient(transport: transport, credentials: provider).authorizationToken(for: privateRegistry)
        }
        #expect(error.code == .unrecognizedClient)
        #expect(provider.invalidations == 1)
        #expect(transport.requestCount == 2)
    }

    @Test func aFailingProviderIsATypedErrorAndSendsNothing() async throws {
        struct Failing: AWSCredentialsProvider {
            var identity: AWSCredentialsIdentity { AWSCredentialsIdentity(source: "failing", principal: "none") }
            func credentials(logger: Logger?) async throws -> AWSCredentials {
                throw AWSCredentialsError(code: .credentialsNotFound, reason: "nothing configured")
            }
        }
        let transport = ScriptedTransport([ECRResponses.ok()])
        let error = try await #require(throws: ECRAuthError.self) {
            try await makeClient(transport: transport, credentials: Failing()).authorizationToken(for: privateRegistry)
        }
        #expect(error.code == .credentialsUnavailable)
        #expect((error.underlying as? AWSCredentialsError)?.code == .credentialsNotFound)
        #expect(transport.requestCount == 0)
    }

    @Test func unusableCredentialsAreASigningError() async throws {
        let transport = ScriptedTransport([ECRResponses.ok()])
        let empty = StaticCredentialsProvider(AWSCredentials(accessKeyID: "", secretAccessKey: ""))
        let error = try await #require(throws: ECRAuthError.self) {
            try await makeClient(transport: transport, credentials: empty).authorizationToken(for: privateRegistry)
        }
        #expect(error.code == .signingFailed)
        #expect(error.underlying is SigV4Error)
        #expect(transport.requestCount == 0)
    }
}
