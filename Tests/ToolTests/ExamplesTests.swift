import Foundation
import Testing
import Yams

/// The manifests and policies in `Examples/kubernetes` agree with each other and with the tool.
struct KubernetesExamplesTests {
    static let directory = ToolProcess.repositoryRoot.appendingPathComponent("Examples/kubernetes")

    func documents(_ file: String) throws -> [[String: Any]] {
        let text = try String(contentsOf: Self.directory.appendingPathComponent(file), encoding: .utf8)
        return try Yams.load_all(yaml: text).compactMap { $0 as? [String: Any] }
    }

    func json(_ file: String) throws -> [String: Any] {
        let data = try Data(contentsOf: Self.directory.appendingPathComponent(file))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func theRoleAllowsExactlyWhatTheRotatorDoesOnItsSecret() throws {
        let deployment = try #require(try self.documents("deployment.yaml").first)
        let spec = try #require((deployment["spec"] as? [String: Any])?["template"] as? [String: Any])
        let pod = try #require(spec["spec"] as? [String: Any])
        let container = try #require((pod["containers"] as? [[String: Any]])?.first)
        let arguments = try #require(container["args"] as? [String])
        #expect(arguments.prefix(2) == ["rotate", "--watch"])
        func value(_ option: String) -> String? {
            arguments.first { $0.hasPrefix("--\(option)=") }.map { String($0.dropFirst(option.count + 3)) }
        }
        let secretName = try #require(value("secret-name"))
        let namespace = try #require(value("namespace"))

        let rbac = try self.documents("rbac.yaml")
        let role = try #require(rbac.first { $0["kind"] as? String == "Role" })
        #expect((role["metadata"] as? [String: Any])?["namespace"] as? String == namespace)
        let rules = try #require(role["rules"] as? [[String: Any]])
        let named = try #require(rules.first { $0["resourceNames"] != nil })
        #expect(named["resourceNames"] as? [String] == [secretName])
        #expect(Set(named["verbs"] as? [String] ?? []) == ["get", "update"])
        let unnamed = try #require(rules.first { $0["resourceNames"] == nil })
        #expect(unnamed["verbs"] as? [String] == ["create"])
        #expect(!rules.contains { ($0["verbs"] as? [String] ?? []).contains { ["delete", "list", "watch", "*", "patch"].contains($0) } })

        let binding = try #require(rbac.first { $0["kind"] as? String == "RoleBinding" })
        let subject = try #require((binding["subjects"] as? [[String: Any]])?.first)
        let account = try #require(try self.documents("serviceaccount.yaml").first)
        let accountMetadata = try #require(account["metadata"] as? [String: Any])
        #expect(subject["name"] as? String == accountMetadata["name"] as? String)
        #expect(subject["namespace"] as? String == accountMetadata["namespace"] as? String)
        #expect(pod["serviceAccountName"] as? String == accountMetadata["name"] as? String)
        #expect((accountMetadata["annotations"] as? [String: String])?["eks.amazonaws.com/role-arn"]?.hasPrefix("arn:aws:iam::") == true)

        let context = try #require(container["securityContext"] as? [String: Any])
        #expect(context["readOnlyRootFilesystem"] as? Bool == true)
        #expect(context["allowPrivilegeEscalation"] as? Bool == false)
        #expect((pod["securityContext"] as? [String: Any])?["runAsNonRoot"] as? Bool == true)
        #expect(container["resources"] != nil)

        // The tool accepts the Deployment's arguments (it gets as far as looking for a cluster).
        let result = try ToolProcess.run(
            Array(arguments.filter { $0 != "--watch" }) + ["--kubeconfig", "/no/such/kubeconfig"],
            environment: ["AWS_EC2_METADATA_DISABLED": "true"])
        #expect(result.status == 4, "\(result.standardError)")
    }

    @Test func thePoliciesGrantTheTokenAndTrustTheServiceAccount() throws {
        let policy = try self.json("iam-policy.json")
        let statements = try #require(policy["Statement"] as? [[String: Any]])
        #expect(statements.contains { ($0["Action"] as? String) == "ecr:GetAuthorizationToken" && ($0["Resource"] as? String) == "*" })
        let trust = try self.json("iam-trust-policy.json")
        let condition = try #require((trust["Statement"] as? [[String: Any]])?.first?["Condition"] as? [String: [String: String]])
        #expect(condition["StringEquals"]?.values.contains("system:serviceaccount:ecr-fleet-auth:ecr-fleet-auth") == true)
    }
}
