package import HTTPTypes

extension HTTPRequest {
    /// The absolute URL `scheme://authority/path?query` of the request, byte for byte as the
    /// pseudo-header fields give it, for transports that hand a URL string to their client.
    ///
    /// Signed requests break when a client re-encodes the path or query, so this does not encode
    /// or normalize anything: it checks that the request can be sent exactly as it is and throws
    /// otherwise. It accepts:
    ///
    /// - scheme `http` or `https` (any letter case);
    /// - an authority `host[:port]` where the host is a registered name, an IPv4 address or a
    ///   bracketed IPv6 literal, without user information (`@`), and the port, when present, is
    ///   a decimal number from 0 to 65535;
    /// - a path in origin form (it starts with `/`) made of RFC 3986 path and query characters
    ///   (unreserved, sub-delimiters, `:`, `@`, `/`, `?`) and well-formed percent escapes, with
    ///   no fragment.
    ///
    /// - Returns: The URL string, for example `https://ecr.us-east-1.amazonaws.com/`.
    /// - Throws: ``HTTPTransportError`` with code ``HTTPTransportError/Code/invalidRequest`` naming
    ///   the part that cannot be sent. The reason never repeats the path or query, which may hold
    ///   a presigned signature or a session token.
    package func exactURLString() throws(HTTPTransportError) -> String {
        guard let scheme = self.scheme else {
            throw HTTPTransportError(code: .invalidRequest, reason: "the request has no scheme")
        }
        let lowercasedScheme = scheme.lowercased()
        guard lowercasedScheme == "http" || lowercasedScheme == "https" else {
            throw HTTPTransportError(
                code: .invalidRequest,
                reason: "unsupported scheme (only http and https can be sent)"
            )
        }
        guard let authority = self.authority, !authority.isEmpty else {
            throw HTTPTransportError(code: .invalidRequest, reason: "the request has no authority (host)")
        }
        try Self.validateAuthority(authority)
        guard let path = self.path else {
            throw HTTPTransportError(code: .invalidRequest, reason: "the request has no path")
        }
        try Self.validatePath(path)
        return scheme + "://" + authority + path
    }

    private static func validateAuthority(_ authority: String) throws(HTTPTransportError) {
        let bytes = Array(authority.utf8)
        var index = 0
        if bytes.first == UInt8(ascii: "[") {
            // IP-literal: "[" IPv6address / IPvFuture "]"; checked for its characters only.
            guard let close = bytes.firstIndex(of: UInt8(ascii: "]")), close > 1 else {
                throw HTTPTransportError(code: .invalidRequest, reason: "the authority has an unclosed IPv6 literal")
            }
            for byte in bytes[1..<close] where !(byte.isHexDigit || byte == UInt8(ascii: ":") || byte == UInt8(ascii: ".")) {
                throw HTTPTransportError(
                    code: .invalidRequest,
                    reason: "the authority's IPv6 literal contains byte 0x\(byte.hex)"
                )
            }
            index = close + 1
        } else {
            while index < bytes.count, bytes[index] != UInt8(ascii: ":") {
                let byte = bytes[index]
                if byte == UInt8(ascii: "@") {
                    throw HTTPTransportError(
                        code: .invalidRequest,
                        reason: "the authority contains user information ('@'), which is not sent"
                    )
                }
                guard byte.isUnreserved || byte.isSubDelimiter || byte == UInt8(ascii: "%") else {
                    throw HTTPTransportError(
                        code: .invalidRequest,
                        reason: "the authority's host contains byte 0x\(byte.hex) at offset \(index)"
                    )
                }
                index += 1
            }
            guard index > 0 else {
                throw HTTPTransportError(code: .invalidRequest, reason: "the authority has an empty host")
            }
            try validatePercentEscapes(bytes[0..<index], part: "authority")
        }
        guard index < bytes.count else { return }
        guard bytes[index] == UInt8(ascii: ":") else {
            throw HTTPTransportError(
                code: .invalidRequest,
                reason: "the authority has byte 0x\(bytes[index].hex) after its host at offset \(index)"
            )
        }
        let port = bytes[(index + 1)...]
        guard !port.isEmpty, port.count <= 5, port.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let value = Int(String(decoding: port, as: UTF8.self)), value <= 65535
        else {
            throw HTTPTransportError(
                code: .invalidRequest,
                reason: "the authority's port is not a number from 0 to 65535"
            )
        }
    }

    private static func validatePath(_ path: String) throws(HTTPTransportError) {
        let bytes = Array(path.utf8)
        guard bytes.first == UInt8(ascii: "/") else {
            throw HTTPTransportError(
                code: .invalidRequest,
                reason: "the path is not in origin form (it must start with '/')"
            )
        }
        for (offset, byte) in bytes.enumerated() {
            guard byte.isUnreserved || byte.isSubDelimiter || byte.isPathDelimiter || byte == UInt8(ascii: "%") else {
                throw HTTPTransportError(
                    code: .invalidRequest,
                    reason: "the path contains byte 0x\(byte.hex) at offset \(offset), which cannot be sent unencoded"
                )
            }
        }
        try validatePercentEscapes(bytes[...], part: "path")
    }

    private static func validatePercentEscapes(_ bytes: ArraySlice<UInt8>, part: String) throws(HTTPTransportError) {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if bytes[index] == UInt8(ascii: "%") {
                guard index + 2 < bytes.endIndex, bytes[index + 1].isHexDigit, bytes[index + 2].isHexDigit
                else {
                    throw HTTPTransportError(
                        code: .invalidRequest,
                        reason: "the \(part) has an invalid percent escape at offset \(index - bytes.startIndex)"
                    )
                }
                index += 3
            } else {
                index += 1
            }
        }
    }
}

extension UInt8 {
    /// RFC 3986 `unreserved`: ALPHA / DIGIT / "-" / "." / "_" / "~".
    fileprivate var isUnreserved: Bool {
        switch self {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// RFC 3986 `sub-delims`: "!" / "$" / "&" / "'" / "(" / ")" / "*" / "+" / "," / ";" / "=".
    fileprivate var isSubDelimiter: Bool {
        switch self {
        case UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("),
            UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"),
            UInt8(ascii: "="):
            return true
        default:
            return false
        }
    }

    /// The other characters RFC 3986 allows in a path and query: ":" / "@" / "/" / "?".
    fileprivate var isPathDelimiter: Bool {
        self == UInt8(ascii: ":") || self == UInt8(ascii: "@") || self == UInt8(ascii: "/") || self == UInt8(ascii: "?")
    }

    fileprivate var isHexDigit: Bool {
        switch self {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"),
            UInt8(ascii: "A")...UInt8(ascii: "F"):
            return true
        default:
            return false
        }
    }

    fileprivate var hex: String {
        let digits = Array("0123456789ABCDEF".utf8)
        return String(decoding: [digits[Int(self >> 4)], digits[Int(self & 0x0F)]], as: UTF8.self)
    }
}
