import AWSSigV4
import AuthTransport
import HTTPTypes
import Logging

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The two STS operations the providers need, over the caller's transport: `AssumeRole`
/// (signed) and `AssumeRoleWithWebIdentity` (unsigned), in the query protocol, version
/// 2011-06-15, with XML responses.
struct STSClient: Sendable {
    var transport: any HTTPTransport
    var configuration: STSEndpointConfiguration

    /// `AssumeRoleWithWebIdentity`: exchanges a web identity token (an OIDC JWT) for role
    /// credentials. The request is not signed; the token is the proof.
    func assumeRoleWithWebIdentity(
        roleARN: String,
        sessionName: String,
        token: String,
        durationSeconds: Int?,
        policy: String?,
        logger: Logger?
    ) async throws -> STSCredentialsResult {
        var body = QueryProtocolBody(action: "AssumeRoleWithWebIdentity")
        body.append("RoleArn", roleARN)
        body.append("RoleSessionName", sessionName)
        body.append("WebIdentityToken", token)
        body.append("DurationSeconds", durationSeconds.map(String.init))
        body.append("Policy", policy)
        return try await self.send(
            action: "AssumeRoleWithWebIdentity", body: body.bytes, signingCredentials: nil, date: nil,
            secrets: [token], roleARN: roleARN, sessionName: sessionName, logger: logger)
    }

    /// `AssumeRole`: exchanges the source credentials for role credentials, signed with SigV4.
    func assumeRole(
        roleARN: String,
        sessionName: String,
        externalID: String?,
        durationSeconds: Int?,
        policy: String?,
        sourceCredentials: AWSCredentials,
        date: Date,
        logger: Logger?
    ) async throws -> STSCredentialsResult {
        var body = QueryProtocolBody(action: "AssumeRole")
        body.append("RoleArn", roleARN)
        body.append("RoleSessionName", sessionName)
        body.append("ExternalId", externalID)
        body.append("DurationSeconds", durationSeconds.map(String.init))
        body.append("Policy", policy)
        var secrets = [sourceCredentials.secretAccessKey]
        if let token = sourceCredentials.sessionToken { secrets.append(token) }
        if let externalID { secrets.append(externalID) }
        return try await self.send(
            action: "AssumeRole", body: body.bytes, signingCredentials: sourceCredentials, date: date,
            secrets: secrets, roleARN: roleARN, sessionName: sessionName, logger: logger)
    }

    private func send(
        action: String,
        body: [UInt8],
        signingCredentials: AWSCredentials?,
        date: Date?,
        secrets: [String],
        roleARN: String,
        sessionName: String,
        logger: Logger?
    ) async throws -> STSCredentialsResult {
        let (url, signingRegion) = try self.configuration.resolve()
        guard let endpoint = EndpointURL(url.absoluteString) else {
            throw AWSCredentialsError(code: .invalidConfiguration, reason: "the STS endpoint \(url) is not an http(s) URL")
        }
        var request = HTTPRequest(method: .post, scheme: endpoint.scheme, authority: endpoint.authority, path: endpoint.pathAndQuery)
        request.headerFields[.contentType] = "application/x-www-form-urlencoded; charset=utf-8"
        if let signingCredentials, let date {
            do {
                request = try SigV4Signer(service: "sts", region: signingRegion)
                    .sign(request, payload: .bytes(body), credentials: signingCredentials, date: date)
            } catch {
                throw AWSCredentialsError(
                    code: .invalidConfiguration, reason: "cannot sign STS \(action) with the source credentials",
                    underlying: error)
            }
        }

        logger?.debug(
            "calling STS",
            metadata: [
                "aws.sts.action": "\(action)", "aws.sts.endpoint": "\(endpoint.withoutQuery)",
                "aws.role.arn": "\(roleARN)", "aws.role.session_name": "\(sessionName)",
            ])

        let response: HTTPResponse
        let responseBody: [UInt8]
        do {
            (response, responseBody) = try await self.transport.send(request, body: body)
        } catch {
            throw Self.transportError(error, what: "STS \(action) at \(endpoint.withoutQuery)")
        }
        let requestIDHeader = response.headerFields[.xAmznRequestID]

        guard (200..<300).contains(response.status.code) else {
            let error = STSResponseDecoder.decodeError(
                action: action, status: response.status.code, body: responseBody, requestIDHeader: requestIDHeader,
                secrets: secrets)
            logger?.debug(
                "STS request failed",
                metadata: [
                    "aws.sts.action": "\(action)", "http.status": "\(response.status.code)",
                    "aws.error.code": "\(error.awsErrorCode ?? "none")", "aws.request_id": "\(error.requestID ?? "none")",
                ])
            throw error
        }
        let result = try STSResponseDecoder.decodeCredentials(action: action, body: responseBody, requestIDHeader: requestIDHeader)
        logger?.debug(
            "STS returned credentials",
            metadata: [
                "aws.sts.action": "\(action)", "aws.assumed_role.arn": "\(result.assumedRoleARN ?? "unknown")",
                "aws.access_key_id": "\(result.credentials.redactedAccessKeyID)",
                "aws.credentials.expiration": "\(result.credentials.expiration.map { "\($0)" } ?? "none")",
                "aws.request_id": "\(result.requestID ?? "none")",
            ])
        return result
    }

    /// Maps a transport failure: cancellation stays `CancellationError`; anything else becomes
    /// ``AWSCredentialsError/Code/transportFailed``.
    static func transportError(_ error: any Error, what: String) -> any Error {
        if error is CancellationError { return error }
        if let transportError = error as? HTTPTransportError, transportError.code == .cancelled { return CancellationError() }
        if Task.isCancelled { return CancellationError() }
        return AWSCredentialsError(code: .transportFailed, reason: "\(what) could not be reached", underlying: error)
    }
}

extension HTTPField.Name {
    /// `x-amzn-RequestId`: the request ID AWS services return. (A valid field name literal.)
    static let xAmznRequestID = HTTPField.Name("x-amzn-RequestId")!
}
