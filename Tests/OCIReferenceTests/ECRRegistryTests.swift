import Testing

@testable import OCIReference

/// amazon-ecr-credential-helper's `ecr-login/api/client_test.go` (TestExtractRegistry, the
/// aws-sdk-go-v2 era file with `dkr-ecr`, ISO-E/ISO-F and look-alike suffix cases;
/// awslabs/amazon-ecr-credential-helper main, Apache-2.0) and the kubelet provider's
/// `cmd/ecr-credential-provider/main_test.go` (TestRegistryPatternMatch,
/// Test_parseRegionFromECRPrivateHost, Test_GetCredentials_Private; kubernetes/cloud-provider-aws
/// master with `ecrPrivateHostPattern`, Apache-2.0), rewritten as Swift tables.
struct ECRRegistryTests {
    struct Expected: Sendable, CustomTestStringConvertible {
        var input: String
        var accountID: String?
        var fips = false
        var region = ""
        var isPublic = false
        var valid = true
        var testDescription: String { self.input }
    }

    // client_test.go, TestExtractRegistry
    static let extractRegistryCases: [Expected] = [
        Expected(input: "https://123456789012.dkr.ecr.us-east-1.amazonaws.com/v2/blah/blah", accountID: "123456789012", region: "us-east-1"),
        Expected(input: "123456789012.dkr.ecr.us-west-2.amazonaws.com", accountID: "123456789012", region: "us-west-2"),
        Expected(input: "123456789012.dkr-ecr.us-west-2.on.aws", accountID: "123456789012", region: "us-west-2"),
        Expected(input: "210987654321.dkr.ecr.cn-north-1.amazonaws.com.cn/foo", accountID: "210987654321", region: "cn-north-1"),
        Expected(input: "210987654321.dkr.ecr.us-iso-east-1.c2s.ic.gov", accountID: "210987654321", region: "us-iso-east-1"),
        Expected(input: "123456789012.dkr.ecr.us-isob-east-1.sc2s.sgov.gov", accountID: "123456789012", region: "us-isob-east-1"),
        Expected(input: "123456789012.dkr.ecr.eu-isoe-west-1.cloud.adc-e.uk", accountID: "123456789012", region: "eu-isoe-west-1"),
        Expected(input: "123456789012.dkr.ecr.us-isof-east-1.csp.hci.ic.gov", accountID: "123456789012", region: "us-isof-east-1"),
        Expected(input: "123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com", accountID: "123456789012", fips: true, region: "us-gov-west-1"),
        Expected(input: "https://public.ecr.aws", region: "us-east-1", isPublic: true),
        Expected(input: "public.ecr.aws", region: "us-east-1", isPublic: true),
        Expected(input: "https://public.ecr.aws/amazonlinux", region: "us-east-1", isPublic: true),
        Expected(input: ".dkr.ecr.not-real.amazonaws.com", valid: false),
        Expected(input: "not.ecr.io", valid: false),
        Expected(input: "https://123456789012.dkr.ecr.us-west-2.amazonaws.com.fake.example.com/image:latest", valid: false),
        Expected(input: "123456789012.dkr.ecr.us-west-2.amazonaws.com.fake.example.com", valid: false),
        Expected(input: "123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com.fake.example.com", valid: false),
        Expected(input: "210987654321.dkr.ecr.cn-north-1.amazonaws.com.cn.fake.example.com.cn", valid: false),
        Expected(input: "https://public.ecr.aws.fake.example.com", valid: false),
        Expected(input: "public.ecr.aws.fake.example.com", valid: false),
    ]

    @Test("amazon-ecr-credential-helper client_test.go TestExtractRegistry", arguments: extractRegistryCases)
    func extractRegistry(_ test: Expected) {
        let registry = ECRRegistry(test.input)
        guard test.valid else {
            #expect(registry == nil)
            return
        }
        #expect(registry?.accountID == test.accountID)
        #expect(registry?.isFIPS == test.fips)
        #expect(registry?.region == test.region)
        #expect(registry?.isPublic == test.isPublic)
    }

    // main_test.go, TestRegistryPatternMatch
    @Test(
        "ecr-credential-provider main_test.go TestRegistryPatternMatch",
        arguments: [
            ("123456789012.dkr.ecr.lala-land-1.amazonaws.com", true),
            ("123456789012.dkr.ecr-fips.lala-land-1.amazonaws.com", true),
            ("123456789012.dkr.ecr.lala-land-1.amazonaws.com.cn", true),
            ("1234567890123.dkr.ecr.lala-land-1.amazonaws.com", false),
            ("12345678901.dkr.ecr.lala-land-1.amazonaws.com", false),
            ("12345678901A.dkr.ecr.lala-land-1.amazonaws.com", false),
            ("123456789012.dkr.ecr.lala-land-1!.amazonaws.com", false),
            ("123456789012.dkr.ecr.#lala-land-1.amazonaws.com", false),
            ("123456789012.dkr.ecr.lala-land-1.amazonaws.hacker.com", false),
            ("123456789012.dkr.ecr.lala-land-1.hacker.com", false),
            ("123456789012.dkr.ecr.lala-land-1.amazonaws.lol", false),
            ("123456789012.dog.ecr.lala-land-1.amazonaws.com", false),
            ("123456789012.dkr.cat.lala-land-1.amazonaws.com", false),
            ("123456789012.dkr.cat.lala-land-1.awsamazon.com", false),
            ("123456789012.lala-land-1.amazonaws.com", false),
            ("123456789012.dkr.ecr.us-iso-east-1.c2s.ic.gov", true),
            ("123456789012.dkr.ecr.us-isob-east-1.sc2s.sgov.gov", true),
            ("123456789012.dkr.ecr.eu-isoe-west-1.cloud.adc-e.uk", true),
            ("123456789012.dkr.ecr.us-isof-east-1.csp.hci.ic.gov", true),
            ("123456789012.dkr.ecr.us-iso-east-1.amazonaws.gov", false),
            ("123456789012.dkr-ecr.lala-land-1.on.aws", true),
            ("123456789012.dkr-ecr-fips.lala-land-1.on.aws", true),
            ("123456789012.dkr-ecr.lala-land-1.on.amazonwebservices.com.cn", true),
        ]
    )
    func patternMatch(_ host: String, _ expected: Bool) {
        let registry = ECRRegistry(host)
        #expect((registry != nil && registry?.isPublic == false) == expected)
    }

    // main_test.go, Test_parseRegionFromECRPrivateHost
    @Test(
        "ecr-credential-provider main_test.go Test_parseRegionFromECRPrivateHost",
        arguments: [
            ("123456789123.dkr.ecr.us-west-2.amazonaws.com", "us-west-2"),
            ("123456789123.dkr.ecr.cn-north-1.amazonaws.com.cn", "cn-north-1"),
            ("123456789123.dkr.ecr.us-gov-east-1.amazonaws.com", "us-gov-east-1"),
            ("123456789123.dkr.ecr.us-iso-east-1.c2s.ic.gov", "us-iso-east-1"),
            ("123456789123.dkr-ecr.us-west-2.on.aws", "us-west-2"),
            ("123456789123.dkr-ecr-fips.us-west-2.on.aws", "us-west-2"),
            ("123456789123.dkr-ecr.cn-north-1.on.amazonwebservices.com.cn", "cn-north-1"),
            ("123456789123.dkr-ecr.us-gov-east-1.on.aws", "us-gov-east-1"),
            ("123456789123.dkr-ecr-fips.us-gov-east-1.on.aws", "us-gov-east-1"),
            ("foobar", ""),
        ]
    )
    func regionFromHost(_ host: String, _ region: String) {
        #expect((ECRRegistry(host)?.region ?? "") == region)
    }

    // main_test.go, Test_GetCredentials_Private: "image reference containing public ECR host"
    // and "non ECR host"; Test_GetCredentials_Public: "success"; Test_parseHostFromImageReference.
    @Test("ecr-credential-provider: only the host decides")
    func onlyTheHostDecides() throws {
        let registry = try #require(ECRRegistry("123456789123.dkr.ecr.us-west-2.amazonaws.com/public.ecr.aws/foo:latest"))
        #expect(!registry.isPublic)
        #expect(registry.host == "123456789123.dkr.ecr.us-west-2.amazonaws.com")
        #expect(ECRRegistry("registry.k8s.io/foo:latest") == nil)
        #expect(ECRRegistry("public.ecr.aws")?.isPublic == true)
        #expect(ECRRegistry("http://foobar") == nil)
        #expect(ECRRegistry("foobar  ") == nil)
        #expect(ECRRegistry("") == nil)
    }

    @Test(
        "partitions, FIPS and dual-stack",
        arguments: [
            ("123456789012.dkr.ecr.eu-central-1.amazonaws.com", ECRPartition.aws, false, false, "amazonaws.com"),
            ("123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com", .awsUSGov, true, false, "amazonaws.com"),
            ("123456789012.dkr-ecr.us-west-2.on.aws", .aws, false, true, "on.aws"),
            ("123456789012.dkr-ecr-fips.us-gov-east-1.on.aws", .awsUSGov, true, true, "on.aws"),
            ("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn", .awsCN, false, false, "amazonaws.com.cn"),
            ("123456789012.dkr-ecr.cn-north-1.on.amazonwebservices.com.cn", .awsCN, false, true, "on.amazonwebservices.com.cn"),
            ("123456789012.dkr.ecr.eusc-de-east-1.amazonaws.eu", .awsEUSC, false, false, "amazonaws.eu"),
            ("123456789012.dkr.ecr.us-iso-east-1.c2s.ic.gov", .awsISO, false, false, "c2s.ic.gov"),
            ("123456789012.dkr.ecr.us-isob-east-1.sc2s.sgov.gov", .awsISOB, false, false, "sc2s.sgov.gov"),
            ("123456789012.dkr.ecr.eu-isoe-west-1.cloud.adc-e.uk", .awsISOE, false, false, "cloud.adc-e.uk"),
            ("123456789012.dkr.ecr.us-isof-south-1.csp.hci.ic.gov", .awsISOF, false, false, "csp.hci.ic.gov"),
        ]
    )
    func partitions(_ host: String, _ partition: ECRPartition, _ fips: Bool, _ dualStack: Bool, _ suffix: String) throws {
        let registry = try #require(ECRRegistry(host))
        #expect(registry.partition == partition)
        #expect(registry.isFIPS == fips)
        #expect(registry.isDualStack == dualStack)
        #expect(registry.dnsSuffix == suffix)
        #expect(registry.host == host)
        #expect(registry.description == host)
        #expect(ECRPartition(id: partition.id) == partition)
    }

    @Test("ECR Public: public.ecr.aws and ecr-public.aws.com, API in us-east-1 of aws")
    func ecrPublic() throws {
        for host in ["public.ecr.aws", "ecr-public.aws.com", "https://public.ecr.aws/team/app:1", "PUBLIC.ECR.AWS"] {
            let registry = try #require(ECRRegistry(host))
            #expect(registry.isPublic)
            #expect(registry.accountID == nil)
            #expect(registry.region == "us-east-1")
            #expect(registry.partition == .aws)
            #expect(registry.dnsSuffix == "amazonaws.com")
        }
        #expect(ECRRegistry("ecr-public.aws.com")?.host == "ecr-public.aws.com")
    }

    @Test("deliberate differences: case folding, any scheme, ports, no user information")
    func deliberateDifferences() throws {
        // DNS names are case-insensitive; the Go regular expressions are not.
        let upper = try #require(ECRRegistry("https://123456789012.DKR.ECR.EU-WEST-1.AMAZONAWS.COM/v2/repo"))
        #expect(upper.region == "eu-west-1")
        #expect(upper.host == "123456789012.dkr.ecr.eu-west-1.amazonaws.com")
        // Any scheme, as the kubelet provider accepts (the credential helper strips only https://).
        #expect(ECRRegistry("oci://123456789012.dkr.ecr.eu-west-1.amazonaws.com/charts/app")?.region == "eu-west-1")
        #expect(ECRRegistry("http://123456789012.dkr.ecr.eu-west-1.amazonaws.com")?.region == "eu-west-1")
        // host:port, as Go's url.Hostname() drops the port.
        #expect(ECRRegistry("123456789012.dkr.ecr.eu-west-1.amazonaws.com:443")?.region == "eu-west-1")
        #expect(ECRRegistry("123456789012.dkr.ecr.eu-west-1.amazonaws.com:https") == nil)
        // User information never names a registry host.
        #expect(ECRRegistry("user@123456789012.dkr.ecr.eu-west-1.amazonaws.com") == nil)
        #expect(ECRRegistry("https://123456789012.dkr.ecr.eu-west-1.amazonaws.com@evil.example.com/") == nil)
    }

    @Test("values are small and Sendable; equal hosts are equal registries")
    func equality() throws {
        let a = try #require(ECRRegistry("123456789012.dkr.ecr.eu-west-1.amazonaws.com"))
        let b = try #require(ECRRegistry("https://123456789012.dkr.ecr.eu-west-1.amazonaws.com/v2/"))
        #expect(a == b)
        #expect(a != ECRRegistry("123456789012.dkr-ecr.eu-west-1.on.aws"))
    }
}
