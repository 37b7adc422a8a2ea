/// An AWS partition: a group of regions with its own DNS suffix (the commercial regions,
/// China, GovCloud, the isolated regions, the European Sovereign Cloud).
///
/// ```swift
/// let partition = AWSPartition(region: "cn-northwest-1")   // .awsCN
/// let host = "sts.cn-northwest-1.\(partition.dnsSuffix)"    // sts.cn-northwest-1.amazonaws.com.cn
/// ```
///
/// The table and the region patterns are those of the AWS SDKs' `partitions.json`: a region is
/// matched by its partition's pattern, and a region no pattern matches belongs to `aws`, as in
/// the SDKs. New partitions are added as static members in minor releases.
public struct AWSPartition: Hashable, Sendable, CustomStringConvertible {
    /// The partition ID: `aws`, `aws-cn`, `aws-us-gov`, `aws-iso`, `aws-iso-b`, `aws-iso-e`,
    /// `aws-iso-f`, `aws-eusc`.
    public var id: String
    /// The DNS suffix of its regional endpoints, for example `amazonaws.com.cn`.
    public var dnsSuffix: String
    /// The DNS suffix of its dual-stack (IPv4 and IPv6) endpoints, for example `api.aws`.
    public var dualStackDNSSuffix: String
    /// Whether its services offer dual-stack endpoints.
    public var supportsDualStack: Bool
    /// Whether its services offer FIPS endpoints.
    public var supportsFIPS: Bool
    /// The region that global endpoints of the partition sign for, for example `us-east-1`.
    public var globalSigningRegion: String

    /// Region-name prefixes of the partition, as the `<prefix>-<word>-<digits>` patterns of
    /// `partitions.json`.
    private var regionPrefixes: [String]

    /// Creates a partition.
    ///
    /// - Parameters:
    ///   - id: The partition ID.
    ///   - dnsSuffix: The DNS suffix of regional endpoints.
    ///   - dualStackDNSSuffix: The DNS suffix of dual-stack endpoints.
    ///   - supportsDualStack: Whether dual-stack endpoints exist.
    ///   - supportsFIPS: Whether FIPS endpoints exist.
    ///   - globalSigningRegion: The region global endpoints sign for.
    ///   - regionPrefixes: The first component(s) of its region names, such as `["cn"]` or
    ///     `["us-gov"]`; a region belongs to the partition when it is a prefix followed by
    ///     `-<letters or digits>-<digits>`.
    public init(
        id: String,
        dnsSuffix: String,
        dualStackDNSSuffix: String,
        supportsDualStack: Bool,
        supportsFIPS: Bool,
        globalSigningRegion: String,
        regionPrefixes: [String]
    ) {
        self.id = id
        self.dnsSuffix = dnsSuffix
        self.dualStackDNSSuffix = dualStackDNSSuffix
        self.supportsDualStack = supportsDualStack
        self.supportsFIPS = supportsFIPS
        self.globalSigningRegion = globalSigningRegion
        self.regionPrefixes = regionPrefixes
    }

    /// The commercial regions: `amazonaws.com`, dual-stack `api.aws`.
    public static let aws = AWSPartition(
        id: "aws", dnsSuffix: "amazonaws.com", dualStackDNSSuffix: "api.aws",
        supportsDualStack: true, supportsFIPS: true, globalSigningRegion: "us-east-1",
        regionPrefixes: ["us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx"])
    /// China (`cn-north-1`, `cn-northwest-1`): `amazonaws.com.cn`.
    public static let awsCN = AWSPartition(
        id: "aws-cn", dnsSuffix: "amazonaws.com.cn", dualStackDNSSuffix: "api.amazonwebservices.com.cn",
        supportsDualStack: true, supportsFIPS: true, globalSigningRegion: "cn-north-1",
        regionPrefixes: ["cn"])
    /// AWS GovCloud (US): `amazonaws.com`.
    public static let awsUSGov = AWSPartition(
        id: "aws-us-gov", dnsSuffix: "amazonaws.com", dualStackDNSSuffix: "api.aws",
        supportsDualStack: true, supportsFIPS: true, globalSigningRegion: "us-gov-west-1",
        regionPrefixes: ["us-gov"])
    /// US ISO East/West: `c2s.ic.gov`.
    public static let awsISO = AWSPartition(
        id: "aws-iso", dnsSuffix: "c2s.ic.gov", dualStackDNSSuffix: "c2s.ic.gov",
        supportsDualStack: false, supportsFIPS: true, globalSigningRegion: "us-iso-east-1",
        regionPrefixes: ["us-iso"])
    /// US ISOB: `sc2s.sgov.gov`.
    public static let awsISOB = AWSPartition(
        id: "aws-iso-b", dnsSuffix: "sc2s.sgov.gov", dualStackDNSSuffix: "sc2s.sgov.gov",
        supportsDualStack: false, supportsFIPS: true, globalSigningRegion: "us-isob-east-1",
        regionPrefixes: ["us-isob"])
    /// EU ISOE: `cloud.adc-e.uk`.
    public static let awsISOE = AWSPartition(
        id: "aws-iso-e", dnsSuffix: "cloud.adc-e.uk", dualStackDNSSuffix: "cloud.adc-e.uk",
        supportsDualStack: false, supportsFIPS: true, globalSigningRegion: "eu-isoe-west-1",
        regionPrefixes: ["eu-isoe"])
    /// US ISOF: `csp.hci.ic.gov`.
    public static let awsISOF = AWSPartition(
        id: "aws-iso-f", dnsSuffix: "csp.hci.ic.gov", dualStackDNSSuffix: "csp.hci.ic.gov",
        supportsDualStack: false, supportsFIPS: true, globalSigningRegion: "us-isof-south-1",
        regionPrefixes: ["us-isof"])
    /// The AWS European Sovereign Cloud (`eusc-de-east-1`): `amazonaws.eu`.
    public static let awsEUSC = AWSPartition(
        id: "aws-eusc", dnsSuffix: "amazonaws.eu", dualStackDNSSuffix: "amazonaws.eu",
        supportsDualStack: false, supportsFIPS: true, globalSigningRegion: "eusc-de-east-1",
        regionPrefixes: ["eusc-de"])

    /// The known partitions, in the order regions are matched against them.
    public static let known: [AWSPartition] = [.aws, .awsCN, .awsUSGov, .awsISO, .awsISOB, .awsISOE, .awsISOF, .awsEUSC]

    /// The partition of a region: the first known partition whose pattern matches, else `aws`.
    ///
    /// The SDKs' global pseudo-regions (`aws-global`, `aws-cn-global`, `aws-us-gov-global`, …)
    /// map to their partitions too.
    ///
    /// - Parameter region: A region name such as `eu-central-1`.
    public init(region: String) {
        for partition in Self.known {
            if region == partition.id + "-global" || partition.matches(region: region) {
                self = partition
                return
            }
        }
        self = .aws
    }

    /// Whether `region` is `<prefix>-<letters or digits>-<digits>` for one of the partition's
    /// prefixes (the `regionRegex` of `partitions.json`).
    public func matches(region: String) -> Bool {
        for prefix in self.regionPrefixes where region.hasPrefix(prefix + "-") {
            let rest = region.utf8.dropFirst(prefix.utf8.count + 1)
            guard let dash = rest.firstIndex(of: UInt8(ascii: "-")) else { continue }
            let word = rest[rest.startIndex..<dash]
            let digits = rest[rest.index(after: dash)...]
            let isWordByte = { (byte: UInt8) -> Bool in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == UInt8(ascii: "_")
            }
            if !word.isEmpty, word.allSatisfy(isWordByte), !digits.isEmpty,
                digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
            {
                return true
            }
        }
        return false
    }

    /// The partition ID, for example `aws-cn`.
    public var description: String { self.id }
}
