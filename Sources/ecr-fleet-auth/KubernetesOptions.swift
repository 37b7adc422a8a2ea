import ArgumentParser
import AuthTransport
import AuthTransportURLSession
import ECRFleetAuth
import Foundation

#if AsyncHTTPClient
import AsyncHTTPClient
import AuthTransportAsyncHTTPClient
#endif

/// `--kubeconfig` and `--context`: which cluster, user and namespace the tool writes to.
struct KubernetesOptions: ParsableArguments {
    @Option(help: "A kubeconfig file (default: KUBECONFIG, else ~/.kube/config, else the pod's in-cluster service account).")
    var kubeconfig: String?

    @Option(help: "The kubeconfig context (default: its current-context).")
    var context: String?

    /// The configuration: the kubeconfig named, else `KUBECONFIG` or `~/.kube/config`, else
    /// in-cluster.
    func loadConfiguration() throws -> KubernetesConfiguration {
        if let path = self.kubeconfig {
            return try KubernetesConfiguration.kubeconfig(path: path, context: self.context)
        }
        return try KubernetesConfiguration.automatic(context: self.context)
    }

    /// A Secret client for `configuration`, and what must be called before the process exits.
    ///
    /// Built with the package trait `AsyncHTTPClient`, the transport is AsyncHTTPClient, which
    /// trusts the cluster's CA and presents a client certificate. Without it the transport is
    /// URLSession, which can do neither on Linux: then only plain-http loopback servers
    /// (`kubectl proxy`) and servers whose certificate the system trusts are reachable, and any
    /// other configuration is refused here with a clear message.
    static func makeClient(
        _ configuration: KubernetesConfiguration
    ) throws -> (client: KubernetesSecretClient, shutdown: @Sendable () async -> Void) {
        #if AsyncHTTPClient
        let httpClient = HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: try configuration.makeHTTPClientConfiguration())
        let transport = AsyncHTTPClientTransport(client: httpClient)
        return (
            KubernetesSecretClient(configuration: configuration, transport: transport),
            { try? await httpClient.shutdown() }
        )
        #else
        let tls = configuration.tls
        if configuration.server.lowercased().hasPrefix("https://"),
            tls.certificateAuthorityPEM != nil || tls.clientCertificatePEM != nil || tls.insecureSkipVerify || tls.serverName != nil
        {
            throw ToolError.kubernetes(
                "the API server \(configuration.server) needs the cluster's CA or a client certificate, which this build cannot use "
                    + "(URLSession on Linux cannot): rebuild with `swift build --traits AsyncHTTPClient`, "
                    + "or run `kubectl proxy` and point a kubeconfig at http://127.0.0.1:8001")
        }
        return (KubernetesSecretClient(configuration: configuration, transport: URLSessionHTTPTransport()), {})
        #endif
    }
}

/// Checks of Kubernetes names the tool does before asking anyone.
enum KubernetesNameCheck {
    /// RFC 1123 subdomain: a Secret name.
    static func secretName(_ name: String) throws {
        let bytes = Array(name.utf8)
        let valid = !bytes.isEmpty && bytes.count <= 253
            && name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { Self.isLabel(Array($0.utf8), maximum: 63) }
        guard valid else {
            throw ToolError.usage(
                "--secret-name '\(name.prefix(100))' is not a Kubernetes name (lowercase letters, digits, '-' and '.', at most 253 characters)")
        }
    }

    /// RFC 1123 label: a namespace.
    static func namespace(_ name: String) throws {
        guard Self.isLabel(Array(name.utf8), maximum: 63) else {
            throw ToolError.usage("--namespace '\(name.prefix(100))' is not a Kubernetes namespace (lowercase letters, digits and '-', at most 63 characters)")
        }
    }

    private static func isLabel(_ bytes: [UInt8], maximum: Int) -> Bool {
        guard let first = bytes.first, let last = bytes.last, bytes.count <= maximum else { return false }
        let alphanumeric = { (b: UInt8) in (0x61...0x7A).contains(b) || (0x30...0x39).contains(b) }
        return alphanumeric(first) && alphanumeric(last) && bytes.allSatisfy { alphanumeric($0) || $0 == UInt8(ascii: "-") }
    }
}
