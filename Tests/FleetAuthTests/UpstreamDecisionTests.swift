import FleetAuth
import Testing

/// Rancher Fleet's own test cases for the credential decision, rewritten as tables and run under
/// the rule of the release each came from.
struct UpstreamDecisionTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var pattern: String
        var repo = ""
        var chart = ""
        var want: Bool?  // nil: an error
        var testDescription: String { self.name }
    }

    /// rancher/fleet `internal/bundlereader/resources_test.go` `TestShouldAddAuthToRequest`, as added
    /// by the GHSA-hx4v-cxpf-vh8m fix (PR #5141 for v0.16; backports #5137 v0.15, #5138 v0.14,
    /// #5139 v0.13, #5140 v0.12). Current rule.
    static let shouldAddAuthToRequest: [Case] = [
        Case(name: "empty regex always returns false", pattern: "", repo: "https://charts.example.com", want: false),
        Case(name: "regex matches repo URL", pattern: #"https://charts\.example\.com.*"#, repo: "https://charts.example.com/stable", want: true),
        Case(name: "regex does not match repo URL", pattern: #"https://charts\.example\.com.*"#, repo: "https://evil.attacker.com", want: false),
        Case(name: "no repo falls back to chart URL match", pattern: #"oci://registry\.example\.com.*"#,
             chart: "oci://registry.example.com/charts/mychart", want: true),
        Case(name: "regex does not match URL injected as query parameter", pattern: #"https://charts\.example\.com.*"#,
             repo: "https://evil.attacker.com/?url=https://charts.example.com", want: false),
        Case(name: "pre-anchored regex still matches", pattern: #"^https://charts\.example\.com.*"#,
             repo: "https://charts.example.com/stable", want: true),
        Case(name: "alternation anchors both alternatives", pattern: #"https://host1\.example\.com/.*|https://host2\.example\.com/.*"#,
             repo: "https://host2.example.com/charts", want: true),
        Case(name: "alternation does not match unanchored second alternative",
             pattern: #"https://host1\.example\.com/.*|https://host2\.example\.com/.*"#,
             repo: "evil.com?url=https://host2.example.com/x", want: false),
        Case(name: "invalid regex returns error", pattern: "[invalid", repo: "https://charts.example.com", want: nil),
    ]

    @Test(arguments: Self.shouldAddAuthToRequest)
    func currentRule(_ c: Case) throws {
        let regex = HelmRepoURLRegex(c.pattern, semantics: .current)
        if let want = c.want {
            #expect(try regex.allowsCredentials(repo: c.repo, chart: c.chart) == want)
        } else {
            #expect(throws: FleetAuthError(code: .invalidPattern)) { try regex.allowsCredentials(repo: c.repo, chart: c.chart) }
        }
    }

    /// The same pattern/URL pairs under the legacy rule (Fleet's `shouldAddAuthToRequest` before the
    /// fix, e.g. v0.12.14 `internal/bundlereader/resources.go`): empty sends, matching is unanchored,
    /// so the query-parameter and second-alternative injections *did* receive credentials.
    static let legacyExpectations: [String: Bool?] = [
        "empty regex always returns false": true,
        "regex matches repo URL": true,
        "regex does not match repo URL": false,
        "no repo falls back to chart URL match": true,
        "regex does not match URL injected as query parameter": true,
        "pre-anchored regex still matches": true,
        "alternation anchors both alternatives": true,
        "alternation does not match unanchored second alternative": true,
        "invalid regex returns error": nil,
    ]

    @Test(arguments: Self.shouldAddAuthToRequest)
    func legacyRuleOnTheSamePairs(_ c: Case) throws {
        let regex = HelmRepoURLRegex(c.pattern, semantics: .legacy)
        let expected = try #require(Self.legacyExpectations[c.name])
        if let want = expected {
            #expect(try regex.allowsCredentials(repo: c.repo, chart: c.chart) == want)
        } else {
            #expect(throws: FleetAuthError(code: .invalidPattern)) { try regex.allowsCredentials(repo: c.repo, chart: c.chart) }
        }
    }

    /// rancher/fleet `integrationtests/cli/apply/helm_test.go` (`testHelmRepo`, legacy rule, from
    /// PR #1234 "Add helmRepoUrlRegex to the GitRepo" and #1405 for the chart field): a chart
    /// server on `localhost:3000`, assets `helm_repo_url` (repo URL) and `helm_chart_url` (chart
    /// URL). The assets' exact URLs are not in the index; they are derived from the test's port
    /// and chart name.
    static let legacyIntegration: [Case] = [
        Case(name: "repo: no --helm-repo-url-regex sends", pattern: "", repo: "http://localhost:3000", chart: "config-chart", want: true),
        Case(name: "repo: http://localhost/* matches", pattern: "http://localhost/*", repo: "http://localhost:3000", chart: "config-chart", want: true),
        Case(name: "repo: nomatch strips", pattern: "nomatch", repo: "http://localhost:3000", chart: "config-chart", want: false),
        Case(name: "repo: a(b is an error", pattern: "a(b", repo: "http://localhost:3000", chart: "config-chart", want: nil),
        Case(name: "chart: http://localhost/* matches", pattern: "http://localhost/*", chart: "http://localhost:3000/config-chart-0.1.0.tgz", want: true),
        Case(name: "chart: nomatch strips", pattern: "nomatch", chart: "http://localhost:3000/config-chart-0.1.0.tgz", want: false),
    ]

    @Test(arguments: Self.legacyIntegration)
    func legacyIntegrationFixtures(_ c: Case) throws {
        let regex = HelmRepoURLRegex(c.pattern, semantics: try #require(FleetSemantics(fleetVersion: "v0.12.14")))
        if let want = c.want {
            #expect(try regex.allowsCredentials(repo: c.repo, chart: c.chart) == want)
        } else {
            #expect(throws: FleetAuthError(code: .invalidPattern)) { try regex.allowsCredentials(repo: c.repo, chart: c.chart) }
        }
    }

    @Test func invalidPatternErrorQuotesTheUsersPatternAndGosMessage() {
        let regex = HelmRepoURLRegex("a(b", semantics: .legacy)
        do {
            _ = try regex.allowsCredentials(repo: "http://localhost:3000", chart: "config-chart")
            Issue.record("expected an error")
        } catch let error as FleetAuthError {
            // Fleet's integration test expects Go's text: error parsing regexp: missing closing ): `a(b`
            #expect(error.reason.contains("error parsing regexp: missing closing ): `a(b`"))
            #expect(error.reason.contains("\"a(b\""))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    /// rancher/fleet e2e fixtures (`e2e/assets/helm/repo/*/fleet.yaml`, commits 1507495, 4be2e39,
    /// 3154cf5, 1ed77a3) with the regex the fix's e2e test sets (`e2e/single-cluster/helm_auth_test.go`,
    /// PR #5141): `https://chartmuseum-service..*` for the HTTP repo.
    static let e2eFixtures: [Case] = [
        Case(name: "http-with-auth-repo-path", pattern: "https://chartmuseum-service..*",
             repo: "https://chartmuseum-service.fleet-local.svc.cluster.local:8081", chart: "sleeper-chart", want: true),
        Case(name: "http-with-auth-chart-path", pattern: "https://chartmuseum-service..*",
             chart: "https://chartmuseum-service.fleet-local.svc.cluster.local:8081/charts/sleeper-chart-0.1.0.tgz", want: true),
        Case(name: "oci-with-auth", pattern: #"oci://zot-service\.default\.svc\.cluster\.local:8082/"#,
             chart: "oci://zot-service.default.svc.cluster.local:8082/sleeper-chart", want: true),
        Case(name: "oci-with-auth, http regex", pattern: "https://chartmuseum-service..*",
             chart: "oci://zot-service.default.svc.cluster.local:8082/sleeper-chart", want: false),
    ]

    @Test(arguments: Self.e2eFixtures)
    func e2eFixturesUnderTheCurrentRule(_ c: Case) throws {
        let regex = HelmRepoURLRegex(c.pattern, semantics: .current)
        #expect(try regex.allowsCredentials(repo: c.repo, chart: c.chart) == c.want)
    }

    @Test func e2eRegexIsFlaggedForItsUnescapedDot() throws {
        // Copilot's review of PR #5141 pointed out that `..*` was meant as `\..*`.
        let report = try RegexAudit.audit(
            HelmRepoURLRegex("https://chartmuseum-service..*", semantics: .current),
            intendedHosts: ["chartmuseum-service.fleet-local.svc.cluster.local"]
        )
        let dot = try #require(report.findings.first { $0.kind == .unescapedDot })
        #expect(dot.suggestedPattern == #"https://chartmuseum-service\..*"#)
        #expect(report.leakWitness != nil)
    }

    /// rancher/fleet `internal/cmd/cli/migrate/helmrepourl_test.go` `TestHelmURLToRegexPrefix`
    /// (commit e08ba8e) and `integrationtests/controller/helmurlregex_migration_test.go`.
    static let migrationPrefixes: [(url: String, expected: String?)] = [
        ("https://charts.example.com/stable", #"https://charts\.example\.com/"#),
        ("https://charts.example.com", #"https://charts\.example\.com/"#),
        ("https://charts.example.com:8443/stable", #"https://charts\.example\.com:8443/"#),
        ("oci://registry.example.com/org/chart", #"oci://registry\.example\.com/"#),
        ("http://chartmuseum.internal:8080/charts", #"http://chartmuseum\.internal:8080/"#),
        ("https://a.b.c.example.com/repo", #"https://a\.b\.c\.example\.com/"#),
        ("", nil),
        ("stable/nginx", nil),
        ("://bad", nil),
        ("oci:///no-host", nil),
    ]

    @Test(arguments: Self.migrationPrefixes)
    func migrationPrefix(_ c: (url: String, expected: String?)) {
        #expect(RegexSuggestion.escapedOrigin(of: c.url) == c.expected)
    }

    @Test func migrationRegexForSeveralOriginsIsSortedAlternation() throws {
        // "builds alternation regex for multiple distinct helm origins" and "deduplicates".
        let pattern = try #require(
            RegexSuggestion.pattern(forURLs: [
                "https://charts.example.com/stable", "oci://registry.example.com/org/chart", "https://charts.example.com/stable",
            ])
        )
        #expect(pattern == #"^(https://charts\.example\.com/|oci://registry\.example\.com/)"#)
        #expect(RegexSuggestion.pattern(forURLs: ["https://charts.example.com/stable", "https://charts.example.com/x"])
            == #"^https://charts\.example\.com/"#)
        #expect(RegexSuggestion.pattern(forURLs: ["stable/nginx"]) == nil)
        // And the suggestion is safe for its own hosts.
        let report = try RegexAudit.audit(
            HelmRepoURLRegex(pattern),
            intendedHosts: ["charts.example.com", "registry.example.com"]
        )
        #expect(report.leakWitness == nil)
        #expect(report.receivingURL != nil)
    }

    /// `TestAddRemoteChartsStripsCredentials` (resources_test.go, current rule): an empty regex strips
    /// Username, Password and SSHPrivateKey and keeps BasicHTTP and InsecureSkipVerify.
    @Test func emptyRegexStripsSecretsAndKeepsTransportFlags() throws {
        let credentials = HelmCredentials(
            username: "user", password: "secret", caBundle: Array("ca".utf8), sshPrivateKey: Array("fake-ssh-key".utf8),
            insecureSkipVerify: true, basicHTTP: true
        )
        let fleetYAML = FleetYAML(helm: HelmOptions(chart: "/nonexistent/chart"))
        let downloads = try fleetYAML.chartDownloads(credentials: credentials, regex: HelmRepoURLRegex("", semantics: .current))
        let got = try #require(downloads.first).credentials
        #expect(got.username.isEmpty && got.password.isEmpty && got.sshPrivateKey == nil)
        #expect(got.basicHTTP && got.insecureSkipVerify && got.caBundle == Array("ca".utf8))
    }

    /// rancher/fleet `internal/bundlereader/auth_test.go` `TestReadHelmAuthFromSecret` (commit 07be6b6).
    @Test func helmOpSecretReading() throws {
        let ok = try HelmOp().credentials(secretData: ["username": Array("user".utf8), "password": Array("passwd".utf8), "cacerts": Array("test_cabundle".utf8)])
        #expect(ok.username == "user" && ok.password == "passwd" && ok.caBundle == Array("test_cabundle".utf8))
        #expect(throws: FleetAuthError(code: .invalidSecret)) { try HelmOp().credentials(secretData: ["username": Array("user".utf8)]) }
        #expect(throws: FleetAuthError(code: .invalidSecret)) { try HelmOp().credentials(secretData: ["password": Array("passwd".utf8)]) }
        let insecure = HelmCredentials(helmSecretData: ["insecureSkipVerify": Array("true".utf8), "basicHTTP": Array("THIS_IS_NOT_A_VALID_VALUE".utf8)])
        #expect(insecure.insecureSkipVerify && !insecure.basicHTTP)
    }
}
