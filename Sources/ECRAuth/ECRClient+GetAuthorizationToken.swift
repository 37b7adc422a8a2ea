import AWSCredentialProviders
import AWSSigV4
import AuthTransport
import HTTPTypes
public import Logging
public import OCIReference
import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension ECRClient {
    /// Fetches an authorization token for `registry` with `GetAuthorizationToken`.
    ///
    /// - Parameters:
    ///   - registry: The registry to pull from, or `nil` for the caller's default registry in
    ///     ``region``. Its host decides region, partition, FIPS, dual-stack and ECR Public.
    ///   - logger: Where to log the call, retries and clock corrections (never a secret), or
    ///     `nil` for silence.
    /// - Returns: The token, with the user name and password decoded. It may already be
    ///   expired if ECR says so; ``ECRTokenCache`` refuses such tokens.
    /// - Throws: ``ECRAuthError`` once retries are exhausted or for an error that is not
    ///   retried, or `CancellationError` when the task is cancelled (between attempts or
    ///   during one, as the transport allows).
    public func authorizationToken(for registry: ECRRegistry? = nil, logger: Logger? = nil) async throws -> ECRAuthorizationToken {
        let endpoint = try self.endpoint(for: registry)
        let service = endpoint.isPublic ? "ECR Public" : "ECR"
        let registryName = registry?.host ?? "default registry"
        var logger = logger
        logger?[metadataKey: "ecr.registry"] = "\(registryName)"
        logger?[metadataKey: "ecr.endpoint"] = "\(endpoint.url)"

        let maximumAttempts = max(1, self.configuration.retryPolicy.maximumAttempts)
        var attempt = 0  // attempts that count against the retry policy
        var correctedClock = false
        var rejectedCredentials: AWSCredentials?
        var rejection: ECRAuthError?

        while true {
            try Task.checkCancellation()
            let credentials = try await self.fetchCredentials(logger: logger)
            if let rejected = rejectedCredentials, let rejection, rejected == credentials {
                // The provider has nothing fresher to offer: report the original rejection.
                throw rejection
            }

            let signingOffset = self.clockOffset
            let request = try self.signedRequest(endpoint: endpoint, credentials: credentials, offset: signingOffset)
            logger?.debug(
                "calling \(service) GetAuthorizationToken",
                metadata: [
                    "aws.region": "\(endpoint.signingRegion)", "ecr.attempt": "\(attempt + 1)",
                    "aws.access_key_id": "\(credentials.redactedAccessKeyID)",
                ])

            let outcome: Result<DecodedAuthorizationData, ECRAuthError>
            var response: HTTPResponse?
            do {
                let (head, body) = try await self.transport.send(request, body: Self.requestBody)
                response = head
                self.observeDate(head, signingOffset: signingOffset, logger: logger)
                outcome = self.interpret(head, body: body, endpoint: endpoint, credentials: credentials)
            } catch {
                outcome = .failure(try Self.transportFailure(error, service: service))
            }

            switch outcome {
            case .success(let data):
                let offset = self.clockOffset
                let token = ECRAuthorizationToken(
                    username: data.username, password: data.password, registry: registry, proxyEndpoint: data.proxyEndpoint,
                    expiresAt: data.expiresAt, obtainedAt: self.configuration.now().addingTimeInterval(offset),
                    clockOffset: offset)
                logger?.debug(
                    "\(service) issued an authorization token",
                    metadata: [
                        "ecr.token.username": "\(token.username)", "ecr.token.expires_at": "\(token.expiresAt)",
                        "ecr.token.proxy_endpoint": "\(token.proxyEndpoint ?? "none")", "aws.clock_offset": "\(offset)",
                        "aws.request_id": "\(response?.headerFields[.xAmznRequestID] ?? "none")",
                    ])
                return token

            case .failure(let error):
                logger?.debug(
                    "\(service) GetAuthorizationToken failed",
                    metadata: [
                        "error.code": "\(error.code)", "aws.error.code": "\(error.awsErrorCode ?? "none")",
                        "http.status": "\(error.httpStatus.map(String.init) ?? "none")",
                        "aws.request_id": "\(error.requestID ?? "none")",
                    ])

                // 1. A rejected signing time: sign again with the corrected clock, once, at once.
                if !correctedClock, let code = error.awsErrorCode, self.isClockSkewRejection(code, signingOffset: signingOffset) {
                    correctedClock = true
                    logger?.notice(
                        "\(service) rejected the signing time; signing again with the corrected clock",
                        metadata: ["aws.error.code": "\(code)", "aws.clock_offset": "\(self.clockOffset)"])
                    continue
                }

                // 2. Rejected credentials: ask the provider for fresh ones, once.
                if rejectedCredentials == nil, let code = error.awsErrorCode,
                    AWSErrorClassification.rejectedCredentialsCodes.contains(code)
                {
                    rejectedCredentials = credentials
                    rejection = error
                    logger?.debug(
                        "\(service) rejected the credentials; asking the provider for fresh ones",
                        metadata: ["aws.credentials.source": "\(self.credentials.identity)", "aws.error.code": "\(code)"])
                    await self.credentials.invalidate()
                    continue
                }

                // 3. The standard retry mode.
                attempt += 1
                guard error.isRetryable, attempt < maximumAttempts else {
                    if error.code == .clockSkew, error.awsErrorCode != nil, !correctedClock {
                        throw ECRAuthError(
                            code: .clockSkew,
                            reason: error.reason
                                + " (no Date header in the response showed a clock difference to correct the signature with)",
                            awsErrorCode: error.awsErrorCode, requestID: error.requestID, httpStatus: error.httpStatus)
                    }
                    throw error
                }
                let delay = self.configuration.retryPolicy.delay(beforeRetry: attempt, random: self.configuration.random())
                logger?.debug(
                    "retrying \(service) GetAuthorizationToken",
                    metadata: [
                        "ecr.retry": "\(attempt)", "ecr.retry_delay": "\(delay)", "error.code": "\(error.code)",
                        "aws.error.code": "\(error.awsErrorCode ?? "none")",
                    ])
                // A policy with absurd numbers waits at most a day rather than trapping.
                let milliseconds = delay.isFinite ? (min(delay, 86_400) * 1000).rounded() : 0
                try await self.configuration.sleep(.milliseconds(Int64(milliseconds)))
            }
        }
    }

    // MARK: Steps

    /// `{}`: the whole request body, and its SHA-256 (which ``signedRequest`` passes precomputed).
    static let requestBody: [UInt8] = Array("{}".utf8)
    static let requestBodySHA256 = "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"

    private func fetchCredentials(logger: Logger?) async throws -> AWSCredentials {
        do {
            return try await self.credentials.credentials(logger: logger)
        } catch let error as CancellationError {
            throw error
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw ECRAuthError(
                code: .credentialsUnavailable, reason: "\(self.credentials.identity) could not provide credentials", underlying: error)
        }
    }

    func signedRequest(endpoint: ECREndpoint, credentials: AWSCredentials, offset: TimeInterval) throws(ECRAuthError) -> HTTPRequest {
        var request = HTTPRequest(method: .post, scheme: endpoint.scheme, authority: endpoint.authority, path: endpoint.path)
        request.headerFields[.contentType] = "application/x-amz-json-1.1"
        request.headerFields[.xAmzTarget] = endpoint.target
        let signer = SigV4Signer(
            service: endpoint.signingName, region: endpoint.signingRegion, options: SigV4Signer.Options(clockOffset: offset))
        do {
            return try signer.sign(
                request, payload: .precomputedSHA256(hex: Self.requestBodySHA256), credentials: credentials,
                date: self.configuration.now())
        } catch {
            throw ECRAuthError(
                code: .signingFailed, reason: "cannot sign the request with the credentials of \(self.credentials.identity)",
                underlying: error)
        }
    }

    private func interpret(
        _ response: HTTPResponse,
        body: [UInt8],
        endpoint: ECREndpoint,
        credentials: AWSCredentials
    ) -> Result<DecodedAuthorizationData, ECRAuthError> {
        let service = endpoint.isPublic ? "ECR Public" : "ECR"
        let status = response.status.code
        guard (200..<300).contains(status) else {
            var secrets = [credentials.secretAccessKey]
            if let token = credentials.sessionToken { secrets.append(token) }
            return .failure(
                GetAuthorizationTokenDecoder.error(
                    status: status, headers: response.headerFields, body: body, service: service, secrets: secrets))
        }
        do {
            return .success(
                try GetAuthorizationTokenDecoder.decode(
                    body, isPublic: endpoint.isPublic, requestID: response.headerFields[.xAmznRequestID]))
        } catch {
            return .failure(error)
        }
    }

    /// Compares the response's `Date` with the corrected local clock and adopts the server's
    /// clock when they disagree by at least the threshold.
    private func observeDate(_ response: HTTPResponse, signingOffset: TimeInterval, logger: Logger?) {
        guard let text = response.headerFields[.date], let serverDate = HTTPDate.parse(text) else { return }
        let measured = serverDate.timeIntervalSince(self.configuration.now())
        let threshold = self.configuration.clockSkewThreshold
        let changed = self.state.clockOffset.withLock { offset -> Bool in
            guard abs(measured - offset) >= threshold else { return false }
            offset = measured
            return true
        }
        if changed {
            logger?.notice(
                "the local clock disagrees with the server's; correcting it",
                metadata: ["aws.clock_offset": "\(measured)", "aws.previous_clock_offset": "\(signingOffset)"])
        }
    }

    /// Whether a rejection is about the signing time and signing again can cure it: a clock-skew
    /// code, and the offset the request was signed with differs from the corrected one by at
    /// least the threshold.
    private func isClockSkewRejection(_ code: String, signingOffset: TimeInterval) -> Bool {
        guard AWSErrorClassification.definiteClockSkewCodes.contains(code)
            || AWSErrorClassification.possibleClockSkewCodes.contains(code)
        else { return false }
        return abs(self.clockOffset - signingOffset) >= self.configuration.clockSkewThreshold
    }

    /// Maps a transport failure: cancellation stays `CancellationError`; anything else becomes
    /// ``ECRAuthError/Code/transportFailed`` (retryable), or ``ECRAuthError/Code/invalidConfiguration``
    /// for a request the transport cannot send.
    static func transportFailure(_ error: any Error, service: String) throws -> ECRAuthError {
        if error is CancellationError { throw error }
        if let transportError = error as? HTTPTransportError {
            switch transportError.code {
            case .cancelled:
                throw CancellationError()
            case .invalidRequest:
                return ECRAuthError(
                    code: .invalidConfiguration, reason: "the transport cannot send the \(service) request", underlying: error)
            case .responseTooLarge:
                return ECRAuthError(code: .invalidResponse, reason: "\(service) answered with a body too large", underlying: error)
            default:
                break
            }
        }
        if Task.isCancelled { throw CancellationError() }
        return ECRAuthError(code: .transportFailed, reason: "\(service) could not be reached", underlying: error)
    }
}
