import AuthTransport
import HTTPTypes
import Testing

/// `HTTPRequest.exactURLString()`, the check every adapter runs before sending.
struct ExactURLTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var scheme: String
        var authority: String
        var path: String
        var testDescription: String { "\(self.scheme)://\(self.authority)\(self.path)" }
    }

    static let sendable: [Case] = [
        Case(scheme: "https", authority: "api.ecr.us-east-1.amazonaws.com", path: "/"),
        Case(scheme: "HTTPS", authority: "Example.COM:443", path: "/A"),
        Case(scheme: "http", authority: "127.0.0.1:8080", path: "/echo?"),
        Case(scheme: "http", authority: "[::1]:8080", path: "/x"),
        Case(scheme: "http", authority: "[fe80::1:2]", path: "/x"),
        Case(scheme: "http", authority: "host:0", path: "/"),
        Case(scheme: "http", authority: "host:65535", path: "/"),
        Case(scheme: "http", authority: "xn--caf-dma.example", path: "/"),
        Case(scheme: "http", authority: "a%2Db.example", path: "/"),
        Case(scheme: "https", authority: "s3.amazonaws.com", path: "/bucket/a%2Fb%20c~d/./../e"),
        Case(scheme: "https", authority: "s", path: "/-._~!$&'()*+,;=:@/?-._~!$&'()*+,;=:@/?%00%ff%FF"),
        Case(scheme: "https", authority: "s", path: "//"),
    ]

    @Test(arguments: sendable)
    func sendableRequestGivesItsURLUnchanged(_ input: Case) throws {
        let request = HTTPRequest(method: .get, scheme: input.scheme, authority: input.authority, path: input.path)
        #expect(try request.exactURLString() == "\(input.scheme)://\(input.authority)\(input.path)")
    }

    static let unsendable: [Case] = [
        Case(scheme: "ws", authority: "h", path: "/"),
        Case(scheme: "http", authority: "h:", path: "/"),
        Case(scheme: "http", authority: "h:123456", path: "/"),
        Case(scheme: "http", authority: "h:-1", path: "/"),
        Case(scheme: "http", authority: "h:8080x", path: "/"),
        Case(scheme: "http", authority: "h/x", path: "/"),
        Case(scheme: "http", authority: "h?x", path: "/"),
        Case(scheme: "http", authority: "h#x", path: "/"),
        Case(scheme: "http", authority: "u@h", path: "/"),
        Case(scheme: "http", authority: "[::1", path: "/"),
        Case(scheme: "http", authority: "[]", path: "/"),
        Case(scheme: "http", authority: "[::1]x", path: "/"),
        Case(scheme: "http", authority: "[::g]", path: "/"),
        Case(scheme: "http", authority: "h%2", path: "/"),
        Case(scheme: "http", authority: "h\u{E9}", path: "/"),
        Case(scheme: "http", authority: "h", path: ""),
        Case(scheme: "http", authority: "h", path: "?q"),
        Case(scheme: "http", authority: "h", path: "/%"),
        Case(scheme: "http", authority: "h", path: "/%g0"),
        Case(scheme: "http", authority: "h", path: "/a|b"),
        Case(scheme: "http", authority: "h", path: "/a^b"),
        Case(scheme: "http", authority: "h", path: "/a`b"),
        Case(scheme: "http", authority: "h", path: "/a<b>"),
        Case(scheme: "http", authority: "h", path: "/[a]"),
        Case(scheme: "http", authority: "h", path: "/a\tb"),
        Case(scheme: "http", authority: "h", path: "/a\u{7F}b"),
    ]

    @Test(arguments: unsendable)
    func unsendableRequestIsInvalid(_ input: Case) {
        let request = HTTPRequest(method: .get, scheme: input.scheme, authority: input.authority, path: input.path)
        #expect(throws: HTTPTransportError(code: .invalidRequest)) {
            try request.exactURLString()
        }
    }

    @Test func reasonNeverRepeatsThePathOrQuery() throws {
        let secret = "X-Amz-Security-Token=FQoGZXIvYXdzEXAMPLE"
        let request = HTTPRequest(method: .get, scheme: "https", authority: "h", path: "/a b?\(secret)")
        let error = try #require(throws: HTTPTransportError.self) { try request.exactURLString() }
        #expect(!error.description.contains("FQoG"))
        #expect(error.reason.contains("0x20"))
    }
}
