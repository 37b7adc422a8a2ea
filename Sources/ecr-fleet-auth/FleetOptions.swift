import Foundation
import ArgumentParser
import FleetAuth

/// `--fleet-version`: which Fleet release's credential rules to apply.
struct FleetVersionOption: ParsableArguments {
    @Option(
        name: .customLong("fleet-version"),
        help: ArgumentHelp(
            "The Fleet release to model, for example v0.12.3 (default: the current rules of v0.12.15+, v0.13.11+, v0.14.6+, v0.15.2+ and v0.16+).",
            valueName: "version"))
    var fleetVersion: String?

    /// The rules of the release, or the current rules.
    ///
    /// - Throws: ``ToolError`` (usage) for a version that is not `vMAJOR.MINOR.PATCH` or older than v0.11.
    func semantics() throws -> FleetSemantics {
        guard let version = self.fleetVersion else { return .current }
        guard let semantics = FleetSemantics(fleetVersion: version) else {
            throw ToolError.usage(
                "--fleet-version '\(version)' is not a Fleet release this tool models (use vMAJOR.MINOR.PATCH, v0.11.0 or later)")
        }
        return semantics
    }
}

/// The text a finding's severity starts with, and the counts of a list of findings.
enum FindingsSummary {
    static func counts(_ findings: [RegexFinding]) -> (errors: Int, warnings: Int) {
        (findings.filter { $0.severity == .error }.count, findings.filter { $0.severity == .warning }.count)
    }

    static func line(_ findings: [RegexFinding]) -> String {
        let (errors, warnings) = Self.counts(findings)
        if errors == 0 && warnings == 0 { return "no findings" }
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        return [errors > 0 ? plural(errors, "error") : nil, warnings > 0 ? plural(warnings, "warning") : nil]
            .compactMap { $0 }.joined(separator: ", ")
    }

    /// A pattern as a YAML single-quoted scalar, ready for a GitRepo.
    static func yamlQuoted(_ pattern: String) -> String {
        "'" + pattern.replacingOccurrences(of: "'", with: "''") + "'"
    }
}

/// A finding as JSON.
struct FindingJSON: Encodable {
    var kind: String
    var severity: String
    var message: String
    var witness: String?
    var suggestedPattern: String?

    init(_ finding: RegexFinding) {
        self.kind = finding.kind.description
        self.severity = finding.severity.description
        self.message = finding.message
        self.witness = finding.witness
        self.suggestedPattern = finding.suggestedPattern
    }
}

/// The audit of a pattern as JSON.
struct AuditJSON: Encodable {
    var pattern: String
    var semantics: String
    var intendedHosts: [String]
    var schemes: [String]
    var safe: Bool
    var leakWitness: String?
    var receivingURL: String?
    var neverSentURL: String?
    var suggestedPattern: String
    var findings: [FindingJSON]

    init(_ report: RegexAuditReport) {
        self.pattern = report.pattern
        self.semantics = report.semantics.description
        self.intendedHosts = report.intendedHosts
        self.schemes = report.schemes
        self.safe = report.isSafe
        self.leakWitness = report.leakWitness
        self.receivingURL = report.receivingURL
        self.neverSentURL = report.neverSentURL
        self.suggestedPattern = report.suggestedPattern
        self.findings = report.findings.map(FindingJSON.init)
    }
}
