import AuthTransport
import Foundation
import HTTPTypes
import Testing
import TransportTestSupport
import TestTimeLimits

/// The behaviour every adapter promises, checked against a real HTTP server on 127.0.0.1 for
/// each adapter in the build (`TransportUnderTest.all`).
@Suite(.loopbackServer)
struct HTTPTransportConformanceTests {
    // MARK: Exactness

    /// Request-targets a signed request may carry; each must arrive byte for byte.
    static let exactTargets = [
        "/echo/a%2Fb%20c~d?x=1&y=%3D&z=a%26b",
        "/echo/%E2%82%AC/%7e~/'!$&()*+,;=:@?q=a=b&q=&%3D=%26&&x=%2F%2f",
        "/echo/",
        "/echo//double//slash?",
        "/echo?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request",
    ]

    @Test(arguments: TransportUnderTest.all, exactTargets)
    func pathAndQueryArriveExactly(_ subject: TransportUnderTest, target: String) async throws {
        let server = try loopbackServer()
        let (response, body) = try await subject.make().send(server.request(.get, target), body: nil)
        #expect(response.status == .ok)
        #expect(try EchoedRequest(from: body).target == target)
    }

    /// libcurl (under URLSession on Linux) removes `.` and `..` segments; that transport refuses
    /// such paths rather than send another one.
    @Test(arguments: TransportUnderTest.all, ["/echo/a/./b/../c", "/echo/..", "/echo/a/.?q=./.."])
    func dotSegmentsArriveExactlyOrAreRefused(_ subject: TransportUnderTest, target: String) async throws {
        let server = try loopbackServer()
        let transport = subject.make()
        if subject.sendsDotSegments {
            let (_, body) = try await transport.send(server.request(.get, target), body: nil)
            #expect(try EchoedRequest(from: body).target == target)
        } else {
            await #expect(throws: HTTPTransportError(code: .invalidRequest)) {
                try await transport.send(server.request(.get, target), body: nil)
            }
        }
    }

    @Test(arguments: TransportUnderTest.all, ["/echo/a/%2e%2E/b", "/echo/.a/..b/...", "/echo?x=/./../"])
    func dotLookalikesArriveExactly(_ subject: TransportUnderTest, target: String) async throws {
        let server = try loopbackServer()
        let (_, body) = try await subject.make().send(server.request(.get, target), body: nil)
        #expect(try EchoedRequest(from: body).target == target)
    }

    @Test(arguments: TransportUnderTest.all)
    func roundTripKeepsMethodHeadersAndBody(_ subject: TransportUnderTest) async throws {
        let server = try loopbackServer()
        let requestBody = (0...255).map { UInt8($0) } + Array(#"{"registryIds":["123456789012"]}"#.utf8)
        var fields = HTTPFields()
        fields[.contentType] = "application/x-amz-json-1.1"
        fields[try #require(HTTPField.Name("X-Amz-Target"))] = "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken"
        fields[try #require(HTTPField.Name("X-Amz-Date"))] = "20150830T123600Z"
        fields[.authorization] =
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/ecr/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"
        let repeated = try #require(HTTPField.Name("X-Repeated"))
        fields.append(HTTPField(name: repeated, value: "first"))
        fields.append(HTTPField(name: repeated, value: "second"))
        let target = "/echo/a%2Fb%20c~d?x=1&y=%3D"

        let (response, body) = try await subject.make().send(
            server.request(.post, target, headerFields: fields),
            body: requestBody
        )

        #expect(response.status == .ok)
        #expect(response.headerFields[.contentType] == "application/json")
        let echoed = try EchoedRequest(from: body)
        #expect(echoed.method == "POST")
        #expect(echoed.target == target)
        #expect(echoed.body == requestBody)
        #expect(echoed.values(of: "Host") == [server.authority])
        for field in fields where field.name != repeated {
            #expect(echoed.values(of: field.name.rawName) == [field.value], "\(field.name)")
        }
        if subject.combinesRepeatedFields {
            #expect(echoed.values(of: "X-Repeated") == ["first, second"])
        } else {
            #expect(echoed.values(of: "X-Repeated") == ["first", "second"])
        }
        if subject.keepsFieldOrder {
            let sent = fields.map { $0.name.canonicalName }
            #expect(echoed.fieldNames.filter { sent.contains($0) } == sent)
        }
    }

    @Test(arguments: TransportUnderTest.all, ["GET", "PUT", "DELETE", "PATCH", "OPTIONS", "PURGE"])
    func methodArrivesAsSent(_ subject: TransportUnderTest, method: String) async throws {
        let server = try loopbackServer()
        let method = try #require(HTTPRequest.Method(method))
        let body: [UInt8]? = method == .put || method == .patch ? Array("payload".utf8) : nil
        let (response, responseBody) = try await subject.make().send(server.request(method, "/echo/m"), body: body)
        #expect(response.status == .ok)
        let echoed = try EchoedRequest(from: responseBody)
        #expect(echoed.method == method.rawValue)
        #expect(echoed.body == (body ?? []))
    }

    @Test(arguments: TransportUnderTest.all)
    func emptyBodyIsSentWithZeroLength(_ subject: TransportUnderTest) async throws {
        let server = try loopbackServer()
        let (_, responseBody) = try await subject.make().send(server.request(.post, "/echo/empty"), body: [])
        let echoed = try EchoedRequest(from: responseBody)
        #expect(echoed.body == [])
        #expect(echoed.values(of: "Content-Length") == ["0"])
    }

    /// Signers may sign `Content-Length`; a field the request carries must arrive once, unchanged.
    @Test(arguments: TransportUnderTest.all)
    func explicitContentLengthArrivesOnce(_ subject: TransportUnderTest) async throws {
        let server = try loopbackServer()
        var fields = HTTPFields()
        fields[.contentLength] = "5"
        let (_, responseBody) = try await subject.make().send(
            server.request(.put, "/echo/length", headerFields: fields),
            body: Array("hello".utf8)
        )
        let echoed = try EchoedRequest(from: responseBody)
        #expect(echoed.values(of: "Content-Length") == ["5"])
        #expect(echoed.body == Array("hello".utf8))
    }

    @Test(arguments: TransportUnderTest.all)
    func largeBodyIsSentWhole(_ subject: TransportUnderTest) async throws {
        let server = try loopbackServer()
        let requestBody = (0..<(2 * 1024 * 1024)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let (_, responseBody) = try await subject.make().send(server.request(.put, "/echo/large"), body: requestBody)
        #expect(try EchoedRequest(from: responseBody).body == requestBody)
    }

    @Test(arguments: TransportUnderTest.all)
    func concurrentRequestsGetTheirOwnResponses(_ subject: TransportUnderTest) async throws {
        let server = try loopbackServer()
        let transport = subject.make()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<32 {
                group.addTask {
                    let (_, body) = try await transport.send(
                        server.request(.post, "/echo/\(index)?n=\(index)"),
                        body: Array("\(index)".utf8)
                    )
                    let echoed = try EchoedRequest(from: body)
                    #expect(echoed.target == "/echo/\(index)?n=\(index)")
                    #expect(echoed.body == Array("\(index)".utf8))
                }
            }
            try await group.waitForAll()
        }
    }

    // MARK: Responses of every status

    @Test(arguments: TransportUnderTest.all, [201, 202, 299, 400, 403, 404, 409, 429, 500, 502, 503, 599])
    func everyStatusIsAResponse(_ subject: TransportUnderTest, code: Int) async throws {
        let server = try loopbackServer()
        let (response, body) = try await subject.make().send(server.request(.post, "/status/\(code)"), body: [])
        #expect(response.status.code == code)
        #expect(body == Array("status \(code)".utf8))
        #expect(response.headerFields[try #require(HTTPField.Name("X-Test-Status"))] == "\(code)")
    }

    @Test(arguments: TransportUnderTest.all, [204, 304])
    func statusWithoutBodyHasEmptyBody(_ subject: TransportUnderTest, code: Int) async throws {
        let server = try loopbackServer()
        let (response, body) = try await subject.make(maximumResponseBodySize: 0).send(
            server.request(.get, "/status/\(code)"),
            body: nil
        )
        #expect(response.status.code == code)
        #expect(body.isEmpty)
    }

    /// A redirect is returned, not followed: following it would carry the signed headers to
    /// another origin (here a port with nothing listening, so following it would fail).
    @Test(arguments: TransportUnderTest.all, [301, 302, 303, 307, 308])
    func redirectIsReturnedNotFollowed(_ subject: TransportUnderTest, code: Int) async throws {
        let server = try loopbackServer()
        let elsewhere = "http://127.0.0.1:\(server.closedPort)/stolen"
        let query = "location=" + (elsewhere.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        var fields = HTTPFields()
        fields[.authorization] = "AWS4-HMAC-SHA256 Signature=secret"
        let (response, body) = try await subject.make(timeout: .seconds(5)).send(
            server.request(.get, "/status/\(code)?\(query)", headerFields: fields),
            body: nil
        )
        #expect(response.status.code == code)
        #expect(response.headerFields[.location] == elsewhere)
        #expect(body == Array("status \(code)".utf8))
    }

    /// FoundationNetworking hangs on a 401 with a Basic challenge unless its delegate steps in;
    /// registries (ECR's included) answer 401 with such a challenge.
    @Test(
        arguments: TransportUnderTest.all,
        [
            #"Basic realm="https://123456789012.dkr.ecr.us-east-1.amazonaws.com/",service="ecr.amazonaws.com""#,
            #"Bearer realm="https://auth.example/token",service="registry",scope="repository:a:pull""#,
            "Basic",
            "Negotiate",
        ]
    )
    func unauthorizedWithChallengeIsAResponse(_ subject: TransportUnderTest, challenge: String) async throws {
        let server = try loopbackServer()
        let query = "authenticate=" + (challenge.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        let (response, body) = try await subject.make(timeout: .seconds(5)).send(
            server.request(.get, "/status/401?\(query)"),
            body: nil
        )
        #expect(response.status == .unauthorized)
        #expect(response.headerFields[.wwwAuthenticate] == challenge)
        #expect(body == Array("status 401".utf8))
    }

    @Test(arguments: TransportUnderTest.all)
    func headOfALargeResourceIsNotTooLarge(_ subject: TransportUnderTest) async throws {
        let server = try loopbackServer()
        let (response, body) = try await subject.make(maximumResponseBodySize: 1024).send(
            server.request(.head, "/bytes?size=10737418240&mode=length"),
            body: nil
        )
        #expect(response.status == .ok)
        #expect(response.headerFields[.contentLength] == "10737418240")
        #expect(body.isEmpty)
    }

    // MARK: Timeouts

    @Test(arguments: TransportUnderTest.all)
    func slowResponseHeadTimesOut(_ subject: TransportUnderTest) async throws {
        let server = try loopbackServer()
        let transport = subject.make(timeout: .milliseconds(500))
        let elapsed = await ContinuousClock().measure {
            await #expect(throws: HTTPTransportError(code: .timedOut)) {
                try await transport.send(server.request(.get, "/delay?seconds=10"), body: nil)
            }
        }
        #expect(elapsed >= .milliseconds(450))
        #expect(elapsed < TestTimeLimits.scaled(.seconds(5)))
    }

    @Test(arguments: TransportUnderTest.all)
    func slowResponseBodyTimesOut(_ subject: TransportUnderTest) async throws {
        let server = try loopbackServer()
        let transport = subject.make(timeout: .milliseconds(500))
        let elapsed = await ContinuousClock().measure {
            await #expect(throws: HTTPTransportError(code: .timedOut)) {
                try await transport.send(server.request(.get, "/dribble?seconds=10"), body: nil)
            }
        }
        #expect(elapsed < TestTimeLimits.scaled(.seconds(5)))
    }

    @Test(arguments: TransportUnderTest.all, [Duration.zero, .seconds(-1)])
    func zeroOrNegativeTimeoutTimesOutAtOnce(_ subject: TransportUnderTest, timeout: Duration) async throws {
        let server = try loopbackServer()
        await #expect(throws: HTTPTransportError(code: .timedOut)) {
            try await subject.make(timeout: timeout).send(server.request(.get, "/delay?seconds=10"), body: nil)
        }
    }

    @Test(arguments: TransportUnderTest.all)
    func transportWorksAfterATimeout(_ subject: TransportUnderTest) async throws {
        let server = try loopbackServer()
        let transport = subject.make(timeout: .seconds(1))
        await #expect(throws: HTTPTransportError(code: .timedOut)) {
            try await transport.send(server.request(.get, "/delay?seconds=10"), body: nil)
        }
        let (response, _) = try await transport.send(server.request(.get, "/echo/after"), body: nil)
        #expect(response.status == .ok)
    }

    // MARK: The body size cap

    static let bodyFramings = ["length", "chunked", "close"]

    @Test(arguments: TransportUnderTest.all, bodyFramings)
    func bodyOfExactlyTheLimitIsAccepted(_ subject: TransportUnderTest, framing: String) async throws {
        let server = try loopbackServer()
        let (response, body) = try await subject.make(maximumResponseBodySize: 200_000).send(
            server.request(.get, "/bytes?size=200000&mode=\(framing)"),
            body: nil
        )
        #expect(response.status == .ok)
        #expect(body.count == 200_000)
        #expect(body.allSatisfy { $0 == UInt8(ascii: "x") })
    }

    @Test(arguments: TransportUnderTest.all, bodyFramings)
    func bodyOneByteOverTheLimitIsTooLarge(_ subject: TransportUnderTest, framing: String) async throws {
        let server = try loopbackServer()
        await #expect(throws: HTTPTransportError(code: .responseTooLarge)) {
            try await subject.make(maximumResponseBodySize: 200_000).send(
                server.request(.get, "/bytes?size=200001&mode=\(framing)"),
                body: nil
            )
        }
    }

    @Test(arguments: TransportUnderTest.all)
    func zeroLimitAcceptsOnlyEmptyBodies(_ subject: TransportUnderTest) async throws {
        let server = try loopbackServer()
        let transport = subject.make(maximumResponseBodySize: 0)
        await #expect(throws: HTTPTransportError(code: .responseTooLarge)) {
            try await transport.send(server.request(.get, "/status/404"), body: nil)
        }
        let (response, body) = try await transport.send(server.request(.get, "/bytes?size=0&mode=chunked"), body: nil)
        #expect(response.status == .ok)
        #expect(body.isEmpty)
    }

    /// A `Content-Length` over the limit ends the exchange at the response head. The server
    /// announces 10 GiB and sends nothing: a transport that waited for body bytes before
    /// checking would time out instead.
    @Test(arguments: TransportUnderTest.all)
    func declaredLengthOverTheLimitIsRefusedAtTheHead(_ subject: TransportUnderTest) async throws {
        let server = try loopbackServer()
        let elapsed = await ContinuousClock().measure {
            await #expect(throws: HTTPTransportError(code: .responseTooLarge)) {
                try await subject.make(timeout: .seconds(20), maximumResponseBodySize: 1 << 20).send(
                    server.request(.get, "/bytes?size=0&declare=10737418240&mode=length&hold=1"),
                    body: nil
                )
            }
        }
        #expect(elapsed < TestTimeLimits.scaled(.seconds(5)))
    }

    /// An endless body without a length is abandoned once it passes the limit, and the
    /// connection is closed so the server stops writing.
    @Test(arguments: TransportUnderTest.all, ["chunked", "close"])
    func endlessBodyIsAbandonedAtTheLimit(_ subject: TransportUnderTest, framing: String) async throws {
        let server = try loopbackServer()
        let id = UUID().uuidString
        let elapsed = await ContinuousClock().measure {
            await #expect(throws: HTTPTransportError(code: .responseTooLarge)) {
                try await subject.make(maximumResponseBodySize: 1 << 20).send(
                    server.request(.get, "/bytes?size=-1&mode=\(framing)&pause=0.005&id=\(id)"),
                    body: nil
                )
            }
        }
        #expect(elapsed < TestTimeLimits.scaled(.seconds(5)))
        let sent = try #require(try await server.bytesSentWhenDone(id: id))
        #expect(sent < 64 << 20, "the server wrote \(sent) bytes before the client went away")
    }

    // MARK: Cancellation

    @Test(arguments: TransportUnderTest.all)
    func cancellingTheCallerEndsAWaitingRequest(_ subject: TransportUnderTest) async throws {
        let server = try loopbackServer()
        let transport = subject.make(timeout: .seconds(60))
        let call = Task {
            try await transport.send(server.request(.get, "/delay?seconds=30"), body: nil)
        }
        try await Task.sleep(for: .milliseconds(300))
        let elapsed = await ContinuousClock().measure {
            call.cancel()
            expectCancellation(await call.result)
        }
        #expect(elapsed < TestTimeLimits.scaled(.seconds(3)))
    }

    @Test(arguments: TransportUnderTest.all)
    func cancellingTheCallerEndsAStreamingBody(_ subject: TransportUnderTest) async throws {
        let server = try loopbackServer()
        let id = UUID().uuidString
        let transport = subject.make(timeout: .seconds(60), maximumResponseBodySize: Int.max)
        let call = Task {
            try await transport.send(server.request(.get, "/bytes?size=-1&mode=chunked&pause=0.01&id=\(id)"), body: nil)
        }
        try #require(try await server.waitUntilSent(atLeast: 256 * 1024, id: id), "the body never started")
        let elapsed = await ContinuousClock().measure {
            call.cancel()
            expectCancellation(await call.result)
        }
        #expect(elapsed < TestTimeLimits.scaled(.seconds(3)))
        let sent = try await server.bytesSentWhenDone(id: id, waitingAtMost: .seconds(5))
        #expect(sent != nil, "the server was still writing 5 s after the cancellation")
    }

    @Test(arguments: TransportUnderTest.all)
    func alreadyCancelledCallerThrowsAtOnce(_ subject: TransportUnderTest) async throws {
        let server = try loopbackServer()
        let transport = subject.make()
        let call = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await transport.send(server.request(.get, "/delay?seconds=30"), body: nil)
        }
        let elapsed = await ContinuousClock().measure {
            expectCancellation(await call.result)
        }
        #expect(elapsed < TestTimeLimits.scaled(.seconds(3)))
    }

    // MARK: Failures

    @Test(arguments: TransportUnderTest.all)
    func refusedConnectionFails(_ subject: TransportUnderTest) async throws {
        let server = try loopbackServer()
        let request = HTTPRequest(method: .get, scheme: "http", authority: "127.0.0.1:\(server.closedPort)", path: "/")
        await #expect(throws: HTTPTransportError(code: .connectionFailed)) {
            try await subject.make(timeout: .seconds(2)).send(request, body: nil)
        }
    }

    @Test(arguments: TransportUnderTest.all)
    func truncatedBodyFails(_ subject: TransportUnderTest) async throws {
        let server = try loopbackServer()
        await #expect(throws: HTTPTransportError(code: .connectionFailed)) {
            try await subject.make(timeout: .seconds(5)).send(
                server.request(.get, "/bytes?size=100&declare=1000&mode=length"),
                body: nil
            )
        }
    }

    @Test(
        arguments: TransportUnderTest.all,
        [
            "not http at all\r\n\r\n",
            "HTTP/1.1 2000 Too Long\r\nContent-Length: 0\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        ]
    )
    func malformedResponseIsInvalid(_ subject: TransportUnderTest, raw: String) async throws {
        let server = try loopbackServer()
        let bytes = raw.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let error = await #expect(throws: HTTPTransportError.self) {
            try await subject.make(timeout: .seconds(5)).send(server.request(.get, "/raw?bytes=\(bytes)"), body: nil)
        }
        let code = try #require(error?.code)
        if subject.classifiesEveryMalformedResponse {
            #expect(code == .invalidResponse, "\(String(describing: error))")
        } else {
            #expect(code == .invalidResponse || code == .connectionFailed, "\(String(describing: error))")
        }
    }

    @Test(arguments: TransportUnderTest.all, InvalidRequest.all)
    func unsendableRequestIsInvalid(_ subject: TransportUnderTest, invalid: InvalidRequest) async throws {
        let error = await #expect(throws: HTTPTransportError(code: .invalidRequest)) {
            try await subject.make(timeout: .seconds(5)).send(invalid.request, body: nil)
        }
        #expect(error.map { !"\($0)".contains("secret") } ?? true, "the error repeats the path: \(String(describing: error))")
    }
}

/// A request no transport can send exactly.
struct InvalidRequest: Sendable, CustomTestStringConvertible {
    var testDescription: String
    var request: HTTPRequest

    init(_ description: String, scheme: String? = "http", authority: String? = "127.0.0.1:9", path: String? = "/") {
        self.testDescription = description
        self.request = HTTPRequest(method: .get, scheme: scheme, authority: authority, path: path)
    }

    static let all: [InvalidRequest] = [
        InvalidRequest("no scheme", scheme: nil),
        InvalidRequest("ftp scheme", scheme: "ftp"),
        InvalidRequest("file scheme", scheme: "file"),
        InvalidRequest("no authority", authority: nil),
        InvalidRequest("empty authority", authority: ""),
        InvalidRequest("user information", authority: "user:secret@127.0.0.1:9"),
        InvalidRequest("port out of range", authority: "127.0.0.1:65536"),
        InvalidRequest("port not a number", authority: "127.0.0.1:http"),
        InvalidRequest("empty port", authority: "127.0.0.1:"),
        InvalidRequest("empty host", authority: ":80"),
        InvalidRequest("space in host", authority: "example .com"),
        InvalidRequest("unclosed IPv6 literal", authority: "[::1"),
        InvalidRequest("no path", path: nil),
        InvalidRequest("asterisk form", path: "*"),
        InvalidRequest("relative path", path: "echo/secret"),
        InvalidRequest("space in path", path: "/a b?secret=1"),
        InvalidRequest("non-ASCII path", path: "/caf\u{E9}/secret"),
        InvalidRequest("invalid percent escape", path: "/%zz?X-Amz-Signature=secret"),
        InvalidRequest("truncated percent escape", path: "/secret%4"),
        InvalidRequest("fragment", path: "/secret#fragment"),
        InvalidRequest("brace", path: "/{secret}"),
        InvalidRequest("backslash", path: "/a\\secret"),
        InvalidRequest("quote", path: "/\"secret\""),
    ]
}

/// Checks that a call ended by cancelling its task threw `CancellationError` or an
/// `HTTPTransportError` with code `cancelled`.
func expectCancellation<Value>(
    _ result: Result<Value, any Error>,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    switch result {
    case .success:
        Issue.record("the cancelled call succeeded", sourceLocation: sourceLocation)
    case .failure(let error as HTTPTransportError):
        #expect(error.code == .cancelled, "\(error)", sourceLocation: sourceLocation)
    case .failure(let error):
        #expect(error is CancellationError, "\(error)", sourceLocation: sourceLocation)
    }
}
