// Benchmarks for FleetAuth: Fleet's credential decision per chart (current and legacy rules, side
// by side with the raw GoRegexp match it wraps), compiling a helmRepoURLRegex, the leak audit, and
// Secret rendering. `.kilo` benchmarks run 1,000 operations per iteration, so microseconds per
// iteration read as nanoseconds per operation.
//
//   swift package --allow-writing-to-package-directory benchmark --target FleetAuthBenchmarks

import Benchmark
import FleetAuth
import GoRegexp

let urls: [String] = [
    "oci://123456789012.dkr.ecr.eu-central-1.amazonaws.com/platform-team/charts/ingress-nginx",
    "https://attacker.example/x.dkr.ecr.a.amazonaws.com",
    "https://charts.bitnami.com/bitnami",
    "oci://ghcr.io/platform-team/charts/ingress-nginx-controller",
]

let safe = #"^oci://123456789012\.dkr\.ecr\.eu-central-1\.amazonaws\.com/"#
let guide = #".*\.dkr\.ecr\..*\.amazonaws\.com"#
let ecrHost = "123456789012.dkr.ecr.eu-central-1.amazonaws.com"

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .mallocCountTotal], maxDuration: .seconds(2))
    let perOperation = Benchmark.Configuration(metrics: [.wallClock, .mallocCountTotal], scalingFactor: .kilo, maxDuration: .seconds(2))

    for (name, pattern) in [("safe", safe), ("guide", guide)] {
        Benchmark("decision \(name) current", configuration: perOperation) { benchmark in
            let regex = HelmRepoURLRegex(pattern, semantics: .current)
            var i = 0
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(try regex.allowsCredentials(repo: "", chart: urls[i & 3]))
                i &+= 1
            }
        }
        Benchmark("decision \(name) legacy", configuration: perOperation) { benchmark in
            let regex = HelmRepoURLRegex(pattern, semantics: .legacy)
            var i = 0
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(try regex.allowsCredentials(repo: "", chart: urls[i & 3]))
                i &+= 1
            }
        }
        Benchmark("raw GoRegexp match \(name) anchored", configuration: perOperation) { benchmark in
            let regex = try GoRegexp("^(?:" + pattern + ")")
            var i = 0
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(regex.matches(urls[i & 3]))
                i &+= 1
            }
        }
        Benchmark("compile \(name) current") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(HelmRepoURLRegex(pattern, semantics: .current))
            }
        }
        Benchmark("audit \(name)") { benchmark in
            let regex = HelmRepoURLRegex(pattern, semantics: .current)
            for _ in benchmark.scaledIterations {
                blackHole(try RegexAudit.audit(regex, intendedHosts: [ecrHost]))
            }
        }
    }

    Benchmark("render helmSecretName Secret JSON", configuration: perOperation) { benchmark in
        let credentials = HelmCredentials(username: "AWS", password: String(repeating: "x", count: 2_000))
        for _ in benchmark.scaledIterations {
            blackHole(KubernetesSecret.helmCredentials(name: "ecr-credentials", namespace: "fleet-default", credentials: credentials).jsonString())
        }
    }
}
