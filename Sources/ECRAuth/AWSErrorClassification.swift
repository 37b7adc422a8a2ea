/// How the AWS SDKs' standard retry mode and clock-skew handling classify an error response,
/// and how its code maps to an ``ECRAuthError/Code``.
///
/// The lists are those of botocore's `retries/standard.py` and the AWS SDK for JavaScript v3's
/// `service-error-classification` (the same codes the Go SDK v2 uses). Errors are classified
/// by their code (`__type`, `code` or the `X-Amzn-ErrorType` header), and by the status only
/// where the SDKs do so too: 500, 502, 503 and 504 are transient and 429 is throttling whatever
/// the code. A 400 carrying `ThrottlingException` is throttling.
enum AWSErrorClassification {
    /// Error codes that mean the caller is being throttled: retried with backoff.
    static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown",
        "PriorRequestNotComplete", "EC2ThrottledException",
    ]

    /// Error codes of transient failures: retried with backoff.
    static let transientCodes: Set<String> = ["RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete"]

    /// HTTP statuses of transient failures: retried with backoff.
    static let transientStatuses: Set<Int> = [500, 502, 503, 504]

    /// Codes that say the signing time is wrong: correct the clock and sign again.
    static let definiteClockSkewCodes: Set<String> = ["RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture"]

    /// Codes that are clock skew when the response's `Date` shows a skewed clock, and a wrong
    /// secret or a changed request otherwise (`InvalidSignatureException` is what ECR answers
    /// for an expired signature).
    static let possibleClockSkewCodes: Set<String> = ["InvalidSignatureException", "SignatureDoesNotMatch", "AuthFailure"]

    /// Codes that say the credentials themselves were rejected: the provider is asked for fresh
    /// ones once.
    static let rejectedCredentialsCodes: Set<String> = [
        "ExpiredTokenException", "ExpiredToken", "UnrecognizedClientException", "InvalidClientTokenId",
        "InvalidSignatureException", "SignatureDoesNotMatch",
    ]

    /// The ``ECRAuthError/Code`` for an AWS error code (already sanitized) and HTTP status.
    static func code(forAWSErrorCode awsCode: String?, status: Int) -> ECRAuthError.Code {
        guard let awsCode else {
            return status == 429 ? .throttled : .serviceError
        }
        if Self.throttlingCodes.contains(awsCode) {
            return .throttled
        }
        if Self.definiteClockSkewCodes.contains(awsCode) {
            return .clockSkew
        }
        switch awsCode {
        case "SignatureDoesNotMatch", "InvalidSignatureException":
            return .signatureDoesNotMatch
        case "UnrecognizedClientException", "InvalidClientTokenId", "MissingAuthenticationToken",
            "MissingAuthenticationTokenException", "AuthFailure":
            return .unrecognizedClient
        case "ExpiredTokenException", "ExpiredToken":
            return .expiredCredentials
        case "AccessDeniedException", "AccessDenied":
            return .accessDenied
        default:
            return status == 429 ? .throttled : .serviceError
        }
    }

    /// The bare code of a wire error code: without a trailing `:…` (a URL the service appends)
    /// and then without a leading `namespace#`, as the Smithy JSON protocols prescribe.
    ///
    /// `com.amazonaws.ecr#ServerException:http://internal.amazon.com/` → `ServerException`.
    static func sanitize(_ wireCode: String) -> String {
        var code = Substring(wireCode)
        if let colon = code.firstIndex(of: ":") {
            code = code[..<colon]
        }
        if let pound = code.firstIndex(of: "#") {
            code = code[code.index(after: pound)...]
        }
        return String(code).trimmingASCIISpaces()
    }
}

extension String {
    /// The string without leading and trailing ASCII spaces and tabs.
    func trimmingASCIISpaces() -> String {
        let bytes = Array(self.utf8)
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        if start == 0 && end == bytes.count { return self }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
