/// A Fleet `HelmOp` (`fleet.cattle.io/v1alpha1`): a Helm chart deployed without git.
///
/// A HelmOp's Secret (`helmSecretName`) is always sent to its chart: no `helmRepoURLRegex`
/// applies. Fleet reads `username` and `password` (both or neither), `cacerts`,
/// `insecureSkipVerify` and `basicHTTP`, and `insecureSkipTLSVerify` of the spec overrides the
/// Secret's `insecureSkipVerify`.
public struct HelmOp: Sendable, Hashable {
    /// `HelmOp.spec`.
    public struct Spec: Sendable, Hashable {
        /// `helm`: the chart.
        public var helm: HelmOptions?
        /// `helmSecretName`.
        public var helmSecretName: String = ""
        /// `insecureSkipTLSVerify`.
        public var insecureSkipTLSVerify: Bool = false
        /// `pollingInterval`, as written.
        public var pollingInterval: String = ""
        /// `namespace`.
        public var namespace: String = ""
        /// `defaultNamespace`.
        public var defaultNamespace: String = ""
        /// `labels`.
        public var labels: [String: String] = [:]

        /// Creates an empty spec.
        public init() {}
    }

    /// `metadata`.
    public var metadata: ObjectMeta
    /// `spec`.
    public var spec: Spec

    /// Creates a HelmOp.
    ///
    /// - Parameters:
    ///   - metadata: Its metadata.
    ///   - spec: Its spec.
    public init(metadata: ObjectMeta = ObjectMeta(), spec: Spec = Spec()) {
        self.metadata = metadata
        self.spec = spec
    }

    /// Decodes a HelmOp from YAML or JSON (the first document of kind `HelmOp`, or the first one).
    ///
    /// - Parameter yaml: The document.
    /// - Throws: ``FleetAuthError`` naming the field and line.
    public init(yaml: String) throws {
        let documents = try DocumentReader.documents(yaml, what: "HelmOp")
        var chosen: DocumentReader?
        for node in documents {
            let reader = DocumentReader(node: node, path: "", keys: .exact)
            if (try? reader.string("kind")) == "HelmOp" {
                chosen = reader
                break
            }
        }
        guard let reader = chosen ?? documents.first.map({ DocumentReader(node: $0, path: "", keys: .exact) }) else {
            throw FleetAuthError(code: .missingField, reason: "the HelmOp document is empty")
        }
        _ = try reader.requireMapping()
        self.init(metadata: try ObjectMeta(reading: reader.child("metadata")))
        if let spec = try reader.child("spec") {
            _ = try spec.requireMapping()
            self.spec.helm = try spec.object("helm", HelmOptions.init(reading:))
            self.spec.helmSecretName = try spec.string("helmSecretName") ?? ""
            self.spec.insecureSkipTLSVerify = try spec.bool("insecureSkipTLSVerify") ?? false
            self.spec.pollingInterval = try spec.string("pollingInterval") ?? ""
            self.spec.namespace = try spec.string("namespace") ?? ""
            self.spec.defaultNamespace = try spec.string("defaultNamespace") ?? ""
            self.spec.labels = try spec.stringMap("labels") ?? [:]
        }
    }

    /// Decodes a HelmOp from JSON (the same parser as ``init(yaml:)``).
    ///
    /// - Parameter json: The JSON text.
    /// - Throws: The errors of ``init(yaml:)``.
    public init(json: String) throws {
        try self.init(yaml: json)
    }

    /// The credentials Fleet uses for the HelmOp's chart, given its Secret's data: the Secret's
    /// fields with `insecureSkipVerify` replaced by the spec's `insecureSkipTLSVerify`.
    ///
    /// - Parameter secretData: The Secret's `data`, decoded.
    /// - Returns: The credentials, always forwarded to the chart.
    /// - Throws: ``FleetAuthError`` with ``FleetAuthError/Code/invalidSecret`` when exactly one of
    ///   `username` and `password` is present, as Fleet refuses it.
    public func credentials(secretData: [String: [UInt8]]) throws -> HelmCredentials {
        var credentials = try HelmOpSecret.credentials(from: secretData)
        credentials.insecureSkipVerify = self.spec.insecureSkipTLSVerify
        return credentials
    }
}
