import FleetAuth
import OCIReference
import Testing

/// Every witness the audit returns is checked by running the decision on it: a leak witness must
/// receive the credentials and have a host outside the intended set; a receiving URL must receive
/// them and be on an intended host; a never-sent URL must not receive them.
struct AuditPropertyTests {
    static let ecr = "123456789012.dkr.ecr.eu-central-1.amazonaws.com"

    static let patterns: [String] = [
        #".*\.dkr\.ecr\..*\.amazonaws\.com"#,
        #"\.dkr\.ecr\."#,
        #"oci://123456789012\.dkr\.ecr\.eu-central-1\.amazonaws\.com/"#,
        #"^oci://123456789012\.dkr\.ecr\.eu-central-1\.amazonaws\.com/"#,
        #"^oci://123456789012\.dkr\.ecr\.eu-central-1\.amazonaws\.com"#,
        #"^oci://123456789012.dkr.ecr.eu-central-1.amazonaws.com/"#,
        #"^https://123456789012\.dkr\.ecr\.eu-central-1\.amazonaws\.com"#,
        #"^(oci|https)://[0-9]{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com/"#,
        #"^oci://[^/]*\.amazonaws\.com/"#,
        #"amazonaws\.com"#,
        #"123456789012"#,
        ".*",
        "^oci://",
        "$",
        #"\bdkr\b"#,
        #"(?i)^OCI://123456789012\.DKR\.ECR\.EU-CENTRAL-1\.AMAZONAWS\.COM/"#,
        #"^oci://123456789012\.dkr\.ecr\.eu-central-1\.amazonaws\.com/|^https://charts\.example\.com/"#,
        #"^(?:oci://123456789012\.dkr\.ecr\.eu-central-1\.amazonaws\.com/)$"#,
        #"(?m)^oci://123456789012\.dkr\.ecr\.eu-central-1\.amazonaws\.com/"#,
        #"^\w+://123456789012\.dkr\.ecr\.eu-central-1\.amazonaws\.com/.+"#,
        "",
    ]

    static let cases: [(String, FleetSemantics)] = Self.patterns.flatMap { [($0, FleetSemantics.current), ($0, FleetSemantics.legacy)] }

    @Test(arguments: Self.cases)
    func everyWitnessIsConfirmedByTheDecision(_ c: (String, FleetSemantics)) throws {
        let regex = HelmRepoURLRegex(c.0, semantics: c.1)
        let report = try RegexAudit.audit(regex, registries: [try #require(ECRRegistry(Self.ecr))], repository: "nginx")
        if let leak = report.leakWitness {
            #expect(try regex.allowsCredentials(url: leak), "\(leak)")
            let host = try #require(RegexAudit.host(of: leak), "\(leak)")
            #expect(host != Self.ecr, "\(leak)")
            #expect(report.findings.contains { $0.witness == leak })
        }
        if let receiving = report.receivingURL {
            #expect(try regex.allowsCredentials(url: receiving), "\(receiving)")
            #expect(RegexAudit.host(of: receiving) == Self.ecr)
        } else {
            let failing = try #require(report.neverSentURL)
            #expect(try !regex.allowsCredentials(url: failing))
        }
        #expect(report.isSafe == (report.leakWitness == nil && report.receivingURL != nil))
    }

    @Test func knownVerdicts() throws {
        let registry = try #require(ECRRegistry(Self.ecr))
        func audit(_ p: String, _ s: FleetSemantics = .current) throws -> RegexAuditReport {
            try RegexAudit.audit(HelmRepoURLRegex(p, semantics: s), registries: [registry], repository: "nginx")
        }
        // Without the trailing slash, other hosts extend the name (or use userinfo): a leak.
        let noSlash = try audit(#"^oci://123456789012\.dkr\.ecr\.eu-central-1\.amazonaws\.com"#)
        #expect(noSlash.leakWitness != nil)
        // Unescaped dots: a leak to a host that differs in a dot.
        #expect(try audit(#"^oci://123456789012.dkr.ecr.eu-central-1.amazonaws.com/"#).leakWitness != nil)
        // Fleet's suggestion is safe under both rules... under the legacy rule only once anchored.
        let suggestion = try RegexSuggestion.pattern(forRegistries: [registry])
        #expect(try audit(suggestion).isSafe)
        #expect(try audit(suggestion, .legacy).isSafe)
        // Unanchored under legacy: a leak via a query string.
        let legacy = try audit(#"oci://123456789012\.dkr\.ecr\.eu-central-1\.amazonaws\.com/"#, .legacy)
        #expect(legacy.leakWitness != nil)
        #expect(legacy.findings.contains { $0.kind == .unanchored })
        // Case-insensitive anchored pattern is still safe: hosts compare without case.
        #expect(try audit(#"(?i)^OCI://123456789012\.DKR\.ECR\.EU-CENTRAL-1\.AMAZONAWS\.COM/"#).isSafe)
        // Empty: never sent under current, sent everywhere under legacy.
        let empty = try audit("")
        #expect(empty.findings.first?.kind == .emptyPatternNeverSends && empty.neverSentURL != nil)
        let emptyLegacy = try audit("", .legacy)
        #expect(emptyLegacy.findings.first?.kind == .emptyPatternSendsEverywhere && emptyLegacy.leakWitness != nil)
    }

    @Test func userinfoLeakOverHTTPS() throws {
        let regex = HelmRepoURLRegex(#"^https://charts\.example\.com"#)
        let report = try RegexAudit.audit(regex, intendedHosts: ["charts.example.com"], schemes: ["https"])
        let witness = try #require(report.leakWitness)
        #expect(try regex.allowsCredentials(url: witness))
        #expect(RegexAudit.host(of: witness) != "charts.example.com")
        let fixed = try RegexAudit.audit(HelmRepoURLRegex(#"^https://charts\.example\.com/"#), intendedHosts: ["charts.example.com"], schemes: ["https"])
        #expect(fixed.isSafe)
    }

    @Test func lintsCarryFixes() throws {
        let report = try RegexAudit.audit(
            HelmRepoURLRegex(#"oci://registry.example.com/.*"#, semantics: .legacy),
            intendedHosts: ["registry.example.com"]
        )
        let dot = try #require(report.findings.first { $0.kind == .unescapedDot })
        #expect(dot.suggestedPattern == #"oci://registry\.example\.com/.*"#)
        let anchor = try #require(report.findings.first { $0.kind == .unanchored })
        #expect(anchor.suggestedPattern == #"^(?:oci://registry.example.com/.*)"#)
        let wildcard = try RegexAudit.audit(HelmRepoURLRegex(#"^oci://.*\.example\.com/"#), intendedHosts: ["registry.example.com"])
        #expect(wildcard.findings.contains { $0.kind == .wildcardBeforeHost && $0.suggestedPattern == #"^oci://registry\.example\.com/"# })
        #expect(throws: FleetAuthError(code: .invalidHost)) { try RegexAudit.audit(HelmRepoURLRegex("x"), intendedHosts: []) }
        #expect(throws: FleetAuthError(code: .invalidHost)) { try RegexAudit.audit(HelmRepoURLRegex("x"), intendedHosts: ["oci://x/y"]) }
    }
}
