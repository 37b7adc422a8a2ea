import OCIReference

/// Explains, offline, which charts of a `GitRepo` receive which Helm credentials and why: walks
/// the GitRepo's `paths` in a checkout as Fleet's `fleet apply` does, reads each bundle's
/// `fleet.yaml`, decides every chart entry under the chosen Fleet rules, and audits the
/// `helmRepoURLRegex`.
///
/// ```swift
/// let explainer = Explainer(fileSystem: LocalFileSystem(root: "Examples/fleet/repo"), semantics: .current)
/// let report = try explainer.explain(try GitRepo(yaml: gitRepoText))
/// for bundle in report.bundles {
///     for chart in bundle.charts { print(chart) }
/// }
/// ```
public struct Explainer: Sendable {
    /// The checkout.
    public var fileSystem: any FleetFileSystem
    /// The Fleet rules.
    public var semantics: FleetSemantics
    /// The hosts the credentials are meant for; nil derives them from the charts (ECR registries
    /// when there are any, otherwise every remote chart's host).
    public var intendedHosts: [String]?
    /// The `secrets-path.yaml` of a `helmSecretNameForPaths` GitRepo, when known.
    public var secretsPathFile: SecretsPathFile?
    /// The data of the `helmSecretName` Secret, when known (only which keys are set matters).
    public var helmSecretData: [String: [UInt8]]?
    /// Whether Rancher provides a CA bundle (then Fleet passes the regex in every mode).
    public var rancherCABundle: Bool

    /// Creates an explainer.
    ///
    /// - Parameters:
    ///   - fileSystem: The checkout.
    ///   - semantics: The Fleet rules.
    ///   - intendedHosts: The hosts the credentials are for; nil to derive them.
    ///   - secretsPathFile: The `secrets-path.yaml`, for `helmSecretNameForPaths`.
    ///   - helmSecretData: The `helmSecretName` Secret's data, if known.
    ///   - rancherCABundle: Whether Rancher provides a CA bundle.
    public init(
        fileSystem: any FleetFileSystem,
        semantics: FleetSemantics = .current,
        intendedHosts: [String]? = nil,
        secretsPathFile: SecretsPathFile? = nil,
        helmSecretData: [String: [UInt8]]? = nil,
        rancherCABundle: Bool = false
    ) {
        self.fileSystem = fileSystem
        self.semantics = semantics
        self.intendedHosts = intendedHosts
        self.secretsPathFile = secretsPathFile
        self.helmSecretData = helmSecretData
        self.rancherCABundle = rancherCABundle
    }

    /// Explains a GitRepo against the checkout.
    ///
    /// - Parameter gitRepo: The GitRepo.
    /// - Returns: A report per bundle and chart, with audit findings. Errors of one bundle (bad
    ///   `fleet.yaml`, bad glob) are recorded in that bundle's report.
    /// - Throws: ``FleetAuthError`` when a `paths` glob is malformed or the checkout cannot be read.
    public func explain(_ gitRepo: GitRepo) throws -> ExplainReport {
        let pattern = gitRepo.effectiveHelmRepoURLRegex(rancherCABundle: self.rancherCABundle)
        let regex = HelmRepoURLRegex(pattern, semantics: self.semantics)
        var notes: [String] = []
        if case .secretForPaths = gitRepo.credentialMode, !gitRepo.spec.helmRepoURLRegex.isEmpty, pattern.isEmpty {
            notes.append(
                "helmSecretNameForPaths is set: Fleet's job does not receive helmRepoURLRegex, so the credentials are "
                    + "judged with an empty pattern (\(self.semantics.emptyPatternSendsCredentials ? "sent to every chart" : "sent to no chart"))"
            )
        }
        if case .secretForPaths = gitRepo.credentialMode, !gitRepo.spec.helmSecretName.isEmpty {
            notes.append("helmSecretName is ignored because helmSecretNameForPaths is set")
        }

        var bundles: [BundleReport] = []
        for (directory, optionsFile) in try self.bundleDirectories(gitRepo) {
            bundles.append(self.explainBundle(directory, optionsFile: optionsFile, gitRepo: gitRepo, regex: regex))
        }

        // The audit, against the intended hosts.
        var audit: RegexAuditReport?
        let hosts = self.intendedHosts ?? Self.deriveHosts(bundles)
        if !hosts.isEmpty, gitRepo.credentialMode != .none {
            audit = try? RegexAudit.audit(regex, intendedHosts: hosts)
        }
        let intended = Set(hosts.map { RegexAudit.stripPort($0).lowercased() })
        for b in bundles.indices {
            for c in bundles[b].charts.indices {
                let chart = bundles[b].charts[c]
                guard chart.download.isRemote, let host = chart.host else { continue }
                if chart.download.sendsCredentials && !intended.isEmpty && !intended.contains(host) && chart.credentialSource != nil {
                    bundles[b].charts[c].findings.append(
                        RegexFinding(kind: .leak, severity: .error,
                                     message: "this chart's host \(host) is not an intended registry, yet it receives the credentials",
                                     witness: chart.download.decision?.matchedString, suggestedPattern: audit?.suggestedPattern)
                    )
                }
                if !chart.download.sendsCredentials && intended.contains(host) && chart.credentialSource != nil {
                    bundles[b].charts[c].findings.append(
                        RegexFinding(kind: .credentialsNeverSent, severity: .error,
                                     message: "this chart is on an intended registry but does not receive the credentials",
                                     witness: chart.download.decision?.matchedString, suggestedPattern: audit?.suggestedPattern)
                    )
                }
            }
        }
        return ExplainReport(
            gitRepoName: gitRepo.metadata.name,
            semantics: self.semantics,
            credentialMode: gitRepo.credentialMode,
            effectivePattern: pattern,
            bundles: bundles,
            audit: audit,
            notes: notes
        )
    }

    private static func deriveHosts(_ bundles: [BundleReport]) -> [String] {
        var ecr: [String] = []
        var all: [String] = []
        for bundle in bundles {
            for chart in bundle.charts where chart.download.isRemote {
                guard let host = chart.host else { continue }
                if ECRRegistry(host) != nil, !ecr.contains(host) { ecr.append(host) }
                if !all.contains(host) { all.append(host) }
            }
        }
        return ecr.isEmpty ? all : ecr
    }

    private func explainBundle(_ path: String, optionsFile: String?, gitRepo: GitRepo, regex: HelmRepoURLRegex) -> BundleReport {
        var report = BundleReport(path: path, fleetYAMLPath: nil, secretName: nil, secretsPathKey: nil, charts: [], error: nil)
        // Credentials for this bundle.
        var credentials = HelmCredentials.none
        var source: String?
        switch gitRepo.credentialMode {
        case .none:
            break
        case .secret(let name):
            source = name
            report.secretName = name
            credentials = self.helmSecretData.map { HelmCredentials(helmSecretData: $0) }
                ?? HelmCredentials(username: "assumed", password: "assumed")
        case .secretForPaths(let name):
            report.secretName = name
            if let file = self.secretsPathFile {
                do {
                    if let selected = try file.selection(forPath: path) {
                        credentials = selected.credentials
                        report.secretsPathKey = selected.key
                        source = name
                    }
                } catch let error as FleetAuthError {
                    report.error = error
                    return report
                } catch {
                    return report
                }
            } else {
                credentials = HelmCredentials(username: "assumed", password: "assumed")
                source = name
            }
        }
        // The bundle's options file.
        let candidates = optionsFile.map { [$0] } ?? [Self.join(path, "fleet.yaml"), Self.join(path, "fleet.yml")]
        var fleetYAML = FleetYAML()
        do {
            for candidate in candidates {
                if let bytes = try self.fileSystem.contents(ofFile: candidate) {
                    report.fleetYAMLPath = candidate
                    fleetYAML = try FleetYAML(yaml: String(decoding: bytes, as: UTF8.self))
                    break
                }
            }
            let downloads = try fleetYAML.chartDownloads(credentials: credentials, regex: regex) { chart in
                self.fileSystem.exists(Self.join(path, chart))
            }
            report.charts = downloads.map { download in
                ChartReport(
                    download: download,
                    credentialSource: download.isRemote ? source : nil,
                    secretsPathKey: report.secretsPathKey,
                    host: download.decision.flatMap { RegexAudit.host(of: $0.matchedString) }
                        ?? download.ociReference.map { RegexAudit.stripPort($0.registry).lowercased() },
                    findings: []
                )
            }
        } catch let error as FleetAuthError {
            report.error = error
        } catch {
            report.error = FleetAuthError(code: .fileSystem, reason: "cannot read the bundle at \(String(reflecting: path))")
        }
        return report
    }

    /// Bundle directories in Fleet's order, with the driven-scan options file when there is one.
    private func bundleDirectories(_ gitRepo: GitRepo) throws -> [(String, String?)] {
        if !gitRepo.spec.bundles.isEmpty {
            return gitRepo.spec.bundles.map { definition in
                let base = Self.clean(definition.base)
                return (base, definition.options.isEmpty ? nil : Self.join(base, definition.options))
            }
        }
        let paths = gitRepo.spec.paths.isEmpty ? ["."] : gitRepo.spec.paths
        var result: [(String, String?)] = []
        for raw in paths {
            var pattern = Substring(raw)
            while pattern.hasPrefix("/") { pattern = pattern.dropFirst() }
            for base in try self.glob(String(pattern)) {
                try self.walk(base, root: base, into: &result)
            }
        }
        return result
    }

    /// Go's `filepath.Glob` restricted to directories.
    private func glob(_ pattern: String) throws -> [String] {
        let parts = pattern.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var current = ["."]
        for part in parts where part != "." {
            var next: [String] = []
            let isPattern = part.contains { "*?[\\".contains($0) }
            for directory in current {
                if !isPattern {
                    let candidate = Self.join(directory, part)
                    if self.fileSystem.exists(candidate) { next.append(candidate) }
                    continue
                }
                for entry in try self.listing(directory) {
                    let matched: Bool
                    do {
                        matched = try GoFilepath.match(part, entry.name)
                    } catch {
                        throw FleetAuthError(code: .invalidGlob, reason: "invalid path glob \(String(reflecting: pattern))")
                    }
                    if matched { next.append(Self.join(directory, entry.name)) }
                }
            }
            current = next
        }
        return current.filter { (try? self.fileSystem.entries(ofDirectory: $0)) != nil }
    }

    private func listing(_ directory: String) throws -> [(name: String, isDirectory: Bool)] {
        do {
            return try self.fileSystem.entries(ofDirectory: directory) ?? []
        } catch let error as FleetAuthError {
            throw error
        } catch {
            throw FleetAuthError(code: .fileSystem, reason: "cannot list \(String(reflecting: directory))")
        }
    }

    /// `filepath.Walk` from `root`, collecting bundle directories as Fleet's `CreateBundles` does.
    private func walk(_ path: String, root: String, into result: inout [(String, String?)]) throws {
        let entries = try self.listing(path)
        let hasFleetYAML = entries.contains { !$0.isDirectory && ($0.name == "fleet.yaml" || $0.name == "fleet.yml") }
        if path == root {
            let hasResources = try self.hasResourcesWithoutFleetYAML(path)
            if hasFleetYAML || hasResources {
                result.append((path, nil))
            }
        } else if hasFleetYAML {
            result.append((path, nil))
        }
        for entry in entries where entry.isDirectory && entry.name != ".git" {
            try self.walk(Self.join(path, entry.name), root: root, into: &result)
        }
    }

    private func hasResourcesWithoutFleetYAML(_ path: String) throws -> Bool {
        let entries = try self.listing(path)
        if entries.contains(where: { !$0.isDirectory && ($0.name == "fleet.yaml" || $0.name == "fleet.yml") }) {
            return false
        }
        for entry in entries {
            if !entry.isDirectory {
                if entry.name.hasSuffix(".yaml") || entry.name.hasSuffix(".yml") { return true }
            } else if try self.hasResourcesWithoutFleetYAML(Self.join(path, entry.name)) {
                return true
            }
        }
        return false
    }

    static func join(_ a: String, _ b: String) -> String {
        Self.clean(a + "/" + b)
    }

    /// Go's `filepath.Clean` for relative paths (enough for checkout paths).
    static func clean(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
                continue
            }
            parts.append(part)
        }
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }
}

/// The explanation of one GitRepo.
public struct ExplainReport: Sendable {
    /// The GitRepo's name.
    public var gitRepoName: String
    /// The Fleet rules applied.
    public var semantics: FleetSemantics
    /// How credentials are supplied.
    public var credentialMode: GitRepo.CredentialMode
    /// The pattern Fleet's job runs with (empty in `helmSecretNameForPaths` mode).
    public var effectivePattern: String
    /// One report per bundle, in Fleet's order.
    public var bundles: [BundleReport]
    /// The audit of the pattern against the intended hosts, when there are credentials and hosts.
    public var audit: RegexAuditReport?
    /// Remarks about the configuration (ignored fields, the regex not reaching the job).
    public var notes: [String]

    /// Every finding: the audit's, then each chart's.
    public var findings: [RegexFinding] {
        (self.audit?.findings ?? []) + self.bundles.flatMap { $0.charts.flatMap(\.findings) }
    }
}

/// One bundle of an explanation.
public struct BundleReport: Sendable {
    /// The bundle directory, relative to the checkout root.
    public var path: String
    /// The options file read, if any.
    public var fleetYAMLPath: String?
    /// The Secret the credentials come from.
    public var secretName: String?
    /// The `secrets-path.yaml` key selected for this path.
    public var secretsPathKey: String?
    /// The chart entries.
    public var charts: [ChartReport]
    /// Why the bundle failed, if it did (Fleet would fail it too).
    public var error: FleetAuthError?
}

/// One chart entry of an explanation.
public struct ChartReport: Sendable, CustomStringConvertible {
    /// The decision and the credentials used.
    public var download: ChartDownload
    /// The Secret the credentials come from, when the chart is remote and there are credentials.
    public var credentialSource: String?
    /// The `secrets-path.yaml` key that applies.
    public var secretsPathKey: String?
    /// The chart's host, lowercased.
    public var host: String?
    /// Findings about this chart.
    public var findings: [RegexFinding]

    /// For example `helm: send credentials for helm.chart "oci://…": helmRepoURLRegex matches [ecr-credentials]`.
    public var description: String {
        var text = self.download.description
        if let source = self.credentialSource {
            text += " [secret \(source)" + (self.secretsPathKey.map { ", key \(String(reflecting: $0))" } ?? "") + "]"
        }
        return text
    }
}
