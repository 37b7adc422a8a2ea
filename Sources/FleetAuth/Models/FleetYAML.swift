/// A bundle's `fleet.yaml`: the options of the bundle, its Helm chart and per-target overrides.
///
/// Decoded as Fleet's CLI reads it (through Go's `encoding/json`): unknown fields are ignored and
/// field names also match regardless of case. Errors name the field path and line:
///
/// ```
/// FleetAuthError.invalidField: helm.version: expected a string, found a number "1.0"; quote it (line 4)
/// ```
public struct FleetYAML: Sendable, Hashable {
    /// A `targetCustomizations[]` entry.
    public struct TargetCustomization: Sendable, Hashable {
        /// `name`.
        public var name: String
        /// `clusterName`.
        public var clusterName: String
        /// `clusterGroup`.
        public var clusterGroup: String
        /// `helm`: Helm options for matching clusters; a `chart` here is a chart of its own.
        public var helm: HelmOptions?

        /// Creates a customization.
        ///
        /// - Parameters:
        ///   - name: `name`.
        ///   - clusterName: `clusterName`.
        ///   - clusterGroup: `clusterGroup`.
        ///   - helm: `helm`.
        public init(name: String = "", clusterName: String = "", clusterGroup: String = "", helm: HelmOptions? = nil) {
            self.name = name
            self.clusterName = clusterName
            self.clusterGroup = clusterGroup
            self.helm = helm
        }
    }

    /// `name`: the bundle name override.
    public var name: String
    /// `defaultNamespace`.
    public var defaultNamespace: String
    /// `namespace`.
    public var namespace: String
    /// `helm`.
    public var helm: HelmOptions?
    /// `targetCustomizations`.
    public var targetCustomizations: [TargetCustomization]
    /// `paused`.
    public var paused: Bool

    /// Creates a `fleet.yaml` value.
    ///
    /// - Parameters:
    ///   - name: `name`.
    ///   - defaultNamespace: `defaultNamespace`.
    ///   - namespace: `namespace`.
    ///   - helm: `helm`.
    ///   - targetCustomizations: `targetCustomizations`.
    ///   - paused: `paused`.
    public init(
        name: String = "",
        defaultNamespace: String = "",
        namespace: String = "",
        helm: HelmOptions? = nil,
        targetCustomizations: [TargetCustomization] = [],
        paused: Bool = false
    ) {
        self.name = name
        self.defaultNamespace = defaultNamespace
        self.namespace = namespace
        self.helm = helm
        self.targetCustomizations = targetCustomizations
        self.paused = paused
    }

    /// Decodes a `fleet.yaml` (YAML or JSON).
    ///
    /// - Parameter yaml: The file's text.
    /// - Throws: ``FleetAuthError`` with ``FleetAuthError/Code/invalidDocument`` for malformed YAML,
    ///   ``FleetAuthError/Code/invalidField`` for a field of the wrong type; the reason names the
    ///   field and line.
    public init(yaml: String) throws {
        let documents = try DocumentReader.documents(yaml, what: "fleet.yaml")
        guard let first = documents.first else {
            self.init()
            return
        }
        try self.init(reading: DocumentReader(node: first, path: "", keys: .goJSON))
    }

    /// Decodes a `fleet.yaml` written as JSON. The same as ``init(yaml:)``: JSON is read by the
    /// same parser.
    ///
    /// - Parameter json: The JSON text.
    /// - Throws: The errors of ``init(yaml:)``.
    public init(json: String) throws {
        try self.init(yaml: json)
    }

    init(reading reader: DocumentReader) throws {
        _ = try reader.requireMapping()
        self.init(
            name: try reader.string("name") ?? "",
            defaultNamespace: try reader.string("defaultNamespace") ?? "",
            namespace: try reader.string("namespace") ?? "",
            helm: try reader.object("helm", HelmOptions.init(reading:)),
            targetCustomizations: try (reader.list("targetCustomizations") ?? []).map { entry in
                _ = try entry.requireMapping()
                return TargetCustomization(
                    name: try entry.string("name") ?? "",
                    clusterName: try entry.string("clusterName") ?? "",
                    clusterGroup: try entry.string("clusterGroup") ?? "",
                    helm: try entry.object("helm", HelmOptions.init(reading:))
                )
            },
            paused: try reader.bool("paused") ?? false
        )
    }
}
