import AWSSigV4
import Foundation
import Testing

@testable import AWSCredentialProviders
import TestTimeLimits

/// The bounded XML parser and the STS response decoder.
struct STSResponseDecodingTests {
    // MARK: Success

    @Test func decodesTheAWSDocumentationExample() throws {
        let result = try STSResponseDecoder.decodeCredentials(
            action: "AssumeRole", body: Array(stsSuccessXML(action: "AssumeRole").utf8), requestIDHeader: nil)
        #expect(result.credentials.accessKeyID == "ASIASTSRETURNED00001")
        #expect(result.credentials.secretAccessKey == Secrets.stsSecret)
        #expect(result.credentials.sessionToken == Secrets.stsToken)
        #expect(result.credentials.expiration == ISO8601Timestamp.parse("2027-01-15T08:00:00Z"))
        #expect(result.assumedRoleARN == "arn:aws:sts::111122223333:assumed-role/fleet/session")
        #expect(result.requestID == "c6104cbe-af31-11e0-8154-cbc7ccf896c7")
    }

    @Test func decodesMotosCompactDocumentWithMicroseconds() throws {
        let xml = #"<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleWithWebIdentityResult><Credentials><AccessKeyId>ASIARZPUZDIKNXNQU4G5</AccessKeyId><SecretAccessKey>SzaxUFEIGGNbBe2z3YFajlSQaYIdu1vRo/wCxFgS</SecretAccessKey><SessionToken>FQoGZXIvYXdzEBYaDrZhEdOf4FHX+8=</SessionToken><Expiration>2026-11-30T01:25:18.933640Z</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>ARO123EXAMPLE123:w</AssumedRoleId><Arn>arn:aws:sts::123456789012:assumed-role/r/w</Arn></AssumedRoleUser><PackedPolicySize>6</PackedPolicySize></AssumeRoleWithWebIdentityResult><ResponseMetadata><RequestId>oWTs2NQ27QPrVK0</RequestId></ResponseMetadata></AssumeRoleWithWebIdentityResponse>"#
        let result = try STSResponseDecoder.decodeCredentials(
            action: "AssumeRoleWithWebIdentity", body: Array(xml.utf8), requestIDHeader: nil)
        let expiration = try #require(result.credentials.expiration)
        #expect(abs(expiration.timeIntervalSince1970 - 1_796_001_918.933640) < 0.000_01)
        #expect(result.credentials.sessionToken == "FQoGZXIvYXdzEBYaDrZhEdOf4FHX+8=")
    }

    @Test func entitiesCDATACommentsAndPrefixesAreHandled() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- a comment -->
            <sts:AssumeRoleResponse xmlns:sts="https://sts.amazonaws.com/doc/2011-06-15/">
              <sts:AssumeRoleResult><Credentials>
                <AccessKeyId>ASIA&#65;&#x42;C</AccessKeyId>
                <SecretAccessKey><![CDATA[a<b>&c]]></SecretAccessKey>
                <SessionToken>x&amp;y&lt;z&gt;&quot;&apos;</SessionToken>
                <Expiration>2027-01-15T08:00:00+01:00</Expiration>
              </Credentials></sts:AssumeRoleResult>
            </sts:AssumeRoleResponse>
            """
        let result = try STSResponseDecoder.decodeCredentials(action: "AssumeRole", body: Array(xml.utf8), requestIDHeader: "hdr")
        #expect(result.credentials.accessKeyID == "ASIAABC")
        #expect(result.credentials.secretAccessKey == "a<b>&c")
        #expect(result.credentials.sessionToken == "x&y<z>\"'")
        #expect(result.credentials.expiration == ISO8601Timestamp.parse("2027-01-15T07:00:00Z"))
        #expect(result.requestID == "hdr")
    }

    static let missingFieldCases: [(String, String)] = [
        ("AccessKeyId", "<AccessKeyId>ASIASTSRETURNED00001</AccessKeyId>"),
        ("SecretAccessKey", "<SecretAccessKey>\(Secrets.stsSecret)</SecretAccessKey>"),
        ("SessionToken", "<SessionToken>\(Secrets.stsToken)</SessionToken>"),
        ("Expiration", "<Expiration>2027-01-15T08:00:00Z</Expiration>"),
    ]

    @Test(arguments: missingFieldCases)
    func missingFieldsAreInvalidResponses(field: String, element: String) {
        let xml = stsSuccessXML(action: "AssumeRole").replacingOccurrences(of: element, with: "")
        let error = #expect(throws: AWSCredentialsError.self) {
            try STSResponseDecoder.decodeCredentials(action: "AssumeRole", body: Array(xml.utf8), requestIDHeader: nil)
        }
        #expect(error?.code == .invalidResponse)
        #expect(error?.reason.contains(field) == true)
        #expect(Secrets.leaked(in: "\(String(describing: error))").isEmpty)
    }

    @Test(arguments: ["tomorrow", "2027-13-01T00:00:00Z", "2027-02-30T00:00:00Z", "2027-01-15T08:00:00", "2027-01-15T25:00:00Z", ""])
    func badExpirationsAreInvalidResponses(expiration: String) {
        let xml = stsSuccessXML(action: "AssumeRole", expiration: expiration)
        #expect(throws: AWSCredentialsError(code: .invalidResponse)) {
            try STSResponseDecoder.decodeCredentials(action: "AssumeRole", body: Array(xml.utf8), requestIDHeader: nil)
        }
    }

    @Test func aDocumentForAnotherActionIsRejected() {
        #expect(throws: AWSCredentialsError(code: .invalidResponse)) {
            try STSResponseDecoder.decodeCredentials(
                action: "AssumeRole", body: Array(stsSuccessXML(action: "GetSessionToken").utf8), requestIDHeader: nil)
        }
    }

    // MARK: Errors

    static let errorCodes: [(String, Int, AWSCredentialsError.Code)] = [
        ("SignatureDoesNotMatch", 403, .signatureDoesNotMatch),
        ("InvalidClientTokenId", 403, .unrecognizedAccessKey),
        ("AccessDenied", 403, .accessDenied),
        ("ExpiredToken", 400, .expiredToken),
        ("InvalidIdentityToken", 400, .invalidIdentityToken),
        ("Throttling", 400, .throttled),
        ("IDPCommunicationError", 400, .serviceError),
        ("MalformedPolicyDocument", 400, .serviceError),
        ("SomethingNew", 429, .throttled),
        ("InternalFailure", 500, .serviceError),
    ]

    @Test(arguments: errorCodes)
    func errorCodesMapToTypedCodes(awsCode: String, status: Int, expected: AWSCredentialsError.Code) {
        let error = STSResponseDecoder.decodeError(
            action: "AssumeRole", status: status, body: Array(stsErrorXML(code: awsCode, message: "why").utf8),
            requestIDHeader: "header-id", secrets: [])
        #expect(error.code == expected)
        #expect(error.awsErrorCode == awsCode)
        #expect(error.requestID == "4b2b8c9f-0000-4bfd-9a28-ERRORREQUEST", "the body's request ID wins over the header")
        #expect(error.httpStatus == status)
        #expect(error.reason.contains("why"))
    }

    @Test func retryability() {
        func error(_ awsCode: String, _ status: Int) -> AWSCredentialsError {
            STSResponseDecoder.decodeError(
                action: "AssumeRole", status: status, body: Array(stsErrorXML(code: awsCode, message: "m").utf8),
                requestIDHeader: nil, secrets: [])
        }
        #expect(error("Throttling", 400).isRetryable)
        #expect(error("IDPCommunicationError", 400).isRetryable)
        #expect(error("InternalFailure", 500).isRetryable)
        #expect(!error("SignatureDoesNotMatch", 403).isRetryable)
        #expect(!error("InvalidIdentityToken", 400).isRetryable)
        #expect(AWSCredentialsError(code: .transportFailed).isRetryable)
        #expect(!AWSCredentialsError(code: .invalidConfiguration).isRetryable)
    }

    @Test func motosErrorsWrapperAndHeaderRequestID() {
        let xml = #"<?xml version="1.0" encoding="utf-8"?>\#n<ErrorResponse><Errors><Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided.</Message><Type>Sender</Type></Error></Errors></ErrorResponse>"#
        let error = STSResponseDecoder.decodeError(
            action: "AssumeRole", status: 403, body: Array(xml.utf8), requestIDHeader: "moto-request", secrets: [])
        #expect(error.code == .signatureDoesNotMatch)
        #expect(error.requestID == "moto-request")
    }

    @Test func secretsEchoedInAnErrorMessageAreRemoved() {
        let message = "token \(Secrets.webIdentityToken) is not valid for key \(Secrets.secretKey)"
        let error = STSResponseDecoder.decodeError(
            action: "AssumeRoleWithWebIdentity", status: 400,
            body: Array(stsErrorXML(code: "InvalidIdentityToken", message: message).utf8), requestIDHeader: nil,
            secrets: [Secrets.webIdentityToken, Secrets.secretKey])
        #expect(Secrets.leaked(in: error.description).isEmpty, "\(error)")
        #expect(error.description.contains("<redacted>"))
    }

    @Test func overlongMessagesAreDroppedWholeNotCut() {
        let message = String(repeating: "x", count: 5000) + Secrets.webIdentityToken
        let error = STSResponseDecoder.decodeError(
            action: "AssumeRoleWithWebIdentity", status: 400,
            body: Array(stsErrorXML(code: "InvalidIdentityToken", message: message).utf8), requestIDHeader: nil, secrets: [])
        #expect(!error.description.contains("xxxx"))
        #expect(!error.description.contains("WEBIDENTITY"))
        #expect(error.description.contains("omitted"))
    }

    @Test func nonXMLErrorBodiesKeepTheStatus() {
        for (status, code) in [(503, AWSCredentialsError.Code.serviceError), (429, .throttled), (400, .invalidResponse)] {
            let error = STSResponseDecoder.decodeError(
                action: "AssumeRole", status: status, body: Array("<html>proxy error</html>".utf8), requestIDHeader: nil, secrets: [])
            #expect(error.code == code)
            #expect(error.httpStatus == status)
            #expect(error.awsErrorCode == nil)
        }
    }

    // MARK: Hostile XML

    static let malformedDocuments: [String] = [
        "", "   ", "text", "<", "<a", "<a>", "<a></b>", "<a><b></a></b>", "<a></a><b></b>", "<a>&unknown;</a>",
        "<a>&#0;</a>", "<a>&#xD800;</a>", "<a>&#99999999999;</a>", "<a>&amp</a>", "<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>",
        "<a><![CDATA[unterminated</a>", "<a><!-- unterminated</a>", "<?xml unterminated", "<a b></a>", "<a b=c></a>",
        "<a b=\"c></a>", "<a b=\"<\"></a>", "<a/ >", "<1a></1a>", "</a>", "<a>]]></a>", "<a x=\"1\"y=\"2\"></a>",
    ]

    @Test(arguments: malformedDocuments)
    func malformedDocumentsAreRejected(document: String) {
        #expect(throws: AWSCredentialsError(code: .invalidResponse)) { try BoundedXMLParser.parse(Array(document.utf8)) }
    }

    @Test func everyPrefixOfAValidDocumentFailsCleanly() {
        let bytes = Array(stsSuccessXML(action: "AssumeRole").utf8)
        for length in 0..<bytes.count {
            let prefix = Array(bytes[0..<length])
            #expect(throws: AWSCredentialsError.self) { try BoundedXMLParser.parse(prefix) }
        }
        #expect(throws: Never.self) { try BoundedXMLParser.parse(bytes) }
    }

    @Test func limitsAreEnforced() throws {
        let deep = String(repeating: "<a>", count: 40) + String(repeating: "</a>", count: 40)
        #expect(throws: AWSCredentialsError(code: .invalidResponse)) { try BoundedXMLParser.parse(Array(deep.utf8)) }
        let shallow = String(repeating: "<a>", count: 30) + String(repeating: "</a>", count: 30)
        _ = try BoundedXMLParser.parse(Array(shallow.utf8))

        let wide = "<r>" + String(repeating: "<a/>", count: 20_000) + "</r>"
        #expect(throws: AWSCredentialsError(code: .invalidResponse)) { try BoundedXMLParser.parse(Array(wide.utf8)) }

        let big = [UInt8](repeating: UInt8(ascii: "a"), count: (1 << 20) + 1)
        #expect(throws: AWSCredentialsError(code: .invalidResponse)) { try BoundedXMLParser.parse(big) }
    }

    @Test func hostileInputsFinishQuickly() {
        let inputs: [[UInt8]] = [
            Array(("<a>" + String(repeating: "&amp;", count: 200_000) + "</a>").utf8),
            Array(("<a>" + String(repeating: "<!-- - -->", count: 50_000) + "</a>").utf8),
            Array(("<a " + String(repeating: "x=\"1\" ", count: 100_000) + "></a>").utf8),
            Array(("<a>" + String(repeating: "]", count: 500_000) + "</a>").utf8),
            Array(("<a><![CDATA[" + String(repeating: "]]", count: 400_000)).utf8),
        ]
        let clock = ContinuousClock()
        for input in inputs {
            let elapsed = clock.measure { _ = try? BoundedXMLParser.parse(input) }
            #expect(elapsed < TestTimeLimits.scaled(.seconds(5)), "\(input.count) bytes took \(elapsed)")
        }
    }

    @Test func errorMessagesNeverQuoteTheDocument() {
        let document = "<a>\(Secrets.stsSecret)</b>"
        let error = #expect(throws: AWSCredentialsError.self) { try BoundedXMLParser.parse(Array(document.utf8)) }
        #expect(!"\(String(describing: error))".contains(Secrets.stsSecret))
    }

    // MARK: Timestamps

    @Test(arguments: [
        ("1970-01-01T00:00:00Z", 0.0), ("2019-11-09T13:34:41Z", 1_573_306_481), ("2000-02-29T00:00:00Z", 951_782_400),
        ("2019-11-09T13:34:41.5Z", 1_573_306_481.5), ("2019-11-09t13:34:41z", 1_573_306_481),
        ("2019-11-09T14:34:41+01:00", 1_573_306_481), ("2019-11-09T12:04:41-01:30", 1_573_306_481),
    ])
    func timestamps(text: String, seconds: Double) throws {
        let date = try #require(ISO8601Timestamp.parse(text))
        #expect(abs(date.timeIntervalSince1970 - seconds) < 0.000_1)
    }

    @Test(arguments: ["2019-11-09", "2019-11-09T13:34Z", "2019-02-29T00:00:00Z", "2019-11-09T13:34:41.Z", "2019-11-09T13:34:41+0100", "x2019-11-09T13:34:41Z", "2019-11-09T13:34:41Z "])
    func invalidTimestamps(text: String) {
        #expect(ISO8601Timestamp.parse(text) == nil)
    }
}
