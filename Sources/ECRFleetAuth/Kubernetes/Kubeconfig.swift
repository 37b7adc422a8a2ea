import Yams

/// The parts of a kubeconfig file (`clientcmd/api/v1` `Config`) the Secret client uses, with
/// file paths already resolved against the directory of the file that named them, as kubectl
/// resolves them.
///
/// Like kubectl, a file that defines a cluster, user or context name twice, or that gives both a
/// file and inline data for the same certificate or key, is refused (the differential tests
/// against kubectl show both).
struct Kubeconfig: Sendable {
    struct Cluster: Sendable {
        var server: String?
        var certificateAuthority: String?
        var certificateAuthorityData: [UInt8]?
        var insecureSkipTLSVerify = false
        var tlsServerName: String?
        var proxyURL: String?
    }

    struct User: Sendable {
        var token: String?
        var tokenFile: String?
        var clientCertificate: String?
        var clientCertificateData: [UInt8]?
        var clientKey: String?
        var clientKeyData: [UInt8]?
        /// The first authentication method present that this package does not implement.
        var unsupported: String?
    }

    struct Context: Sendable {
        var cluster: String
        var user: String
        var namespace: String?
    }

    var clusters: [String: Cluster] = [:]
    var users: [String: User] = [:]
    var contexts: [String: Context] = [:]
    var currentContext: String?

    /// The largest kubeconfig file accepted.
    static let maximumSize = 4 * 1024 * 1024

    /// Merges `other`, which comes later in `KUBECONFIG`, into this one as kubectl does: the
    /// first file to define a cluster, user or context name wins, and the first file to set
    /// `current-context` wins.
    mutating func merge(later other: Kubeconfig) {
        self.clusters.merge(other.clusters) { first, _ in first }
        self.users.merge(other.users) { first, _ in first }
        self.contexts.merge(other.contexts) { first, _ in first }
        if self.currentContext == nil {
            self.currentContext = other.currentContext
        }
    }
}

extension Kubeconfig {
    /// Parses a kubeconfig file.
    ///
    /// - Parameters:
    ///   - bytes: The file's contents (YAML or JSON).
    ///   - path: The file's path, for messages and for resolving relative paths.
    /// - Throws: ``KubernetesError/Code/invalidConfiguration`` naming the file, line and field
    ///   that is wrong; never a value from the file.
    init(parsing bytes: [UInt8], path: String) throws(KubernetesError) {
        let reader = NodeReader(path: path)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw reader.invalid("is not UTF-8 text")
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw reader.invalid("is not valid YAML (\(Self.describe(error)))")
        }
        guard let root, !reader.isNull(root) else { return }
        guard let top = root.mapping else { throw reader.invalid("is not a YAML mapping", at: root) }
        let directory = Self.directory(of: path)

        self.currentContext = try reader.string(top["current-context"], "current-context").flatMap { $0.isEmpty ? nil : $0 }

        for (index, entry) in try reader.sequence(top["clusters"], "clusters").enumerated() {
            let field = "clusters[\(index)]"
            let (name, body) = try reader.namedEntry(entry, field, member: "cluster")
            var cluster = Cluster()
            if let body {
                cluster.server = try reader.string(body["server"], "\(field).cluster.server")
                cluster.certificateAuthority = try reader.string(body["certificate-authority"], "\(field).cluster.certificate-authority")
                    .flatMap { Self.resolve($0, in: directory) }
                cluster.certificateAuthorityData = try reader.base64(
                    body["certificate-authority-data"], "\(field).cluster.certificate-authority-data")
                cluster.insecureSkipTLSVerify =
                    try reader.bool(body["insecure-skip-tls-verify"], "\(field).cluster.insecure-skip-tls-verify") ?? false
                cluster.tlsServerName = try reader.string(body["tls-server-name"], "\(field).cluster.tls-server-name")
                    .flatMap { $0.isEmpty ? nil : $0 }
                cluster.proxyURL = try reader.string(body["proxy-url"], "\(field).cluster.proxy-url").flatMap { $0.isEmpty ? nil : $0 }
            }
            if cluster.certificateAuthority != nil, cluster.certificateAuthorityData != nil {
                throw reader.invalid(
                    "has both certificate-authority and certificate-authority-data in \(field) (kubectl refuses both too)",
                    at: entry)
            }
            guard self.clusters.updateValue(cluster, forKey: name) == nil else {
                throw reader.invalid("defines the cluster \"\(name)\" twice", at: entry)
            }
        }

        for (index, entry) in try reader.sequence(top["users"], "users").enumerated() {
            let field = "users[\(index)]"
            let (name, body) = try reader.namedEntry(entry, field, member: "user")
            var user = User()
            if let body {
                user.token = try reader.string(body["token"], "\(field).user.token").flatMap { $0.isEmpty ? nil : $0 }
                user.tokenFile = try reader.string(body["tokenFile"], "\(field).user.tokenFile")
                    .flatMap { Self.resolve($0, in: directory) }
                user.clientCertificate = try reader.string(body["client-certificate"], "\(field).user.client-certificate")
                    .flatMap { Self.resolve($0, in: directory) }
                user.clientCertificateData = try reader.base64(
                    body["client-certificate-data"], "\(field).user.client-certificate-data")
                user.clientKey = try reader.string(body["client-key"], "\(field).user.client-key")
                    .flatMap { Self.resolve($0, in: directory) }
                user.clientKeyData = try reader.base64(body["client-key-data"], "\(field).user.client-key-data")
                let unsupported: [(String, String)] = [
                    ("exec", "an exec credential plugin"),
                    ("auth-provider", "an auth-provider plugin"),
                    ("username", "a username and password"),
                    ("password", "a username and password"),
                    ("as", "impersonation (as)"),
                    ("as-uid", "impersonation (as-uid)"),
                    ("as-groups", "impersonation (as-groups)"),
                    ("as-user-extra", "impersonation (as-user-extra)"),
                ]
                for (key, what) in unsupported {
                    if let value = body[key], !reader.isNull(value) {
                        user.unsupported = what
                        break
                    }
                }
            }
            if user.clientCertificate != nil, user.clientCertificateData != nil {
                throw reader.invalid(
                    "has both client-certificate and client-certificate-data in \(field) (kubectl refuses both too)",
                    at: entry)
            }
            if user.clientKey != nil, user.clientKeyData != nil {
                throw reader.invalid("has both client-key and client-key-data in \(field) (kubectl refuses both too)", at: entry)
            }
            guard self.users.updateValue(user, forKey: name) == nil else {
                throw reader.invalid("defines the user \"\(name)\" twice", at: entry)
            }
        }

        for (index, entry) in try reader.sequence(top["contexts"], "contexts").enumerated() {
            let field = "contexts[\(index)]"
            let (name, body) = try reader.namedEntry(entry, field, member: "context")
            var context = Context(cluster: "", user: "")
            if let body {
                context.cluster = try reader.string(body["cluster"], "\(field).context.cluster") ?? ""
                context.user = try reader.string(body["user"], "\(field).context.user") ?? ""
                context.namespace = try reader.string(body["namespace"], "\(field).context.namespace")
                    .flatMap { $0.isEmpty ? nil : $0 }
            }
            guard self.contexts.updateValue(context, forKey: name) == nil else {
                throw reader.invalid("defines the context \"\(name)\" twice", at: entry)
            }
        }
    }

    /// The directory part of `path` (`.` when it has none).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// `path` made absolute against `directory` when it is relative; `nil` when empty.
    static func resolve(_ path: String, in directory: String) -> String? {
        if path.isEmpty { return nil }
        if path.hasPrefix("/") { return path }
        return directory.hasSuffix("/") ? directory + path : directory + "/" + path
    }

    /// What Yams says is wrong, without the text it quotes (which could be a token).
    private static func describe(_ error: any Error) -> String {
        guard let yamlError = error as? YamlError else { return "unreadable" }
        switch yamlError {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return "\(problem) at line \(mark.line)"
        default:
            return "unreadable"
        }
    }
}

/// Typed access to the YAML nodes of one kubeconfig file, with errors that name the file, line
/// and field, never the value.
private struct NodeReader {
    let path: String

    func invalid(_ what: String, at node: Node? = nil) -> KubernetesError {
        let line = node?.mark.map { ":\($0.line)" } ?? ""
        return KubernetesError(code: .invalidConfiguration, reason: "the kubeconfig \(self.path)\(line) \(what)")
    }

    func isNull(_ node: Node) -> Bool {
        guard let scalar = node.scalar, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    func string(_ node: Node?, _ field: String) throws(KubernetesError) -> String? {
        guard let node, !self.isNull(node) else { return nil }
        guard let scalar = node.scalar else { throw self.invalid("has a \(field) that is not a string", at: node) }
        return scalar.string
    }

    /// A YAML 1.1 boolean, as Go's yaml.v2 (which kubectl uses) reads one: plain `true`,
    /// `false`, `yes`, `no`, `on`, `off`, `y`, `n` in their usual capitalizations.
    func bool(_ node: Node?, _ field: String) throws(KubernetesError) -> Bool? {
        guard let node, !self.isNull(node) else { return nil }
        guard let scalar = node.scalar, scalar.style == .plain else {
            throw self.invalid("has a \(field) that is not a boolean", at: node)
        }
        switch scalar.string {
        case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y": return true
        case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N": return false
        default: throw self.invalid("has a \(field) that is not a boolean", at: node)
        }
    }

    func base64(_ node: Node?, _ field: String) throws(KubernetesError) -> [UInt8]? {
        guard let text = try self.string(node, field), !text.isEmpty else { return nil }
        guard let bytes = Base64.decode(text) else {
            throw self.invalid("has a \(field) that is not standard base64", at: node)
        }
        return bytes
    }

    func sequence(_ node: Node?, _ field: String) throws(KubernetesError) -> [Node] {
        guard let node, !self.isNull(node) else { return [] }
        guard let sequence = node.sequence else { throw self.invalid("has a \(field) that is not a list", at: node) }
        return Array(sequence)
    }

    /// The `name` and the mapping under `member` of a `clusters`, `users` or `contexts` entry.
    func namedEntry(_ entry: Node, _ field: String, member: String) throws(KubernetesError) -> (String, Node.Mapping?) {
        guard let mapping = entry.mapping else { throw self.invalid("has a \(field) that is not a mapping", at: entry) }
        let name = try self.string(mapping["name"], "\(field).name") ?? ""
        guard let body = mapping[member], !self.isNull(body) else { return (name, nil) }
        guard let bodyMapping = body.mapping else {
            throw self.invalid("has a \(field).\(member) that is not a mapping", at: body)
        }
        return (name, bodyMapping)
    }
}
