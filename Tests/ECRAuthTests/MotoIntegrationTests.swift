import AWSCredentialProviders
import AWSSigV4
import AuthTransport
import AuthTransportURLSession
import Foundation
import HTTPTypes
import Logging
import MotoTestSupport
import OCIReference
import Testing

@testable import ECRAuth

/// ECR `GetAuthorizationToken` through a real `moto_server` with IAM authentication enforced,
/// over Foundation's URLSession: moto verifies every SigV4 signature and IAM policy once the
/// unauthenticated set-up calls are used up.
@Suite(.serialized)
struct MotoIntegrationTests {
    /// The registry of moto's account in the server's region.
    static func registry(_ moto: MotoServer) -> ECRRegistry {
        ECRRegistry(moto.ecrRegistryHost)!
    }

    /// A transport that counts the requests it passes on to moto's URLSession transport.
    static func counting(_ moto: MotoServer) -> ScriptedTransport {
        ScriptedTransport { _, request in try await moto.transport.send(request, body: Array("{}".utf8)) }
    }

    static func client(_ moto: MotoServer, transport: some HTTPTransport, credentials: some AWSCredentialsProvider) -> ECRClient {
        ECRClient(transport: transport, credentials: credentials, region: moto.region, endpoint: moto.endpoint)
    }

    @Test func fetchesATokenThroughURLSessionWithIAMEnforced() async throws {
        let moto = try await MotoServer.start(initialNoAuthActionCount: 3)
        defer { moto.stop() }
        let ci = try await moto.bootstrapUser(named: "ci", allowing: ["ecr:GetAuthorizationToken"])
        // From here on moto enforces IAM.

        let (logger, logs) = RecordingLogHandler.logger()
        let client = Self.client(moto, transport: moto.transport, credentials: StaticCredentialsProvider(ci))
        let token = try await client.authorizationToken(for: Self.registry(moto), logger: logger)
        #expect(token.username == "AWS")
        // What `aws ecr get-login-password` prints for moto's token (base64 "AWS:<account>-auth-token").
        #expect(token.password == moto.ecrPassword)
        #expect(token.password == "\(moto.accountID)-auth-token")
        #expect(token.proxyEndpoint == "https://\(moto.accountID).dkr.ecr.\(moto.region).amazonaws.com")
        // moto issues tokens that expired on 2015-01-01: the client says so, the cache refuses it.
        #expect(token.expiresAt < Date(timeIntervalSince1970: 1_500_000_000))
        #expect(token.isExpired())
        let cache = ECRTokenCache(client: client)
        await #expect(throws: ECRAuthError(code: .tokenExpired)) { try await cache.token(for: Self.registry(moto), logger: logger) }

        // The default registry, and a registry of another region: signed for that region.
        _ = try await client.authorizationToken(logger: logger)
        let west = try #require(ECRRegistry("\(moto.accountID).dkr.ecr.us-west-2.amazonaws.com"))
        let westToken = try await client.authorizationToken(for: west, logger: logger)
        #expect(westToken.proxyEndpoint == "https://\(moto.accountID).dkr.ecr.us-west-2.amazonaws.com")

        for line in logs.all {
            #expect(!line.contains(ci.secretAccessKey), "the secret was logged: \(line)")
            #expect(!line.contains(token.password), "the password was logged: \(line)")
        }
    }

    @Test func aWrongSecretFailsWithATypedSignatureError() async throws {
        let moto = try await MotoServer.start(initialNoAuthActionCount: 3)
        defer { moto.stop() }
        let ci = try await moto.bootstrapUser(named: "ci", allowing: ["ecr:GetAuthorizationToken"])

        var wrong = ci
        wrong.secretAccessKey = "WrongSecretWrongSecretWrongSecretWrong12"
        let transport = Self.counting(moto)
        let client = Self.client(moto, transport: transport, credentials: StaticCredentialsProvider(wrong))
        let error = try await #require(throws: ECRAuthError.self) { try await client.authorizationToken(for: Self.registry(moto)) }
        #expect(error.code == .signatureDoesNotMatch, "\(error)")
        #expect(error.awsErrorCode == "SignatureDoesNotMatch")
        #expect(error.httpStatus == 403)
        #expect(error.isRetryable == false)
        #expect(transport.requestCount == 1, "a rejected static key is not retried")
        #expect(!"\(error)".contains(wrong.secretAccessKey))
        #expect(!"\(error)".contains(ci.secretAccessKey))

        // An access key moto never issued.
        let unknown = Self.client(
            moto, transport: moto.transport,
            credentials: StaticCredentialsProvider(AWSCredentials(accessKeyID: "AKIAUNKNOWNKEY000001", secretAccessKey: ci.secretAccessKey)))
        let unknownError = try await #require(throws: ECRAuthError.self) { try await unknown.authorizationToken(for: Self.registry(moto)) }
        #expect(unknownError.code == .unrecognizedClient, "\(unknownError)")

        // The right key works, so the failures above were the signature and the key.
        let right = Self.client(moto, transport: moto.transport, credentials: StaticCredentialsProvider(ci))
        _ = try await right.authorizationToken(for: Self.registry(moto))
    }

    @Test func aPrincipalWithoutThePermissionIsDenied() async throws {
        let moto = try await MotoServer.start(initialNoAuthActionCount: 3)
        defer { moto.stop() }
        let reader = try await moto.bootstrapUser(named: "reader", allowing: ["sts:GetCallerIdentity"])
        let client = Self.client(moto, transport: moto.transport, credentials: StaticCredentialsProvider(reader))
        let error = try await #require(throws: ECRAuthError.self) { try await client.authorizationToken(for: Self.registry(moto)) }
        #expect(error.code == .accessDenied, "\(error)")
        #expect(error.isRetryable == false)
    }

    /// STS `AssumeRole` (signed with an IAM user's key) feeds the ECR client; moto checks the
    /// role session's signature on the ECR call.
    @Test func assumeRoleFeedsTheECRClient() async throws {
        let moto = try await MotoServer.start(initialNoAuthActionCount: 5)
        defer { moto.stop() }
        let ci = try await moto.bootstrapUser(named: "ci", allowing: ["sts:AssumeRole"])
        let roleARN = try await moto.iam().createRole("fleet-ecr")
        try await moto.iam().putRolePolicy(role: "fleet-ecr", name: "ecr", document: MotoPolicy.allow(["ecr:GetAuthorizationToken"]))

        let (logger, logs) = RecordingLogHandler.logger()
        let role = RefreshingCredentialsProvider(
            wrapping: AssumeRoleCredentialsProvider(
                roleARN: roleARN, sessionName: "ecr-integration", source: StaticCredentialsProvider(ci),
                sts: STSEndpointConfiguration(region: moto.region, endpoint: moto.endpoint), transport: moto.transport))
        let client = Self.client(moto, transport: moto.transport, credentials: role)
        let token = try await client.authorizationToken(for: Self.registry(moto), logger: logger)
        #expect(token.password == "\(moto.accountID)-auth-token")
        #expect(client.credentialsIdentity == role.identity)

        // The IAM user itself may not call ECR: the token really came through the role.
        let direct = Self.client(moto, transport: moto.transport, credentials: StaticCredentialsProvider(ci))
        await #expect(throws: ECRAuthError(code: .accessDenied)) { try await direct.authorizationToken(for: Self.registry(moto)) }

        let roleCredentials = try await role.credentials()
        for line in logs.all {
            #expect(!line.contains(ci.secretAccessKey) && !line.contains(roleCredentials.secretAccessKey), "\(line)")
            #expect(!line.contains(roleCredentials.sessionToken ?? "-"), "\(line)")
        }
    }

    /// IRSA: a web identity token file → unsigned `AssumeRoleWithWebIdentity` → ECR.
    @Test func webIdentityFeedsTheECRClient() async throws {
        // CreateRole, PutRolePolicy, then the unsigned AssumeRoleWithWebIdentity.
        let moto = try await MotoServer.start(initialNoAuthActionCount: 3)
        defer { moto.stop() }
        let roleARN = try await moto.iam().createRole("irsa")
        try await moto.iam().putRolePolicy(role: "irsa", name: "ecr", document: MotoPolicy.allow(["ecr:GetAuthorizationToken"]))

        let environment = AWSEnvironment(
            variables: [
                "AWS_ROLE_ARN": roleARN,
                "AWS_WEB_IDENTITY_TOKEN_FILE": "/var/run/secrets/eks.amazonaws.com/serviceaccount/token",
                "AWS_ROLE_SESSION_NAME": "fleet-operator", "AWS_REGION": moto.region,
                "AWS_ENDPOINT_URL_STS": moto.endpoint.absoluteString,
            ],
            fileSystem: AWSInMemoryFileSystem(["/var/run/secrets/eks.amazonaws.com/serviceaccount/token": Secrets.webIdentityToken]))
        let (logger, logs) = RecordingLogHandler.logger()
        let credentials = RefreshingCredentialsProvider(wrapping: DefaultCredentialsChain(transport: moto.transport, environment: environment))
        let client = Self.client(moto, transport: moto.transport, credentials: credentials)
        let token = try await client.authorizationToken(for: Self.registry(moto), logger: logger)
        #expect(token.password == "\(moto.accountID)-auth-token")
        #expect(!logs.all.isEmpty)
        for line in logs.all {
            #expect(!line.contains(Secrets.webIdentityToken), "the web identity token was logged: \(line)")
            #expect(!line.contains(token.password), "\(line)")
        }
    }

    /// With tokens valid for 12 hours (the harness's `ecrTokenLifetime`), the cache serves 200
    /// concurrent callers with one ECR call and schedules the refresh half-way.
    @Test func theCacheServesFreshTokensFromMoto() async throws {
        let moto = try await MotoServer.start(initialNoAuthActionCount: 3, ecrTokenLifetime: .seconds(43_200))
        defer { moto.stop() }
        let ci = try await moto.bootstrapUser(named: "ci", allowing: ["ecr:GetAuthorizationToken"])
        let transport = Self.counting(moto)
        let cache = ECRTokenCache(
            client: Self.client(moto, transport: transport, credentials: StaticCredentialsProvider(ci)), random: { 0 })
        let passwords = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<200 {
                group.addTask { try await cache.token(for: Self.registry(moto)).password }
            }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(passwords == ["\(moto.accountID)-auth-token"])
        #expect(transport.requestCount == 1)
        let token = try await cache.token(for: Self.registry(moto))
        #expect(!token.isExpired(margin: 43_000))
        #expect(abs(token.lifetime - 43_200) < 60)
        let next = try #require(cache.nextRefresh(now: Date()))
        #expect(abs(next - 21_600) < 60)
    }
}
