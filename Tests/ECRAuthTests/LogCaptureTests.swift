import AWSCredentialProviders
import AWSSigV4
import AuthTransport
import Foundation
import HTTPTypes
import Logging
import Synchronization
import Testing

@testable import ECRAuth

/// A full run through every path that logs — skew correction, throttling, rejected credentials,
/// cache hits, failed refreshes with and without a fallback, malformed answers — with all log
/// output and every error description captured and searched for secrets.
struct LogCaptureTests {
    @Test func noSecretInAnyLogLineOrError() async throws {
        let (logger, logs) = RecordingLogHandler.logger()
        var texts: [String] = []
        let clock = TestClock()
        let fresh = AWSCredentials(accessKeyID: "ASIAFRESHKEY00000002", secretAccessKey: Secrets.secretKey + "2", sessionToken: Secrets.sessionToken + "2")
        let provider = CountingCredentialsProvider([testCredentials, fresh])

        let mode = Mutex(0)
        let transport = ScriptedTransport { index, _ in
            let serverNow = clock.now.addingTimeInterval(3_600)
            let expiresAt = serverNow.addingTimeInterval(43_200).timeIntervalSince1970
            let script: [(HTTPResponse, String)]
            switch mode.withLock({ $0 }) {
            case 0:
                script = [
                    ECRResponses.error(
                        status: 400, type: "InvalidSignatureException",
                        message: "Signature expired; canonical request had x-amz-security-token:\(Secrets.sessionToken)", date: serverNow),
                    ECRResponses.error(status: 400, type: "ThrottlingException", date: serverNow),
                    ECRResponses.error(status: 400, type: "ExpiredTokenException", date: serverNow),
                    ECRResponses.ok(ECRResponses.success(expiresAt: "\(expiresAt)"), date: serverNow),
                ]
                return Self.encode(script[min(index, script.count - 1)])
            case 1:
                return Self.encode(ECRResponses.error(status: 500, type: "ServerException", message: "secret \(Secrets.secretKey)2", date: serverNow))
            default:
                return Self.encode(ECRResponses.ok(#"{"authorizationData": [{"authorizationToken": "\#(Secrets.encodedToken)"}]}"#, date: serverNow))
            }
        }
        let client = makeClient(transport: transport, credentials: provider, clock: clock)
        let cache = ECRTokenCache(client: client, now: clock.closure, random: { 0.5 })

        // Skew, throttling, rejected credentials, then a token.
        let token = try await cache.token(for: privateRegistry, logger: logger)
        texts += printedForms(of: token)
        _ = try await cache.token(for: privateRegistry, logger: logger)  // a hit

        // A failed refresh while the token is valid: served, with a warning.
        mode.withLock { $0 = 1 }
        clock.advance(by: 30_000)
        _ = try await cache.token(for: privateRegistry, logger: logger)

        // Past expiry: the error is thrown and logged.
        clock.advance(by: 20_000)
        do {
            _ = try await cache.token(for: privateRegistry, logger: logger)
        } catch {
            texts.append("\(error)")
            texts.append(String(reflecting: error))
        }

        // A malformed answer (the token without its expiry).
        mode.withLock { $0 = 2 }
        do {
            _ = try await client.authorizationToken(for: privateRegistry, logger: logger)
        } catch {
            texts.append("\(error)")
        }
        texts += printedForms(of: client) + printedForms(of: cache)

        let all = logs.all
        #expect(all.count >= 10, "the run logs what it does")
        #expect(logs.text.contains("signing again with the corrected clock"))
        #expect(logs.text.contains("retrying ECR GetAuthorizationToken"))
        #expect(logs.text.contains("asking the provider for fresh ones"))
        #expect(logs.text.contains("serving the current token"))
        #expect(logs.text.contains("no valid token is cached"))
        for line in all + texts {
            #expect(Secrets.leaked(in: line).isEmpty, "a secret leaked: \(line)")
            #expect(!line.contains(Secrets.secretKey + "2") && !line.contains(Secrets.sessionToken + "2"), "\(line)")
        }
    }

    private static func encode(_ response: (HTTPResponse, String)) -> (HTTPResponse, [UInt8]) {
        (response.0, Array(response.1.utf8))
    }
}
