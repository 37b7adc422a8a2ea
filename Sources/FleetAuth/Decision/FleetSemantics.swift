/// The credential rules of a Fleet release: how `helmRepoURLRegex` is applied, what a failed
/// match takes away, and which `fleet.yaml` entries count as charts.
///
/// Fleet changed the rule with security advisory GHSA-hx4v-cxpf-vh8m (pull requests #5137–#5141,
/// 2026-05):
///
/// | | ``legacy`` | ``current`` |
/// | --- | --- | --- |
/// | releases | v0.11.x, v0.12.0–v0.12.14, v0.13.0–v0.13.10, v0.14.0–v0.14.5, v0.15.0–v0.15.1 | v0.12.15+, v0.13.11+, v0.14.6+, v0.15.2+, v0.16+ |
/// | empty regex | credentials are sent to every chart | credentials are never sent |
/// | match | Go `MatchString`, anywhere in the URL | `^(?:pattern)`, from the start of the URL |
/// | failed match strips | everything (`Auth{}`) | `username`, `password`, `ssh-privatekey` |
///
/// Use ``init(fleetVersion:)`` to get the rules of a given release, including two details of
/// older releases: the *sticky strip* of v0.11.0–v0.14.2 (``stripsLaterCharts``) and whether a
/// `helm:` entry with only an `oci://` `repo:` counts as a chart (``countsRepoOnlyOCIEntries``,
/// v0.16 and later).
public struct FleetSemantics: Sendable, Hashable, CustomStringConvertible {
    /// Whether this is the rule introduced by GHSA-hx4v-cxpf-vh8m: an empty regex never sends
    /// credentials and a pattern must match from the start of the URL.
    public var requiresAnchoredMatch: Bool

    /// Whether a failed match also takes the credentials away from every later chart of the same
    /// bundle (Fleet v0.11.0–v0.14.2 overwrote the bundle's credentials instead of a copy).
    public var stripsLaterCharts: Bool

    /// Whether a `helm:` entry of a `fleet.yaml` with an empty `chart:` and an `oci://` `repo:`
    /// is downloaded (and so gets a decision). Before v0.16 Fleet's GitOps path ignored it.
    public var countsRepoOnlyOCIEntries: Bool

    /// The release these rules were derived from, for example `v0.12.3`; nil for ``legacy`` and
    /// ``current``.
    public var fleetVersion: String?

    /// Fleet's rule before GHSA-hx4v-cxpf-vh8m, as in v0.14.3–v0.15.1: an empty regex sends
    /// credentials everywhere, a pattern is matched anywhere in the URL, a failed match strips
    /// the credentials of that chart only.
    public static let legacy = FleetSemantics(
        requiresAnchoredMatch: false,
        stripsLaterCharts: false,
        countsRepoOnlyOCIEntries: false,
        fleetVersion: nil
    )

    /// Fleet's rule since GHSA-hx4v-cxpf-vh8m, as in v0.16: an empty regex never sends
    /// credentials, a pattern must match from the start of the URL (`^(?:pattern)`), a failed
    /// match strips `username`, `password` and the SSH key but keeps `cacerts`,
    /// `insecureSkipVerify` and `basicHTTP`.
    public static let current = FleetSemantics(
        requiresAnchoredMatch: true,
        stripsLaterCharts: false,
        countsRepoOnlyOCIEntries: true,
        fleetVersion: nil
    )

    /// Creates a rule set from its parts.
    ///
    /// - Parameters:
    ///   - requiresAnchoredMatch: The post-advisory rule (empty never sends; `^(?:…)`).
    ///   - stripsLaterCharts: The sticky strip of v0.11.0–v0.14.2.
    ///   - countsRepoOnlyOCIEntries: Whether `repo:`-only `oci://` entries are charts.
    ///   - fleetVersion: The release this describes, if any.
    public init(
        requiresAnchoredMatch: Bool,
        stripsLaterCharts: Bool,
        countsRepoOnlyOCIEntries: Bool,
        fleetVersion: String? = nil
    ) {
        self.requiresAnchoredMatch = requiresAnchoredMatch
        self.stripsLaterCharts = stripsLaterCharts
        self.countsRepoOnlyOCIEntries = countsRepoOnlyOCIEntries
        self.fleetVersion = fleetVersion
    }

    /// The rules of a Fleet release.
    ///
    /// Accepts `v0.12.3`, `0.12.3` and pre-releases such as `v0.12.15-rc.1` (treated as the release
    /// they precede, whose code they carry). Returns nil for text that is not `MAJOR.MINOR.PATCH`
    /// and for releases before v0.11, whose behaviour this library does not model.
    ///
    /// - Parameter fleetVersion: A Fleet release, for example `v0.12.3`.
    public init?(fleetVersion: String) {
        guard let (major, minor, patch) = Self.parse(fleetVersion) else {
            return nil
        }
        let line = major > 0 ? 1000 : minor
        if line < 11 {
            return nil
        }
        let current: Bool
        switch line {
        case 11: current = false
        case 12: current = patch >= 15
        case 13: current = patch >= 11
        case 14: current = patch >= 6
        case 15: current = patch >= 2
        default: current = true
        }
        let sticky = !current && (line < 14 || (line == 14 && patch <= 2))
        self.init(
            requiresAnchoredMatch: current,
            stripsLaterCharts: sticky,
            countsRepoOnlyOCIEntries: line >= 16,
            fleetVersion: fleetVersion
        )
    }

    /// Whether an empty `helmRepoURLRegex` sends credentials to every chart (legacy) rather than
    /// to none (current).
    public var emptyPatternSendsCredentials: Bool {
        !self.requiresAnchoredMatch
    }

    /// `legacy` or `current`, with the release and the sticky strip when they apply, for example
    /// `legacy (v0.12.3, sticky strip)`.
    public var description: String {
        var text = self.requiresAnchoredMatch ? "current" : "legacy"
        var notes: [String] = []
        if let version = self.fleetVersion {
            notes.append(version)
        }
        if self.stripsLaterCharts {
            notes.append("sticky strip")
        }
        if !notes.isEmpty {
            text += " (" + notes.joined(separator: ", ") + ")"
        }
        return text
    }

    private static func parse(_ text: String) -> (Int, Int, Int)? {
        var bytes = Substring(text)
        if bytes.first == "v" {
            bytes = bytes.dropFirst()
        }
        if let cut = bytes.firstIndex(where: { $0 == "-" || $0 == "+" }) {
            bytes = bytes[..<cut]
        }
        let parts = bytes.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            return nil
        }
        var numbers: [Int] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 9, part.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                let value = Int(part)
            else {
                return nil
            }
            numbers.append(value)
        }
        return (numbers[0], numbers[1], numbers[2])
    }
}
