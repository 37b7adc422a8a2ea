/// An Amazon ECR registry, recognised from its host: private ECR
/// (`<account>.dkr.ecr.<region>.amazonaws.com` and its FIPS, dual-stack and partition variants)
/// or ECR Public (`public.ecr.aws`).
///
/// ```swift
/// let registry = ECRRegistry("123456789012.dkr.ecr.eu-central-1.amazonaws.com/team/nginx:19.0.1")
/// registry?.accountID   // "123456789012"
/// registry?.region      // "eu-central-1"
/// registry?.partition   // .aws
/// ```
///
/// The decisions are those of amazon-ecr-credential-helper (`api.ExtractRegistry`) and the
/// kubelet's ecr-credential-provider: only the host counts (a path such as
/// `/public.ecr.aws/x` does not make a private registry public), the account is exactly 12
/// digits, and the host must end in one of the partitions' registry suffixes. Unlike them, host
/// letters are compared without regard to case, as DNS does, and the region is reported in
/// lowercase; see the module's documentation for every deliberate difference.
public struct ECRRegistry: Sendable, Hashable, CustomStringConvertible {
    /// The 12-digit AWS account that owns the registry; `nil` for ECR Public.
    public private(set) var accountID: String?

    /// The region in the host, in lowercase, for example `eu-central-1`; `us-east-1` for ECR
    /// Public, whose API is served only there.
    public private(set) var region: String

    /// Whether the host is a FIPS endpoint (`dkr.ecr-fips` or `dkr-ecr-fips`).
    public private(set) var isFIPS: Bool

    /// Whether the host is a dual-stack (IPv4 and IPv6) endpoint: the `dkr-ecr` label or an
    /// `on.aws` / `on.amazonwebservices.com.cn` suffix.
    public private(set) var isDualStack: Bool

    /// Whether this is ECR Public.
    public private(set) var isPublic: Bool

    /// The DNS suffix after the region in the host: `amazonaws.com`, `amazonaws.com.cn`,
    /// `amazonaws.eu`, `on.aws`, `on.amazonwebservices.com.cn`, `c2s.ic.gov`, `sc2s.sgov.gov`,
    /// `cloud.adc-e.uk` or `csp.hci.ic.gov`. For ECR Public, whose host has no region, it is the
    /// `aws` partition's `amazonaws.com`.
    public private(set) var dnsSuffix: String

    /// Whether the host's second label is written `dkr-ecr` rather than `dkr.ecr`.
    private var dashedLabel: Bool

    /// Which ECR Public host was given: 0 `public.ecr.aws`, 1 `ecr-public.aws.com`.
    private var publicHostIndex: UInt8

    /// The hosts of ECR Public.
    static let publicHosts = ["public.ecr.aws", "ecr-public.aws.com"]

    /// The registry host suffixes of private ECR, in the order `ECRHostParser.suffixIndex(_:)` returns.
    static let privateSuffixes = [
        "amazonaws.com", "amazonaws.com.cn", "amazonaws.eu", "on.aws", "on.amazonwebservices.com.cn", "c2s.ic.gov",
        "sc2s.sgov.gov", "cloud.adc-e.uk", "csp.hci.ic.gov",
    ]

    /// Recognises the ECR registry in a host, `host:port`, or URL with scheme and path, as a
    /// Docker credential helper or the kubelet receives it.
    ///
    /// Returns `nil` when the host is not an ECR registry, and when the string has user
    /// information (`user@host`), a non-numeric port, an IPv6 literal, control characters or a
    /// malformed `%` escape.
    ///
    /// - Parameter hostOrURL: For example `123456789012.dkr.ecr.us-west-2.amazonaws.com`,
    ///   `https://123456789012.dkr.ecr.us-west-2.amazonaws.com/v2/` or
    ///   `public.ecr.aws/team/app:1`.
    public init?(_ hostOrURL: String) {
        var input = hostOrURL
        guard let registry = input.withUTF8({ ECRHostParser.parse($0) }) else {
            return nil
        }
        self = registry
    }

    init(
        accountID: String?,
        region: String,
        isFIPS: Bool,
        isDualStack: Bool,
        isPublic: Bool,
        dnsSuffix: String,
        dashedLabel: Bool,
        publicHostIndex: UInt8
    ) {
        self.accountID = accountID
        self.region = region
        self.isFIPS = isFIPS
        self.isDualStack = isDualStack
        self.isPublic = isPublic
        self.dnsSuffix = dnsSuffix
        self.dashedLabel = dashedLabel
        self.publicHostIndex = publicHostIndex
    }

    /// The partition the registry is in. ECR Public is in `aws`; `amazonaws.com` and `on.aws`
    /// hosts in a `us-gov-` region are in `aws-us-gov`.
    public var partition: ECRPartition {
        switch self.dnsSuffix {
        case "amazonaws.com.cn", "on.amazonwebservices.com.cn": return .awsCN
        case "amazonaws.eu": return .awsEUSC
        case "c2s.ic.gov": return .awsISO
        case "sc2s.sgov.gov": return .awsISOB
        case "cloud.adc-e.uk": return .awsISOE
        case "csp.hci.ic.gov": return .awsISOF
        default: return self.region.utf8.starts(with: "us-gov-".utf8) ? .awsUSGov : .aws
        }
    }

    /// The registry's host in lowercase, for example
    /// `123456789012.dkr.ecr.eu-central-1.amazonaws.com` or `public.ecr.aws`.
    public var host: String {
        if self.isPublic {
            return Self.publicHosts[Int(self.publicHostIndex)]
        }
        let label = (self.dashedLabel ? "dkr-ecr" : "dkr.ecr") + (self.isFIPS ? "-fips" : "")
        return "\(self.accountID ?? "").\(label).\(self.region).\(self.dnsSuffix)"
    }

    /// The registry's ``host``.
    public var description: String {
        self.host
    }
}

/// Finds the host of a host, `host:port` or URL the way Go's `net/url` does after
/// amazon-ecr-credential-helper or the kubelet provider put `https://` in front, and matches it
/// against the ECR host grammar:
///
///     <12 digits> "." "dkr" ("." | "-") "ecr" ["-fips"] "." <region> "." <suffix>
///     region := [a-zA-Z0-9] [a-zA-Z0-9_-]*
enum ECRHostParser {
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> ECRRegistry? {
        guard let host = self.hostRange(bytes) else {
            return nil
        }
        let hostBytes = UnsafeBufferPointer(rebasing: bytes[host])
        let publicIndex: UInt8
        if equalsIgnoringCase(hostBytes, "public.ecr.aws") {
            publicIndex = 0
        } else if equalsIgnoringCase(hostBytes, "ecr-public.aws.com") {
            publicIndex = 1
        } else {
            return self.parsePrivate(hostBytes)
        }
        return ECRRegistry(
            accountID: nil,
            region: "us-east-1",
            isFIPS: false,
            isDualStack: false,
            isPublic: true,
            dnsSuffix: "amazonaws.com",
            dashedLabel: false,
            publicHostIndex: publicIndex
        )
    }

    /// The index in ``ECRRegistry/privateSuffixes`` of the suffix the bytes spell (ignoring case).
    static func suffixIndex(_ suffix: UnsafeBufferPointer<UInt8>) -> Int? {
        switch suffix.count {
        case 6: return equalsIgnoringCase(suffix, "on.aws") ? 3 : nil
        case 10: return equalsIgnoringCase(suffix, "c2s.ic.gov") ? 5 : nil
        case 12: return equalsIgnoringCase(suffix, "amazonaws.eu") ? 2 : nil
        case 13:
            if equalsIgnoringCase(suffix, "amazonaws.com") {
                return 0
            }
            return equalsIgnoringCase(suffix, "sc2s.sgov.gov") ? 6 : nil
        case 14:
            if equalsIgnoringCase(suffix, "cloud.adc-e.uk") {
                return 7
            }
            return equalsIgnoringCase(suffix, "csp.hci.ic.gov") ? 8 : nil
        case 16: return equalsIgnoringCase(suffix, "amazonaws.com.cn") ? 1 : nil
        case 27: return equalsIgnoringCase(suffix, "on.amazonwebservices.com.cn") ? 4 : nil
        default: return nil
        }
    }

    private static func parsePrivate(_ host: UnsafeBufferPointer<UInt8>) -> ECRRegistry? {
        let count = host.count
        guard count > 13 else {
            return nil
        }
        for index in 0..<12 where !host[index].isASCIIDigit {
            return nil
        }
        var index = 12
        guard host[index] == ReferenceGrammar.dot, self.hasPrefixIgnoringCase(host, at: index + 1, "dkr") else {
            return nil
        }
        index += 4
        guard index < count, host[index] == ReferenceGrammar.dot || host[index] == ReferenceGrammar.dash else {
            return nil
        }
        let dashedLabel = host[index] == ReferenceGrammar.dash
        index += 1
        guard self.hasPrefixIgnoringCase(host, at: index, "ecr") else {
            return nil
        }
        index += 3
        var isFIPS = false
        if self.hasPrefixIgnoringCase(host, at: index, "-fips") {
            isFIPS = true
            index += 5
        }
        guard index < count, host[index] == ReferenceGrammar.dot else {
            return nil
        }
        index += 1
        let regionStart = index
        guard index < count, host[index].isASCIIAlphanumeric else {
            return nil
        }
        index += 1
        while index < count, host[index].isASCIIAlphanumeric || host[index] == ReferenceGrammar.dash
            || host[index] == ReferenceGrammar.underscore
        {
            index += 1
        }
        let regionEnd = index
        guard index < count, host[index] == ReferenceGrammar.dot else {
            return nil
        }
        let suffix = UnsafeBufferPointer(rebasing: host[(index + 1)...])
        guard let suffixIndex = self.suffixIndex(suffix) else {
            return nil
        }
        let dualStackSuffix = suffixIndex == 3 || suffixIndex == 4
        let accountID = String(unsafeUninitializedCapacity: 12) { buffer in
            for offset in 0..<12 {
                buffer[offset] = host[offset]
            }
            return 12
        }
        let region = String(unsafeUninitializedCapacity: regionEnd - regionStart) { buffer in
            for offset in 0..<(regionEnd - regionStart) {
                buffer[offset] = host[regionStart + offset].asciiLowercased
            }
            return regionEnd - regionStart
        }
        return ECRRegistry(
            accountID: accountID,
            region: region,
            isFIPS: isFIPS,
            isDualStack: dashedLabel || dualStackSuffix,
            isPublic: false,
            dnsSuffix: ECRRegistry.privateSuffixes[suffixIndex],
            dashedLabel: dashedLabel,
            publicHostIndex: 0
        )
    }

    /// The host of `host`, `host:port` or `scheme://[host][:port][/path][?query][#fragment]`.
    static func hostRange(_ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        let count = bytes.count
        var start = 0
        if count > 0, bytes[0].isASCIILetter {
            var index = 1
            while index < count, bytes[index].isASCIIAlphanumeric || bytes[index] == ReferenceGrammar.plus
                || bytes[index] == ReferenceGrammar.dot || bytes[index] == ReferenceGrammar.dash
            {
                index += 1
            }
            if index + 2 < count, bytes[index] == ReferenceGrammar.colon, bytes[index + 1] == ReferenceGrammar.slash,
                bytes[index + 2] == ReferenceGrammar.slash
            {
                start = index + 3
            }
        }
        // One pass over the authority: it ends at "/", "?" or "#"; user information ("@") and
        // IPv6 literals ("[") are never ECR hosts; Go's url.Parse rejects control characters.
        var index = start
        var colon = -1
        while index < count {
            let byte = bytes[index]
            if byte > UInt8(ascii: ":") {
                if byte == ReferenceGrammar.at || byte == ReferenceGrammar.openBracket || byte == 0x7F {
                    return nil
                }
                if byte == UInt8(ascii: "?") {
                    break
                }
            } else if byte == ReferenceGrammar.slash || byte == UInt8(ascii: "#") {
                break
            } else if byte == ReferenceGrammar.colon {
                if colon < 0 {
                    colon = index
                }
            } else if byte < 0x20 {
                return nil
            }
            index += 1
        }
        let authorityEnd = index
        // Go also validates %-escapes in the path and the fragment (not in the query).
        guard self.restIsValid(bytes, authorityEnd..<count) else {
            return nil
        }
        let hostEnd = colon < 0 ? authorityEnd : colon
        if colon >= 0 {
            for index in (colon + 1)..<authorityEnd where !bytes[index].isASCIIDigit {
                return nil  // Go: "invalid port"
            }
        }
        return hostEnd > start ? start..<hostEnd : nil
    }

    /// Whether the rest after the authority has no control characters and every `%` in its path
    /// and fragment starts a two-hex-digit escape. Go cuts the fragment at the first `#`, then the
    /// query at the first `?` before it.
    private static func restIsValid(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        for byte in UnsafeBufferPointer(rebasing: bytes[range]) where byte < 0x20 || byte == 0x7F {
            return false
        }
        var inQuery = false
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = bytes[index]
            if byte == UInt8(ascii: "#") {
                inQuery = false  // the fragment runs to the end, "?" included
                index += 1
                while index < range.upperBound {
                    if bytes[index] == UInt8(ascii: "%") {
                        guard index + 2 < range.upperBound, bytes[index + 1].isHexDigit, bytes[index + 2].isHexDigit else {
                            return false
                        }
                    }
                    index += 1
                }
                return true
            } else if byte == UInt8(ascii: "?") {
                inQuery = true
            } else if byte == UInt8(ascii: "%") && !inQuery {
                guard index + 2 < range.upperBound, bytes[index + 1].isHexDigit, bytes[index + 2].isHexDigit else {
                    return false
                }
            }
            index += 1
        }
        return true
    }

    static func equalsIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, _ text: StaticString) -> Bool {
        guard bytes.count == text.utf8CodeUnitCount else {
            return false
        }
        return hasPrefixIgnoringCase(bytes, at: 0, text)
    }

    static func hasPrefixIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, _ text: StaticString) -> Bool {
        text.withUTF8Buffer { expected in
            guard start + expected.count <= bytes.count else {
                return false
            }
            for offset in 0..<expected.count where bytes[start + offset].asciiLowercased != expected[offset] {
                return false
            }
            return true
        }
    }
}
