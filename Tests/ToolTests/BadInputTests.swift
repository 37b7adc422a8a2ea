import Foundation
import Testing

/// Every command's bad input: one line on standard error, starting with `ecr-fleet-auth: `, the
/// documented exit status, nothing on standard output.
struct BadInputTests {
    /// Files with bad content, made once for the whole table.
    static let files: TemporaryDirectory = {
        // swift-format-ignore
        guard let directory = try? TemporaryDirectory() else { fatalError("cannot create a temporary directory") }
        _ = try? directory.write("bad.yaml", "kind: GitRepo\nspec: [1\n")
        _ = try? directory.write(
            "bad-regex.yaml",
            "kind: GitRepo\nmetadata: {name: x}\nspec:\n  paths: [apps/nginx]\n  helmSecretName: s\n  helmRepoURLRegex: '(oci'\n")
        _ = try? directory.write("bad-field.yaml", "kind: GitRepo\nspec:\n  paths: 3\n")
        _ = try? directory.write("bad-kubeconfig", "clusters: [\n")
        _ = try? directory.write("secrets-path.yaml", "apps/*: [\n")
        return directory
    }()

    static let registry = "123456789012.dkr.ecr.eu-central-1.amazonaws.com"
    static let rotate = ["rotate", "--namespace", "fleet-default", "--secret-name", "ecr-credentials", "--registry", registry]

    @Test(arguments: [
        // explain
        (["explain", "/no/such/gitrepo.yaml"], Int32(2), "no such file"),
        (["explain", "Examples/fleet"], 2, "is a directory"),
        (["explain", files.path("bad.yaml")], 2, "not valid YAML"),
        (["explain", files.path("bad-field.yaml")], 2, "spec.paths"),
        (["explain", files.path("bad-regex.yaml"), "--checkout", "Examples/fleet/repo"], 2, "missing closing )"),
        (["explain", "Examples/fleet/gitrepo.yaml", "--checkout", "/no/such/checkout"], 2, "does not exist"),
        (["explain", "Examples/fleet/gitrepo.yaml"], 2, "no bundle found"),
        (["explain", "Examples/fleet/gitrepo.yaml", "--checkout", "Examples/fleet/repo", "--fleet-version", "v0.9"], 2, "--fleet-version"),
        (["explain", "Examples/fleet/gitrepo.yaml", "--checkout", "Examples/fleet/repo", "--secrets-path-file", files.path("secrets-path.yaml")], 2, "secrets-path.yaml"),
        (["explain", "Examples/fleet/gitrepo.yaml", "--no-such-flag"], 2, "--no-such-flag"),
        // audit-regex, suggest-regex, decide
        (["audit-regex", "(oci", "--registry", registry], 2, "missing closing )"),
        (["audit-regex", "a**", "--registry", registry], 2, "invalid nested repetition operator"),
        (["audit-regex", "^oci://"], 2, "--registry"),
        (["audit-regex", "^oci://", "--registry", "a/b"], 2, "not a host"),
        (["audit-regex", "^oci://", "--registry", registry, "--no-such-flag"], 2, "--no-such-flag"),
        (["suggest-regex", "bad host"], 2, "not a registry host"),
        (["suggest-regex"], 2, "at least one"),
        (["suggest-regex", registry, "--scheme", "1x"], 2, "--scheme"),
        (["suggest-regex", registry, "--no-such-flag"], 2, "--no-such-flag"),
        (["decide", "(", "oci://x/y"], 2, "missing closing )"),
        (["decide", "^oci://"], 2, "chart URL"),
        (["decide", "^oci://", "oci://x/y", "--no-such-flag"], 2, "--no-such-flag"),
        // parse
        (["parse", "nginx", "--no-such-flag"], 2, "--no-such-flag"),
        // token
        (["token", "--registry", "registry.example.com"], 2, "not an ECR registry host"),
        (["token", "--registry", registry, "--endpoint-url", "ftp://example.com"], 2, "--endpoint-url"),
        (["token", "--registry", registry, "--output", "yaml"], 2, "yaml"),
        (["token", "--registry", registry, "--output", "secret", "--secret-name", "Bad_Name"], 2, "--secret-name"),
        (["token", "--registry", registry, "--log-level", "loud"], 2, "--log-level"),
        (["token", "--no-such-flag"], 2, "--no-such-flag"),
        // rotate
        (["rotate", "--registry", registry], 2, "--secret-name"),
        (["rotate", "--secret-name", "ecr-credentials"], 2, "--registry"),
        (rotate + ["--format", "yaml"], 2, "yaml"),
        (rotate + ["--path", "apps/*"], 2, "--path needs --format secrets-path"),
        (rotate + ["--format", "secrets-path"], 2, "--path"),
        (rotate + ["--registry", "123456789012.dkr.ecr.us-east-1.amazonaws.com"], 2, "different ECR tokens"),
        (rotate + ["--namespace", "Fleet_Default"], 2, "--namespace"),
        (rotate + ["--label", "novalue"], 2, "--label"),
        (rotate + ["--refresh-ratio", "2"], 2, "--refresh-ratio"),
        (rotate + ["--kubeconfig", "/no/such/kubeconfig"], 4, "kubeconfig"),
        (rotate + ["--kubeconfig", files.path("bad-kubeconfig")], 4, "kubeconfig"),
        (rotate + ["--no-such-flag"], 2, "--no-such-flag"),
        // the tool
        (["frobnicate"], 2, "frobnicate"),
    ])
    func oneLineAndTheDocumentedStatus(arguments: [String], status: Int32, word: String) throws {
        let result = try ToolProcess.run(arguments, environment: ["AWS_EC2_METADATA_DISABLED": "true"])
        #expect(result.status == status, "\(arguments): \(result.standardError)")
        #expect(result.standardError.hasPrefix("ecr-fleet-auth: "), "\(result.standardError)")
        #expect(result.standardError.split(separator: "\n").count == 1, "\(result.standardError)")
        #expect(result.standardError.contains(word), "\(result.standardError)")
        #expect(result.standardOutput.isEmpty || arguments.first == "explain", "\(result.standardOutput)")
    }

    @Test(arguments: ["explain", "audit-regex", "suggest-regex", "decide", "parse", "token", "rotate", "sign"])
    func everyCommandHasExamplesAndTheRootListsExitCodes(command: String) throws {
        let help = try ToolProcess.run([command, "--help"])
        #expect(help.status == 0)
        #expect(help.standardOutput.contains("EXAMPLES:"), "\(command)")
        let root = try ToolProcess.run(["--help"])
        #expect(root.standardOutput.contains("EXIT CODES:"))
        #expect(root.standardOutput.contains(command))
    }
}
