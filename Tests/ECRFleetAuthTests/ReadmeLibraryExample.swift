// The README's "library in 20 lines", compiled with the package trait `AsyncHTTPClient`
// (scripts/test --all-traits, which .ci/run builds), so the snippet keeps compiling as the API
// changes. Keep the two in step: only the top-level code became a function here.
#if AsyncHTTPClient
import AsyncHTTPClient
import AuthTransportAsyncHTTPClient
import ECRFleetAuth
import Logging

enum ReadmeLibraryExample {
    static func operatorLoop() async throws {
        // Once per process: AWS credentials (IRSA, Pod Identity, …), ECR, the cluster.
        let aws = AsyncHTTPClientTransport()
        let ecr = ECRClient(transport: aws, credentials: RefreshingCredentialsProvider(wrapping: DefaultCredentialsChain(transport: aws)),
                            region: "eu-central-1")
        let cluster = try KubernetesConfiguration.inCluster()
        let http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: try cluster.makeHTTPClientConfiguration())
        guard let registry = ECRRegistry("123456789012.dkr.ecr.eu-central-1.amazonaws.com") else { fatalError("not an ECR host") }
        let rotator = try FleetECRSecretRotator(
            configuration: .init(secretName: "ecr-credentials", namespace: "fleet-default", registries: [registry]),
            client: ecr,
            kubernetes: KubernetesSecretClient(configuration: cluster, transport: AsyncHTTPClientTransport(client: http)))

        // Every reconcile: one call. It writes only when the data changed; requeue when it says.
        func reconcile(logger: Logger) async throws -> Duration {
            let result = try await rotator.reconcile(logger: logger)
            logger.info("\(result)")           // "updated fleet-default/ecr-credentials (…); next refresh …" — no secret
            return .seconds(result.requeueAfter)
        }

        _ = try await reconcile(logger: Logger(label: "readme"))
        try await http.shutdown()
    }
}
#endif
