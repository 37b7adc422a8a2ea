import AWSSigV4
import Foundation
import KubernetesTestSupport
import MotoTestSupport
import Testing

/// A real `moto_server` with IAM authentication enforced and a user allowed
/// `ecr:GetAuthorizationToken`, plus the fake Kubernetes API server and a kubeconfig for it:
/// the peers the built tool talks to in the end-to-end tests.
struct EndToEndPeers {
    let moto: MotoServer
    let kubernetes: FakeKubernetesAPIServer?
    let accessKeyID: String
    let secretAccessKey: String
    let directory: TemporaryDirectory
    static let namespace = "fleet-default"

    /// Starts the peers. With `ecrTokenLifetime` nil, moto issues tokens that expired in 2015.
    static func start(
        ecrTokenLifetime: Duration? = .seconds(43_200),
        allowing actions: [String] = ["ecr:GetAuthorizationToken"],
        kubernetes: Bool = true,
        https: Bool = false
    ) async throws -> EndToEndPeers {
        let moto = try await MotoServer.start(initialNoAuthActionCount: 3, ecrTokenLifetime: ecrTokenLifetime)
        let key = try await moto.bootstrapUser(named: "ci", allowing: actions)
        let directory = try TemporaryDirectory()
        var server: FakeKubernetesAPIServer?
        if kubernetes {
            let started = try await FakeKubernetesAPIServer.start(https: https)
            try started.writeKubeconfig(to: directory.path("kubeconfig"), namespace: Self.namespace)
            server = started
        }
        return EndToEndPeers(
            moto: moto, kubernetes: server, accessKeyID: key.accessKeyID, secretAccessKey: key.secretAccessKey, directory: directory)
    }

    func stop() {
        self.kubernetes?.stop()
        self.moto.stop()
    }

    /// The tool's environment: the moto user's key, no instance metadata, the kubeconfig.
    var environment: [String: String] {
        [
            "AWS_ACCESS_KEY_ID": self.accessKeyID, "AWS_SECRET_ACCESS_KEY": self.secretAccessKey,
            "AWS_EC2_METADATA_DISABLED": "true", "KUBECONFIG": self.directory.path("kubeconfig"),
        ]
    }

    /// `--registry <moto's registry> --endpoint-url <moto>`.
    var ecrArguments: [String] {
        ["--registry", self.moto.ecrRegistryHost, "--endpoint-url", self.moto.endpoint.absoluteString]
    }

    /// Every secret a test run knows: none may appear in the tool's output, except where asked for.
    var secrets: [String] {
        [self.secretAccessKey, self.moto.ecrPassword, self.kubernetes?.token ?? "fake-api-token-0123456789",
         Data("AWS:\(self.moto.ecrPassword)".utf8).base64EncodedString(), Data(self.moto.ecrPassword.utf8).base64EncodedString()]
    }

    func expectNoSecret(in texts: String..., sourceLocation: SourceLocation = #_sourceLocation) {
        for text in texts {
            for secret in self.secrets {
                #expect(!text.contains(secret), "a secret leaked into: \(text)", sourceLocation: sourceLocation)
            }
        }
    }
}
