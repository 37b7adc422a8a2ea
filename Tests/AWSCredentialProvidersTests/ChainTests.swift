import AWSCredentialProviders
import AWSSigV4
import AuthTransport
import Foundation
import HTTPTypes
import Testing

/// The environment and profile providers and the default chain's order.
struct ChainTests {
    // MARK: Environment

    @Test func environmentVariablesAndAliases() async throws {
        let standard = EnvironmentCredentialsProvider(environment: AWSEnvironment(variables: [
            "AWS_ACCESS_KEY_ID": "AKIDSTANDARD", "AWS_SECRET_ACCESS_KEY": Secrets.secretKey, "AWS_SESSION_TOKEN": Secrets.sessionToken,
            "AWS_ACCESS_KEY": "AKIDALIAS", "AWS_SECRET_KEY": "alias-secret",
        ]))
        let credentials = try await standard.credentials()
        #expect(credentials == AWSCredentials(accessKeyID: "AKIDSTANDARD", secretAccessKey: Secrets.secretKey, sessionToken: Secrets.sessionToken))

        let aliases = EnvironmentCredentialsProvider(environment: AWSEnvironment(variables: [
            "AWS_ACCESS_KEY_ID": "", "AWS_ACCESS_KEY": "AKIDALIAS", "AWS_SECRET_KEY": "alias-secret",
        ]))
        #expect(try await aliases.credentials() == AWSCredentials(accessKeyID: "AKIDALIAS", secretAccessKey: "alias-secret"))

        let expiring = EnvironmentCredentialsProvider(environment: AWSEnvironment(variables: [
            "AWS_ACCESS_KEY_ID": "ASIA1", "AWS_SECRET_ACCESS_KEY": "s", "AWS_CREDENTIAL_EXPIRATION": "2027-01-15T08:00:00Z",
        ]))
        #expect(try await expiring.credentials().expiration == Date(timeIntervalSince1970: 1_800_000_000))
    }

    @Test func missingAndPartialEnvironmentCredentials() async throws {
        await #expect(throws: AWSCredentialsError(code: .credentialsNotFound)) {
            try await EnvironmentCredentialsProvider(environment: AWSEnvironment()).credentials()
        }
        for variables in [["AWS_ACCESS_KEY_ID": "AKID"], ["AWS_SECRET_ACCESS_KEY": Secrets.secretKey],
                          ["AWS_ACCESS_KEY_ID": "A", "AWS_SECRET_ACCESS_KEY": "S", "AWS_CREDENTIAL_EXPIRATION": "later"]] {
            let error = await #expect(throws: AWSCredentialsError.self) {
                try await EnvironmentCredentialsProvider(environment: AWSEnvironment(variables: variables)).credentials()
            }
            #expect(error?.code == .invalidConfiguration)
            #expect(Secrets.leaked(in: "\(String(describing: error))").isEmpty)
        }
    }

    // MARK: Profiles

    static func files(config: String = "", credentials: String = "", variables: [String: String] = [:]) -> AWSEnvironment {
        AWSEnvironment(
            variables: variables,
            fileSystem: AWSInMemoryFileSystem(["/home/op/.aws/config": config, "/home/op/.aws/credentials": credentials]),
            homeDirectory: "/home/op")
    }

    @Test func profileStaticKeysAndSelection() async throws {
        let environment = Self.files(
            credentials: "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = s1\n[ci]\naws_access_key_id = AKIDCI\naws_secret_access_key = s2\n",
            variables: ["AWS_PROFILE": "ci"])
        let transport = ScriptedTransport(status: .internalServerError, body: "")
        #expect(try await ProfileCredentialsProvider(transport: transport, environment: environment).credentials().accessKeyID == "AKIDCI")
        #expect(try await ProfileCredentialsProvider(profile: "default", transport: transport, environment: environment).credentials().accessKeyID == "AKIDDEFAULT")
        #expect(transport.requestCount == 0)
    }

    @Test func explicitFilePathsAndTilde() async throws {
        let environment = AWSEnvironment(
            variables: ["AWS_SHARED_CREDENTIALS_FILE": "~/secrets/creds", "AWS_CONFIG_FILE": "/etc/aws/config"],
            fileSystem: AWSInMemoryFileSystem([
                "/home/op/secrets/creds": "[default]\naws_access_key_id = AKIDTILDE\naws_secret_access_key = s\n",
                "/home/op/.aws/credentials": "[default]\naws_access_key_id = WRONG\naws_secret_access_key = s\n",
            ]),
            homeDirectory: "/home/op/")
        let provider = ProfileCredentialsProvider(transport: ScriptedTransport(status: .ok, body: ""), environment: environment)
        #expect(try await provider.credentials().accessKeyID == "AKIDTILDE")
        #expect(provider.identity.principal == "default in /etc/aws/config, ~/secrets/creds")
    }

    @Test func profileErrors() async throws {
        let transport = ScriptedTransport(status: .ok, body: stsSuccessXML(action: "AssumeRole"))
        let cases: [(AWSEnvironment, String?, AWSCredentialsError.Code)] = [
            (Self.files(), "missing", .profileNotFound),
            (Self.files(variables: ["AWS_PROFILE": "missing"]), nil, .profileNotFound),
            (Self.files(), nil, .credentialsNotFound),
            (Self.files(config: "[default]\nregion = eu-west-1\n"), nil, .credentialsNotFound),
            (Self.files(config: "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = a\n"), "a", .profileCycle),
            (Self.files(config: "[profile a]\ncredential_process = /bin/creds\n"), "a", .unsupportedCredentialSource),
            (Self.files(config: "[profile a]\nsso_session = corp\nsso_account_id = 1\n"), "a", .unsupportedCredentialSource),
            (Self.files(config: "[profile a]\nrole_arn = arn:aws:iam::111122223333:role/a\nsource_profile = b\nmfa_serial = arn:mfa\n[profile b]\naws_access_key_id = A\naws_secret_access_key = S\n"), "a", .unsupportedCredentialSource),
            (Self.files(config: "[profile a]\nrole_arn = arn:aws:iam::111122223333:role/a\ncredential_source = Nowhere\n"), "a", .invalidConfiguration),
            (Self.files(config: "[profile a]\nrole_arn = arn:aws:iam::111122223333:role/a\nsource_profile = b\nduration_seconds = soon\n[profile b]\naws_access_key_id = A\naws_secret_access_key = S\n"), "a", .invalidConfiguration),
            (Self.files(config: "[profile a]\nrole_arn = arn:aws:iam::111122223333:role/a\ncredential_source = Environment\n"), "a", .invalidConfiguration),
            (Self.files(config: "[profile a]\nrole_arn = arn:aws:iam::111122223333:role/a\ncredential_source = EcsContainer\n"), "a", .invalidConfiguration),
            (Self.files(credentials: "[a]\naws_access_key_id = ONLYKEY\n"), "a", .invalidConfiguration),
        ]
        for (environment, profile, code) in cases {
            let provider = ProfileCredentialsProvider(profile: profile, transport: transport, environment: environment)
            let error = await #expect(throws: AWSCredentialsError.self) { try await provider.credentials() }
            #expect(error?.code == code, "\(String(describing: error))")
        }
        #expect(transport.requestCount == 0)
    }

    @Test func credentialSourceEnvironmentAssumesTheRoleWithEnvironmentKeys() async throws {
        let transport = ScriptedTransport(status: .ok, body: stsSuccessXML(action: "AssumeRole"))
        let environment = Self.files(
            config: "[profile deploy]\nrole_arn = arn:aws:iam::111122223333:role/deploy\ncredential_source = Environment\nregion = ap-southeast-2\nexternal_id = ext-123\n",
            variables: ["AWS_PROFILE": "deploy", "AWS_ACCESS_KEY_ID": "AKIDENVIRONMENT00001", "AWS_SECRET_ACCESS_KEY": Secrets.secretKey])
        let credentials = try await ProfileCredentialsProvider(transport: transport, environment: environment).credentials()
        #expect(credentials.accessKeyID == "ASIASTSRETURNED00001")
        let request = try #require(transport.exchanges.first)
        #expect(request.request.authority == "sts.ap-southeast-2.amazonaws.com", "the profile's region picks the endpoint")
        #expect(request.request.headerFields[.authorization]?.contains("Credential=AKIDENVIRONMENT00001/") == true)
        #expect(formFields(request.bodyText)["ExternalId"] == "ext-123")
    }

    @Test func profileWebIdentityTokenFile() async throws {
        let transport = ScriptedTransport(status: .ok, body: stsSuccessXML(action: "AssumeRoleWithWebIdentity"))
        let environment = AWSEnvironment(
            variables: ["AWS_REGION": "us-west-2"],
            fileSystem: AWSInMemoryFileSystem([
                "/home/op/.aws/config": "[default]\nrole_arn = arn:aws:iam::111122223333:role/irsa\nweb_identity_token_file = /tokens/jwt\nrole_session_name = from-config\n",
                "/tokens/jwt": Secrets.webIdentityToken,
            ]),
            homeDirectory: "/home/op")
        _ = try await ProfileCredentialsProvider(transport: transport, environment: environment).credentials()
        let fields = formFields(try #require(transport.exchanges.first).bodyText)
        #expect(fields["WebIdentityToken"] == Secrets.webIdentityToken)
        #expect(fields["RoleSessionName"] == "from-config")
        #expect(transport.exchanges.first?.request.authority == "sts.us-west-2.amazonaws.com")
    }

    // MARK: Default chain

    /// A transport that answers STS, the container endpoint and IMDS, and records who was asked.
    static func everything() -> ScriptedTransport {
        ScriptedTransport { request, body in
            let authority = request.authority ?? ""
            if authority.hasPrefix("sts.") {
                let action = formFields(String(decoding: body ?? [], as: UTF8.self))["Action"] ?? "?"
                return (HTTPResponse(status: .ok), Array(stsSuccessXML(action: action, accessKeyID: "ASIAFROMSTS000000001").utf8))
            }
            if authority == "169.254.170.2" || authority == "169.254.170.23" {
                return (HTTPResponse(status: .ok), Array(#"{"AccessKeyId":"ASIAFROMCONTAINER001","SecretAccessKey":"s","Token":"t","Expiration":"2027-01-15T08:00:00Z"}"#.utf8))
            }
            return try await ContainerAndIMDSTests.imds().send(request, body: body)
        }
    }

    static let chainCases: [(String, [String: String], String?, String, String)] = [
        ("environment first", ["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "s", "AWS_ROLE_ARN": "arn:aws:iam::1:role/x",
                               "AWS_WEB_IDENTITY_TOKEN_FILE": "/token", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/creds"],
         "[default]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = s\n", "AKIDENV", ""),
        ("web identity before profile", ["AWS_ROLE_ARN": "arn:aws:iam::111122223333:role/irsa", "AWS_WEB_IDENTITY_TOKEN_FILE": "/token",
                                         "AWS_REGION": "eu-west-1"],
         "[default]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = s\n", "ASIAFROMSTS000000001", "sts.eu-west-1.amazonaws.com"),
        ("profile before container", ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/creds"],
         "[default]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = s\n", "AKIDPROFILE", ""),
        ("container when the profile has no credentials", ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://169.254.170.23/v1/credentials"],
         "[default]\nregion = eu-west-1\n", "ASIAFROMCONTAINER001", "169.254.170.23"),
        ("IMDS last", [:], nil, "ASIAIMDS000000000001", "169.254.169.254"),
    ]

    @Test(arguments: chainCases)
    func defaultChainOrder(name: String, variables: [String: String], credentialsFile: String?, expectedKey: String, expectedHost: String) async throws {
        let transport = Self.everything()
        var files = ["/token": Secrets.webIdentityToken]
        if let credentialsFile { files["/home/op/.aws/credentials"] = credentialsFile }
        let environment = AWSEnvironment(variables: variables, fileSystem: AWSInMemoryFileSystem(files), homeDirectory: "/home/op")
        let credentials = try await DefaultCredentialsChain(transport: transport, environment: environment).credentials()
        #expect(credentials.accessKeyID == expectedKey, "\(name)")
        #expect((transport.exchanges.first?.request.authority ?? "") == expectedHost, "\(name)")
    }

    @Test func aConfiguredSourceThatFailsStopsTheChain() async throws {
        // A rejected web identity token must not fall through to the node's instance role.
        let transport = ScriptedTransport { request, _ in
            if request.authority?.hasPrefix("sts.") == true {
                return (HTTPResponse(status: .badRequest), Array(stsErrorXML(code: "InvalidIdentityToken", message: "expired").utf8))
            }
            return try await ContainerAndIMDSTests.imds().send(request, body: nil)
        }
        let environment = AWSEnvironment(
            variables: ["AWS_ROLE_ARN": "arn:aws:iam::111122223333:role/irsa", "AWS_WEB_IDENTITY_TOKEN_FILE": "/token"],
            fileSystem: AWSInMemoryFileSystem(["/token": Secrets.webIdentityToken]))
        await #expect(throws: AWSCredentialsError(code: .invalidIdentityToken)) {
            try await DefaultCredentialsChain(transport: transport, environment: environment).credentials()
        }
        #expect(transport.requestCount == 1)

        let partial = AWSEnvironment(variables: ["AWS_ACCESS_KEY_ID": "AKID"])
        await #expect(throws: AWSCredentialsError(code: .invalidConfiguration)) {
            try await DefaultCredentialsChain(transport: transport, environment: partial).credentials()
        }
        let missingProfile = AWSEnvironment(variables: ["AWS_PROFILE": "nope"], homeDirectory: "/home/op")
        await #expect(throws: AWSCredentialsError(code: .profileNotFound)) {
            try await DefaultCredentialsChain(transport: transport, environment: missingProfile).credentials()
        }
    }

    @Test func nothingConfiguredIsCredentialsNotFound() async throws {
        let unreachable = ScriptedTransport { _, _ in throw HTTPTransportError(code: .connectionFailed, reason: "no route") }
        let error = try await #require(throws: AWSCredentialsError.self) {
            try await DefaultCredentialsChain(transport: unreachable, environment: AWSEnvironment(fileSystem: AWSInMemoryFileSystem())).credentials()
        }
        #expect(error.code == .credentialsNotFound)
        #expect((error.underlying as? AWSCredentialsError)?.code == .transportFailed)
        #expect(error.reason.contains("web identity"))

        let disabled = AWSEnvironment(variables: ["AWS_EC2_METADATA_DISABLED": "true"])
        let noIMDS = try await #require(throws: AWSCredentialsError.self) {
            try await DefaultCredentialsChain(transport: unreachable, environment: disabled).credentials()
        }
        #expect(noIMDS.code == .credentialsNotFound)
        #expect(unreachable.requestCount == 1, "IMDS was tried once, then skipped when disabled")
    }

    @Test func theChainIdentityIsStableAndNotSecret() {
        let environment = AWSEnvironment(variables: [
            "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY": Secrets.secretKey,
            "AWS_ROLE_ARN": "arn:aws:iam::111122223333:role/irsa", "AWS_CONTAINER_AUTHORIZATION_TOKEN": Secrets.containerToken,
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://169.254.170.23/v1/credentials?token=x",
        ])
        let chain = DefaultCredentialsChain(transport: Self.everything(), environment: environment)
        #expect(chain.identity == DefaultCredentialsChain(transport: Self.everything(), environment: environment).identity)
        let text = "\(chain.identity) \(chain.identity.principal)"
        #expect(Secrets.leaked(in: text).isEmpty)
        #expect(!text.contains("token=x"))
        #expect(chain.identity.principal.contains("arn:aws:iam::111122223333:role/irsa"))
        #expect(chain.identity != DefaultCredentialsChain(transport: Self.everything(), environment: AWSEnvironment()).identity)
    }
}
