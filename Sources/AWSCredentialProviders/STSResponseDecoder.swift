import AWSSigV4

/// What a successful `AssumeRole` or `AssumeRoleWithWebIdentity` returned.
struct STSCredentialsResult: Sendable {
    var credentials: AWSCredentials
    /// `AssumedRoleUser/Arn`, for example `arn:aws:sts::111122223333:assumed-role/fleet/session`.
    var assumedRoleARN: String?
    /// `ResponseMetadata/RequestId`.
    var requestID: String?
}

/// Decodes STS query-protocol responses: the credentials of a success, the code, message and
/// request ID of an error.
///
/// Success: `<ActionResponse><ActionResult><Credentials><AccessKeyId>…`. Error:
/// `<ErrorResponse><Error><Code>…</Code><Message>…</Message></Error><RequestId>…</RequestId>`;
/// moto wraps the `Error` in an `Errors` element, which is accepted too.
enum STSResponseDecoder {
    /// STS responses are a few kilobytes; anything much larger is not one.
    static let limits = BoundedXMLParser.Limits(maximumBytes: 256 * 1024, maximumDepth: 16, maximumElements: 512)

    static func decodeCredentials(action: String, body: [UInt8], requestIDHeader: String?) throws(AWSCredentialsError) -> STSCredentialsResult {
        let root: XMLElementNode
        do {
            root = try BoundedXMLParser.parse(body, limits: Self.limits)
        } catch {
            throw AWSCredentialsError(
                code: .invalidResponse, reason: "STS \(action) answered with an unreadable body: \(error.reason)",
                requestID: requestIDHeader)
        }
        let requestID = root.text(at: ["ResponseMetadata", "RequestId"]) ?? requestIDHeader
        guard root.name == "\(action)Response" else {
            throw AWSCredentialsError(
                code: .invalidResponse, reason: "STS \(action) answered with a <\(Self.short(root.name))> document",
                requestID: requestID)
        }
        guard let credentials = root.descendant(["\(action)Result", "Credentials"]) else {
            throw AWSCredentialsError(
                code: .invalidResponse, reason: "STS \(action) response has no Credentials element", requestID: requestID)
        }
        func field(_ name: String) throws(AWSCredentialsError) -> String {
            guard let value = credentials.text(at: [name]), !value.isEmpty else {
                throw AWSCredentialsError(
                    code: .invalidResponse, reason: "STS \(action) response has no \(name)", requestID: requestID)
            }
            return value
        }
        let accessKeyID = try field("AccessKeyId")
        let secret = try field("SecretAccessKey")
        let token = try field("SessionToken")
        let expirationText = try field("Expiration")
        guard let expiration = ISO8601Timestamp.parse(expirationText) else {
            throw AWSCredentialsError(
                code: .invalidResponse,
                reason: "STS \(action) response has an Expiration that is not an ISO 8601 time: \"\(Self.short(expirationText))\"",
                requestID: requestID)
        }
        return STSCredentialsResult(
            credentials: AWSCredentials(accessKeyID: accessKeyID, secretAccessKey: secret, sessionToken: token, expiration: expiration),
            assumedRoleARN: root.text(at: ["\(action)Result", "AssumedRoleUser", "Arn"]),
            requestID: requestID
        )
    }

    /// Turns an error response into an ``AWSCredentialsError``, mapping the AWS error code to a
    /// ``AWSCredentialsError/Code``. `secrets` are removed from the AWS message before it is kept.
    static func decodeError(
        action: String,
        status: Int,
        body: [UInt8],
        requestIDHeader: String?,
        secrets: [String]
    ) -> AWSCredentialsError {
        guard let root = try? BoundedXMLParser.parse(body, limits: Self.limits),
            let error = root.firstElement(named: "Error", where: { $0.child("Code") != nil }),
            let awsCode = error.text(at: ["Code"]), !awsCode.isEmpty
        else {
            let code: AWSCredentialsError.Code = status == 429 ? .throttled : (status >= 500 ? .serviceError : .invalidResponse)
            return AWSCredentialsError(
                code: code, reason: "STS \(action) failed with a body that is not an STS error document",
                requestID: requestIDHeader, httpStatus: status)
        }
        let requestID = root.text(at: ["RequestId"]) ?? error.text(at: ["RequestId"]) ?? requestIDHeader
        let message = error.text(at: ["Message"]).map { SecretScrubber.scrub($0, removing: secrets) }
        let reason = "STS \(action) failed" + (message.map { ": \($0)" } ?? "")
        return AWSCredentialsError(
            code: Self.code(forAWSErrorCode: awsCode, status: status), reason: reason,
            awsErrorCode: SecretScrubber.scrub(awsCode, removing: secrets, maximumLength: 128),
            requestID: requestID.map { SecretScrubber.scrub($0, removing: secrets, maximumLength: 128) },
            httpStatus: status)
    }

    /// The ``AWSCredentialsError/Code`` for an AWS error code.
    static func code(forAWSErrorCode awsCode: String, status: Int) -> AWSCredentialsError.Code {
        switch awsCode {
        case "SignatureDoesNotMatch":
            return .signatureDoesNotMatch
        case "InvalidClientTokenId", "UnrecognizedClientException", "MissingAuthenticationToken":
            return .unrecognizedAccessKey
        case "AccessDenied", "AccessDeniedException":
            return .accessDenied
        case "ExpiredToken", "ExpiredTokenException":
            return .expiredToken
        case "InvalidIdentityToken":
            return .invalidIdentityToken
        case "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
            "TooManyRequestsException", "RequestLimitExceeded", "SlowDown":
            return .throttled
        default:
            return status == 429 ? .throttled : .serviceError
        }
    }

    private static func short(_ text: String) -> String {
        text.count > 64 ? String(text.prefix(64)) + "…" : text
    }
}

/// Removes secrets and control characters from text that came from outside (AWS error
/// messages) before it goes into an error or a log line.
///
/// Text longer than `maximumLength` bytes is dropped whole rather than cut, so no part of a
/// secret can survive at a cut; that also bounds the work of the search. `package` so `ECRAuth`
/// scrubs ECR's error messages the same way.
package enum SecretScrubber {
    package static func scrub(_ text: String, removing secrets: [String], maximumLength: Int = 1024) -> String {
        guard text.utf8.count <= maximumLength else {
            return "(\(text.utf8.count) bytes of text omitted)"
        }
        var result = text
        for secret in secrets where secret.utf8.count >= 4 {
            result = result.replacingAll(secret, with: "<redacted>")
        }
        var cleaned = String.UnicodeScalarView()
        for scalar in result.unicodeScalars {
            cleaned.append(scalar.value < 0x20 || scalar.value == 0x7F ? " " : scalar)
        }
        return String(cleaned)
    }
}

extension String {
    /// The string with every occurrence of `needle` replaced (no Foundation needed).
    func replacingAll(_ needle: String, with replacement: String) -> String {
        guard !needle.isEmpty else { return self }
        let haystack = Array(self.utf8)
        let pattern = Array(needle.utf8)
        guard haystack.count >= pattern.count else { return self }
        var output: [UInt8] = []
        output.reserveCapacity(haystack.count)
        var index = 0
        while index < haystack.count {
            if index + pattern.count <= haystack.count, haystack[index] == pattern[0],
                haystack[index..<(index + pattern.count)].elementsEqual(pattern)
            {
                output.append(contentsOf: replacement.utf8)
                index += pattern.count
            } else {
                output.append(haystack[index])
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
