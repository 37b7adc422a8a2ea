/// What the signature says about the request body: its SHA-256, or that it is not signed.
///
/// The signer puts the payload's hash (or `UNSIGNED-PAYLOAD`) on the last line of the canonical
/// request, and, with ``SigV4Signer/Options/addContentSHA256Header``, into the
/// `x-amz-content-sha256` header.
///
/// ```swift
/// let body = Array(#"{}"#.utf8)
/// let signed = try signer.sign(request, payload: .bytes(body), credentials: credentials, date: .now)
/// ```
public struct SigV4Payload: Sendable, Hashable {
    enum Kind: Hashable, Sendable {
        case bytes([UInt8])
        case unsigned
        case precomputed(String)
    }

    let kind: Kind

    private init(_ kind: Kind) {
        self.kind = kind
    }

    /// An empty body (its SHA-256 is `e3b0c442…b855`).
    public static let empty = SigV4Payload(.bytes([]))

    /// A body that is not signed: the canonical request says `UNSIGNED-PAYLOAD` (S3 and presigned
    /// URLs use this).
    public static let unsigned = SigV4Payload(.unsigned)

    /// A body given as bytes; the signer hashes it.
    ///
    /// - Parameter bytes: The exact bytes the transport will send.
    /// - Returns: A payload whose hash the signer computes.
    public static func bytes(_ bytes: [UInt8]) -> SigV4Payload {
        SigV4Payload(.bytes(bytes))
    }

    /// A body whose SHA-256 the caller already knows (for example a large file hashed while it
    /// was written).
    ///
    /// - Parameter hex: 64 hexadecimal digits; either case is accepted and signed in lowercase.
    ///   Anything else makes signing throw ``SigV4Error/Code/invalidPayloadHash``.
    /// - Returns: A payload that the signer does not hash again.
    public static func precomputedSHA256(hex: String) -> SigV4Payload {
        SigV4Payload(.precomputed(hex))
    }
}

extension SigV4Payload: CustomStringConvertible {
    /// A short summary that shows the body's size, never its bytes (bodies may hold secrets).
    public var description: String {
        switch self.kind {
        case .bytes(let bytes): return "SigV4Payload(\(bytes.count) bytes)"
        case .unsigned: return "SigV4Payload(UNSIGNED-PAYLOAD)"
        case .precomputed(let hex): return "SigV4Payload(sha256: \(hex))"
        }
    }
}

extension SigV4Payload: CustomReflectable {
    /// A mirror that shows the same summary as ``description``, never the body's bytes.
    public var customMirror: Mirror {
        Mirror(self, children: ["payload": self.description], displayStyle: .struct)
    }
}
