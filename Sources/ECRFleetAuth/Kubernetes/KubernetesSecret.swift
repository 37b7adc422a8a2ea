/// A Kubernetes `Secret` (core/v1): its name, namespace, labels, annotations, type and data.
///
/// ```swift
/// let secret = KubernetesSecret(
///     name: "ecr-credentials",
///     namespace: "fleet-default",
///     type: .basicAuth,
///     data: ["username": Array("AWS".utf8), "password": Array(token.password.utf8)],
///     annotations: ["ecr-fleet-auth.io/expires-at": "2025-01-01T12:00:00Z"]
/// )
/// ```
///
/// ``data`` holds the decoded bytes; they are base64-encoded on the wire. A Secret read from the
/// API server also carries what this type does not model (owner references, finalizers, managed
/// fields, the creation timestamp, `immutable`): the client keeps those and sends them back
/// unchanged when it updates the Secret, so an update never drops another controller's fields.
///
/// ### Printing
///
/// ``description``, ``debugDescription`` and `dump()` show the name, namespace, type, labels,
/// the data keys and the annotation keys, never data values or annotation values (kubectl's
/// `last-applied-configuration` annotation can hold a copy of the data).
///
/// ### Equality
///
/// `==` compares the modeled fields: name, namespace, type, data, labels, annotations,
/// ``resourceVersion`` and ``uid``; not the unmodeled ones. Whether a write would change
/// anything is a different question, answered by ``isApplied(to:)``: it ignores the
/// `resourceVersion` and lets the stored Secret carry labels and annotations of its own.
public struct KubernetesSecret: Sendable, Hashable {
    /// The Secret's name: an RFC 1123 subdomain (lowercase letters, digits, `-` and `.`), at most
    /// 253 characters.
    public var name: String

    /// The Secret's namespace, or `nil` for the client's configured namespace.
    public var namespace: String?

    /// The Secret's type (`Opaque` unless set). Kubernetes does not allow changing it.
    public var type: SecretType

    /// The data, by key; each value is the decoded bytes. Keys consist of letters, digits, `-`,
    /// `_` and `.`.
    public var data: [String: [UInt8]]

    /// The labels.
    public var labels: [String: String]

    /// The annotations.
    public var annotations: [String: String]

    /// The version of the stored object the API server returned, which an update must name
    /// (optimistic concurrency); `nil` for a Secret not read from the server.
    public var resourceVersion: String?

    /// The unique ID the API server gave the object; `nil` for a Secret not read from the
    /// server. An update with a `uid` fails with a conflict if the Secret was deleted and
    /// created again since it was read.
    public var uid: String?

    /// Top-level members other than `apiVersion`, `kind`, `metadata`, `type` and `data`, as
    /// the server sent them (for example `immutable`).
    var retainedMembers: [String: JSONValue] = [:]

    /// `metadata` members other than the modeled ones, as the server sent them (for example
    /// `ownerReferences`, `finalizers`, `managedFields`, `creationTimestamp`).
    var retainedMetadata: [String: JSONValue] = [:]

    /// Creates a Secret.
    ///
    /// - Parameters:
    ///   - name: The name.
    ///   - namespace: The namespace, or `nil` for the client's configured namespace.
    ///   - type: The type; `Opaque` unless given.
    ///   - data: The data, by key, as bytes.
    ///   - labels: The labels.
    ///   - annotations: The annotations.
    public init(
        name: String,
        namespace: String? = nil,
        type: SecretType = .opaque,
        data: [String: [UInt8]] = [:],
        labels: [String: String] = [:],
        annotations: [String: String] = [:]
    ) {
        self.name = name
        self.namespace = namespace
        self.type = type
        self.data = data
        self.labels = labels
        self.annotations = annotations
    }

    /// Whether `immutable` is `true` on the stored Secret: then Kubernetes refuses any change to
    /// its data.
    public var isImmutable: Bool {
        self.retainedMembers["immutable"] == .bool(true)
    }

    /// Whether `existing` already holds everything writing this Secret would write: the same
    /// type, exactly the same data (no key more, no key less, the same bytes), and every label
    /// and annotation of this Secret with the same value. `existing` may carry further labels
    /// and annotations; ``resourceVersion``, ``uid`` and the unmodeled fields are not compared.
    ///
    /// This is the test ``KubernetesSecretClient/apply(_:logger:)`` uses to skip a write.
    ///
    /// - Parameter existing: The Secret as stored.
    /// - Returns: `true` when an apply of this Secret would not write anything.
    public func isApplied(to existing: KubernetesSecret) -> Bool {
        guard self.type == existing.type, self.data == existing.data else { return false }
        for (key, value) in self.labels where existing.labels[key] != value {
            return false
        }
        for (key, value) in self.annotations where existing.annotations[key] != value {
            return false
        }
        return true
    }

    /// The Secret an apply of this one writes over `existing`: `existing` with this Secret's
    /// data in place of its data, and this Secret's labels and annotations added to (or
    /// replacing the values of) its own. Everything else, including the `resourceVersion` and
    /// `uid` the update is conditional on, comes from `existing`.
    ///
    /// - Parameter existing: The Secret as stored.
    /// - Returns: The Secret to send as the update.
    public func merged(into existing: KubernetesSecret) -> KubernetesSecret {
        var merged = existing
        merged.type = self.type
        merged.data = self.data
        merged.labels.merge(self.labels) { _, new in new }
        merged.annotations.merge(self.annotations) { _, new in new }
        return merged
    }

    /// Compares the modeled fields (see the type's documentation).
    public static func == (lhs: KubernetesSecret, rhs: KubernetesSecret) -> Bool {
        lhs.name == rhs.name && lhs.namespace == rhs.namespace && lhs.type == rhs.type && lhs.data == rhs.data
            && lhs.labels == rhs.labels && lhs.annotations == rhs.annotations
            && lhs.resourceVersion == rhs.resourceVersion && lhs.uid == rhs.uid
    }

    /// Hashes the name, namespace, type and resource version.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.name)
        hasher.combine(self.namespace)
        hasher.combine(self.type)
        hasher.combine(self.resourceVersion)
    }
}

extension KubernetesSecret {
    /// The `type` of a Secret. Kubernetes validates the data of the built-in types; any other
    /// string is allowed too.
    public struct SecretType: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
        /// The type as Kubernetes spells it, for example `kubernetes.io/dockerconfigjson`.
        public var rawValue: String

        /// Creates a type from its Kubernetes spelling.
        ///
        /// - Parameter rawValue: The type, for example `Opaque`.
        public init(_ rawValue: String) {
            self.rawValue = rawValue
        }

        /// Creates a type from a string literal.
        ///
        /// - Parameter value: The type, for example `"example.com/custom"`.
        public init(stringLiteral value: String) {
            self.rawValue = value
        }

        /// `Opaque`: arbitrary data, the default.
        public static let opaque = SecretType("Opaque")
        /// `kubernetes.io/dockerconfigjson`: a `.dockerconfigjson` key holding a Docker
        /// `config.json` (image pull secrets).
        public static let dockerConfigJSON = SecretType("kubernetes.io/dockerconfigjson")
        /// `kubernetes.io/dockercfg`: a `.dockercfg` key holding the legacy `~/.dockercfg`.
        public static let dockerConfig = SecretType("kubernetes.io/dockercfg")
        /// `kubernetes.io/basic-auth`: `username` and/or `password` keys.
        public static let basicAuth = SecretType("kubernetes.io/basic-auth")
        /// `kubernetes.io/tls`: `tls.crt` and `tls.key` keys.
        public static let tls = SecretType("kubernetes.io/tls")
        /// `kubernetes.io/ssh-auth`: an `ssh-privatekey` key.
        public static let sshAuth = SecretType("kubernetes.io/ssh-auth")
        /// `kubernetes.io/service-account-token`: a token the control plane fills in.
        public static let serviceAccountToken = SecretType("kubernetes.io/service-account-token")

        /// The type as Kubernetes spells it.
        public var description: String { self.rawValue }
    }
}

extension KubernetesSecret: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `KubernetesSecret(<namespace>/<name>, type: …, data: [key: <redacted>, …], labels: …,
    /// annotations: [key: <redacted>, …], resourceVersion: …)`; never a data or annotation value.
    public var description: String {
        let data = self.data.keys.sorted().map { "\($0): <redacted>" }.joined(separator: ", ")
        let annotations = self.annotations.keys.sorted().map { "\($0): <redacted>" }.joined(separator: ", ")
        let labels = self.labels.keys.sorted().map { "\($0): \(self.labels[$0] ?? "")" }.joined(separator: ", ")
        return "KubernetesSecret(\(self.namespace ?? "<default namespace>")/\(self.name), type: \(self.type), "
            + "data: [\(data)], labels: [\(labels)], annotations: [\(annotations)], "
            + "resourceVersion: \(self.resourceVersion ?? "nil"))"
    }

    /// The same as ``description``: never a data or annotation value.
    public var debugDescription: String { self.description }

    /// A mirror with the data and annotation keys but not their values, so `dump()` does not
    /// reveal them.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "name": self.name,
                "namespace": self.namespace as Any,
                "type": self.type.rawValue,
                "dataKeys": self.data.keys.sorted(),
                "labels": self.labels,
                "annotationKeys": self.annotations.keys.sorted(),
                "resourceVersion": self.resourceVersion as Any,
                "uid": self.uid as Any,
            ],
            displayStyle: .struct
        )
    }
}
