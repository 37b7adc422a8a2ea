public import OCIReference
internal import GoRegexp

/// Fleet's own rule for a safe `helmRepoURLRegex` (from its `gitrepo-helm-url-regex` migration):
/// for each repository URL, `scheme://host[:port]/` with every metacharacter escaped; one origin
/// gives `^` + it, several give `^(` + the sorted, de-duplicated origins joined with `|` + `)`.
///
/// ```swift
/// RegexSuggestion.pattern(forURLs: ["oci://123456789012.dkr.ecr.eu-central-1.amazonaws.com/nginx"])
/// // ^oci://123456789012\.dkr\.ecr\.eu-central-1\.amazonaws\.com/
/// ```
///
/// The trailing `/` matters: without it `^https://charts\.example\.com` also matches
/// `https://charts.example.com.attacker.example/` and `https://charts.example.com@attacker.example/`.
public enum RegexSuggestion {
    /// The origin prefix of a URL as Fleet's migration derives it: `scheme://host[:port]/`,
    /// escaped; nil when the URL has no scheme or no host (a plain chart name, `oci:///x`).
    ///
    /// - Parameter url: A repository or chart URL.
    /// - Returns: The escaped prefix, without `^`.
    public static func escapedOrigin(of url: String) -> String? {
        guard let (scheme, authority) = Self.origin(of: url) else {
            return nil
        }
        return GoRegexp.quoteMeta(scheme + "://" + authority + "/")
    }

    /// A pattern that sends credentials to exactly these origins (Fleet's migration rule), or nil
    /// when no URL has a scheme and a host.
    ///
    /// - Parameter urls: Repository or chart URLs, for example `https://charts.example.com/stable`.
    /// - Returns: The pattern.
    public static func pattern(forURLs urls: [String]) -> String? {
        var prefixes = Set<String>()
        for url in urls {
            if let prefix = Self.escapedOrigin(of: url) {
                prefixes.insert(prefix)
            }
        }
        let sorted = prefixes.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        switch sorted.count {
        case 0: return nil
        case 1: return "^" + sorted[0]
        default: return "^(" + sorted.joined(separator: "|") + ")"
        }
    }

    /// A pattern for these registry hosts under a scheme, for example all `oci://` charts of the
    /// registries.
    ///
    /// - Parameters:
    ///   - hosts: Hosts with an optional port, for example `registry.example.com:5000`.
    ///   - scheme: The scheme Fleet sees, `oci` by default.
    /// - Returns: The pattern.
    /// - Throws: ``FleetAuthError`` with ``FleetAuthError/Code/invalidHost`` when a host is empty or
    ///   holds `/`, `@`, a scheme or whitespace.
    public static func pattern(forHosts hosts: [String], scheme: String = "oci") throws -> String {
        guard !hosts.isEmpty else {
            throw FleetAuthError(code: .invalidHost, reason: "no registry host given")
        }
        for host in hosts {
            try Self.validate(host: host)
        }
        // Non-empty hosts always give a prefix.
        return Self.pattern(forURLs: hosts.map { scheme + "://" + $0 + "/" }) ?? ""
    }

    /// A pattern for these ECR registries' `oci://` charts.
    ///
    /// - Parameter registries: The registries.
    /// - Returns: The pattern.
    /// - Throws: ``FleetAuthError`` when the list is empty.
    public static func pattern(forRegistries registries: [ECRRegistry]) throws -> String {
        try Self.pattern(forHosts: registries.map(\.host))
    }

    static func validate(host: String) throws {
        let bad = host.isEmpty || host.utf8.contains { b in
            b <= 0x20 || b == UInt8(ascii: "/") || b == UInt8(ascii: "@") || b == UInt8(ascii: "?") || b == UInt8(ascii: "#") || b >= 0x7F
        }
        if bad || host.contains("://") {
            throw FleetAuthError(code: .invalidHost, reason: "\(String(reflecting: host)) is not a host[:port]")
        }
    }

    /// Go's `url.Parse` as far as the migration needs it: a lowercased scheme and a non-empty
    /// authority (`u.Host`: after any userinfo, up to the path).
    static func origin(of url: String) -> (scheme: String, authority: String)? {
        guard let colon = url.firstIndex(of: ":") else { return nil }
        let scheme = url[..<colon]
        guard let first = scheme.unicodeScalars.first, first.properties.isASCIIHexDigit || first.isASCIILetter,
            scheme.unicodeScalars.allSatisfy({ $0.isASCIILetter || ("0"..."9").contains($0) || "+-.".unicodeScalars.contains($0) }),
            first.isASCIILetter
        else {
            return nil
        }
        let rest = url[url.index(after: colon)...]
        guard rest.hasPrefix("//") else { return nil }
        let afterSlashes = rest.dropFirst(2)
        let end = afterSlashes.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? afterSlashes.endIndex
        var authority = afterSlashes[..<end]
        if let at = authority.lastIndex(of: "@") {
            authority = authority[authority.index(after: at)...]
        }
        guard !authority.isEmpty else { return nil }
        return (scheme.lowercased(), String(authority))
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIILetter: Bool {
        ("a"..."z").contains(self) || ("A"..."Z").contains(self)
    }
}
