import AuthTransport
import HTTPTypes
import Testing
import TestTimeLimits

struct ClosureHTTPTransportTests {
    @Test func handlerReceivesTheRequestAndBody() async throws {
        let request = HTTPRequest(method: .post, scheme: "https", authority: "api.ecr.us-east-1.amazonaws.com", path: "/")
        let transport = ClosureHTTPTransport { received, body in
            #expect(received == request)
            #expect(body == Array("{}".utf8))
            return (HTTPResponse(status: .accepted, headerFields: [.contentType: "application/json"]), Array("ok".utf8))
        }
        let (response, body) = try await transport.send(request, body: Array("{}".utf8))
        #expect(response.status == .accepted)
        #expect(response.headerFields[.contentType] == "application/json")
        #expect(body == Array("ok".utf8))
    }

    @Test func nilBodyReachesTheHandlerAsNil() async throws {
        let transport = ClosureHTTPTransport { _, body in
            #expect(body == nil)
            return (HTTPResponse(status: .noContent), [])
        }
        let (response, body) = try await transport.send(HTTPRequest(method: .delete, scheme: "http", authority: "x", path: "/"), body: nil)
        #expect(response.status == .noContent)
        #expect(body.isEmpty)
    }

    @Test func respondingReturnsTheSameResponseEveryTime() async throws {
        let transport = ClosureHTTPTransport.responding(
            status: .tooManyRequests,
            headerFields: [.retryAfter: "3"],
            body: Array("slow down".utf8)
        )
        for path in ["/a", "/b"] {
            let request = HTTPRequest(method: .get, scheme: "https", authority: "example.com", path: path)
            let (response, body) = try await transport.send(request, body: nil)
            #expect(response.status == .tooManyRequests)
            #expect(response.headerFields[.retryAfter] == "3")
            #expect(body == Array("slow down".utf8))
        }
    }

    @Test func errorsFromTheHandlerReachTheCaller() async throws {
        let transport = ClosureHTTPTransport { _, _ in
            throw HTTPTransportError(code: .connectionFailed, reason: "simulated")
        }
        let request = HTTPRequest(method: .get, scheme: "https", authority: "example.com", path: "/")
        let error = await #expect(throws: HTTPTransportError(code: .connectionFailed)) {
            try await transport.send(request, body: nil)
        }
        #expect(error?.reason == "simulated")
    }

    @Test func cancellationReachesTheHandler() async throws {
        let transport = ClosureHTTPTransport { _, _ in
            try await Task.sleep(for: .seconds(60))
            return (HTTPResponse(status: .ok), [])
        }
        let request = HTTPRequest(method: .get, scheme: "https", authority: "example.com", path: "/")
        let call = Task { try await transport.send(request, body: nil) }
        try await Task.sleep(for: .milliseconds(50))
        let elapsed = await ContinuousClock().measure {
            call.cancel()
            expectCancellation(await call.result)
        }
        // Far below the handler's 60 seconds; generous because under sanitizers the two-thread
        // cooperative pool can take seconds to run the cancelled task.
        #expect(elapsed < TestTimeLimits.scaled(.seconds(30)))
    }

    @Test func usableAsAnExistentialAndConcurrently() async throws {
        let transport: any HTTPTransport = ClosureHTTPTransport { request, _ in
            (HTTPResponse(status: .ok), Array((request.path ?? "").utf8))
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<16 {
                group.addTask {
                    let request = HTTPRequest(method: .get, scheme: "https", authority: "example.com", path: "/\(index)")
                    let (_, body) = try await transport.send(request, body: nil)
                    #expect(body == Array("/\(index)".utf8))
                }
            }
            try await group.waitForAll()
        }
    }
}
