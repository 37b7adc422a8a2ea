import FleetAuth
import Testing

struct ExplainTests {
    @Test func safeExampleSendsToTheECRChartAndAuditsClean() throws {
        let repo = try GitRepo(yaml: try OracleData.example("gitrepo.yaml"))
        let explainer = Explainer(fileSystem: LocalFileSystem(root: OracleData.examples + "/repo"), semantics: .current)
        let report = try explainer.explain(repo)
        #expect(report.bundles.map(\.path) == ["apps/nginx"])
        let chart = try #require(report.bundles.first?.charts.first)
        #expect(chart.download.decision?.matchedString == "oci://123456789012.dkr.ecr.eu-central-1.amazonaws.com/nginx")
        #expect(chart.download.decision?.matchedField == .chart)
        #expect(chart.download.sendsCredentials)
        #expect(chart.credentialSource == "ecr-credentials")
        #expect(chart.download.ociLoginHost == "123456789012.dkr.ecr.eu-central-1.amazonaws.com")
        let audit = try #require(report.audit)
        #expect(audit.isSafe)
        #expect(report.findings.isEmpty)
    }

    @Test func unsafeExampleIsFlagged() throws {
        let repo = try GitRepo(yaml: try OracleData.example("gitrepo-unsafe-regex.yaml"))
        let report = try Explainer(fileSystem: LocalFileSystem(root: OracleData.examples + "/repo"), semantics: .current).explain(repo)
        let audit = try #require(report.audit)
        let witness = try #require(audit.leakWitness)
        #expect(try HelmRepoURLRegex(repo.spec.helmRepoURLRegex).allowsCredentials(url: witness))
        #expect(report.findings.contains { $0.kind == .leak })
        // The chart itself still gets the credentials.
        #expect(report.bundles.first?.charts.first?.download.sendsCredentials == true)
    }

    @Test func legacyReleaseOfTheSameExample() throws {
        let repo = try GitRepo(yaml: try OracleData.example("gitrepo-unsafe-regex.yaml"))
        let semantics = try #require(FleetSemantics(fleetVersion: "v0.12.3"))
        let report = try Explainer(fileSystem: LocalFileSystem(root: OracleData.examples + "/repo"), semantics: semantics).explain(repo)
        #expect(report.findings.contains { $0.kind == .unanchored })
    }

    static let checkout = InMemoryFileSystem(files: [
        "fleet.yaml": "helm:\n  chart: charts/root\n",
        "charts/root/Chart.yaml": "name: root\n",
        "team-a/app/fleet.yaml": "helm:\n  chart: oci://registry.example.com/team-a/app\n  version: 1.0.0\n",
        "team-b/svc/fleet.yaml": """
            helm:
              repo: https://charts.example.com
              chart: svc
            targetCustomizations:
              - name: prod
                helm:
                  chart: oci://other.example.net/svc
            """,
        "team-b/svc/broken/fleet.yaml": "helm:\n  chart: [x]\n",
        "plain/deployment.yaml": "kind: Deployment\n",
        ".git/config": "x",
    ])

    @Test func walksPathsAndGlobsLikeFleet() throws {
        var repo = GitRepo()
        repo.spec.paths = ["team-*", "/plain", "missing"]
        repo.spec.helmSecretName = "creds"
        repo.spec.helmRepoURLRegex = #"^(oci://registry\.example\.com/|https://charts\.example\.com/)"#
        let report = try Explainer(fileSystem: Self.checkout, intendedHosts: ["registry.example.com", "charts.example.com"]).explain(repo)
        #expect(report.bundles.map(\.path) == ["team-a/app", "team-b/svc", "team-b/svc/broken", "plain"])
        let svc = report.bundles[1]
        #expect(svc.charts.count == 2)
        // `https://charts.example.com` has no trailing slash: the repo string does not match.
        #expect(svc.charts[0].download.decision?.matchedString == "https://charts.example.com")
        #expect(svc.charts[0].download.sendsCredentials == false)
        #expect(svc.charts[0].findings.contains { $0.kind == .credentialsNeverSent })
        #expect(svc.charts[1].download.location.targetName == "prod")
        #expect(report.bundles[2].error?.code == .invalidField)
        #expect(report.bundles[3].charts.isEmpty)
    }

    @Test func rootBundleWithLocalChart() throws {
        var repo = GitRepo()
        repo.spec.helmSecretName = "creds"
        let report = try Explainer(fileSystem: Self.checkout).explain(repo)
        #expect(report.bundles.first?.path == ".")
        let root = try #require(report.bundles.first?.charts.first)
        #expect(!root.download.isRemote)
    }

    @Test func secretsPathModeSelectsKeysAndHasNoRegex() throws {
        var repo = GitRepo()
        repo.spec.paths = ["team-a", "team-b"]
        repo.spec.helmSecretNameForPaths = "by-path"
        repo.spec.helmSecretName = "ignored"
        repo.spec.helmRepoURLRegex = #"^oci://registry\.example\.com/"#
        let file = SecretsPathFile(entries: [
            "team-a/*": HelmCredentials(username: "a", password: "1"),
            "team-b/svc": HelmCredentials(username: "b", password: "2"),
        ])
        for (semantics, sends) in [(FleetSemantics.current, false), (.legacy, true)] {
            let report = try Explainer(fileSystem: Self.checkout, semantics: semantics, secretsPathFile: file).explain(repo)
            #expect(report.effectivePattern == "")
            #expect(report.notes.count == 2)
            let app = try #require(report.bundles.first { $0.path == "team-a/app" })
            #expect(app.secretsPathKey == "team-a/*")
            #expect(app.charts.first?.download.sendsCredentials == sends)
            #expect(report.bundles.first { $0.path == "team-b/svc" }?.secretsPathKey == "team-b/svc")
        }
    }

    @Test func badPathGlobIsATypedError() {
        var repo = GitRepo()
        repo.spec.paths = ["team-["]
        #expect(throws: FleetAuthError(code: .invalidGlob)) { try Explainer(fileSystem: Self.checkout).explain(repo) }
    }
}
