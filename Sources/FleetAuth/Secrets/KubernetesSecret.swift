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
/// The data never appears in any printed form; ``jsonString(pretty:)`` and ``yamlString()`` are
/// the only ways to get it, for writing to the API server.
public struct KubernetesSecret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// A Secret type.
    public struct SecretType: Sendable, Hashable, CustomStringConvertible {
        /// The type string, for example `Opaque`.
        public let rawValue: String
        /// Creates a type.
        ///
        /// - Parameter rawValue: The type string.
        public init(_ rawValue: String) { self.rawValue = rawValue }
        /// `Opaque`: what Fleet's Helm Secrets are.
        public static let opaque = SecretType("Opaque")
        /// `kubernetes.io/dockerconfigjson`: image pull credentials.
        public static let dockerConfigJSON = SecretType("kubernetes.io/dockerconfigjson")
        /// The type string.
        public var description: String { self.rawValue }
    }

    /// The annotation holding the time the credentials expire (RFC 3339).
    public static let expiresAtAnnotation = "ecr-fleet-auth/expires-at"
    /// The annotation holding the time the Secret was last refreshed (RFC 3339).
    public static let refreshedAtAnnotation = "ecr-fleet-auth/refreshed-at"

    /// `metadata.name`.
    public var name: String
    /// `metadata.namespace`.
    public var namespace: String
    /// `metadata.labels`.
    public var labels: [String: String]
    /// `metadata.annotations`.
    public var annotations: [String: String]
    /// `type`.
    public var type: SecretType
    /// `data`, decoded (raw bytes; rendered as base64).
    public var data: [String: [UInt8]]

    /// Creates a Secret.
    ///
    /// - Parameters:
    ///   - name: Its name.
    ///   - namespace: Its namespace.
    ///   - type: Its type.
    ///   - data: Its data.
    ///   - labels: Its labels.
    ///   - annotations: Its annotations.
    public init(
        name: String,
        namespace: String,
        type: SecretType = .opaque,
        data: [String: [UInt8]],
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
        var metadata: [String] = [
            indent(2) + JSONText.quote("name") + colon + JSONText.quote(self.name),
            indent(2) + JSONText.quote("namespace") + colon + JSONText.quote(self.namespace),
        ]
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
        var lines = ["apiVersion: v1", "kind: Secret", "metadata:", "  name: " + JSONText.quote(self.name),
                     "  namespace: " + JSONText.quote(self.namespace)]
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

    /// The name, namespace, type and data keys, never the data, for example
    /// `Secret default/ecr-credentials (Opaque, data: password, username: <redacted>)`.
    public var description: String {
        let keys = JSONText.sortedKeys(self.data).joined(separator: ", ")
        return "Secret \(self.namespace)/\(self.name) (\(self.type), data: \(keys.isEmpty ? "none" : keys + ": <redacted>"))"
    }

    /// The same as ``description``.
    public var debugDescription: String {
        self.description
    }

    /// A mirror that shows only ``description``, so `dump()` prints no secret.
    public var customMirror: Mirror {
        Mirror(self, children: ["redacted": self.description], displayStyle: .struct)
    }
}
