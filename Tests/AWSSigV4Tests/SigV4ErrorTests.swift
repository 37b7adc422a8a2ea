import AWSSigV4
import Foundation
import HTTPTypes
import Testing

/// Bad input gets a typed error whose message names the problem and never a secret.
struct SigV4ErrorTests {
    static let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    static let token = "FwoGZXIvYXdzEJr//////////wEaDEXAMPLETOKEN+/="
    static let credentials = AWSCredentials(accessKeyID: "ASIAIOSFODNN7EXAMPLE", secretAccessKey: secret, sessionToken: token)
    static let date = Date(timeIntervalSince1970: 1_795_953_600)
    static let signer = SigV4Signer(service: "ecr", region: "eu-central-1")

    /// Signs and presigns, expects `code` from all three entry points, and checks the message.
    func expectFailure(
        _ code: SigV4Error.Code,
        request: HTTPRequest,
        payload: SigV4Payload = .empty,
        credentials: AWSCredentials = Self.credentials,
        date: Date = Self.date,
        signer: SigV4Signer = Self.signer,
        expires: Int = 60,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let attempts: [() throws -> Void] = [
            { _ = try signer.sign(request, payload: payload, credentials: credentials, date: date) },
            { _ = try signer.presign(request, payload: payload, credentials: credentials, date: date, expires: expires) },
            { _ = try signer.signature(for: request, payload: payload, credentials: credentials, date: date) },
        ]
        for attempt in attempts {
            let error = #expect(throws: SigV4Error.self, sourceLocation: sourceLocation) { try attempt() }
            guard let error else { continue }
            #expect(error.code == code, sourceLocation: sourceLocation)
            let message = "\(error)"
            #expect(message.contains("SigV4Error.\(code)"), sourceLocation: sourceLocation)
            #expect(!message.contains(Self.secret) && !message.contains(Self.token), sourceLocation: sourceLocation)
        }
    }

    static func request(authority: String? = "example.amazonaws.com", path: String = "/") -> HTTPRequest {
        HTTPRequest(method: .get, scheme: "https", authority: authority, path: path)
    }

    @Test func missingHost() {
        expectFailure(.missingHost, request: Self.request(authority: nil))
        expectFailure(.missingHost, request: Self.request(authority: ""))
    }

    @Test func conflictingHost() throws {
        var request = Self.request()
        request.headerFields[try #require(HTTPField.Name("Host"))] = "other.example"
        expectFailure(.conflictingHost, request: request)
    }

    @Test(arguments: ["/%", "/%4", "/a%G0", "/%%41", "/?a=%", "/?a=%zz", "/?%1=b", "/x?a=1&b=%e"])
    func invalidPercentEncoding(path: String) {
        expectFailure(.invalidPercentEncoding, request: Self.request(path: path))
    }

    @Test func invalidPercentEncodingNamesTheOffset() throws {
        let error = try #require(throws: SigV4Error.self) {
            try Self.signer.sign(Self.request(path: "/ab%zz"), payload: .empty, credentials: Self.credentials, date: Self.date)
        }
        #expect(error.reason.contains("byte 3"))
    }

    @Test(arguments: [UInt8(0x01), 0x08, 0x0B, 0x1F, 0x7F])
    func controlCharacterInHeaderValue(byte: UInt8) throws {
        var request = Self.request()
        let name = try #require(HTTPField.Name("X-Bad"))
        request.headerFields.append(HTTPField(name: name, lenientValue: [UInt8(ascii: "a"), byte, UInt8(ascii: "b")]))
        expectFailure(.invalidHeaderValue, request: request)
        let error = try #require(throws: SigV4Error.self) {
            try Self.signer.sign(request, payload: .empty, credentials: Self.credentials, date: Self.date)
        }
        #expect(error.reason.contains("x-bad"))
    }

    @Test(arguments: [0, -1, 604_801, Int.max, Int.min])
    func presignExpiryOutOfRange(expires: Int) {
        #expect(throws: SigV4Error(code: .invalidExpiration)) {
            try Self.signer.presign(Self.request(), payload: .empty, credentials: Self.credentials, date: Self.date, expires: expires)
        }
        #expect(throws: SigV4Error(code: .invalidExpiration)) {
            try Self.signer.signature(
                for: Self.request(), payload: .empty, credentials: Self.credentials, date: Self.date, presignExpires: expires)
        }
    }

    @Test func presignExpiryBoundsAreAccepted() throws {
        for expires in [1, 604_800] {
            _ = try Self.signer.presign(Self.request(), payload: .empty, credentials: Self.credentials, date: Self.date, expires: expires)
        }
    }

    @Test(arguments: ["", "abc", String(repeating: "g", count: 64), String(repeating: "a", count: 63), String(repeating: "a", count: 65)])
    func invalidPayloadHash(hex: String) {
        expectFailure(.invalidPayloadHash, request: Self.request(), payload: .precomputedSHA256(hex: hex))
    }

    // Seconds, not dates: Foundation's Date.description traps on NaN, and test names print arguments.
    @Test(arguments: [-1, 253_402_300_800, -Double.infinity, .infinity, .nan])
    func dateOutOfRange(seconds: Double) {
        expectFailure(.invalidDate, request: Self.request(), date: Date(timeIntervalSince1970: seconds))
    }

    @Test func datesAtTheEdgesAreFormatted() throws {
        let signer = SigV4Signer(service: "s", region: "r")
        for (seconds, expected) in [
            (0.0, "19700101T000000Z"), (951_782_400, "20000229T000000Z"), (1_709_164_799.999, "20240228T235959Z"),
            (1_709_164_800, "20240229T000000Z"), (4_107_542_400, "21000301T000000Z"), (253_402_300_799, "99991231T235959Z"),
        ] {
            let signature = try signer.signature(
                for: Self.request(), payload: .empty, credentials: Self.credentials, date: Date(timeIntervalSince1970: seconds))
            #expect(signature.timestamp == expected)
        }
    }

    @Test(arguments: [("", "ecr"), ("eu central 1", "ecr"), ("eu-central-1", ""), ("eu-central-1", "ecr/x"), ("us-east-1\n", "ecr")])
    func invalidScope(region: String, service: String) {
        expectFailure(.invalidScope, request: Self.request(), signer: SigV4Signer(service: service, region: region))
    }

    @Test func invalidCredentials() {
        for credentials in [
            AWSCredentials(accessKeyID: "", secretAccessKey: Self.secret),
            AWSCredentials(accessKeyID: "AKID/EXAMPLE", secretAccessKey: Self.secret),
            AWSCredentials(accessKeyID: "AKID EXAMPLE", secretAccessKey: Self.secret),
            AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: ""),
            AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: Self.secret, sessionToken: ""),
            AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: Self.secret, sessionToken: Self.token + "\r\nX-Injected: 1"),
        ] {
            expectFailure(.invalidCredentials, request: Self.request(), credentials: credentials)
        }
    }

    @Test func errorsCompareByCode() {
        #expect(SigV4Error(code: .missingHost, reason: "a") == SigV4Error(code: .missingHost, reason: "b"))
        #expect(SigV4Error(code: .missingHost) != SigV4Error(code: .invalidDate))
        #expect(SigV4Error.Code.invalidPercentEncoding.description == "invalidPercentEncoding")
    }
}
