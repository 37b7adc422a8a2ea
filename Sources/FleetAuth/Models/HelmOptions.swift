/// The `helm:` block of a `fleet.yaml`, a `targetCustomizations[]` entry or a `HelmOp`
/// (Fleet's `HelmOptions`): where the chart comes from and how it is released.
///
/// Only what the credential decision and `explain` need is modelled; other fields (`values`,
/// `valuesFrom`, …) are read past.
public struct HelmOptions: Sendable, Hashable {
    /// `chart`: a chart name in `repo`, a local directory, an `oci://` reference, or a URL.
    public var chart: String
    /// `repo`: a Helm repository URL or, for HelmOps and newer `fleet.yaml` files, an `oci://` URL.
    public var repo: String
    /// `version`: a chart version or a semver constraint.
    public var version: String
    /// `releaseName`: the Helm release name.
    public var releaseName: String
    /// `timeoutSeconds`.
    public var timeoutSeconds: Int?
    /// `valuesFiles`: values files in the bundle directory.
    public var valuesFiles: [String]
    /// `force`.
    public var force: Bool
    /// `takeOwnership`.
    public var takeOwnership: Bool
    /// `atomic`.
    public var atomic: Bool
    /// `waitForJobs`.
    public var waitForJobs: Bool
    /// `maxHistory`.
    public var maxHistory: Int?
    /// `disableDependencyUpdate`.
    public var disableDependencyUpdate: Bool
    /// `skipSchemaValidation`.
    public var skipSchemaValidation: Bool
    /// `disablePreProcess`.
    public var disablePreProcess: Bool
    /// `disableDNS`.
    public var disableDNS: Bool
    /// The line of the block in its document, when it was read from one.
    public var line: Int?

    /// Creates Helm options.
    ///
    /// - Parameters:
    ///   - chart: `chart`.
    ///   - repo: `repo`.
    ///   - version: `version`.
    ///   - releaseName: `releaseName`.
    public init(chart: String = "", repo: String = "", version: String = "", releaseName: String = "") {
        self.chart = chart
        self.repo = repo
        self.version = version
        self.releaseName = releaseName
        self.timeoutSeconds = nil
        self.valuesFiles = []
        self.force = false
        self.takeOwnership = false
        self.atomic = false
        self.waitForJobs = false
        self.maxHistory = nil
        self.disableDependencyUpdate = false
        self.skipSchemaValidation = false
        self.disablePreProcess = false
        self.disableDNS = false
        self.line = nil
    }

    init(reading reader: DocumentReader) throws {
        self.init(
            chart: try reader.string("chart") ?? "",
            repo: try reader.string("repo") ?? "",
            version: try Self.version(reader),
            releaseName: try reader.string("releaseName") ?? ""
        )
        self.timeoutSeconds = try reader.int("timeoutSeconds")
        self.valuesFiles = try reader.strings("valuesFiles") ?? []
        self.force = try reader.bool("force") ?? false
        self.takeOwnership = try reader.bool("takeOwnership") ?? false
        self.atomic = try reader.bool("atomic") ?? false
        self.waitForJobs = try reader.bool("waitForJobs") ?? false
        self.maxHistory = try reader.int("maxHistory")
        self.disableDependencyUpdate = try reader.bool("disableDependencyUpdate") ?? false
        self.skipSchemaValidation = try reader.bool("skipSchemaValidation") ?? false
        self.disablePreProcess = try reader.bool("disablePreProcess") ?? false
        self.disableDNS = try reader.bool("disableDNS") ?? false
        self.line = reader.line
    }

    private static func version(_ reader: DocumentReader) throws -> String {
        try reader.string("version") ?? ""
    }

    /// Whether the chart is fetched from an OCI registry: `chart` starts with `oci://`, or (HelmOps
    /// and Fleet v0.16 `fleet.yaml` files) `repo` does.
    public var isOCI: Bool {
        self.chart.hasPrefix("oci://") || self.repo.hasPrefix("oci://")
    }
}
