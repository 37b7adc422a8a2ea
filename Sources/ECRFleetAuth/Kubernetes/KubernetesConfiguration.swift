import AuthTransport
import HTTPTypes

/// Where the Kubernetes API server is and how to talk to it: the server URL, the namespace,
/// the bearer token, and the TLS material the transport needs.
///
/// Load it from where the program runs:
///
/// ```swift
/// let configuration = try KubernetesConfiguration.inCluster()        // in a pod
/// let configuration = try KubernetesConfiguration.kubeconfig()       // KUBECONFIG or ~/.kube/config
/// let configuration = try KubernetesConfiguration.automatic()        // kubeconfig if there is one, else in-cluster
/// ```
///
/// or build it:
///
/// ```swift
/// let configuration = try KubernetesConfiguration(
///     server: "https://10.96.0.1:443",
///     namespace: "fleet-default",
///     authentication: .bearerTokenFile("/var/run/secrets/kubernetes.io/serviceaccount/token"),
///     tls: .init(certificateAuthorityPEM: caPEM)
/// )
/// ```
///
/// ### TLS is the transport's job
///
/// ``KubernetesSecretClient`` sends its requests through the `HTTPTransport` you give it, so the
/// TLS connection (which CA to trust, which client certificate to present) is that transport's.
/// ``tls`` holds what a correct transport needs; build the transport from it. With the package
/// trait `AsyncHTTPClient` on, `makeHTTPClientConfiguration(timeout:)` does that for
/// AsyncHTTPClient.
/// <doc:WritingSecretsToKubernetes> explains the choices, including why `URLSession` cannot
/// trust a cluster's own CA.
///
/// The value never prints a secret: ``description`` and `dump()` show the server, namespace,
/// kind of authentication, which TLS material is present, and where the configuration came from.
public struct KubernetesConfiguration: Sendable {
    /// The server's base URL without a trailing slash, for example `https://10.96.0.1:443` or
    /// `https://rancher.example.com/k8s/clusters/c-m-abc12` (a path prefix is kept: requests go
    /// to `<server>/api/v1/...`).
    public var server: String { self.endpoint.scheme + "://" + self.endpoint.authority + self.endpoint.basePath }

    /// The server's host, without brackets for an IPv6 address.
    public var serverHost: String { self.endpoint.host }

    /// The namespace used for Secrets whose `KubernetesSecret.namespace` is `nil`.
    public var namespace: String

    /// The bearer token, if any.
    public var authentication: KubernetesAuthentication

    /// What the transport needs for TLS.
    public var tls: TLS

    /// The proxy the kubeconfig names for this cluster (`proxy-url`), for the transport; `nil`
    /// for none.
    public var proxyURL: String?

    /// Where the configuration came from, for logs and errors: `in-cluster`, `kubeconfig
    /// <paths> (context <name>)` or `explicit`.
    public var origin: String

    let endpoint: Endpoint

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - server: The server's URL: `https://` (or `http://`, for example for `kubectl proxy`),
    ///     a host (a name, an IPv4 address or a bracketed IPv6 address), an optional port, and
    ///     an optional path prefix; no user information, query or fragment.
    ///   - namespace: The namespace for Secrets that name none; `default` unless given.
    ///   - authentication: The bearer token, if any; ``KubernetesAuthentication/none`` unless given.
    ///   - tls: What the transport needs for TLS; nothing (the system's roots) unless given.
    ///   - proxyURL: The proxy for the transport, if any.
    ///   - origin: Where the configuration came from; `explicit` unless given.
    /// - Throws: ``KubernetesError/Code/invalidConfiguration`` when `server` is not such a URL,
    ///   `namespace` is not an RFC 1123 label, or `tls` both names a CA and skips verification.
    public init(
        server: String,
        namespace: String = "default",
        authentication: KubernetesAuthentication = .none,
        tls: TLS = TLS(),
        proxyURL: String? = nil,
        origin: String = "explicit"
    ) throws(KubernetesError) {
        self.endpoint = try Endpoint(parsing: server)
        guard KubernetesNames.isLabel(namespace) else {
            throw KubernetesError(
                code: .invalidConfiguration,
                reason: "the namespace \"\(namespace.prefix(100))\" is not an RFC 1123 label (lowercase letters, digits and '-', at most 63)"
            )
        }
        if tls.insecureSkipVerify, tls.certificateAuthorityPEM != nil {
            // client-go refuses this combination too ("specifying a root certificates file with
            // the insecure flag is not allowed").
            throw KubernetesError(
                code: .invalidConfiguration,
                reason: "a certificate authority and insecure-skip-tls-verify cannot both be set"
            )
        }
        self.namespace = namespace
        self.authentication = authentication
        self.tls = tls
        self.proxyURL = proxyURL
        self.origin = origin
    }
}

extension KubernetesConfiguration {
    /// The TLS material and settings for the transport to the API server.
    ///
    /// The client itself does nothing with these; they are for building the transport. Nothing
    /// here is weakened on your behalf: ``insecureSkipVerify`` is `true` only when you or the
    /// kubeconfig set it.
    public struct TLS: Sendable {
        /// The PEM certificates to trust for the server, instead of the system's roots (the
        /// service account's `ca.crt`, a kubeconfig's `certificate-authority(-data)`); `nil` to
        /// use the system's roots.
        public var certificateAuthorityPEM: [UInt8]?

        /// The PEM client certificate (chain) to present, or `nil`.
        public var clientCertificatePEM: [UInt8]?

        /// The PEM private key of the client certificate, or `nil`. A secret: never printed.
        public var clientKeyPEM: [UInt8]?

        /// Whether the server's certificate is not verified at all (kubeconfig
        /// `insecure-skip-tls-verify: true`). Anyone on the path can then read the token.
        public var insecureSkipVerify: Bool

        /// The name to verify the server's certificate against instead of the URL's host
        /// (kubeconfig `tls-server-name`), or `nil`.
        public var serverName: String?

        /// Creates TLS settings.
        ///
        /// - Parameters:
        ///   - certificateAuthorityPEM: The PEM certificates to trust, or `nil` for the system's.
        ///   - clientCertificatePEM: The PEM client certificate, or `nil`.
        ///   - clientKeyPEM: The PEM private key of the client certificate, or `nil`.
        ///   - insecureSkipVerify: Whether to skip verifying the server; `false` unless given.
        ///   - serverName: The name to verify the server against, or `nil` for the URL's host.
        public init(
            certificateAuthorityPEM: [UInt8]? = nil,
            clientCertificatePEM: [UInt8]? = nil,
            clientKeyPEM: [UInt8]? = nil,
            insecureSkipVerify: Bool = false,
            serverName: String? = nil
        ) {
            self.certificateAuthorityPEM = certificateAuthorityPEM
            self.clientCertificatePEM = clientCertificatePEM
            self.clientKeyPEM = clientKeyPEM
            self.insecureSkipVerify = insecureSkipVerify
            self.serverName = serverName
        }
    }
}

extension KubernetesConfiguration.TLS: CustomStringConvertible, CustomReflectable {
    /// Which material is present (and the CA's size), never the key.
    public var description: String {
        var parts: [String] = []
        if let ca = self.certificateAuthorityPEM {
            parts.append("certificate authority (\(ca.count) bytes)")
        } else {
            parts.append("system roots")
        }
        if self.clientCertificatePEM != nil { parts.append("client certificate") }
        if self.clientKeyPEM != nil { parts.append("client key (<redacted>)") }
        if self.insecureSkipVerify { parts.append("INSECURE: server not verified") }
        if let serverName = self.serverName { parts.append("server name \(serverName)") }
        return "TLS(\(parts.joined(separator: ", ")))"
    }

    /// A mirror that shows ``description`` only, so `dump()` does not reveal the key.
    public var customMirror: Mirror {
        Mirror(self, children: ["summary": self.description], displayStyle: .struct)
    }
}

extension KubernetesConfiguration: CustomStringConvertible, CustomReflectable {
    /// The server, namespace, kind of authentication, TLS summary and origin; never a secret.
    public var description: String {
        "KubernetesConfiguration(server: \(self.server), namespace: \(self.namespace), "
            + "authentication: \(self.authentication), tls: \(self.tls), origin: \(self.origin))"
    }

    /// A mirror without secrets, so `dump()` does not reveal them.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "server": self.server,
                "namespace": self.namespace,
                "authentication": self.authentication.description,
                "tls": self.tls.description,
                "proxyURL": self.proxyURL as Any,
                "origin": self.origin,
            ],
            displayStyle: .struct
        )
    }
}

extension KubernetesConfiguration {
    /// The parsed server URL.
    struct Endpoint: Sendable, Hashable {
        /// `http` or `https`, lowercased.
        var scheme: String
        /// `host[:port]`, brackets around an IPv6 host.
        var authority: String
        /// The host without brackets.
        var host: String
        /// The path prefix without a trailing slash; empty or starting with `/`.
        var basePath: String

        init(parsing text: String) throws(KubernetesError) {
            let invalid = { (why: String) in
                KubernetesError(code: .invalidConfiguration, reason: "the server URL \(why)")
            }
            guard let separator = text.firstRange(of: "://") else {
                throw invalid("has no scheme (it must start with https:// or http://)")
            }
            let scheme = text[..<separator.lowerBound].lowercased()
            guard scheme == "https" || scheme == "http" else {
                throw invalid("has the scheme \"\(scheme.prefix(20))\"; only https and http are supported")
            }
            let rest = text[separator.upperBound...]
            guard !rest.contains("?"), !rest.contains("#") else {
                throw invalid("has a query or fragment")
            }
            let authority = rest.prefix { $0 != "/" }
            var path = String(rest[authority.endIndex...])
            while path.hasSuffix("/") { path.removeLast() }
            guard !authority.isEmpty else { throw invalid("has no host") }
            guard !authority.contains("@") else { throw invalid("has user information") }
            // The transport's own check: the authority and path must be sendable exactly.
            let probe = HTTPRequest(method: .get, scheme: scheme, authority: String(authority), path: path + "/api")
            do {
                _ = try probe.exactURLString()
            } catch {
                throw invalid("is not valid: \(error.reason)")
            }
            self.scheme = scheme
            self.authority = String(authority)
            if authority.hasPrefix("[") {
                self.host = String(authority.dropFirst().prefix { $0 != "]" })
            } else {
                self.host = String(authority.prefix { $0 != ":" })
            }
            self.basePath = path
        }

        /// Whether the host is the loopback interface (`localhost`, `127.0.0.0/8`, `::1`).
        var isLoopback: Bool {
            let host = self.host.lowercased()
            if host == "localhost" || host == "::1" || host == "0:0:0:0:0:0:0:1" { return true }
            let octets = host.split(separator: ".", omittingEmptySubsequences: false)
            return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
        }
    }
}
