import Logging
import Synchronization
import AWSCredentialProviders
import AWSSigV4
import AuthTransport
import Foundation
import HTTPTypes
import Testing

/// The web identity and assume-role providers against a scripted STS.
struct STSProviderTests {
    static let roleARN = "arn:aws:iam::111122223333:role/fleet"
    static let tokenPath = "/var/run/secrets/eks.amazonaws.com/serviceaccount/token"

    static func irsaEnvironment(_ extra: [String: String] = [:], token: String = Secrets.webIdentityToken, clock: TestClock = TestClock()) -> AWSEnvironment {
        var variables = ["AWS_ROLE_ARN": roleARN, "AWS_WEB_IDENTITY_TOKEN_FILE": tokenPath, "AWS_REGION": "eu-central-1"]
        variables.merge(extra) { $1 }
        return AWSEnvironment(variables: variables, fileSystem: AWSInMemoryFileSystem([tokenPath: token + "\n"]), now: clock.closure)
    }

    static func stsAnswering(_ action: String) -> ScriptedTransport {
        ScriptedTransport(status: .ok, body: stsSuccessXML(action: action))
    }

    // MARK: Web identity

    @Test func webIdentityRequestIsAnUnsignedQueryProtocolPost() async throws {
        let transport = Self.stsAnswering("AssumeRoleWithWebIdentity")
        let clock = TestClock(Date(timeIntervalSince1970: 1_800_000_000.25))
        let provider = try #require(
            try WebIdentityCredentialsProvider.fromEnvironment(Self.irsaEnvironment(clock: clock), transport: transport))
        let credentials = try await provider.credentials()
        #expect(credentials.accessKeyID == "ASIASTSRETURNED00001")
        #expect(credentials.sessionToken == Secrets.stsToken)

        let exchange = try #require(transport.exchanges.first)
        #expect(exchange.request.method == .post)
        #expect(exchange.request.scheme == "https")
        #expect(exchange.request.authority == "sts.eu-central-1.amazonaws.com")
        #expect(exchange.request.path == "/")
        #expect(exchange.request.headerFields[.contentType] == "application/x-www-form-urlencoded; charset=utf-8")
        #expect(exchange.request.headerFields[.authorization] == nil, "AssumeRoleWithWebIdentity is not signed")
        let fields = formFields(exchange.bodyText)
        #expect(fields == [
            "Action": "AssumeRoleWithWebIdentity", "Version": "2011-06-15", "RoleArn": Self.roleARN,
            "RoleSessionName": "swift-ecr-fleet-auth-1800000000250", "WebIdentityToken": Secrets.webIdentityToken,
        ])
        #expect(exchange.bodyText.hasPrefix("Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Ffleet&"))
    }

    @Test func sessionNameDurationAndPolicyAreSent() async throws {
        let transport = Self.stsAnswering("AssumeRoleWithWebIdentity")
        let provider = WebIdentityCredentialsProvider(
            roleARN: Self.roleARN, tokenFile: Self.tokenPath, sessionName: "op@fleet", durationSeconds: 3600,
            policy: #"{"Version":"2012-10-17"}"#, sts: STSEndpointConfiguration(region: "us-west-2"), transport: transport,
            environment: Self.irsaEnvironment())
        _ = try await provider.credentials()
        let fields = formFields(try #require(transport.exchanges.first).bodyText)
        #expect(fields["RoleSessionName"] == "op@fleet")
        #expect(fields["DurationSeconds"] == "3600")
        #expect(fields["Policy"] == #"{"Version":"2012-10-17"}"#)
    }

    @Test func theTokenFileIsReadAgainForEveryCall() async throws {
        let seenTokens = ScriptedTransport { _, body in
            (HTTPResponse(status: .ok), Array(stsSuccessXML(action: "AssumeRoleWithWebIdentity").utf8))
        }
        var environment = Self.irsaEnvironment(token: "first.token.value")
        let first = WebIdentityCredentialsProvider(
            roleARN: Self.roleARN, tokenFile: Self.tokenPath, sts: .init(region: "eu-central-1"), transport: seenTokens,
            environment: environment)
        _ = try await first.credentials()
        // The kubelet rotates the projected token in place.
        environment.fileSystem = AWSInMemoryFileSystem([Self.tokenPath: "rotated.token.value"])
        var second = first
        second.environment = environment
        _ = try await second.credentials()
        let tokens = seenTokens.exchanges.map { formFields($0.bodyText)["WebIdentityToken"] }
        #expect(tokens == ["first.token.value", "rotated.token.value"])
    }

    @Test func badConfigurationIsTypedAndSendsNothing() async throws {
        let transport = Self.stsAnswering("AssumeRoleWithWebIdentity")
        #expect(throws: AWSCredentialsError(code: .invalidConfiguration)) {
            try WebIdentityCredentialsProvider.fromEnvironment(
                AWSEnvironment(variables: ["AWS_WEB_IDENTITY_TOKEN_FILE": "/t"]), transport: transport)
        }
        #expect(try WebIdentityCredentialsProvider.fromEnvironment(AWSEnvironment(variables: ["AWS_ROLE_ARN": Self.roleARN]), transport: transport) == nil)
        #expect(try WebIdentityCredentialsProvider.fromEnvironment(AWSEnvironment(), transport: transport) == nil)

        let cases: [(WebIdentityCredentialsProvider, AWSCredentialsError.Code)] = [
            (.init(roleARN: Self.roleARN, tokenFile: "/missing", sts: .init(), transport: transport, environment: Self.irsaEnvironment()), .fileUnreadable),
            (.init(roleARN: Self.roleARN, tokenFile: Self.tokenPath, sts: .init(), transport: transport,
                   environment: Self.irsaEnvironment(token: "  ")), .invalidConfiguration),
            (.init(roleARN: "not-an-arn", tokenFile: Self.tokenPath, sts: .init(), transport: transport, environment: Self.irsaEnvironment()), .invalidConfiguration),
            (.init(roleARN: Self.roleARN, tokenFile: Self.tokenPath, sessionName: "has space", sts: .init(), transport: transport,
                   environment: Self.irsaEnvironment()), .invalidConfiguration),
            (.init(roleARN: Self.roleARN, tokenFile: Self.tokenPath, sessionName: String(repeating: "a", count: 65), sts: .init(),
                   transport: transport, environment: Self.irsaEnvironment()), .invalidConfiguration),
            (.init(roleARN: Self.roleARN, tokenFile: Self.tokenPath, durationSeconds: 899, sts: .init(), transport: transport,
                   environment: Self.irsaEnvironment()), .invalidConfiguration),
            (.init(roleARN: Self.roleARN, tokenFile: Self.tokenPath, sts: .init(region: "EU_WEST"), transport: transport,
                   environment: Self.irsaEnvironment()), .invalidConfiguration),
        ]
        for (provider, code) in cases {
            let error = await #expect(throws: AWSCredentialsError.self) { try await provider.credentials() }
            #expect(error?.code == code, "\(String(describing: error))")
        }
        #expect(transport.requestCount == 0)

        let oversized = WebIdentityCredentialsProvider(
            roleARN: Self.roleARN, tokenFile: "/big", sts: .init(), transport: transport,
            environment: AWSEnvironment(fileSystem: AWSInMemoryFileSystem(["/big": String(repeating: "x", count: 70_000)])))
        await #expect(throws: AWSCredentialsError(code: .fileUnreadable)) { try await oversized.credentials() }
    }

    @Test func stsRejectionsAreTypedAndNeverCarryTheToken() async throws {
        let transport = ScriptedTransport(
            status: .badRequest,
            body: stsErrorXML(code: "InvalidIdentityToken", message: "Incorrect token audience for \(Secrets.webIdentityToken)"))
        let provider = try #require(try WebIdentityCredentialsProvider.fromEnvironment(Self.irsaEnvironment(), transport: transport))
        let error = try await #require(throws: AWSCredentialsError.self) { try await provider.credentials() }
        #expect(error.code == .invalidIdentityToken)
        #expect(error.awsErrorCode == "InvalidIdentityToken")
        #expect(error.requestID == "4b2b8c9f-0000-4bfd-9a28-ERRORREQUEST")
        #expect(Secrets.leaked(in: "\(error)").isEmpty, "\(error)")
        #expect("\(error)".contains("Incorrect token audience"))
    }

    @Test func transportFailuresAndCancellation() async throws {
        let failing = ScriptedTransport { _, _ in throw HTTPTransportError(code: .connectionFailed, reason: "refused") }
        let provider = try #require(try WebIdentityCredentialsProvider.fromEnvironment(Self.irsaEnvironment(), transport: failing))
        let error = try await #require(throws: AWSCredentialsError.self) { try await provider.credentials() }
        #expect(error.code == .transportFailed)
        #expect(error.underlying is HTTPTransportError)

        let cancelledTransport = ScriptedTransport { _, _ in throw HTTPTransportError(code: .cancelled) }
        let cancelled = try #require(try WebIdentityCredentialsProvider.fromEnvironment(Self.irsaEnvironment(), transport: cancelledTransport))
        await #expect(throws: CancellationError.self) { try await cancelled.credentials() }

        let slow = ScriptedTransport { _, _ in
            try await Task.sleep(for: .seconds(60))
            return (HTTPResponse(status: .ok), [])
        }
        let slowProvider = try #require(try WebIdentityCredentialsProvider.fromEnvironment(Self.irsaEnvironment(), transport: slow))
        let task = Task { try await slowProvider.credentials() }
        try await Task.sleep(for: .milliseconds(50))
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
    }

    @Test func invalidResponsesAreTyped() async throws {
        for body in ["", "not xml", "<AssumeRoleWithWebIdentityResponse/>", stsSuccessXML(action: "AssumeRole")] {
            let provider = try #require(
                try WebIdentityCredentialsProvider.fromEnvironment(Self.irsaEnvironment(), transport: ScriptedTransport(status: .ok, body: body)))
            await #expect(throws: AWSCredentialsError(code: .invalidResponse)) { try await provider.credentials() }
        }
    }

    // MARK: Assume role

    @Test func assumeRoleIsSignedWithTheSourceCredentials() async throws {
        let transport = Self.stsAnswering("AssumeRole")
        let clock = TestClock(Date(timeIntervalSince1970: 1_800_000_000))
        let source = AWSCredentials(
            accessKeyID: "ASIASOURCEKEY0000001", secretAccessKey: Secrets.secretKey, sessionToken: Secrets.sessionToken)
        let provider = AssumeRoleCredentialsProvider(
            roleARN: "arn:aws:iam::444455556666:role/registry-reader", sessionName: "fleet", externalID: "fleet-prod",
            durationSeconds: 1800, source: StaticCredentialsProvider(source), sts: STSEndpointConfiguration(region: "eu-west-1"),
            transport: transport, environment: AWSEnvironment(now: clock.closure))
        let credentials = try await provider.credentials()
        #expect(credentials.secretAccessKey == Secrets.stsSecret)

        let exchange = try #require(transport.exchanges.first)
        #expect(exchange.request.authority == "sts.eu-west-1.amazonaws.com")
        let authorization = try #require(exchange.request.headerFields[.authorization])
        #expect(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=ASIASOURCEKEY0000001/20270115/eu-west-1/sts/aws4_request"))
        #expect(authorization.contains("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token"))
        #expect(exchange.request.headerFields[.xAmzSecurityToken] == Secrets.sessionToken)
        #expect(exchange.request.headerFields[.xAmzDate] == "20270115T080000Z")
        #expect(formFields(exchange.bodyText) == [
            "Action": "AssumeRole", "Version": "2011-06-15", "RoleArn": "arn:aws:iam::444455556666:role/registry-reader",
            "RoleSessionName": "fleet", "ExternalId": "fleet-prod", "DurationSeconds": "1800",
        ])

        // The signature is the one SigV4Signer computes for exactly this request.
        var unsigned = HTTPRequest(method: .post, scheme: "https", authority: "sts.eu-west-1.amazonaws.com", path: "/")
        unsigned.headerFields[.contentType] = "application/x-www-form-urlencoded; charset=utf-8"
        let expected = try SigV4Signer(service: "sts", region: "eu-west-1")
            .sign(unsigned, payload: .bytes(try #require(exchange.body)), credentials: source, date: clock.now)
        #expect(expected.headerFields[.authorization] == authorization)
    }

    @Test func assumeRoleValidatesBeforeCallingAnything() async throws {
        let transport = Self.stsAnswering("AssumeRole")
        let counting = CountingProvider(AWSCredentials(accessKeyID: "AKID", secretAccessKey: Secrets.secretKey))
        for (externalID, duration) in [("x", 3600), ("has space", 3600), ("ok-id", 100), ("ok-id", 50_000)] {
            let provider = AssumeRoleCredentialsProvider(
                roleARN: Self.roleARN, externalID: externalID, durationSeconds: duration, source: counting,
                sts: .init(region: "us-east-1"), transport: transport)
            let error = await #expect(throws: AWSCredentialsError.self) { try await provider.credentials() }
            #expect(error?.code == .invalidConfiguration)
            #expect(!"\(String(describing: error))".contains("has space"), "the external ID is never echoed")
        }
        #expect(counting.calls == 0)
        #expect(transport.requestCount == 0)
    }

    @Test func assumeRoleSurfacesSourceErrorsAndSignatureErrors() async throws {
        let failingSource = AssumeRoleCredentialsProvider(
            roleARN: Self.roleARN, source: EnvironmentCredentialsProvider(environment: AWSEnvironment()),
            sts: .init(region: "us-east-1"), transport: Self.stsAnswering("AssumeRole"))
        await #expect(throws: AWSCredentialsError(code: .credentialsNotFound)) { try await failingSource.credentials() }

        let rejecting = ScriptedTransport(
            status: .forbidden,
            body: stsErrorXML(code: "SignatureDoesNotMatch", message: "The request signature we calculated does not match"))
        let provider = AssumeRoleCredentialsProvider(
            roleARN: Self.roleARN,
            source: StaticCredentialsProvider(AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: Secrets.secretKey)),
            sts: .init(region: "us-east-1"), transport: rejecting)
        let error = try await #require(throws: AWSCredentialsError.self) { try await provider.credentials() }
        #expect(error.code == .signatureDoesNotMatch)
        #expect(error.httpStatus == 403)
        #expect(Secrets.leaked(in: "\(error)").isEmpty)
    }

    @Test func identitiesNameTheRoleNotTheSecret() {
        let transport = Self.stsAnswering("AssumeRole")
        let source = StaticCredentialsProvider(AWSCredentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: Secrets.secretKey))
        let provider = AssumeRoleCredentialsProvider(roleARN: Self.roleARN, source: source, sts: .init(), transport: transport)
        #expect(provider.identity.source == "assumeRole")
        #expect(provider.identity.principal == "\(Self.roleARN) via static(AKIAIOSFODNN7EXAMPLE)")
        #expect(provider.identity.description == "assumeRole(\(Self.roleARN) via static(AKIA…MPLE))")
        #expect(source.identity == AWSCredentialsIdentity(source: "static", principal: "AKIAIOSFODNN7EXAMPLE"))
        #expect(!"\(provider.identity)".contains(Secrets.secretKey))
    }
}

/// Returns fixed credentials and counts calls.
final class CountingProvider: AWSCredentialsProvider, Sendable {
    let value: AWSCredentials
    private let count = Synchronization.Mutex(0)

    init(_ value: AWSCredentials) { self.value = value }

    var calls: Int { self.count.withLock { $0 } }
    var identity: AWSCredentialsIdentity { AWSCredentialsIdentity(source: "counting", principal: self.value.accessKeyID) }

    func credentials(logger: Logging.Logger?) async throws -> AWSCredentials {
        self.count.withLock { $0 += 1 }
        return self.value
    }
}
