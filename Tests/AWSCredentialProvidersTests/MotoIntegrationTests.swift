import AuthTransportURLSession
import AWSCredentialProviders
import AWSSigV4
import Foundation
import Logging
import MotoTestSupport
import Testing

/// STS through a real `moto_server` with IAM authentication enforced: moto verifies every SigV4
/// signature and IAM policy once the first unauthenticated set-up calls are used up.
@Suite(.serialized)
struct MotoIntegrationTests {
    /// Calls STS `GetCallerIdentity` signed with `credentials`; returns the caller ARN, or throws
    /// what moto answered.
    static func callerARN(_ moto: MotoServer, _ credentials: AWSCredentials) async throws -> String {
        let (status, body) = try await moto.query(
            service: "sts", action: "GetCallerIdentity", version: "2011-06-15", parameters: [], credentials: credentials)
        guard status == 200, let arn = MotoXML.text(of: "Arn", in: body) else {
            throw MotoHarnessError("GetCallerIdentity answered \(status): \(body.prefix(300))")
        }
        return arn
    }

    static func sts(_ moto: MotoServer) -> STSEndpointConfiguration {
        STSEndpointConfiguration(region: moto.region, endpoint: moto.endpoint)
    }

    @Test func assumeRoleWithAnIAMUserKey() async throws {
        let moto = try await MotoServer.start(initialNoAuthActionCount: 5)
        defer { moto.stop() }
        let ci = try await moto.bootstrapUser(named: "ci", allowing: ["sts:AssumeRole", "sts:GetCallerIdentity"])
        let roleARN = try await moto.iam().createRole("fleet")
        try await moto.iam().putRolePolicy(
            role: "fleet", name: "registry", document: MotoPolicy.allow(["ecr:GetAuthorizationToken", "sts:GetCallerIdentity"]))
        // From here on moto enforces IAM.

        let (logger, logs) = RecordingLogHandler.logger()
        let provider = AssumeRoleCredentialsProvider(
            roleARN: roleARN, sessionName: "integration", source: StaticCredentialsProvider(ci),
            sts: Self.sts(moto), transport: moto.transport)
        let credentials = try await provider.credentials(logger: logger)

        #expect(credentials.accessKeyID.hasPrefix("ASIA"))
        #expect(credentials.sessionToken?.isEmpty == false)
        let expiration = try #require(credentials.expiration)
        #expect(expiration > Date().addingTimeInterval(50 * 60), "moto issues one-hour sessions")

        // The role credentials are real: moto verifies a request signed with them.
        let arn = try await Self.callerARN(moto, credentials)
        #expect(arn.hasSuffix(":assumed-role/fleet/integration"), "\(arn)")

        let secrets = [ci.secretAccessKey, credentials.secretAccessKey, credentials.sessionToken ?? "-"]
        #expect(!logs.all.isEmpty)
        for line in logs.all {
            #expect(!secrets.contains(where: line.contains), "a log line holds a secret: \(line)")
        }
    }

    @Test func aWrongSecretIsATypedSignatureError() async throws {
        let moto = try await MotoServer.start(initialNoAuthActionCount: 4)
        defer { moto.stop() }
        let ci = try await moto.bootstrapUser(named: "ci", allowing: ["sts:AssumeRole"])
        let roleARN = try await moto.iam().createRole("fleet")

        var wrong = ci
        wrong.secretAccessKey = "WrongSecretWrongSecretWrongSecretWrong12"
        let provider = AssumeRoleCredentialsProvider(
            roleARN: roleARN, source: StaticCredentialsProvider(wrong), sts: Self.sts(moto), transport: moto.transport)
        let error = try await #require(throws: AWSCredentialsError.self) { try await provider.credentials() }
        #expect(error.code == .signatureDoesNotMatch)
        #expect(error.awsErrorCode == "SignatureDoesNotMatch")
        #expect(error.httpStatus == 403)
        #expect(error.isRetryable == false)
        #expect(!"\(error)".contains(wrong.secretAccessKey))
        #expect(!"\(error)".contains(ci.secretAccessKey))

        // An access key moto never issued.
        let unknown = AssumeRoleCredentialsProvider(
            roleARN: roleARN,
            source: StaticCredentialsProvider(AWSCredentials(accessKeyID: "AKIAUNKNOWNKEY000001", secretAccessKey: ci.secretAccessKey)),
            sts: Self.sts(moto), transport: moto.transport)
        await #expect(throws: AWSCredentialsError(code: .unrecognizedAccessKey)) { try await unknown.credentials() }

        // The right key works, so the failures above were the signature and the key, not the setup.
        let right = AssumeRoleCredentialsProvider(
            roleARN: roleARN, source: StaticCredentialsProvider(ci), sts: Self.sts(moto), transport: moto.transport)
        _ = try await right.credentials()
    }

    @Test func iamPoliciesAreEnforced() async throws {
        let moto = try await MotoServer.start(initialNoAuthActionCount: 4)
        defer { moto.stop() }
        // A user allowed to call GetCallerIdentity only.
        let reader = try await moto.bootstrapUser(named: "reader", allowing: ["sts:GetCallerIdentity"])
        let roleARN = try await moto.iam().createRole("fleet")

        let provider = AssumeRoleCredentialsProvider(
            roleARN: roleARN, source: StaticCredentialsProvider(reader), sts: Self.sts(moto), transport: moto.transport)
        let error = try await #require(throws: AWSCredentialsError.self) { try await provider.credentials() }
        #expect(error.code == .accessDenied, "\(error)")
        #expect(error.awsErrorCode == "AccessDenied")

        // Unsigned calls are refused once the unauthenticated budget is spent.
        await #expect(throws: MotoHarnessError.self) { try await moto.iam().createUser("intruder") }
    }

    @Test func webIdentityExchangesATokenFileForRoleCredentials() async throws {
        // Set-up: CreateRole and PutRolePolicy; the third unauthenticated call is the unsigned
        // AssumeRoleWithWebIdentity itself (moto checks no token, real STS checks the JWT).
        let moto = try await MotoServer.start(initialNoAuthActionCount: 3)
        defer { moto.stop() }
        let roleARN = try await moto.iam().createRole("irsa")
        try await moto.iam().putRolePolicy(role: "irsa", name: "registry", document: MotoPolicy.allow(["sts:GetCallerIdentity"]))

        let environment = AWSEnvironment(
            variables: [
                "AWS_ROLE_ARN": roleARN,
                "AWS_WEB_IDENTITY_TOKEN_FILE": "/var/run/secrets/eks.amazonaws.com/serviceaccount/token",
                "AWS_ROLE_SESSION_NAME": "fleet-operator",
                "AWS_REGION": moto.region,
                "AWS_ENDPOINT_URL_STS": moto.endpoint.absoluteString,
            ],
            fileSystem: AWSInMemoryFileSystem([
                "/var/run/secrets/eks.amazonaws.com/serviceaccount/token": Secrets.webIdentityToken + "\n"
            ]))
        let (logger, logs) = RecordingLogHandler.logger()
        let chain = DefaultCredentialsChain(transport: moto.transport, environment: environment)
        let credentials = try await chain.credentials(logger: logger)
        #expect(credentials.accessKeyID.hasPrefix("ASIA"))

        // Enforcement is on now; the web identity credentials pass moto's signature check.
        let arn = try await Self.callerARN(moto, credentials)
        #expect(arn.hasSuffix(":assumed-role/irsa/fleet-operator"), "\(arn)")
        var tampered = credentials
        tampered.secretAccessKey = String(credentials.secretAccessKey.reversed())
        await #expect(throws: MotoHarnessError.self) { try await Self.callerARN(moto, tampered) }

        for line in logs.all {
            #expect(!line.contains(Secrets.webIdentityToken), "the token was logged: \(line)")
            #expect(!line.contains(credentials.secretAccessKey) && !line.contains(credentials.sessionToken ?? "-"), "\(line)")
        }
    }

    @Test func profileRoleChainThroughMoto() async throws {
        let moto = try await MotoServer.start(initialNoAuthActionCount: 5)
        defer { moto.stop() }
        let ci = try await moto.bootstrapUser(named: "ci", allowing: ["sts:AssumeRole"])
        let roleARN = try await moto.iam().createRole("deployer")
        try await moto.iam().putRolePolicy(role: "deployer", name: "who", document: MotoPolicy.allow(["sts:GetCallerIdentity"]))

        let environment = AWSEnvironment(
            variables: [
                "AWS_PROFILE": "deployer", "AWS_ENDPOINT_URL_STS": moto.endpoint.absoluteString,
            ],
            fileSystem: AWSInMemoryFileSystem([
                "/home/op/.aws/config": """
                    [profile deployer]
                    role_arn = \(roleARN)
                    source_profile = ci
                    role_session_name = from-profile
                    region = \(moto.region)
                    """,
                "/home/op/.aws/credentials": """
                    [ci]
                    aws_access_key_id = \(ci.accessKeyID)
                    aws_secret_access_key = \(ci.secretAccessKey)
                    """,
            ]),
            homeDirectory: "/home/op")
        let provider = ProfileCredentialsProvider(transport: moto.transport, environment: environment)
        let credentials = try await provider.credentials()
        let arn = try await Self.callerARN(moto, credentials)
        #expect(arn.hasSuffix(":assumed-role/deployer/from-profile"), "\(arn)")
    }

    @Test func theHarnessSpeaksJSONProtocolAndStopsTheServer() async throws {
        let moto = try await MotoServer.start(initialNoAuthActionCount: 3)
        let ci = try await moto.bootstrapUser(named: "ci", allowing: ["ecr:GetAuthorizationToken"])
        let token = try await moto.awsJSON(
            service: "ecr", target: "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken", credentials: ci)
        #expect(token.status == 200, "\(token.body.prefix(300))")
        #expect(token.body.contains("authorizationToken"))

        var wrong = ci
        wrong.secretAccessKey = "WrongSecretWrongSecretWrongSecretWrong12"
        let rejected = try await moto.awsJSON(
            service: "ecr", target: "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken", credentials: wrong)
        #expect(rejected.status == 403)
        #expect(MotoXML.text(of: "Code", in: rejected.body) == "SignatureDoesNotMatch", "moto answers with XML even for JSON services")

        moto.stop()
        await #expect(throws: (any Error).self, "the server is gone after stop()") {
            _ = try await moto.awsJSON(service: "ecr", target: "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken", credentials: ci)
        }
    }

    @Test func concurrentCallersThroughTheCacheCauseOneSTSCall() async throws {
        let moto = try await MotoServer.start(initialNoAuthActionCount: 2)
        defer { moto.stop() }
        let roleARN = try await moto.iam().createRole("irsa")
        // The one remaining unauthenticated call is the single AssumeRoleWithWebIdentity.
        let counting = ScriptedTransport { request, body in try await moto.transport.send(request, body: body) }
        let environment = AWSEnvironment(
            variables: [
                "AWS_ROLE_ARN": roleARN, "AWS_WEB_IDENTITY_TOKEN_FILE": "/token",
                "AWS_REGION": moto.region, "AWS_ENDPOINT_URL_STS": moto.endpoint.absoluteString,
            ],
            fileSystem: AWSInMemoryFileSystem(["/token": Secrets.webIdentityToken]))
        let cache = RefreshingCredentialsProvider(wrapping: DefaultCredentialsChain(transport: counting, environment: environment))

        let keys = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<200 {
                group.addTask { try await cache.credentials().accessKeyID }
            }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(keys.count == 1)
        #expect(counting.requestCount == 1)
    }
}
