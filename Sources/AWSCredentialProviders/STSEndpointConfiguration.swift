#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Which AWS Security Token Service (STS) endpoint the web identity and assume-role providers
/// call, and the region they sign for.
///
/// By default STS is called at its regional endpoint in the partition of ``region``
/// (`https://sts.eu-central-1.amazonaws.com`, `https://sts.cn-north-1.amazonaws.com.cn`,
/// `https://sts.us-gov-west-1.amazonaws.com`, …), as the current AWS SDKs do. ``fromEnvironment(_:profileRegion:)``
/// reads the standard settings:
///
/// | variable | meaning |
/// | --- | --- |
/// | `AWS_REGION`, then `AWS_DEFAULT_REGION` | the region (else the profile's `region`) |
/// | `AWS_ENDPOINT_URL_STS`, then `AWS_ENDPOINT_URL` | an explicit endpoint, for example a test server |
/// | `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` | ignore the two above |
/// | `AWS_USE_FIPS_ENDPOINT=true` | `sts-fips.<region>.<suffix>` (GovCloud: the regional endpoint, already FIPS) |
/// | `AWS_USE_DUALSTACK_ENDPOINT=true` | `sts.<region>.api.aws` (IPv4 and IPv6) |
/// | `AWS_STS_REGIONAL_ENDPOINTS=legacy` | the global `sts.amazonaws.com` for the 16 regions that used it before 2020 |
///
/// Without a region the global endpoint `https://sts.amazonaws.com` (signing region `us-east-1`)
/// is used. In EKS the pod identity webhook always sets `AWS_REGION`.
public struct STSEndpointConfiguration: Sendable, Hashable {
    /// Whether the regions that had only the global STS endpoint before 2020 keep using it.
    public struct RegionalEndpoints: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// Every region uses its own regional endpoint (the default of current SDKs).
        public static let regional = RegionalEndpoints("regional")
        /// The 16 regions of 2019 (`us-east-1`, `eu-west-1`, …) use `sts.amazonaws.com`.
        public static let legacy = RegionalEndpoints("legacy")

        /// `regional` or `legacy`.
        public var description: String { self.name }
    }

    /// The region, or `nil` for the global endpoint.
    public var region: String?
    /// An explicit endpoint that replaces the resolved one (for example a test server), or `nil`.
    public var endpoint: URL?
    /// Use the FIPS endpoint.
    public var useFIPS: Bool
    /// Use the dual-stack (IPv4 and IPv6) endpoint.
    public var useDualStack: Bool
    /// Regional or legacy global endpoints.
    public var regionalEndpoints: RegionalEndpoints

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - region: The region, or `nil` for the global endpoint.
    ///   - endpoint: An explicit endpoint, or `nil` to resolve it from the region.
    ///   - useFIPS: Use the FIPS endpoint.
    ///   - useDualStack: Use the dual-stack endpoint.
    ///   - regionalEndpoints: Regional (default) or legacy global endpoints.
    public init(
        region: String? = nil,
        endpoint: URL? = nil,
        useFIPS: Bool = false,
        useDualStack: Bool = false,
        regionalEndpoints: RegionalEndpoints = .regional
    ) {
        self.region = region
        self.endpoint = endpoint
        self.useFIPS = useFIPS
        self.useDualStack = useDualStack
        self.regionalEndpoints = regionalEndpoints
    }

    /// Reads the configuration from the standard environment variables (see the table above).
    ///
    /// - Parameters:
    ///   - environment: Where to read the variables.
    ///   - profileRegion: The `region` of the active profile, used when no region variable is set.
    /// - Returns: The configuration.
    /// - Throws: ``AWSCredentialsError/Code/invalidConfiguration`` for a malformed URL or a
    ///   value other than `true`/`false` or `regional`/`legacy`.
    public static func fromEnvironment(
        _ environment: AWSEnvironment,
        profileRegion: String? = nil
    ) throws(AWSCredentialsError) -> STSEndpointConfiguration {
        var configuration = STSEndpointConfiguration(region: environment.first("AWS_REGION", "AWS_DEFAULT_REGION") ?? profileRegion)
        if try environment.bool("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS") != true {
            for name in ["AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL"] {
                guard let text = environment[name] else { continue }
                guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
                    scheme == "http" || scheme == "https", url.host != nil
                else {
                    throw AWSCredentialsError(code: .invalidConfiguration, reason: "\(name) is not an http(s) URL")
                }
                configuration.endpoint = url
                break
            }
        }
        configuration.useFIPS = try environment.bool("AWS_USE_FIPS_ENDPOINT") ?? false
        configuration.useDualStack = try environment.bool("AWS_USE_DUALSTACK_ENDPOINT") ?? false
        if let mode = environment["AWS_STS_REGIONAL_ENDPOINTS"] {
            switch mode.lowercased() {
            case "regional": configuration.regionalEndpoints = .regional
            case "legacy": configuration.regionalEndpoints = .legacy
            default:
                throw AWSCredentialsError(
                    code: .invalidConfiguration, reason: "AWS_STS_REGIONAL_ENDPOINTS must be regional or legacy, not \"\(mode)\"")
            }
        }
        return configuration
    }

    /// The regions that used the global endpoint before regional endpoints became the default.
    static let legacyGlobalRegions: Set<String> = [
        "ap-northeast-1", "ap-south-1", "ap-southeast-1", "ap-southeast-2", "aws-global", "ca-central-1",
        "eu-central-1", "eu-north-1", "eu-west-1", "eu-west-2", "eu-west-3", "sa-east-1", "us-east-1",
        "us-east-2", "us-west-1", "us-west-2",
    ]

    /// The endpoint URL and signing region this configuration resolves to.
    ///
    /// - Returns: The URL requests go to and the region they are signed for.
    /// - Throws: ``AWSCredentialsError/Code/invalidConfiguration`` for a region that is not a
    ///   region name, or FIPS with dual-stack in a partition without such endpoints.
    public func resolve() throws(AWSCredentialsError) -> (url: URL, signingRegion: String) {
        if let region = self.region {
            guard Self.isValidRegion(region) else {
                throw AWSCredentialsError(code: .invalidConfiguration, reason: "\"\(region)\" is not a valid AWS region name")
            }
        }
        if let endpoint = self.endpoint {
            return (endpoint, self.region ?? "us-east-1")
        }
        guard let region = self.region ?? ((self.useFIPS || self.useDualStack) ? "us-east-1" : nil) else {
            return (Self.url("sts.amazonaws.com"), "us-east-1")
        }
        let partition = AWSPartition(region: region)
        if region == "aws-global" || (self.regionalEndpoints == .legacy && !self.useFIPS && !self.useDualStack
            && Self.legacyGlobalRegions.contains(region))
        {
            return (Self.url("sts.amazonaws.com"), "us-east-1")
        }
        if region.hasSuffix("-global") {
            // The global pseudo-regions of the other partitions sign for their home region.
            return (Self.url("sts.\(partition.globalSigningRegion).\(partition.dnsSuffix)"), partition.globalSigningRegion)
        }
        switch (self.useFIPS, self.useDualStack) {
        case (true, true):
            guard partition.supportsFIPS, partition.supportsDualStack else {
                throw AWSCredentialsError(
                    code: .invalidConfiguration, reason: "partition \(partition) has no FIPS dual-stack STS endpoint")
            }
            return (Self.url("sts-fips.\(region).\(partition.dualStackDNSSuffix)"), region)
        case (true, false):
            if partition == .awsUSGov { return (Self.url("sts.\(region).\(partition.dnsSuffix)"), region) }
            return (Self.url("sts-fips.\(region).\(partition.dnsSuffix)"), region)
        case (false, true):
            guard partition.supportsDualStack else {
                throw AWSCredentialsError(
                    code: .invalidConfiguration, reason: "partition \(partition) has no dual-stack STS endpoint")
            }
            return (Self.url("sts.\(region).\(partition.dualStackDNSSuffix)"), region)
        case (false, false):
            return (Self.url("sts.\(region).\(partition.dnsSuffix)"), region)
        }
    }

    private static func url(_ host: String) -> URL {
        // The host is built from a validated region and a fixed suffix, so it always parses.
        URL(string: "https://\(host)") ?? URL(fileURLWithPath: "/")
    }

    /// A region name: 1–63 lowercase letters, digits and hyphens, starting with a letter.
    static func isValidRegion(_ region: String) -> Bool {
        let bytes = region.utf8
        guard let first = bytes.first, bytes.count <= 63, first >= 0x61, first <= 0x7A else { return false }
        return bytes.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: "-") }
    }
}
