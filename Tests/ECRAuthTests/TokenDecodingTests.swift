import AWSSigV4
import Foundation
import OCIReference
import HTTPTypes
import Testing

@testable import ECRAuth

/// Decoding `GetAuthorizationToken` responses: the token, the expiry, and every malformed shape.
struct TokenDecodingTests {
    @Test func decodesAPrivateResponse() async throws {
        let transport = ScriptedTransport([ECRResponses.ok()])
        let client = makeClient(transport: transport)
        let token = try await client.authorizationToken(for: privateRegistry)
        #expect(token.username == "AWS")
        #expect(token.password == Secrets.password)
        #expect(token.proxyEndpoint == ECRResponses.proxyEndpoint)
        #expect(token.expiresAt == Date(timeIntervalSince1970: 1_800_043_200))
        #expect(token.obtainedAt == referenceDate)
        #expect(token.registry == privateRegistry)
        #expect(token.lifetime == 43_200)
        #expect(token.basicAuthCredentials == Secrets.encodedToken)
    }

    @Test func decodesAnECRPublicResponse() async throws {
        let transport = ScriptedTransport([ECRResponses.ok(ECRResponses.publicSuccess())])
        let client = makeClient(transport: transport)
        let token = try await client.authorizationToken(for: ECRRegistry("public.ecr.aws")!)
        #expect(token.password == Secrets.password)
        #expect(token.proxyEndpoint == nil)
        let request = try #require(transport.exchanges.first?.request)
        #expect(request.authority == "api.ecr-public.us-east-1.amazonaws.com")
        #expect(request.headerFields[.xAmzTarget] == "SpencerFrontendService.GetAuthorizationToken")
        let authorization = try #require(request.headerFields[.authorization])
        #expect(authorization.contains("/us-east-1/ecr-public/aws4_request"))
    }

    /// `expiresAt` arrives in any JSON number notation: moto sends an integer, AWS a float such as
    /// `1.7385984915E9`.
    @Test(arguments: [
        ("1738598491.5", 1_738_598_491.5), ("1.7385984915E9", 1_738_598_491.5), ("1.7385984915e+9", 1_738_598_491.5),
        ("1420070400", 1_420_070_400), ("1420070400.0", 1_420_070_400), ("17385984915E-1", 1_738_598_491.5),
    ])
    func expiresAtInAnyNumberNotation(text: String, seconds: Double) throws {
        let body = Array(ECRResponses.success(expiresAt: text).utf8)
        let data = try GetAuthorizationTokenDecoder.decode(body, isPublic: false, requestID: nil)
        #expect(data.expiresAt.timeIntervalSince1970 == seconds)
    }

    /// The password is everything after the first `:`, exactly as `aws ecr get-login-password`
    /// prints it for the tokens ECR issues (and as amazon-ecr-credential-helper's `SplitN(…, 2)`
    /// splits any token).
    @Test(arguments: [
        ("AWS:\(Secrets.password)", "AWS", Secrets.password),
        ("AWS:a:b:c", "AWS", "a:b:c"),
        ("AWS:pass=word/+", "AWS", "pass=word/+"),
        ("user:ü-päss", "user", "ü-päss"),
        ("AWS:x", "AWS", "x"),
    ])
    func splitsAtTheFirstColon(decoded: String, username: String, password: String) throws {
        let (user, pass) = try GetAuthorizationTokenDecoder.splitToken(base64(decoded), service: "ECR", requestID: nil)
        #expect(user == username)
        #expect(pass == password)
    }

    /// Tokens that are not base64 of `user:password` are typed errors that never quote the token.
    @Test(arguments: [
        ("QVdTOm5vY29sb24", "length"),  // unpadded
        ("QVdT OnBhc3N3b3J", "alphabet"),  // a space
        ("QVdTOnBhc3N3b3Jk\n", "length"),  // a line break
        ("QVdT*nBhc3N3b3Jk", "alphabet"),
        ("QV=TOnBhc3N3b3Jk", "alphabet"),  // padding in the middle
        ("====", "alphabet"),
        ("", "empty"),
    ])
    func nonBase64TokensAreRefused(token: String, what: String) throws {
        let error = try #require(throws: ECRAuthError.self) {
            try GetAuthorizationTokenDecoder.splitToken(token, service: "ECR", requestID: nil)
        }
        #expect(error.code == .invalidToken)
        #expect(error.reason.contains("not base64"))
        #expect(error.reason.contains(what), "\(error)")
        if token.count > 4 { #expect(!"\(error)".contains(token.trimmingCharacters(in: .whitespacesAndNewlines))) }
    }

    @Test(arguments: [
        (base64("AWS\(Secrets.password)"), "without ':'"),
        (base64(":\(Secrets.password)"), "empty user name"),
        (base64("AWS:"), "empty password"),
        (Data([0x41, 0x57, 0x53, 0x3A, 0xFF, 0xFE]).base64EncodedString(), "not UTF-8"),
    ])
    func tokensThatAreNotUserColonPasswordAreRefused(token: String, what: String) throws {
        let error = try #require(throws: ECRAuthError.self) {
            try GetAuthorizationTokenDecoder.splitToken(token, service: "ECR", requestID: nil)
        }
        #expect(error.code == .invalidToken)
        #expect(error.reason.contains(what), "\(error)")
        #expect(Secrets.leaked(in: "\(error)").isEmpty)
    }

    /// Malformed and incomplete documents: each is ``ECRAuthError/Code/invalidResponse`` (or
    /// `invalidToken`), names what is missing, and holds no secret.
    @Test(arguments: [
        ("", "not JSON"),
        ("<html>503</html>", "not JSON"),
        (#"{"authorizationData": [{"authorizationToken": "\#(Secrets.encodedToken)", "expiresAt": 1}"#, "not JSON"),
        (#"{"authorizationData": [{"authorizationToken": "\#(Secrets.encodedToken)", "expiresAt": 1}]} x"#, "not JSON"),
        (#"[]"#, "not a JSON object"),
        (#"{}"#, "no authorizationData"),
        (#"{"authorizationData": []}"#, "empty authorizationData"),
        (#"{"authorizationData": {"authorizationToken": "x"}}"#, "not a list"),
        (#"{"authorizationData": ["x"]}"#, "not an object"),
        (#"{"authorizationData": [{"expiresAt": 1800043200, "proxyEndpoint": "https://x"}]}"#, "no authorizationToken"),
        (#"{"authorizationData": [{"authorizationToken": 5, "expiresAt": 1800043200, "proxyEndpoint": "https://x"}]}"#, "not a string"),
        (#"{"authorizationData": [{"authorizationToken": "\#(Secrets.encodedToken)", "proxyEndpoint": "https://x"}]}"#, "no expiresAt"),
        (
            #"{"authorizationData": [{"authorizationToken": "\#(Secrets.encodedToken)", "expiresAt": "2027-01-15T20:00:00Z", "proxyEndpoint": "https://x"}]}"#,
            "not epoch seconds"
        ),
        (#"{"authorizationData": [{"authorizationToken": "\#(Secrets.encodedToken)", "expiresAt": -5, "proxyEndpoint": "https://x"}]}"#, "not epoch seconds"),
        (#"{"authorizationData": [{"authorizationToken": "\#(Secrets.encodedToken)", "expiresAt": 1e400, "proxyEndpoint": "https://x"}]}"#, "not epoch seconds"),
        (#"{"authorizationData": [{"authorizationToken": "\#(Secrets.encodedToken)", "expiresAt": 1800043200}]}"#, "no proxyEndpoint"),
        (#"{"authorizationData": [{"authorizationToken": "\#(Secrets.encodedToken)", "expiresAt": 1800043200, "proxyEndpoint": 7}]}"#, "not a string"),
    ])
    func malformedDocumentsAreTypedErrors(body: String, what: String) async throws {
        let transport = ScriptedTransport([ECRResponses.ok(body)])
        let client = makeClient(transport: transport)
        let error = try await #require(throws: ECRAuthError.self) { try await client.authorizationToken(for: privateRegistry) }
        #expect(error.code == .invalidResponse, "\(error)")
        #expect(error.reason.contains(what), "\(error)")
        #expect(error.isRetryable == false)
        #expect(error.requestID == "11111111-2222-3333-4444-555555555555")
        #expect(Secrets.leaked(in: "\(error)").isEmpty, "\(error)")
        #expect(transport.requestCount == 1, "a malformed answer is not retried")
    }

    @Test func anOversizedBodyIsRefusedUnread() async throws {
        let huge = #"{"x": ""# + String(repeating: "a", count: 300_000) + #""}"#
        let transport = ScriptedTransport([ECRResponses.ok(huge)])
        let error = try await #require(throws: ECRAuthError.self) {
            try await makeClient(transport: transport).authorizationToken(for: privateRegistry)
        }
        #expect(error.code == .invalidResponse)
        #expect(error.reason.contains("more than"))
    }

    @Test func aTokenWithoutAColonFromTheServerIsATypedError() async throws {
        let transport = ScriptedTransport([ECRResponses.ok(ECRResponses.success(token: base64("AWS" + Secrets.password)))])
        let error = try await #require(throws: ECRAuthError.self) {
            try await makeClient(transport: transport).authorizationToken(for: privateRegistry)
        }
        #expect(error.code == .invalidToken)
        #expect(Secrets.leaked(in: "\(error)").isEmpty)
    }

    @Test func nonBase64FromTheServerIsATypedError() async throws {
        let transport = ScriptedTransport([ECRResponses.ok(ECRResponses.success(token: "not base64!"))])
        let error = try await #require(throws: ECRAuthError.self) {
            try await makeClient(transport: transport).authorizationToken(for: privateRegistry)
        }
        #expect(error.code == .invalidToken)
        #expect(error.reason.contains("not base64"))
    }

    /// moto returns a token that expired on 2015-01-01: the client returns it as issued and says
    /// so; the cache refuses it (see ``TokenCacheTests``).
    @Test func anAlreadyExpiredTokenIsReturnedMarkedExpired() async throws {
        let body = #"{"authorizationData": [{"authorizationToken": "QVdTOjEyMzQ1Njc4OTAxMi1hdXRoLXRva2Vu", "expiresAt": 1420070400, "proxyEndpoint": "https://123456789012.dkr.ecr.eu-central-1.amazonaws.com"}]}"#
        let transport = ScriptedTransport([ECRResponses.ok(body)])
        let token = try await makeClient(transport: transport).authorizationToken(for: privateRegistry)
        #expect(token.password == "123456789012-auth-token")
        #expect(token.isExpired(now: referenceDate))
        #expect(token.remainingValidity(now: referenceDate) < 0)
        #expect(token.lifetime < 0)
    }
}

/// `token.password` against the decoding of `aws ecr get-login-password` itself
/// (`awscli/customizations/ecr.py`: `b64decode(token).decode()`, then `_, password =
/// auth_token.split(':')`), run by Python on 300 random tokens.
struct AWSCLIDifferentialTests {
    @Test func passwordsMatchTheAWSCLI() throws {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_.~!\"#$%&'()*,;<>?@[]^`{|} üßé€😀")
        let tokens = (0..<300).map { _ -> String in
            let length = Int.random(in: 1...400, using: &generator)
            let password = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            return base64("AWS:" + password)
        }
        let script = """
            import base64, sys
            for line in sys.stdin.read().split():
                auth_token = base64.b64decode(line).decode()
                _, password = auth_token.split(':')
                sys.stdout.write(base64.b64encode(password.encode()).decode() + "\\n")
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(tokens.joined(separator: "\n").utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let cliPasswords = String(decoding: data, as: UTF8.self).split(separator: "\n").map {
            String(decoding: Data(base64Encoded: String($0))!, as: UTF8.self)
        }
        try #require(cliPasswords.count == tokens.count)
        for (token, cliPassword) in zip(tokens, cliPasswords) {
            let (_, password) = try GetAuthorizationTokenDecoder.splitToken(token, service: "ECR", requestID: nil)
            #expect(Array(password.utf8) == Array(cliPassword.utf8))
        }
    }
}

/// Mutated and random answers: every one decodes or throws a typed error; none crashes, none
/// leaks the token into an error.
struct HostileResponseTests {
    @Test func mutatedSuccessBodiesNeverCrash() throws {
        var generator = SystemRandomNumberGenerator()
        let valid = Array(ECRResponses.success().utf8)
        let interesting: [UInt8] = Array("{}[]\":,\\0123456789eE.-+ntf u".utf8) + [0x00, 0x1F, 0x7F, 0xC3, 0xFF]
        for _ in 0..<3_000 {
            var body = valid
            for _ in 0..<Int.random(in: 1...6, using: &generator) {
                let position = Int.random(in: 0..<body.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: body[position] = interesting.randomElement(using: &generator)!
                case 1: body.remove(at: position)
                default: body.insert(interesting.randomElement(using: &generator)!, at: position)
                }
                if body.isEmpty { body = [0x7B] }
            }
            do {
                _ = try GetAuthorizationTokenDecoder.decode(body, isPublic: Bool.random(using: &generator), requestID: nil)
            } catch {
                #expect(!error.reason.contains(Secrets.encodedToken))
                #expect(error.code == .invalidResponse || error.code == .invalidToken)
            }
        }
    }

    @Test func randomErrorBodiesNeverCrash() {
        var generator = SystemRandomNumberGenerator()
        let fragments = ["<Error>", "</Error>", "<Code>", "</Code>", "{", "}", "\"__type\"", ":", "\"x#Y:z\"", "<!DOCTYPE a>", "&amp;", "\u{0}"]
        for _ in 0..<2_000 {
            let body = (0..<Int.random(in: 0...12, using: &generator)).map { _ in fragments.randomElement(using: &generator)! }.joined()
            let error = GetAuthorizationTokenDecoder.error(
                status: Int.random(in: 300...599, using: &generator), headers: [:], body: Array(body.utf8), service: "ECR",
                secrets: [Secrets.secretKey])
            #expect(error.httpStatus != nil)
        }
    }
}
