#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Where a `GetAuthorizationToken` request goes and how it is signed: the result of
/// ``ECRClient/endpoint(for:)``.
///
/// | | private ECR | ECR Public |
/// | --- | --- | --- |
/// | endpoint | `https://api.ecr.<region>.<dnsSuffix>` | `https://api.ecr-public.us-east-1.amazonaws.com` |
/// | FIPS | `https://api.ecr-fips.<region>.<dnsSuffix>` | `https://api.ecr-public-fips.us-east-1.amazonaws.com` |
/// | dual-stack | `https://ecr.<region>.<dualStackDnsSuffix>` | `https://ecr-public.us-east-1.api.aws` |
/// | FIPS and dual-stack | `https://ecr-fips.<region>.<dualStackDnsSuffix>` | `https://api.ecr-public-fips.us-east-1.api.aws` |
/// | signing name | `ecr` | `ecr-public` |
/// | `X-Amz-Target` | `AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken` | `SpencerFrontendService.GetAuthorizationToken` |
///
/// These are the endpoint rules of the AWS SDKs (the `endpoint-rule-set-1.json` of ECR and ECR
/// Public); the test suite checks them against botocore's resolver for every partition.
public struct ECREndpoint: Sendable, Hashable, CustomStringConvertible {
    /// The URL requests are sent to, for example `https://api.ecr.eu-central-1.amazonaws.com`.
    public var url: URL
    /// The SigV4 signing name: `ecr` or `ecr-public`.
    public var signingName: String
    /// The SigV4 signing region: the registry's region (`us-east-1` for ECR Public).
    public var signingRegion: String
    /// The `X-Amz-Target` header of `GetAuthorizationToken`.
    public var target: String
    /// Whether this is the ECR Public API.
    public var isPublic: Bool

    /// `http` or `https`.
    var scheme: String
    /// `host[:port]` as it goes into `:authority`.
    var authority: String
    /// The path requests are posted to: `/`, or the override's path ending in `/`.
    var path: String

    init(
        scheme: String, authority: String, path: String, signingName: String, signingRegion: String, target: String,
        isPublic: Bool
    ) {
        self.scheme = scheme
        self.authority = authority
        self.path = path
        self.signingName = signingName
        self.signingRegion = signingRegion
        self.target = target
        self.isPublic = isPublic
        self.url = URL(string: "\(scheme)://\(authority)\(path == "/" ? "" : path)") ?? URL(fileURLWithPath: "/")
    }

    /// The signing name of private ECR.
    static let privateSigningName = "ecr"
    /// The signing name of ECR Public.
    static let publicSigningName = "ecr-public"
    /// `GetAuthorizationToken` of private ECR.
    static let privateTarget = "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken"
    /// `GetAuthorizationToken` of ECR Public.
    static let publicTarget = "SpencerFrontendService.GetAuthorizationToken"
    /// The only region of the ECR Public API.
    static let publicRegion = "us-east-1"

    /// `<url> (<signingName>/<signingRegion>)`.
    public var description: String {
        "\(self.scheme)://\(self.authority)\(self.path) (\(self.signingName)/\(self.signingRegion))"
    }
}
