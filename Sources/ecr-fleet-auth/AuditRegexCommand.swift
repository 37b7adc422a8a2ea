import ArgumentParser
import FleetAuth
import OCIReference

/// `ecr-fleet-auth audit-regex`: can a helmRepoURLRegex leak the credentials to another host?
struct AuditRegexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit-regex",
        abstract: "Prove whether a helmRepoURLRegex sends the credentials to a host other than the registries.",
        discussion: """
            Decides on the regex's automaton, exactly and under the rules of the Fleet release \
            given, whether any chart URL (oci://, https://, http://) on a host other than the \
            registries receives the credentials, and whether the registries receive them at all; \
            then lints the pattern (unescaped dots, missing anchor, a wildcard before the host) \
            and suggests Fleet's own safe pattern. A leak comes with a shortest URL that shows it. \
            Exit status 1 when there is an error finding (with --strict, any finding).

            EXAMPLES:
              ecr-fleet-auth audit-regex '^oci://123456789012\\.dkr\\.ecr\\.eu-central-1\\.amazonaws\\.com/' \\
                  --registry 123456789012.dkr.ecr.eu-central-1.amazonaws.com
              ecr-fleet-auth audit-regex '.*\\.dkr\\.ecr\\..*\\.amazonaws\\.com' \\
                  --registry 123456789012.dkr.ecr.eu-central-1.amazonaws.com --fleet-version v0.12.3
              ecr-fleet-auth audit-regex '' --registry 123456789012.dkr.ecr.eu-central-1.amazonaws.com --json
            """
    )

    @Argument(help: "The helmRepoURLRegex, as written in the GitRepo (Go regexp syntax).")
    var pattern: String

    @Option(name: .customLong("registry"), help: "A registry host (host[:port]) the credentials are meant for (repeatable, at least one).")
    var registries: [String] = []

    @OptionGroup var fleet: FleetVersionOption

    @Flag(help: "Exit with status 1 on warnings too.")
    var strict = false

    @Flag(help: "Print JSON (keys sorted) instead of text.")
    var json = false

    func run() throws {
        guard !self.registries.isEmpty else {
            throw ToolError.usage("audit-regex needs at least one --registry <host>")
        }
        let semantics = try self.fleet.semantics()
        let regex = HelmRepoURLRegex(self.pattern, semantics: semantics)
        do {
            try regex.validate()
        } catch let error as FleetAuthError {
            throw ToolError.usage("bad regex \(String(reflecting: self.pattern)): \(error.reason)")
        }
        let hosts = self.registries.map { host in ECRRegistry(host).map(\.host) ?? host }
        let report = try RegexAudit.audit(regex, intendedHosts: hosts)
        if self.json {
            try JSONOutput.write(AuditJSON(report))
        } else {
            var lines = ["pattern   \(self.pattern.isEmpty ? "(empty)" : self.pattern)"]
            lines.append("rules     \(semantics)")
            lines.append("registry  \(report.intendedHosts.joined(separator: ", "))")
            lines.append(contentsOf: AuditText.body(report))
            lines.append("")
            lines.append(FindingsSummary.line(report.findings))
            Output.write(lines.joined(separator: "\n") + "\n")
        }
        let failing = report.findings.contains { $0.severity == .error || (self.strict && $0.severity == .warning) }
        if failing {
            throw ToolExitRequest(code: ToolExit.findings)
        }
    }
}

/// The text form of an audit, shared by `explain` and `audit-regex`.
enum AuditText {
    static func body(_ report: RegexAuditReport) -> [String] {
        var lines: [String] = []
        if let leak = report.leakWitness {
            let host = RegexAudit.host(of: leak).map { "host \(String(reflecting: $0))" } ?? "another host"
            lines.append("LEAK      \(leak) is on \(host) and receives the credentials")
        } else {
            lines.append("no leak   no URL on another host receives the credentials (decided on the automaton)")
        }
        if let receiving = report.receivingURL {
            lines.append("receives  \(receiving)")
        } else if let never = report.neverSentURL {
            lines.append("NEVER     \(never) does not receive the credentials")
        }
        for finding in report.findings {
            lines.append("\(finding.severity): \(finding.kind): \(finding.message)" + (finding.witness.map { " (witness: \($0))" } ?? ""))
        }
        if !report.isSafe || !report.findings.isEmpty {
            lines.append("suggested helmRepoURLRegex: \(FindingsSummary.yamlQuoted(report.suggestedPattern))")
        }
        return lines
    }
}
