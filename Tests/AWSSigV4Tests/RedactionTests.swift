import AWSSigV4
import Foundation
import HTTPTypes
import Testing

/// Secrets never appear in any printed form.
struct RedactionTests {
    static let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    static let token = "FwoGZXIvYXdzEJr//////////wEaDEXAMPLETOKEN+/="

    /// Every way Swift turns a value into text.
    static func printedForms(of value: some Any) -> [String] {
        var dumped = ""
        dump(value, to: &dumped)
        var nestedDump = ""
        dump([value], to: &nestedDump)
        return [
            String(describing: value), String(reflecting: value), "\(value)", dumped, nestedDump,
            String(describing: Optional(value)), String(describing: [value]),
            Mirror(reflecting: value).children.map { "\($0.label ?? ""): \($0.value)" }.joined(separator: ","),
        ]
    }

    @Test func credentialsAreRedactedEverywhere() {
        let credentials = AWSCredentials(
            accessKeyID: "ASIAIOSFODNN7EXAMPLE", secretAccessKey: Self.secret, sessionToken: Self.token,
            expiration: Date(timeIntervalSince1970: 1_795_953_600))
        for text in Self.printedForms(of: credentials) {
            #expect(!text.contains(Self.secret), "\(text)")
            #expect(!text.contains(Self.token), "\(text)")
            #expect(!text.contains("IOSFODNN7EX"), "the middle of the access key ID shows: \(text)")
        }
        #expect(credentials.description.contains("<redacted>"))
        #expect(credentials.description.contains("ASIA…MPLE"))
        #expect(credentials.debugDescription == credentials.description)
    }

    @Test func credentialsWithoutTokenSayNil() {
        let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: Self.secret)
        #expect(credentials.description.contains("sessionToken: nil"))
        for text in Self.printedForms(of: credentials) {
            #expect(!text.contains(Self.secret))
        }
    }

    @Test func credentialsWithAnInvalidExpiryStillPrint() {
        let credentials = AWSCredentials(
            accessKeyID: "AKIDEXAMPLE", secretAccessKey: Self.secret, expiration: Date(timeIntervalSince1970: .nan))
        #expect(credentials.description.contains("invalid date"))
    }

    @Test func payloadsPrintTheirSizeNotTheirBytes() {
        let payload = SigV4Payload.bytes(Array("password=\(Self.secret)".utf8))
        for text in Self.printedForms(of: payload) {
            #expect(!text.contains(Self.secret), "\(text)")
        }
        #expect(payload.description == "SigV4Payload(49 bytes)")
    }

    @Test func signingErrorsNeverCarryTheSecret() throws {
        let signer = SigV4Signer(service: "ecr", region: "eu-central-1")
        let credentials = AWSCredentials(
            accessKeyID: "AKIDEXAMPLE", secretAccessKey: Self.secret, sessionToken: Self.token + "\u{1}")
        var request = HTTPRequest(method: .get, scheme: "https", authority: "example.com", path: "/")
        request.headerFields[.authorization] = "Bearer \(Self.secret)"
        let error = try #require(throws: SigV4Error.self) {
            try signer.sign(request, payload: .empty, credentials: credentials, date: Date())
        }
        for text in Self.printedForms(of: error) {
            #expect(!text.contains(Self.secret) && !text.contains(Self.token))
        }
    }

    @Test func credentialsCompareByValue() {
        let one = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "a")
        var two = one
        #expect(one == two)
        two.secretAccessKey = "b"
        #expect(one != two)
        two.secretAccessKey = "a"
        #expect(one == two)
        #expect(one.hashValue == two.hashValue)
    }

    @Test func expiry() {
        let now = Date(timeIntervalSince1970: 1_000_000)
        let credentials = AWSCredentials(
            accessKeyID: "AKIDEXAMPLE", secretAccessKey: "a", sessionToken: "t", expiration: now.addingTimeInterval(300))
        #expect(!credentials.isExpired(now: now))
        #expect(credentials.isExpired(now: now, margin: 300))
        #expect(credentials.isExpired(now: now.addingTimeInterval(301)))
        #expect(!AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "a").isExpired(now: .distantFuture))
    }
}
