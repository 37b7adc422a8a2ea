/// The intermediate values and the result of a SigV4 signature, for debugging
/// `SignatureDoesNotMatch`.
///
/// AWS's error response for a bad signature includes the canonical request and string to sign it
/// computed; compare them with ``canonicalRequest`` and ``stringToSign`` line by line to see which
/// header, path or query parameter differs.
///
/// None of the fields holds the secret access key. The canonical request holds the request's
/// signed header values, which may include a session token; treat it as you would the request.
public struct SigV4Signature: Sendable, Hashable {
    /// The canonical request: method, canonical URI, canonical query, canonical headers, signed
    /// headers and payload hash, separated by newlines.
    public var canonicalRequest: String
    /// `AWS4-HMAC-SHA256`, the timestamp, the credential scope and the hex SHA-256 of the canonical
    /// request, separated by newlines.
    public var stringToSign: String
    /// The signature: 64 lowercase hexadecimal digits.
    public var signature: String
    /// The signed header names, lowercase, sorted and joined by `;`.
    public var signedHeaders: String
    /// The credential scope: `YYYYMMDD/<region>/<service>/aws4_request`.
    public var credentialScope: String
    /// The signing time as `YYYYMMDD'T'HHMMSS'Z'` (the `X-Amz-Date` value).
    public var timestamp: String

    /// Creates a signature value (useful in tests).
    ///
    /// - Parameters:
    ///   - canonicalRequest: The canonical request.
    ///   - stringToSign: The string to sign.
    ///   - signature: The hex signature.
    ///   - signedHeaders: The signed header names joined by `;`.
    ///   - credentialScope: The credential scope.
    ///   - timestamp: The `X-Amz-Date` value.
    public init(
        canonicalRequest: String,
        stringToSign: String,
        signature: String,
        signedHeaders: String,
        credentialScope: String = "",
        timestamp: String = ""
    ) {
        self.canonicalRequest = canonicalRequest
        self.stringToSign = stringToSign
        self.signature = signature
        self.signedHeaders = signedHeaders
        self.credentialScope = credentialScope
        self.timestamp = timestamp
    }
}
