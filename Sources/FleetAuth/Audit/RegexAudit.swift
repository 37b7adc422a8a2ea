public import OCIReference
internal import GoRegexp

/// What an audit found about a `helmRepoURLRegex`, with a witness and a fix where there is one.
public struct RegexFinding: Sendable, Hashable, CustomStringConvertible {
    /// The kind of finding. New kinds may be added in minor releases.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        /// Some URL whose host is not an intended one receives the credentials.
        public static let leak = Kind("leak")
        /// No URL of the intended registries receives the credentials.
        public static let credentialsNeverSent = Kind("credentialsNeverSent")
        /// Current rule, empty pattern: credentials are never sent.
        public static let emptyPatternNeverSends = Kind("emptyPatternNeverSends")
        /// Legacy rule, empty pattern: credentials go to every chart.
        public static let emptyPatternSendsEverywhere = Kind("emptyPatternSendsEverywhere")
        /// A `.` between host-name characters is not escaped and matches any character.
        public static let unescapedDot = Kind("unescapedDot")
        /// Legacy rule: the pattern is not anchored with `^`, so it matches anywhere in the URL.
        public static let unanchored = Kind("unanchored")
        /// `.*` or `.+` stands before the host, so any host can precede what follows.
        public static let wildcardBeforeHost = Kind("wildcardBeforeHost")
        /// The kind's name, for example `leak`.
        public var description: String { self.name }
    }

    /// How serious the finding is.
    public struct Severity: Sendable, Hashable, Comparable, CustomStringConvertible {
        private let level: Int
        private let name: String
        private init(_ level: Int, _ name: String) {
            self.level = level
            self.name = name
        }
        /// Worth fixing, not dangerous by itself.
        public static let warning = Severity(1, "warning")
        /// Credentials leak, or never reach the registry.
        public static let error = Severity(2, "error")
        /// Orders warnings before errors.
        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.level < rhs.level }
        /// `warning` or `error`.
        public var description: String { self.name }
    }

    /// The kind.
    public var kind: Kind
    /// How serious it is.
    public var severity: Severity
    /// What is wrong, in a sentence.
    public var message: String
    /// A URL that shows it: for a leak, a shortest URL on another host that receives the
    /// credentials; for credentials never sent, an intended chart URL that does not receive them.
    public var witness: String?
    /// A pattern that fixes it, when one can be given.
    public var suggestedPattern: String?

    /// Creates a finding.
    ///
    /// - Parameters:
    ///   - kind: The kind.
    ///   - severity: How serious.
    ///   - message: What is wrong.
    ///   - witness: A URL that shows it.
    ///   - suggestedPattern: A fix.
    public init(kind: Kind, severity: Severity, message: String, witness: String? = nil, suggestedPattern: String? = nil) {
        self.kind = kind
        self.severity = severity
        self.message = message
        self.witness = witness
        self.suggestedPattern = suggestedPattern
    }

    /// For example `error: leak: … (witness: https://…; fix: ^oci://…/)`.
    public var description: String {
        var text = "\(self.severity): \(self.kind): \(self.message)"
        var extras: [String] = []
        if let witness { extras.append("witness: \(witness)") }
        if let suggestedPattern { extras.append("fix: \(suggestedPattern)") }
        if !extras.isEmpty { text += " (" + extras.joined(separator: "; ") + ")" }
        return text
    }
}

/// The result of auditing a `helmRepoURLRegex` against the registries its credentials are for.
public struct RegexAuditReport: Sendable, Hashable {
    /// The pattern audited.
    public var pattern: String
    /// The rules it was audited under.
    public var semantics: FleetSemantics
    /// The hosts the credentials are meant for, lowercased.
    public var intendedHosts: [String]
    /// The URL schemes considered.
    public var schemes: [String]
    /// A shortest URL whose host is not intended and that receives the credentials; nil when
    /// none exists (decided exactly on the automata).
    public var leakWitness: String?
    /// A shortest URL of an intended host that receives the credentials; nil when none does.
    public var receivingURL: String?
    /// An intended chart URL that does not receive the credentials, when none does.
    public var neverSentURL: String?
    /// Every finding: the leak and never-sent results first, then the lints.
    public var findings: [RegexFinding]
    /// Fleet's migration-rule pattern for the intended hosts.
    public var suggestedPattern: String

    /// Whether no other host can receive the credentials and the intended hosts do.
    public var isSafe: Bool {
        self.leakWitness == nil && self.receivingURL != nil
    }
}

/// The leak audit: decides exactly, on the automata, whether a `helmRepoURLRegex` can send
/// credentials to a host other than the intended ones, and whether it sends them to the
/// intended ones at all.
///
/// The pattern's automaton (as Fleet runs it: `^(?:pattern)` under the current rule, unanchored
/// under the legacy rule) is combined with an automaton of chart URLs
/// `scheme://[userinfo@]host[:port]/…` whose host is outside the intended set, and a breadth-first
/// search of the product finds a shortest URL both accept. No sampling: when the audit reports
/// no leak, no URL of that form leaks.
///
/// ```swift
/// let report = try RegexAudit.audit(
///     HelmRepoURLRegex(#".*\.dkr\.ecr\..*\.amazonaws\.com"#),
///     intendedHosts: ["123456789012.dkr.ecr.eu-central-1.amazonaws.com"]
/// )
/// report.leakWitness  // a URL on another host that receives the credentials
/// ```
public enum RegexAudit {
    /// The schemes audited by default: `oci`, `https`, `http`.
    public static let defaultSchemes = ["oci", "https", "http"]

    /// Audits a pattern against the hosts its credentials are for.
    ///
    /// - Parameters:
    ///   - regex: The pattern and the Fleet rules.
    ///   - intendedHosts: The registry hosts the credentials are meant for (a port is ignored: a
    ///     host is the unit of trust).
    ///   - schemes: The URL schemes to consider.
    ///   - repository: The repository used for the sample chart URL of a never-sent finding.
    /// - Returns: The report.
    /// - Throws: ``FleetAuthError`` when the pattern is invalid, a host is not a host, or the
    ///   audit would exceed its budget (``FleetAuthError/Code/auditTooComplex``).
    public static func audit(
        _ regex: HelmRepoURLRegex,
        intendedHosts: [String],
        schemes: [String] = RegexAudit.defaultSchemes,
        repository: String = "chart"
    ) throws -> RegexAuditReport {
        guard !intendedHosts.isEmpty else {
            throw FleetAuthError(code: .invalidHost, reason: "no intended registry host given")
        }
        var hosts: [String] = []
        for host in intendedHosts {
            try RegexSuggestion.validate(host: host)
            let bare = Self.stripPort(host).lowercased()
            if !hosts.contains(bare) {
                hosts.append(bare)
            }
        }
        let schemes = schemes.isEmpty ? Self.defaultSchemes : schemes.map { $0.lowercased() }
        let primaryScheme = schemes[0]
        let suggestion = (try? RegexSuggestion.pattern(forHosts: intendedHosts, scheme: primaryScheme)) ?? ""
        let sample = "\(primaryScheme)://\(intendedHosts[0])/\(repository)"

        var findings: [RegexFinding] = []
        var leak: String?
        var receiving: String?
        var neverSent: String?
        if let compiled = try regex.effectiveRegexp() {
            leak = try ProductSearch(regexp: compiled, url: URLLanguage(schemes: schemes, hosts: .outside(hosts))).shortestMatch()
            receiving = try ProductSearch(regexp: compiled, url: URLLanguage(schemes: schemes, hosts: .inside(hosts)))
                .shortestMatch()
        } else if regex.semantics.emptyPatternSendsCredentials {
            leak = try ProductSearch(regexp: try GoRegexp(""), url: URLLanguage(schemes: schemes, hosts: .outside(hosts)))
                .shortestMatch()
            receiving = sample
            findings.append(
                RegexFinding(
                    kind: .emptyPatternSendsEverywhere,
                    severity: .error,
                    message: "helmRepoURLRegex is empty: this Fleet release sends the credentials to every chart",
                    witness: leak,
                    suggestedPattern: suggestion
                )
            )
        } else {
            findings.append(
                RegexFinding(
                    kind: .emptyPatternNeverSends,
                    severity: .error,
                    message: "helmRepoURLRegex is empty: Fleet sends the credentials to no chart",
                    witness: sample,
                    suggestedPattern: suggestion
                )
            )
        }
        if receiving == nil {
            neverSent = sample
            if !regex.pattern.isEmpty {
                findings.insert(
                    RegexFinding(
                        kind: .credentialsNeverSent,
                        severity: .error,
                        message: "no chart URL of \(hosts.joined(separator: ", ")) receives the credentials"
                            + (regex.semantics.requiresAnchoredMatch ? "; Fleet matches ^(?:pattern) from the start of the URL" : ""),
                        witness: sample,
                        suggestedPattern: suggestion
                    ),
                    at: 0
                )
            }
        }
        if let leak, !regex.pattern.isEmpty {
            findings.insert(
                RegexFinding(
                    kind: .leak,
                    severity: .error,
                    message: "a URL on another host receives the credentials",
                    witness: leak,
                    suggestedPattern: suggestion
                ),
                at: 0
            )
        }
        findings += RegexLint.lint(regex, suggestion: suggestion)
        return RegexAuditReport(
            pattern: regex.pattern,
            semantics: regex.semantics,
            intendedHosts: hosts,
            schemes: schemes,
            leakWitness: leak,
            receivingURL: receiving,
            neverSentURL: neverSent,
            findings: findings,
            suggestedPattern: suggestion
        )
    }

    /// Audits a pattern against ECR registries: their `oci://` chart URLs are the intended ones,
    /// and any URL on another host (including another account's registry) is a leak.
    ///
    /// - Parameters:
    ///   - regex: The pattern and the Fleet rules.
    ///   - registries: The registries the credentials are for.
    ///   - repository: The repository used for the sample chart URL, for example `nginx`.
    /// - Returns: The report.
    /// - Throws: The errors of ``audit(_:intendedHosts:schemes:repository:)``.
    public static func audit(_ regex: HelmRepoURLRegex, registries: [ECRRegistry], repository: String = "chart") throws -> RegexAuditReport {
        try Self.audit(regex, intendedHosts: registries.map(\.host), schemes: ["oci"] + ["https", "http"], repository: repository)
    }

    /// The host of a URL as the audit models it (after any userinfo, before the port), lowercased;
    /// nil when the text is not `scheme://authority…`.
    ///
    /// - Parameter url: A chart URL, such as a leak witness.
    /// - Returns: The host.
    public static func host(of url: String) -> String? {
        guard let (_, authority) = RegexSuggestion.origin(of: url) else {
            return nil
        }
        return Self.stripPort(authority).lowercased()
    }

    static func stripPort(_ authority: String) -> String {
        if let colon = authority.lastIndex(of: ":"),
            authority[authority.index(after: colon)...].allSatisfy({ $0.isASCII && $0.isNumber })
        {
            return String(authority[..<colon])
        }
        return authority
    }
}
