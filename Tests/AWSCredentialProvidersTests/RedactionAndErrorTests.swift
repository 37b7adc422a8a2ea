import AWSCredentialProviders
import AWSSigV4
import AuthTransport
import Foundation
import HTTPTypes
import Logging
import Testing

/// No secret in any printed form, error or log line; the error type's contract.
struct RedactionAndErrorTests {
    static let environment = AWSEnvironment(
        variables: [
            "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY": Secrets.secretKey,
            "AWS_SESSION_TOKEN": Secrets.sessionToken, "AWS_CONTAINER_AUTHORIZATION_TOKEN": Secrets.containerToken,
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://169.254.170.23/v1/credentials",
        ],
        fileSystem: AWSInMemoryFileSystem(["/token": Secrets.webIdentityToken, "/pod-token": Secrets.containerToken]))

    @Test func everyProviderAndValuePrintsWithoutSecrets() throws {
        let transport = ScriptedTransport(status: .ok, body: "")
        let credentials = AWSCredentials(accessKeyID: "ASIAIOSFODNN7EXAMPLE", secretAccessKey: Secrets.secretKey, sessionToken: Secrets.sessionToken)
        let values: [Any] = [
            Self.environment,
            AWSInMemoryFileSystem(["/token": Secrets.webIdentityToken]),
            StaticCredentialsProvider(credentials),
            EnvironmentCredentialsProvider(environment: Self.environment),
            ProfileCredentialsProvider(transport: transport, environment: Self.environment),
            WebIdentityCredentialsProvider(roleARN: "arn:aws:iam::1:role/r", tokenFile: "/token", sts: .init(), transport: transport, environment: Self.environment),
            try #require(try ContainerCredentialsProvider.fromEnvironment(Self.environment, transport: transport)),
            try ContainerCredentialsProvider(
                endpoint: try #require(URL(string: "http://127.0.0.1/x")), authorization: .token(Secrets.containerToken), transport: transport),
            ContainerCredentialsProvider.Authorization.token(Secrets.containerToken),
            try InstanceMetadataCredentialsProvider(transport: transport, environment: Self.environment),
            AssumeRoleCredentialsProvider(
                roleARN: "arn:aws:iam::1:role/r", externalID: Secrets.webIdentityToken, source: StaticCredentialsProvider(credentials),
                sts: .init(), transport: transport, environment: Self.environment),
            DefaultCredentialsChain(transport: transport, environment: Self.environment),
            RefreshingCredentialsProvider(wrapping: StaticCredentialsProvider(credentials)),
            AWSSharedConfiguration(configFile: nil, credentialsFile: "[d]\naws_secret_access_key = \(Secrets.secretKey)\n"),
            try #require(AWSSharedConfiguration(configFile: nil, credentialsFile: "[d]\naws_secret_access_key = \(Secrets.secretKey)\n").profile(named: "d")),
        ]
        for value in values {
            for text in printedForms(of: value) {
                #expect(Secrets.leaked(in: text).isEmpty, "\(type(of: value)) leaks: \(text)")
                #expect(!text.contains("IOSFODNN7EX"), "\(type(of: value)) shows a whole access key ID: \(text)")
            }
        }
    }

    @Test func aCachedRefreshingProviderDumpsNoSecrets() async throws {
        let cache = RefreshingCredentialsProvider(wrapping: EnvironmentCredentialsProvider(environment: Self.environment))
        _ = try await cache.credentials()
        for text in printedForms(of: cache) {
            #expect(Secrets.leaked(in: text).isEmpty, "\(text)")
        }
    }

    /// A full run of every network provider, with successes and failures, through one recording
    /// logger at trace level: no line holds any secret.
    @Test func aFullRunLogsNoSecret() async throws {
        let (logger, logs) = RecordingLogHandler.logger()
        let sts = ScriptedTransport { request, body in
            let fields = formFields(String(decoding: body ?? [], as: UTF8.self))
            if fields["RoleSessionName"] == "fail" {
                return (HTTPResponse(status: .badRequest),
                        Array(stsErrorXML(code: "InvalidIdentityToken", message: "bad \(Secrets.webIdentityToken)").utf8))
            }
            return (HTTPResponse(status: .ok), Array(stsSuccessXML(action: fields["Action"] ?? "?").utf8))
        }
        let container = ScriptedTransport(status: .ok, body: ContainerAndIMDSTests.credentialsJSON)
        let env = Self.environment

        let providers: [any AWSCredentialsProvider] = [
            EnvironmentCredentialsProvider(environment: env),
            WebIdentityCredentialsProvider(roleARN: "arn:aws:iam::111122223333:role/r", tokenFile: "/token", sts: .init(region: "eu-west-1"), transport: sts, environment: env),
            WebIdentityCredentialsProvider(roleARN: "arn:aws:iam::111122223333:role/r", tokenFile: "/token", sessionName: "fail", sts: .init(region: "eu-west-1"), transport: sts, environment: env),
            AssumeRoleCredentialsProvider(roleARN: "arn:aws:iam::111122223333:role/r", externalID: "external-1", source: EnvironmentCredentialsProvider(environment: env), sts: .init(), transport: sts, environment: env),
            try ContainerCredentialsProvider(endpoint: try #require(URL(string: "http://169.254.170.23/v1/credentials")), authorization: .tokenFile("/pod-token"), transport: container, environment: env),
            try InstanceMetadataCredentialsProvider(transport: ContainerAndIMDSTests.imds(), environment: env),
            try InstanceMetadataCredentialsProvider(options: .init(allowIMDSv1Fallback: true), transport: ContainerAndIMDSTests.imds(tokenStatus: 405), environment: env),
            DefaultCredentialsChain(transport: sts, environment: env),
            RefreshingCredentialsProvider(wrapping: DefaultCredentialsChain(transport: container, environment: AWSEnvironment(variables: [
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://169.254.170.23/v1/credentials", "AWS_CONTAINER_AUTHORIZATION_TOKEN": Secrets.containerToken,
            ]))),
        ]
        var errors: [String] = []
        for provider in providers {
            do {
                let credentials = try await provider.credentials(logger: logger)
                logger.info("test got credentials", metadata: ["credentials": "\(credentials)", "identity": "\(provider.identity)"])
            } catch {
                errors.append("\(error)")
                logger.error("test got an error", metadata: ["error": "\(error)"])
            }
        }
        #expect(errors.count == 1, "\(errors)")
        #expect(logs.all.count > 15)
        for line in logs.all + errors {
            #expect(Secrets.leaked(in: line).isEmpty, "leaked: \(line)")
        }
    }

    @Test func errorsCompareByCodeAndDescribeWhatAndWhere() {
        let first = AWSCredentialsError(code: .throttled, reason: "one", awsErrorCode: "Throttling", requestID: "r1", httpStatus: 400)
        let second = AWSCredentialsError(code: .throttled, reason: "two")
        #expect(first == second)
        #expect(first.hashValue == second.hashValue)
        #expect(first != AWSCredentialsError(code: .accessDenied))
        #expect(first.description.hasPrefix("AWSCredentialsError.throttled: one [HTTP 400, AWS error Throttling, request ID r1] ("))
        #expect(first.description.contains("RedactionAndErrorTests.swift:"))
        #expect(AWSCredentialsError.Code.profileCycle.description == "profileCycle")
        let wrapped = AWSCredentialsError(code: .transportFailed, underlying: HTTPTransportError(code: .timedOut))
        #expect(wrapped.description.contains("caused by HTTPTransportError.timedOut"))
    }

    @Test func theLocalFileSystemReadsCapsAndReportsMissingFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aws-fs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("token")
        try Data("abc".utf8).write(to: file)
        let fileSystem = AWSLocalFileSystem()
        #expect(try fileSystem.contents(atPath: file.path, limit: 10) == Array("abc".utf8))
        #expect(try fileSystem.contents(atPath: directory.appendingPathComponent("missing").path, limit: 10) == nil)
        #expect(try fileSystem.contents(atPath: file.path + "/below-a-file", limit: 10) == nil)
        #expect(throws: AWSCredentialsError(code: .fileUnreadable)) { try fileSystem.contents(atPath: file.path, limit: 2) }
        #expect(throws: AWSCredentialsError(code: .fileUnreadable)) { try fileSystem.contents(atPath: directory.path, limit: 10) }
        // An endless file is refused after limit + 1 bytes, not read to the end.
        #expect(throws: AWSCredentialsError(code: .fileUnreadable)) { try fileSystem.contents(atPath: "/dev/zero", limit: 1024) }
    }
}
