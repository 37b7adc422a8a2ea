import FleetAuth
import Testing

/// Differential tests against data Go 1.23 produced (`scripts/go-oracle/fleetauth-expectations.go`).
struct OracleTests {
    @Test func filepathMatchAgreesWithGo() throws {
        let records = try OracleData.records("filepath-match.jsonl")
        #expect(records.count > 1_500)
        var mismatches: [String] = []
        for record in records {
            let pattern = record["pattern"] as? String ?? ""
            let name = record["name"] as? String ?? ""
            let got: String
            do {
                got = try GoFilepath.match(pattern, name) ? "true" : "false"
            } catch {
                got = "bad pattern"
            }
            let want: String
            if let flag = record["result"] as? Bool {
                want = flag ? "true" : "false"
            } else {
                want = record["result"] as? String ?? "?"
            }
            if got != want {
                mismatches.append("\(String(reflecting: pattern)) \(String(reflecting: name)): got \(got), Go \(want)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(20))")
    }

    @Test func decisionAgreesWithGoUnderBothRules() throws {
        let records = try OracleData.records("decision.jsonl")
        #expect(records.count == 680)
        var mismatches: [String] = []
        var compiled: [String: [HelmRepoURLRegex]] = [:]
        for record in records {
            let pattern = record["pattern"] as? String ?? ""
            let url = record["url"] as? String ?? ""
            let regexes = compiled[pattern] ?? [HelmRepoURLRegex(pattern, semantics: .legacy), HelmRepoURLRegex(pattern, semantics: .current)]
            compiled[pattern] = regexes
            for (key, regex) in zip(["legacy", "current"], regexes) {
                let got: String
                do {
                    got = try regex.allowsCredentials(url: url) ? "true" : "false"
                } catch let error as FleetAuthError {
                    got = error.code == .invalidAnchoredPattern ? "invalid-anchored" : "invalid"
                }
                let want: String
                if let flag = record[key] as? Bool {
                    want = flag ? "true" : "false"
                } else {
                    want = record[key] as? String ?? "?"
                }
                if got != want {
                    mismatches.append("\(key) \(String(reflecting: pattern.prefix(40))) \(String(reflecting: url)): got \(got), Go \(want)")
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(20))")
    }

    @Test func migrationPrefixAgreesWithGo() throws {
        for record in try OracleData.records("origin.jsonl") {
            let url = record["url"] as? String ?? ""
            let want = record["prefix"] as? String ?? ""
            #expect((RegexSuggestion.escapedOrigin(of: url) ?? "") == want, "\(url)")
        }
    }
}
