public import FleetAuth
public import OCIReference

extension FleetECRSecretRotator {
    /// The shape of the Secret the rotator keeps: which Fleet field names it and which keys it
    /// holds.
    ///
    /// | format | Fleet reads it as | type | keys |
    /// | --- | --- | --- | --- |
    /// | ``helmSecretName`` | `GitRepo.spec.helmSecretName` (and a HelmOp's `helmSecretName`) | `Opaque` | `username`, `password` |
    /// | ``secretsPath(_:)`` | `GitRepo.spec.helmSecretNameForPaths` | `Opaque` | `secrets-path.yaml` |
    /// | ``dockerConfigJSON`` | `imagePullSecrets`, `GitRepo.spec.ociRegistrySecret`-style pull secrets | `kubernetes.io/dockerconfigjson` | `.dockerconfigjson` |
    ///
    /// A set that may grow: compare with `==`, never `switch` exhaustively.
    public struct SecretFormat: Sendable, Hashable, CustomStringConvertible {
        enum Kind: Sendable, Hashable {
            case helmSecretName
            case secretsPath([String: ECRRegistry])
            case dockerConfigJSON
        }

        let kind: Kind

        private init(_ kind: Kind) {
            self.kind = kind
        }

        /// The Secret a GitRepo's `helmSecretName` names: `username` (`AWS`) and `password` (the
        /// ECR token), raw, as Fleet reads them. One username and password serve every registry
        /// of one region, so all ``Configuration/registries`` must share a region (private ECR)
        /// or all be ECR Public.
        public static let helmSecretName = SecretFormat(.helmSecretName)

        /// A `kubernetes.io/dockerconfigjson` Secret with one `auths` entry per registry, each
        /// with its own token: for image pulls, and for any registry mix.
        public static let dockerConfigJSON = SecretFormat(.dockerConfigJSON)

        /// The Secret a GitRepo's `helmSecretNameForPaths` names: one key, `secrets-path.yaml`,
        /// mapping bundle paths (or Go `filepath.Match` patterns) to the credentials of a
        /// registry.
        ///
        /// Fleet's git job does not pass `helmRepoURLRegex` in this mode, so releases with the
        /// current credential rule (v0.12.15+, v0.13.11+, v0.14.6+, v0.15.2+, v0.16+) send these
        /// credentials to no chart unless Rancher provides a CA bundle; `ecr-fleet-auth explain`
        /// shows what a given release does.
        ///
        /// - Parameter paths: The registry whose credentials each path or pattern gets, for
        ///   example `["apps/*": registry]`. Every registry must also be in
        ///   ``Configuration/registries``.
        /// - Returns: The format.
        public static func secretsPath(_ paths: [String: ECRRegistry]) -> SecretFormat {
            SecretFormat(.secretsPath(paths))
        }

        /// The path patterns and their registries of a ``secretsPath(_:)`` format; empty for
        /// the other formats.
        public var paths: [String: ECRRegistry] {
            if case .secretsPath(let paths) = self.kind { return paths }
            return [:]
        }

        /// The Secret type the format writes.
        public var secretType: KubernetesSecret.SecretType {
            self.kind == .dockerConfigJSON ? .dockerConfigJSON : .opaque
        }

        /// The data keys the format writes, sorted.
        public var dataKeys: [String] {
            switch self.kind {
            case .helmSecretName: return ["password", "username"]
            case .secretsPath: return ["secrets-path.yaml"]
            case .dockerConfigJSON: return [".dockerconfigjson"]
            }
        }

        /// `helmSecretName`, `secretsPath` or `dockerConfigJSON`.
        public var description: String {
            switch self.kind {
            case .helmSecretName: return "helmSecretName"
            case .secretsPath: return "secretsPath"
            case .dockerConfigJSON: return "dockerConfigJSON"
            }
        }
    }

    /// What the rotator keeps: the Secret's name, namespace and format, the registries whose
    /// tokens it holds, and the metadata it adds.
    ///
    /// ```swift
    /// let configuration = FleetECRSecretRotator.Configuration(
    ///     secretName: "ecr-credentials",
    ///     namespace: "fleet-default",
    ///     registries: [registry],
    ///     format: .helmSecretName
    /// )
    /// ```
    public struct Configuration: Sendable, Hashable, CustomStringConvertible {
        /// The label every Secret the rotator writes carries, with the value ``managedByValue``.
        /// The rotator refuses to take over a Secret without it unless ``adoptExistingSecret``
        /// is set.
        public static let managedByLabel = "app.kubernetes.io/managed-by"
        /// The value of ``managedByLabel``: `ecr-fleet-auth`.
        public static let managedByValue = "ecr-fleet-auth"
        /// The annotation that records which registries (and, for ``SecretFormat/secretsPath(_:)``,
        /// which paths) the Secret's data was rendered for, so a changed configuration is noticed
        /// without reading any secret value.
        public static let registriesAnnotation = "ecr-fleet-auth/registries"

        /// The Secret's name, for example `ecr-credentials`.
        public var secretName: String
        /// The Secret's namespace (the GitRepo's, for example `fleet-default`), or `nil` for the
        /// Kubernetes client's configured namespace.
        public var namespace: String?
        /// The registries whose credentials the Secret holds. Duplicates are ignored.
        public var registries: [ECRRegistry]
        /// The Secret's shape.
        public var format: SecretFormat
        /// Labels added to the Secret besides ``managedByLabel``.
        public var labels: [String: String]
        /// Annotations added to the Secret besides the refresh annotations.
        public var annotations: [String: String]
        /// Whether an existing Secret without the ``managedByLabel`` may be taken over (its data
        /// replaced, the label added). `false` unless set: then such a Secret fails the
        /// reconcile with ``KubernetesError/Code/notManaged`` and is left alone.
        public var adoptExistingSecret: Bool

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - secretName: The Secret's name.
        ///   - namespace: Its namespace, or `nil` for the Kubernetes client's.
        ///   - registries: The registries whose credentials it holds.
        ///   - format: Its shape; ``SecretFormat/helmSecretName`` unless given.
        ///   - labels: Further labels.
        ///   - annotations: Further annotations.
        ///   - adoptExistingSecret: Whether to take over a Secret the rotator did not create.
        public init(
            secretName: String,
            namespace: String? = nil,
            registries: [ECRRegistry],
            format: SecretFormat = .helmSecretName,
            labels: [String: String] = [:],
            annotations: [String: String] = [:],
            adoptExistingSecret: Bool = false
        ) {
            self.secretName = secretName
            self.namespace = namespace
            self.registries = registries
            self.format = format
            self.labels = labels
            self.annotations = annotations
            self.adoptExistingSecret = adoptExistingSecret
        }

        /// The registries without duplicates, in the order given.
        var distinctRegistries: [ECRRegistry] {
            var seen = Set<ECRRegistry>()
            return self.registries.filter { seen.insert($0).inserted }
        }

        /// The registries whose tokens the Secret needs: the first one for
        /// ``SecretFormat/helmSecretName`` (one token serves the region), the path registries for
        /// ``SecretFormat/secretsPath(_:)``, every one for ``SecretFormat/dockerConfigJSON``.
        var tokenRegistries: [ECRRegistry] {
            switch self.format.kind {
            case .helmSecretName:
                return Array(self.distinctRegistries.prefix(1))
            case .secretsPath(let paths):
                let used = Set(paths.values)
                return self.distinctRegistries.filter { used.contains($0) }
            case .dockerConfigJSON:
                return self.distinctRegistries
            }
        }

        /// The value of ``registriesAnnotation`` for this configuration: the hosts, sorted and
        /// joined with `,`; for ``SecretFormat/secretsPath(_:)``, `pattern=host` pairs.
        var registriesAnnotationValue: String {
            switch self.format.kind {
            case .secretsPath(let paths):
                return paths.keys.sorted().map { "\($0)=\(paths[$0]?.host ?? "")" }.joined(separator: ",")
            default:
                return Set(self.registries.map(\.host)).sorted().joined(separator: ",")
            }
        }

        /// Checks that a Secret can be rendered from this configuration.
        ///
        /// - Throws: ``KubernetesError/Code/invalidConfiguration`` (nothing is sent) when there
        ///   is no registry; when a ``SecretFormat/helmSecretName`` Secret would need two tokens
        ///   (registries in different regions or partitions, or private ECR mixed with ECR
        ///   Public); when a ``SecretFormat/secretsPath(_:)`` format has no path, an empty path,
        ///   or a path whose registry is not in ``registries``; and
        ///   ``KubernetesError/Code/invalidSecret`` for a name or namespace Kubernetes would refuse.
        public func validate() throws(KubernetesError) {
            let invalid = { (why: String) in
                KubernetesError(code: .invalidConfiguration, reason: "rotator for secret \(self.secretName): \(why)")
            }
            try KubernetesSecretClient.validate(name: self.secretName, namespace: self.namespace ?? "default")
            let registries = self.distinctRegistries
            guard let first = registries.first else {
                throw invalid("no registry given")
            }
            switch self.format.kind {
            case .helmSecretName:
                if let other = registries.first(where: { Self.tokenScope($0) != Self.tokenScope(first) }) {
                    throw invalid(
                        "a helmSecretName Secret holds one username and password, but \(first.host) and \(other.host) "
                            + "need different ECR tokens (\(Self.tokenScope(first)) and \(Self.tokenScope(other))); "
                            + "use one Secret per region, or the dockerConfigJSON format")
                }
            case .secretsPath(let paths):
                guard !paths.isEmpty else {
                    throw invalid("the secretsPath format needs at least one path")
                }
                let known = Set(registries)
                for path in paths.keys.sorted() {
                    guard !path.isEmpty else { throw invalid("a secrets-path.yaml path is empty") }
                    if let registry = paths[path], !known.contains(registry) {
                        throw invalid("path \(String(reflecting: path)) names \(registry.host), which is not among the registries")
                    }
                }
            case .dockerConfigJSON:
                break
            }
        }

        /// Which token a registry needs: ECR Public, or private ECR of one partition and region.
        static func tokenScope(_ registry: ECRRegistry) -> String {
            registry.isPublic ? "ECR Public" : "\(registry.partition.id) \(registry.region)"
        }

        /// `Configuration(fleet-default/ecr-credentials, helmSecretName, registries: […])`.
        public var description: String {
            "Configuration(\(self.namespace ?? "<client namespace>")/\(self.secretName), \(self.format), "
                + "registries: [\(self.distinctRegistries.map(\.host).joined(separator: ", "))]"
                + (self.adoptExistingSecret ? ", adopts existing Secret" : "") + ")"
        }
    }
}
