internal import Yams

/// Reads typed fields out of a composed YAML (or JSON) tree, with errors that name the field path
/// and the line. Only the fields asked for are visited, so unknown fields cost nothing and are
/// ignored, as Kubernetes and Fleet ignore them.
struct DocumentReader {
    /// How keys are compared: Kubernetes stores CRDs with exact keys; Fleet's CLI reads
    /// `fleet.yaml` through Go's `encoding/json`, which falls back to a case-insensitive match.
    enum KeyMatching {
        case exact
        case goJSON
    }

    let node: Node
    let path: String
    let keys: KeyMatching

    init(node: Node, path: String, keys: KeyMatching) {
        self.node = node
        self.path = path
        self.keys = keys
    }

    var line: Int? {
        self.node.mark?.line
    }

    /// Parses every document of a YAML or JSON text.
    static func documents(_ text: String, what: String) throws -> [Node] {
        do {
            var result: [Node] = []
            var sequence = try Yams.compose_all(yaml: text)
            while let node = sequence.next() {
                result.append(node)
            }
            if let error = sequence.error {
                throw error
            }
            return result
        } catch let error as YamlError {
            throw Self.translate(error, what: what)
        } catch let error as FleetAuthError {
            throw error
        } catch {
            throw FleetAuthError(code: .invalidDocument, reason: "\(what) could not be read as YAML or JSON")
        }
    }

    /// The problem and position of a Yams error, without the document text (which may hold secrets).
    private static func translate(_ error: YamlError, what: String) -> FleetAuthError {
        func make(_ problem: String, _ mark: Mark?, _ context: YamlError.Context?) -> FleetAuthError {
            var reason = "\(what) is not valid YAML: \(problem)"
            if let context {
                reason += " (\(context.text) at line \(context.mark.line), column \(context.mark.column))"
            }
            if let mark {
                reason += " at line \(mark.line), column \(mark.column)"
            }
            return FleetAuthError(code: .invalidDocument, reason: reason, line: mark?.line)
        }
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            return make(problem, mark, context)
        case .reader(let problem, let offset, _, _):
            return make(problem + (offset.map { " at character \($0)" } ?? ""), nil, nil)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return make("duplicated keys \(duplicates.sorted().map { String(reflecting: $0) }.joined(separator: ", "))",
                        context.mark, nil)
        default:
            return FleetAuthError(code: .invalidDocument, reason: "\(what) is not valid YAML")
        }
    }

    private func kindName(_ node: Node) -> String {
        switch node {
        case .scalar: return "a scalar"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    func fail(_ code: FleetAuthError.Code, _ what: String, node: Node? = nil) -> FleetAuthError {
        let line = (node ?? self.node).mark?.line
        let place = line.map { " (line \($0))" } ?? ""
        return FleetAuthError(code: code, reason: "\(self.path): \(what)\(place)", line: line)
    }

    /// Whether the node is a YAML null (absent value).
    private static func isNull(_ node: Node) -> Bool {
        if case .scalar = node {
            return node.tag.rawValue == Tag.Name.null.rawValue
        }
        return false
    }

    /// The node of the mapping itself, or an error when it is not a mapping.
    func requireMapping() throws -> [(key: String, value: Node)] {
        guard case .mapping(let mapping) = self.node else {
            if Self.isNull(self.node) {
                return []
            }
            throw self.fail(.invalidField, "expected a mapping, found \(self.kindName(self.node))")
        }
        var pairs: [(key: String, value: Node)] = []
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else {
                throw self.fail(.invalidField, "a key is \(self.kindName(key)), not a string", node: key)
            }
            pairs.append((scalar.string, value))
        }
        return pairs
    }

    /// The child at `key`, or nil when absent or null.
    func child(_ key: String) throws -> DocumentReader? {
        let pairs = try self.requireMapping()
        var found: Node?
        // Go's encoding/json: the last exact match wins; otherwise the last case-insensitive one.
        for pair in pairs where pair.key == key {
            found = pair.value
        }
        if found == nil && self.keys == .goJSON {
            let folded = key.lowercased()
            for pair in pairs where pair.key.lowercased() == folded {
                found = pair.value
            }
        }
        guard let value = found, !Self.isNull(value) else {
            return nil
        }
        let childPath = self.path.isEmpty ? key : self.path + "." + key
        return DocumentReader(node: value, path: childPath, keys: self.keys)
    }

    /// The scalar's text when it is a string (quoted, or plain and not a number, bool or null).
    func stringValue() throws -> String {
        guard case .scalar(let scalar) = self.node else {
            throw self.fail(.invalidField, "expected a string, found \(self.kindName(self.node))")
        }
        let tag = self.node.tag.rawValue
        switch tag {
        case Tag.Name.int.rawValue, Tag.Name.float.rawValue, Tag.Name.bool.rawValue:
            throw self.fail(
                .invalidField,
                "expected a string, found \(tag == Tag.Name.bool.rawValue ? "a boolean" : "a number") "
                    + "\(String(reflecting: scalar.string)); quote it"
            )
        default:
            return scalar.string
        }
    }

    func string(_ key: String) throws -> String? {
        try self.child(key)?.stringValue()
    }

    func bool(_ key: String) throws -> Bool? {
        guard let child = try self.child(key) else {
            return nil
        }
        guard case .scalar = child.node, child.node.tag.rawValue == Tag.Name.bool.rawValue, let value = child.node.bool else {
            throw child.fail(.invalidField, "expected true or false")
        }
        return value
    }

    func int(_ key: String) throws -> Int? {
        guard let child = try self.child(key) else {
            return nil
        }
        guard case .scalar = child.node, child.node.tag.rawValue == Tag.Name.int.rawValue, let value = child.node.int else {
            throw child.fail(.invalidField, "expected an integer")
        }
        return value
    }

    func list(_ key: String) throws -> [DocumentReader]? {
        guard let child = try self.child(key) else {
            return nil
        }
        guard case .sequence(let sequence) = child.node else {
            throw child.fail(.invalidField, "expected a list, found \(self.kindName(child.node))")
        }
        return sequence.enumerated().map { index, node in
            DocumentReader(node: node, path: child.path + "[\(index)]", keys: self.keys)
        }
    }

    func strings(_ key: String) throws -> [String]? {
        try self.list(key)?.map { try $0.stringValue() }
    }

    func stringMap(_ key: String) throws -> [String: String]? {
        guard let child = try self.child(key) else {
            return nil
        }
        var map: [String: String] = [:]
        for pair in try child.requireMapping() {
            let value = DocumentReader(node: pair.value, path: child.path + "." + pair.key, keys: self.keys)
            map[pair.key] = try value.stringValue()
        }
        return map
    }

    /// Decodes a mapping field as `T`, or nil when absent.
    func object<T>(_ key: String, _ decode: (DocumentReader) throws -> T) throws -> T? {
        guard let child = try self.child(key) else {
            return nil
        }
        _ = try child.requireMapping()
        return try decode(child)
    }
}
