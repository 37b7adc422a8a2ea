import ArgumentParser
import ECRAuth
import FleetAuth
import Foundation
import Logging
import OCIReference

/// `ecr-fleet-auth token`: an ECR password, as `aws ecr get-login-password` prints it, or
/// rendered for Docker, Helm and Fleet.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Get an ECR authorization token with the default AWS credential chain and print it.",
        discussion: """
            Calls ECR's GetAuthorizationToken, signed with credentials from the default chain \
            (environment, IRSA web identity, shared profile, EKS Pod Identity or ECS, IMDSv2) or \
            --profile. A token that has already expired is refused (exit status 3). The output is \
            a secret: it goes to standard output only, never to a log line.

              password          the password alone plus a newline, byte for byte what \
            `aws ecr get-login-password` prints (pipe it to `helm registry login --password-stdin`)
              json              username, password, registry, proxyEndpoint, expiresAt
              secret            a Kubernetes Secret manifest for a GitRepo's helmSecretName
              dockerconfigjson  a Docker config.json with an auths entry for the registry

            EXAMPLES:
              ecr-fleet-auth token --registry 123456789012.dkr.ecr.eu-central-1.amazonaws.com \\
                | helm registry login --username AWS --password-stdin 123456789012.dkr.ecr.eu-central-1.amazonaws.com
              ecr-fleet-auth token --registry 123456789012.dkr.ecr.eu-central-1.amazonaws.com --output secret \\
                --namespace fleet-default --secret-name ecr-credentials | kubectl apply -f -
              ecr-fleet-auth token --region eu-central-1 --profile ci --output json
            """
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case password, json, secret, dockerconfigjson
    }

    @Option(help: "The ECR registry host, for example 123456789012.dkr.ecr.eu-central-1.amazonaws.com (its region wins over --region).")
    var registry: String?

    @OptionGroup var aws: AWSOptions

    @Option(help: "What to print: password, json, secret or dockerconfigjson.")
    var output: OutputFormat = .password

    @Option(help: "The Secret's name, for --output secret.")
    var secretName = "ecr-credentials"

    @Option(help: "The Secret's namespace, for --output secret (the GitRepo's namespace).")
    var namespace = "fleet-default"

    @OptionGroup var logging: LogOptions

    func run() async throws {
        let registries = try AWSOptions.registries(self.registry.map { [$0] } ?? [])
        let registry = registries.first
        if self.output == .secret {
            try KubernetesNameCheck.secretName(self.secretName)
            try KubernetesNameCheck.namespace(self.namespace)
        }
        let logger = try self.logging.makeLogger(label: "ecr-fleet-auth.token", defaultLevel: .error)
        let client = try self.aws.makeClient(for: registries, transport: AWSTransport.make())
        let tokens = ECRTokenCache(client: client)
        let token = try await tokens.token(for: registry, logger: logger)

        switch self.output {
        case .password:
            Output.write(token.password + "\n")
        case .json:
            try JSONOutput.write(TokenJSON(token))
        case .secret:
            let secret = KubernetesSecret.helmCredentials(
                name: self.secretName, namespace: self.namespace,
                credentials: HelmCredentials(username: token.username, password: token.password)
            ).annotatingRefresh(refreshedAt: Date(), expiresAt: token.expiresAt)
            Output.write(secret.yamlString())
        case .dockerconfigjson:
            let host = registry?.host ?? Self.host(of: token.proxyEndpoint) ?? "public.ecr.aws"
            let secret = KubernetesSecret.dockerConfigJSON(
                name: self.secretName, namespace: self.namespace, registries: [host: (token.username, token.password)])
            Output.write(String(decoding: secret.data[".dockerconfigjson"] ?? [], as: UTF8.self) + "\n")
        }
    }

    private static func host(of endpoint: String?) -> String? {
        guard var text = endpoint else { return nil }
        if let range = text.range(of: "://") { text = String(text[range.upperBound...]) }
        return text.split(separator: "/").first.map(String.init)
    }
}

/// `token --output json`.
struct TokenJSON: Encodable {
    var username: String
    var password: String
    var registry: String?
    var proxyEndpoint: String?
    var expiresAt: String

    init(_ token: ECRAuthorizationToken) {
        self.username = token.username
        self.password = token.password
        self.registry = token.registry?.host
        self.proxyEndpoint = token.proxyEndpoint
        self.expiresAt = token.expiresAt.formatted(.iso8601)
    }
}
