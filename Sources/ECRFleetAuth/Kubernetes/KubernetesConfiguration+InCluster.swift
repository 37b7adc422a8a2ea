extension KubernetesConfiguration {
    /// Where a pod finds its service account's token, CA bundle and namespace.
    public static let serviceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount"

    /// The configuration of a program running in a pod, as client-go's `InClusterConfig` builds
    /// it.
    ///
    /// - The server is `https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT`; an IPv6 host
    ///   (`fd00:10:96::1`) is put in brackets.
    /// - The bearer token is the service account's `token` file, read now (it must exist) and
    ///   read again every minute and after a 401, because the kubelet rotates projected tokens.
    /// - The CA is the service account's `ca.crt`; when that file is missing the transport uses
    ///   the system's roots (as client-go does), which will usually not verify the server.
    /// - The namespace is `$POD_NAMESPACE`, else the service account's `namespace` file, else
    ///   `default`.
    ///
    /// - Parameters:
    ///   - environment: Where variables and files are read from; the process's unless given.
    ///   - serviceAccountDirectory: The directory with `token`, `ca.crt` and `namespace`;
    ///     ``serviceAccountDirectory`` unless given.
    ///   - tokenRefreshInterval: How long a token read from the file is used before the file is
    ///     read again; one minute unless given.
    /// - Returns: The configuration.
    /// - Throws: ``KubernetesError/Code/configurationNotFound`` when `KUBERNETES_SERVICE_HOST` or
    ///   `KUBERNETES_SERVICE_PORT` is unset (not in a pod);
    ///   ``KubernetesError/Code/invalidConfiguration`` when they do not form a URL;
    ///   ``KubernetesError/Code/fileUnreadable`` when the token file is missing, empty or
    ///   unreadable.
    public static func inCluster(
        environment: KubernetesEnvironment = .process(),
        serviceAccountDirectory: String = KubernetesConfiguration.serviceAccountDirectory,
        tokenRefreshInterval: Duration = .seconds(60)
    ) throws(KubernetesError) -> KubernetesConfiguration {
        guard let host = environment["KUBERNETES_SERVICE_HOST"], let port = environment["KUBERNETES_SERVICE_PORT"] else {
            throw KubernetesError(
                code: .configurationNotFound,
                reason: "not running in a Kubernetes pod: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must both be set"
            )
        }
        guard let portNumber = Int(port), (1...65535).contains(portNumber), port.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
        else {
            throw KubernetesError(
                code: .invalidConfiguration,
                reason: "KUBERNETES_SERVICE_PORT is not a port number from 1 to 65535"
            )
        }
        let isHostByte = { (byte: UInt8) in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]")
        }
        guard host.utf8.allSatisfy(isHostByte) else {
            throw KubernetesError(
                code: .invalidConfiguration,
                reason: "KUBERNETES_SERVICE_HOST is not a host name or IP address"
            )
        }
        // net.JoinHostPort: an IPv6 address (it has a colon) goes in brackets.
        let bracketed = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        let server = "https://\(bracketed):\(port)"

        let directory = serviceAccountDirectory.hasSuffix("/") ? String(serviceAccountDirectory.dropLast()) : serviceAccountDirectory
        let authentication = KubernetesAuthentication.bearerTokenFile(
            directory + "/token",
            fileSystem: environment.fileSystem,
            refreshInterval: tokenRefreshInterval,
            now: environment.now
        )
        // Read it now: a pod without a token cannot talk to the API server, and this is the
        // place to say so.
        _ = try authentication.token()

        let certificateAuthority = try environment.readFile(
            directory + "/ca.crt", limit: 1024 * 1024, what: "service account CA bundle")
        if let certificateAuthority, certificateAuthority.isEmpty {
            throw KubernetesError(code: .fileUnreadable, reason: "the service account CA bundle \(directory)/ca.crt is empty")
        }

        var namespace = "default"
        if let fromEnvironment = environment["POD_NAMESPACE"] {
            namespace = fromEnvironment
        } else if let bytes = try environment.readFile(directory + "/namespace", limit: 1024, what: "service account namespace") {
            let trimmed = String(decoding: bytes, as: UTF8.self).filter { !$0.isWhitespace }
            if !trimmed.isEmpty { namespace = trimmed }
        }

        do {
            return try KubernetesConfiguration(
                server: server,
                namespace: namespace,
                authentication: authentication,
                tls: TLS(certificateAuthorityPEM: certificateAuthority),
                origin: "in-cluster"
            )
        } catch {
            throw KubernetesError(
                code: error.code,
                reason: "in-cluster configuration (KUBERNETES_SERVICE_HOST, POD_NAMESPACE or the namespace file): \(error.reason)"
            )
        }
    }
}
