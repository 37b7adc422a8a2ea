import ECRFleetAuth
import Foundation
import HTTPTypes
import Testing

struct KubernetesSecretTests {
    let secret = KubernetesSecret(
        name: "ecr-credentials",
        namespace: "fleet-default",
        type: .dockerConfigJSON,
        data: [".dockerconfigjson": Secrets.dockerConfig.bytes, "password": Secrets.password.bytes],
        labels: ["app": "ecr-fleet-auth"],
        annotations: ["kubectl.kubernetes.io/last-applied-configuration": Secrets.password]
    )

    @Test func printsNoDataOrAnnotationValue() {
        for form in printedForms(of: secret) {
            #expect(Secrets.leaked(in: form).isEmpty, "\(form)")
            #expect(form.contains("ecr-credentials"))
        }
        #expect(secret.description.contains(".dockerconfigjson: <redacted>"))
        #expect(secret.description.contains("app: ecr-fleet-auth"))
        let result = KubernetesApplyResult(action: .created, secret: secret, conflictRetries: 0)
        for form in printedForms(of: result) {
            #expect(Secrets.leaked(in: form).isEmpty, "\(form)")
        }
    }

    @Test func isAppliedComparesTypeDataAndDesiredMetadataOnly() {
        var stored = secret
        stored.resourceVersion = "42"
        stored.uid = "u"
        stored.labels["other"] = "x"
        stored.annotations["other"] = "y"
        #expect(secret.isApplied(to: stored))
        #expect(stored != secret, "== also compares resourceVersion, uid and all metadata")

        var changedData = stored
        changedData.data["password"] = "different".bytes
        #expect(!secret.isApplied(to: changedData))
        var extraKey = stored
        extraKey.data["stale"] = []
        #expect(!secret.isApplied(to: extraKey), "a key the desired Secret lacks is a difference")
        var missingKey = stored
        missingKey.data["password"] = nil
        #expect(!secret.isApplied(to: missingKey))
        var changedType = stored
        changedType.type = .opaque
        #expect(!secret.isApplied(to: changedType))
        var changedLabel = stored
        changedLabel.labels["app"] = "someone-else"
        #expect(!secret.isApplied(to: changedLabel))
        var droppedAnnotation = stored
        droppedAnnotation.annotations = [:]
        #expect(!secret.isApplied(to: droppedAnnotation))
        var emptyVersusMissing = stored
        emptyVersusMissing.data["password"] = []
        #expect(!secret.isApplied(to: emptyVersusMissing))
    }

    @Test func mergedKeepsTheStoredIdentityAndOtherMetadata() {
        var stored = KubernetesSecret(
            name: "ecr-credentials", namespace: "fleet-default", type: .dockerConfigJSON,
            data: ["old": [1]], labels: ["team": "a", "app": "old"], annotations: ["keep": "me"])
        stored.resourceVersion = "7"
        stored.uid = "uid-1"
        let merged = secret.merged(into: stored)
        #expect(merged.resourceVersion == "7")
        #expect(merged.uid == "uid-1")
        #expect(merged.data == secret.data)
        #expect(merged.labels == ["team": "a", "app": "ecr-fleet-auth"])
        #expect(merged.annotations["keep"] == "me")
        #expect(secret.isApplied(to: merged))
    }

    @Test func secretTypesSpellLikeKubernetes() {
        #expect(KubernetesSecret.SecretType.opaque.rawValue == "Opaque")
        #expect(KubernetesSecret.SecretType.dockerConfigJSON.rawValue == "kubernetes.io/dockerconfigjson")
        #expect(KubernetesSecret.SecretType.basicAuth.rawValue == "kubernetes.io/basic-auth")
        let custom: KubernetesSecret.SecretType = "example.com/custom"
        #expect(custom == KubernetesSecret.SecretType("example.com/custom"))
        #expect(KubernetesSecret(name: "x").type == .opaque)
    }

    /// The body the client sends: base64 data, the namespace, nothing server-set on create.
    @Test func wireFormatOfWrites() async throws {
        let transport = ScriptedTransport { request, body in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(body ?? [])) as? [String: Any])
            #expect(object["apiVersion"] as? String == "v1")
            #expect(object["kind"] as? String == "Secret")
            #expect(object["type"] as? String == "kubernetes.io/dockerconfigjson")
            let data = try #require(object["data"] as? [String: String])
            #expect(data["password"] == Data(Secrets.password.utf8).base64EncodedString())
            let metadata = try #require(object["metadata"] as? [String: Any])
            #expect(metadata["namespace"] as? String == "fleet-default")
            if request.method == .post {
                #expect(metadata["resourceVersion"] == nil)
                #expect(metadata["uid"] == nil)
                #expect(metadata["creationTimestamp"] == nil)
            } else {
                #expect(metadata["resourceVersion"] as? String == "1001")
                #expect(metadata["uid"] as? String == "6a4529dc-8d74-4a1b-8e7e-077010f41bc2")
                #expect((metadata["ownerReferences"] as? [Any])?.count == 1)
                #expect(metadata["creationTimestamp"] as? String == "2024-01-01T00:00:00Z")
                #expect(object["immutable"] as? Bool == false)
            }
            let json = secretJSON(
                extraMetadata: #","creationTimestamp":"2024-01-01T00:00:00Z","ownerReferences":[{"name":"o"}]"#,
                type: "kubernetes.io/dockerconfigjson")
            return (HTTPResponse(status: request.method == .post ? .created : .ok), (String(json.dropLast()) + #","immutable":false}"#).bytes)
        }
        let client = KubernetesSecretClient(
            configuration: try KubernetesConfiguration(server: "https://10.0.0.1", namespace: "fleet-default"), transport: transport)
        let created = try await client.create(secret)
        #expect(created.resourceVersion == "1001")
        var changed = created
        changed.data["password"] = Secrets.password.bytes
        _ = try await client.update(changed)
        #expect(transport.requestCount == 2)
    }
}

struct KubernetesNamesAndBase64Tests {
    @Test(arguments: [
        ("ecr-credentials", true), ("a", true), ("a.b-c.d", true), ("0abc", true), (String(repeating: "a", count: 253), true),
        ("", false), ("A", false), ("-a", false), ("a-", false), ("a..b", false), (".a", false), ("a_b", false),
        ("a/b", false), ("a?b", false), ("a b", false), ("é", false), (String(repeating: "a", count: 254), false),
    ])
    func secretNames(name: String, valid: Bool) async throws {
        let transport = ScriptedTransport(status: .ok, body: secretJSON(name: name, namespace: "default"))
        let client = KubernetesSecretClient(configuration: try KubernetesConfiguration(server: "https://h"), transport: transport)
        if valid {
            _ = try await client.get(name: name)
            #expect(transport.exchanges.first?.request.path == "/api/v1/namespaces/default/secrets/\(name)")
        } else {
            await #expect(throws: KubernetesError(code: .invalidSecret)) { try await client.get(name: name) }
            #expect(transport.requestCount == 0)
        }
    }

    @Test(arguments: [
        ("password", true), (".dockerconfigjson", true), ("tls.crt", true), ("A_b-c.9", true), ("..x", false),
        (".", false), ("..", false), ("", false), ("a/b", false), ("a b", false), (String(repeating: "k", count: 254), false),
    ])
    func dataKeys(key: String, valid: Bool) async throws {
        let transport = ScriptedTransport(status: .created, body: secretJSON(name: "s", namespace: "default"))
        let client = KubernetesSecretClient(configuration: try KubernetesConfiguration(server: "https://h"), transport: transport)
        let secret = KubernetesSecret(name: "s", data: [key: [1]])
        if valid {
            _ = try await client.create(secret)
        } else {
            await #expect(throws: KubernetesError(code: .invalidSecret)) { try await client.create(secret) }
            #expect(transport.requestCount == 0)
        }
    }

    @Test(arguments: [
        ("app", "x", true), ("app.kubernetes.io/name", "", true), ("example.com/a_b.c", "A-1_b.2", true),
        ("/a", "x", false), ("a/", "x", false), ("Bad_Prefix/a", "x", false), ("a/b/c", "x", false), ("-a", "x", false),
        ("a", "-x", false), ("a", String(repeating: "v", count: 64), false), (String(repeating: "n", count: 64), "x", false),
    ])
    func labels(key: String, value: String, valid: Bool) async throws {
        let transport = ScriptedTransport(status: .created, body: secretJSON(name: "s", namespace: "default"))
        let client = KubernetesSecretClient(configuration: try KubernetesConfiguration(server: "https://h"), transport: transport)
        let secret = KubernetesSecret(name: "s", labels: [key: value])
        if valid {
            _ = try await client.create(secret)
        } else {
            await #expect(throws: KubernetesError(code: .invalidSecret)) { try await client.create(secret) }
        }
    }

    /// RFC 4648 section 10 vectors, and what Go's `encoding/json` accepts for `[]byte`.
    @Test(arguments: [
        ("", ""), ("Zg==", "f"), ("Zm8=", "fo"), ("Zm9v", "foo"), ("Zm9vYg==", "foob"), ("Zm9vYmE=", "fooba"),
        ("Zm9vYmFy", "foobar"), ("Zm9v\r\nYmFy", "foobar"), ("Zh==", "f"), ("Zm9=", "fo"),
    ])
    func base64Decodes(encoded: String, decoded: String) async throws {
        let json = secretJSON(name: "s", namespace: "default", data: [:]).replacingOccurrences(
            of: #""data":{}"#, with: #""data":{"k":"\#(encoded.replacingOccurrences(of: "\r\n", with: "\\r\\n"))"}"#)
        let transport = ScriptedTransport(status: .ok, body: json)
        let client = KubernetesSecretClient(configuration: try KubernetesConfiguration(server: "https://h"), transport: transport)
        let secret = try await client.get(name: "s")
        #expect(secret.data["k"] == decoded.bytes)
    }

    @Test(arguments: ["Zg", "Zg=", "Z===", "Zm9vY", "Zg==Zg==", "Zm9v YmFy", "Zm9-", "Zm9_", "====", "Zg==\u{0}"])
    func base64Rejects(encoded: String) async throws {
        let json = secretJSON(name: "s", namespace: "default", data: [:]).replacingOccurrences(
            of: #""data":{}"#, with: #""data":{"k":"\#(encoded.replacingOccurrences(of: "\u{0}", with: "\\u0000"))"}"#)
        let transport = ScriptedTransport(status: .ok, body: json)
        let client = KubernetesSecretClient(configuration: try KubernetesConfiguration(server: "https://h"), transport: transport)
        await #expect(throws: KubernetesError(code: .invalidResponse)) { try await client.get(name: "s") }
    }

    @Test func base64RoundTripsEveryLength() async throws {
        for length in 0..<40 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            let transport = ScriptedTransport { _, body in
                let object = try JSONSerialization.jsonObject(with: Data(body ?? [])) as? [String: Any]
                let data = object?["data"] as? [String: String]
                if length > 0 {
                    #expect(data?["k"] == Data(bytes).base64EncodedString())
                }
                var reply = object ?? [:]
                reply["metadata"] = ["name": "s", "namespace": "default", "resourceVersion": "1"]
                return (HTTPResponse(status: .created), Array(try JSONSerialization.data(withJSONObject: reply)))
            }
            let client = KubernetesSecretClient(configuration: try KubernetesConfiguration(server: "https://h"), transport: transport)
            let created = try await client.create(KubernetesSecret(name: "s", data: ["k": bytes]))
            #expect(created.data["k"] ?? [] == bytes)
        }
    }
}
