import FleetAuth
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

struct SecretTests {
    static let credentials = HelmCredentials(username: "AWS", password: "eyJwYXlsb2FkIjoi-secret", caBundle: Array("-----BEGIN CERT".utf8))

    @Test func helmSecretJSONAndYAMLAreStable() throws {
        let secret = KubernetesSecret.helmCredentials(name: "ecr-credentials", namespace: "fleet-default", credentials: Self.credentials)
            .annotatingRefresh(refreshedAt: Date(timeIntervalSince1970: 1_779_105_600), expiresAt: Date(timeIntervalSince1970: 1_779_148_800))
        let json = secret.jsonString()
        #expect(json == """
            {"apiVersion":"v1","kind":"Secret","metadata":{"name":"ecr-credentials","namespace":"fleet-default","annotations":\
            {"ecr-fleet-auth/expires-at":"2026-05-19T00:00:00Z","ecr-fleet-auth/refreshed-at":"2026-05-18T12:00:00Z"}},\
            "type":"Opaque","data":{"cacerts":"LS0tLS1CRUdJTiBDRVJU","password":"ZXlKd1lYbHNiMkZrSWpvaS1zZWNyZXQ=","username":"QVdT"}}
            """)
        let yaml = secret.yamlString()
        #expect(yaml == """
            apiVersion: v1
            kind: Secret
            metadata:
              name: "ecr-credentials"
              namespace: "fleet-default"
              annotations:
                ecr-fleet-auth/expires-at: "2026-05-19T00:00:00Z"
                ecr-fleet-auth/refreshed-at: "2026-05-18T12:00:00Z"
            type: "Opaque"
            data:
              cacerts: "LS0tLS1CRUdJTiBDRVJU"
              password: "ZXlKd1lYbHNiMkZrSWpvaS1zZWNyZXQ="
              username: "QVdT"

            """)
        #expect(secret.jsonString(pretty: true).hasSuffix("}\n"))
        // The rendered Secret reads back as Fleet reads it: raw bytes, no trailing newline.
        #expect(HelmCredentials(helmSecretData: secret.data) == Self.credentials)
    }

    @Test func dataEqualityIgnoresAnnotations() {
        let a = KubernetesSecret.helmCredentials(name: "s", namespace: "n", credentials: Self.credentials)
        let b = a.annotatingRefresh(refreshedAt: Date(timeIntervalSince1970: 0), expiresAt: nil)
        #expect(a.hasSameData(as: b))
        var c = Self.credentials
        c.password = "other"
        #expect(!a.hasSameData(as: KubernetesSecret.helmCredentials(name: "s", namespace: "n", credentials: c)))
    }

    @Test func rfc3339Dates() {
        let s = KubernetesSecret(name: "s", namespace: "n", data: [:])
        for (seconds, text) in [(0.0, "1970-01-01T00:00:00Z"), (951_782_400.5, "2000-02-29T00:00:00Z"), (-1, "1969-12-31T23:59:59Z"),
                                (4_102_444_799, "2099-12-31T23:59:59Z")] {
            let stamped = s.annotatingRefresh(refreshedAt: Date(timeIntervalSince1970: seconds), expiresAt: nil)
            #expect(stamped.annotations[KubernetesSecret.refreshedAtAnnotation] == text)
        }
    }

    @Test func helmOpSecretNeedsBothOrNeither() throws {
        #expect(throws: FleetAuthError(code: .invalidSecret)) {
            try KubernetesSecret.helmOp(name: "s", namespace: "n", credentials: HelmCredentials(username: "u"))
        }
        let none = try KubernetesSecret.helmOp(name: "s", namespace: "n", credentials: HelmCredentials(insecureSkipVerify: true))
        #expect(none.data == ["insecureSkipVerify": Array("true".utf8)])
    }

    @Test func dockerConfigJSON() {
        let secret = KubernetesSecret.dockerConfigJSON(
            name: "pull", namespace: "web",
            registries: ["123456789012.dkr.ecr.eu-central-1.amazonaws.com": ("AWS", "tok")]
        )
        #expect(secret.type == .dockerConfigJSON)
        let text = String(decoding: secret.data[".dockerconfigjson"] ?? [], as: UTF8.self)
        #expect(text == #"{"auths":{"123456789012.dkr.ecr.eu-central-1.amazonaws.com":{"username":"AWS","password":"tok","auth":"QVdTOnRvaw=="}}}"#)
    }

    @Test func secretsPathRoundTripAndSelection() throws {
        let file = SecretsPathFile(entries: [
            "single-cluster/test-multipasswd": HelmCredentials(username: "fleet-ci", password: "foo", caBundle: Array("ca".utf8)),
            "helm-secret-name-paths-3/*_charts": HelmCredentials(username: "a", password: "1", insecureSkipVerify: true),
            "helm-secret-name-paths-3/*": HelmCredentials(username: "b", password: "2", insecureSkipVerify: true),
        ])
        let secret = KubernetesSecret.secretsPath(name: "test-multipasswd", namespace: "fleet-local", file: file)
        let text = String(decoding: secret.data["secrets-path.yaml"] ?? [], as: UTF8.self)
        let parsed = try SecretsPathFile(yaml: text)
        #expect(parsed == file)
        // Exact key first.
        #expect(try parsed.selection(forPath: "single-cluster/test-multipasswd")?.key == "single-cluster/test-multipasswd")
        // Then sorted keys: "helm-secret-name-paths-3/*" sorts before "…/*_charts" and matches first.
        #expect(try parsed.selection(forPath: "helm-secret-name-paths-3/oci_charts")?.key == "helm-secret-name-paths-3/*")
        // `*` does not cross `/`.
        #expect(try parsed.selection(forPath: "helm-secret-name-paths-3/a/b") == nil)
        #expect(try parsed.selection(forPath: "other") == nil)
    }

    @Test func secretsPathFromFleetDocs() throws {
        // The example of Fleet's docs (gitrepo-add.md, "Use different helm credentials for each path").
        let text = """
            path-one: # path path-one must exist in the repository
              username: user
              password: pass
            path-two:  # path path-one must exist in the repository
              username: user2
              password: pass2
              caBundle: Y2EK
              sshPrivateKey: a2V5
            """
        let file = try SecretsPathFile(yaml: text)
        let two = try #require(try file.selection(forPath: "path-two")).credentials
        #expect(two.username == "user2" && two.caBundle == Array("ca\n".utf8) && two.sshPrivateKey == Array("key".utf8))
        #expect(throws: FleetAuthError(code: .invalidField)) { try SecretsPathFile(yaml: "p:\n  caBundle: '%%%'\n") }
    }

    @Test func secretsNeverPrint() {
        let secret = KubernetesSecret.helmCredentials(name: "s", namespace: "n", credentials: Self.credentials)
        let file = SecretsPathFile(entries: ["p": Self.credentials])
        for text in [
            "\(secret)", String(reflecting: secret), "\(Self.credentials)", String(reflecting: Self.credentials), "\(file)",
            String(reflecting: file), Self.dumped(secret), Self.dumped(Self.credentials), Self.dumped(file),
        ] {
            #expect(!text.contains("eyJwYXlsb2FkIjoi"), "\(text)")
            #expect(!text.contains("ZXlKd1lYbHNi"), "\(text)")
            #expect(!text.contains("AWS") && !text.contains("QVdT"), "\(text)")
        }
        #expect("\(secret)".contains("<redacted>"))
    }

    static func dumped(_ value: some Any) -> String {
        var out = ""
        dump(value, to: &out)
        return out
    }
}
