import FleetAuth
import Testing

struct ModelTests {
    @Test func gitRepoFromTheExample() throws {
        let repo = try GitRepo(yaml: try OracleData.example("gitrepo.yaml"))
        #expect(repo.metadata.name == "apps" && repo.metadata.namespace == "fleet-default")
        #expect(repo.spec.helmSecretName == "ecr-credentials")
        #expect(repo.spec.helmRepoURLRegex == #"^oci://123456789012\.dkr\.ecr\.eu-central-1\.amazonaws\.com/"#)
        #expect(repo.spec.paths == ["apps/nginx"])
        #expect(repo.credentialMode == .secret("ecr-credentials"))
    }

    @Test func gitRepoAllSpecFieldsFromJSONWithUnknownFields() throws {
        let json = """
            {"apiVersion":"fleet.cattle.io/v1alpha1","kind":"GitRepo","metadata":{"name":"r","namespace":"n","labels":{"a":"b"},"uid":"x"},
             "spec":{"repo":"https://git.example/r","branch":"main","revision":"abc","targetNamespace":"t","clientSecretName":"git",
             "helmSecretName":"h","helmSecretNameForPaths":"hp","helmRepoURLRegex":"^oci://x/","caBundle":"Y2E=",
             "insecureSkipTLSVerify":true,"paths":["a","b/*"],"bundles":[{"base":"x","options":"o.yaml"}],"paused":true,
             "serviceAccount":"sa","targets":[{"name":"t1","clusterName":"c1"},{"clusterGroup":"g"}],"pollingInterval":"15s",
             "disablePolling":true,"forceSyncGeneration":3,"imageScanInterval":"1m","keepResources":true,"deleteNamespace":true,
             "correctDrift":{"enabled":true,"force":false,"keepFailHistory":true},"ociRegistrySecret":"oci","webhookSecret":"w",
             "somethingNew":{"nested":[1,2,3]}},"status":{"commit":"c"}}
            """
        let repo = try GitRepo(json: json)
        let s = repo.spec
        #expect(s.repo == "https://git.example/r" && s.branch == "main" && s.revision == "abc" && s.targetNamespace == "t")
        #expect(s.clientSecretName == "git" && s.helmSecretName == "h" && s.helmSecretNameForPaths == "hp")
        #expect(s.helmRepoURLRegex == "^oci://x/" && s.caBundle == Array("ca".utf8) && s.insecureSkipTLSVerify)
        #expect(s.paths == ["a", "b/*"] && s.bundles == [GitRepo.BundleDefinition(base: "x", options: "o.yaml")])
        #expect(s.paused && s.serviceAccount == "sa" && s.targets.count == 2 && s.targets[1].clusterGroup == "g")
        #expect(s.pollingInterval == "15s" && s.disablePolling && s.forceSyncGeneration == 3 && s.imageScanInterval == "1m")
        #expect(s.keepResources && s.deleteNamespace && s.correctDrift == GitRepo.CorrectDrift(enabled: true, keepFailHistory: true))
        #expect(s.ociRegistrySecret == "oci" && s.webhookSecret == "w")
        #expect(repo.metadata.labels == ["a": "b"])
        // helmSecretNameForPaths wins, and the job gets no regex in that mode.
        #expect(repo.credentialMode == .secretForPaths("hp"))
        #expect(repo.effectiveHelmRepoURLRegex() == "")
        #expect(repo.effectiveHelmRepoURLRegex(rancherCABundle: true) == "^oci://x/")
    }

    @Test func gitRepoFieldCaseIsExactButFleetYAMLIsLikeGoJSON() throws {
        let repo = try GitRepo(yaml: "kind: GitRepo\nspec:\n  HelmSecretName: x\n")
        #expect(repo.spec.helmSecretName == "")
        let fleet = try FleetYAML(yaml: "Helm:\n  Chart: oci://x/y\n")
        #expect(fleet.helm?.chart == "oci://x/y")
    }

    @Test func multiDocumentFilePicksTheGitRepo() throws {
        let text = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n---\nkind: GitRepo\nmetadata:\n  name: g\n"
        #expect(try GitRepo(yaml: text).metadata.name == "g")
    }

    @Test func fleetYAMLFromTheExample() throws {
        let fleet = try FleetYAML(yaml: try OracleData.example("repo/apps/nginx/fleet.yaml"))
        let helm = try #require(fleet.helm)
        #expect(helm.chart == "oci://123456789012.dkr.ecr.eu-central-1.amazonaws.com/nginx")
        #expect(helm.version == "19.0.1" && helm.releaseName == "nginx")
        #expect(fleet.defaultNamespace == "web")
        #expect(helm.isOCI)
    }

    @Test func fleetYAMLTargetCustomizations() throws {
        let text = """
            helm:
              repo: https://charts.example.com
              chart: app
              version: "1.0"
              timeoutSeconds: 30
              valuesFiles: [a.yaml]
              force: true
            targetCustomizations:
              - name: prod
                clusterSelector: {matchLabels: {env: prod}}
                helm:
                  chart: oci://registry.example.com/app
                  values: {replicas: 3}
              - name: dev
            """
        let fleet = try FleetYAML(yaml: text)
        #expect(fleet.helm?.timeoutSeconds == 30 && fleet.helm?.valuesFiles == ["a.yaml"] && fleet.helm?.force == true)
        #expect(fleet.targetCustomizations.count == 2)
        #expect(fleet.targetCustomizations[0].helm?.chart == "oci://registry.example.com/app")
        #expect(fleet.targetCustomizations[1].helm == nil)
    }

    struct BadField: Sendable, CustomTestStringConvertible {
        var text: String
        var path: String
        var line: Int
        var testDescription: String { self.path }
    }

    static let badFields: [BadField] = [
        .init(text: "helm:\n  chart: x\n  version: 1.0\n", path: "helm.version", line: 3),
        .init(text: "helm:\n  chart: [a]\n", path: "helm.chart", line: 2),
        .init(text: "helm: text\n", path: "helm", line: 1),
        .init(text: "targetCustomizations:\n  - name: a\n  - helm:\n      repo: {a: b}\n", path: "targetCustomizations[1].helm.repo", line: 4),
        .init(text: "helm:\n  force: maybe\n", path: "helm.force", line: 2),
    ]

    @Test(arguments: Self.badFields)
    func errorsNameTheFieldAndLine(_ c: BadField) {
        do {
            _ = try FleetYAML(yaml: c.text)
            Issue.record("expected an error")
        } catch let error as FleetAuthError {
            #expect(error.code == .invalidField)
            #expect(error.reason.hasPrefix(c.path + ":"), "\(error.reason)")
            #expect(error.line == c.line)
        } catch {
            Issue.record("untyped \(error)")
        }
    }

    @Test func gitRepoBadFieldNamesSpecPath() {
        do {
            _ = try GitRepo(yaml: "kind: GitRepo\nspec:\n  paths: apps\n")
            Issue.record("expected an error")
        } catch let error as FleetAuthError {
            #expect(error.reason.hasPrefix("spec.paths:"))
            #expect(error.line == 3)
        } catch {
            Issue.record("untyped \(error)")
        }
    }

    @Test func helmOpFromYAMLAndJSON() throws {
        let yaml = """
            apiVersion: fleet.cattle.io/v1alpha1
            kind: HelmOp
            metadata: {name: nginx, namespace: fleet-local}
            spec:
              helm:
                repo: oci://123456789012.dkr.ecr.eu-central-1.amazonaws.com/nginx
                version: 19.0.1
              helmSecretName: ecr-credentials
              insecureSkipTLSVerify: false
              pollingInterval: 5m
            """
        let op = try HelmOp(yaml: yaml)
        #expect(op.spec.helmSecretName == "ecr-credentials" && op.spec.helm?.version == "19.0.1" && op.spec.pollingInterval == "5m")
        let json = #"{"kind":"HelmOp","metadata":{"name":"n"},"spec":{"helm":{"chart":"c"},"insecureSkipTLSVerify":true}}"#
        #expect(try HelmOp(json: json).spec.insecureSkipTLSVerify)
    }
}
