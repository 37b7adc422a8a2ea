import AWSSigV4
import Foundation
import HTTPTypes
import Testing

/// The aws-c-auth `v4` suite: 38 cases, each signed in the header and in the query string, and
/// compared byte for byte (canonical request, string to sign, signature).
struct SigV4SuiteTests {
    @Test func suiteHasAllCases() {
        #expect(SigV4TestCase.all.count == 38)
    }

    @Test("header signing", arguments: SigV4TestCase.all)
    func headerSigning(_ testCase: SigV4TestCase) throws {
        let expected = try #require(testCase.expected[.header])
        let signer = testCase.signer(for: .header)
        let signature = try signer.signature(
            for: testCase.request, payload: testCase.payload, credentials: testCase.credentials, date: testCase.date)
        #expect(signature.canonicalRequest == expected.canonicalRequest)
        #expect(signature.stringToSign == expected.stringToSign)
        #expect(signature.signature == expected.signature)

        // sign() puts the same signature into the Authorization header.
        let signed = try signer.sign(
            testCase.request, payload: testCase.payload, credentials: testCase.credentials, date: testCase.date)
        let authorization = try #require(signed.headerFields[.authorization])
        #expect(authorization.hasSuffix("Signature=\(expected.signature)"))
        #expect(authorization.contains("SignedHeaders=\(signature.signedHeaders),"))
        #expect(signed.headerFields[.xAmzDate] == "20150830T123600Z")
        #expect(signed.headerFields[.xAmzSecurityToken] == testCase.context.credentials.token)
    }

    @Test("query signing (presigned URL)", arguments: SigV4TestCase.all)
    func querySigning(_ testCase: SigV4TestCase) throws {
        let expected = try #require(testCase.expected[.query])
        let signer = testCase.signer(for: .query)
        let expires = testCase.context.expiration_in_seconds
        let signature = try signer.signature(
            for: testCase.request, payload: testCase.payload, credentials: testCase.credentials, date: testCase.date,
            presignExpires: expires)
        #expect(signature.canonicalRequest == expected.canonicalRequest)
        #expect(signature.stringToSign == expected.stringToSign)
        #expect(signature.signature == expected.signature)

        let presigned = try signer.presign(
            testCase.request, payload: testCase.payload, credentials: testCase.credentials, date: testCase.date,
            expires: expires)
        let path = try #require(presigned.path)
        #expect(path.contains("X-Amz-Signature=\(expected.signature)"))
        #expect(path.contains("X-Amz-Expires=\(expires)"))
        #expect(presigned.headerFields == testCase.request.headerFields)
    }
}
