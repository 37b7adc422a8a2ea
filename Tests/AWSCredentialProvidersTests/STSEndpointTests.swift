import AWSCredentialProviders
import Foundation
import Testing

/// STS endpoint resolution across partitions, FIPS, dual-stack, legacy and overrides.
struct STSEndpointTests {
    static let cases: [(String?, Bool, Bool, STSEndpointConfiguration.RegionalEndpoints, String, String)] = [
        (nil, false, false, .regional, "https://sts.amazonaws.com", "us-east-1"),
        ("us-east-1", false, false, .regional, "https://sts.us-east-1.amazonaws.com", "us-east-1"),
        ("eu-central-1", false, false, .regional, "https://sts.eu-central-1.amazonaws.com", "eu-central-1"),
        ("eu-central-1", false, false, .legacy, "https://sts.amazonaws.com", "us-east-1"),
        ("af-south-1", false, false, .legacy, "https://sts.af-south-1.amazonaws.com", "af-south-1"),
        ("il-central-1", false, false, .regional, "https://sts.il-central-1.amazonaws.com", "il-central-1"),
        ("aws-global", false, false, .regional, "https://sts.amazonaws.com", "us-east-1"),
        ("cn-north-1", false, false, .regional, "https://sts.cn-north-1.amazonaws.com.cn", "cn-north-1"),
        ("cn-northwest-1", false, true, .regional, "https://sts.cn-northwest-1.api.amazonwebservices.com.cn", "cn-northwest-1"),
        ("us-gov-west-1", false, false, .regional, "https://sts.us-gov-west-1.amazonaws.com", "us-gov-west-1"),
        ("us-gov-west-1", true, false, .regional, "https://sts.us-gov-west-1.amazonaws.com", "us-gov-west-1"),
        ("us-east-2", true, false, .regional, "https://sts-fips.us-east-2.amazonaws.com", "us-east-2"),
        ("us-east-2", true, false, .legacy, "https://sts-fips.us-east-2.amazonaws.com", "us-east-2"),
        ("us-east-2", false, true, .regional, "https://sts.us-east-2.api.aws", "us-east-2"),
        ("us-east-2", true, true, .regional, "https://sts-fips.us-east-2.api.aws", "us-east-2"),
        ("us-iso-east-1", false, false, .regional, "https://sts.us-iso-east-1.c2s.ic.gov", "us-iso-east-1"),
        ("us-isob-east-1", false, false, .regional, "https://sts.us-isob-east-1.sc2s.sgov.gov", "us-isob-east-1"),
        ("eu-isoe-west-1", false, false, .regional, "https://sts.eu-isoe-west-1.cloud.adc-e.uk", "eu-isoe-west-1"),
        ("us-isof-south-1", false, false, .regional, "https://sts.us-isof-south-1.csp.hci.ic.gov", "us-isof-south-1"),
        ("eusc-de-east-1", false, false, .regional, "https://sts.eusc-de-east-1.amazonaws.eu", "eusc-de-east-1"),
        ("mars-north-1", false, false, .regional, "https://sts.mars-north-1.amazonaws.com", "mars-north-1"),
    ]

    @Test(arguments: cases)
    func resolution(
        region: String?, fips: Bool, dualStack: Bool, mode: STSEndpointConfiguration.RegionalEndpoints, url: String, signingRegion: String
    ) throws {
        let configuration = STSEndpointConfiguration(region: region, useFIPS: fips, useDualStack: dualStack, regionalEndpoints: mode)
        let resolved = try configuration.resolve()
        #expect(resolved.url.absoluteString == url)
        #expect(resolved.signingRegion == signingRegion)
    }

    @Test func unsupportedCombinationsAndBadRegionsAreRejected() {
        #expect(throws: AWSCredentialsError(code: .invalidConfiguration)) {
            try STSEndpointConfiguration(region: "us-iso-east-1", useDualStack: true).resolve()
        }
        for region in ["", "EU-WEST-1", "eu west 1", "eu-west-1.evil.com", "eu-west-1/", String(repeating: "a", count: 64)] {
            #expect(throws: AWSCredentialsError(code: .invalidConfiguration), "\(region)") {
                try STSEndpointConfiguration(region: region).resolve()
            }
        }
    }

    @Test func environmentSettings() throws {
        let environment = AWSEnvironment(variables: [
            "AWS_DEFAULT_REGION": "eu-west-1", "AWS_USE_FIPS_ENDPOINT": "TRUE", "AWS_STS_REGIONAL_ENDPOINTS": "legacy",
        ])
        let configuration = try STSEndpointConfiguration.fromEnvironment(environment, profileRegion: "ap-south-1")
        #expect(configuration == STSEndpointConfiguration(region: "eu-west-1", useFIPS: true, regionalEndpoints: .legacy))

        let fromProfile = try STSEndpointConfiguration.fromEnvironment(AWSEnvironment(), profileRegion: "ap-south-1")
        #expect(fromProfile.region == "ap-south-1")
        let regionWins = try STSEndpointConfiguration.fromEnvironment(
            AWSEnvironment(variables: ["AWS_REGION": "us-west-2", "AWS_DEFAULT_REGION": "eu-west-1"]))
        #expect(regionWins.region == "us-west-2")
    }

    @Test func endpointOverrides() throws {
        let specific = try STSEndpointConfiguration.fromEnvironment(AWSEnvironment(variables: [
            "AWS_ENDPOINT_URL": "http://localhost:4566", "AWS_ENDPOINT_URL_STS": "http://127.0.0.1:5000", "AWS_REGION": "eu-west-1",
        ]))
        #expect(try specific.resolve().url.absoluteString == "http://127.0.0.1:5000")
        #expect(try specific.resolve().signingRegion == "eu-west-1")
        let general = try STSEndpointConfiguration.fromEnvironment(AWSEnvironment(variables: ["AWS_ENDPOINT_URL": "http://localhost:4566"]))
        #expect(try general.resolve().url.absoluteString == "http://localhost:4566")
        let ignored = try STSEndpointConfiguration.fromEnvironment(AWSEnvironment(variables: [
            "AWS_ENDPOINT_URL_STS": "http://127.0.0.1:5000", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true",
        ]))
        #expect(ignored.endpoint == nil)
    }

    @Test(arguments: [
        ["AWS_ENDPOINT_URL_STS": "not a url"], ["AWS_ENDPOINT_URL_STS": "ftp://x"], ["AWS_USE_FIPS_ENDPOINT": "yes"],
        ["AWS_STS_REGIONAL_ENDPOINTS": "global"], ["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "1"],
    ])
    func malformedSettingsAreRejected(variables: [String: String]) {
        #expect(throws: AWSCredentialsError(code: .invalidConfiguration)) {
            try STSEndpointConfiguration.fromEnvironment(AWSEnvironment(variables: variables))
        }
    }

    @Test func partitions() {
        #expect(AWSPartition(region: "us-east-1") == .aws)
        #expect(AWSPartition(region: "us-gov-east-1") == .awsUSGov)
        #expect(AWSPartition(region: "cn-north-1") == .awsCN)
        #expect(AWSPartition(region: "us-iso-west-1") == .awsISO)
        #expect(AWSPartition(region: "us-isob-east-1") == .awsISOB)
        #expect(AWSPartition(region: "eu-isoe-west-1") == .awsISOE)
        #expect(AWSPartition(region: "us-isof-east-1") == .awsISOF)
        #expect(AWSPartition(region: "eusc-de-east-1") == .awsEUSC)
        #expect(AWSPartition(region: "aws-cn-global") == .awsCN)
        #expect(AWSPartition(region: "unknown") == .aws)
        #expect(AWSPartition(region: "cn-north") == .aws, "no trailing digits: not the China pattern")
        #expect(AWSPartition.awsCN.description == "aws-cn")
    }
}
