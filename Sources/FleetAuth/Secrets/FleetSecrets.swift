extension KubernetesSecret {
    /// The Secret named by a GitRepo's `helmSecretName`, as Fleet reads it: `username` and
    /// `password` as raw bytes (no trailing newline), and when set `cacerts`, `ssh-privatekey`,
    /// `insecureSkipVerify` and `basicHTTP` (`"true"`).
    ///
    /// - Parameters:
    ///   - name: The Secret's name (the GitRepo's `helmSecretName`).
    ///   - namespace: The GitRepo's namespace.
    ///   - credentials: The credentials.
    /// - Returns: The Secret.
    public static func helmCredentials(name: String, namespace: String, credentials: HelmCredentials) -> KubernetesSecret {
        KubernetesSecret(name: name, namespace: namespace, data: Self.helmData(credentials))
    }

    /// The Secret named by a GitRepo's `helmSecretNameForPaths`: one key, `secrets-path.yaml`.
    ///
    /// - Parameters:
    ///   - name: The Secret's name.
    ///   - namespace: The GitRepo's namespace.
    ///   - file: The credentials per path.
    /// - Returns: The Secret.
    public static func secretsPath(name: String, namespace: String, file: SecretsPathFile) -> KubernetesSecret {
        KubernetesSecret(name: name, namespace: namespace, data: ["secrets-path.yaml": Array(file.yamlString().utf8)])
    }

    /// The Secret named by a HelmOp's `helmSecretName`: `username` and `password` (both or
    /// neither), `cacerts`, `insecureSkipVerify`, `basicHTTP`.
    ///
    /// - Parameters:
    ///   - name: The Secret's name.
    ///   - namespace: The HelmOp's namespace.
    ///   - credentials: The credentials.
    /// - Returns: The Secret.
    /// - Throws: ``FleetAuthError`` with ``FleetAuthError/Code/invalidSecret`` when exactly one of the
    ///   username and password is set (Fleet refuses such a Secret), or when an SSH key is set
    ///   (HelmOps do not read one).
    public static func helmOp(name: String, namespace: String, credentials: HelmCredentials) throws -> KubernetesSecret {
        if credentials.username.isEmpty != credentials.password.isEmpty {
            throw FleetAuthError(
                code: .invalidSecret,
                reason: "a HelmOp Secret needs both username and password, or neither"
            )
        }
        if credentials.sshPrivateKey != nil {
            throw FleetAuthError(code: .invalidSecret, reason: "HelmOps do not read an SSH private key")
        }
        return KubernetesSecret(name: name, namespace: namespace, data: Self.helmData(credentials))
    }

    /// A `kubernetes.io/dockerconfigjson` Secret for image pulls: one `auths` entry per registry
    /// with `username`, `password` and `auth` (base64 of `username:password`).
    ///
    /// - Parameters:
    ///   - name: The Secret's name.
    ///   - namespace: Its namespace.
    ///   - registries: Credentials by registry host, for example
    ///     `["123456789012.dkr.ecr.eu-central-1.amazonaws.com": ("AWS", token)]`.
    /// - Returns: The Secret.
    public static func dockerConfigJSON(
        name: String,
        namespace: String,
        registries: [String: (username: String, password: String)]
    ) -> KubernetesSecret {
        var entries: [String] = []
        for host in JSONText.sortedKeys(registries) {
            guard let entry = registries[host] else { continue }
            let auth = Base64.encode(Array((entry.username + ":" + entry.password).utf8))
            entries.append(
                JSONText.quote(host) + ":{" + JSONText.quote("username") + ":" + JSONText.quote(entry.username) + ","
                    + JSONText.quote("password") + ":" + JSONText.quote(entry.password) + ","
                    + JSONText.quote("auth") + ":" + JSONText.quote(auth) + "}"
            )
        }
        let json = "{\"auths\":{" + entries.joined(separator: ",") + "}}"
        return KubernetesSecret(name: name, namespace: namespace, type: .dockerConfigJSON, data: [".dockerconfigjson": Array(json.utf8)])
    }

    private static func helmData(_ credentials: HelmCredentials) -> [String: [UInt8]] {
        var data: [String: [UInt8]] = [:]
        if !credentials.username.isEmpty || !credentials.password.isEmpty {
            data["username"] = Array(credentials.username.utf8)
            data["password"] = Array(credentials.password.utf8)
        }
        if let ca = credentials.caBundle {
            data["cacerts"] = ca
        }
        if let key = credentials.sshPrivateKey {
            data["ssh-privatekey"] = key
        }
        if credentials.insecureSkipVerify {
            data["insecureSkipVerify"] = Array("true".utf8)
        }
        if credentials.basicHTTP {
            data["basicHTTP"] = Array("true".utf8)
        }
        return data
    }
}

/// Reading the Secrets Fleet reads.
enum HelmOpSecret {
    /// Fleet's `ReadHelmAuthFromSecret`: username and password both or neither; booleans parsed as
    /// Go's `strconv.ParseBool`, anything else reading as false.
    static func credentials(from data: [String: [UInt8]]) throws -> HelmCredentials {
        let username = data["username"]
        let password = data["password"]
        if username != nil && password == nil {
            throw FleetAuthError(code: .invalidSecret, reason: "username is set in the secret, but password isn't")
        }
        if username == nil && password != nil {
            throw FleetAuthError(code: .invalidSecret, reason: "password is set in the secret, but username isn't")
        }
        return HelmCredentials(
            username: username.map { String(decoding: $0, as: UTF8.self) } ?? "",
            password: password.map { String(decoding: $0, as: UTF8.self) } ?? "",
            caBundle: data["cacerts"],
            insecureSkipVerify: data["insecureSkipVerify"].flatMap(Self.parseBool) ?? false,
            basicHTTP: data["basicHTTP"].flatMap(Self.parseBool) ?? false
        )
    }

    /// Go's `strconv.ParseBool`.
    static func parseBool(_ bytes: [UInt8]) -> Bool? {
        switch String(decoding: bytes, as: UTF8.self) {
        case "1", "t", "T", "TRUE", "true", "True": return true
        case "0", "f", "F", "FALSE", "false", "False": return false
        default: return nil
        }
    }
}

extension HelmCredentials {
    /// Reads the credentials of a `helmSecretName` Secret as Fleet's git job does: `username`,
    /// `password`, `cacerts`, `ssh-privatekey`; `insecureSkipVerify` and `basicHTTP` parsed as Go's
    /// `strconv.ParseBool` (anything else is false).
    ///
    /// - Parameter secretData: The Secret's decoded data.
    /// - Returns: The credentials.
    public init(helmSecretData secretData: [String: [UInt8]]) {
        self.init(
            username: secretData["username"].map { String(decoding: $0, as: UTF8.self) } ?? "",
            password: secretData["password"].map { String(decoding: $0, as: UTF8.self) } ?? "",
            caBundle: secretData["cacerts"],
            sshPrivateKey: secretData["ssh-privatekey"],
            insecureSkipVerify: secretData["insecureSkipVerify"].flatMap(HelmOpSecret.parseBool) ?? false,
            basicHTTP: secretData["basicHTTP"].flatMap(HelmOpSecret.parseBool) ?? false
        )
    }
}

extension SecretsPathFile {
    /// The file as YAML, keys sorted and quoted, `caBundle` and `sshPrivateKey` in base64. It
    /// contains the credentials.
    ///
    /// - Returns: The `secrets-path.yaml` text.
    public func yamlString() -> String {
        var lines: [String] = []
        for key in JSONText.sortedKeys(self.entries) {
            guard let c = self.entries[key] else { continue }
            lines.append(JSONText.quote(key) + ":")
            var fields: [String] = []
            if !c.username.isEmpty { fields.append("username: " + JSONText.quote(c.username)) }
            if !c.password.isEmpty { fields.append("password: " + JSONText.quote(c.password)) }
            if let ca = c.caBundle { fields.append("caBundle: " + JSONText.quote(Base64.encode(ca))) }
            if let key = c.sshPrivateKey { fields.append("sshPrivateKey: " + JSONText.quote(Base64.encode(key))) }
            if c.insecureSkipVerify { fields.append("insecureSkipVerify: true") }
            if c.basicHTTP { fields.append("basicHTTP: true") }
            if fields.isEmpty {
                lines[lines.count - 1] += " {}"
            }
            lines += fields.map { "  " + $0 }
        }
        return lines.isEmpty ? "{}\n" : lines.joined(separator: "\n") + "\n"
    }
}
