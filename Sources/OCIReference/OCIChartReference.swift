/// A Helm chart stored in an OCI registry, as Helm and Rancher Fleet read `oci://` URLs such as
/// `oci://123456789012.dkr.ecr.eu-central-1.amazonaws.com/charts/app:1.2.3+build.4`.
///
/// Parsing follows Helm's `pkg/registry` (`newReference`, which hands over to oras-go's
/// `registry.ParseReference`), step by step:
///
/// 1. an `oci://` prefix is removed;
/// 2. everything after the last `@` is the digest, so a digest needs no tag (Helm keeps it as
///    written and compares it with the manifest it pulls);
/// 3. the text after the last `:` is the tag when it has no `/`; `+` in it becomes `_`, because
///    OCI tags cannot hold the `+` of a SemVer build (see ``tag(forChartVersion:)``);
/// 4. the rest must be `registry/repository`: there is no Docker Hub default, the registry is
///    checked the way Go's `net/url` checks a host, and the repository against the OCI path
///    grammar.
///
/// ``registry`` is the host and optional port Helm and Fleet log in to (``loginHost``).
public struct OCIChartReference: Sendable, Hashable, CustomStringConvertible {
    /// The registry host and optional port, for example `registry.example.com:5000`.
    public var registry: String

    /// The repository path, for example `charts/app`.
    public var repository: String

    /// The OCI tag, with any `+` of a chart version already turned into `_`; `nil` when the
    /// reference has none.
    public var tag: String?

    /// The digest after the last `@`, as written; `nil` when there is none.
    public var digest: String?

    /// Creates a reference from its parts, as they would be after parsing.
    ///
    /// - Parameters:
    ///   - registry: The registry host and optional port.
    ///   - repository: The repository path.
    ///   - tag: The OCI tag, if any.
    ///   - digest: The digest, if any.
    public init(registry: String, repository: String, tag: String? = nil, digest: String? = nil) {
        self.registry = registry
        self.repository = repository
        self.tag = tag
        self.digest = digest
    }

    /// The host and optional port to log in to, as Fleet does before pulling (`host[:port]`).
    public var loginHost: String {
        self.registry
    }

    /// The chart version the tag stands for: the tag with `_` turned back into `+`.
    public var chartVersion: String? {
        self.tag.map(Self.chartVersion(forTag:))
    }

    /// The chart's name: the last component of the repository path.
    public var chartName: String {
        String(self.repository.split(separator: "/", omittingEmptySubsequences: false).last ?? "")
    }

    /// The ECR registry this chart is stored in, when the registry is an ECR host.
    public var ecrRegistry: ECRRegistry? {
        ECRRegistry(self.registry)
    }

    /// `oci://registry/repository[:tag][@digest]`.
    public var description: String {
        var text = "oci://" + self.registry + "/" + self.repository
        if let tag {
            text += ":" + tag
        }
        if let digest {
            text += "@" + digest
        }
        return text
    }

    /// Whether a Helm repository URL or chart reference is an OCI reference (Helm: `registry.IsOCI`):
    /// it starts with `oci://` (case-sensitive, as in Helm).
    ///
    /// - Parameter url: A repository URL or chart reference.
    /// - Returns: `true` for `oci://…`.
    public static func isOCI(_ url: String) -> Bool {
        url.utf8.starts(with: "oci://".utf8)
    }

    /// The OCI tag under which Helm stores a chart version: every `+` becomes `_`
    /// (helm/helm#10166), so `1.2.3+build.4` is stored as `1.2.3_build.4`.
    ///
    /// - Parameter version: A chart version.
    /// - Returns: The tag.
    public static func tag(forChartVersion version: String) -> String {
        String(decoding: version.utf8.map { $0 == UInt8(ascii: "+") ? UInt8(ascii: "_") : $0 }, as: UTF8.self)
    }

    /// The chart version a tag stands for: every `_` becomes `+`, as Helm does when it lists tags.
    ///
    /// - Parameter tag: An OCI tag.
    /// - Returns: The chart version.
    public static func chartVersion(forTag tag: String) -> String {
        String(decoding: tag.utf8.map { $0 == UInt8(ascii: "_") ? UInt8(ascii: "+") : $0 }, as: UTF8.self)
    }

    /// The same chart at another version: the tag becomes ``tag(forChartVersion:)`` of `version`.
    ///
    /// A version constraint such as `1.x` is not a version; resolve it against the registry's
    /// tags first, as Fleet does.
    ///
    /// - Parameter version: A chart version, for example `1.2.3+build.4`.
    /// - Returns: The reference with the new tag and the same digest.
    /// - Throws: ``OCIReferenceError`` with code ``OCIReferenceError/Code/tagInvalidFormat``
    ///   when the resulting tag does not match `[\w][\w.-]{0,127}`.
    public func withChartVersion(_ version: String) throws -> OCIChartReference {
        var tag = Self.tag(forChartVersion: version)
        let valid = tag.withUTF8 { ReferenceGrammar.isTag($0) }
        guard valid else {
            throw OCIReferenceError(
                code: .tagInvalidFormat,
                reason: "chart version does not make a valid OCI tag; a tag must match [\\w][\\w.-]{0,127}"
            )
        }
        var copy = self
        copy.tag = tag
        return copy
    }
}

extension OCIChartReference {
    /// Parses an `oci://` chart reference the way Helm does (the `oci://` prefix is optional).
    ///
    /// ```swift
    /// let chart = try OCIChartReference(parsing: "oci://registry.example.com/charts/app:1.0+001")
    /// chart.registry      // "registry.example.com"
    /// chart.repository    // "charts/app"
    /// chart.tag           // "1.0_001"
    /// chart.chartVersion  // "1.0+001"
    /// ```
    ///
    /// - Parameter string: The reference, for example `oci://host/ns/chart:1.2.3`.
    /// - Throws: ``OCIReferenceError``: ``OCIReferenceError/Code/invalidFormat`` when there is no
    ///   `registry/repository` or either is invalid, ``OCIReferenceError/Code/tagInvalidFormat``
    ///   for a bad tag, or a digest code when a digest before the last `@` is malformed.
    public init(parsing string: String) throws {
        var input = string
        self = try input.withUTF8 { try ChartReferenceParser.parse($0) }
    }

    /// Reads the chart reference from Fleet's Helm options.
    ///
    /// Fleet takes an OCI chart from `helm.repo` when that is an `oci://` URL (the form of
    /// `HelmOp` and of newer `fleet.yaml` files: `repo: oci://host/ns/chart`), and from
    /// `helm.chart` otherwise (the older form: `chart: oci://host/ns/chart`).
    ///
    /// - Parameters:
    ///   - repo: The `helm.repo` field, if set.
    ///   - chart: The `helm.chart` field, if set.
    /// - Throws: ``OCIReferenceError`` with code ``OCIReferenceError/Code/invalidFormat`` when
    ///   neither field is an `oci://` URL, or any error of ``init(parsing:)``.
    public init(fleetRepo repo: String?, chart: String?) throws {
        if let repo, Self.isOCI(repo) {
            try self.init(parsing: repo)
        } else if let chart, Self.isOCI(chart) {
            try self.init(parsing: chart)
        } else {
            throw OCIReferenceError(
                code: .invalidFormat,
                reason: "neither helm.repo nor helm.chart is an oci:// reference"
            )
        }
    }
}
