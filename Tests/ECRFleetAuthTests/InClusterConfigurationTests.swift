import ECRFleetAuth
import Foundation
import Testing

struct InClusterConfigurationTests {
    static let directory = KubernetesConfiguration.serviceAccountDirectory

    func environment(
        host: String? = "10.96.0.1",
        port: String? = "443",
        token: String? = Secrets.bearerToken,
        ca: String? = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
        namespace: String? = "fleet-default\n",
        extra: [String: String] = [:]
    ) -> KubernetesEnvironment {
        var variables = extra
        variables["KUBERNETES_SERVICE_HOST"] = host
        variables["KUBERNETES_SERVICE_PORT"] = port
        var files: [String: String] = [:]
        files["\(Self.directory)/token"] = token
        files["\(Self.directory)/ca.crt"] = ca
        files["\(Self.directory)/namespace"] = namespace
        return KubernetesEnvironment(variables: variables, fileSystem: AWSInMemoryFileSystem(files))
    }

    @Test func readsServiceHostTokenCAAndNamespace() throws {
        let configuration = try KubernetesConfiguration.inCluster(environment: environment())
        #expect(configuration.server == "https://10.96.0.1:443")
        #expect(configuration.serverHost == "10.96.0.1")
        #expect(configuration.namespace == "fleet-default")
        #expect(configuration.authentication.tokenFilePath == "\(Self.directory)/token")
        #expect(configuration.tls.certificateAuthorityPEM?.utf8String.hasPrefix("-----BEGIN CERTIFICATE-----") == true)
        #expect(configuration.tls.insecureSkipVerify == false)
        #expect(configuration.tls.clientCertificatePEM == nil)
        #expect(configuration.origin == "in-cluster")
    }

    @Test(arguments: [
        ("fd00:10:96::1", "https://[fd00:10:96::1]:443", "fd00:10:96::1"),
        ("[fd00::1]", "https://[fd00::1]:443", "fd00::1"),
        ("kubernetes.default.svc", "https://kubernetes.default.svc:443", "kubernetes.default.svc"),
    ])
    func bracketsIPv6Hosts(host: String, server: String, serverHost: String) throws {
        let configuration = try KubernetesConfiguration.inCluster(environment: environment(host: host))
        #expect(configuration.server == server)
        #expect(configuration.serverHost == serverHost)
    }

    @Test func notInAPodIsConfigurationNotFound() {
        #expect(throws: KubernetesError(code: .configurationNotFound)) {
            try KubernetesConfiguration.inCluster(environment: environment(host: nil))
        }
        #expect(throws: KubernetesError(code: .configurationNotFound)) {
            try KubernetesConfiguration.inCluster(environment: environment(port: ""))
        }
    }

    @Test(arguments: ["0", "65536", "https", "-1", "44 3", "+443"])
    func rejectsBadPorts(port: String) {
        #expect(throws: KubernetesError(code: .invalidConfiguration)) {
            try KubernetesConfiguration.inCluster(environment: environment(port: port))
        }
    }

    @Test(arguments: ["10.0.0.1/evil", "user@10.0.0.1", "10.0.0.1?x", "a b"])
    func rejectsHostsThatAreNotHosts(host: String) {
        #expect(throws: KubernetesError(code: .invalidConfiguration)) {
            try KubernetesConfiguration.inCluster(environment: environment(host: host))
        }
    }

    @Test func aMissingOrEmptyTokenFails() {
        #expect(throws: KubernetesError(code: .fileUnreadable)) {
            try KubernetesConfiguration.inCluster(environment: environment(token: nil))
        }
        #expect(throws: KubernetesError(code: .fileUnreadable)) {
            try KubernetesConfiguration.inCluster(environment: environment(token: " \n"))
        }
        #expect(throws: KubernetesError(code: .invalidConfiguration)) {
            try KubernetesConfiguration.inCluster(environment: environment(token: "abc\u{7}def"))
        }
    }

    @Test func namespaceComesFromPodNamespaceThenFileThenDefault() throws {
        let fromVariable = try KubernetesConfiguration.inCluster(environment: environment(extra: ["POD_NAMESPACE": "from-env"]))
        #expect(fromVariable.namespace == "from-env")
        let fallback = try KubernetesConfiguration.inCluster(environment: environment(namespace: nil))
        #expect(fallback.namespace == "default")
        #expect(throws: KubernetesError(code: .invalidConfiguration)) {
            try KubernetesConfiguration.inCluster(environment: environment(namespace: "Not_A_Namespace"))
        }
    }

    @Test func aMissingCAUsesSystemRootsAndAnEmptyOneFails() throws {
        let configuration = try KubernetesConfiguration.inCluster(environment: environment(ca: nil))
        #expect(configuration.tls.certificateAuthorityPEM == nil)
        #expect(throws: KubernetesError(code: .fileUnreadable)) {
            try KubernetesConfiguration.inCluster(environment: environment(ca: ""))
        }
    }

    @Test func automaticPrefersAKubeconfigAndFallsBackToInCluster() throws {
        let inCluster = try KubernetesConfiguration.automatic(environment: environment())
        #expect(inCluster.origin == "in-cluster")
        #expect(throws: KubernetesError(code: .configurationNotFound)) {
            try KubernetesConfiguration.automatic(environment: KubernetesEnvironment(homeDirectory: "/nonexistent-home"))
        }
    }

    @Test func printsNoSecret() throws {
        let configuration = try KubernetesConfiguration.inCluster(environment: environment())
        for form in printedForms(of: configuration) + printedForms(of: environment()) {
            #expect(Secrets.leaked(in: form).isEmpty, "\(form)")
        }
    }
}
