import ECRFleetAuth
import Foundation
import Testing

/// Differential tests against kubectl: for each case under `Resources/kubeconfig-oracle/cases`,
/// `expected.json` records what `kubectl config view --minify --raw --flatten` made of the same
/// files (`Generators/kubeconfig-oracle.py` writes it; kubectl is not needed to run the tests).
/// Where kubectl fails, the loader must fail; where kubectl succeeds, the loader must pick the
/// same server, namespace, CA, client certificate, key, token and TLS settings.
struct KubeconfigOracleTests {
    struct Case: Decodable {
        var files: [String]
        var context: String?
    }

    static let casesDirectory: URL? = Bundle.module.url(forResource: "kubeconfig-oracle", withExtension: nil)?
        .appendingPathComponent("cases")

    static let caseNames: [String] = {
        guard let directory = casesDirectory,
            let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path)
        else { return [] }
        return names.sorted()
    }()

    @Test func thereAreCases() {
        #expect(Self.caseNames.count >= 15)
    }

    @Test(arguments: caseNames)
    func matchesKubectl(name: String) throws {
        let folder = try #require(Self.casesDirectory).appendingPathComponent(name)
        let testCase = try JSONDecoder().decode(Case.self, from: Data(contentsOf: folder.appendingPathComponent("case.json")))
        let expected = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("expected.json"))) as? [String: Any])
        let environment = KubernetesEnvironment(
            variables: ["KUBECONFIG": testCase.files.map { folder.appendingPathComponent($0).path }.joined(separator: ":")],
            fileSystem: AWSLocalFileSystem(),
            homeDirectory: folder.path
        )
        let exitCode = try #require(expected["exitCode"] as? Int)
        if exitCode != 0 {
            #expect(throws: KubernetesError.self, "kubectl: \(expected["error"] ?? "")") {
                try KubernetesConfiguration.kubeconfig(context: testCase.context, environment: environment)
            }
            return
        }
        let configuration = try KubernetesConfiguration.kubeconfig(context: testCase.context, environment: environment)
        let config = try #require(expected["config"] as? [String: Any])
        let cluster = try #require((config["clusters"] as? [[String: Any]])?.first?["cluster"] as? [String: Any])
        let context = try #require((config["contexts"] as? [[String: Any]])?.first?["context"] as? [String: Any])
        let user = ((config["users"] as? [[String: Any]])?.first?["user"] as? [String: Any]) ?? [:]
        let decoded = { (value: Any?) in (value as? String).flatMap { Data(base64Encoded: $0) }.map { Array($0) } }

        #expect(configuration.server == cluster["server"] as? String)
        #expect(configuration.namespace == (context["namespace"] as? String ?? "default"))
        #expect(configuration.tls.certificateAuthorityPEM == decoded(cluster["certificate-authority-data"]))
        #expect(configuration.tls.insecureSkipVerify == (cluster["insecure-skip-tls-verify"] as? Bool ?? false))
        #expect(configuration.tls.serverName == cluster["tls-server-name"] as? String)
        #expect(configuration.proxyURL == cluster["proxy-url"] as? String)
        #expect(configuration.tls.clientCertificatePEM == decoded(user["client-certificate-data"]))
        #expect(configuration.tls.clientKeyPEM == decoded(user["client-key-data"]))
        if user["token"] != nil {
            #expect(configuration.authentication.usesBearerToken)
            #expect(configuration.authentication.tokenFilePath == nil, "a token wins over a tokenFile")
        } else if let tokenFile = user["tokenFile"] as? String {
            #expect(configuration.authentication.tokenFilePath == folder.appendingPathComponent(tokenFile).path)
        } else {
            #expect(!configuration.authentication.usesBearerToken)
        }
    }
}
