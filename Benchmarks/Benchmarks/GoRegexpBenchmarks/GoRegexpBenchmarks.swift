// Benchmarks for GoRegexp, side by side with Swift `Regex` as a baseline, on the patterns and URLs
// Fleet's `helmRepoURLRegex` sees. Each iteration of a `.kilo` benchmark runs 1,000 matches, so
// the reported time per iteration in microseconds is the time per match in nanoseconds.
//
//   swift package --allow-writing-to-package-directory benchmark --target GoRegexpBenchmarks

import Benchmark
import GoRegexp

/// Realistic chart URLs of about 100 bytes: two ECR hosts that match, two hosts that do not.
let urls: [String] = [
    "oci://123456789012.dkr.ecr.eu-central-1.amazonaws.com/platform-team/charts/ingress-nginx-4.10",
    "https://123456789012.dkr.ecr.us-east-1.amazonaws.com/v2/helm-charts/monitoring/manifests/1.4.2",
    "https://charts.bitnami.com/bitnami/index.yaml?ref=platform-team&cache=no-store&attempt=000001",
    "oci://ghcr.io/platform-team/charts/ingress-nginx-controller-4.10.1-with-a-rather-long-suffix",
]

let ecrSuffix = #"^(?:.*\.dkr\.ecr\..*\.amazonaws\.com)"#
let ociAccount = #"oci://123456789012\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com/"#
let ociGroups = #"^(?:oci|https)://([0-9]{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com/(.*)$"#

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .mallocCountTotal], maxDuration: .seconds(2))
    let perMatch = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal],
        scalingFactor: .kilo,
        maxDuration: .seconds(2)
    )

    for (name, pattern) in [("ecr-suffix", ecrSuffix), ("oci-account", ociAccount), ("oci-groups", ociGroups)] {
        Benchmark("matches \(name) GoRegexp", configuration: perMatch) { benchmark in
            let re = try GoRegexp(pattern)
            var i = 0
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(re.matches(urls[i & 3]))
                i &+= 1
            }
        }
        Benchmark("matches \(name) Swift Regex", configuration: perMatch) { benchmark in
            let re = try Regex(pattern)
            var i = 0
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(urls[i & 3].contains(re))
                i &+= 1
            }
        }
    }

    Benchmark("firstMatchIndices oci-groups GoRegexp", configuration: perMatch) { benchmark in
        let re = try GoRegexp(ociGroups)
        var i = 0
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(re.firstMatchIndices(urls[i & 3]))
            i &+= 1
        }
    }
    Benchmark("firstMatch oci-groups Swift Regex", configuration: perMatch) { benchmark in
        let re = try Regex(ociGroups)
        var i = 0
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(urls[i & 3].firstMatch(of: re)?.range)
            i &+= 1
        }
    }

    Benchmark("compile ecr-suffix GoRegexp", configuration: perMatch) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try GoRegexp(ecrSuffix))
        }
    }
    Benchmark("compile ecr-suffix Swift Regex", configuration: perMatch) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try Regex(ecrSuffix))
        }
    }

    // Hostile input: exponential for backtracking engines, linear here.
    let hostile = String(repeating: "a", count: 100_000) + "b"
    Benchmark("hostile ^(a+)+$ on 100,000 a's + b, matches, GoRegexp") { benchmark in
        let re = try GoRegexp("^(a+)+$")
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(re.matches(hostile))
        }
    }
    Benchmark("hostile ^(a+)+$ on 100,000 a's + b, firstMatchIndices, GoRegexp") { benchmark in
        let re = try GoRegexp("^(a+)+$")
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(re.firstMatchIndices(hostile))
        }
    }
    let short = String(repeating: "a", count: 16) + "b"
    Benchmark("hostile ^(a+)+$ on 16 a's + b, GoRegexp") { benchmark in
        let re = try GoRegexp("^(a+)+$")
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(re.matches(short))
        }
    }
    Benchmark("hostile ^(a+)+$ on 16 a's + b, Swift Regex") { benchmark in
        let re = try Regex("^(a+)+$")
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(short.contains(re))
        }
    }
    let manyAs = String(repeating: "a", count: 20_000)
    Benchmark("large program a{1000}b on 20,000 a's, matches, GoRegexp") { benchmark in
        let re = try GoRegexp("a{1000}b")
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(re.matches(manyAs))
        }
    }
    let xs = String(repeating: "x", count: 50_000)
    Benchmark("hostile (x+x+)+y on 50,000 x's, firstMatchIndices, GoRegexp") { benchmark in
        let re = try GoRegexp("(x+x+)+y")
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(re.firstMatchIndices(xs))
        }
    }
}
