/// Which hosts may serve container credentials over plain HTTP.
///
/// The AWS SDKs accept `AWS_CONTAINER_CREDENTIALS_FULL_URI` only when it is `https`, or when its
/// host is a loopback address, the ECS task metadata address `169.254.170.2`, or an EKS Pod
/// Identity agent address (`169.254.170.23`, `fd00:ec2::23`). The SDKs resolve host names and
/// check every address; this package cannot resolve names through the caller's transport, so over
/// plain HTTP it accepts IP literals and `localhost` only.
enum ContainerEndpointPolicy {
    /// The ECS task metadata endpoint that `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` is relative to.
    static let ecsHost = "169.254.170.2"

    static let allowedIPv4: Set<[UInt8]> = [[169, 254, 170, 2], [169, 254, 170, 23]]
    static let eksIPv6: [UInt8] = [0xFD, 0x00, 0x0E, 0xC2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x23]

    /// Whether a plain-HTTP endpoint's host is allowed.
    static func isAllowedHTTPHost(_ host: String) -> Bool {
        if host == "localhost" { return true }
        if let ipv4 = IPAddressLiteral.ipv4(host) {
            return ipv4[0] == 127 || Self.allowedIPv4.contains(ipv4)
        }
        if let ipv6 = IPAddressLiteral.ipv6(host) {
            if ipv6 == [UInt8](repeating: 0, count: 15) + [1] { return true }
            if ipv6 == Self.eksIPv6 { return true }
            // IPv4-mapped (::ffff:a.b.c.d): judge the IPv4 address.
            if ipv6[0..<10].allSatisfy({ $0 == 0 }), ipv6[10] == 0xFF, ipv6[11] == 0xFF {
                let ipv4 = Array(ipv6[12..<16])
                return ipv4[0] == 127 || Self.allowedIPv4.contains(ipv4)
            }
        }
        return false
    }

    /// Checks a full URI; returns the parsed endpoint.
    static func validateFullURI(_ text: String, variable: String) throws(AWSCredentialsError) -> EndpointURL {
        guard let endpoint = EndpointURL(text) else {
            throw AWSCredentialsError(code: .invalidConfiguration, reason: "\(variable) is not an absolute http(s) URL")
        }
        guard endpoint.scheme == "https" || Self.isAllowedHTTPHost(endpoint.host) else {
            throw AWSCredentialsError(
                code: .endpointNotAllowed,
                reason: "\(variable) host \(endpoint.host) is not allowed over http: use https, a loopback address, "
                    + "169.254.170.2 (ECS), or 169.254.170.23 / [fd00:ec2::23] (EKS Pod Identity)")
        }
        return endpoint
    }
}

/// Parsers for IPv4 dotted-quad and IPv6 literals (RFC 4291 text forms, without zone IDs).
enum IPAddressLiteral {
    /// `a.b.c.d` with four decimal parts 0–255 and no leading zeros; `nil` otherwise.
    static func ipv4(_ text: some StringProtocol) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0.isASCII && $0.isNumber }),
                part == "0" || !part.hasPrefix("0"), let value = UInt8(part)
            else { return nil }
            bytes.append(value)
        }
        return bytes
    }

    /// An IPv6 address in any RFC 4291 text form (`::1`, `fd00:ec2::23`, `::ffff:127.0.0.1`) as
    /// 16 bytes; `nil` otherwise.
    static func ipv6(_ text: some StringProtocol) -> [UInt8]? {
        let string = String(text).lowercased()
        guard string.contains(":"), string.utf8.count <= 45 else { return nil }
        let halves = string.split(separator: "::", omittingEmptySubsequences: false).map(String.init)
        guard halves.count <= 2 else { return nil }

        func groups(_ part: String) -> [UInt16]? {
            if part.isEmpty { return [] }
            var result: [UInt16] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if index == pieces.count - 1, piece.contains("."), let ipv4 = ipv4(piece) {
                    result.append(UInt16(ipv4[0]) << 8 | UInt16(ipv4[1]))
                    result.append(UInt16(ipv4[2]) << 8 | UInt16(ipv4[3]))
                    continue
                }
                guard !piece.isEmpty, piece.count <= 4, piece.allSatisfy(\.isHexDigit), let value = UInt16(piece, radix: 16) else {
                    return nil
                }
                result.append(value)
            }
            return result
        }

        let words: [UInt16]
        if halves.count == 2 {
            guard let head = groups(halves[0]), let tail = groups(halves[1]), head.count + tail.count <= 7 else { return nil }
            words = head + [UInt16](repeating: 0, count: 8 - head.count - tail.count) + tail
        } else {
            guard let all = groups(halves[0]), all.count == 8 else { return nil }
            words = all
        }
        return words.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }
}
