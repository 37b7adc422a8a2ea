public import HTTPTypes

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Signs HTTP requests with AWS Signature Version 4 (`AWS4-HMAC-SHA256`).
///
/// A signer is a small value for one service and region. ``sign(_:payload:credentials:date:)``
/// adds the `Authorization`, `X-Amz-Date` and (for temporary credentials)
/// `X-Amz-Security-Token` header fields; ``presign(_:payload:credentials:date:expires:)`` puts the
/// signature into the query string instead, for a URL that works without headers until it
/// expires; ``signature(for:payload:credentials:date:presignExpires:)`` returns the canonical
/// request and string to sign for debugging.
///
/// ```swift
/// var request = HTTPRequest(method: .post, scheme: "https",
///                           authority: "api.ecr.eu-central-1.amazonaws.com", path: "/")
/// request.headerFields[.contentType] = "application/x-amz-json-1.1"
/// request.headerFields[.xAmzTarget] = "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken"
/// let signer = SigV4Signer(service: "ecr", region: "eu-central-1")
/// let signed = try signer.sign(request, payload: .bytes(Array("{}".utf8)),
///                              credentials: credentials, date: Date())
/// ```
///
/// The request's `path` is taken as it goes on the wire (already percent-encoded); the host is
/// its `:authority` (or a `Host` header field), exactly as given. Every header field present is
/// signed unless ``Options/unsignedHeaders`` names it, so add all headers before signing and let
/// the transport change none of them.
///
/// Signing keys are derived once per access key, day, region and service and kept in
/// ``Options/signingKeyCache``.
public struct SigV4Signer: Sendable {
    /// The signing name of the service, for example `ecr`, `sts` or `s3`.
    public var service: String
    /// The region, for example `eu-central-1`.
    public var region: String
    /// How requests are canonicalized and signed.
    public var options: Options

    /// Creates a signer.
    ///
    /// - Parameters:
    ///   - service: The service's signing name (`ecr`, `ecr-public`, `sts`, `s3`, …).
    ///   - region: The region whose endpoint receives the request.
    ///   - options: Canonicalization and signing options; the defaults suit every service but S3.
    public init(service: String, region: String, options: Options = .init()) {
        self.service = service
        self.region = region
        self.options = options
    }

    /// Signs a request in its header fields.
    ///
    /// Removes any `Authorization`, `X-Amz-Date` and `X-Amz-Security-Token` fields the request
    /// already has (so a request can be signed again, for example after a clock-skew correction),
    /// then appends `X-Amz-Date`, `X-Amz-Security-Token` (when the credentials have a session
    /// token), `x-amz-content-sha256` (with ``Options/addContentSHA256Header``) and
    /// `Authorization`.
    ///
    /// - Parameters:
    ///   - request: The request to sign, complete with every header field it will be sent with.
    ///   - payload: The body the request will be sent with, or its hash.
    ///   - credentials: The access key to sign with.
    ///   - date: The signing time; ``Options/clockOffset`` is added to it.
    /// - Returns: The signed request. Never log its header fields: they carry the signature and
    ///   session token.
    /// - Throws: ``SigV4Error`` when the request, credentials, scope or date cannot be signed.
    public func sign(
        _ request: HTTPRequest,
        payload: SigV4Payload,
        credentials: AWSCredentials,
        date: Date
    ) throws -> HTTPRequest {
        let computation = try self.compute(request, payload: payload, credentials: credentials, date: date, presignExpires: nil)

        // Keep the request's fields (minus any old signature) and append ours.
        let replacesContentHash = self.options.addContentSHA256Header
        var fields = request.headerFields
        if fields.contains(.authorization) || fields.contains(.xAmzDate) || fields.contains(.xAmzSecurityToken)
            || (replacesContentHash && fields.contains(.xAmzContentSHA256))
        {
            fields = HTTPFields(
                fields.filter { field in
                    let name = field.name
                    return name != .authorization && name != .xAmzDate && name != .xAmzSecurityToken
                        && !(replacesContentHash && name == .xAmzContentSHA256)
                }
            )
        }
        fields.reserveCapacity(fields.count + 4)
        fields.append(HTTPField(name: .xAmzDate, value: computation.date.timestampString))
        if let token = credentials.sessionToken {
            fields.append(HTTPField(name: .xAmzSecurityToken, value: token))
        }
        if replacesContentHash {
            fields.append(HTTPField(name: .xAmzContentSHA256, value: computation.string(computation.payloadHash)))
        }
        fields.append(HTTPField(name: .authorization, value: computation.authorizationValue(accessKeyID: credentials.accessKeyID)))

        var signed = request
        signed.headerFields = fields
        return signed
    }

    /// Presigns a request: puts the signature into its query string.
    ///
    /// Appends `X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-Date`, `X-Amz-Expires`,
    /// `X-Amz-SignedHeaders`, `X-Amz-Security-Token` (when the credentials have a session token)
    /// and `X-Amz-Signature` to the query, replacing any of these it already had. Header fields
    /// are signed too and must be sent unchanged with the URL.
    ///
    /// - Parameters:
    ///   - request: The request to presign.
    ///   - payload: The body, or ``SigV4Payload/unsigned`` (what S3 presigned URLs use).
    ///   - credentials: The access key to sign with. The URL stops working when they do.
    ///   - date: The signing time; ``Options/clockOffset`` is added to it.
    ///   - expires: Seconds the URL stays valid: 1…604800 (seven days).
    /// - Returns: The request with the signature in its path's query string.
    /// - Throws: ``SigV4Error`` (``SigV4Error/Code/invalidExpiration`` for `expires` out of range).
    public func presign(
        _ request: HTTPRequest,
        payload: SigV4Payload,
        credentials: AWSCredentials,
        date: Date,
        expires: Int
    ) throws -> HTTPRequest {
        let computation = try self.compute(
            request, payload: payload, credentials: credentials, date: date, presignExpires: expires)
        var query = computation.presignQuery
        if !query.isEmpty { query.append(UInt8(ascii: "&")) }
        query.append(contentsOf: "X-Amz-Signature=".utf8)
        computation.signature.appendHex(to: &query)
        if self.options.omitSessionToken, let token = credentials.sessionToken {
            query.append(contentsOf: "&X-Amz-Security-Token=".utf8)
            PercentEncoding.appendEncoding(token.utf8, keepingSlash: false, to: &query)
        }
        let path = request.path ?? "/"
        let pathWithoutQuery = path.utf8.firstIndex(of: UInt8(ascii: "?")).map { path[..<$0] } ?? path[...]

        var signed = request
        signed.path = pathWithoutQuery + "?" + String(decoding: query, as: UTF8.self)
        return signed
    }

    /// Computes a signature without changing the request, and shows how it was made.
    ///
    /// - Parameters:
    ///   - request: The request as it would be signed.
    ///   - payload: The body or its hash.
    ///   - credentials: The access key.
    ///   - date: The signing time; ``Options/clockOffset`` is added to it.
    ///   - presignExpires: `nil` for header signing; the URL lifetime in seconds for presigning.
    /// - Returns: The canonical request, string to sign, signed headers and signature.
    /// - Throws: ``SigV4Error`` as ``sign(_:payload:credentials:date:)`` and
    ///   ``presign(_:payload:credentials:date:expires:)`` do.
    public func signature(
        for request: HTTPRequest,
        payload: SigV4Payload,
        credentials: AWSCredentials,
        date: Date,
        presignExpires: Int? = nil
    ) throws -> SigV4Signature {
        let computation = try self.compute(
            request, payload: payload, credentials: credentials, date: date, presignExpires: presignExpires)
        return SigV4Signature(
            canonicalRequest: computation.string(computation.canonicalRequest),
            stringToSign: computation.string(computation.stringToSign),
            signature: computation.signature.hexString,
            signedHeaders: computation.string(computation.signedHeaders),
            credentialScope: computation.string(computation.scope),
            timestamp: computation.date.timestampString
        )
    }
}
