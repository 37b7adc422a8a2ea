import ArgumentParser
import FleetAuth
import OCIReference

/// `ecr-fleet-auth suggest-regex`: Fleet's own safe pattern for some registries.
struct SuggestRegexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suggest-regex",
        abstract: "Print the helmRepoURLRegex that sends the credentials to exactly these registries.",
        discussion: """
            Uses Fleet's own migration rule: ^ plus the escaped scheme://host[:port]/ of each \
            registry (several joined as ^(a|b)). The trailing / keeps hosts such as \
            registry.example.com.attacker.example out. Give hosts (the --scheme applies, oci by \
            default) or full URLs. The pattern is printed alone on standard output, so it can be \
            captured; --yaml prints the GitRepo line instead.

            EXAMPLES:
              ecr-fleet-auth suggest-regex 123456789012.dkr.ecr.eu-central-1.amazonaws.com
              ecr-fleet-auth suggest-regex 123456789012.dkr.ecr.eu-central-1.amazonaws.com 123456789012.dkr.ecr.us-east-1.amazonaws.com --yaml
              ecr-fleet-auth suggest-regex https://charts.example.com/stable
            """
    )

    @Argument(help: "Registry hosts (host[:port]) or repository URLs.")
    var registries: [String] = []

    @Option(help: "The scheme for hosts given without one.")
    var scheme = "oci"

    @Flag(help: "Print 'helmRepoURLRegex: <quoted pattern>' for a GitRepo spec.")
    var yaml = false

    func run() throws {
        guard !self.registries.isEmpty else {
            throw ToolError.usage("suggest-regex needs at least one registry host or URL")
        }
        guard let first = self.scheme.unicodeScalars.first, ("a"..."z").contains(first) || ("A"..."Z").contains(first),
            self.scheme.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "+-.".unicodeScalars.contains($0) })
        else {
            throw ToolError.usage("--scheme '\(self.scheme)' is not a URL scheme")
        }
        var urls: [String] = []
        for entry in self.registries {
            if entry.contains("://") {
                guard RegexSuggestion.escapedOrigin(of: entry) != nil else {
                    throw ToolError.usage("'\(entry)' is not a URL with a host")
                }
                urls.append(entry)
            } else {
                let host = ECRRegistry(entry).map(\.host) ?? entry
                do {
                    _ = try RegexSuggestion.pattern(forHosts: [host], scheme: self.scheme.lowercased())
                } catch let error as FleetAuthError {
                    throw ToolError.usage("'\(entry)' is not a registry host: \(error.reason)")
                }
                urls.append("\(self.scheme.lowercased())://\(host)/")
            }
        }
        guard let pattern = RegexSuggestion.pattern(forURLs: urls) else {
            throw ToolError.usage("no registry host found in \(self.registries)")
        }
        Output.write(self.yaml ? "helmRepoURLRegex: \(FindingsSummary.yamlQuoted(pattern))\n" : pattern + "\n")
    }
}
