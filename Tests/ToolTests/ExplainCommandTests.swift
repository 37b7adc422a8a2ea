import Foundation
import Testing

/// `ecr-fleet-auth explain`, run as a process on the bundled examples.
struct ExplainCommandTests {
    static let safe = ["explain", "Examples/fleet/gitrepo.yaml", "--checkout", "Examples/fleet/repo"]
    static let unsafe = ["explain", "Examples/fleet/gitrepo-unsafe-regex.yaml", "--checkout", "Examples/fleet/repo"]

    @Test func theSafeExampleSendsTheCredentialsOnlyToItsRegistry() throws {
        let result = try ToolProcess.run(Self.safe)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.isEmpty)
        let text = result.standardOutput
        #expect(text.hasPrefix("GitRepo fleet-default/apps\n"))
        #expect(text.contains("credentials  helmSecretName \"ecr-credentials\""))
        #expect(text.contains("bundle apps/nginx  (apps/nginx/fleet.yaml)"))
        #expect(text.contains("helm  oci://123456789012.dkr.ecr.eu-central-1.amazonaws.com/nginx  version 19.0.1"))
        #expect(text.contains("credentials SENT: helmRepoURLRegex matches"))
        #expect(text.contains("Fleet logs in to 123456789012.dkr.ecr.eu-central-1.amazonaws.com"))
        #expect(text.contains("no leak"))
        #expect(text.hasSuffix("\nno findings\n"))
    }

    @Test func theUnsafeExampleIsFlaggedWithALeakingURLAndAFix() throws {
        let result = try ToolProcess.run(Self.unsafe)
        #expect(result.status == 1)
        #expect(result.standardError.isEmpty)
        let text = result.standardOutput
        #expect(text.contains(#"LEAK      oci://a/.dkr.ecr..amazonaws.com is on host "a" and receives the credentials"#))
        #expect(text.contains("error: leak: a URL on another host receives the credentials"))
        #expect(text.contains(#"suggested helmRepoURLRegex: '^oci://123456789012\.dkr\.ecr\.eu-central-1\.amazonaws\.com/'"#))
        #expect(text.hasSuffix("\n1 error, 1 warning\n"))
    }

    @Test func jsonForScripts() throws {
        let result = try ToolProcess.run(Self.unsafe + ["--json"])
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(object["gitRepo"] as? String == "apps")
        #expect(object["credentialMode"] as? String == "helmSecretName")
        #expect(object["secret"] as? String == "ecr-credentials")
        #expect(object["errors"] as? Int == 1)
        let audit = try #require(object["audit"] as? [String: Any])
        #expect(audit["safe"] as? Bool == false)
        #expect(audit["leakWitness"] as? String == "oci://a/.dkr.ecr..amazonaws.com")
        let bundles = try #require(object["bundles"] as? [[String: Any]])
        let chart = try #require((bundles.first?["charts"] as? [[String: Any]])?.first)
        #expect(chart["sendsCredentials"] as? Bool == true)
        #expect(chart["matchedField"] as? String == "helm.chart")
        #expect(chart["ociLoginHost"] as? String == "123456789012.dkr.ecr.eu-central-1.amazonaws.com")
    }

    @Test func aLegacyFleetReleaseIsModelled() throws {
        // Under the legacy rule an empty regex sends the credentials to every chart.
        let directory = try TemporaryDirectory()
        let gitRepo = try String(contentsOf: ToolProcess.repositoryRoot.appendingPathComponent("Examples/fleet/gitrepo.yaml"), encoding: .utf8)
            .replacingOccurrences(of: #"  helmRepoURLRegex: '^oci://123456789012\.dkr\.ecr\.eu-central-1\.amazonaws\.com/'"#, with: "")
        let path = try directory.write("gitrepo.yaml", gitRepo)
        let legacy = try ToolProcess.run(["explain", path, "--checkout", "Examples/fleet/repo", "--fleet-version", "v0.12.3"])
        #expect(legacy.status == 1)
        #expect(legacy.standardOutput.contains("rules        legacy (v0.12.3, sticky strip)"))
        #expect(legacy.standardOutput.contains("credentials SENT"))
        #expect(legacy.standardOutput.contains("emptyPatternSendsEverywhere"))
        let current = try ToolProcess.run(["explain", path, "--checkout", "Examples/fleet/repo", "--fleet-version", "v0.12.15"])
        #expect(current.status == 1)
        #expect(current.standardOutput.contains("credentials not sent"))
        #expect(current.standardOutput.contains("emptyPatternNeverSends"))
    }

    @Test func aBrokenFleetYAMLIsReportedAndNamed() throws {
        let directory = try TemporaryDirectory()
        _ = try directory.write("checkout/apps/nginx/fleet.yaml", "helm: [\n")
        let result = try ToolProcess.run(["explain", "Examples/fleet/gitrepo.yaml", "--checkout", directory.path("checkout")])
        #expect(result.status == 2)
        #expect(result.standardError.hasPrefix("ecr-fleet-auth: bundle apps/nginx: "))
        #expect(result.standardError.split(separator: "\n").count == 1)
        #expect(result.standardOutput.contains("bundle apps/nginx"))
    }
}

/// `audit-regex`, `suggest-regex` and `decide`.
struct RegexCommandTests {
    static let host = "123456789012.dkr.ecr.eu-central-1.amazonaws.com"
    static let safePattern = #"^oci://123456789012\.dkr\.ecr\.eu-central-1\.amazonaws\.com/"#

    @Test func auditsASafePattern() throws {
        let result = try ToolProcess.run(["audit-regex", Self.safePattern, "--registry", Self.host])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("no leak"))
        #expect(result.standardOutput.hasSuffix("no findings\n"))
    }

    @Test func auditsTheGuidesPatternUnderALegacyRelease() throws {
        let result = try ToolProcess.run(
            ["audit-regex", #".*\.dkr\.ecr\..*\.amazonaws\.com"#, "--registry", Self.host, "--fleet-version", "v0.12.3", "--json"])
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(object["safe"] as? Bool == false)
        #expect(object["semantics"] as? String == "legacy (v0.12.3, sticky strip)")
        #expect(object["suggestedPattern"] as? String == Self.safePattern)
        let kinds = (object["findings"] as? [[String: Any]])?.compactMap { $0["kind"] as? String } ?? []
        #expect(kinds.contains("leak"))
        #expect(kinds.contains("unanchored"))
    }

    @Test func strictFailsOnWarnings() throws {
        // Anchored and safe (the host is spelled out), but with an unescaped dot in the path.
        let pattern = #"^oci://123456789012\.dkr\.ecr\.eu-central-1\.amazonaws\.com/charts.nginx"#
        let relaxed = try ToolProcess.run(["audit-regex", pattern, "--registry", Self.host])
        let strict = try ToolProcess.run(["audit-regex", pattern, "--registry", Self.host, "--strict"])
        #expect(relaxed.standardOutput.contains("warning: unescapedDot"))
        #expect(relaxed.status == 0)
        #expect(strict.status == 1)
    }

    @Test func suggestsFleetsPattern() throws {
        let one = try ToolProcess.run(["suggest-regex", Self.host])
        #expect(one.status == 0)
        #expect(one.standardOutput == Self.safePattern + "\n")
        let two = try ToolProcess.run(["suggest-regex", "123456789012.dkr.ecr.us-east-1.amazonaws.com", Self.host, "--yaml"])
        #expect(
            two.standardOutput
                == #"helmRepoURLRegex: '^(oci://123456789012\.dkr\.ecr\.eu-central-1\.amazonaws\.com/|oci://123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com/)'"#
                + "\n")
        let url = try ToolProcess.run(["suggest-regex", "https://charts.example.com/stable"])
        #expect(url.standardOutput == #"^https://charts\.example\.com/"# + "\n")
        // The suggestion passes its own audit.
        let audit = try ToolProcess.run(["audit-regex", Self.safePattern, "--registry", Self.host, "--strict"])
        #expect(audit.status == 0)
    }

    @Test func decidesPerURL() throws {
        let yes = try ToolProcess.run(["decide", Self.safePattern, "oci://\(Self.host)/nginx"])
        #expect(yes.status == 0)
        #expect(yes.standardOutput == "send     oci://\(Self.host)/nginx: helmRepoURLRegex matches\n")
        let no = try ToolProcess.run(["decide", Self.safePattern, "oci://\(Self.host)/nginx", "oci://\(Self.host).evil.example/x"])
        #expect(no.status == 1)
        #expect(no.standardOutput.contains("withhold oci://\(Self.host).evil.example/x: helmRepoURLRegex does not match"))
        let legacyEmpty = try ToolProcess.run(["decide", "", "oci://evil.example/x", "--fleet-version", "v0.13.10"])
        #expect(legacyEmpty.status == 0)
        #expect(legacyEmpty.standardOutput.hasPrefix("send"))
    }
}

/// A temporary directory removed when the value goes away.
final class TemporaryDirectory: Sendable {
    let url: URL

    init() throws {
        self.url = FileManager.default.temporaryDirectory.appendingPathComponent("ecr-fleet-auth-tool-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: self.url, withIntermediateDirectories: true)
    }

    func path(_ relative: String) -> String {
        self.url.appendingPathComponent(relative).path
    }

    /// Writes `contents` to `relative` (creating folders) and returns the file's path.
    @discardableResult
    func write(_ relative: String, _ contents: String) throws -> String {
        let file = self.url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: file)
        return file.path
    }

    deinit {
        try? FileManager.default.removeItem(at: self.url)
    }
}
