import FleetAuth
import OCIReference
import Testing

struct LeakAuditTests {
    static let ecrHost = "123456789012.dkr.ecr.eu-central-1.amazonaws.com"

    @Test func guideRegexLeaksWithAConcreteWitness() throws {
        for semantics in [FleetSemantics.current, .legacy] {
            let regex = HelmRepoURLRegex(#".*\.dkr\.ecr\..*\.amazonaws\.com"#, semantics: semantics)
            let report = try RegexAudit.audit(regex, intendedHosts: [Self.ecrHost])
            let witness = try #require(report.leakWitness)
            #expect(try regex.allowsCredentials(url: witness))
            let host = try #require(RegexAudit.host(of: witness))
            #expect(host != Self.ecrHost)
            #expect(report.findings.first?.kind == .leak)
            #expect(!report.isSafe)
        }
    }

    @Test func anchoredHostPatternIsSafe() throws {
        let regex = HelmRepoURLRegex(#"oci://123456789012\.dkr\.ecr\.eu-central-1\.amazonaws\.com/"#, semantics: .current)
        let report = try RegexAudit.audit(regex, registries: [try #require(ECRRegistry(Self.ecrHost))], repository: "nginx")
        #expect(report.leakWitness == nil)
        let receiving = try #require(report.receivingURL)
        #expect(try regex.allowsCredentials(url: receiving))
        #expect(report.isSafe)
    }

    @Test func dkrEcrFragmentIsNeverSentUnderCurrentSemantics() throws {
        let regex = HelmRepoURLRegex(#"\.dkr\.ecr\."#, semantics: .current)
        let report = try RegexAudit.audit(regex, registries: [try #require(ECRRegistry(Self.ecrHost))], repository: "nginx")
        #expect(report.receivingURL == nil)
        let failing = try #require(report.neverSentURL)
        #expect(failing == "oci://\(Self.ecrHost)/nginx")
        #expect(try !regex.allowsCredentials(url: failing))
        #expect(report.findings.contains { $0.kind == .credentialsNeverSent })
    }
}
