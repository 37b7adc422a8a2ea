import Foundation
import Testing

/// `ecr-fleet-auth parse`, run as a process.
struct ParseCommandTests {
    func json(_ arguments: [String]) throws -> [String: Any] {
        let result = try ToolProcess.run(["parse", "--json"] + arguments)
        #expect(result.status == 0, "\(result.standardError)")
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8))
        return try #require(object as? [String: Any])
    }

    @Test func anECRImageReference() throws {
        let fields = try self.json(["123456789012.dkr.ecr.eu-central-1.amazonaws.com/team/nginx:19.0.1"])
        #expect(fields["kind"] as? String == "image")
        #expect(fields["registry"] as? String == "123456789012.dkr.ecr.eu-central-1.amazonaws.com")
        #expect(fields["repository"] as? String == "team/nginx")
        #expect(fields["tag"] as? String == "19.0.1")
        #expect(fields["ecrAccountID"] as? String == "123456789012")
        #expect(fields["ecrRegion"] as? String == "eu-central-1")
        #expect(fields["ecrPartition"] as? String == "aws")
        #expect(fields["ecrFIPS"] as? Bool == false)
    }

    @Test func aDockerHubShortName() throws {
        let fields = try self.json(["nginx"])
        #expect(fields["name"] as? String == "docker.io/library/nginx")
        #expect(fields["familiar"] as? String == "nginx")
        #expect(fields["ecr"] as? Bool == false)
        let strict = try self.json(["--strict", "nginx"])
        #expect(strict["registry"] is NSNull)
        #expect(strict["repository"] as? String == "nginx")
    }

    @Test func anOCIChartWithABuildVersion() throws {
        let fields = try self.json(["oci://123456789012.dkr.ecr.eu-central-1.amazonaws.com/charts/nginx:19.0.1+build.1"])
        #expect(fields["kind"] as? String == "chart")
        #expect(fields["tag"] as? String == "19.0.1_build.1")
        #expect(fields["version"] as? String == "19.0.1+build.1")
        #expect(fields["loginHost"] as? String == "123456789012.dkr.ecr.eu-central-1.amazonaws.com")
        #expect(fields["chart"] as? String == "nginx")
    }

    @Test(arguments: ["public.ecr.aws", "https://public.ecr.aws/x/y", "123456789012.dkr-ecr.us-gov-west-1.on.aws"])
    func registries(input: String) throws {
        let fields = try self.json([input])
        #expect(fields["kind"] as? String == "registry")
        #expect(fields["ecr"] as? Bool == true)
    }

    @Test func textOutputIsAligned() throws {
        let result = try ToolProcess.run(["parse", "123456789012.dkr.ecr-fips.us-east-1.amazonaws.com/app@sha256:" + String(repeating: "a", count: 64)])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("\necrFIPS       yes\n"))
        #expect(result.standardOutput.contains("digest        sha256:aaaa"))
    }

    @Test(arguments: [
        ("Bad:Ref", "lowercase"),
        ("oci://", "oci://"),
        ("https://example.com", "neither"),
        ("a" + String(repeating: "/b", count: 200), "255"),
        ("", "'"),
    ])
    func badReferencesGetOneLineAndStatus2(input: String, word: String) throws {
        let result = try ToolProcess.run(["parse", input])
        #expect(result.status == 2)
        #expect(result.standardError.hasPrefix("ecr-fleet-auth: "))
        #expect(result.standardError.split(separator: "\n").count == 1, "\(result.standardError)")
        #expect(result.standardError.contains(word), "\(result.standardError)")
    }
}
