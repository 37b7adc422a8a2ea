import Foundation
import Testing

/// `ecr-fleet-auth sign`, run as a process.
struct SignCommandTests {
    static let exampleCredentials = [
        "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
        "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    ]

    @Test func signsTheExampleRequestAsBotocoreDoes() throws {
        let result = try ToolProcess.run(
            ["sign", "--service", "ecr", "--region", "eu-central-1", "--date", "2026-11-29T12:00:00Z",
             "Examples/requests/ecr-get-authorization-token.http"],
            environment: Self.exampleCredentials)
        #expect(result.status == 0, "\(result.standardError)")
        // The signature botocore computes for this request (scripts/sigv4-botocore-examples.py).
        #expect(result.standardOutput.contains(
            "Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261129/eu-central-1/ecr/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
                + "Signature=8a113f40ff14ef3cfa6c8acb3f7b45b1106f2709c8fef894c4bd359d65c39207"))
        #expect(result.standardOutput.hasPrefix("# Canonical request\nPOST\n/\n\ncontent-type:application/x-amz-json-1.1\n"))
        #expect(result.standardOutput.contains("# String to sign\nAWS4-HMAC-SHA256\n20261129T120000Z\n20261129/eu-central-1/ecr/aws4_request\n"))
        #expect(!result.standardOutput.contains("wJalrXUtnFEMI"))
    }

    @Test func acceptsTheCompactDateAndStandardInput() throws {
        let request = "POST / HTTP/1.1\r\nHost: api.ecr.eu-central-1.amazonaws.com\r\nContent-Type: application/x-amz-json-1.1\r\n"
            + "X-Amz-Target: AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken\r\n\r\n{}"
        let result = try ToolProcess.run(
            ["sign", "--service", "ecr", "--region", "eu-central-1", "--date", "20261129T120000Z"],
            input: request, environment: Self.exampleCredentials)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("Signature=8a113f40ff14ef3cfa6c8acb3f7b45b1106f2709c8fef894c4bd359d65c39207"))
    }

    @Test func contentLengthKeepsAFinalNewlineInTheBody() throws {
        let arguments = ["sign", "--service", "ecr", "--region", "eu-central-1", "--date", "2026-11-29T12:00:00Z"]
        let head = "POST / HTTP/1.1\nHost: api.ecr.eu-central-1.amazonaws.com\nContent-Type: application/x-amz-json-1.1\n"
            + "X-Amz-Target: AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken\n"
        let trimmed = try ToolProcess.run(arguments, input: head + "\n{}\n", environment: Self.exampleCredentials)
        #expect(trimmed.standardOutput.contains("Signature=8a113f40ff14ef3cfa6c8acb3f7b45b1106f2709c8fef894c4bd359d65c39207"))
        let kept = try ToolProcess.run(arguments, input: head + "Content-Length: 3\n\n{}\n", environment: Self.exampleCredentials)
        #expect(kept.status == 0)
        // sha256("{}\n") is the payload hash now.
        #expect(kept.standardOutput.contains("\nca3d163bab055381827226140568f3bef7eaac187cebd76878e0b63e9e442356\n"))
        let short = try ToolProcess.run(arguments, input: head + "Content-Length: 9\n\n{}", environment: Self.exampleCredentials)
        #expect(short.status == 2)
        #expect(short.standardError.contains("Content-Length is 9"))
    }

    @Test func redactsTheSessionTokenUnlessAsked() throws {
        var environment = Self.exampleCredentials
        environment["AWS_ACCESS_KEY_ID"] = "ASIAIOSFODNN7EXAMPLE"
        environment["AWS_SESSION_TOKEN"] = "FwoGZXIvYXdzEJr//////////wEaDEXAMPLETOKEN+/="
        let arguments = ["sign", "--service", "sts", "--region", "us-east-1", "--date", "2026-11-29T12:00:00Z", "--presign", "900"]
        let input = "GET /?Action=GetCallerIdentity&Version=2011-06-15 HTTP/1.1\nHost: sts.amazonaws.com\n\n"
        let redacted = try ToolProcess.run(arguments, input: input, environment: environment)
        #expect(redacted.status == 0, "\(redacted.standardError)")
        #expect(!redacted.standardOutput.contains("EXAMPLETOKEN"))
        #expect(redacted.standardOutput.contains("X-Amz-Security-Token=<redacted>"))
        let revealed = try ToolProcess.run(arguments + ["--reveal-session-token"], input: input, environment: environment)
        // botocore's presigned URL for the same request (scripts/sigv4-botocore-examples.py).
        #expect(revealed.standardOutput.contains("X-Amz-Signature=5eb803e61492c702456c4db165106545e4d8aff1e16ef559fe269eeee9c79e31"))
    }

    @Test(arguments: [
        // (arguments, input, expected exit status, a word the one-line message must contain)
        (["sign", "--service", "ecr", "--region", "eu-central-1"], "", Int32(2), "empty"),
        (["sign", "--service", "ecr", "--region", "eu-central-1"], "GET / HTTP/1.1\n\n", 2, "no host"),
        (["sign", "--service", "ecr", "--region", "eu-central-1"], "GET /%zz HTTP/1.1\nHost: x\n\n", 2, "'%'"),
        (["sign", "--service", "ecr", "--region", "eu-central-1", "--presign", "0"], "GET / HTTP/1.1\nHost: x\n\n", 2, "lifetime"),
        (["sign", "--service", "ecr", "--region", "eu-central-1", "--date", "yesterday"], "GET / HTTP/1.1\nHost: x\n\n", 2, "--date"),
        (["sign", "--service", "ecr", "--region", "eu-central-1", "/no/such/file"], "", 2, "cannot open"),
        (["sign", "--service", "ecr"], "", 2, "region"),
        (["sign", "--service", "ecr", "--region", "eu-central-1", "--no-such-flag"], "", 2, "no-such-flag"),
        (["frobnicate"], "", 2, "frobnicate"),
    ])
    func badInputGetsOneLineAndTheUsageStatus(arguments: [String], input: String, status: Int32, word: String) throws {
        let result = try ToolProcess.run(arguments, input: input, environment: Self.exampleCredentials)
        #expect(result.status == status)
        #expect(result.standardError.hasPrefix("ecr-fleet-auth: "))
        #expect(result.standardError.split(separator: "\n").count == 1, "\(result.standardError)")
        #expect(result.standardError.contains(word), "\(result.standardError)")
        #expect(result.standardOutput.isEmpty)
    }

    @Test func missingCredentialsAreAnAWSError() throws {
        let result = try ToolProcess.run(
            ["sign", "--service", "ecr", "--region", "eu-central-1", "Examples/requests/ecr-get-authorization-token.http"])
        #expect(result.status == 3)
        #expect(result.standardError.contains("AWS_ACCESS_KEY_ID"))
    }

    @Test func helpListsExamplesAndExitCodes() throws {
        let root = try ToolProcess.run(["--help"])
        #expect(root.status == 0)
        #expect(root.standardOutput.contains("EXIT CODES"))
        let sign = try ToolProcess.run(["sign", "--help"])
        #expect(sign.status == 0)
        #expect(sign.standardOutput.contains("EXAMPLES"))
    }
}
