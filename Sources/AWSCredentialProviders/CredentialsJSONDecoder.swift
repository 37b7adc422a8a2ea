import AWSSigV4

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Decodes the JSON credential documents of the container credentials endpoint and the instance
/// metadata service:
///
/// ```json
/// {"AccessKeyId": "ASIA…", "SecretAccessKey": "…", "Token": "…", "Expiration": "2026-11-30T01:25:18Z"}
/// ```
///
/// and their error documents (`{"code": "…", "message": "…"}`).
enum CredentialsJSONDecoder {
    /// Credential documents are well under a kilobyte or two; anything larger is refused.
    static let maximumBodySize = 64 * 1024

    private struct CredentialsDocument: Decodable {
        var Code: String?
        var Message: String?
        var AccessKeyId: String?
        var SecretAccessKey: String?
        var Token: String?
        var Expiration: String?
    }

    private struct ErrorDocument: Decodable {
        var code: String?
        var message: String?
        var Code: String?
        var Message: String?
    }

    /// Decodes a credentials document. `what` names the source in error messages.
    static func decodeCredentials(_ body: [UInt8], what: String) throws(AWSCredentialsError) -> AWSCredentials {
        guard body.count <= Self.maximumBodySize else {
            throw AWSCredentialsError(code: .invalidResponse, reason: "\(what) answered with more than \(Self.maximumBodySize) bytes")
        }
        let document: CredentialsDocument
        do {
            document = try JSONDecoder().decode(CredentialsDocument.self, from: Data(body))
        } catch {
            // The decoder's message may quote the document, which holds the secret: do not keep it.
            throw AWSCredentialsError(code: .invalidResponse, reason: "\(what) answered with a body that is not a JSON credentials document")
        }
        if let code = document.Code, code != "Success" {
            throw AWSCredentialsError(
                code: .serviceError, reason: "\(what) reported \(SecretScrubber.scrub(code, removing: [], maximumLength: 128))",
                awsErrorCode: SecretScrubber.scrub(code, removing: [], maximumLength: 128))
        }
        guard let accessKeyID = document.AccessKeyId, !accessKeyID.isEmpty else {
            throw AWSCredentialsError(code: .invalidResponse, reason: "\(what) answered without AccessKeyId")
        }
        guard let secret = document.SecretAccessKey, !secret.isEmpty else {
            throw AWSCredentialsError(code: .invalidResponse, reason: "\(what) answered without SecretAccessKey")
        }
        var expiration: Date?
        if let text = document.Expiration {
            guard let date = ISO8601Timestamp.parse(text) else {
                throw AWSCredentialsError(code: .invalidResponse, reason: "\(what) answered with an Expiration that is not an ISO 8601 time")
            }
            expiration = date
        }
        let token = document.Token.flatMap { $0.isEmpty ? nil : $0 }
        return AWSCredentials(accessKeyID: accessKeyID, secretAccessKey: secret, sessionToken: token, expiration: expiration)
    }

    /// The error code and message of an error document, if the body is one; `secrets` are
    /// removed from the message.
    static func decodeError(_ body: [UInt8], secrets: [String]) -> (code: String?, message: String?) {
        guard body.count <= Self.maximumBodySize,
            let document = try? JSONDecoder().decode(ErrorDocument.self, from: Data(body))
        else { return (nil, nil) }
        let code = (document.code ?? document.Code).map { SecretScrubber.scrub($0, removing: secrets, maximumLength: 128) }
        let message = (document.message ?? document.Message).map { SecretScrubber.scrub($0, removing: secrets) }
        return (code, message)
    }
}
