/// A Fleet `GitRepo` (`fleet.cattle.io/v1alpha1`): a git repository whose paths Fleet turns into
/// bundles, with the Helm credentials used for the charts they reference.
///
/// Decoded from YAML or JSON as the Kubernetes API server stores it: field names are matched
/// exactly, unknown fields are ignored. Errors name the field path and line.
public struct GitRepo: Sendable, Hashable {
    /// A `spec.bundles[]` entry (driven scan).
    public struct BundleDefinition: Sendable, Hashable {
        /// `base`: the bundle directory.
        public var base: String
        /// `options`: an options file in place of `fleet.yaml`.
        public var options: String

        /// Creates a definition.
        ///
        /// - Parameters:
        ///   - base: The directory.
        ///   - options: The options file.
        public init(base: String, options: String = "") {
            self.base = base
            self.options = options
        }
    }

    /// A `spec.targets[]` entry.
    public struct Target: Sendable, Hashable {
        /// `name`.
        public var name: String
        /// `clusterName`.
        public var clusterName: String
        /// `clusterGroup`.
        public var clusterGroup: String

        /// Creates a target.
        ///
        /// - Parameters:
        ///   - name: `name`.
        ///   - clusterName: `clusterName`.
        ///   - clusterGroup: `clusterGroup`.
        public init(name: String = "", clusterName: String = "", clusterGroup: String = "") {
            self.name = name
            self.clusterName = clusterName
            self.clusterGroup = clusterGroup
        }
    }

    /// `spec.correctDrift`.
    public struct CorrectDrift: Sendable, Hashable {
        /// `enabled`.
        public var enabled: Bool
        /// `force`.
        public var force: Bool
        /// `keepFailHistory`.
        public var keepFailHistory: Bool

        /// Creates the options.
        ///
        /// - Parameters:
        ///   - enabled: `enabled`.
        ///   - force: `force`.
        ///   - keepFailHistory: `keepFailHistory`.
        public init(enabled: Bool = false, force: Bool = false, keepFailHistory: Bool = false) {
            self.enabled = enabled
            self.force = force
            self.keepFailHistory = keepFailHistory
        }
    }

    /// `GitRepo.spec`.
    public struct Spec: Sendable, Hashable {
        /// `repo`: the git URL.
        public var repo: String = ""
        /// `branch`.
        public var branch: String = ""
        /// `revision`.
        public var revision: String = ""
        /// `targetNamespace`.
        public var targetNamespace: String = ""
        /// `clientSecretName`: git credentials.
        public var clientSecretName: String = ""
        /// `helmSecretName`: the Secret with Helm credentials for every path.
        public var helmSecretName: String = ""
        /// `helmSecretNameForPaths`: the Secret holding `secrets-path.yaml`; when set,
        /// ``helmSecretName`` is ignored.
        public var helmSecretNameForPaths: String = ""
        /// `helmRepoURLRegex`: which chart URLs receive the credentials.
        public var helmRepoURLRegex: String = ""
        /// `caBundle`: PEM bytes (base64 in the document).
        public var caBundle: [UInt8]?
        /// `insecureSkipTLSVerify`.
        public var insecureSkipTLSVerify: Bool = false
        /// `paths`: directories (globs) with bundles; `["."]` when empty.
        public var paths: [String] = []
        /// `bundles`: driven-scan bundle definitions.
        public var bundles: [BundleDefinition] = []
        /// `paused`.
        public var paused: Bool = false
        /// `serviceAccount`.
        public var serviceAccount: String = ""
        /// `targets`.
        public var targets: [Target] = []
        /// `pollingInterval`, as written (a Go duration).
        public var pollingInterval: String = ""
        /// `disablePolling`.
        public var disablePolling: Bool = false
        /// `forceSyncGeneration`.
        public var forceSyncGeneration: Int = 0
        /// `imageScanInterval`.
        public var imageScanInterval: String = ""
        /// `keepResources`.
        public var keepResources: Bool = false
        /// `deleteNamespace`.
        public var deleteNamespace: Bool = false
        /// `correctDrift`.
        public var correctDrift: CorrectDrift?
        /// `ociRegistrySecret`.
        public var ociRegistrySecret: String = ""
        /// `webhookSecret`.
        public var webhookSecret: String = ""

        /// Creates an empty spec.
        public init() {}
    }

    /// `apiVersion`, for example `fleet.cattle.io/v1alpha1`.
    public var apiVersion: String
    /// `kind`, `GitRepo`.
    public var kind: String
    /// `metadata`.
    public var metadata: ObjectMeta
    /// `spec`.
    public var spec: Spec

    /// Creates a GitRepo.
    ///
    /// - Parameters:
    ///   - metadata: Its metadata.
    ///   - spec: Its spec.
    public init(metadata: ObjectMeta = ObjectMeta(), spec: Spec = Spec()) {
        self.apiVersion = "fleet.cattle.io/v1alpha1"
        self.kind = "GitRepo"
        self.metadata = metadata
        self.spec = spec
    }

    /// Decodes a GitRepo from YAML or JSON. In a multi-document file, the first document of kind
    /// `GitRepo` is taken.
    ///
    /// - Parameter yaml: The document.
    /// - Throws: ``FleetAuthError`` (``FleetAuthError/Code/invalidDocument``,
    ///   ``FleetAuthError/Code/invalidField``) naming the field and line.
    public init(yaml: String) throws {
        let documents = try DocumentReader.documents(yaml, what: "GitRepo")
        var chosen: DocumentReader?
        for node in documents {
            let reader = DocumentReader(node: node, path: "", keys: .exact)
            if (try? reader.string("kind")) == "GitRepo" {
                chosen = reader
                break
            }
        }
        guard let reader = chosen ?? documents.first.map({ DocumentReader(node: $0, path: "", keys: .exact) }) else {
            throw FleetAuthError(code: .missingField, reason: "the GitRepo document is empty")
        }
        try self.init(reading: reader)
    }

    /// Decodes a GitRepo from JSON (the same parser as ``init(yaml:)``).
    ///
    /// - Parameter json: The JSON text.
    /// - Throws: The errors of ``init(yaml:)``.
    public init(json: String) throws {
        try self.init(yaml: json)
    }

    init(reading reader: DocumentReader) throws {
        _ = try reader.requireMapping()
        self.init(metadata: try ObjectMeta(reading: reader.child("metadata")))
        self.apiVersion = try reader.string("apiVersion") ?? ""
        self.kind = try reader.string("kind") ?? ""
        guard let spec = try reader.child("spec") else {
            return
        }
        _ = try spec.requireMapping()
        var s = Spec()
        s.repo = try spec.string("repo") ?? ""
        s.branch = try spec.string("branch") ?? ""
        s.revision = try spec.string("revision") ?? ""
        s.targetNamespace = try spec.string("targetNamespace") ?? ""
        s.clientSecretName = try spec.string("clientSecretName") ?? ""
        s.helmSecretName = try spec.string("helmSecretName") ?? ""
        s.helmSecretNameForPaths = try spec.string("helmSecretNameForPaths") ?? ""
        s.helmRepoURLRegex = try spec.string("helmRepoURLRegex") ?? ""
        if let ca = try spec.child("caBundle") {
            guard let bytes = Base64.decode(try ca.stringValue()) else {
                throw ca.fail(.invalidField, "expected base64 data")
            }
            s.caBundle = bytes
        }
        s.insecureSkipTLSVerify = try spec.bool("insecureSkipTLSVerify") ?? false
        s.paths = try spec.strings("paths") ?? []
        s.bundles = try (spec.list("bundles") ?? []).map {
            _ = try $0.requireMapping()
            return BundleDefinition(base: try $0.string("base") ?? "", options: try $0.string("options") ?? "")
        }
        s.paused = try spec.bool("paused") ?? false
        s.serviceAccount = try spec.string("serviceAccount") ?? ""
        s.targets = try (spec.list("targets") ?? []).map {
            _ = try $0.requireMapping()
            return Target(
                name: try $0.string("name") ?? "",
                clusterName: try $0.string("clusterName") ?? "",
                clusterGroup: try $0.string("clusterGroup") ?? ""
            )
        }
        s.pollingInterval = try spec.string("pollingInterval") ?? ""
        s.disablePolling = try spec.bool("disablePolling") ?? false
        s.forceSyncGeneration = try spec.int("forceSyncGeneration") ?? 0
        s.imageScanInterval = try spec.string("imageScanInterval") ?? ""
        s.keepResources = try spec.bool("keepResources") ?? false
        s.deleteNamespace = try spec.bool("deleteNamespace") ?? false
        s.correctDrift = try spec.object("correctDrift") {
            CorrectDrift(
                enabled: try $0.bool("enabled") ?? false,
                force: try $0.bool("force") ?? false,
                keepFailHistory: try $0.bool("keepFailHistory") ?? false
            )
        }
        s.ociRegistrySecret = try spec.string("ociRegistrySecret") ?? ""
        s.webhookSecret = try spec.string("webhookSecret") ?? ""
        self.spec = s
    }

    /// The credential mode Fleet's git job runs in for this GitRepo.
    public var credentialMode: CredentialMode {
        if !self.spec.helmSecretNameForPaths.isEmpty {
            return .secretForPaths(self.spec.helmSecretNameForPaths)
        }
        if !self.spec.helmSecretName.isEmpty {
            return .secret(self.spec.helmSecretName)
        }
        return .none
    }

    /// The `helmRepoURLRegex` Fleet's git job passes to `fleet apply`.
    ///
    /// With `helmSecretNameForPaths` the job receives no `--helm-repo-url-regex` (only the
    /// `helmSecretName` branch of Fleet's `argsAndEnvs` adds it, and the Rancher CA-bundle branch
    /// when Rancher provides one): the credentials of `secrets-path.yaml` are then judged with an
    /// empty pattern — sent to every chart under the legacy rule, to none under the current rule.
    ///
    /// - Parameter rancherCABundle: Whether Rancher provides a CA bundle and the Helm Secret has
    ///   no `cacerts` (Fleet then passes the regex in any mode).
    /// - Returns: The pattern the job runs with.
    public func effectiveHelmRepoURLRegex(rancherCABundle: Bool = false) -> String {
        switch self.credentialMode {
        case .secretForPaths:
            return rancherCABundle ? self.spec.helmRepoURLRegex : ""
        default:
            return self.spec.helmRepoURLRegex
        }
    }

    /// How Fleet supplies Helm credentials to a GitRepo's bundles.
    public enum CredentialMode: Sendable, Hashable {
        /// No Helm credentials.
        case none
        /// `helmSecretName`: one Secret for every path.
        case secret(String)
        /// `helmSecretNameForPaths`: a `secrets-path.yaml` per bundle path.
        case secretForPaths(String)
    }
}
