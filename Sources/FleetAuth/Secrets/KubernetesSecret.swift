#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// A Kubernetes `Secret` (`v1`) as FleetAuth renders it for Fleet: metadata, a type and binary
/// data, written as JSON or YAML with a stable key order so that the same content always gives
/// the same bytes.
///
/// Build one with ``helmCredentials(name:namespace:credentials:)``,
/// ``secretsPath(name:namespace:file:)``, ``helmOp(name:namespace:credentials:)`` or
/// ``dockerConfigJSON(name:namespace:registries:)``, then stamp it with
/// ``annotatingRefresh(refreshedAt:expiresAt:)``. Compare with ``hasSameData(as:)`` before writing:
/// every write of a Fleet Helm Secret restarts the GitRepo's job.
///
/// The same type is what `KubernetesSecretClient` (in `ECRFleetAuth`) reads from and writes to the
/// API server. A Secret read from the server also carries what this type does not model (owner
/// references, finalizers, managed fields, the creation timestamp, `immutable`): they are kept and
/// sent back unchanged on update, so an update never drops another controller's fields.
///
/// ### Printing
///
/// The data never appears in any printed form: ``description``, ``debugDescription`` and `dump()`
/// show the name, namespace, type, labels, the data keys and the annotation keys, never data
/// values or annotation values (kubectl's `last-applied-configuration` annotation can hold a copy
/// of the data). ``jsonString(pretty:)`` and ``yamlString()`` are the only ways to get the data,
/// for writing to the API server.
///
/// ### Equality
///
/// `==` compares the modeled fields: name, namespace, type, data, labels, annotations,
/// ``resourceVersion`` and ``uid``; not the unmodeled ones. Whether a write would change anything
/// is a different question: ``hasSameData(as:)`` (what Fleet reads: type and data) and
/// ``isApplied(to:)`` (what an apply writes: type, data, and this Secret's labels and annotations).
public struct KubernetesSecret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
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

        /// `Opaque`: arbitrary data, the default, and what Fleet's Helm Secrets are.
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

    /// The annotation holding the time the credentials expire (RFC 3339).
    public static let expiresAtAnnotation = "ecr-fleet-auth/expires-at"
    /// The annotation holding the time the Secret was last refreshed (RFC 3339).
    public static let refreshedAtAnnotation = "ecr-fleet-auth/refreshed-at"

    /// `metadata.name`: an RFC 1123 subdomain (lowercase letters, digits, `-` and `.`), at most
    /// 253 characters.
    public var name: String
    /// `metadata.namespace`, or `nil` for the namespace of whoever applies it (a client's
    /// configured namespace, `kubectl`'s current one).
    public var namespace: String?
    /// `metadata.labels`.
    public var labels: [String: String]
    /// `metadata.annotations`.
    public var annotations: [String: String]
    /// `type` (`Opaque` unless set). Kubernetes does not allow changing it.
    public var type: SecretType
    /// `data`, by key, decoded (raw bytes; base64 on the wire). Keys consist of letters, digits,
    /// `-`, `_` and `.`.
    public var data: [String: [UInt8]]
    /// `metadata.resourceVersion`: the version of the stored object the API server returned,
    /// which an update must name (optimistic concurrency); `nil` for a Secret not read from the
    /// server.
    public var resourceVersion: String?
    /// `metadata.uid`: the ID the API server gave the object; `nil` for a Secret not read from the
    /// server. An update with a `uid` fails with a conflict if the Secret was deleted and created
    /// again since it was read.
    public var uid: String?

    /// Top-level members other than `apiVersion`, `kind`, `metadata`, `type` and `data`, as the
    /// server sent them (for example `immutable`).
    package var retainedMembers: [String: JSONValue] = [:]
    /// `metadata` members other than the modeled ones, as the server sent them (for example
    /// `ownerReferences`, `finalizers`, `managedFields`, `creationTimestamp`).
    package var retainedMetadata: [String: JSONValue] = [:]

    /// Creates a Secret.
    ///
    /// - Parameters:
    ///   - name: Its name.
    ///   - namespace: Its namespace, or `nil` for the applier's.
    ///   - type: Its type; `Opaque` unless given.
    ///   - data: Its data, by key, as bytes.
    ///   - labels: Its labels.
    ///   - annotations: Its annotations.
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
    /// This is the test `KubernetesSecretClient.apply(_:logger:)` uses to skip a write.
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
    /// type and data in place of its own, and this Secret's labels and annotations added to (or
    /// replacing the values of) its own. Everything else, including the ``resourceVersion`` and
    /// ``uid`` the update is conditional on, comes from `existing`.
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

    /// Whether `other` holds the same type and data; metadata (annotations such as the refresh
    /// time) is not compared. Write only when this is false.
    ///
    /// - Parameter other: The Secret as it is in the cluster.
    /// - Returns: True when writing would change nothing Fleet reads.
    public func hasSameData(as other: KubernetesSecret) -> Bool {
        self.type == other.type && self.data == other.data
    }

    /// A copy with the `refreshed-at` and `expires-at` annotations set (RFC 3339, UTC, seconds).
    ///
    /// - Parameters:
    ///   - refreshedAt: When the credentials were obtained.
    ///   - expiresAt: When they expire, if known.
    /// - Returns: The annotated Secret.
    public func annotatingRefresh(refreshedAt: Date, expiresAt: Date?) -> KubernetesSecret {
        var copy = self
        copy.annotations[Self.refreshedAtAnnotation] = RFC3339.format(secondsSince1970: refreshedAt.timeIntervalSince1970)
        if let expiresAt {
            copy.annotations[Self.expiresAtAnnotation] = RFC3339.format(secondsSince1970: expiresAt.timeIntervalSince1970)
        } else {
            copy.annotations.removeValue(forKey: Self.expiresAtAnnotation)
        }
        return copy
    }

    /// The Secret as Kubernetes JSON, keys in a fixed order (`apiVersion`, `kind`, `metadata`,
    /// `type`, `data`; map keys sorted), data base64-encoded.
    ///
    /// - Parameter pretty: Indent with two spaces and end with a newline.
    /// - Returns: The JSON text. It contains the secret data.
    public func jsonString(pretty: Bool = false) -> String {
        let nl = pretty ? "\n" : ""
        func indent(_ level: Int) -> String { pretty ? String(repeating: "  ", count: level) : "" }
        let colon = pretty ? ": " : ":"
        func object(_ map: [String: String], level: Int) -> String {
            if map.isEmpty { return "{}" }
            let items = JSONText.sortedKeys(map).map { indent(level + 1) + JSONText.quote($0) + colon + JSONText.quote(map[$0] ?? "") }
            return "{" + nl + items.joined(separator: "," + nl) + nl + indent(level) + "}"
        }
        var metadata: [String] = [indent(2) + JSONText.quote("name") + colon + JSONText.quote(self.name)]
        if let namespace = self.namespace {
            metadata.append(indent(2) + JSONText.quote("namespace") + colon + JSONText.quote(namespace))
        }
        if !self.labels.isEmpty {
            metadata.append(indent(2) + JSONText.quote("labels") + colon + object(self.labels, level: 2))
        }
        if !self.annotations.isEmpty {
            metadata.append(indent(2) + JSONText.quote("annotations") + colon + object(self.annotations, level: 2))
        }
        let data = self.data.mapValues { Base64.encode($0) }
        let fields = [
            indent(1) + JSONText.quote("apiVersion") + colon + JSONText.quote("v1"),
            indent(1) + JSONText.quote("kind") + colon + JSONText.quote("Secret"),
            indent(1) + JSONText.quote("metadata") + colon + "{" + nl + metadata.joined(separator: "," + nl) + nl + indent(1) + "}",
            indent(1) + JSONText.quote("type") + colon + JSONText.quote(self.type.rawValue),
            indent(1) + JSONText.quote("data") + colon + object(data, level: 1),
        ]
        return "{" + nl + fields.joined(separator: "," + nl) + nl + "}" + (pretty ? "\n" : "")
    }

    /// The Secret as a Kubernetes YAML manifest with the same order as ``jsonString(pretty:)``.
    ///
    /// - Returns: The YAML text, ending with a newline. It contains the secret data.
    public func yamlString() -> String {
        var lines = ["apiVersion: v1", "kind: Secret", "metadata:", "  name: " + JSONText.quote(self.name)]
        if let namespace = self.namespace {
            lines.append("  namespace: " + JSONText.quote(namespace))
        }
        for (title, map) in [("labels", self.labels), ("annotations", self.annotations)] where !map.isEmpty {
            lines.append("  \(title):")
            for key in JSONText.sortedKeys(map) {
                lines.append("    " + JSONText.yamlKey(key) + ": " + JSONText.quote(map[key] ?? ""))
            }
        }
        lines.append("type: " + JSONText.quote(self.type.rawValue))
        if self.data.isEmpty {
            lines.append("data: {}")
        } else {
            lines.append("data:")
            for key in JSONText.sortedKeys(self.data) {
                lines.append("  " + JSONText.yamlKey(key) + ": " + JSONText.quote(Base64.encode(self.data[key] ?? [])))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

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
