#if AsyncHTTPClient
import AsyncHTTPClient
import AuthTransport
import AuthTransportAsyncHTTPClient
import HTTPTypes
import Testing
import TransportTestSupport

/// What is particular to the AsyncHTTPClient adapter; the shared behaviour is in
/// `HTTPTransportConformanceTests`.
@Suite(.loopbackServer)
struct AsyncHTTPClientTransportTests {
    @Test func defaultsToTheSharedClient() {
        let transport = AsyncHTTPClientTransport()
        #expect(transport.client === HTTPClient.shared)
        #expect(transport.configuration.timeout == .seconds(30))
        #expect(transport.configuration.maximumResponseBodySize == 10 * 1024 * 1024)
    }

    @Test func sharedClientSendsARequest() async throws {
        let server = try loopbackServer()
        let (response, body) = try await AsyncHTTPClientTransport().send(server.request(.post, "/echo/shared"), body: [7])
        #expect(response.status == .ok)
        #expect(try EchoedRequest(from: body).body == [7])
    }

    @Test func getWithBodyIsSent() async throws {
        let server = try loopbackServer()
        let (_, body) = try await AsyncHTTPClientTransport().send(server.request(.get, "/echo/get"), body: [1, 2, 3])
        let echoed = try EchoedRequest(from: body)
        #expect(echoed.method == "GET")
        #expect(echoed.body == [1, 2, 3])
    }

    /// The shared client follows redirects; as documented, it keeps `Authorization` within the
    /// origin and drops it when the redirect leaves it, but keeps `X-Amz-Security-Token` either
    /// way (which is why the documentation recommends `.disallow` for signed requests).
    @Test(arguments: [("127.0.0.1", true), ("localhost", false)])
    func sharedClientFollowsRedirectsKeepingCredentialsInTheOrigin(host: String, keepsAuthorization: Bool) async throws {
        let server = try loopbackServer()
        let location = "http%3A%2F%2F\(host)%3A\(server.port)%2Fecho%2Ffollowed"
        var fields = HTTPFields()
        fields[.authorization] = "AWS4-HMAC-SHA256 Signature=abc"
        fields[try #require(HTTPField.Name("X-Amz-Security-Token"))] = "session-token"
        let (response, body) = try await AsyncHTTPClientTransport().send(
            server.request(.get, "/status/302?location=\(location)", headerFields: fields),
            body: nil
        )
        #expect(response.status == .ok)
        let echoed = try EchoedRequest(from: body)
        #expect(echoed.target == "/echo/followed")
        #expect(echoed.values(of: "Authorization") == (keepsAuthorization ? ["AWS4-HMAC-SHA256 Signature=abc"] : []))
        #expect(echoed.values(of: "X-Amz-Security-Token") == ["session-token"])
    }
}
#endif
