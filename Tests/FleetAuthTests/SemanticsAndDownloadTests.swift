import FleetAuth
import OCIReference
import Testing

struct SemanticsAndDownloadTests {
    struct VersionCase: Sendable, CustomTestStringConvertible {
        var version: String
        var current: Bool
        var sticky: Bool
        var repoOnlyOCI: Bool
        var testDescription: String { self.version }
    }

    /// The release boundaries of GHSA-hx4v-cxpf-vh8m (PRs #5137–#5141) and of the sticky strip.
    static let versions: [VersionCase] = [
        .init(version: "v0.11.0", current: false, sticky: true, repoOnlyOCI: false),
        .init(version: "v0.11.11", current: false, sticky: true, repoOnlyOCI: false),
        .init(version: "v0.12.0", current: false, sticky: true, repoOnlyOCI: false),
        .init(version: "v0.12.14", current: false, sticky: true, repoOnlyOCI: false),
        .init(version: "v0.12.15", current: true, sticky: false, repoOnlyOCI: false),
        .init(version: "0.12.20", current: true, sticky: false, repoOnlyOCI: false),
        .init(version: "v0.13.10", current: false, sticky: true, repoOnlyOCI: false),
        .init(version: "v0.13.11", current: true, sticky: false, repoOnlyOCI: false),
        .init(version: "v0.13.14-rc.1", current: true, sticky: false, repoOnlyOCI: false),
        .init(version: "v0.14.2", current: false, sticky: true, repoOnlyOCI: false),
        .init(version: "v0.14.3", current: false, sticky: false, repoOnlyOCI: false),
        .init(version: "v0.14.5", current: false, sticky: false, repoOnlyOCI: false),
        .init(version: "v0.14.6", current: true, sticky: false, repoOnlyOCI: false),
        .init(version: "v0.15.0", current: false, sticky: false, repoOnlyOCI: false),
        .init(version: "v0.15.1", current: false, sticky: false, repoOnlyOCI: false),
        .init(version: "v0.15.2", current: true, sticky: false, repoOnlyOCI: false),
        .init(version: "v0.16.0", current: true, sticky: false, repoOnlyOCI: true),
        .init(version: "v0.16.1", current: true, sticky: false, repoOnlyOCI: true),
        .init(version: "v0.17.0", current: true, sticky: false, repoOnlyOCI: true),
        .init(version: "v1.0.0", current: true, sticky: false, repoOnlyOCI: true),
    ]

    @Test(arguments: Self.versions)
    func releaseBoundaries(_ c: VersionCase) throws {
        let semantics = try #require(FleetSemantics(fleetVersion: c.version))
        #expect(semantics.requiresAnchoredMatch == c.current)
        #expect(semantics.stripsLaterCharts == c.sticky)
        #expect(semantics.countsRepoOnlyOCIEntries == c.repoOnlyOCI)
    }

    @Test(arguments: ["", "v0.10.9", "0.9.0", "v0.12", "v0.12.x", "latest", "v0.12.3.4", "v-1.2.3", "v0.1234567890.1"])
    func unsupportedVersions(_ text: String) {
        #expect(FleetSemantics(fleetVersion: text) == nil)
    }

    @Test func staticRulesAndDescriptions() throws {
        #expect(FleetSemantics.current.requiresAnchoredMatch && !FleetSemantics.legacy.requiresAnchoredMatch)
        #expect(FleetSemantics.legacy.emptyPatternSendsCredentials)
        #expect("\(try #require(FleetSemantics(fleetVersion: "v0.12.3")))" == "legacy (v0.12.3, sticky strip)")
        #expect("\(FleetSemantics.current)" == "current")
    }

    static let credentials = HelmCredentials(
        username: "AWS", password: "token", caBundle: Array("ca".utf8), insecureSkipVerify: true, basicHTTP: true
    )
    static let bundle = FleetYAML(
        helm: HelmOptions(chart: "https://other.example/charts/a-1.0.0.tgz"),
        targetCustomizations: [
            .init(name: "eu", helm: HelmOptions(chart: "oci://123456789012.dkr.ecr.eu-central-1.amazonaws.com/nginx", version: "19.0.1")),
            .init(name: "local", helm: HelmOptions(chart: "charts/local")),
            .init(name: "values-only", helm: HelmOptions(version: "1.0.0")),
        ]
    )
    static let ecrRegex = #"^oci://123456789012\.dkr\.ecr\.eu-central-1\.amazonaws\.com/"#

    @Test func stickyStripInV012TakesCredentialsFromLaterCharts() throws {
        let regex = HelmRepoURLRegex(Self.ecrRegex, semantics: try #require(FleetSemantics(fleetVersion: "v0.12.3")))
        let downloads = try Self.bundle.chartDownloads(credentials: Self.credentials, regex: regex) { $0 == "charts/local" }
        #expect(downloads.count == 3)
        #expect(downloads[0].decision?.sendsCredentials == false)
        #expect(downloads[0].credentials == .none)
        // The ECR chart matches, but the first chart's failure already emptied the bundle's Auth.
        #expect(downloads[1].decision?.sendsCredentials == false)
        #expect(downloads[1].decision?.reason == .strippedByEarlierChart)
        #expect(downloads[1].ociLoginHost == nil)
        #expect(!downloads[2].isRemote)
    }

    @Test func perChartStripFromV0143() throws {
        let regex = HelmRepoURLRegex(Self.ecrRegex, semantics: try #require(FleetSemantics(fleetVersion: "v0.14.3")))
        let downloads = try Self.bundle.chartDownloads(credentials: Self.credentials, regex: regex) { $0 == "charts/local" }
        #expect(downloads[0].credentials == .none)
        #expect(downloads[1].sendsCredentials)
        #expect(downloads[1].ociLoginHost == "123456789012.dkr.ecr.eu-central-1.amazonaws.com")
    }

    @Test func currentRuleKeepsTransportSettingsOfStrippedCharts() throws {
        let regex = HelmRepoURLRegex(Self.ecrRegex, semantics: .current)
        let downloads = try Self.bundle.chartDownloads(credentials: Self.credentials, regex: regex) { $0 == "charts/local" }
        let stripped = downloads[0].credentials
        #expect(stripped.username.isEmpty && stripped.password.isEmpty)
        #expect(stripped.caBundle == Array("ca".utf8) && stripped.insecureSkipVerify && stripped.basicHTTP)
        #expect(downloads[1].credentials == Self.credentials)
        #expect(downloads[1].ociReference?.repository == "nginx")
    }

    @Test func repoOnlyOCIEntriesCountFromV016() throws {
        let yaml = FleetYAML(helm: HelmOptions(repo: "oci://registry.example.com/charts/app", version: "1.2.3"))
        let old = try yaml.chartDownloads(credentials: Self.credentials, regex: HelmRepoURLRegex(".*", semantics: try #require(FleetSemantics(fleetVersion: "v0.15.2"))))
        #expect(old.isEmpty)
        let new = try yaml.chartDownloads(credentials: Self.credentials, regex: HelmRepoURLRegex(".*", semantics: try #require(FleetSemantics(fleetVersion: "v0.16.0"))))
        #expect(new.count == 1)
        #expect(new[0].decision?.matchedField == .repo)
        #expect(new[0].ociLoginHost == "registry.example.com")
    }

    @Test func ociLoginNeedsBothUsernameAndPasswordAndKeepsThePort() throws {
        let yaml = FleetYAML(helm: HelmOptions(chart: "oci://registry.example.com:5000/charts/app"))
        let regex = HelmRepoURLRegex(".*", semantics: .current)
        let withBoth = try yaml.chartDownloads(credentials: HelmCredentials(username: "u", password: "p"), regex: regex)
        #expect(withBoth[0].ociLoginHost == "registry.example.com:5000")
        let onlyUser = try yaml.chartDownloads(credentials: HelmCredentials(username: "u"), regex: regex)
        #expect(onlyUser[0].ociLoginHost == nil)
        // Fleet's addr comes from url.Hostname(), which drops IPv6 brackets.
        let ipv6 = FleetYAML(helm: HelmOptions(chart: "oci://[::1]:5000/charts/app"))
        #expect(try ipv6.chartDownloads(credentials: HelmCredentials(username: "u", password: "p"), regex: regex)[0].ociLoginHost == "::1:5000")
    }

    @Test func invalidPatternFailsTheBundle() {
        #expect(throws: FleetAuthError(code: .invalidPattern)) {
            try Self.bundle.chartDownloads(credentials: Self.credentials, regex: HelmRepoURLRegex("a(b"))
        }
    }

    @Test func helmOpAlwaysSendsAndTakesInsecureFromTheSpec() throws {
        var op = HelmOp()
        op.spec.helm = HelmOptions(chart: "app", repo: "oci://registry.example.com/charts/app")
        op.spec.insecureSkipTLSVerify = true
        let download = try #require(op.chartDownload(credentials: HelmCredentials(username: "u", password: "p")))
        #expect(download.sendsCredentials)
        #expect(download.decision?.reason == .helmOpAlwaysSends)
        #expect(download.credentials.insecureSkipVerify)
        #expect(download.ociLoginHost == "registry.example.com")
    }
}
