import AuthTransport
import AuthTransportURLSession
import Foundation
import HTTPTypes
import Testing
import TransportTestSupport

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What is particular to the URLSession adapter; the shared behaviour is in
/// `HTTPTransportConformanceTests`.
@Suite(.loopbackServer)
struct URLSessionHTTPTransportTests {
    @Test func defaultConfiguration() {
        let configuration = URLSessionHTTPTransport.Configuration()
        #expect(configuration.timeout == .seconds(30))
        #expect(configuration.maximumResponseBodySize == 10 * 1024 * 1024)
        #expect(URLSessionHTTPTransport().configuration.timeout == .seconds(30))
    }

    @Test(arguments: [HTTPRequest.Method.get, .head])
    func bodyWithGetOrHeadIsInvalid(_ method: HTTPRequest.Method) async throws {
        let server = try loopbackServer()
        await #expect(throws: HTTPTransportError(code: .invalidRequest)) {
            try await URLSessionHTTPTransport().send(server.request(method, "/echo/x"), body: [1])
        }
    }

    @Test func emptyBodyWithGetIsNoBody() async throws {
        let server = try loopbackServer()
        let (response, body) = try await URLSessionHTTPTransport().send(server.request(.get, "/echo/x"), body: [])
        #expect(response.status == .ok)
        #expect(try EchoedRequest(from: body).body == [])
    }

    @Test func sessionConfigurationIsUsed() async throws {
        let server = try loopbackServer()
        let sessionConfiguration = URLSessionConfiguration.ephemeral
        sessionConfiguration.httpAdditionalHeaders = ["X-From-Session": "yes"]
        let transport = URLSessionHTTPTransport(configuration: .init(session: .configuration(sessionConfiguration)))
        let (_, body) = try await transport.send(server.request(.get, "/echo/session"), body: nil)
        #expect(try EchoedRequest(from: body).values(of: "X-From-Session") == ["yes"])
    }

    @Test func callersSessionConfigurationIsCopiedNotChanged() async throws {
        let server = try loopbackServer()
        let sessionConfiguration = URLSessionConfiguration.default
        sessionConfiguration.httpAdditionalHeaders = ["X-Version": "1"]
        let session = URLSessionHTTPTransport.Session.configuration(sessionConfiguration)
        sessionConfiguration.httpAdditionalHeaders = ["X-Version": "2"]
        let transport = URLSessionHTTPTransport(configuration: .init(session: session))

        #expect(sessionConfiguration.httpShouldSetCookies)
        #expect(sessionConfiguration.httpCookieStorage != nil)
        let (_, body) = try await transport.send(server.request(.get, "/echo/copy"), body: nil)
        #expect(try EchoedRequest(from: body).values(of: "X-Version") == ["1"])
    }

    /// Responses carry credentials: the transport's session keeps no cookies even when the
    /// configuration it was given (here `.default`, with the shared cookie storage) would.
    @Test func cookiesAreNeitherStoredNorSent() async throws {
        let server = try loopbackServer()
        let transport = URLSessionHTTPTransport(configuration: .init(session: .configuration(.default)))
        let (response, _) = try await transport.send(
            server.request(.get, "/status/200?cookie=session%3Dsecret%3B%20Path%3D%2F"),
            body: nil
        )
        #expect(response.headerFields[.setCookie] == "session=secret; Path=/")
        let (_, body) = try await transport.send(server.request(.get, "/echo/cookie"), body: nil)
        #expect(try EchoedRequest(from: body).values(of: "Cookie").isEmpty)
    }

    @Test func shortLivedTransportsEachWork() async throws {
        let server = try loopbackServer()
        for index in 0..<20 {
            let (response, _) = try await URLSessionHTTPTransport().send(server.request(.get, "/echo/\(index)"), body: nil)
            #expect(response.status == .ok)
        }
    }

    @Test func copiesShareTheSession() async throws {
        let server = try loopbackServer()
        let original = URLSessionHTTPTransport(configuration: .init(timeout: .seconds(5)))
        let copy = original
        let (first, _) = try await original.send(server.request(.get, "/echo/1"), body: nil)
        let (second, _) = try await copy.send(server.request(.get, "/echo/2"), body: nil)
        #expect(first.status == .ok)
        #expect(second.status == .ok)
        #expect(copy.configuration.timeout == .seconds(5))
    }
}
