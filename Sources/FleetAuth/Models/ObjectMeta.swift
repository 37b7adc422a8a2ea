/// The part of Kubernetes object metadata FleetAuth reads.
public struct ObjectMeta: Sendable, Hashable {
    /// `metadata.name`.
    public var name: String
    /// `metadata.namespace`.
    public var namespace: String
    /// `metadata.labels`.
    public var labels: [String: String]
    /// `metadata.annotations`.
    public var annotations: [String: String]

    /// Creates metadata.
    ///
    /// - Parameters:
    ///   - name: The object's name.
    ///   - namespace: The object's namespace.
    ///   - labels: Its labels.
    ///   - annotations: Its annotations.
    public init(name: String = "", namespace: String = "", labels: [String: String] = [:], annotations: [String: String] = [:]) {
        self.name = name
        self.namespace = namespace
        self.labels = labels
        self.annotations = annotations
    }

    init(reading reader: DocumentReader?) throws {
        self.init(
            name: try reader?.string("name") ?? "",
            namespace: try reader?.string("namespace") ?? "",
            labels: try reader?.stringMap("labels") ?? [:],
            annotations: try reader?.stringMap("annotations") ?? [:]
        )
    }
}
