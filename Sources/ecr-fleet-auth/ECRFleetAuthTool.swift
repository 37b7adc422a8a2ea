import ArgumentParser
import Foundation

@main
struct ECRFleetAuthTool: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ecr-fleet-auth",
        abstract: "Private Helm charts from Amazon ECR to Rancher Fleet: sign, explain, rotate.",
        discussion: ToolExit.helpText,
        version: "0.1.0-dev",
        subcommands: [ParseCommand.self, SignCommand.self]
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
        } catch let error as ToolError {
            Self.fail(error.message, code: error.exitCode)
        } catch {
            let code = Self.exitCode(for: error)
            if code == .success || code.rawValue == 0 {
                // --help and --version: ArgumentParser prints them.
                Self.exit(withError: error)
            }
            Self.fail(Self.message(for: error), code: ToolExit.usage)
        }
    }

    private static func fail(_ message: String, code: Int32) -> Never {
        let line = message.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? message
        FileHandle.standardError.write(Data("ecr-fleet-auth: \(line)\n".utf8))
        Foundation.exit(code)
    }
}
