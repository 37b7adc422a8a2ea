// Benchmarks for OCIReference. Each parse is measured next to a Swift `Regex` baseline that
// matches the same grammar the way the Go implementations do (Regex is used here only, as the
// thing to beat). Every benchmark runs its operation 1,000 times per measured iteration
// (`scalingFactor: .kilo`); package-benchmark reports the metrics per operation (marked `*`).
//
// Run from Benchmarks/:
//   swift package --allow-writing-to-package-directory benchmark --target OCIReferenceBenchmarks

import Benchmark
import OCIReference

let ecrReference = "123456789012.dkr.ecr.eu-central-1.amazonaws.com/team/nginx:19.0.1"
let digestReference = "123456789012.dkr.ecr.eu-central-1.amazonaws.com/team/nginx@sha256:7cc4b5aefd1d0cadf8d97d4350462ba51c694ebca145b08d7d41b41acc8db5aa"
let chartReference = "oci://123456789012.dkr.ecr.eu-central-1.amazonaws.com/charts/app:1.2.3+build.4"
let ecrHost = "123456789012.dkr.ecr.eu-central-1.amazonaws.com"

// distribution/reference regexp.go, with Go's ASCII `\w` and `[[:xdigit:]]` spelled out.
let domainNameComponent = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
let domainAndPort = "(?:" + domainNameComponent + "(?:\\." + domainNameComponent + ")*|\\[(?:[a-fA-F0-9:]+)\\])(?::[0-9]+)?"
let pathComponent = "[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*"
let remoteName = pathComponent + "(?:/" + pathComponent + ")*"
let tagPattern = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}"
let digestPattern = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}"
let referencePattern = "^((?:" + domainAndPort + "/)?" + remoteName + ")(?::(" + tagPattern + "))?(?:@(" + digestPattern + "))?$"
let namePattern = "^(?:(" + domainAndPort + ")/)?(" + remoteName + ")$"
// amazon-ecr-credential-helper ecr-login/api/client.go
let ecrPattern = "^(\\d{12})\\.dkr[\\.\\-]ecr(\\-fips)?\\.([a-zA-Z0-9][a-zA-Z0-9-_]*)\\.(amazonaws\\.(?:com(?:\\.cn)?|eu)|on\\.(?:aws|amazonwebservices\\.com\\.cn)|sc2s\\.sgov\\.gov|c2s\\.ic\\.gov|cloud\\.adc-e\\.uk|csp\\.hci\\.ic\\.gov)$"
// Helm/oras: registry "/" repository [":" tag] ["@" digest], oci:// optional.
let chartPattern = "^(?:oci://)?([^/@]+)/(" + remoteName + ")(?::(" + tagPattern.replacingPlus() + "))?(?:@(.+))?$"

extension String {
    /// Helm accepts `+` in the version and stores `_`; the baseline allows it in the tag.
    func replacingPlus() -> String {
        "[A-Za-z0-9_+][A-Za-z0-9_+.-]{0,127}"
    }
}

/// The Regex baseline for `Parse`: the reference pattern, then the name pattern for the
/// registry/path split, as Go's `reference.Parse` does.
struct RegexReferenceParser {
    let reference: Regex<AnyRegexOutput>
    let name: Regex<AnyRegexOutput>

    init() throws {
        self.reference = try Regex(referencePattern)
        self.name = try Regex(namePattern)
    }

    func parse(_ input: String) -> (registry: Substring, path: Substring, tag: Substring?, digest: Substring?)? {
        guard let match = input.wholeMatch(of: self.reference), let nameText = match.output[1].substring,
            let nameMatch = nameText.wholeMatch(of: self.name), let path = nameMatch.output[2].substring
        else {
            return nil
        }
        return (nameMatch.output[1].substring ?? "", path, match.output[2].substring, match.output[3].substring)
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal],
        timeUnits: .nanoseconds,
        scalingFactor: .kilo,
        maxDuration: .seconds(2)
    )

    Benchmark("ECR reference: OCIReference(parsing:)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try OCIReference(parsing: ecrReference))
        }
    }
    Benchmark("ECR reference: OCIReference(parsing:) + read all parts") { benchmark in
        for _ in benchmark.scaledIterations {
            let reference = try OCIReference(parsing: ecrReference)
            blackHole(reference.registry)
            blackHole(reference.repository)
            blackHole(reference.tag)
        }
    }
    Benchmark("ECR reference: Regex baseline") { benchmark in
        let parser = try RegexReferenceParser()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(parser.parse(ecrReference))
        }
    }

    Benchmark("digest reference: OCIReference(parsing:)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try OCIReference(parsing: digestReference))
        }
    }
    Benchmark("digest reference: Regex baseline") { benchmark in
        let parser = try RegexReferenceParser()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(parser.parse(digestReference))
        }
    }

    Benchmark("familiar name: OCIReference(normalizing:)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try OCIReference(normalizing: "nginx:1.27"))
        }
    }

    Benchmark("oci:// chart: OCIChartReference(parsing:)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try OCIChartReference(parsing: chartReference))
        }
    }
    Benchmark("oci:// chart: Regex baseline") { benchmark in
        let regex = try Regex(chartPattern)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(chartReference.wholeMatch(of: regex))
        }
    }

    Benchmark("ECR host: ECRRegistry(_:)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(ECRRegistry(ecrHost))
        }
    }
    Benchmark("ECR host: Regex baseline") { benchmark in
        let regex = try Regex(ecrPattern)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(ecrHost.wholeMatch(of: regex))
        }
    }
}
