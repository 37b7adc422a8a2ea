import ArgumentParser
import FleetAuth

/// `ecr-fleet-auth decide`: does Fleet send the credentials for these chart URLs?
struct DecideCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decide",
        abstract: "Answer whether Fleet sends the credentials for chart URLs under a helmRepoURLRegex.",
        discussion: """
            Each URL is the string Fleet matches: a fleet.yaml's helm.repo, or its helm.chart \
            when repo is empty. Prints one line per URL, "send" or "withhold" with the reason, \
            under the rules of the Fleet release given. Exit status 1 when any URL is withheld.

            EXAMPLES:
              ecr-fleet-auth decide '^oci://123456789012\\.dkr\\.ecr\\.eu-central-1\\.amazonaws\\.com/' \\
                  oci://123456789012.dkr.ecr.eu-central-1.amazonaws.com/nginx
              ecr-fleet-auth decide '' oci://123456789012.dkr.ecr.eu-central-1.amazonaws.com/nginx --fleet-version v0.12.3
            """
    )

    @Argument(help: "The helmRepoURLRegex (Go regexp syntax; '' for none).")
    var pattern: String

    @Argument(help: "Chart URLs as written in fleet.yaml.")
    var urls: [String] = []

    @OptionGroup var fleet: FleetVersionOption

    func run() throws {
        guard !self.urls.isEmpty else {
            throw ToolError.usage("decide needs at least one chart URL")
        }
        let regex = HelmRepoURLRegex(self.pattern, semantics: try self.fleet.semantics())
        do {
            try regex.validate()
        } catch let error as FleetAuthError {
            throw ToolError.usage("bad regex \(String(reflecting: self.pattern)): \(error.reason)")
        }
        var withheld = false
        var text = ""
        for url in self.urls {
            let decision = try regex.decision(repo: url, chart: "")
            withheld = withheld || !decision.sendsCredentials
            text += "\(decision.sendsCredentials ? "send    " : "withhold") \(url): \(decision.reason)\n"
        }
        Output.write(text)
        if withheld {
            throw ToolExitRequest(code: ToolExit.findings)
        }
    }
}
