#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The JSON form of a Secret on the wire (`application/json`, core/v1).
extension KubernetesSecret {
    /// The metadata members this type models; everything else is retained.
    private static let modeledMetadata: Set<String> = ["name", "namespace", "labels", "annotations", "resourceVersion", "uid"]
    /// The top-level members this type models or sets; everything else is retained.
    private static let modeledMembers: Set<String> = ["apiVersion", "kind", "metadata", "type", "data", "stringData"]
    /// Metadata the API server sets on create and refuses or ignores from a client.
    private static let serverSetMetadata: Set<String> = [
        "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "managedFields", "selfLink",
    ]

    /// Decodes a Secret from an API server response body.
    ///
    /// - Throws: ``KubernetesError/Code/invalidResponse`` when the body is not a JSON core/v1
    ///   Secret. The reason names the member that is wrong, never a value.
    init(json body: [UInt8]) throws(KubernetesError) {
        let top: [String: JSONValue]
        do {
            top = try JSONDecoder().decode([String: JSONValue].self, from: Data(body))
        } catch {
            throw KubernetesError(code: .invalidResponse, reason: "the response body is not a JSON object")
        }
        if let kind = top["kind"], kind != .string("Secret") {
            throw KubernetesError(
                code: .invalidResponse,
                reason: "the response is a \(kind.stringValue.map { "\"\($0)\"" } ?? "non-string kind"), not a Secret"
            )
        }
        if let apiVersion = top["apiVersion"], apiVersion != .string("v1") {
            throw KubernetesError(code: .invalidResponse, reason: "the response's apiVersion is not v1")
        }
        guard let metadata = top["metadata"]?.objectValue else {
            throw KubernetesError(code: .invalidResponse, reason: "the response has no metadata object")
        }
        guard let name = metadata["name"]?.stringValue else {
            throw KubernetesError(code: .invalidResponse, reason: "the response's metadata has no name")
        }
        self.init(name: name)
        self.namespace = try Self.optionalString(metadata["namespace"], "metadata.namespace")
        self.resourceVersion = try Self.optionalString(metadata["resourceVersion"], "metadata.resourceVersion")
        self.uid = try Self.optionalString(metadata["uid"], "metadata.uid")
        self.labels = try Self.stringMap(metadata["labels"], "metadata.labels")
        self.annotations = try Self.stringMap(metadata["annotations"], "metadata.annotations")
        self.type = SecretType(try Self.optionalString(top["type"], "type") ?? "Opaque")
        switch top["data"] {
        case nil, .null?:
            break
        case .object(let members)?:
            var data: [String: [UInt8]] = [:]
            data.reserveCapacity(members.count)
            for (key, value) in members {
                switch value {
                case .null:
                    data[key] = []
                case .string(let text):
                    guard let bytes = Base64.decode(text) else {
                        throw KubernetesError(
                            code: .invalidResponse,
                            reason: "the value of data key \"\(key.prefix(100))\" in the response is not base64"
                        )
                    }
                    data[key] = bytes
                default:
                    throw KubernetesError(
                        code: .invalidResponse,
                        reason: "the value of data key \"\(key.prefix(100))\" in the response is not a string"
                    )
                }
            }
            self.data = data
        default:
            throw KubernetesError(code: .invalidResponse, reason: "the response's data is not an object")
        }
        self.retainedMembers = top.filter { !Self.modeledMembers.contains($0.key) }
        self.retainedMetadata = metadata.filter { !Self.modeledMetadata.contains($0.key) }
    }

    /// The request body that creates (`forCreate`) or updates this Secret in `namespace`.
    func jsonBody(namespace: String, forCreate: Bool) throws(KubernetesError) -> [UInt8] {
        var metadata = self.retainedMetadata
        if forCreate {
            for key in Self.serverSetMetadata {
                metadata[key] = nil
            }
        }
        metadata["name"] = .string(self.name)
        metadata["namespace"] = .string(namespace)
        if !self.labels.isEmpty {
            metadata["labels"] = .object(self.labels.mapValues { .string($0) })
        }
        if !self.annotations.isEmpty {
            metadata["annotations"] = .object(self.annotations.mapValues { .string($0) })
        }
        if !forCreate {
            if let resourceVersion = self.resourceVersion { metadata["resourceVersion"] = .string(resourceVersion) }
            if let uid = self.uid { metadata["uid"] = .string(uid) }
        }
        var top = self.retainedMembers
        top["apiVersion"] = .string("v1")
        top["kind"] = .string("Secret")
        top["metadata"] = .object(metadata)
        top["type"] = .string(self.type.rawValue)
        if !self.data.isEmpty {
            top["data"] = .object(self.data.mapValues { .string(Base64.encode($0)) })
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return Array(try encoder.encode(top))
        } catch {
            throw KubernetesError(code: .invalidSecret, reason: "the Secret cannot be encoded as JSON")
        }
    }

    private static func optionalString(_ value: JSONValue?, _ member: String) throws(KubernetesError) -> String? {
        switch value {
        case nil, .null?:
            return nil
        case .string(let text)?:
            return text
        default:
            throw KubernetesError(code: .invalidResponse, reason: "the response's \(member) is not a string")
        }
    }

    private static func stringMap(_ value: JSONValue?, _ member: String) throws(KubernetesError) -> [String: String] {
        switch value {
        case nil, .null?:
            return [:]
        case .object(let members)?:
            var map: [String: String] = [:]
            map.reserveCapacity(members.count)
            for (key, value) in members {
                guard let text = value.stringValue else {
                    throw KubernetesError(
                        code: .invalidResponse,
                        reason: "the value of \(member)[\"\(key.prefix(100))\"] in the response is not a string"
                    )
                }
                map[key] = text
            }
            return map
        default:
            throw KubernetesError(code: .invalidResponse, reason: "the response's \(member) is not an object")
        }
    }
}
