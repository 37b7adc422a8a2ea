import AWSCredentialProviders
import ArgumentParser
import AuthTransport
import AuthTransportURLSession
import ECRAuth
import Foundation
import OCIReference

/// `--region`, `--profile`, `--endpoint-url`: where ECR is and whose credentials sign the calls.
struct AWSOptions: ParsableArguments {
    @Option(help: "The region for calls without a registry (a registry's host names its own region). Default: AWS_REGION, AWS_DEFAULT_REGION, the profile's region.")
    var region: String?

    @Option(help: "A profile of ~/.aws/config and ~/.aws/credentials; without it the default chain is used (environment, IRSA web identity, profile, EKS Pod Identity / ECS, IMDSv2).")
    var profile: String?

    @Option(help: "Send ECR calls to this URL instead of the resolved endpoint (a VPC endpoint, a test server). AWS_ENDPOINT_URL_ECR is honoured too.")
    var endpointURL: String?

    /// The registries named by `--registry` options, checked.
    static func registries(_ hosts: [String]) throws -> [ECRRegistry] {
        try hosts.map { host in
            guard let registry = ECRRegistry(host) else {
                throw ToolError.usage(
                    "--registry '\(host)' is not an ECR registry host (<account>.dkr.ecr.<region>.amazonaws.com or public.ecr.aws)")
            }
            return registry
        }
    }

    /// An ECR client for `registries`, with credentials from `--profile` or the default chain.
    func makeClient(for registries: [ECRRegistry], transport: some HTTPTransport) throws -> ECRClient {
        var environment = AWSEnvironment.process()
        if let profile = self.profile {
            guard !profile.isEmpty else { throw ToolError.usage("--profile is empty") }
            environment.variables["AWS_PROFILE"] = profile
        }
        let credentials: any AWSCredentialsProvider =
            self.profile.map { ProfileCredentialsProvider(profile: $0, transport: transport, environment: environment) }
            ?? DefaultCredentialsChain(transport: transport, environment: environment)
        let region = try self.resolveRegion(registries: registries, environment: environment)
        var endpoint: URL?
        if let text = self.endpointURL {
            guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
                url.host != nil
            else {
                throw ToolError.usage("--endpoint-url '\(text)' is not an http(s) URL")
            }
            endpoint = url
        }
        let configuration = try ECRClient.Configuration.fromEnvironment(environment)
        return ECRClient(
            transport: transport, credentials: RefreshingCredentialsProvider(wrapping: credentials), region: region,
            endpoint: endpoint, configuration: configuration)
    }

    private func resolveRegion(registries: [ECRRegistry], environment: AWSEnvironment) throws -> String {
        if let region = self.region {
            guard !region.isEmpty else { throw ToolError.usage("--region is empty") }
            return region
        }
        if let registry = registries.first {
            return registry.isPublic ? "us-east-1" : registry.region
        }
        if let region = environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"] {
            return region
        }
        if let files = try? AWSSharedConfiguration.load(from: environment),
            let region = files.profile(named: AWSSharedConfiguration.selectedProfileName(in: environment))?.region
        {
            return region
        }
        throw ToolError.usage("no region: pass --registry or --region (or set AWS_REGION)")
    }
}

/// The transport for AWS calls: Foundation's URLSession (system trust roots).
enum AWSTransport {
    static func make() -> URLSessionHTTPTransport {
        URLSessionHTTPTransport()
    }
}
