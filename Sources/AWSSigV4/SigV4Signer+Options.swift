public import HTTPTypes

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

extension SigV4Signer {
    /// How a ``SigV4Signer`` canonicalizes and signs requests.
    ///
    /// The defaults are right for every AWS service but S3; use ``s3`` for S3.
    public struct Options: Sendable {
        /// Percent-encode the (already encoded) wire path once more in the canonical request.
        /// `true` for every service but S3.
        public var doubleURIEncode: Bool

        /// Remove dot segments and empty segments from the path in the canonical request.
        /// `true` for every service but S3.
        public var normalizePath: Bool

        /// Leave the session token out of the signature and add it afterwards (as
        /// `X-Amz-Security-Token` header or query parameter). A few services, such as IoT, require
        /// this; most want it signed (`false`).
        public var omitSessionToken: Bool

        /// Add a signed `x-amz-content-sha256` header carrying the payload hash (or
        /// `UNSIGNED-PAYLOAD`). S3 requires it; other services accept it. Presigning never adds it.
        public var addContentSHA256Header: Bool

        /// Header fields that are sent but not signed. By default every header field present is
        /// signed; proxies that rewrite some headers (`User-Agent`, `X-Amzn-Trace-Id`) break such
        /// signatures, which is why the AWS SDKs leave those out (see
        /// ``awsSDKUnsignedHeaders``). `Authorization` is never signed.
        public var unsignedHeaders: Set<HTTPField.Name>

        /// Seconds to add to the signing date: the server's clock minus the local clock.
        ///
        /// When AWS answers `RequestTimeTooSkewed` or `SignatureExpired`, compute the offset from
        /// the response's `Date` header and sign again with it. Defaults to 0.
        public var clockOffset: TimeInterval

        /// The cache for derived signing keys; ``SigningKeyCache/shared`` by default. `nil`
        /// derives the key on every signature.
        public var signingKeyCache: SigningKeyCache?

        /// Creates options; every parameter defaults to the setting for non-S3 services.
        ///
        /// - Parameters:
        ///   - doubleURIEncode: Encode the wire path again (`false` for S3).
        ///   - normalizePath: Remove dot and empty path segments (`false` for S3).
        ///   - omitSessionToken: Add the session token after signing instead of signing it.
        ///   - addContentSHA256Header: Add a signed `x-amz-content-sha256` header.
        ///   - unsignedHeaders: Header fields to send without signing.
        ///   - clockOffset: Seconds to add to the signing date (server clock minus local clock).
        ///   - signingKeyCache: Where to keep derived signing keys, or `nil` for nowhere.
        public init(
            doubleURIEncode: Bool = true,
            normalizePath: Bool = true,
            omitSessionToken: Bool = false,
            addContentSHA256Header: Bool = false,
            unsignedHeaders: Set<HTTPField.Name> = [],
            clockOffset: TimeInterval = 0,
            signingKeyCache: SigningKeyCache? = .shared
        ) {
            self.doubleURIEncode = doubleURIEncode
            self.normalizePath = normalizePath
            self.omitSessionToken = omitSessionToken
            self.addContentSHA256Header = addContentSHA256Header
            self.unsignedHeaders = unsignedHeaders
            self.clockOffset = clockOffset
            self.signingKeyCache = signingKeyCache
        }

        /// The settings S3 needs: no double encoding, no path normalization, and the
        /// `x-amz-content-sha256` header.
        public static var s3: Options {
            Options(doubleURIEncode: false, normalizePath: false, addContentSHA256Header: true)
        }

        /// The headers the AWS SDKs send without signing: `User-Agent`, `X-Amzn-Trace-Id` and
        /// `Expect`.
        public static var awsSDKUnsignedHeaders: Set<HTTPField.Name> {
            [.userAgent, .xAmznTraceID, .expect]
        }
    }
}
