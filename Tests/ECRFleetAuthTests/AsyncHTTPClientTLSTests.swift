// The TLS helper exists only with the package trait `AsyncHTTPClient` (scripts/test --all-traits).
#if AsyncHTTPClient
import AsyncHTTPClient
import AuthTransportAsyncHTTPClient
import ECRFleetAuth
import Foundation
import KubernetesTestSupport
import Testing

/// The configuration's TLS material, turned into an AsyncHTTPClient transport by
/// `makeHTTPClientConfiguration()`, against the fake API server over HTTPS with the test CA.
@Suite(.serialized)
struct AsyncHTTPClientTLSTests {
    func withClient<T>(
        _ configuration: KubernetesConfiguration,
        timeout: Duration = .seconds(10),
        _ body: (KubernetesSecretClient) async throws -> T
    ) async throws -> T {
        let httpClient = HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup,
            configuration: try configuration.makeHTTPClientConfiguration()
        )
        do {
            let client = KubernetesSecretClient(
                configuration: configuration,
                transport: AsyncHTTPClientTransport(client: httpClient, configuration: .init(timeout: timeout))
            )
            let result = try await body(client)
            try await httpClient.shutdown()
            return result
        } catch {
            try? await httpClient.shutdown()
            throw error
        }
    }

    let secret = KubernetesSecret(name: "ecr-credentials", type: .basicAuth, data: ["password": Secrets.password.bytes])

    @Test func trustsTheClusterCAFromTheConfiguration() async throws {
        let server = try await FakeKubernetesAPIServer.start(tokens: [Secrets.bearerToken], https: true)
        defer { server.stop() }
        let result = try await withClient(try server.configuration()) { try await $0.apply(secret) }
        #expect(result.action == .created)
        #expect(try await server.requests().last?.auth == "bearer:\(Secrets.bearerToken)")
    }

    @Test func trustsTheCAOfAKubeconfig() async throws {
        let server = try await FakeKubernetesAPIServer.start(tokens: [Secrets.bearerToken], https: true)
        defer { server.stop() }
        let environment = KubernetesEnvironment(
            fileSystem: AWSInMemoryFileSystem(["/kube/config": try server.kubeconfigYAML(namespace: "fleet-default")]))
        let configuration = try KubernetesConfiguration.kubeconfig(path: "/kube/config", environment: environment)
        let result = try await withClient(configuration) { try await $0.apply(secret) }
        #expect(result.secret.namespace == "fleet-default")
    }

    @Test func refusesAServerItCannotVerify() async throws {
        let server = try await FakeKubernetesAPIServer.start(tokens: [Secrets.bearerToken], https: true)
        defer { server.stop() }
        for ca in [nil, try FakeKubernetesAPIServer.tlsBytes("other-ca.crt")] {
            let configuration = try KubernetesConfiguration(
                server: server.baseURL, authentication: .bearerToken(Secrets.bearerToken),
                tls: .init(certificateAuthorityPEM: ca))
            await #expect(throws: KubernetesError(code: .transportFailed)) {
                // AsyncHTTPClient retries failed handshakes until the deadline: keep it short.
                try await withClient(configuration, timeout: .seconds(2)) { try await $0.get(name: "ecr-credentials") }
            }
        }
        #expect(try await server.stats().requests == 0, "no request, and so no token, reached the server")
    }

    @Test func insecureSkipVerifyIsHonouredOnlyWhenAskedFor() async throws {
        let server = try await FakeKubernetesAPIServer.start(tokens: [Secrets.bearerToken], https: true)
        defer { server.stop() }
        let configuration = try KubernetesConfiguration(
            server: server.baseURL, authentication: .bearerToken(Secrets.bearerToken), tls: .init(insecureSkipVerify: true))
        let found = try await withClient(configuration) { try await $0.find(name: "ecr-credentials") }
        #expect(found == nil)
    }

    @Test func presentsTheClientCertificateOfAKubeconfig() async throws {
        let server = try await FakeKubernetesAPIServer.start(tokens: [], https: true, acceptClientCertificates: true)
        defer { server.stop() }
        let environment = KubernetesEnvironment(
            fileSystem: AWSInMemoryFileSystem(["/kube/config": try server.kubeconfigYAML(clientCertificate: true)]))
        let configuration = try KubernetesConfiguration.kubeconfig(path: "/kube/config", environment: environment)
        #expect(!configuration.authentication.usesBearerToken)
        let result = try await withClient(configuration) { try await $0.apply(secret) }
        #expect(result.action == .created)
        #expect(try await server.requests().map(\.auth) == ["cert:ecr-fleet-auth-test", "cert:ecr-fleet-auth-test"])
    }

    @Test func badTLSMaterialIsInvalidConfiguration() throws {
        let key = try FakeKubernetesAPIServer.tlsBytes("client.key")
        let certificate = try FakeKubernetesAPIServer.tlsBytes("client.crt")
        let cases: [KubernetesConfiguration.TLS] = [
            .init(certificateAuthorityPEM: "not a certificate".bytes),
            .init(clientCertificatePEM: certificate, clientKeyPEM: "not a key".bytes),
            .init(clientCertificatePEM: "junk".bytes, clientKeyPEM: key),
            .init(clientCertificatePEM: certificate),
            .init(serverName: "kubernetes.default"),
        ]
        for tls in cases {
            let configuration = try KubernetesConfiguration(server: "https://127.0.0.1:1", tls: tls)
            #expect(throws: KubernetesError(code: .invalidConfiguration)) { try configuration.makeHTTPClientConfiguration() }
        }
        var withProxy = try KubernetesConfiguration(server: "https://127.0.0.1:1")
        withProxy.proxyURL = "http://proxy:3128"
        #expect(throws: KubernetesError(code: .invalidConfiguration)) { try withProxy.makeHTTPClientConfiguration() }
    }
}
#endif
