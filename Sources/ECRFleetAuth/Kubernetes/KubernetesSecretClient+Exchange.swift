import AuthTransport
import HTTPTypes
import Logging

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One request to the Secrets API and the classification of its answer.
extension KubernetesSecretClient {
    /// Sends a request for the Secret `name` in `namespace` (the collection when `name` is `nil`)
    /// and returns the body of a 2xx answer.
    ///
    /// A 401 while the token comes from a file reads the file again and, if it holds another
    /// token, sends the request once more.
    ///
    /// - Parameter writing: The Secret the request writes, whose values are removed from the API
    ///   server's messages.
    func exchange(
        _ method: HTTPRequest.Method,
        namespace: String,
        name: String?,
        body: [UInt8]?,
        writing: KubernetesSecret?,
        logger: Logger?
    ) async throws -> [UInt8] {
        let endpoint = self.configuration.endpoint
        let authentication = self.configuration.authentication
        let target = name.map { "secret \(namespace)/\($0)" } ?? "secrets in \(namespace)"
        let verb = Self.verb(method, hasName: name != nil)
        if endpoint.scheme == "http", authentication.usesBearerToken, !endpoint.isLoopback {
            throw KubernetesError(
                code: .invalidConfiguration,
                reason: "\(verb) \(target): refusing to send a bearer token over plain http to \(endpoint.host); "
                    + "use https (plain http is allowed only to the loopback interface, as with kubectl proxy)"
            )
        }

        var path = endpoint.basePath + "/api/v1/namespaces/\(namespace)/secrets"
        if let name { path += "/\(name)" }
        if method != .get, let fieldManager = self.options.fieldManager {
            path += "?fieldManager=" + (try Self.percentEncodedFieldManager(fieldManager))
        }
        var fields = HTTPFields()
        fields[.accept] = "application/json"
        if body != nil { fields[.contentType] = "application/json" }
        if let userAgent = self.options.userAgent {
            guard !userAgent.isEmpty, userAgent.utf8.allSatisfy({ $0 >= 0x20 && $0 <= 0x7E }) else {
                throw KubernetesError(code: .invalidConfiguration, reason: "the User-Agent option holds characters a header cannot carry")
            }
            fields[.userAgent] = userAgent
        }

        var token = try authentication.token()
        var retriedAfterRejection = false
        while true {
            var request = HTTPRequest(method: method, scheme: endpoint.scheme, authority: endpoint.authority, path: path)
            request.headerFields = fields
            if let token { request.headerFields[.authorization] = "Bearer \(token)" }

            logger?.debug(
                "Kubernetes API request",
                metadata: [
                    "kubernetes.verb": "\(verb)", "kubernetes.secret": "\(namespace)/\(name ?? "")",
                    "kubernetes.server": "\(self.configuration.server)",
                ]
            )
            let (response, responseBody) = try await self.send(request, body: body, target: target, verb: verb)
            logger?.debug(
                "Kubernetes API response",
                metadata: [
                    "kubernetes.verb": "\(verb)", "kubernetes.secret": "\(namespace)/\(name ?? "")",
                    "http.status": "\(response.status.code)", "http.body_bytes": "\(responseBody.count)",
                ]
            )

            if response.status.code == 401, !retriedAfterRejection, let rejected = token,
                authentication.tokenFilePath != nil
            {
                retriedAfterRejection = true
                let fresh = try authentication.token(rejected: rejected)
                if fresh != rejected {
                    logger?.debug(
                        "the API server rejected the bearer token; the token file holds a new one, retrying",
                        metadata: ["kubernetes.token_file": "\(authentication.tokenFilePath ?? "")"]
                    )
                    token = fresh
                    continue
                }
            }

            guard responseBody.count <= self.options.maximumResponseBodySize else {
                throw KubernetesError(
                    code: .responseTooLarge,
                    reason: "\(verb) \(target): the response has \(responseBody.count) bytes; "
                        + "the limit is \(self.options.maximumResponseBodySize)",
                    httpStatus: response.status.code
                )
            }
            if (200..<300).contains(response.status.code) {
                return responseBody
            }
            var secrets: [String] = token.map { [$0] } ?? []
            if let writing { secrets += Self.redactableForms(of: writing) }
            throw Self.error(for: response, body: responseBody, verb: verb, target: target, secrets: secrets)
        }
    }

    private func send(
        _ request: HTTPRequest,
        body: [UInt8]?,
        target: String,
        verb: String
    ) async throws -> (HTTPResponse, [UInt8]) {
        do {
            return try await self.transport.send(request, body: body)
        } catch let error as CancellationError {
            throw error
        } catch let error as HTTPTransportError {
            if error.code == .cancelled { throw CancellationError() }
            throw KubernetesError(
                code: error.code == .responseTooLarge ? .responseTooLarge : .transportFailed,
                reason: "\(verb) \(target): the transport failed",
                underlying: error
            )
        } catch {
            throw KubernetesError(code: .transportFailed, reason: "\(verb) \(target): the transport failed", underlying: error)
        }
    }

    private static func verb(_ method: HTTPRequest.Method, hasName: Bool) -> String {
        switch method {
        case .get: return hasName ? "get" : "list"
        case .post: return "create"
        case .put: return "update"
        default: return method.rawValue
        }
    }

    /// The field manager percent-encoded for a query (everything but RFC 3986 unreserved bytes).
    static func percentEncodedFieldManager(_ value: String) throws(KubernetesError) -> String {
        guard !value.isEmpty, value.utf8.count <= 128, value.utf8.allSatisfy({ $0 >= 0x20 && $0 <= 0x7E }) else {
            throw KubernetesError(
                code: .invalidConfiguration,
                reason: "the fieldManager option must be 1 to 128 printable ASCII characters"
            )
        }
        let hex = Array("0123456789ABCDEF".utf8)
        var output: [UInt8] = []
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                output.append(byte)
            default:
                output += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The texts of `secret`'s data that must not appear in an error: each value as UTF-8 text
    /// and base64, when at least four bytes long.
    static func redactableForms(of secret: KubernetesSecret) -> [String] {
        var forms: [String] = []
        for value in secret.data.values where value.count >= 4 {
            if let text = String(validating: value, as: UTF8.self) { forms.append(text) }
            forms.append(Base64.encode(value))
        }
        return forms
    }

    // MARK: Errors

    /// The ``KubernetesError`` for a non-2xx answer.
    static func error(
        for response: HTTPResponse,
        body: [UInt8],
        verb: String,
        target: String,
        secrets: [String]
    ) -> KubernetesError {
        let status = response.status.code
        let (apiReason, apiMessage) = Self.status(from: body)
        let code: KubernetesError.Code
        let what: String
        switch status {
        case 400:
            code = .badRequest
            what = "the API server could not read the request"
        case 401:
            code = .unauthorized
            what = "the API server did not accept the credentials"
        case 403:
            code = .forbidden
            what = "the credentials are not allowed to \(verb) it"
        case 404:
            code = .notFound
            what = "it does not exist"
        case 409 where apiReason == "AlreadyExists":
            code = .alreadyExists
            what = "it already exists"
        case 409:
            code = .conflict
            what = "it changed since it was read"
        case 422:
            code = .invalid
            what = "the API server rejected it as invalid"
        case 429:
            code = .tooManyRequests
            what = "the API server is throttling requests"
        case 500...599:
            code = .serverError
            what = "the API server failed"
        default:
            code = .unexpectedStatus
            what = "unexpected answer"
        }
        var retryAfter: Duration?
        if let value = response.headerFields[.retryAfter], let seconds = Int(value), seconds >= 0, seconds <= 86_400 {
            retryAfter = .seconds(seconds)
        }
        return KubernetesError(
            code: code,
            reason: "\(verb) \(target): \(what)",
            httpStatus: status,
            apiReason: apiReason.map { Self.sanitized($0, removing: secrets, limit: 100) },
            apiMessage: apiMessage.map { Self.sanitized($0, removing: secrets, limit: 1024) },
            retryAfter: retryAfter
        )
    }

    /// The `reason` and `message` of a `Status` body, when the body is one.
    private static func status(from body: [UInt8]) -> (reason: String?, message: String?) {
        guard !body.isEmpty,
            let object = try? JSONDecoder().decode([String: JSONValue].self, from: Data(body)),
            object["kind"] == nil || object["kind"] == .string("Status")
        else {
            return (nil, nil)
        }
        let reason = object["reason"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        let message = object["message"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        return (reason, message)
    }

    /// `text` with every occurrence of `secrets` replaced by `<redacted>`, control characters
    /// replaced by spaces, and cut to `limit` characters.
    static func sanitized(_ text: String, removing secrets: [String], limit: Int) -> String {
        var result = text
        for secret in secrets where !secret.isEmpty {
            result = result.replacing(secret, with: "<redacted>")
        }
        result = String(result.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : Character($0) })
        if result.count > limit {
            result = String(result.prefix(limit)) + "…"
        }
        return result
    }
}
