import AWSCredentialProviders
import AWSSigV4
import AuthTransport
import Foundation
import HTTPTypes
import OCIReference
import Testing

@testable import ECRAuth

/// Endpoint resolution against botocore's own resolver (the vectors in
/// `Resources/botocore-endpoints`), the registry host's say, and the override settings.
struct EndpointTests {
    struct Vector: Decodable, Sendable, CustomTestStringConvertible {
        var service: String
        var region: String
        var useFIPS: Bool
        var useDualStack: Bool
        var endpoint: String?
        var url: String?
        var error: String?

        var testDescription: String {
            "\(service) \(region) fips=\(useFIPS) dualstack=\(useDualStack)\(endpoint.map { " endpoint=\($0)" } ?? "")"
        }
    }

    struct VectorFile: Decodable {
        var botocore: String
        var cases: [Vector]
    }

    static let vectors: [Vector] = {
        guard let url = Bundle.module.url(forResource: "ecr-endpoints", withExtension: "json", subdirectory: "botocore-endpoints"),
            let data = try? Data(contentsOf: url), let file = try? JSONDecoder().decode(VectorFile.self, from: data)
        else { return [] }
        return file.cases
    }()

    static let transport = ClosureHTTPTransport.responding(status: .ok)

    @Test func theVectorsAreThere() {
        #expect(Self.vectors.count >= 60)
        #expect(Set(Self.vectors.map(\.service)) == ["ecr", "ecr-public"])
    }

    /// Every botocore case, resolved by region and settings alone (no registry), or for ECR
    /// Public through `public.ecr.aws`.
    @Test(arguments: EndpointTests.vectors)
    func matchesBotocore(vector: Vector) throws {
        let client = ECRClient(
            transport: Self.transport, credentials: StaticCredentialsProvider(testCredentials), region: vector.region,
            endpoint: vector.endpoint.flatMap(URL.init(string:)),
            configuration: .init(useFIPS: vector.useFIPS, useDualStack: vector.useDualStack))
        let registry = vector.service == "ecr-public" ? ECRRegistry("public.ecr.aws") : nil
        if vector.error != nil {
            let error = try #require(throws: ECRAuthError.self) { try client.endpoint(for: registry) }
            #expect(error.code == .invalidConfiguration)
            return
        }
        let endpoint = try client.endpoint(for: registry)
        let expected = try #require(vector.url)
        #expect(endpoint.url.absoluteString == expected)
        #expect(endpoint.signingName == vector.service)
        #expect(endpoint.signingRegion == vector.region)
        #expect(endpoint.isPublic == (vector.service == "ecr-public"))
    }

    /// The registry host decides region, partition, FIPS and dual-stack; the result is the URL
    /// botocore resolves for that region with those settings.
    @Test(arguments: [
        ("123456789012.dkr.ecr.eu-central-1.amazonaws.com", "eu-central-1", false, false),
        ("123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com", "us-gov-west-1", true, false),
        ("123456789012.dkr.ecr-fips.us-east-1.amazonaws.com", "us-east-1", true, false),
        ("123456789012.dkr-ecr.us-east-1.on.aws", "us-east-1", false, true),
        ("123456789012.dkr-ecr-fips.us-gov-west-1.on.aws", "us-gov-west-1", true, true),
        ("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn", "cn-north-1", false, false),
        ("123456789012.dkr-ecr.cn-northwest-1.on.amazonwebservices.com.cn", "cn-northwest-1", false, true),
        ("123456789012.dkr.ecr.us-iso-east-1.c2s.ic.gov", "us-iso-east-1", false, false),
        ("123456789012.dkr.ecr.us-isob-east-1.sc2s.sgov.gov", "us-isob-east-1", false, false),
        ("123456789012.dkr.ecr.eu-isoe-west-1.cloud.adc-e.uk", "eu-isoe-west-1", false, false),
        ("123456789012.dkr.ecr.us-isof-south-1.csp.hci.ic.gov", "us-isof-south-1", false, false),
        ("123456789012.dkr.ecr.eusc-de-east-1.amazonaws.eu", "eusc-de-east-1", false, false),
        ("https://123456789012.dkr.ecr.mx-central-1.amazonaws.com/v2/", "mx-central-1", false, false),
    ])
    func theRegistryHostDecides(host: String, region: String, fips: Bool, dualStack: Bool) throws {
        let registry = try #require(ECRRegistry(host))
        // The client's own region is elsewhere: the registry's wins.
        let client = ECRClient(transport: Self.transport, credentials: StaticCredentialsProvider(testCredentials), region: "ap-south-1")
        let endpoint = try client.endpoint(for: registry)
        let vector = try #require(
            Self.vectors.first {
                $0.service == "ecr" && $0.region == region && $0.useFIPS == fips && $0.useDualStack == dualStack && $0.endpoint == nil
            })
        #expect(endpoint.url.absoluteString == vector.url)
        #expect(endpoint.signingRegion == region)
        #expect(endpoint.target == "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken")
    }

    @Test func theConfigurationAddsFIPSAndDualStackToAnyRegistry() throws {
        let client = ECRClient(
            transport: Self.transport, credentials: StaticCredentialsProvider(testCredentials), region: "eu-central-1",
            configuration: .init(useFIPS: true, useDualStack: true))
        #expect(try client.endpoint(for: privateRegistry).url.absoluteString == "https://ecr-fips.eu-central-1.api.aws")
        #expect(try client.endpoint(for: nil).url.absoluteString == "https://ecr-fips.eu-central-1.api.aws")
    }

    @Test func anOverrideKeepsTheRegistrysSigningRegionAndAddsAPath() throws {
        let client = ECRClient(
            transport: Self.transport, credentials: StaticCredentialsProvider(testCredentials), region: "us-east-1",
            endpoint: URL(string: "http://localhost:4566/ecr-proxy"))
        let endpoint = try client.endpoint(for: privateRegistry)
        #expect(endpoint.url.absoluteString == "http://localhost:4566/ecr-proxy/")
        #expect(endpoint.signingRegion == "eu-central-1")
        #expect(endpoint.signingName == "ecr")
        let publicEndpoint = try client.endpoint(for: ECRRegistry("public.ecr.aws"))
        #expect(publicEndpoint.signingRegion == "us-east-1")
        #expect(publicEndpoint.signingName == "ecr-public")
        // A registry that asks for FIPS through its host does not conflict with an explicit endpoint.
        let fips = try #require(ECRRegistry("123456789012.dkr.ecr-fips.us-east-1.amazonaws.com"))
        #expect(try client.endpoint(for: fips).url.absoluteString == "http://localhost:4566/ecr-proxy/")
    }

    @Test(arguments: ["EU-CENTRAL-1", "eu_central_1", "", "1eu-central", "eu-central-1.evil.com", String(repeating: "a", count: 64)])
    func invalidRegionsAreRefused(region: String) async throws {
        let transport = ScriptedTransport([ECRResponses.ok()])
        let client = makeClient(transport: transport, region: region)
        let error = try await #require(throws: ECRAuthError.self) { try await client.authorizationToken() }
        #expect(error.code == .invalidConfiguration)
        #expect(transport.requestCount == 0, "nothing is sent for a bad configuration")
    }

    @Test func aRegistryWithAnUnderscoreRegionIsRefused() throws {
        // ECRRegistry accepts the credential helper's region grammar; a host name cannot carry it.
        let registry = try #require(ECRRegistry("123456789012.dkr.ecr.eu_central-1.amazonaws.com"))
        let client = ECRClient(transport: Self.transport, credentials: StaticCredentialsProvider(testCredentials), region: "eu-central-1")
        #expect(throws: ECRAuthError(code: .invalidConfiguration)) { try client.endpoint(for: registry) }
    }

    // MARK: Environment

    private func configuration(_ variables: [String: String]) throws(ECRAuthError) -> ECRClient.Configuration {
        try ECRClient.Configuration.fromEnvironment(AWSEnvironment(variables: variables))
    }

    @Test func serviceSpecificEndpointVariablesWinOverTheGlobalOne() throws {
        let both = try self.configuration([
            "AWS_ENDPOINT_URL": "http://global:1", "AWS_ENDPOINT_URL_ECR": "http://ecr:2", "AWS_ENDPOINT_URL_ECR_PUBLIC": "http://public:3",
        ])
        #expect(both.configuredEndpoint?.absoluteString == "http://ecr:2")
        #expect(both.configuredPublicEndpoint?.absoluteString == "http://public:3")
        let global = try self.configuration(["AWS_ENDPOINT_URL": "http://global:1"])
        #expect(global.configuredEndpoint?.absoluteString == "http://global:1")
        #expect(global.configuredPublicEndpoint?.absoluteString == "http://global:1")
        let ignored = try self.configuration(["AWS_ENDPOINT_URL_ECR": "http://ecr:2", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "TRUE"])
        #expect(ignored.configuredEndpoint == nil)
        let none = try self.configuration(["AWS_ENDPOINT_URL_ECR": ""])
        #expect(none.configuredEndpoint == nil, "an empty variable counts as unset")
    }

    @Test func fipsAndDualStackVariables() throws {
        let configuration = try self.configuration(["AWS_USE_FIPS_ENDPOINT": "true", "AWS_USE_DUALSTACK_ENDPOINT": "False"])
        #expect(configuration.useFIPS)
        #expect(!configuration.useDualStack)
        #expect(throws: ECRAuthError(code: .invalidConfiguration)) { try self.configuration(["AWS_USE_FIPS_ENDPOINT": "yes"]) }
    }

    @Test(arguments: ["localhost:4566", "ftp://x", "http://user:pw@host", "http://host/#frag", "not a url", "http://"])
    func invalidEndpointVariablesAreRefused(value: String) throws {
        let error = try #require(throws: ECRAuthError.self) { try self.configuration(["AWS_ENDPOINT_URL_ECR": value]) }
        #expect(error.code == .invalidConfiguration)
        #expect(!error.reason.contains("pw"), "the value, which may carry credentials, is not repeated")
    }

    @Test func configuredEndpointsApplyAndTheExplicitOneWins() throws {
        let configuration = try self.configuration(["AWS_ENDPOINT_URL_ECR": "http://from-env:1"])
        let client = ECRClient(
            transport: Self.transport, credentials: StaticCredentialsProvider(testCredentials), region: "eu-central-1",
            configuration: configuration)
        #expect(try client.endpoint(for: privateRegistry).url.absoluteString == "http://from-env:1")
        #expect(try client.endpoint(for: ECRRegistry("public.ecr.aws")).url.absoluteString == "https://api.ecr-public.us-east-1.amazonaws.com")
        let explicit = ECRClient(
            transport: Self.transport, credentials: StaticCredentialsProvider(testCredentials), region: "eu-central-1",
            endpoint: URL(string: "http://explicit:2"), configuration: configuration)
        #expect(try explicit.endpoint(for: privateRegistry).url.absoluteString == "http://explicit:2")
    }

    @Test func anOverrideWithAQueryIsRefused() throws {
        let client = ECRClient(
            transport: Self.transport, credentials: StaticCredentialsProvider(testCredentials), region: "eu-central-1",
            endpoint: URL(string: "http://host:1/?x=1"))
        #expect(throws: ECRAuthError(code: .invalidConfiguration)) { try client.endpoint(for: nil) }
    }

    /// The request that goes out: `POST /`, body `{}`, JSON 1.1, the target, signed for `ecr`.
    @Test func theRequestOnTheWire() async throws {
        let transport = ScriptedTransport([ECRResponses.ok()])
        let client = makeClient(transport: transport)
        _ = try await client.authorizationToken(for: privateRegistry)
        let exchange = try #require(transport.exchanges.first)
        let request = exchange.request
        #expect(request.method == .post)
        #expect(request.scheme == "https")
        #expect(request.authority == "api.ecr.eu-central-1.amazonaws.com")
        #expect(request.path == "/")
        #expect(exchange.body == Array("{}".utf8))
        #expect(request.headerFields[.contentType] == "application/x-amz-json-1.1")
        #expect(request.headerFields[.xAmzTarget] == "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken")
        #expect(request.headerFields[.xAmzSecurityToken] == Secrets.sessionToken)
        #expect(request.headerFields[.xAmzDate] == "20270115T080000Z")
        // The signature is the one the signer computes over the body itself.
        var unsigned = HTTPRequest(method: .post, scheme: "https", authority: "api.ecr.eu-central-1.amazonaws.com", path: "/")
        unsigned.headerFields[.contentType] = "application/x-amz-json-1.1"
        unsigned.headerFields[.xAmzTarget] = "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken"
        let expected = try SigV4Signer(service: "ecr", region: "eu-central-1")
            .sign(unsigned, payload: .bytes(Array("{}".utf8)), credentials: testCredentials, date: referenceDate)
        #expect(request.headerFields[.authorization] == expected.headerFields[.authorization])
    }
}
