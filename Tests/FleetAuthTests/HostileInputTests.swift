import FleetAuth
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TestTimeLimits

struct HostileInputTests {
    @Test func validAloneButTooDeepWhenWrappedIsAnErrorNotACrash() throws {
        // Find the depth at which the pattern is still valid on its own but not inside ^(?:…).
        var found = false
        for depth in 990...1_001 {
            let pattern = String(repeating: "(", count: depth) + "a" + String(repeating: ")", count: depth)
            let legacy = HelmRepoURLRegex(pattern, semantics: .legacy)
            let current = HelmRepoURLRegex(pattern, semantics: .current)
            if (try? legacy.validate()) != nil {
                do {
                    try current.validate()
                } catch let error as FleetAuthError {
                    #expect(error.code == .invalidAnchoredPattern)
                    #expect(error.reason.contains("^(?:"))
                    found = true
                }
            }
        }
        #expect(found)
    }

    @Test func unterminatedQuoteSwallowsTheWrapper() throws {
        let regex = HelmRepoURLRegex(#"\Qoci://x"#, semantics: .current)
        #expect(throws: FleetAuthError(code: .invalidAnchoredPattern)) { try regex.allowsCredentials(url: "oci://x") }
        #expect(try HelmRepoURLRegex(#"\Qoci://x"#, semantics: .legacy).allowsCredentials(url: "oci://x"))
    }

    @Test(arguments: ["(?=lookahead)", "a**", "[z-a]", #"\1"#, "(a{1000}){1000}", String(repeating: "(", count: 2_000)])
    func invalidPatternsAreTypedErrors(_ pattern: String) {
        for semantics in [FleetSemantics.legacy, .current] {
            #expect(throws: FleetAuthError(code: .invalidPattern)) {
                try HelmRepoURLRegex(pattern, semantics: semantics).allowsCredentials(url: "oci://x/y")
            }
        }
    }

    @Test func exponentialBacktrackingPatternRunsInLinearTime() throws {
        let regex = HelmRepoURLRegex("(a+)+$", semantics: .legacy)
        let input = String(repeating: "a", count: 100_000) + "b"
        let start = ContinuousClock.now
        #expect(try !regex.allowsCredentials(url: input))
        #expect(ContinuousClock.now - start < TestTimeLimits.scaled(.seconds(10)))
    }

    @Test func auditOfLargePatternStaysWithinBudgetOrSaysSo() throws {
        let alternatives = (0..<300).map { "oci://host\($0)\\.example\\.com/" }.joined(separator: "|")
        let start = ContinuousClock.now
        do {
            let report = try RegexAudit.audit(HelmRepoURLRegex(alternatives), intendedHosts: ["host0.example.com"])
            let witness = try #require(report.leakWitness)
            #expect(try HelmRepoURLRegex(alternatives).allowsCredentials(url: witness))
        } catch let error as FleetAuthError {
            #expect(error.code == .auditTooComplex)
        }
        #expect(ContinuousClock.now - start < TestTimeLimits.scaled(.seconds(60)))
    }

    @Test func badGlobsAreTypedErrors() throws {
        let file = SecretsPathFile(entries: ["[": HelmCredentials(username: "u", password: "p"), "z/*": HelmCredentials()])
        #expect(throws: FleetAuthError(code: .invalidGlob)) { try file.selection(forPath: "apps/nginx") }
        #expect(throws: FleetAuthError(code: .invalidGlob)) { try GoFilepath.match("a[", "ab") }
    }

    @Test(arguments: [
        "helm: [", "helm:\n  chart: [1, 2\n", "\u{0}", "a: b\n a: c\n", "helm: &a [*a]", "- - -\n  x: y",
    ])
    func badYAMLIsATypedErrorWithoutTheText(_ text: String) {
        do {
            _ = try FleetYAML(yaml: text)
        } catch let error as FleetAuthError {
            #expect([.invalidDocument, .invalidField].contains(error.code))
        } catch {
            Issue.record("untyped error \(error)")
        }
    }

    @Test func yamlErrorsNeverQuoteTheDocument() throws {
        let text = "single-cluster/app:\n  username: fleet-ci\n  password: \"hunter2-secret\n"
        do {
            _ = try SecretsPathFile(yaml: text)
            Issue.record("expected an error")
        } catch let error as FleetAuthError {
            #expect(!error.description.contains("hunter2"))
            #expect(error.line != nil)
        }
    }
}
