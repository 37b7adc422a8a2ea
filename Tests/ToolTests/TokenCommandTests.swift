import Foundation
import MotoTestSupport
import Testing

/// `ecr-fleet-auth token` against a real moto_server that enforces IAM authentication.
@Suite(.serialized)
struct TokenCommandTests {
    @Test func printsWhatTheAWSCLIPrintsAndTheOtherFormats() async throws {
        let peers = try await EndToEndPeers.start(kubernetes: false)
        defer { peers.stop() }

        // `aws ecr get-login-password` prints the password and one newline.
        let password = try ToolProcess.run(["token"] + peers.ecrArguments, environment: peers.environment)
        #expect(password.status == 0, "\(password.standardError)")
        #expect(password.standardOutput == peers.moto.ecrPassword + "\n")
        #expect(password.standardError.isEmpty)

        let json = try ToolProcess.run(["token", "--output", "json"] + peers.ecrArguments, environment: peers.environment)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect(object["username"] as? String == "AWS")
        #expect(object["password"] as? String == peers.moto.ecrPassword)
        #expect(object["registry"] as? String == peers.moto.ecrRegistryHost)
        let expiresAt = try #require(object["expiresAt"] as? String)
        let expiry = try #require(try? Date(expiresAt, strategy: .iso8601))
        #expect(expiry.timeIntervalSinceNow > 11 * 3600)

        let secret = try ToolProcess.run(
            ["token", "--output", "secret", "--namespace", "fleet-default", "--secret-name", "ecr-credentials"] + peers.ecrArguments,
            environment: peers.environment)
        #expect(secret.status == 0)
        #expect(secret.standardOutput.hasPrefix("apiVersion: v1\nkind: Secret\nmetadata:\n  name: \"ecr-credentials\"\n  namespace: \"fleet-default\"\n"))
        #expect(secret.standardOutput.contains("  password: \"\(Data(peers.moto.ecrPassword.utf8).base64EncodedString())\"\n"))
        #expect(secret.standardOutput.contains("ecr-fleet-auth/expires-at"))

        let docker = try ToolProcess.run(["token", "--output", "dockerconfigjson"] + peers.ecrArguments, environment: peers.environment)
        let config = try #require(try JSONSerialization.jsonObject(with: Data(docker.standardOutput.utf8)) as? [String: Any])
        let entry = try #require((config["auths"] as? [String: [String: String]])?[peers.moto.ecrRegistryHost])
        #expect(entry["auth"] == Data("AWS:\(peers.moto.ecrPassword)".utf8).base64EncodedString())

        // A wrong secret is refused by moto's signature check: exit 3, and the secret is not shown.
        var wrong = peers.environment
        wrong["AWS_SECRET_ACCESS_KEY"] = "WRONG-SECRET-\(UUID().uuidString)"
        let refused = try ToolProcess.run(["token"] + peers.ecrArguments, environment: wrong)
        #expect(refused.status == 3)
        #expect(refused.standardError.hasPrefix("ecr-fleet-auth: ECR: "))
        #expect(refused.standardError.split(separator: "\n").count == 1, "\(refused.standardError)")
        #expect(refused.standardError.lowercased().contains("signature"), "\(refused.standardError)")
        #expect(!refused.standardError.contains(wrong["AWS_SECRET_ACCESS_KEY"] ?? "-"))
        #expect(refused.standardOutput.isEmpty)
        peers.expectNoSecret(in: refused.standardError, password.standardError)
    }

    @Test func anExpiredTokenIsRefusedWithStatus3() async throws {
        // Without a token lifetime moto issues tokens that expired in 2015.
        let peers = try await EndToEndPeers.start(ecrTokenLifetime: nil, kubernetes: false)
        defer { peers.stop() }
        let result = try ToolProcess.run(["token"] + peers.ecrArguments, environment: peers.environment)
        #expect(result.status == 3)
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError.contains("expires at"), "\(result.standardError)")
        #expect(result.standardError.split(separator: "\n").count == 1)
        peers.expectNoSecret(in: result.standardError)
    }

    @Test func aPrincipalWithoutThePermissionIsAnAWSError() async throws {
        let peers = try await EndToEndPeers.start(allowing: ["sts:GetCallerIdentity"], kubernetes: false)
        defer { peers.stop() }
        let result = try ToolProcess.run(["token"] + peers.ecrArguments, environment: peers.environment)
        #expect(result.status == 3)
        #expect(result.standardError.contains("AccessDenied"), "\(result.standardError)")
        #expect(result.standardError.split(separator: "\n").count == 1)
    }

    @Test func noCredentialsAnywhereIsAnAWSError() throws {
        let result = try ToolProcess.run(
            ["token", "--registry", "123456789012.dkr.ecr.eu-central-1.amazonaws.com", "--endpoint-url", "http://127.0.0.1:9"],
            environment: ["AWS_EC2_METADATA_DISABLED": "true"])
        #expect(result.status == 3)
        #expect(result.standardError.contains("no credentials"), "\(result.standardError)")
        #expect(result.standardError.split(separator: "\n").count == 1)
    }
}
