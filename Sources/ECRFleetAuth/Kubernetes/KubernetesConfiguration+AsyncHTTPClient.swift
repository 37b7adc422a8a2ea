// Built only with the package trait `AsyncHTTPClient`.
#if AsyncHTTPClient
public import AsyncHTTPClient
public import NIOSSL

extension KubernetesConfiguration {
    /// The NIOSSL TLS configuration that talks to this API server as kubectl would: trusting
    /// only ``TLS-swift.struct/certificateAuthorityPEM`` when it is set (the system's roots
    /// otherwise), presenting the client certificate and key when they are set, and verifying
    /// nothing only when ``TLS-swift.struct/insecureSkipVerify`` is `true`.
    ///
    /// Available with the package trait `AsyncHTTPClient`.
    ///
    /// - Returns: A client TLS configuration (TLS 1.2 or later).
    /// - Throws: ``KubernetesError/Code/invalidConfiguration`` when the CA or the client
    ///   certificate is not PEM that NIOSSL can read, the key is not a PEM private key, or
    ///   ``TLS-swift.struct/serverName`` is set (AsyncHTTPClient verifies the URL's host and
    ///   cannot be told another name; connect with a URL whose host is that name instead).
    public func makeTLSConfiguration() throws(KubernetesError) -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        if let serverName = self.tls.serverName {
            throw KubernetesError(
                code: .invalidConfiguration,
                reason: "tls-server-name (\(serverName)) cannot be honoured with AsyncHTTPClient, which verifies the "
                    + "server URL's host; use a server URL whose host is that name"
            )
        }
        if let pem = self.tls.certificateAuthorityPEM {
            do {
                let roots = try NIOSSLCertificate.fromPEMBytes(pem)
                guard !roots.isEmpty else { throw NIOSSLError.failedToLoadCertificate }
                // Like client-go: the cluster's CA replaces the system's roots.
                configuration.trustRoots = .certificates(roots)
            } catch {
                throw KubernetesError(
                    code: .invalidConfiguration,
                    reason: "the certificate authority is not PEM certificates NIOSSL can read (\(self.origin))"
                )
            }
        }
        if self.tls.insecureSkipVerify {
            configuration.certificateVerification = .none
        }
        switch (self.tls.clientCertificatePEM, self.tls.clientKeyPEM) {
        case (let certificatePEM?, let keyPEM?):
            do {
                let chain = try NIOSSLCertificate.fromPEMBytes(certificatePEM)
                guard !chain.isEmpty else { throw NIOSSLError.failedToLoadCertificate }
                configuration.certificateChain = chain.map { .certificate($0) }
            } catch {
                throw KubernetesError(
                    code: .invalidConfiguration,
                    reason: "the client certificate is not PEM NIOSSL can read (\(self.origin))"
                )
            }
            do {
                configuration.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: keyPEM, format: .pem))
            } catch {
                throw KubernetesError(
                    code: .invalidConfiguration,
                    reason: "the client key is not a PEM private key NIOSSL can read (\(self.origin))"
                )
            }
        case (nil, nil):
            break
        default:
            throw KubernetesError(
                code: .invalidConfiguration,
                reason: "a client certificate and its key must be given together (\(self.origin))"
            )
        }
        return configuration
    }

    /// An AsyncHTTPClient configuration for this API server: ``makeTLSConfiguration()``, and
    /// redirects returned as responses rather than followed (a redirect would carry the bearer
    /// token elsewhere).
    ///
    /// Available with the package trait `AsyncHTTPClient`.
    ///
    /// ```swift
    /// let configuration = try KubernetesConfiguration.inCluster()
    /// let httpClient = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup,
    ///                             configuration: try configuration.makeHTTPClientConfiguration())
    /// defer { try? httpClient.syncShutdown() }   // or `try await httpClient.shutdown()`
    /// let client = KubernetesSecretClient(
    ///     configuration: configuration,
    ///     transport: AsyncHTTPClientTransport(client: httpClient)
    /// )
    /// ```
    ///
    /// - Parameter timeout: The client's connect and read timeouts; AsyncHTTPClient's defaults
    ///   unless given. The transport's own timeout bounds each whole exchange.
    /// - Returns: The configuration.
    /// - Throws: ``KubernetesError/Code/invalidConfiguration`` for the reasons
    ///   ``makeTLSConfiguration()`` gives, and when ``proxyURL`` is set (set
    ///   `HTTPClient.Configuration.proxy` yourself).
    public func makeHTTPClientConfiguration(
        timeout: HTTPClient.Configuration.Timeout = .init()
    ) throws(KubernetesError) -> HTTPClient.Configuration {
        if self.proxyURL != nil {
            throw KubernetesError(
                code: .invalidConfiguration,
                reason: "the kubeconfig names a proxy-url; set HTTPClient.Configuration.proxy yourself and use makeTLSConfiguration()"
            )
        }
        return HTTPClient.Configuration(
            tlsConfiguration: try self.makeTLSConfiguration(),
            redirectConfiguration: .disallow,
            timeout: timeout
        )
    }
}
#endif
