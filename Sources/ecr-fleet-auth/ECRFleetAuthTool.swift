import ArgumentParser
import Foundation

@main
struct ECRFleetAuthTool: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ecr-fleet-auth",
        abstract: "Private Helm charts from Amazon ECR to Rancher Fleet: explain, audit, rotate.",
        discussion: """
            Start with `explain`: which charts of a GitRepo get which credentials, and whether its \
            helmRepoURLRegex can leak them. `rotate` keeps the Secret Fleet reads filled with a \
            valid ECR password.

            EXAMPLES:
              ecr-fleet-auth explain Examples/fleet/gitrepo.yaml --checkout Examples/fleet/repo
              ecr-fleet-auth audit-regex '.*\\.dkr\\.ecr\\..*\\.amazonaws\\.com' --registry 123456789012.dkr.ecr.eu-central-1.amazonaws.com
              ecr-fleet-auth token --registry 123456789012.dkr.ecr.eu-central-1.amazonaws.com
              ecr-fleet-auth rotate --namespace fleet-default --secret-name ecr-credentials \\
                  --registry 123456789012.dkr.ecr.eu-central-1.amazonaws.com --watch

            \(ToolExit.helpText)
            """,
        version: "0.1.0-dev",
        subcommands: [
            ExplainCommand.self, AuditRegexCommand.self, SuggestRegexCommand.self, DecideCommand.self,
            ParseCommand.self, TokenCommand.self, RotateCommand.self, SignCommand.self,
        ]
    )

    /// Parses, runs, and turns every failure into one line on standard error and a documented
    /// exit code.
    static func main() async {
        do {
            var command = try Self.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as ToolExitRequest {
            Foundation.exit(error.code)
        } catch {
            if let toolError = ToolError.from(error) {
                Self.fail(toolError.message, code: toolError.exitCode)
            }
            let code = Self.exitCode(for: error)
            if code == .success || code.rawValue == 0 {
                // --help and --version: ArgumentParser prints them.
                Self.exit(withError: error)
            }
            Self.fail(Self.message(for: error), code: ToolExit.usage)
        }
    }

    private static func fail(_ message: String, code: Int32) -> Never {
        let line = message.split(whereSeparator: \.isNewline).first.map(String.init) ?? message
        FileHandle.standardError.write(Data("ecr-fleet-auth: \(line.singleLine)\n".utf8))
        Foundation.exit(code)
    }
}

/// Ends the tool with an exit code after its output was written: `explain` and `audit-regex`
/// with findings (1), `decide` with a "no".
struct ToolExitRequest: Error {
    var code: Int32
}
