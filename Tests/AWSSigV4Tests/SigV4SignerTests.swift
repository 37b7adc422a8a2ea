import AWSSigV4
import Foundation
import HTTPTypes
import Testing

/// Behaviour beyond the aws-c-auth suite. Expected signatures marked "botocore" come from
/// `scripts/sigv4-botocore-examples.py` (botocore 1.43.11).
struct SigV4SignerTests {
    static let credentials = AWSCredentials(
        accessKeyID: "AKIAIOSFODNN7EXAMPLE",
        secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    )
    static let temporaryCredentials = AWSCredentials(
        accessKeyID: "ASIAIOSFODNN7EXAMPLE",
        secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        sessionToken: "FwoGZXIvYXdzEJr//////////wEaDEXAMPLETOKEN+/="
    )
    /// 2026-11-29T12:00:00Z
    static let date = Date(timeIntervalSince1970: 1_795_953_600)

    static func ecrRequest() -> HTTPRequest {
        var request = HTTPRequest(method: .post, scheme: "https", authority: "api.ecr.eu-central-1.amazonaws.com", path: "/")
        request.headerFields[.contentType] = "application/x-amz-json-1.1"
        request.headerFields[.xAmzTarget] = "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken"
        return request
    }

    static func path(_ path: String, authority: String = "example.amazonaws.com") -> HTTPRequest {
        HTTPRequest(method: .get, scheme: "https", authority: authority, path: path)
    }

    @Test func signsTheECRRequestAsBotocoreDoes() throws {
        let signer = SigV4Signer(service: "ecr", region: "eu-central-1")
        let signed = try signer.sign(
            Self.ecrRequest(), payload: .bytes(Array("{}".utf8)), credentials: Self.credentials, date: Self.date)
        #expect(
            signed.headerFields[.authorization]
                == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261129/eu-central-1/ecr/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
                + "Signature=8a113f40ff14ef3cfa6c8acb3f7b45b1106f2709c8fef894c4bd359d65c39207"
        )
        #expect(signed.headerFields[.xAmzDate] == "20261129T120000Z")
        #expect(signed.headerFields[.xAmzSecurityToken] == nil)
        // The request's own fields are untouched and come first.
        #expect(signed.headerFields[.contentType] == "application/x-amz-json-1.1")
        #expect(signed.authority == "api.ecr.eu-central-1.amazonaws.com")
        #expect(signed.path == "/")
    }

    @Test func signsTheSessionTokenAsBotocoreDoes() throws {
        let signer = SigV4Signer(service: "ecr", region: "eu-central-1")
        let signed = try signer.sign(
            Self.ecrRequest(), payload: .bytes(Array("{}".utf8)), credentials: Self.temporaryCredentials, date: Self.date)
        #expect(signed.headerFields[.xAmzSecurityToken] == "FwoGZXIvYXdzEJr//////////wEaDEXAMPLETOKEN+/=")
        #expect(
            signed.headerFields[.authorization]
                == "AWS4-HMAC-SHA256 Credential=ASIAIOSFODNN7EXAMPLE/20261129/eu-central-1/ecr/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, "
                + "Signature=4eba286181f2ba35a410263e16744507c731f6a5e349f5efbde3053c3af8387f"
        )
    }

    @Test func signsInS3ModeAsBotocoreDoes() throws {
        let signer = SigV4Signer(service: "s3", region: "eu-central-1", options: .s3)
        let request = Self.path("/my%20key/a%2Fb~c/./x", authority: "bucket.s3.eu-central-1.amazonaws.com")
        let signed = try signer.sign(request, payload: .empty, credentials: Self.credentials, date: Self.date)
        #expect(
            signed.headerFields[.authorization]
                == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261129/eu-central-1/s3/aws4_request, "
                + "SignedHeaders=host;x-amz-content-sha256;x-amz-date, "
                + "Signature=36b26193316a52ce73f7c408cbf99a0d47c053d98c0c09f944261ea1a7972c62"
        )
        #expect(signed.headerFields[.xAmzContentSHA256] == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func presignsWithASessionTokenAsBotocoreDoes() throws {
        let signer = SigV4Signer(service: "sts", region: "us-east-1")
        let request = Self.path("/?Action=GetCallerIdentity&Version=2011-06-15", authority: "sts.amazonaws.com")
        let presigned = try signer.presign(
            request, payload: .empty, credentials: Self.temporaryCredentials, date: Self.date, expires: 900)
        #expect(
            presigned.path
                == "/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=ASIAIOSFODNN7EXAMPLE%2F20261129%2Fus-east-1%2Fsts%2Faws4_request"
                + "&X-Amz-Date=20261129T120000Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host"
                + "&X-Amz-Security-Token=FwoGZXIvYXdzEJr%2F%2F%2F%2F%2F%2F%2F%2F%2F%2FwEaDEXAMPLETOKEN%2B%2F%3D"
                + "&X-Amz-Signature=5eb803e61492c702456c4db165106545e4d8aff1e16ef559fe269eeee9c79e31"
        )
    }

    @Test func signingAgainReplacesTheOldSignature() throws {
        let signer = SigV4Signer(service: "ecr", region: "eu-central-1")
        let payload = SigV4Payload.bytes(Array("{}".utf8))
        let once = try signer.sign(Self.ecrRequest(), payload: payload, credentials: Self.temporaryCredentials, date: Self.date)
        let twice = try signer.sign(once, payload: payload, credentials: Self.temporaryCredentials, date: Self.date)
        #expect(twice == once)
        // Re-signing with long-term credentials drops the stale token.
        let withoutToken = try signer.sign(once, payload: payload, credentials: Self.credentials, date: Self.date)
        #expect(withoutToken.headerFields[.xAmzSecurityToken] == nil)
        #expect(withoutToken.headerFields[values: .authorization].count == 1)
        #expect(withoutToken.headerFields[values: .xAmzDate].count == 1)
    }

    @Test func presigningAgainReplacesTheOldParameters() throws {
        let signer = SigV4Signer(service: "sts", region: "us-east-1")
        let request = Self.path("/?Action=GetCallerIdentity&Version=2011-06-15", authority: "sts.amazonaws.com")
        let once = try signer.presign(request, payload: .empty, credentials: Self.temporaryCredentials, date: Self.date, expires: 900)
        let twice = try signer.presign(once, payload: .empty, credentials: Self.temporaryCredentials, date: Self.date, expires: 900)
        #expect(twice.path == once.path)
    }

    @Test func omittedSessionTokenIsSentButNotSigned() throws {
        var options = SigV4Signer.Options()
        options.omitSessionToken = true
        let signer = SigV4Signer(service: "iotdevicegateway", region: "eu-central-1", options: options)
        let request = Self.path("/mqtt", authority: "example.iot.eu-central-1.amazonaws.com")
        let signed = try signer.sign(request, payload: .empty, credentials: Self.temporaryCredentials, date: Self.date)
        #expect(signed.headerFields[.xAmzSecurityToken] == Self.temporaryCredentials.sessionToken)
        let signature = try signer.signature(for: request, payload: .empty, credentials: Self.temporaryCredentials, date: Self.date)
        #expect(signature.signedHeaders == "host;x-amz-date")

        let presigned = try signer.presign(request, payload: .empty, credentials: Self.temporaryCredentials, date: Self.date, expires: 60)
        let path = try #require(presigned.path)
        let signatureRange = try #require(path.range(of: "X-Amz-Signature="))
        let tokenRange = try #require(path.range(of: "X-Amz-Security-Token="))
        #expect(tokenRange.lowerBound > signatureRange.lowerBound)
    }

    @Test func unsignedHeadersAreSentButNotSigned() throws {
        var options = SigV4Signer.Options()
        options.unsignedHeaders = SigV4Signer.Options.awsSDKUnsignedHeaders
        let signer = SigV4Signer(service: "ecr", region: "eu-central-1", options: options)
        var request = Self.ecrRequest()
        request.headerFields[.userAgent] = "swift-ecr-fleet-auth/0.1"
        request.headerFields[.xAmznTraceID] = "Root=1-5759e988-bd862e3fe1be46a994272793"
        let signed = try signer.sign(request, payload: .bytes(Array("{}".utf8)), credentials: Self.credentials, date: Self.date)
        #expect(signed.headerFields[.userAgent] == "swift-ecr-fleet-auth/0.1")
        // Same signature as without those headers (botocore's, above).
        #expect(signed.headerFields[.authorization]?.hasSuffix("8a113f40ff14ef3cfa6c8acb3f7b45b1106f2709c8fef894c4bd359d65c39207") == true)
    }

    @Test func contentSHA256HeaderCarriesThePayloadHash() throws {
        var options = SigV4Signer.Options()
        options.addContentSHA256Header = true
        let signer = SigV4Signer(service: "s3", region: "us-east-1", options: options)
        let request = Self.path("/object", authority: "bucket.s3.amazonaws.com")
        let unsigned = try signer.sign(request, payload: .unsigned, credentials: Self.credentials, date: Self.date)
        #expect(unsigned.headerFields[.xAmzContentSHA256] == "UNSIGNED-PAYLOAD")
        let signature = try signer.signature(for: request, payload: .unsigned, credentials: Self.credentials, date: Self.date)
        #expect(signature.canonicalRequest.hasSuffix("\nhost;x-amz-content-sha256;x-amz-date\nUNSIGNED-PAYLOAD"))
    }

    @Test func precomputedHashEqualsHashingTheBytes() throws {
        let signer = SigV4Signer(service: "ecr", region: "eu-central-1")
        let body = Array("{}".utf8)
        let hashed = try signer.signature(for: Self.ecrRequest(), payload: .bytes(body), credentials: Self.credentials, date: Self.date)
        let given = try signer.signature(
            for: Self.ecrRequest(),
            payload: .precomputedSHA256(hex: "44136FA355B3678A1146AD16F7E8649E94FB4FC21FE77E8310C060F61CAAFF8A"),
            credentials: Self.credentials, date: Self.date)
        #expect(given == hashed)
    }

    @Test func clockOffsetShiftsTheSigningTime() throws {
        var options = SigV4Signer.Options()
        options.clockOffset = -3600 * 13  // the server is 13 hours behind: the previous day
        let signer = SigV4Signer(service: "ecr", region: "eu-central-1", options: options)
        let signed = try signer.sign(Self.ecrRequest(), payload: .empty, credentials: Self.credentials, date: Self.date)
        #expect(signed.headerFields[.xAmzDate] == "20261128T230000Z")
        #expect(signed.headerFields[.authorization]?.contains("/20261128/eu-central-1/ecr/aws4_request") == true)
    }

    @Test func hostMayComeFromAHostHeaderField() throws {
        let signer = SigV4Signer(service: "service", region: "us-east-1")
        let byAuthority = try signer.signature(for: Self.path("/"), payload: .empty, credentials: Self.credentials, date: Self.date)
        var request = HTTPRequest(method: .get, scheme: "https", authority: nil, path: "/")
        request.headerFields[try #require(HTTPField.Name("Host"))] = "example.amazonaws.com"
        let byField = try signer.signature(for: request, payload: .empty, credentials: Self.credentials, date: Self.date)
        #expect(byField == byAuthority)
    }

    @Test(arguments: [
        // (path, normalized canonical URI)
        ("", "/"),
        ("/", "/"),
        ("/a/b/..", "/a/"),
        ("/a/b/../", "/a/"),
        ("/a/.", "/a/"),
        ("/../a", "/a"),
        ("/a/../../b", "/b"),
        ("//a///b//", "/a/b/"),
        ("/a/./b/../c", "/a/c"),
        ("/.../a", "/.../a"),
        ("/..a/b.", "/..a/b."),
        ("/%2E%2E/a", "/%252E%252E/a"),
        ("/a b/ü", "/a%20b/%C3%BC"),
        ("/x?q=1", "/x"),
    ])
    func normalizesAndDoubleEncodesPaths(path: String, expected: String) throws {
        let signer = SigV4Signer(service: "service", region: "us-east-1")
        let signature = try signer.signature(for: Self.path(path), payload: .empty, credentials: Self.credentials, date: Self.date)
        #expect(signature.canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false)[1] == Substring(expected))
    }

    @Test(arguments: [
        // (path, S3 canonical URI): no normalization, escapes re-encoded once in canonical form.
        ("/my%20key", "/my%20key"),
        ("/a%2fb", "/a%2Fb"),
        ("/%7e%41", "/~A"),
        ("/a b+c", "/a%20b%2Bc"),
        ("/a/./b//c/..", "/a/./b//c/.."),
        ("", "/"),
    ])
    func encodesS3PathsOnce(path: String, expected: String) throws {
        let signer = SigV4Signer(service: "s3", region: "us-east-1", options: .s3)
        let signature = try signer.signature(for: Self.path(path), payload: .unsigned, credentials: Self.credentials, date: Self.date)
        #expect(signature.canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false)[1] == Substring(expected))
    }

    @Test(arguments: [
        // (query, canonical query)
        ("b=2&a=1", "a=1&b=2"),
        ("a=2&a=10&a=1", "a=1&a=10&a=2"),
        ("flag&a=", "a=&flag="),
        ("a&&b", "a=&b="),
        ("k=a+b", "k=a%2Bb"),
        ("k=%7e%2f%20", "k=~%2F%20"),
        ("k=x=y", "k=x%3Dy"),
        ("Z=1&a=1&_=1", "Z=1&_=1&a=1"),
        ("%E1%88%B4=1&a=1", "%E1%88%B4=1&a=1"),
        ("", ""),
    ])
    func canonicalizesQueries(query: String, expected: String) throws {
        let signer = SigV4Signer(service: "service", region: "us-east-1")
        let signature = try signer.signature(
            for: Self.path("/?" + query), payload: .empty, credentials: Self.credentials, date: Self.date)
        #expect(signature.canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false)[2] == Substring(expected))
    }

    @Test func canonicalizesHeaderValues() throws {
        let signer = SigV4Signer(service: "service", region: "us-east-1")
        var request = Self.path("/")
        let name = try #require(HTTPField.Name("X-Test"))
        request.headerFields.append(HTTPField(name: name, lenientValue: Array("  a \t\t b   c  ".utf8)))
        request.headerFields.append(HTTPField(name: name, value: "second"))
        let signature = try signer.signature(for: request, payload: .empty, credentials: Self.credentials, date: Self.date)
        #expect(signature.canonicalRequest.contains("\nx-test:a b c,second\n"))
    }
}
