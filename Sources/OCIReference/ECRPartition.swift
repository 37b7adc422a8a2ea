/// An AWS partition in which Amazon ECR runs: a set of regions with its own DNS suffixes.
///
/// The values are those of the AWS SDKs' `partitions.json` (`dnsSuffix`,
/// `dualStackDnsSuffix`). New partitions can be described with ``init(id:dnsSuffix:dualStackDNSSuffix:)``
/// until this library names them.
public struct ECRPartition: Sendable, Hashable, CustomStringConvertible {
    /// The partition's identifier, for example `aws` or `aws-cn`.
    public let id: String

    /// The DNS suffix of the partition's IPv4 endpoints, for example `amazonaws.com`.
    public let dnsSuffix: String

    /// The DNS suffix of the partition's dual-stack (IPv4 and IPv6) API endpoints, for example
    /// `api.aws`.
    public let dualStackDNSSuffix: String

    /// Describes a partition.
    ///
    /// - Parameters:
    ///   - id: The partition's identifier, for example `aws`.
    ///   - dnsSuffix: The DNS suffix of its IPv4 endpoints.
    ///   - dualStackDNSSuffix: The DNS suffix of its dual-stack API endpoints.
    public init(id: String, dnsSuffix: String, dualStackDNSSuffix: String) {
        self.id = id
        self.dnsSuffix = dnsSuffix
        self.dualStackDNSSuffix = dualStackDNSSuffix
    }

    /// AWS commercial regions (`aws`).
    public static let aws = ECRPartition(id: "aws", dnsSuffix: "amazonaws.com", dualStackDNSSuffix: "api.aws")
    /// AWS China (`aws-cn`).
    public static let awsCN = ECRPartition(
        id: "aws-cn",
        dnsSuffix: "amazonaws.com.cn",
        dualStackDNSSuffix: "api.amazonwebservices.com.cn"
    )
    /// AWS GovCloud (US) (`aws-us-gov`).
    public static let awsUSGov = ECRPartition(id: "aws-us-gov", dnsSuffix: "amazonaws.com", dualStackDNSSuffix: "api.aws")
    /// AWS ISO (`aws-iso`).
    public static let awsISO = ECRPartition(id: "aws-iso", dnsSuffix: "c2s.ic.gov", dualStackDNSSuffix: "api.aws.ic.gov")
    /// AWS ISOB (`aws-iso-b`).
    public static let awsISOB = ECRPartition(id: "aws-iso-b", dnsSuffix: "sc2s.sgov.gov", dualStackDNSSuffix: "api.aws.scloud")
    /// AWS ISOE (`aws-iso-e`).
    public static let awsISOE = ECRPartition(
        id: "aws-iso-e",
        dnsSuffix: "cloud.adc-e.uk",
        dualStackDNSSuffix: "api.cloud-aws.adc-e.uk"
    )
    /// AWS ISOF (`aws-iso-f`).
    public static let awsISOF = ECRPartition(
        id: "aws-iso-f",
        dnsSuffix: "csp.hci.ic.gov",
        dualStackDNSSuffix: "api.aws.hci.ic.gov"
    )
    /// AWS European Sovereign Cloud (`aws-eusc`).
    public static let awsEUSC = ECRPartition(
        id: "aws-eusc",
        dnsSuffix: "amazonaws.eu",
        dualStackDNSSuffix: "api.amazonwebservices.eu"
    )

    /// The partitions this library knows.
    public static let known: [ECRPartition] = [.aws, .awsCN, .awsUSGov, .awsISO, .awsISOB, .awsISOE, .awsISOF, .awsEUSC]

    /// The known partition with the identifier `id`, for example `aws-cn`.
    ///
    /// - Parameter id: A partition identifier.
    public init?(id: String) {
        guard let partition = Self.known.first(where: { $0.id == id }) else {
            return nil
        }
        self = partition
    }

    /// The partition's identifier.
    public var description: String {
        self.id
    }
}
