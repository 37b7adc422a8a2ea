public import GoRegexp

/// A `GitRepo`'s `helmRepoURLRegex` under the rules of a Fleet release: whether Fleet forwards the
/// Helm credentials of `helmSecretName` to a chart (Fleet's `shouldAddAuthToRequest`).
///
/// ```swift
/// let regex = HelmRepoURLRegex(#"^oci://123456789012\.dkr\.ecr\.eu-central-1\.amazonaws\.com/"#)
/// try regex.allowsCredentials(repo: "", chart: "oci://123456789012.dkr.ecr.eu-central-1.amazonaws.com/nginx")  // true
/// try regex.allowsCredentials(repo: "https://attacker.example/x", chart: "nginx")                           // false
/// ```
///
/// The string matched is `helm.repo` when it is not empty and `helm.chart` otherwise, exactly as
/// written (scheme included, nothing normalized). Under ``FleetSemantics/current`` the pattern is
/// first compiled on its own (an invalid pattern is an error quoting it), then as `^(?:pattern)`,
/// which must match from the start of the string; an empty pattern never sends credentials.
/// Under ``FleetSemantics/legacy`` an empty pattern always sends them and a pattern is matched
/// anywhere in the string (Go's `regexp.MatchString`).
///
/// The pattern is compiled once, when the value is created; matching takes time linear in the
/// length of the URL, whatever the pattern.
public struct HelmRepoURLRegex: Sendable, CustomStringConvertible {
    /// The pattern as the user wrote it; empty when none was given.
    public let pattern: String

    /// The rules applied.
    public let semantics: FleetSemantics

    private let compiled: Result<GoRegexp?, FleetAuthError>

    /// Prepares a pattern; never throws. Errors are reported by ``allowsCredentials(repo:chart:)``,
    /// ``decision(repo:chart:)`` and ``validate()``, as Fleet reports them per chart.
    ///
    /// - Parameters:
    ///   - pattern: The `helmRepoURLRegex`; nil or empty for none.
    ///   - semantics: The rules of the Fleet release to model.
    public init(_ pattern: String?, semantics: FleetSemantics = .current) {
        let text = pattern ?? ""
        self.pattern = text
        self.semantics = semantics
        self.compiled = Self.compile(text, semantics: semantics)
    }

    /// Throws the error Fleet would report for this pattern, if any.
    ///
    /// - Throws: ``FleetAuthError`` with ``FleetAuthError/Code/invalidPattern`` when Go rejects the
    ///   pattern, or ``FleetAuthError/Code/invalidAnchoredPattern`` when only its wrapped form
    ///   `^(?:pattern)` is rejected (current rule).
    public func validate() throws {
        _ = try self.compiled.get()
    }

    /// The regular expression Fleet actually runs: `^(?:pattern)` under the current rule, the
    /// pattern itself under the legacy rule; nil when the pattern is empty.
    ///
    /// - Throws: The errors of ``validate()``.
    public func effectiveRegexp() throws -> GoRegexp? {
        try self.compiled.get()
    }

    /// Whether Fleet sends the credentials for a chart (Fleet's `shouldAddAuthToRequest`).
    ///
    /// - Parameters:
    ///   - repo: The entry's `helm.repo`.
    ///   - chart: The entry's `helm.chart`.
    /// - Returns: True when the credentials are forwarded.
    /// - Throws: ``FleetAuthError`` when the pattern is invalid (see ``validate()``).
    public func allowsCredentials(repo: String, chart: String) throws -> Bool {
        try self.decision(repo: repo, chart: chart).sendsCredentials
    }

    /// The decision for a chart with its reason.
    ///
    /// - Parameters:
    ///   - repo: The entry's `helm.repo`.
    ///   - chart: The entry's `helm.chart`.
    /// - Returns: The matched string, whether credentials are sent, and why.
    /// - Throws: ``FleetAuthError`` when the pattern is invalid (see ``validate()``).
    public func decision(repo: String, chart: String) throws -> CredentialDecision {
        let field: CredentialDecision.Field = repo.isEmpty ? .chart : .repo
        let matched = repo.isEmpty ? chart : repo
        guard let regexp = try self.compiled.get() else {
            let sends = self.semantics.emptyPatternSendsCredentials
            return CredentialDecision(
                matchedString: matched,
                matchedField: field,
                sendsCredentials: sends,
                reason: sends ? .emptyPatternSendsEverywhere : .emptyPatternNeverSends
            )
        }
        let sends = regexp.matches(matched)
        return CredentialDecision(
            matchedString: matched,
            matchedField: field,
            sendsCredentials: sends,
            reason: sends ? .patternMatched : .patternDidNotMatch
        )
    }

    /// Whether Fleet sends the credentials when the matched string is `url`.
    ///
    /// - Parameter url: The string Fleet matches (a `helm.repo`, or a `helm.chart` with no repo).
    /// - Returns: True when the credentials are forwarded.
    /// - Throws: ``FleetAuthError`` when the pattern is invalid (see ``validate()``).
    public func allowsCredentials(url: String) throws -> Bool {
        try self.decision(repo: url, chart: "").sendsCredentials
    }

    /// The pattern and the rules, for example `helmRepoURLRegex "^oci://x/" (current)`.
    public var description: String {
        "helmRepoURLRegex \(String(reflecting: self.pattern)) (\(self.semantics))"
    }

    private static func compile(_ pattern: String, semantics: FleetSemantics) -> Result<GoRegexp?, FleetAuthError> {
        if pattern.isEmpty {
            return .success(nil)
        }
        let alone: GoRegexp
        do {
            alone = try GoRegexp(pattern)
        } catch {
            return .failure(
                FleetAuthError(
                    code: .invalidPattern,
                    reason: "helmRepoURLRegex \(String(reflecting: pattern)) is not a valid Go regular expression: \(error)"
                )
            )
        }
        if !semantics.requiresAnchoredMatch {
            return .success(alone)
        }
        do {
            return .success(try GoRegexp(Self.anchored(pattern)))
        } catch {
            return .failure(
                FleetAuthError(
                    code: .invalidAnchoredPattern,
                    reason: "helmRepoURLRegex \(String(reflecting: pattern)) is valid on its own, but Fleet runs it as "
                        + "\(String(reflecting: Self.anchored(pattern))), which Go rejects: \(error)"
                )
            )
        }
    }

    /// Fleet's wrapping under the current rule: `^(?:pattern)`.
    static func anchored(_ pattern: String) -> String {
        "^(?:" + pattern + ")"
    }
}

/// Fleet's decision for one chart: the string matched, whether the credentials are sent, and why.
public struct CredentialDecision: Sendable, Hashable, CustomStringConvertible {
    /// The field of the chart entry whose value was matched.
    public struct Field: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        /// `helm.repo` (used when it is not empty).
        public static let repo = Field("helm.repo")
        /// `helm.chart` (used when `helm.repo` is empty).
        public static let chart = Field("helm.chart")
        /// The field name, `helm.repo` or `helm.chart`.
        public var description: String { self.name }
    }

    /// Why the credentials are or are not sent.
    public struct Reason: Sendable, Hashable, CustomStringConvertible {
        private let text: String
        private init(_ text: String) { self.text = text }
        /// Legacy rule, empty `helmRepoURLRegex`: credentials go to every chart.
        public static let emptyPatternSendsEverywhere = Reason(
            "helmRepoURLRegex is empty: legacy Fleet sends the credentials to every chart"
        )
        /// Current rule, empty `helmRepoURLRegex`: credentials go to no chart.
        public static let emptyPatternNeverSends = Reason(
            "helmRepoURLRegex is empty: Fleet sends the credentials to no chart"
        )
        /// The pattern matched the string.
        public static let patternMatched = Reason("helmRepoURLRegex matches")
        /// The pattern did not match the string.
        public static let patternDidNotMatch = Reason("helmRepoURLRegex does not match")
        /// HelmOps forward their Secret's credentials to their chart without a regex.
        public static let helmOpAlwaysSends = Reason("HelmOps send their Secret's credentials to their chart; no regex applies")
        /// The credentials were taken away by an earlier chart of the bundle (sticky strip).
        public static let strippedByEarlierChart = Reason(
            "an earlier chart of this bundle did not match: Fleet v0.11–v0.14.2 stripped the credentials of every later chart"
        )
        /// The chart is a local directory; nothing is downloaded.
        public static let localChart = Reason("local chart directory: nothing is downloaded")
        /// The explanation.
        public var description: String { self.text }
    }

    /// The string matched: `helm.repo`, or `helm.chart` when `helm.repo` is empty.
    public var matchedString: String
    /// Which field ``matchedString`` comes from.
    public var matchedField: Field
    /// Whether the credentials are sent.
    public var sendsCredentials: Bool
    /// Why.
    public var reason: Reason

    /// Creates a decision.
    ///
    /// - Parameters:
    ///   - matchedString: The string matched.
    ///   - matchedField: Its field.
    ///   - sendsCredentials: Whether credentials are sent.
    ///   - reason: Why.
    public init(matchedString: String, matchedField: Field, sendsCredentials: Bool, reason: Reason) {
        self.matchedString = matchedString
        self.matchedField = matchedField
        self.sendsCredentials = sendsCredentials
        self.reason = reason
    }

    /// For example `send credentials for helm.repo "oci://…": helmRepoURLRegex matches`.
    public var description: String {
        let verdict = self.sendsCredentials ? "send credentials" : "do not send credentials"
        return "\(verdict) for \(self.matchedField) \(String(reflecting: self.matchedString)): \(self.reason)"
    }
}
