import ArgumentParser
import FleetAuth
import Foundation
import OCIReference

/// `ecr-fleet-auth explain`: which charts of a GitRepo get which credentials, and why.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain which charts of a GitRepo receive which Helm credentials, and audit its helmRepoURLRegex.",
        discussion: """
            Reads a GitRepo manifest, walks its `paths` in a checkout of its git repository as \
            `fleet apply` does, reads each bundle's fleet.yaml, and decides for every chart \
            whether Fleet sends the credentials of helmSecretName (or helmSecretNameForPaths), \
            under the rules of the Fleet release given (GHSA-hx4v-cxpf-vh8m changed them). Then \
            it proves on the regex's automaton whether any URL on another host can receive the \
            credentials, and whether the intended registries receive them at all. Nothing \
            leaves the machine. Exit status 1 when there is an error finding (a leak, or \
            credentials that never reach the registry).

            The intended registries are the ECR registries the charts pull from (or every chart \
            host when none is ECR); name them with --registry to audit against others.

            EXAMPLES:
              ecr-fleet-auth explain Examples/fleet/gitrepo.yaml --checkout Examples/fleet/repo
              ecr-fleet-auth explain Examples/fleet/gitrepo-unsafe-regex.yaml --checkout Examples/fleet/repo
              ecr-fleet-auth explain gitrepo.yaml --checkout ~/src/fleet-apps --fleet-version v0.12.3 --json
            """
    )

    @Argument(help: "The GitRepo manifest (YAML or JSON); '-' reads standard input.")
    var gitRepo: String

    @Option(help: "A checkout of the GitRepo's git repository (default: the current directory).")
    var checkout: String = "."

    @OptionGroup var fleet: FleetVersionOption

    @Option(name: .customLong("registry"), help: "A registry host the credentials are meant for (repeatable; default: derived from the charts).")
    var registries: [String] = []

    @Option(help: "The secrets-path.yaml of a helmSecretNameForPaths GitRepo, to show which entry each bundle gets.")
    var secretsPathFile: String?

    @Flag(help: "Model a Rancher-provided CA bundle (then Fleet passes helmRepoURLRegex in every mode).")
    var rancherCABundle = false

    @Flag(help: "Print JSON (keys sorted) instead of text.")
    var json = false

    func run() throws {
        let semantics = try self.fleet.semantics()
        let gitRepo: GitRepo
        do {
            gitRepo = try GitRepo(yaml: try InputFile.text(self.gitRepo, what: "GitRepo"))
        } catch let error as FleetAuthError {
            throw ToolError.usage("GitRepo '\(self.gitRepo)': \(ToolError.from(error)?.message ?? error.reason)")
        }
        try InputFile.requireDirectory(self.checkout, what: "checkout")
        let regex = HelmRepoURLRegex(gitRepo.effectiveHelmRepoURLRegex(rancherCABundle: self.rancherCABundle), semantics: semantics)
        do {
            try regex.validate()
        } catch let error as FleetAuthError {
            throw ToolError.usage("helmRepoURLRegex \(String(reflecting: regex.pattern)): \(error.reason)")
        }
        var secretsPath: SecretsPathFile?
        if let path = self.secretsPathFile {
            do {
                secretsPath = try SecretsPathFile(yaml: try InputFile.text(path, what: "secrets-path.yaml"))
            } catch let error as FleetAuthError {
                throw ToolError.usage("secrets-path.yaml '\(path)': \(ToolError.from(error)?.message ?? error.reason)")
            }
        }
        for host in self.registries where ECRRegistry(host) == nil && host.contains("/") {
            throw ToolError.usage("--registry '\(host)' is not a registry host")
        }
        let explainer = Explainer(
            fileSystem: LocalFileSystem(root: self.checkout),
            semantics: semantics,
            intendedHosts: self.registries.isEmpty ? nil : self.registries,
            secretsPathFile: secretsPath,
            rancherCABundle: self.rancherCABundle
        )
        let report = try explainer.explain(gitRepo)
        guard !report.bundles.isEmpty else {
            let paths = gitRepo.spec.paths.isEmpty ? "the repository root" : "paths \(gitRepo.spec.paths)"
            throw ToolError.usage(
                "no bundle found under \(paths) in checkout '\(self.checkout)'; pass --checkout with a clone of \(gitRepo.spec.repo.isEmpty ? "the GitRepo's repository" : gitRepo.spec.repo)")
        }

        if self.json {
            try JSONOutput.write(ExplainJSON(report, gitRepo: gitRepo, checkout: self.checkout))
        } else {
            Output.write(ExplainText.render(report, gitRepo: gitRepo, checkout: self.checkout, fleetVersionGiven: self.fleet.fleetVersion != nil))
        }
        if let failed = report.bundles.first(where: { $0.error != nil }), let error = failed.error {
            throw ToolError.usage("bundle \(failed.path): \(ToolError.from(error)?.message ?? error.reason)")
        }
        if report.findings.contains(where: { $0.severity == .error }) {
            throw ToolExitRequest(code: ToolExit.findings)
        }
    }
}

/// The text form of an explanation.
enum ExplainText {
    static func render(_ report: ExplainReport, gitRepo: GitRepo, checkout: String, fleetVersionGiven: Bool) -> String {
        var lines: [String] = []
        let name = gitRepo.metadata.namespace.isEmpty ? gitRepo.metadata.name : "\(gitRepo.metadata.namespace)/\(gitRepo.metadata.name)"
        lines.append("GitRepo \(name.isEmpty ? "(unnamed)" : name)")
        lines.append(
            "  rules        "
                + (fleetVersionGiven
                    ? "\(report.semantics)"
                    : "current: Fleet v0.12.15+, v0.13.11+, v0.14.6+, v0.15.2+, v0.16+ (--fleet-version models another release)"))
        lines.append("  credentials  \(Self.mode(report.credentialMode))")
        lines.append("  regex        \(report.effectivePattern.isEmpty ? "(empty)" : report.effectivePattern)")
        lines.append("  checkout     \(checkout)")
        for note in report.notes {
            lines.append("  note         \(note)")
        }
        for bundle in report.bundles {
            lines.append("")
            lines.append("bundle \(bundle.path)" + (bundle.fleetYAMLPath.map { "  (\($0))" } ?? "  (no fleet.yaml)"))
            if let key = bundle.secretsPathKey {
                lines.append("  secrets-path.yaml entry \(String(reflecting: key))")
            }
            if let error = bundle.error {
                lines.append("  error: \(ToolError.from(error)?.message ?? error.reason)")
                continue
            }
            if bundle.charts.isEmpty {
                lines.append("  no Helm chart")
            }
            for chart in bundle.charts {
                lines.append(contentsOf: Self.chart(chart))
            }
        }
        if let audit = report.audit {
            lines.append("")
            lines.append("audit of the regex for \(audit.intendedHosts.joined(separator: ", "))")
            lines.append(contentsOf: AuditText.body(audit).map { "  " + $0 })
        }
        lines.append("")
        lines.append(FindingsSummary.line(report.findings))
        return lines.joined(separator: "\n") + "\n"
    }

    static func mode(_ mode: GitRepo.CredentialMode) -> String {
        switch mode {
        case .none: return "none (no helmSecretName or helmSecretNameForPaths)"
        case .secret(let name): return "helmSecretName \(String(reflecting: name))"
        case .secretForPaths(let name): return "helmSecretNameForPaths \(String(reflecting: name))"
        }
    }

    static func chart(_ chart: ChartReport) -> [String] {
        let download = chart.download
        var source = download.helm.repo.isEmpty ? download.helm.chart : "\(download.helm.repo) chart \(download.helm.chart)"
        if !download.helm.version.isEmpty { source += "  version \(download.helm.version)" }
        var lines = ["  \(download.location)  \(source)"]
        guard let decision = download.decision else {
            lines.append("    local chart: nothing is downloaded")
            return lines
        }
        let verdict = decision.sendsCredentials ? "SENT" : "not sent"
        lines.append("    credentials \(verdict): \(decision.reason) (\(decision.matchedField) \(String(reflecting: decision.matchedString)))")
        if decision.sendsCredentials, let source = chart.credentialSource {
            var from = "    from Secret \(String(reflecting: source))"
            if let key = chart.secretsPathKey { from += " entry \(String(reflecting: key))" }
            if let host = download.ociLoginHost { from += "; Fleet logs in to \(host)" }
            lines.append(from)
        }
        for finding in chart.findings {
            lines.append("    \(finding)")
        }
        return lines
    }
}

/// The JSON form of an explanation.
struct ExplainJSON: Encodable {
    struct Chart: Encodable {
        var location: String
        var target: String?
        var repo: String
        var chart: String
        var version: String
        var local: Bool
        var matchedField: String?
        var matchedString: String?
        var sendsCredentials: Bool
        var reason: String
        var host: String?
        var secret: String?
        var secretsPathKey: String?
        var ociLoginHost: String?
        var findings: [FindingJSON]
    }

    struct Bundle: Encodable {
        var path: String
        var fleetYAML: String?
        var secret: String?
        var secretsPathKey: String?
        var error: String?
        var charts: [Chart]
    }

    var gitRepo: String
    var namespace: String
    var checkout: String
    var semantics: String
    var fleetVersion: String?
    var credentialMode: String
    var secret: String?
    var helmRepoURLRegex: String
    var effectivePattern: String
    var notes: [String]
    var bundles: [Bundle]
    var audit: AuditJSON?
    var errors: Int
    var warnings: Int

    init(_ report: ExplainReport, gitRepo: GitRepo, checkout: String) {
        self.gitRepo = report.gitRepoName
        self.namespace = gitRepo.metadata.namespace
        self.checkout = checkout
        self.semantics = report.semantics.requiresAnchoredMatch ? "current" : "legacy"
        self.fleetVersion = report.semantics.fleetVersion
        switch report.credentialMode {
        case .none: self.credentialMode = "none"
        case .secret(let name): (self.credentialMode, self.secret) = ("helmSecretName", name)
        case .secretForPaths(let name): (self.credentialMode, self.secret) = ("helmSecretNameForPaths", name)
        }
        self.helmRepoURLRegex = gitRepo.spec.helmRepoURLRegex
        self.effectivePattern = report.effectivePattern
        self.notes = report.notes
        self.bundles = report.bundles.map { bundle in
            Bundle(
                path: bundle.path, fleetYAML: bundle.fleetYAMLPath, secret: bundle.secretName, secretsPathKey: bundle.secretsPathKey,
                error: bundle.error.map { ToolError.from($0)?.message ?? $0.reason },
                charts: bundle.charts.map { chart in
                    let download = chart.download
                    return Chart(
                        location: download.location.path, target: download.location.targetName, repo: download.helm.repo,
                        chart: download.helm.chart, version: download.helm.version, local: download.decision == nil,
                        matchedField: download.decision?.matchedField.description, matchedString: download.decision?.matchedString,
                        sendsCredentials: download.sendsCredentials,
                        reason: download.decision?.reason.description ?? CredentialDecision.Reason.localChart.description,
                        host: chart.host, secret: chart.credentialSource, secretsPathKey: chart.secretsPathKey,
                        ociLoginHost: download.ociLoginHost, findings: chart.findings.map(FindingJSON.init))
                })
        }
        self.audit = report.audit.map(AuditJSON.init)
        (self.errors, self.warnings) = FindingsSummary.counts(report.findings)
    }
}

/// JSON on standard output: keys sorted, indented, slashes as they are.
enum JSONOutput {
    static func write(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        Output.write(String(decoding: try encoder.encode(value), as: UTF8.self) + "\n")
    }
}
