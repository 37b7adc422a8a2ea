import AWSCredentialProviders
import HTTPTypes
import OCIReference

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What a `GetAuthorizationToken` response holds before it becomes a token: the decoded user
/// name and password, the expiry and the proxy endpoint.
struct DecodedAuthorizationData: Sendable {
    var username: String
    var password: String
    var expiresAt: Date
    var proxyEndpoint: String?
}

/// Decodes `GetAuthorizationToken` responses of ECR and ECR Public, and turns error responses
/// into ``ECRAuthError`` values.
///
/// Private ECR: `{"authorizationData": [{"authorizationToken": "…", "expiresAt": 1.7385984915E9,
/// "proxyEndpoint": "https://…"}]}` (the first element is used, as `aws ecr get-login-password`
/// does). ECR Public: `{"authorizationData": {"authorizationToken": "…", "expiresAt": …}}`.
/// `expiresAt` is epoch seconds, integral or not, in any JSON number notation.
enum GetAuthorizationTokenDecoder {
    /// A response is a few kilobytes; anything larger is refused unread.
    static let maximumBodySize = 256 * 1024

    /// The latest `expiresAt` accepted: the end of year 9999.
    static let latestExpiry: TimeInterval = 253_402_300_799

    // MARK: Success

    static func decode(
        _ body: [UInt8],
        isPublic: Bool,
        requestID: String?
    ) throws(ECRAuthError) -> DecodedAuthorizationData {
        let service = isPublic ? "ECR Public" : "ECR"
        guard body.count <= Self.maximumBodySize else {
            throw ECRAuthError(
                code: .invalidResponse, reason: "\(service) answered with more than \(Self.maximumBodySize) bytes",
                requestID: requestID)
        }
        let document: JSONValue
        do {
            document = try BoundedJSONParser.parse(body)
        } catch {
            // The parser never quotes the document, which holds the token.
            throw ECRAuthError(
                code: .invalidResponse, reason: "\(service) answered with a body that is not JSON (\(error))",
                requestID: requestID)
        }
        guard case .object = document else {
            throw ECRAuthError(
                code: .invalidResponse, reason: "\(service) answered with \(document.kind), not a JSON object",
                requestID: requestID)
        }
        guard let authorizationData = document["authorizationData"] else {
            throw ECRAuthError(code: .invalidResponse, reason: "\(service) response has no authorizationData", requestID: requestID)
        }
        let entry: JSONValue
        switch (authorizationData, isPublic) {
        case (.array(let entries), false):
            guard let first = entries.first else {
                throw ECRAuthError(
                    code: .invalidResponse, reason: "\(service) response has an empty authorizationData list", requestID: requestID)
            }
            entry = first
        case (.object, true):
            entry = authorizationData
        default:
            let expected = isPublic ? "an object" : "a list"
            throw ECRAuthError(
                code: .invalidResponse,
                reason: "\(service) response has \(authorizationData.kind) as authorizationData, not \(expected)",
                requestID: requestID)
        }
        guard case .object = entry else {
            throw ECRAuthError(
                code: .invalidResponse, reason: "\(service) authorizationData holds \(entry.kind), not an object", requestID: requestID)
        }

        guard let encoded = entry["authorizationToken"] else {
            throw ECRAuthError(code: .invalidResponse, reason: "\(service) response has no authorizationToken", requestID: requestID)
        }
        guard let token = encoded.stringValue else {
            throw ECRAuthError(
                code: .invalidResponse, reason: "\(service) authorizationToken is \(encoded.kind), not a string", requestID: requestID)
        }
        let (username, password) = try Self.splitToken(token, service: service, requestID: requestID)

        guard let expiresAtValue = entry["expiresAt"] else {
            throw ECRAuthError(code: .invalidResponse, reason: "\(service) response has no expiresAt", requestID: requestID)
        }
        guard case .number(let expiresAtText) = expiresAtValue, let seconds = Double(expiresAtText), seconds.isFinite,
            seconds >= 0, seconds <= Self.latestExpiry
        else {
            throw ECRAuthError(
                code: .invalidResponse,
                reason: "\(service) expiresAt is \(expiresAtValue.kind), not epoch seconds between 1970 and 9999",
                requestID: requestID)
        }

        var proxyEndpoint: String?
        switch entry["proxyEndpoint"] {
        case .string(let text)?:
            proxyEndpoint = text
        case nil, .null?:
            guard isPublic else {
                throw ECRAuthError(code: .invalidResponse, reason: "ECR response has no proxyEndpoint", requestID: requestID)
            }
        case let other?:
            throw ECRAuthError(
                code: .invalidResponse, reason: "\(service) proxyEndpoint is \(other.kind), not a string", requestID: requestID)
        }
        return DecodedAuthorizationData(
            username: username, password: password, expiresAt: Date(timeIntervalSince1970: seconds), proxyEndpoint: proxyEndpoint)
    }

    /// Decodes the base64 token and splits it at the first `:` into user name and password, as
    /// `aws ecr get-login-password` and `amazon-ecr-credential-helper` do.
    static func splitToken(_ token: String, service: String, requestID: String?) throws(ECRAuthError) -> (String, String) {
        let bytes: [UInt8]
        do {
            bytes = try Base64.decode(token)
        } catch {
            throw ECRAuthError(
                code: .invalidToken, reason: "\(service) authorizationToken is not base64: \(error)", requestID: requestID)
        }
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else {
            throw ECRAuthError(
                code: .invalidToken, reason: "\(service) authorizationToken decodes to text without ':' between user and password",
                requestID: requestID)
        }
        guard colon > 0 else {
            throw ECRAuthError(code: .invalidToken, reason: "\(service) authorizationToken has an empty user name", requestID: requestID)
        }
        guard colon + 1 < bytes.count else {
            throw ECRAuthError(code: .invalidToken, reason: "\(service) authorizationToken has an empty password", requestID: requestID)
        }
        guard let username = String(validating: bytes[..<colon], as: UTF8.self),
            let password = String(validating: bytes[(colon + 1)...], as: UTF8.self)
        else {
            throw ECRAuthError(code: .invalidToken, reason: "\(service) authorizationToken is not UTF-8 text", requestID: requestID)
        }
        return (username, password)
    }

    // MARK: Errors

    /// What an error response says: its sanitized code, message and request ID.
    struct ErrorDetails: Sendable {
        var code: String?
        var message: String?
        var requestID: String?
    }

    /// Reads the error code from, in this order, the `X-Amzn-ErrorType` header, the JSON body's
    /// `code` or `__type`, and an XML `<Error><Code>` (which `moto_server` sends for signature
    /// errors even from JSON services). The message is the JSON `message`/`Message` or the XML
    /// `<Message>`.
    static func errorDetails(status: Int, headers: HTTPFields, body: [UInt8]) -> ErrorDetails {
        var details = ErrorDetails(requestID: headers[.xAmznRequestID])
        if let header = headers[.xAmznErrorType] {
            let code = AWSErrorClassification.sanitize(header)
            if !code.isEmpty { details.code = code }
        }
        guard !body.isEmpty, body.count <= Self.maximumBodySize else { return details }
        if let document = try? BoundedJSONParser.parse(body), case .object = document {
            if details.code == nil, let wire = document["code"]?.stringValue ?? document["__type"]?.stringValue {
                let code = AWSErrorClassification.sanitize(wire)
                if !code.isEmpty { details.code = code }
            }
            details.message = document["message"]?.stringValue ?? document["Message"]?.stringValue
            return details
        }
        let limits = BoundedXMLParser.Limits(maximumBytes: Self.maximumBodySize, maximumDepth: 16, maximumElements: 512)
        if let root = try? BoundedXMLParser.parse(body, limits: limits),
            let error = root.firstElement(named: "Error", where: { $0.child("Code") != nil })
        {
            if details.code == nil, let wire = error.text(at: ["Code"]) {
                let code = AWSErrorClassification.sanitize(wire)
                if !code.isEmpty { details.code = code }
            }
            details.message = error.text(at: ["Message"])
            if details.requestID == nil {
                details.requestID = root.text(at: ["RequestId"]) ?? root.text(at: ["RequestID"])
            }
        }
        return details
    }

    /// Turns an error response into an ``ECRAuthError``. `secrets` (the signing secret and
    /// session token) are removed from ECR's message, and long messages are dropped.
    static func error(
        status: Int,
        headers: HTTPFields,
        body: [UInt8],
        service: String,
        secrets: [String]
    ) -> ECRAuthError {
        let details = Self.errorDetails(status: status, headers: headers, body: body)
        let awsCode = details.code.map { SecretScrubber.scrub($0, removing: secrets, maximumLength: 128) }
        let requestID = details.requestID.map { SecretScrubber.scrub($0, removing: secrets, maximumLength: 128) }
        let code = AWSErrorClassification.code(forAWSErrorCode: awsCode, status: status)
        var reason = "\(service) GetAuthorizationToken failed"
        if let message = details.message, !message.isEmpty {
            reason += ": " + SecretScrubber.scrub(message, removing: secrets, maximumLength: 512)
        } else if awsCode == nil {
            reason += " with a body that names no error code"
        }
        return ECRAuthError(code: code, reason: reason, awsErrorCode: awsCode, requestID: requestID, httpStatus: status)
    }
}

extension HTTPField.Name {
    /// `x-amzn-RequestId`: the request ID AWS services return. (A valid field name literal.)
    static let xAmznRequestID = HTTPField.Name("x-amzn-RequestId")!
    /// `X-Amzn-ErrorType`: the error code of a JSON-protocol error response.
    static let xAmznErrorType = HTTPField.Name("X-Amzn-ErrorType")!
}
