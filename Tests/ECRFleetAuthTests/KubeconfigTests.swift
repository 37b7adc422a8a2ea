import ECRFleetAuth
import Foundation
import Testing

struct KubeconfigTests {
    static let caPEM = "-----BEGIN CERTIFICATE-----\nMIIBCA\n-----END CERTIFICATE-----\n"
    static let certPEM = "-----BEGIN CERTIFICATE-----\nMIICERT\n-----END CERTIFICATE-----\n"
    static let keyPEM = "-----BEGIN PRIVATE KEY-----\n\(Secrets.clientKeyMarker)\n-----END PRIVATE KEY-----\n"

    static func b64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

    static let main = """
        apiVersion: v1
        kind: Config
        current-context: dev
        clusters:
        - name: dev-cluster
          cluster:
            server: https://dev.example.com:6443
            certificate-authority-data: \(b64(caPEM))
        - name: prod-cluster
          cluster:
            server: https://rancher.example.com/k8s/clusters/c-m-abc12/
            certificate-authority: certs/prod-ca.crt
            tls-server-name: kubernetes.default
        - name: insecure
          cluster:
            server: 192.168.1.10:6443
            insecure-skip-tls-verify: yes
        users:
        - name: dev-user
          user:
            token: \(Secrets.bearerToken)
        - name: prod-user
          user:
            client-certificate: certs/client.crt
            client-key: /abs/client.key
        - name: file-user
          user:
            tokenFile: tokens/token
        contexts:
        - name: dev
          context:
            cluster: dev-cluster
            user: dev-user
            namespace: fleet-default
        - name: prod
          context:
            cluster: prod-cluster
            user: prod-user
        - name: anonymous
          context:
            cluster: insecure
        - name: from-file
          context:
            cluster: dev-cluster
            user: file-user
            namespace: tokens
        """

    static func environment(_ files: [String: String], kubeconfig: String? = nil, home: String? = "/home/me") -> KubernetesEnvironment {
        var variables: [String: String] = [:]
        variables["KUBECONFIG"] = kubeconfig
        return KubernetesEnvironment(variables: variables, fileSystem: AWSInMemoryFileSystem(files), homeDirectory: home)
    }

    static let mainFiles = [
        "/home/me/.kube/config": main,
        "/home/me/.kube/certs/prod-ca.crt": caPEM,
        "/home/me/.kube/certs/client.crt": certPEM,
        "/abs/client.key": keyPEM,
        "/home/me/.kube/tokens/token": Secrets.rotatedToken + "\n",
    ]

    @Test func currentContextFromTheHomeKubeconfig() throws {
        let configuration = try KubernetesConfiguration.kubeconfig(environment: Self.environment(Self.mainFiles))
        #expect(configuration.server == "https://dev.example.com:6443")
        #expect(configuration.namespace == "fleet-default")
        #expect(configuration.tls.certificateAuthorityPEM == Self.caPEM.bytes)
        #expect(configuration.authentication.usesBearerToken)
        #expect(configuration.authentication.tokenFilePath == nil)
        #expect(configuration.origin == "kubeconfig /home/me/.kube/config (context dev)")
    }

    @Test func aNamedContextWithRelativeAndAbsoluteFiles() throws {
        let configuration = try KubernetesConfiguration.kubeconfig(context: "prod", environment: Self.environment(Self.mainFiles))
        #expect(configuration.server == "https://rancher.example.com/k8s/clusters/c-m-abc12")
        #expect(configuration.namespace == "default")
        #expect(configuration.tls.certificateAuthorityPEM == Self.caPEM.bytes)
        #expect(configuration.tls.clientCertificatePEM == Self.certPEM.bytes)
        #expect(configuration.tls.clientKeyPEM == Self.keyPEM.bytes)
        #expect(configuration.tls.serverName == "kubernetes.default")
        #expect(!configuration.authentication.usesBearerToken)
    }

    @Test func aContextWithoutUserIsAnonymousAndABareHostMeansHTTPS() throws {
        let configuration = try KubernetesConfiguration.kubeconfig(context: "anonymous", environment: Self.environment(Self.mainFiles))
        #expect(configuration.server == "https://192.168.1.10:6443")
        #expect(configuration.tls.insecureSkipVerify)
        #expect(!configuration.authentication.usesBearerToken)
    }

    @Test func aTokenFileIsResolvedAgainstTheKubeconfigsDirectory() throws {
        let configuration = try KubernetesConfiguration.kubeconfig(context: "from-file", environment: Self.environment(Self.mainFiles))
        #expect(configuration.authentication.tokenFilePath == "/home/me/.kube/tokens/token")
        #expect(configuration.namespace == "tokens")
    }

    @Test func kubeconfigListsMergeWithTheFirstFileWinning() throws {
        let first = """
            current-context: second-ctx
            clusters:
            - name: shared
              cluster:
                server: https://first.example.com
            users:
            - name: shared-user
              user:
                token: first-token
            """
        let second = """
            current-context: ignored
            clusters:
            - name: shared
              cluster:
                server: https://second.example.com
            - name: only-second
              cluster:
                server: https://only-second.example.com
            users:
            - name: shared-user
              user:
                token: second-token
            contexts:
            - name: second-ctx
              context:
                cluster: shared
                user: shared-user
                namespace: from-second
            - name: other
              context:
                cluster: only-second
            """
        let environment = Self.environment(
            ["/cfg/first": first, "/cfg/second": second], kubeconfig: "/cfg/missing::/cfg/first:/cfg/second:/cfg/first")
        let configuration = try KubernetesConfiguration.kubeconfig(environment: environment)
        #expect(configuration.server == "https://first.example.com")
        #expect(configuration.namespace == "from-second")
        #expect(configuration.origin == "kubeconfig /cfg/first:/cfg/second (context second-ctx)")
        let other = try KubernetesConfiguration.kubeconfig(context: "other", environment: environment)
        #expect(other.server == "https://only-second.example.com")
    }

    @Test func noKubeconfigAnywhereIsConfigurationNotFound() {
        #expect(throws: KubernetesError(code: .configurationNotFound)) {
            try KubernetesConfiguration.kubeconfig(environment: Self.environment([:]))
        }
        #expect(throws: KubernetesError(code: .configurationNotFound)) {
            try KubernetesConfiguration.kubeconfig(environment: Self.environment([:], kubeconfig: "/a:/b"))
        }
        #expect(throws: KubernetesError(code: .configurationNotFound)) {
            try KubernetesConfiguration.kubeconfig(environment: Self.environment([:], home: nil))
        }
        #expect(throws: KubernetesError(code: .configurationNotFound)) {
            try KubernetesConfiguration.kubeconfig(path: "/nope", environment: Self.environment(Self.mainFiles))
        }
    }

    @Test func anExplicitPathIgnoresKUBECONFIG() throws {
        let environment = Self.environment(Self.mainFiles.merging(["/other": "current-context: x"]) { $1 }, kubeconfig: "/other")
        let configuration = try KubernetesConfiguration.kubeconfig(path: "/home/me/.kube/config", environment: environment)
        #expect(configuration.server == "https://dev.example.com:6443")
    }

    static let brokenContexts: [(String, String, KubernetesError.Code)] = [
        ("no current context", "clusters: []", .invalidConfiguration),
        ("unknown context", "current-context: nope", .invalidConfiguration),
        ("unknown cluster", "current-context: c\ncontexts:\n- name: c\n  context:\n    cluster: nope\n", .invalidConfiguration),
        ("no server", "current-context: c\nclusters:\n- name: k\n  cluster: {}\ncontexts:\n- name: c\n  context:\n    cluster: k\n", .invalidConfiguration),
        ("unknown user", "current-context: c\nclusters:\n- name: k\n  cluster:\n    server: https://h\ncontexts:\n- name: c\n  context:\n    cluster: k\n    user: nope\n", .invalidConfiguration),
        ("server with query", "current-context: c\nclusters:\n- name: k\n  cluster:\n    server: https://h/?x=1\ncontexts:\n- name: c\n  context:\n    cluster: k\n", .invalidConfiguration),
        ("ftp server", "current-context: c\nclusters:\n- name: k\n  cluster:\n    server: ftp://h\ncontexts:\n- name: c\n  context:\n    cluster: k\n", .invalidConfiguration),
        ("CA and insecure", "current-context: c\nclusters:\n- name: k\n  cluster:\n    server: https://h\n    insecure-skip-tls-verify: true\n    certificate-authority-data: \(b64(caPEM))\ncontexts:\n- name: c\n  context:\n    cluster: k\n", .invalidConfiguration),
        ("quoted boolean", "current-context: c\nclusters:\n- name: k\n  cluster:\n    server: https://h\n    insecure-skip-tls-verify: \"true\"\ncontexts:\n- name: c\n  context:\n    cluster: k\n", .invalidConfiguration),
        ("bad base64", "current-context: c\nclusters:\n- name: k\n  cluster:\n    server: https://h\n    certificate-authority-data: '%%%'\ncontexts:\n- name: c\n  context:\n    cluster: k\n", .invalidConfiguration),
        ("missing CA file", "current-context: c\nclusters:\n- name: k\n  cluster:\n    server: https://h\n    certificate-authority: ca.crt\ncontexts:\n- name: c\n  context:\n    cluster: k\n", .fileUnreadable),
        ("clusters not a list", "clusters: {a: b}", .invalidConfiguration),
        ("cluster entry not a mapping", "clusters:\n- just-a-string\n", .invalidConfiguration),
        ("not a mapping", "- a\n- b\n", .invalidConfiguration),
        ("not YAML", "clusters: [unclosed\n", .invalidConfiguration),
        ("two documents", "a: 1\n---\nb: 2\n", .invalidConfiguration),
        ("certificate without key", "current-context: c\nclusters:\n- name: k\n  cluster:\n    server: https://h\nusers:\n- name: u\n  user:\n    client-certificate-data: \(b64(certPEM))\ncontexts:\n- name: c\n  context:\n    cluster: k\n    user: u\n", .invalidConfiguration),
    ]

    @Test(arguments: brokenContexts)
    func brokenKubeconfigsFailWithATypedError(name: String, yaml: String, code: KubernetesError.Code) {
        let environment = Self.environment(["/home/me/.kube/config": yaml])
        do {
            _ = try KubernetesConfiguration.kubeconfig(environment: environment)
            Issue.record("\(name): loaded")
        } catch {
            #expect(error.code == code, "\(name): \(error)")
            #expect(error.description.contains("/home/me/.kube/config"), "\(name): \(error)")
        }
    }

    @Test func notUTF8IsInvalid() {
        let environment = KubernetesEnvironment(
            fileSystem: AWSInMemoryFileSystem(bytes: ["/home/me/.kube/config": [0x63, 0x3A, 0x20, 0xFF, 0xFE]]),
            homeDirectory: "/home/me"
        )
        #expect(throws: KubernetesError(code: .invalidConfiguration)) { try KubernetesConfiguration.kubeconfig(environment: environment) }
    }

    static let unsupportedUsers: [String] = [
        "exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: aws\n",
        "auth-provider:\n      name: gcp\n",
        "username: admin\n    password: hunter2\n",
        "token: t\n    as: system:admin\n",
        "token: t\n    as-groups: [system:masters]\n",
    ]

    @Test(arguments: unsupportedUsers)
    func pluginsBasicAuthAndImpersonationAreUnsupported(user: String) {
        let yaml = "current-context: c\nclusters:\n- name: k\n  cluster:\n    server: https://h\nusers:\n- name: u\n  user:\n    \(user)contexts:\n- name: c\n  context:\n    cluster: k\n    user: u\n"
        do {
            _ = try KubernetesConfiguration.kubeconfig(environment: Self.environment(["/home/me/.kube/config": yaml]))
            Issue.record("loaded")
        } catch {
            #expect(error.code == .unsupportedAuthentication)
            #expect(!error.description.contains("hunter2"))
        }
    }

    @Test(arguments: ["true", "True", "TRUE", "yes", "on", "y", "Y"])
    func yamlOneOneBooleansAreTrue(value: String) throws {
        let yaml = "current-context: c\nclusters:\n- name: k\n  cluster:\n    server: https://h\n    insecure-skip-tls-verify: \(value)\ncontexts:\n- name: c\n  context:\n    cluster: k\n"
        let configuration = try KubernetesConfiguration.kubeconfig(environment: Self.environment(["/home/me/.kube/config": yaml]))
        #expect(configuration.tls.insecureSkipVerify)
    }

    @Test func jsonKubeconfigsWork() throws {
        let json = #"{"current-context":"c","clusters":[{"name":"k","cluster":{"server":"https://json.example.com"}}],"contexts":[{"name":"c","context":{"cluster":"k","namespace":"ns"}}]}"#
        let configuration = try KubernetesConfiguration.kubeconfig(environment: Self.environment(["/home/me/.kube/config": json]))
        #expect(configuration.server == "https://json.example.com")
        #expect(configuration.namespace == "ns")
    }

    @Test func anAliasBombDoesNotHang() throws {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1..<12 {
            yaml += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        yaml += "clusters: *a11\n"
        let clock = ContinuousClock()
        let start = clock.now
        #expect(throws: KubernetesError(code: .invalidConfiguration)) {
            try KubernetesConfiguration.kubeconfig(environment: Self.environment(["/home/me/.kube/config": yaml]))
        }
        #expect(clock.now - start < .seconds(5))
    }

    @Test func deepNestingIsAnErrorNotACrash() throws {
        let yaml = "clusters: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n"
        #expect(throws: KubernetesError(code: .invalidConfiguration)) {
            try KubernetesConfiguration.kubeconfig(environment: Self.environment(["/home/me/.kube/config": yaml]))
        }
    }

    @Test func aHugeKubeconfigIsRefused() {
        let environment = Self.environment(["/home/me/.kube/config": String(repeating: "#", count: 4 * 1024 * 1024 + 1)])
        #expect(throws: KubernetesError(code: .fileUnreadable)) { try KubernetesConfiguration.kubeconfig(environment: environment) }
    }

    @Test func printsNoSecret() throws {
        for context in ["dev", "prod", "from-file"] {
            let configuration = try KubernetesConfiguration.kubeconfig(context: context, environment: Self.environment(Self.mainFiles))
            for form in printedForms(of: configuration) + printedForms(of: configuration.tls)
                + printedForms(of: configuration.authentication)
            {
                #expect(Secrets.leaked(in: form).isEmpty, "\(form)")
            }
        }
        do {
            _ = try KubernetesConfiguration.kubeconfig(context: "nope", environment: Self.environment(Self.mainFiles))
        } catch {
            #expect(Secrets.leaked(in: "\(error)").isEmpty)
        }
    }
}
