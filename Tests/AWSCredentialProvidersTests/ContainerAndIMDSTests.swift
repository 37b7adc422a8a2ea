import AWSCredentialProviders
import AWSSigV4
import AuthTransport
import Foundation
import HTTPTypes
import Testing

/// ECS / EKS Pod Identity container credentials and IMDSv2.
struct ContainerAndIMDSTests {
    static let credentialsJSON = """
        {"AccessKeyId":"ASIACONTAINER0000001","SecretAccessKey":"\(Secrets.stsSecret)","Token":"\(Secrets.stsToken)",
         "Expiration":"2027-01-15T08:00:00Z","RoleArn":"arn:aws:iam::111122223333:role/pod"}
        """

    // MARK: Container

    @Test func ecsRelativeURIGoesTo169_254_170_2() async throws {
        let transport = ScriptedTransport(status: .ok, body: Self.credentialsJSON)
        let environment = AWSEnvironment(variables: ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/abc?x=1"])
        let provider = try #require(try ContainerCredentialsProvider.fromEnvironment(environment, transport: transport))
        let credentials = try await provider.credentials()
        #expect(credentials.accessKeyID == "ASIACONTAINER0000001")
        #expect(credentials.sessionToken == Secrets.stsToken)
        #expect(credentials.expiration == Date(timeIntervalSince1970: 1_800_000_000))
        let request = try #require(transport.exchanges.first?.request)
        #expect(request.method == .get)
        #expect(request.scheme == "http")
        #expect(request.authority == "169.254.170.2")
        #expect(request.path == "/v2/credentials/abc?x=1")
        #expect(request.headerFields[.authorization] == nil)
        #expect(provider.identity == AWSCredentialsIdentity(source: "container", principal: "http://169.254.170.2/v2/credentials/abc"))
    }

    @Test func eksPodIdentityReadsTheTokenFileAtEveryCall() async throws {
        let transport = ScriptedTransport(status: .ok, body: Self.credentialsJSON)
        let tokenFile = "/var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token"
        var environment = AWSEnvironment(
            variables: [
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://169.254.170.23/v1/credentials",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile,
                "AWS_CONTAINER_AUTHORIZATION_TOKEN": "ignored-when-a-file-is-set",
            ],
            fileSystem: AWSInMemoryFileSystem([tokenFile: Secrets.containerToken + "\n"]))
        let provider = try #require(try ContainerCredentialsProvider.fromEnvironment(environment, transport: transport))
        _ = try await provider.credentials()
        environment.fileSystem = AWSInMemoryFileSystem([tokenFile: "rotated-token"])
        var rotated = provider
        rotated.environment = environment
        _ = try await rotated.credentials()
        let headers = transport.exchanges.map { $0.request.headerFields[.authorization] }
        #expect(headers == [Secrets.containerToken, "rotated-token"])
        #expect(transport.exchanges.first?.request.authority == "169.254.170.23")
        #expect(transport.exchanges.first?.request.path == "/v1/credentials")
    }

    @Test func aFixedTokenIsSentAsIs() async throws {
        let transport = ScriptedTransport(status: .ok, body: Self.credentialsJSON)
        let provider = try #require(try ContainerCredentialsProvider.fromEnvironment(
            AWSEnvironment(variables: [
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://[fd00:ec2::23]/v1/credentials",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN": "Basic abcd",
            ]), transport: transport))
        _ = try await provider.credentials()
        #expect(transport.exchanges.first?.request.headerFields[.authorization] == "Basic abcd")
        #expect(transport.exchanges.first?.request.authority == "[fd00:ec2::23]")
    }

    static let hostCases: [(String, Bool)] = [
        ("http://127.0.0.1/creds", true), ("http://127.5.6.7:8080/creds", true), ("http://localhost:80/x", true),
        ("http://[::1]/x", true), ("http://[0:0:0:0:0:0:0:1]/x", true), ("http://[::ffff:127.0.0.1]/x", true),
        ("http://169.254.170.2/x", true), ("http://169.254.170.23/x", true), ("http://[fd00:ec2::23]/x", true),
        ("http://[fd00:0ec2:0:0:0:0:0:23]/x", true), ("https://credentials.example.com/x", true),
        ("http://169.254.169.254/x", false), ("http://10.0.0.1/x", false), ("http://credentials.example.com/x", false),
        ("http://127.0.0.1.nip.io/x", false), ("http://0177.0.0.1/x", false), ("http://[fd00:ec2::24]/x", false),
        ("http://[::ffff:10.0.0.1]/x", false), ("http://localhost.evil.com/x", false),
    ]

    @Test(arguments: hostCases)
    func fullURIHostAllowList(url: String, allowed: Bool) {
        let environment = AWSEnvironment(variables: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": url])
        let transport = ScriptedTransport(status: .ok, body: Self.credentialsJSON)
        if allowed {
            #expect(throws: Never.self) { try ContainerCredentialsProvider.fromEnvironment(environment, transport: transport) }
        } else {
            #expect(throws: AWSCredentialsError(code: .endpointNotAllowed)) {
                try ContainerCredentialsProvider.fromEnvironment(environment, transport: transport)
            }
        }
    }

    @Test(arguments: [
        ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "not a url"], ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "file:///etc/passwd"],
        ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://user@127.0.0.1/x"], ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:99999/x"],
        ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "v2/credentials"], ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "@evil.com/x"],
    ])
    func malformedEndpointsAreRejected(variables: [String: String]) {
        #expect(throws: AWSCredentialsError(code: .invalidConfiguration)) {
            try ContainerCredentialsProvider.fromEnvironment(AWSEnvironment(variables: variables), transport: ScriptedTransport(status: .ok, body: ""))
        }
    }

    @Test func headerInjectionAndEmptyTokensAreRejectedBeforeSending() async throws {
        let transport = ScriptedTransport(status: .ok, body: Self.credentialsJSON)
        for token in ["abc\r\nX-Injected: 1", "   ", "tab\u{7F}"] {
            let provider = try ContainerCredentialsProvider(
                endpoint: try #require(URL(string: "http://127.0.0.1/creds")), authorization: .token(token), transport: transport)
            let error = await #expect(throws: AWSCredentialsError.self) { try await provider.credentials() }
            #expect(error?.code == .invalidConfiguration)
            #expect(!"\(String(describing: error))".contains("Injected"))
        }
        let missingFile = try ContainerCredentialsProvider(
            endpoint: try #require(URL(string: "http://127.0.0.1/creds")), authorization: .tokenFile("/nope"), transport: transport,
            environment: AWSEnvironment(fileSystem: AWSInMemoryFileSystem()))
        await #expect(throws: AWSCredentialsError(code: .fileUnreadable)) { try await missingFile.credentials() }
        #expect(transport.requestCount == 0)
    }

    static let containerFailures: [(Int, String, AWSCredentialsError.Code)] = [
        (401, #"{"code":"AccessDenied","message":"token rejected"}"#, .accessDenied),
        (403, "", .accessDenied),
        (429, "", .throttled),
        (500, #"{"code":"InternalError","message":"agent failed"}"#, .serviceError),
        (404, "<html/>", .serviceError),
        (200, "not json", .invalidResponse),
        (200, #"{"AccessKeyId":"A"}"#, .invalidResponse),
        (200, #"{"AccessKeyId":"A","SecretAccessKey":"S","Expiration":"soon"}"#, .invalidResponse),
        (200, #"{"Code":"Failure","AccessKeyId":"A","SecretAccessKey":"S"}"#, .serviceError),
    ]

    @Test(arguments: containerFailures)
    func containerFailuresAreTyped(status: Int, body: String, code: AWSCredentialsError.Code) async throws {
        let transport = ScriptedTransport(status: HTTPResponse.Status(code: status), body: body)
        let provider = try ContainerCredentialsProvider(
            endpoint: try #require(URL(string: "http://169.254.170.23/v1/credentials")), authorization: .token(Secrets.containerToken),
            transport: transport)
        let error = try await #require(throws: AWSCredentialsError.self) { try await provider.credentials() }
        #expect(error.code == code)
        #expect(Secrets.leaked(in: "\(error)").isEmpty)
    }

    @Test func anErrorMessageEchoingTheTokenIsScrubbed() async throws {
        let transport = ScriptedTransport(
            status: .unauthorized, body: #"{"code":"InvalidToken","message":"bad token \#(Secrets.containerToken)"}"#)
        let provider = try ContainerCredentialsProvider(
            endpoint: try #require(URL(string: "http://169.254.170.23/v1/credentials")), authorization: .token(Secrets.containerToken),
            transport: transport)
        let error = try await #require(throws: AWSCredentialsError.self) { try await provider.credentials() }
        #expect(error.awsErrorCode == "InvalidToken")
        #expect(!"\(error)".contains(Secrets.containerToken))
        #expect("\(error)".contains("bad token <redacted>"))
    }

    // MARK: IMDSv2

    /// An IMDS double: token, role list, credentials; counts token requests.
    static func imds(role: String = "node-role", tokenStatus: Int = 200, roleStatus: Int = 200) -> ScriptedTransport {
        ScriptedTransport { request, _ in
            switch (request.method, request.path ?? "") {
            case (.put, "/latest/api/token"):
                guard let ttl = request.headerFields[HTTPField.Name("X-aws-ec2-metadata-token-ttl-seconds")!], Int(ttl) != nil else {
                    return (HTTPResponse(status: .badRequest), [])
                }
                return (HTTPResponse(status: HTTPResponse.Status(code: tokenStatus)), Array(Secrets.imdsToken.utf8))
            case (.get, let path) where path.hasPrefix("/latest/meta-data/iam/security-credentials/"):
                let token = request.headerFields[HTTPField.Name("X-aws-ec2-metadata-token")!]
                guard token == Secrets.imdsToken || tokenStatus != 200 else { return (HTTPResponse(status: .unauthorized), []) }
                if path == "/latest/meta-data/iam/security-credentials/" {
                    return (HTTPResponse(status: HTTPResponse.Status(code: roleStatus)), Array("\(role)\n".utf8))
                }
                guard path.hasSuffix("/\(role)") else { return (HTTPResponse(status: .notFound), []) }
                let body = """
                    {"Code":"Success","LastUpdated":"2027-01-15T06:00:00Z","Type":"AWS-HMAC","AccessKeyId":"ASIAIMDS000000000001",
                     "SecretAccessKey":"\(Secrets.stsSecret)","Token":"\(Secrets.stsToken)","Expiration":"2027-01-15T12:00:00Z"}
                    """
                return (HTTPResponse(status: .ok), Array(body.utf8))
            default:
                return (HTTPResponse(status: .notFound), [])
            }
        }
    }

    @Test func imdsV2FlowAndTokenReuse() async throws {
        let transport = Self.imds()
        let provider = try InstanceMetadataCredentialsProvider(transport: transport, environment: AWSEnvironment())
        let credentials = try await provider.credentials()
        #expect(transport.exchanges.first?.request.headerFields[HTTPField.Name("X-aws-ec2-metadata-token-ttl-seconds")!] == "21600")
        #expect(credentials.accessKeyID == "ASIAIMDS000000000001")
        #expect(credentials.expiration == ISO8601TestDates.noon)
        _ = try await provider.credentials()
        let steps = transport.exchanges.map { "\($0.request.method) \($0.request.path ?? "")" }
        #expect(steps == [
            "PUT /latest/api/token", "GET /latest/meta-data/iam/security-credentials/",
            "GET /latest/meta-data/iam/security-credentials/node-role",
            "GET /latest/meta-data/iam/security-credentials/", "GET /latest/meta-data/iam/security-credentials/node-role",
        ])
        #expect(transport.exchanges.allSatisfy { $0.request.authority == "169.254.169.254" })
    }

    @Test func anExpiredSessionTokenIsReplacedOnce() async throws {
        let clock = TestClock()
        let transport = Self.imds()
        let provider = try InstanceMetadataCredentialsProvider(
            options: .init(tokenTTL: 120), transport: transport, environment: AWSEnvironment(now: clock.closure))
        _ = try await provider.credentials()
        clock.advance(by: 100)  // within a minute of the token's end: fetch a new one
        _ = try await provider.credentials()
        #expect(transport.exchanges.filter { $0.request.method == .put }.count == 2)
    }

    @Test func imdsWithoutARoleIsCredentialsNotFound() async throws {
        let provider = try InstanceMetadataCredentialsProvider(transport: Self.imds(roleStatus: 404), environment: AWSEnvironment())
        await #expect(throws: AWSCredentialsError(code: .credentialsNotFound)) { try await provider.credentials() }
    }

    @Test func v1FallbackIsOffByDefault() async throws {
        for status in [404, 405] {
            let strict = try InstanceMetadataCredentialsProvider(transport: Self.imds(tokenStatus: status), environment: AWSEnvironment())
            await #expect(throws: AWSCredentialsError(code: .serviceError)) { try await strict.credentials() }

            let transport = Self.imds(tokenStatus: status)
            let lenient = try InstanceMetadataCredentialsProvider(
                options: .init(allowIMDSv1Fallback: true), transport: transport, environment: AWSEnvironment())
            let credentials = try await lenient.credentials()
            #expect(credentials.accessKeyID == "ASIAIMDS000000000001")
            #expect(transport.exchanges.dropFirst().allSatisfy { $0.request.headerFields[HTTPField.Name("X-aws-ec2-metadata-token")!] == nil })
        }
        // 403 means IMDS is disabled for this caller: no fallback even when allowed.
        let forbidden = try InstanceMetadataCredentialsProvider(
            options: .init(allowIMDSv1Fallback: true), transport: Self.imds(tokenStatus: 403), environment: AWSEnvironment())
        await #expect(throws: AWSCredentialsError(code: .accessDenied)) { try await forbidden.credentials() }
    }

    @Test func imdsEnvironmentSettings() throws {
        let transport = Self.imds()
        #expect(try InstanceMetadataCredentialsProvider.fromEnvironment(
            AWSEnvironment(variables: ["AWS_EC2_METADATA_DISABLED": "TRUE"]), transport: transport) == nil)
        #expect(throws: AWSCredentialsError(code: .invalidConfiguration)) {
            try InstanceMetadataCredentialsProvider.fromEnvironment(AWSEnvironment(variables: ["AWS_EC2_METADATA_DISABLED": "maybe"]), transport: transport)
        }
        #expect(throws: AWSCredentialsError(code: .invalidConfiguration)) {
            try InstanceMetadataCredentialsProvider(options: .init(tokenTTL: 0), transport: transport)
        }
        #expect(throws: AWSCredentialsError(code: .invalidConfiguration)) {
            try InstanceMetadataCredentialsProvider(options: .init(tokenTTL: 21_601), transport: transport)
        }
    }

    @Test func imdsRejectsRoleNamesThatWouldChangeThePath() async throws {
        for role in ["../../user-data", "a?b", "a b"] {
            let transport = ScriptedTransport { request, _ in
                if request.method == .put { return (HTTPResponse(status: .ok), Array(Secrets.imdsToken.utf8)) }
                return (HTTPResponse(status: .ok), Array(role.utf8))
            }
            let provider = try InstanceMetadataCredentialsProvider(transport: transport, environment: AWSEnvironment())
            let error = await #expect(throws: AWSCredentialsError.self) { try await provider.credentials() }
            #expect(error?.code == .invalidResponse || error?.code == .credentialsNotFound)
            #expect(transport.requestCount == 2)
        }
    }
}

enum ISO8601TestDates {
    /// 2027-01-15T12:00:00Z.
    static let noon = Date(timeIntervalSince1970: 1_800_014_400)
}
