extension KubernetesConfiguration {
    /// The configuration kubectl would use: the files in `KUBECONFIG` merged, or
    /// `~/.kube/config`, and the current context or the one named.
    ///
    /// The files are found and merged as kubectl does it:
    ///
    /// - `KUBECONFIG` is a `:`-separated list of files; files that do not exist are skipped.
    ///   When it is unset or empty, the file is `~/.kube/config`.
    /// - A cluster, user or context name is taken from the first file that defines it, and
    ///   `current-context` from the first file that sets it.
    /// - Relative paths (`certificate-authority`, `client-certificate`, `client-key`,
    ///   `tokenFile`) are relative to the file that names them.
    ///
    /// From the context's cluster come the ``server``, the ``tls`` CA
    /// (`certificate-authority-data` or the `certificate-authority` file, not both),
    /// `insecure-skip-tls-verify`, `tls-server-name` and `proxy-url`; from its user the
    /// ``authentication`` (`token`, else `tokenFile`, read again every minute) and the client
    /// certificate and key (`*-data` or the files, not both); from the context the ``namespace``
    /// (`default` when it names none). A context without a user is anonymous.
    ///
    /// - Parameters:
    ///   - context: The context to use; the current context unless given.
    ///   - environment: Where variables and files are read from; the process's unless given.
    /// - Returns: The configuration.
    /// - Throws: ``KubernetesError/Code/configurationNotFound`` when no kubeconfig file exists;
    ///   ``KubernetesError/Code/invalidConfiguration`` for a malformed file, no current context,
    ///   a context, cluster or user that is not defined (or defined twice in one file), a cluster
    ///   without a server, a client certificate without its key, both a file and inline data for
    ///   the same certificate or key; ``KubernetesError/Code/unsupportedAuthentication`` for a
    ///   user that authenticates with an `exec` plugin, an `auth-provider`, a username and
    ///   password, or impersonation; ``KubernetesError/Code/fileUnreadable`` when a file the
    ///   kubeconfig names cannot be read.
    public static func kubeconfig(
        context: String? = nil,
        environment: KubernetesEnvironment = .process()
    ) throws(KubernetesError) -> KubernetesConfiguration {
        let paths = try Self.kubeconfigPaths(environment: environment)
        return try Self.kubeconfig(paths: paths, requireEach: false, context: context, environment: environment)
    }

    /// The configuration from one kubeconfig file (kubectl's `--kubeconfig`), with the current
    /// context or the one named. `KUBECONFIG` is not consulted.
    ///
    /// - Parameters:
    ///   - path: The kubeconfig file; it must exist.
    ///   - context: The context to use; the file's current context unless given.
    ///   - environment: Where files are read from; the process's unless given.
    /// - Returns: The configuration.
    /// - Throws: ``KubernetesError/Code/configurationNotFound`` when the file does not exist,
    ///   and the errors of ``kubeconfig(context:environment:)``.
    public static func kubeconfig(
        path: String,
        context: String? = nil,
        environment: KubernetesEnvironment = .process()
    ) throws(KubernetesError) -> KubernetesConfiguration {
        try Self.kubeconfig(paths: [path], requireEach: true, context: context, environment: environment)
    }

    /// The kubeconfig when there is one, the in-cluster configuration otherwise: a program that
    /// runs both on a laptop and in a pod.
    ///
    /// "There is one" means `KUBECONFIG` is set, or `~/.kube/config` exists. A `context` is
    /// only meaningful with a kubeconfig.
    ///
    /// - Parameters:
    ///   - context: The kubeconfig context to use; the current context unless given.
    ///   - environment: Where variables and files are read from; the process's unless given.
    /// - Returns: The configuration.
    /// - Throws: The errors of ``kubeconfig(context:environment:)`` or
    ///   ``inCluster(environment:serviceAccountDirectory:tokenRefreshInterval:)``;
    ///   ``KubernetesError/Code/configurationNotFound`` when neither is available.
    public static func automatic(
        context: String? = nil,
        environment: KubernetesEnvironment = .process()
    ) throws(KubernetesError) -> KubernetesConfiguration {
        if environment["KUBECONFIG"] != nil {
            return try Self.kubeconfig(context: context, environment: environment)
        }
        if let home = environment.homeDirectory,
            try environment.readFile(Self.homeKubeconfig(home), limit: Kubeconfig.maximumSize, what: "kubeconfig") != nil
        {
            return try Self.kubeconfig(context: context, environment: environment)
        }
        if environment["KUBERNETES_SERVICE_HOST"] != nil {
            return try Self.inCluster(environment: environment)
        }
        throw KubernetesError(
            code: .configurationNotFound,
            reason: "no kubeconfig (KUBECONFIG is unset and ~/.kube/config does not exist) and not in a pod "
                + "(KUBERNETES_SERVICE_HOST is unset)"
        )
    }

    private static func homeKubeconfig(_ home: String) -> String {
        (home.hasSuffix("/") ? String(home.dropLast()) : home) + "/.kube/config"
    }

    private static func kubeconfigPaths(environment: KubernetesEnvironment) throws(KubernetesError) -> [String] {
        if let list = environment["KUBECONFIG"] {
            var seen = Set<String>()
            let paths = list.split(separator: ":", omittingEmptySubsequences: true).map(String.init).filter {
                seen.insert($0).inserted
            }
            if !paths.isEmpty { return paths }
        }
        guard let home = environment.homeDirectory else {
            throw KubernetesError(
                code: .configurationNotFound,
                reason: "no kubeconfig: KUBECONFIG is unset and there is no home directory for ~/.kube/config"
            )
        }
        return [Self.homeKubeconfig(home)]
    }

    private static func kubeconfig(
        paths: [String],
        requireEach: Bool,
        context: String?,
        environment: KubernetesEnvironment
    ) throws(KubernetesError) -> KubernetesConfiguration {
        var merged: Kubeconfig?
        var found: [String] = []
        for path in paths {
            guard let bytes = try environment.readFile(path, limit: Kubeconfig.maximumSize, what: "kubeconfig") else {
                if requireEach {
                    throw KubernetesError(code: .configurationNotFound, reason: "the kubeconfig \(path) does not exist")
                }
                continue
            }
            let file = try Kubeconfig(parsing: bytes, path: path)
            found.append(path)
            if merged == nil {
                merged = file
            } else {
                merged?.merge(later: file)
            }
        }
        guard let config = merged else {
            throw KubernetesError(
                code: .configurationNotFound,
                reason: "no kubeconfig: \(paths.joined(separator: ", ")) \(paths.count == 1 ? "does" : "do") not exist"
            )
        }
        let files = found.joined(separator: ":")
        let invalid = { (why: String) in
            KubernetesError(code: .invalidConfiguration, reason: "kubeconfig \(files): \(why)")
        }

        guard let contextName = context ?? config.currentContext, !contextName.isEmpty else {
            throw invalid("current-context is not set and no context was named")
        }
        guard let selected = config.contexts[contextName] else {
            throw invalid("context \"\(contextName)\" is not defined")
        }
        guard !selected.cluster.isEmpty else { throw invalid("context \"\(contextName)\" names no cluster") }
        guard let cluster = config.clusters[selected.cluster] else {
            throw invalid("cluster \"\(selected.cluster)\" of context \"\(contextName)\" is not defined")
        }
        guard var server = cluster.server, !server.isEmpty else {
            throw invalid("cluster \"\(selected.cluster)\" has no server")
        }
        if server.firstRange(of: "://") == nil {
            // client-go accepts a bare host[:port]; this package always means TLS by it.
            server = "https://" + server
        }

        var user = Kubeconfig.User()
        if !selected.user.isEmpty {
            guard let named = config.users[selected.user] else {
                throw invalid("user \"\(selected.user)\" of context \"\(contextName)\" is not defined")
            }
            user = named
        }
        if let unsupported = user.unsupported {
            throw KubernetesError(
                code: .unsupportedAuthentication,
                reason: "kubeconfig \(files): user \"\(selected.user)\" authenticates with \(unsupported), which this "
                    + "package does not support; use a token, a tokenFile or a client certificate"
            )
        }

        let authentication: KubernetesAuthentication
        if let token = user.token {
            authentication = .bearerToken(token)
        } else if let tokenFile = user.tokenFile {
            authentication = .bearerTokenFile(tokenFile, fileSystem: environment.fileSystem, now: environment.now)
        } else {
            authentication = .none
        }
        // Check the token now, so a broken kubeconfig fails here rather than at the first request.
        _ = try authentication.token()

        let readPEM = { (path: String, what: String) throws(KubernetesError) -> [UInt8] in
            guard let bytes = try environment.readFile(path, limit: 1024 * 1024, what: what) else {
                throw KubernetesError(code: .fileUnreadable, reason: "kubeconfig \(files): the \(what) \(path) does not exist")
            }
            return bytes
        }
        var tls = TLS(insecureSkipVerify: cluster.insecureSkipTLSVerify, serverName: cluster.tlsServerName)
        if let data = cluster.certificateAuthorityData {
            tls.certificateAuthorityPEM = data
        } else if let path = cluster.certificateAuthority {
            tls.certificateAuthorityPEM = try readPEM(path, "certificate-authority file")
        }
        if let data = user.clientCertificateData {
            tls.clientCertificatePEM = data
        } else if let path = user.clientCertificate {
            tls.clientCertificatePEM = try readPEM(path, "client-certificate file")
        }
        if let data = user.clientKeyData {
            tls.clientKeyPEM = data
        } else if let path = user.clientKey {
            tls.clientKeyPEM = try readPEM(path, "client-key file")
        }
        if (tls.clientCertificatePEM == nil) != (tls.clientKeyPEM == nil) {
            throw invalid(
                "user \"\(selected.user)\" has a client \(tls.clientKeyPEM == nil ? "certificate without a key" : "key without a certificate")"
            )
        }

        do {
            return try KubernetesConfiguration(
                server: server,
                namespace: selected.namespace ?? "default",
                authentication: authentication,
                tls: tls,
                proxyURL: cluster.proxyURL,
                origin: "kubeconfig \(files) (context \(contextName))"
            )
        } catch {
            throw KubernetesError(
                code: error.code,
                reason: "kubeconfig \(files), context \"\(contextName)\": \(error.reason)"
            )
        }
    }
}
