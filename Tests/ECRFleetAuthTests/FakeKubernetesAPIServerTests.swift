import AuthTransport
import AuthTransportURLSession
import ECRFleetAuth
import Foundation
import HTTPTypes
import KubernetesTestSupport
import Testing

/// The fake API server itself: what the tool's end-to-end tests rely on besides the client.
@Suite(.serialized)
struct FakeKubernetesAPIServerTests {
    func send(
        _ server: FakeKubernetesAPIServer,
        _ method: HTTPRequest.Method,
        _ path: String,
        body: String? = nil,
        contentType: String? = "application/json"
    ) async throws -> (Int, String) {
        var request = HTTPRequest(method: method, scheme: "http", authority: "127.0.0.1:\(server.port)", path: path)
        request.headerFields[.authorization] = "Bearer \(server.token)"
        if let contentType { request.headerFields[.contentType] = contentType }
        let (response, responseBody) = try await URLSessionHTTPTransport().send(request, body: body.map { Array($0.utf8) })
        return (response.status.code, String(decoding: responseBody, as: UTF8.self))
    }

    @Test func resourceVersionsGrowAndOnlyTheSubsetIsServed() async throws {
        let server = try await FakeKubernetesAPIServer.start()
        defer { server.stop() }
        let (created, createdBody) = try await send(
            server, .post, "/api/v1/namespaces/default/secrets", body: #"{"metadata":{"name":"a"},"data":{"k":"dg=="}}"#)
        #expect(created == 201)
        #expect(createdBody.contains(#""resourceVersion": "1001""#))
        let (updated, updatedBody) = try await send(
            server, .put, "/api/v1/namespaces/default/secrets/a",
            body: #"{"metadata":{"name":"a","resourceVersion":"1001"},"data":{"k":"dw=="}}"#)
        #expect(updated == 200)
        #expect(updatedBody.contains(#""resourceVersion": "1002""#))
        #expect(try await send(server, .patch, "/api/v1/namespaces/default/secrets/a", body: "{}").0 == 405)
        #expect(try await send(server, .post, "/api/v1/namespaces/default/secrets", body: "name: a", contentType: "application/yaml").0 == 415)
        #expect(try await send(server, .post, "/api/v1/namespaces/default/secrets", body: #"{"metadata":{"name":"b"},"data":{"k":"!"}}"#).0 == 400)
        #expect(try await send(server, .post, "/api/v1/namespaces/other/secrets", body: #"{"metadata":{"name":"b","namespace":"x"}}"#).0 == 400)
        #expect(try await send(server, .put, "/api/v1/namespaces/default/secrets/a", body: #"{"metadata":{"name":"a"},"type":"Other"}"#).0 == 422)
        #expect(try await send(server, .get, "/api/v1/namespaces/default/configmaps/a").0 == 404)
        // Kubernetes allows an update without resourceVersion for Secrets; the fake counts it.
        #expect(try await send(server, .put, "/api/v1/namespaces/default/secrets/a", body: #"{"metadata":{"name":"a"},"data":{"k":"eA=="}}"#).0 == 200)
        #expect(try await send(server, .delete, "/api/v1/namespaces/default/secrets/a").0 == 200)
        let stats = try await server.stats()
        #expect(stats.creates == 1)
        #expect(stats.updates == 2)
        #expect(stats.unconditionalUpdates == 1)
        #expect(stats.deletes == 1)
        #expect(stats.writes == 4)
        try await server.reset()
        #expect(try await server.stats().requests == 0)
    }

    @Test func itWritesAKubeconfigTheLoaderReads() async throws {
        let server = try await FakeKubernetesAPIServer.start()
        defer { server.stop() }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fake-kubeconfig-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try server.writeKubeconfig(to: path, namespace: "fleet-default")
        let configuration = try KubernetesConfiguration.kubeconfig(path: path)
        #expect(configuration.server == server.baseURL)
        #expect(configuration.namespace == "fleet-default")
        #expect(configuration.authentication.usesBearerToken)
        #expect(FileManager.default.fileExists(atPath: try FakeKubernetesAPIServer.scriptPath))
    }

    @Test func stopEndsTheProcess() async throws {
        let server = try await FakeKubernetesAPIServer.start()
        let port = server.port
        server.stop()
        server.stop()
        let request = HTTPRequest(method: .get, scheme: "http", authority: "127.0.0.1:\(port)", path: "/_fake/stats")
        await #expect(throws: HTTPTransportError.self) {
            try await URLSessionHTTPTransport(configuration: .init(timeout: .seconds(3))).send(request, body: nil)
        }
    }
}
