public import OCIReference

/// One chart Fleet downloads for a bundle, with the credentials it uses and why.
///
/// Produced by ``FleetYAML/chartDownloads(credentials:regex:isLocalChart:)`` for GitOps bundles
/// and ``HelmOp/chartDownload(credentials:)`` for HelmOps.
public struct ChartDownload: Sendable, Hashable, CustomStringConvertible {
    /// Where the entry is in its `fleet.yaml`.
    public struct Location: Sendable, Hashable, CustomStringConvertible {
        /// `helm`, or `targetCustomizations[i].helm`.
        public let path: String
        /// The target customization's name, if any.
        public let targetName: String?

        /// The top-level `helm:` block.
        public static let helm = Location(path: "helm", targetName: nil)

        /// A `targetCustomizations[index].helm` block.
        ///
        /// - Parameters:
        ///   - index: The entry's index.
        ///   - name: The entry's `name`.
        /// - Returns: The location.
        public static func targetCustomization(_ index: Int, name: String) -> Location {
            Location(path: "targetCustomizations[\(index)].helm", targetName: name.isEmpty ? nil : name)
        }

        /// For example `targetCustomizations[1].helm (prod)`.
        public var description: String {
            self.targetName.map { "\(self.path) (\($0))" } ?? self.path
        }
    }

    /// Where the entry is.
    public var location: Location
    /// The entry's Helm options.
    public var helm: HelmOptions
    /// Fleet's decision; nil for a local chart directory, which is not downloaded.
    public var decision: CredentialDecision?
    /// The credentials the download uses (after any stripping). Redacted when printed.
    public var credentials: HelmCredentials
    /// The OCI reference when the chart comes from an OCI registry.
    public var ociReference: OCIChartReference?
    /// The address Fleet logs in to, `host[:port]` as Fleet builds it from Go's `url.Hostname()`
    /// and `url.Port()` (so an IPv6 registry `[::1]:5000` becomes `::1:5000`, as in Fleet); nil
    /// when Fleet does not log in (not OCI, or no username and password after the decision).
    public var ociLoginHost: String?

    /// Creates a download description.
    ///
    /// - Parameters:
    ///   - location: Where the entry is.
    ///   - helm: Its options.
    ///   - decision: The decision, nil for a local chart.
    ///   - credentials: The credentials used.
    ///   - ociReference: The OCI reference, if any.
    ///   - ociLoginHost: The login host, if Fleet logs in.
    public init(
        location: Location,
        helm: HelmOptions,
        decision: CredentialDecision?,
        credentials: HelmCredentials,
        ociReference: OCIChartReference?,
        ociLoginHost: String?
    ) {
        self.location = location
        self.helm = helm
        self.decision = decision
        self.credentials = credentials
        self.ociReference = ociReference
        self.ociLoginHost = ociLoginHost
    }

    /// Fleet's `addr`: `url.Hostname()` (IPv6 brackets removed) plus `:port` when there is one.
    static func fleetLoginAddress(_ hostPort: String) -> String {
        guard hostPort.hasPrefix("["), let close = hostPort.firstIndex(of: "]") else {
            return hostPort
        }
        let host = hostPort[hostPort.index(after: hostPort.startIndex)..<close]
        let rest = hostPort[hostPort.index(after: close)...]
        return String(host) + (rest.hasPrefix(":") && rest.count > 1 ? String(rest) : "")
    }

    /// Whether the chart is downloaded (false for a local chart directory).
    public var isRemote: Bool {
        self.decision != nil
    }

    /// Whether the download carries the username and password or SSH key.
    public var sendsCredentials: Bool {
        self.decision?.sendsCredentials ?? false
    }

    /// For example `helm: send credentials for helm.chart "oci://…": helmRepoURLRegex matches`.
    public var description: String {
        guard let decision = self.decision else {
            return "\(self.location): \(CredentialDecision.Reason.localChart)"
        }
        return "\(self.location): \(decision)"
    }
}

extension FleetYAML {
    /// The charts Fleet downloads for this bundle, in Fleet's order (the top-level `helm:` block,
    /// then each `targetCustomizations[].helm`), with the credentials each one uses.
    ///
    /// - An entry is a chart when its `chart` is not empty, or, from Fleet v0.16
    ///   (``FleetSemantics/countsRepoOnlyOCIEntries``), when only an `oci://` `repo` is given.
    /// - A chart is local, and gets no decision, when `chart` names an existing path of the bundle
    ///   directory and `repo` is empty.
    /// - A failed match strips the credentials of that chart: the secrets only under the current
    ///   rule, everything under the legacy rule, and under the sticky strip of v0.11–v0.14.2 also
    ///   those of every later chart.
    /// - Fleet logs in to an OCI registry only when both username and password are non-empty.
    ///
    /// - Parameters:
    ///   - credentials: The bundle's credentials (`helmSecretName`, or its `secrets-path.yaml` entry).
    ///   - regex: The `helmRepoURLRegex` the job runs with, and the Fleet rules.
    ///   - isLocalChart: Whether a `chart` value names an existing path in the bundle directory.
    /// - Returns: One value per chart entry.
    /// - Throws: ``FleetAuthError`` when the pattern is invalid, as Fleet fails the bundle.
    public func chartDownloads(
        credentials: HelmCredentials,
        regex: HelmRepoURLRegex,
        isLocalChart: (String) -> Bool = { _ in false }
    ) throws -> [ChartDownload] {
        let semantics = regex.semantics
        var entries: [(ChartDownload.Location, HelmOptions)] = []
        func counts(_ helm: HelmOptions) -> Bool {
            !helm.chart.isEmpty || (semantics.countsRepoOnlyOCIEntries && helm.repo.hasPrefix("oci://"))
        }
        if let helm = self.helm, counts(helm) {
            entries.append((.helm, helm))
        }
        for (index, target) in self.targetCustomizations.enumerated() {
            if let helm = target.helm, counts(helm) {
                entries.append((.targetCustomization(index, name: target.name), helm))
            }
        }
        var bundleCredentials = credentials
        var stripped = false
        var downloads: [ChartDownload] = []
        for (location, helm) in entries {
            let isRemote = !helm.repo.isEmpty || !isLocalChart(helm.chart)
            guard isRemote else {
                downloads.append(
                    ChartDownload(location: location, helm: helm, decision: nil, credentials: bundleCredentials,
                                  ociReference: nil, ociLoginHost: nil)
                )
                continue
            }
            var decision = try regex.decision(repo: helm.repo, chart: helm.chart)
            var used = bundleCredentials
            if decision.sendsCredentials {
                if stripped {
                    decision.sendsCredentials = false
                    decision.reason = .strippedByEarlierChart
                }
            } else if semantics.requiresAnchoredMatch {
                used = bundleCredentials.strippedOfSecrets
            } else {
                used = .none
                if semantics.stripsLaterCharts {
                    bundleCredentials = .none
                    stripped = true
                }
            }
            let ociSource: String?
            if helm.chart.hasPrefix("oci://") {
                ociSource = helm.chart
            } else if semantics.countsRepoOnlyOCIEntries && helm.repo.hasPrefix("oci://") {
                ociSource = helm.repo
            } else {
                ociSource = nil
            }
            let reference = ociSource.flatMap { try? OCIChartReference(parsing: $0) }
            downloads.append(
                ChartDownload(
                    location: location,
                    helm: helm,
                    decision: decision,
                    credentials: used,
                    ociReference: reference,
                    ociLoginHost: used.sendsBasicAuth ? reference.map { ChartDownload.fleetLoginAddress($0.loginHost) } : nil
                )
            )
        }
        return downloads
    }
}

extension HelmOp {
    /// The chart download of this HelmOp: its Secret's credentials always go to its chart (no
    /// regex applies), with `insecureSkipVerify` taken from the spec; an `oci://` `repo` is an
    /// OCI chart.
    ///
    /// - Parameter credentials: The credentials read from the HelmOp's Secret.
    /// - Returns: The download, or nil when the HelmOp has no `helm` block.
    public func chartDownload(credentials: HelmCredentials) -> ChartDownload? {
        guard let helm = self.spec.helm else {
            return nil
        }
        var used = credentials
        used.insecureSkipVerify = self.spec.insecureSkipTLSVerify
        let field: CredentialDecision.Field = helm.repo.isEmpty ? .chart : .repo
        let decision = CredentialDecision(
            matchedString: helm.repo.isEmpty ? helm.chart : helm.repo,
            matchedField: field,
            sendsCredentials: true,
            reason: .helmOpAlwaysSends
        )
        let source = helm.repo.hasPrefix("oci://") ? helm.repo : (helm.chart.hasPrefix("oci://") ? helm.chart : nil)
        let reference = source.flatMap { try? OCIChartReference(parsing: $0) }
        return ChartDownload(
            location: .helm,
            helm: helm,
            decision: decision,
            credentials: used,
            ociReference: reference,
            ociLoginHost: used.sendsBasicAuth ? reference.map { ChartDownload.fleetLoginAddress($0.loginHost) } : nil
        )
    }
}
