import HTTPTypes

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Everything one signature produces, as bytes.
struct SigningComputation {
    var canonicalRequest: [UInt8]
    var stringToSign: [UInt8]
    var signedHeaders: [UInt8]
    var signature: SHA256Digest
    var date: SigningDate
    /// `YYYYMMDD/<region>/<service>/aws4_request`.
    var scope: [UInt8]
    /// 64 hex digits, or `UNSIGNED-PAYLOAD`.
    var payloadHash: [UInt8]
    /// The request path up to (not including) `?`.
    var pathWithoutQuery: ArraySlice<UInt8>
    /// Presigning only: the query to send, without `X-Amz-Signature`.
    var presignQuery: [UInt8]

    /// The `Authorization` header value of a header-signed request.
    func authorizationValue(accessKeyID: String) -> String {
        var value: [UInt8] = []
        value.reserveCapacity(160 + self.signedHeaders.count)
        value.append(contentsOf: "AWS4-HMAC-SHA256 Credential=".utf8)
        value.append(contentsOf: accessKeyID.utf8)
        value.append(UInt8(ascii: "/"))
        value.append(contentsOf: self.scope)
        value.append(contentsOf: ", SignedHeaders=".utf8)
        value.append(contentsOf: self.signedHeaders)
        value.append(contentsOf: ", Signature=".utf8)
        self.signature.appendHex(to: &value)
        return String(decoding: value, as: UTF8.self)
    }
}

extension SigV4Signer {
    static let algorithm = "AWS4-HMAC-SHA256"
    static let unsignedPayload = Array("UNSIGNED-PAYLOAD".utf8)
    static let maximumPresignExpiry = 604_800

    /// The query parameters presigning owns; a request presigned again loses its old ones.
    static let presignParameterNames: Set<[UInt8]> = Set(
        [
            "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders",
            "X-Amz-Security-Token", "X-Amz-Signature",
        ].map { Array($0.utf8) }
    )

    /// Computes the canonical request, string to sign and signature of `request`.
    func compute(
        _ request: HTTPRequest,
        payload: SigV4Payload,
        credentials: AWSCredentials,
        date: Date,
        presignExpires: Int?
    ) throws(SigV4Error) -> SigningComputation {
        try Self.validateScope(region: self.region, service: self.service)
        try Self.validate(credentials)
        if let expires = presignExpires, !(1...Self.maximumPresignExpiry).contains(expires) {
            throw SigV4Error(
                code: .invalidExpiration,
                reason: "a presigned URL's lifetime must be 1…\(Self.maximumPresignExpiry) seconds, not \(expires)"
            )
        }
        let signingDate = try SigningDate(date, offset: self.options.clockOffset)
        let isPresign = presignExpires != nil
        let sessionToken = credentials.sessionToken
        let signsToken = sessionToken != nil && !self.options.omitSessionToken
        let context = SHA256Context()
        let payloadHash = try Self.payloadHash(payload, using: context)

        var scope: [UInt8] = []
        scope.reserveCapacity(self.region.utf8.count + self.service.utf8.count + 24)
        scope.append(contentsOf: signingDate.dateStamp)
        scope.append(UInt8(ascii: "/"))
        scope.append(contentsOf: self.region.utf8)
        scope.append(UInt8(ascii: "/"))
        scope.append(contentsOf: self.service.utf8)
        scope.append(contentsOf: "/aws4_request".utf8)

        // Headers.
        var headers = CanonicalHeaders(capacity: request.headerFields.count + 4)
        try self.addRequestHeaders(request, presign: isPresign, to: &headers)
        if !isPresign {
            headers.add(name: "x-amz-date", canonicalValue: signingDate.timestamp)
            if signsToken, let sessionToken {
                try Self.addHeader(name: "x-amz-security-token", value: sessionToken, to: &headers)
            }
            if self.options.addContentSHA256Header {
                headers.add(name: "x-amz-content-sha256", canonicalValue: payloadHash)
            }
        }
        var canonicalHeaders: [UInt8] = []
        canonicalHeaders.reserveCapacity(256)
        var signedHeaders: [UInt8] = []
        signedHeaders.reserveCapacity(64)
        headers.append(canonicalTo: &canonicalHeaders, signedTo: &signedHeaders)

        // Path and query.
        var pathBytes = Array((request.path ?? "/").utf8)
        let questionMark = pathBytes.firstIndex(of: UInt8(ascii: "?"))
        let pathEnd = questionMark ?? pathBytes.count
        var query = CanonicalQuery()
        var presignQuery: [UInt8] = []
        var canonicalRequest: [UInt8] = []
        canonicalRequest.reserveCapacity(pathBytes.count + canonicalHeaders.count + signedHeaders.count + 128)
        canonicalRequest.append(contentsOf: request.method.rawValue.utf8)
        canonicalRequest.append(UInt8(ascii: "\n"))
        try pathBytes.withUnsafeMutableBufferPointer { (buffer) throws(SigV4Error) in
            let bytes = UnsafeBufferPointer(buffer)
            try CanonicalURI.append(
                path: UnsafeBufferPointer(rebasing: bytes[0..<pathEnd]),
                normalize: self.options.normalizePath,
                doubleEncode: self.options.doubleURIEncode,
                to: &canonicalRequest
            )
            if let questionMark {
                let rawQuery = UnsafeBufferPointer(rebasing: bytes[(questionMark + 1)...])
                try query.add(rawQuery: rawQuery, dropping: isPresign ? Self.presignParameterNames : [])
                if isPresign {
                    Self.appendRawQuery(rawQuery, dropping: Self.presignParameterNames, to: &presignQuery)
                }
            }
        }
        if let expires = presignExpires {
            var authParameters: [UInt8] = []
            authParameters.reserveCapacity(256)
            let credential = Array(credentials.accessKeyID.utf8) + [UInt8(ascii: "/")] + scope
            func add(_ key: String, _ value: some Sequence<UInt8>, encode: Bool) {
                var encoded: [UInt8] = []
                if encode {
                    PercentEncoding.appendEncoding(value, keepingSlash: false, to: &encoded)
                } else {
                    encoded.append(contentsOf: value)
                }
                query.add(encodedKey: key.utf8, encodedValue: encoded)
                if !authParameters.isEmpty { authParameters.append(UInt8(ascii: "&")) }
                authParameters.append(contentsOf: key.utf8)
                authParameters.append(UInt8(ascii: "="))
                authParameters.append(contentsOf: encoded)
            }
            add("X-Amz-Algorithm", Self.algorithm.utf8, encode: false)
            add("X-Amz-Credential", credential, encode: true)
            add("X-Amz-Date", signingDate.timestamp, encode: false)
            add("X-Amz-Expires", String(expires).utf8, encode: false)
            add("X-Amz-SignedHeaders", signedHeaders, encode: true)
            if signsToken, let sessionToken {
                add("X-Amz-Security-Token", sessionToken.utf8, encode: true)
            }
            if !presignQuery.isEmpty { presignQuery.append(UInt8(ascii: "&")) }
            presignQuery.append(contentsOf: authParameters)
        }
        canonicalRequest.append(UInt8(ascii: "\n"))
        query.appendCanonical(to: &canonicalRequest)
        canonicalRequest.append(UInt8(ascii: "\n"))
        canonicalRequest.append(contentsOf: canonicalHeaders)
        canonicalRequest.append(UInt8(ascii: "\n"))
        canonicalRequest.append(contentsOf: signedHeaders)
        canonicalRequest.append(UInt8(ascii: "\n"))
        canonicalRequest.append(contentsOf: payloadHash)

        // String to sign.
        var stringToSign: [UInt8] = []
        stringToSign.reserveCapacity(32 + 16 + scope.count + 64)
        stringToSign.append(contentsOf: Self.algorithm.utf8)
        stringToSign.append(UInt8(ascii: "\n"))
        stringToSign.append(contentsOf: signingDate.timestamp)
        stringToSign.append(UInt8(ascii: "\n"))
        stringToSign.append(contentsOf: scope)
        stringToSign.append(UInt8(ascii: "\n"))
        context.hash(canonicalRequest).appendHex(to: &stringToSign)

        // Signature.
        let signingKey = self.signingKey(credentials: credentials, date: signingDate, using: context)
        let signature = stringToSign.withUnsafeBytes {
            HMACSHA256.authenticate(key: signingKey, message: $0, using: context)
        }

        return SigningComputation(
            canonicalRequest: canonicalRequest,
            stringToSign: stringToSign,
            signedHeaders: signedHeaders,
            signature: signature,
            date: signingDate,
            scope: scope,
            payloadHash: payloadHash,
            pathWithoutQuery: pathBytes[0..<pathEnd],
            presignQuery: presignQuery
        )
    }

    /// Adds the request's own header fields, and its host, to the canonical headers.
    private func addRequestHeaders(
        _ request: HTTPRequest,
        presign: Bool,
        to headers: inout CanonicalHeaders
    ) throws(SigV4Error) {
        var hostField: String? = nil
        let unsigned = self.options.unsignedHeaders
        for field in request.headerFields {
            let name = field.name
            if name == .hostHeader {
                if let hostField, hostField != field.value {
                    throw SigV4Error(code: .conflictingHost, reason: "the request has two different Host header fields")
                }
                hostField = field.value
                continue
            }
            if name == .authorization { continue }
            if !presign {
                // Replaced by the signer's own values.
                if name == .xAmzDate || name == .xAmzSecurityToken { continue }
                if self.options.addContentSHA256Header && name == .xAmzContentSHA256 { continue }
            }
            if !unsigned.isEmpty && unsigned.contains(name) { continue }
            try field.withUnsafeBytesOfValue { (value) throws(SigV4Error) in
                try headers.add(name: name.canonicalName, rawValue: value)
            }
        }

        let host: String
        switch (request.authority, hostField) {
        case (let authority?, let field?) where authority != field:
            throw SigV4Error(
                code: .conflictingHost,
                reason: "the request's authority and its Host header field name different hosts"
            )
        case (let authority?, _) where !authority.isEmpty:
            host = authority
        case (_, let field?) where !field.isEmpty:
            host = field
        default:
            throw SigV4Error(code: .missingHost, reason: "the request has no authority and no Host header field")
        }
        try Self.addHeader(name: "host", value: host, to: &headers)
    }

    private static func addHeader(name: String, value: String, to headers: inout CanonicalHeaders) throws(SigV4Error) {
        var value = value
        let failure = value.withUTF8 { (bytes) -> SigV4Error? in
            do throws(SigV4Error) {
                try headers.add(name: name, rawValue: bytes)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
    }

    /// Appends the pieces of `query` whose decoded key is not in `dropping`, as they were.
    private static func appendRawQuery(
        _ query: UnsafeBufferPointer<UInt8>,
        dropping: Set<[UInt8]>,
        to out: inout [UInt8]
    ) {
        var pieceStart = 0
        var index = 0
        while index <= query.count {
            if index == query.count || query[index] == UInt8(ascii: "&") {
                if index > pieceStart {
                    let piece = UnsafeBufferPointer(rebasing: query[pieceStart..<index])
                    let keyEnd = piece.firstIndex(of: UInt8(ascii: "=")) ?? piece.count
                    var key: [UInt8] = []
                    // Escapes were validated by the canonical query already.
                    _ = PercentEncoding.appendReencoding(
                        UnsafeBufferPointer(rebasing: piece[0..<keyEnd]), keepingSlash: false, to: &key)
                    if !dropping.contains(key) {
                        if !out.isEmpty { out.append(UInt8(ascii: "&")) }
                        out.append(contentsOf: piece)
                    }
                }
                pieceStart = index + 1
            }
            index += 1
        }
    }

    /// The payload hash line: 64 lowercase hex digits or `UNSIGNED-PAYLOAD`.
    private static func payloadHash(_ payload: SigV4Payload, using context: SHA256Context) throws(SigV4Error) -> [UInt8] {
        switch payload.kind {
        case .unsigned:
            return Self.unsignedPayload
        case .bytes(let bytes):
            var hex: [UInt8] = []
            hex.reserveCapacity(64)
            context.hash(bytes).appendHex(to: &hex)
            return hex
        case .precomputed(let given):
            let bytes = Array(given.utf8)
            guard bytes.count == 64, bytes.allSatisfy({ Hex.value(of: $0) != nil }) else {
                throw SigV4Error(
                    code: .invalidPayloadHash,
                    reason: "a precomputed payload hash must be 64 hexadecimal digits (got \(bytes.count) bytes)"
                )
            }
            return bytes.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "F") ? $0 + 32 : $0 }
        }
    }

    /// The signing key for the credentials, day, region and service, from the cache if possible.
    private func signingKey(credentials: AWSCredentials, date: SigningDate, using context: SHA256Context) -> SHA256Digest {
        let derive = { () -> SHA256Digest in
            Self.deriveSigningKey(
                secret: credentials.secretAccessKey, dateStamp: date.dateStamp, region: self.region,
                service: self.service, using: context)
        }
        guard let cache = self.options.signingKeyCache else { return derive() }
        let key = SigningKeyCache.Key(
            accessKeyID: credentials.accessKeyID,
            secretFingerprint: credentials.secretFingerprint,
            day: date.day,
            region: self.region,
            service: self.service
        )
        return cache.signingKey(for: key, derive: derive)
    }

    /// `kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`.
    static func deriveSigningKey(
        secret: String,
        dateStamp: ArraySlice<UInt8>,
        region: String,
        service: String,
        using context: SHA256Context
    ) -> SHA256Digest {
        var secretKey = Array("AWS4".utf8)
        secretKey.append(contentsOf: secret.utf8)
        defer {
            // Do not leave a copy of the secret behind in freed memory.
            for index in secretKey.indices { secretKey[index] = 0 }
        }
        let dateKey = secretKey.withUnsafeBytes { key in
            dateStamp.withUnsafeBytes { HMACSHA256.authenticate(key: key, message: $0, using: context) }
        }
        let regionKey = HMACSHA256.authenticate(key: dateKey, message: region, using: context)
        let serviceKey = HMACSHA256.authenticate(key: regionKey, message: service, using: context)
        return HMACSHA256.authenticate(key: serviceKey, message: "aws4_request", using: context)
    }

    /// Region and service go into the credential scope, separated by `/`.
    private static func validateScope(region: String, service: String) throws(SigV4Error) {
        for (what, value) in [("region", region), ("service", service)] {
            guard !value.isEmpty, value.utf8.allSatisfy(PercentEncoding.isUnreserved) else {
                throw SigV4Error(
                    code: .invalidScope,
                    reason: "the \(what) name '\(value)' must be non-empty and use only letters, digits, '-', '.', '_' and '~'"
                )
            }
        }
    }

    /// The access key ID goes into the `Credential=` part; the token into a header value.
    private static func validate(_ credentials: AWSCredentials) throws(SigV4Error) {
        guard !credentials.accessKeyID.isEmpty, credentials.accessKeyID.utf8.allSatisfy(PercentEncoding.isUnreserved) else {
            throw SigV4Error(
                code: .invalidCredentials,
                reason: "the access key ID must be non-empty and use only letters, digits, '-', '.', '_' and '~'"
            )
        }
        guard !credentials.secretAccessKey.isEmpty else {
            throw SigV4Error(code: .invalidCredentials, reason: "the secret access key is empty")
        }
        if let token = credentials.sessionToken {
            guard !token.isEmpty, token.utf8.allSatisfy({ $0 >= 0x20 && $0 != 0x7F }) else {
                throw SigV4Error(
                    code: .invalidCredentials,
                    reason: "the session token is empty or holds control characters an HTTP header cannot carry"
                )
            }
        }
    }
}
