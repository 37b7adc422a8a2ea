import HTTPTypes

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Everything one signature produces: ranges into one byte buffer, so a signature costs one
/// buffer instead of one allocation per piece.
struct SigningComputation {
    var bytes: [UInt8]
    var canonicalRequest: Range<Int>
    var signedHeaders: Range<Int>
    var payloadHash: Range<Int>
    var stringToSign: Range<Int>
    var scope: Range<Int>
    var date: SigningDate
    var signature: SHA256Digest
    /// Presigning only: the query to send, without `X-Amz-Signature`.
    var presignQuery: [UInt8]

    func string(_ range: Range<Int>) -> String {
        self.bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
    }

    /// The `Authorization` header value of a header-signed request.
    func authorizationValue(accessKeyID: String) -> String {
        let prefix = "AWS4-HMAC-SHA256 Credential="
        let headersLabel = ", SignedHeaders="
        let signatureLabel = ", Signature="
        let length = prefix.utf8.count + accessKeyID.utf8.count + 1 + self.scope.count + headersLabel.utf8.count
            + self.signedHeaders.count + signatureLabel.utf8.count + 64
        return String(unsafeUninitializedCapacity: length) { out in
            var position = 0
            func put(_ bytes: UnsafeRawBufferPointer) {
                UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: out[position..<(position + bytes.count)]))
                    .copyMemory(from: bytes)
                position += bytes.count
            }
            func put(_ string: String) {
                var string = string
                string.withUTF8 { put(UnsafeRawBufferPointer($0)) }
            }
            put(prefix)
            put(accessKeyID)
            out[position] = UInt8(ascii: "/")
            position += 1
            self.bytes.withUnsafeBytes { bytes in
                put(UnsafeRawBufferPointer(rebasing: bytes[self.scope]))
                put(headersLabel)
                put(UnsafeRawBufferPointer(rebasing: bytes[self.signedHeaders]))
            }
            put(signatureLabel)
            self.signature.writeHex(into: UnsafeMutableBufferPointer(rebasing: out[position..<(position + 64)]))
            return position + 64
        }
    }
}

extension SigV4Signer {
    static let algorithm = "AWS4-HMAC-SHA256"
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
        let signsToken = credentials.sessionToken != nil && !self.options.omitSessionToken
        let context = SHA256Context()
        let payloadHash = try Self.payloadHash(payload, using: context)
        let headers = try self.plan(request, presign: isPresign, signsToken: signsToken, credentials: credentials)

        var path = request.path ?? "/"
        var bytes: [UInt8] = []
        bytes.reserveCapacity(512 + path.utf8.count + 64 * request.headerFields.count)

        // Canonical request: method, URI, query, headers, signed headers, payload hash.
        CanonicalHeaders.appendUTF8(request.method.rawValue, to: &bytes)
        bytes.append(UInt8(ascii: "\n"))
        var presignQuery: [UInt8] = []
        try path.withUTF8Typed({ (pathBytes) throws(SigV4Error) in
            let questionMark = pathBytes.firstIndex(of: UInt8(ascii: "?"))
            try CanonicalURI.append(
                path: UnsafeBufferPointer(rebasing: pathBytes[0..<(questionMark ?? pathBytes.count)]),
                normalize: self.options.normalizePath,
                doubleEncode: self.options.doubleURIEncode,
                to: &bytes
            )
            bytes.append(UInt8(ascii: "\n"))
            let rawQuery = questionMark.map { UnsafeBufferPointer(rebasing: pathBytes[($0 + 1)...]) }
            if let expires = presignExpires {
                presignQuery = try self.appendPresignQuery(
                    rawQuery, expires: expires, headers: headers, date: signingDate, credentials: credentials,
                    signsToken: signsToken, to: &bytes)
            } else if let rawQuery, !rawQuery.isEmpty {
                var query = CanonicalQuery()
                try query.add(rawQuery: rawQuery)
                query.appendCanonical(to: &bytes)
            }
        })
        bytes.append(UInt8(ascii: "\n"))
        try headers.appendCanonical(fields: request.headerFields, date: signingDate, payloadHash: payloadHash, to: &bytes)
        bytes.append(UInt8(ascii: "\n"))
        let signedHeadersStart = bytes.count
        headers.appendSignedHeaders(to: &bytes)
        let signedHeaders = signedHeadersStart..<bytes.count
        bytes.append(UInt8(ascii: "\n"))
        let payloadHashStart = bytes.count
        payloadHash.append(to: &bytes)
        let canonicalRequest = 0..<bytes.count
        let canonicalHash = bytes.withUnsafeBytes { context.hash(UnsafeRawBufferPointer(rebasing: $0[canonicalRequest])) }

        // String to sign: algorithm, timestamp, scope, hash of the canonical request.
        let stringToSignStart = bytes.count
        bytes.append(contentsOf: Self.algorithm.utf8)
        bytes.append(UInt8(ascii: "\n"))
        signingDate.appendTimestamp(to: &bytes)
        bytes.append(UInt8(ascii: "\n"))
        let scopeStart = bytes.count
        self.appendScope(date: signingDate, to: &bytes)
        let scope = scopeStart..<bytes.count
        bytes.append(UInt8(ascii: "\n"))
        canonicalHash.appendHex(to: &bytes)
        let stringToSign = stringToSignStart..<bytes.count

        // Signature: HMAC of the string to sign under the (cached) signing key.
        let signingKey = self.signingKey(credentials: credentials, date: signingDate, using: context)
        let signature = bytes.withUnsafeBytes {
            HMACSHA256.authenticate(key: signingKey, message: UnsafeRawBufferPointer(rebasing: $0[stringToSign]), using: context)
        }

        return SigningComputation(
            bytes: bytes,
            canonicalRequest: canonicalRequest,
            signedHeaders: signedHeaders,
            payloadHash: payloadHashStart..<canonicalRequest.upperBound,
            stringToSign: stringToSign,
            scope: scope,
            date: signingDate,
            signature: signature,
            presignQuery: presignQuery
        )
    }

    /// Appends `YYYYMMDD/<region>/<service>/aws4_request`.
    private func appendScope(date: SigningDate, to out: inout [UInt8]) {
        date.appendDateStamp(to: &out)
        out.append(UInt8(ascii: "/"))
        CanonicalHeaders.appendUTF8(self.region, to: &out)
        out.append(UInt8(ascii: "/"))
        CanonicalHeaders.appendUTF8(self.service, to: &out)
        out.append(contentsOf: "/aws4_request".utf8)
    }

    /// Decides which headers are signed and where their values come from.
    private func plan(
        _ request: HTTPRequest,
        presign: Bool,
        signsToken: Bool,
        credentials: AWSCredentials
    ) throws(SigV4Error) -> CanonicalHeaders {
        var headers = CanonicalHeaders(capacity: request.headerFields.count + 4)
        var hostField: String? = nil
        let unsigned = self.options.unsignedHeaders
        for (index, field) in request.headerFields.enumerated() {
            let name = field.name
            if name == .hostHeader {
                let value = field.value
                if let hostField, hostField != value {
                    throw SigV4Error(code: .conflictingHost, reason: "the request has two different Host header fields")
                }
                hostField = value
                continue
            }
            if name == .authorization { continue }
            if !presign {
                // Replaced by the signer's own values.
                if name == .xAmzDate || name == .xAmzSecurityToken { continue }
                if self.options.addContentSHA256Header && name == .xAmzContentSHA256 { continue }
            }
            if !unsigned.isEmpty && unsigned.contains(name) { continue }
            headers.add(name: name.canonicalName, source: .field(index))
        }

        switch (request.authority, hostField) {
        case (let authority?, let field?) where authority != field:
            throw SigV4Error(
                code: .conflictingHost,
                reason: "the request's authority and its Host header field name different hosts"
            )
        case (let authority?, _) where !authority.isEmpty:
            headers.add(name: "host", source: .string(authority))
        case (_, let field?) where !field.isEmpty:
            headers.add(name: "host", source: .string(field))
        default:
            throw SigV4Error(code: .missingHost, reason: "the request has no authority and no Host header field")
        }
        if !presign {
            headers.add(name: "x-amz-date", source: .timestamp)
            if signsToken, let token = credentials.sessionToken {
                headers.add(name: "x-amz-security-token", source: .string(token))
            }
            if self.options.addContentSHA256Header {
                headers.add(name: "x-amz-content-sha256", source: .payloadHash)
            }
        }
        headers.sort()
        return headers
    }

    /// Appends the canonical query of a presigned request and returns the query to send (the
    /// request's own parameters as they were, then the `X-Amz-*` ones, without the signature).
    private func appendPresignQuery(
        _ rawQuery: UnsafeBufferPointer<UInt8>?,
        expires: Int,
        headers: CanonicalHeaders,
        date: SigningDate,
        credentials: AWSCredentials,
        signsToken: Bool,
        to out: inout [UInt8]
    ) throws(SigV4Error) -> [UInt8] {
        var query = CanonicalQuery()
        var sent: [UInt8] = []
        if let rawQuery {
            try query.add(rawQuery: rawQuery, dropping: Self.presignParameterNames)
            Self.appendRawQuery(rawQuery, dropping: Self.presignParameterNames, to: &sent)
        }
        var credential = Array(credentials.accessKeyID.utf8)
        credential.append(UInt8(ascii: "/"))
        self.appendScope(date: date, to: &credential)
        var signedHeaders: [UInt8] = []
        headers.appendSignedHeaders(to: &signedHeaders)
        var timestamp: [UInt8] = []
        date.appendTimestamp(to: &timestamp)

        var parameters: [(String, [UInt8])] = [
            ("X-Amz-Algorithm", Array(Self.algorithm.utf8)),
            ("X-Amz-Credential", credential),
            ("X-Amz-Date", timestamp),
            ("X-Amz-Expires", Array(String(expires).utf8)),
            ("X-Amz-SignedHeaders", signedHeaders),
        ]
        if signsToken, let token = credentials.sessionToken {
            parameters.append(("X-Amz-Security-Token", Array(token.utf8)))
        }
        for (key, value) in parameters {
            var encoded: [UInt8] = []
            PercentEncoding.appendEncoding(value, keepingSlash: false, to: &encoded)
            query.add(encodedKey: key.utf8, encodedValue: encoded)
            if !sent.isEmpty { sent.append(UInt8(ascii: "&")) }
            sent.append(contentsOf: key.utf8)
            sent.append(UInt8(ascii: "="))
            sent.append(contentsOf: encoded)
        }
        query.appendCanonical(to: &out)
        return sent
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

    /// The payload hash line: the SHA-256 of the body, `UNSIGNED-PAYLOAD`, or the caller's hash.
    private static func payloadHash(_ payload: SigV4Payload, using context: borrowing SHA256Context) throws(SigV4Error) -> PayloadHash {
        switch payload.kind {
        case .unsigned:
            return .unsigned
        case .bytes(let bytes):
            return .digest(context.hash(bytes))
        case .precomputed(let given):
            let bytes = Array(given.utf8)
            guard bytes.count == 64, bytes.allSatisfy({ Hex.value(of: $0) != nil }) else {
                throw SigV4Error(
                    code: .invalidPayloadHash,
                    reason: "a precomputed payload hash must be 64 hexadecimal digits (got \(bytes.count) bytes)"
                )
            }
            return .hex(bytes.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "F") ? $0 + 32 : $0 })
        }
    }

    /// The signing key for the credentials, day, region and service, from the cache if possible.
    private func signingKey(credentials: AWSCredentials, date: SigningDate, using context: borrowing SHA256Context) -> SHA256Digest {
        guard let cache = self.options.signingKeyCache else {
            return self.deriveSigningKey(secret: credentials.secretAccessKey, date: date, using: context)
        }
        let key = SigningKeyCache.Key(
            accessKeyID: credentials.accessKeyID,
            secretFingerprint: credentials.secretFingerprint,
            day: date.day,
            region: self.region,
            service: self.service
        )
        if let cached = cache.signingKey(for: key) {
            return cached
        }
        let derived = self.deriveSigningKey(secret: credentials.secretAccessKey, date: date, using: context)
        cache.store(derived, for: key)
        return derived
    }

    private func deriveSigningKey(secret: String, date: SigningDate, using context: borrowing SHA256Context) -> SHA256Digest {
        date.withDateStamp { dateStamp in
            Self.deriveSigningKey(secret: secret, dateStamp: dateStamp, region: self.region, service: self.service, using: context)
        }
    }

    /// `kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`.
    static func deriveSigningKey(
        secret: String,
        dateStamp: UnsafeRawBufferPointer,
        region: String,
        service: String,
        using context: borrowing SHA256Context
    ) -> SHA256Digest {
        var secretKey = Array("AWS4".utf8)
        secretKey.append(contentsOf: secret.utf8)
        defer {
            // Do not leave a copy of the secret behind in freed memory.
            for index in secretKey.indices { secretKey[index] = 0 }
        }
        let dateKey = secretKey.withUnsafeBytes { HMACSHA256.authenticate(key: $0, message: dateStamp, using: context) }
        let regionKey = HMACSHA256.authenticate(key: dateKey, message: region, using: context)
        let serviceKey = HMACSHA256.authenticate(key: regionKey, message: service, using: context)
        return HMACSHA256.authenticate(key: serviceKey, message: "aws4_request", using: context)
    }

    /// Region and service go into the credential scope, separated by `/`.
    private static func validateScope(region: String, service: String) throws(SigV4Error) {
        func check(_ value: String, _ what: String) throws(SigV4Error) {
            guard !value.isEmpty, Self.isUnreserved(value) else {
                throw SigV4Error(
                    code: .invalidScope,
                    reason: "the \(what) name '\(value)' must be non-empty and use only letters, digits, '-', '.', '_' and '~'"
                )
            }
        }
        try check(region, "region")
        try check(service, "service")
    }

    /// Whether every byte of `value` is an RFC 3986 unreserved character.
    private static func isUnreserved(_ value: String) -> Bool {
        var value = value
        return value.withUTF8 { bytes in
            for byte in bytes where !PercentEncoding.isUnreserved(byte) { return false }
            return true
        }
    }

    /// The access key ID goes into the `Credential=` part; the token into a header value.
    private static func validate(_ credentials: AWSCredentials) throws(SigV4Error) {
        guard !credentials.accessKeyID.isEmpty, Self.isUnreserved(credentials.accessKeyID) else {
            throw SigV4Error(
                code: .invalidCredentials,
                reason: "the access key ID must be non-empty and use only letters, digits, '-', '.', '_' and '~'"
            )
        }
        guard !credentials.secretAccessKey.isEmpty else {
            throw SigV4Error(code: .invalidCredentials, reason: "the secret access key is empty")
        }
        if var token = credentials.sessionToken {
            let printable = token.withUTF8 { bytes in
                for byte in bytes where byte < 0x20 || byte == 0x7F { return false }
                return true
            }
            guard !token.isEmpty, printable else {
                throw SigV4Error(
                    code: .invalidCredentials,
                    reason: "the session token is empty or holds control characters an HTTP header cannot carry"
                )
            }
        }
    }
}
