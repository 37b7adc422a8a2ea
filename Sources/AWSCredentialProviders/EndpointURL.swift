/// A URL split the way an `HTTPRequest` needs it: scheme, authority and path with query.
/// `package` so `ECRAuth` parses endpoint overrides the same way.
///
/// Parsed by hand so the authority and path go on the wire exactly as written (Foundation's
/// `URL` normalizes some of them), and so IPv6 literals keep their brackets in the authority.
package struct EndpointURL: Sendable, Hashable, CustomStringConvertible {
    /// `http` or `https`, lowercased.
    package var scheme: String
    /// `host[:port]` exactly as written, IPv6 literals in brackets.
    package var authority: String
    /// The host, lowercased, without brackets or port.
    package var host: String
    /// The explicit port, if any.
    package var port: Int?
    /// The path and query, `/` when the URL had none.
    package var pathAndQuery: String

    /// Parses an absolute `http` or `https` URL; returns `nil` for anything else, for URLs with
    /// user information, fragments, whitespace or control characters, and for invalid ports.
    package init?(_ text: String) {
        guard !text.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F }), !text.contains("#") else { return nil }
        guard let schemeEnd = text.firstRange(of: "://") else { return nil }
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        let rest = text[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        let authority = String(rest[..<authorityEnd])
        guard !authority.isEmpty, !authority.contains("@") else { return nil }

        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let afterClose = authority[authority.index(after: close)...]
            if !afterClose.isEmpty {
                guard afterClose.hasPrefix(":") else { return nil }
                portText = afterClose.dropFirst()
            }
            guard !host.isEmpty, host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return nil }
        } else {
            if let colon = authority.lastIndex(of: ":") {
                host = authority[..<colon]
                portText = authority[authority.index(after: colon)...]
            } else {
                host = authority[...]
            }
            guard !host.isEmpty, !host.contains(":"), !host.contains("[") else { return nil }
        }
        if let portText {
            guard !portText.isEmpty, portText.count <= 5, portText.allSatisfy(\.isASCII), let port = Int(portText),
                port > 0, port <= 65_535
            else { return nil }
            self.port = port
        } else {
            self.port = nil
        }
        self.scheme = scheme
        self.authority = authority
        self.host = host.lowercased()
        let pathAndQuery = String(rest[authorityEnd...])
        self.pathAndQuery = pathAndQuery.isEmpty ? "/" : (pathAndQuery.hasPrefix("?") ? "/" + pathAndQuery : pathAndQuery)
    }

    /// `scheme://authority/path?query`.
    package var description: String { "\(self.scheme)://\(self.authority)\(self.pathAndQuery)" }

    /// The URL without its query, for log lines (a query may carry a token).
    package var withoutQuery: String {
        let path = self.pathAndQuery.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? "/"
        return "\(self.scheme)://\(self.authority)\(path)"
    }
}
