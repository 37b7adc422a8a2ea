import Testing

@testable import OCIReference

/// Helm's `pkg/registry/reference_test.go` (TestNewReference; helm/helm v3 line, commit
/// 633e71614e505069ccbd1705fec244688fda411c; Apache-2.0) and oras-go's `registry/reference_test.go`
/// (TestParseReferenceGoodies / Uglies, the v2 inputs as kept in commit
/// 1375c375390327d6d4edc2276a4e47ae8dbe8a99; Apache-2.0), rewritten as Swift tables.
struct ChartReferenceTests {
    static let sha = "sha256:c6841b3a895f1444a6738b5d04564a57e860ce42f8519c3be807fb6d9bee7888"

    // helm pkg/registry/reference_test.go, TestNewReference
    @Test(
        "helm reference_test.go TestNewReference",
        arguments: [
            ("registry.example.com/repository:1.0@\(sha)", "registry.example.com", "repository", "1.0" as String?, sha as String?),
            ("oci://registry.example.com/repository:1.0@\(sha)", "registry.example.com", "repository", "1.0", sha),
            ("a/b:1@c", "a", "b", "1", "c"),
            ("a/b:@", "a", "b", nil, nil),
            ("registry.example.com/repository:1.0+001", "registry.example.com", "repository", "1.0_001", nil),
            ("registry.example.com/the/repository@\(sha)", "registry.example.com", "the/repository", nil, sha),
        ]
    )
    func helmNewReference(_ input: String, _ registry: String, _ repository: String, _ tag: String?, _ digest: String?) throws {
        let chart = try OCIChartReference(parsing: input)
        #expect(chart.registry == registry)
        #expect(chart.repository == repository)
        #expect(chart.tag == tag)
        #expect(chart.digest == digest)
        #expect(chart.loginHost == registry)
    }

    @Test("helm reference_test.go TestNewReference: a name without registry fails")
    func helmNoRegistry() {
        #expect(throws: OCIReferenceError(code: .invalidFormat)) { try OCIChartReference(parsing: "thing:1.0") }
    }

    // oras-go registry/reference_test.go, TestParseReferenceGoodies (forms A–D on five registries).
    // Helm removes the digest after the last "@" before oras sees it, so form A and B keep the
    // tag (B) and the digest separately.
    static let validDigest = "sha256:b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"
    static let registries = ["localhost", "registry.example.com", "localhost:5000", "127.0.0.1:5000", "[::1]:5000"]

    @Test(
        "oras-go reference_test.go TestParseReferenceGoodies",
        arguments: registries,
        [
            ("hello-world@\(validDigest)", nil as String?, validDigest as String?),
            ("hello-world:v2@\(validDigest)", "v2", validDigest),
            ("hello-world:@\(validDigest)", nil, validDigest),
            ("hello-world:v1", "v1", nil),
            ("hello-world", nil, nil),
        ]
    )
    func orasGoodies(_ registry: String, _ image: (String, String?, String?)) throws {
        for prefix in ["", "oci://"] {
            let chart = try OCIChartReference(parsing: prefix + registry + "/" + image.0)
            #expect(chart.registry == registry)
            #expect(chart.repository == "hello-world")
            #expect(chart.tag == image.1)
            #expect(chart.digest == image.2)
        }
    }

    // oras-go registry/reference_test.go, TestParseReferenceUglies
    static let invalidDigest = "sha256:b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde"

    @Test(
        "oras-go reference_test.go TestParseReferenceUglies",
        arguments: [
            "localhost", "hello-world:linux", "/hello-world:linux", "localhost/UPPERCASE/test", "localhost:v1/hello-world",
            "registry.example.com/hello-world:foobar:\(validDigest)", "registry.example.com/hello-world @\(validDigest)",
        ]
    )
    func orasUglies(_ input: String) {
        #expect(throws: OCIReferenceError.self) { try OCIChartReference(parsing: input) }
    }

    // Two oras "uglies" put the bad digest where Helm does not look: Helm takes everything after
    // the last "@" as the digest without checking it (the pull compares it with the manifest).
    @Test("oras-go uglies that Helm accepts, as Helm does")
    func helmKeepsUncheckedDigest() throws {
        let invalid = try OCIChartReference(parsing: "registry.example.com/foobar@\(Self.invalidDigest)")
        #expect(invalid.digest == Self.invalidDigest)
        #expect(invalid.tag == nil)
        // "@@": the digest is after the last "@", and oras reads "hello-world@" as a digest form
        // with an empty reference, which it accepts.
        let doubleAt = try OCIChartReference(parsing: "registry.example.com/hello-world@@\(Self.validDigest)")
        #expect(doubleAt.repository == "hello-world")
        #expect(doubleAt.tag == nil)
        #expect(doubleAt.digest == Self.validDigest)
    }

    @Test("chart versions and OCI tags: + and _ (helm/helm#10166)")
    func versionTagMapping() throws {
        #expect(OCIChartReference.tag(forChartVersion: "1.2.3+build.4") == "1.2.3_build.4")
        #expect(OCIChartReference.chartVersion(forTag: "1.2.3_build.4") == "1.2.3+build.4")
        let chart = try OCIChartReference(parsing: "oci://123456789012.dkr.ecr.eu-central-1.amazonaws.com/charts/app:1.2.3+build.4")
        #expect(chart.tag == "1.2.3_build.4")
        #expect(chart.chartVersion == "1.2.3+build.4")
        #expect(chart.chartName == "app")
        #expect(chart.description == "oci://123456789012.dkr.ecr.eu-central-1.amazonaws.com/charts/app:1.2.3_build.4")
        #expect(chart.ecrRegistry?.accountID == "123456789012")
        let other = try chart.withChartVersion("2.0.0+x")
        #expect(other.tag == "2.0.0_x")
        #expect(throws: OCIReferenceError(code: .tagInvalidFormat)) { try chart.withChartVersion("1.x || 2.x") }
    }

    @Test("Helm replaces the tag's text everywhere it occurs, as strings.ReplaceAll does")
    func helmReplaceAllQuirk() throws {
        let chart = try OCIChartReference(parsing: "1.0+a/chart:1.0+a")
        #expect(chart.registry == "1.0_a")
        #expect(chart.tag == "1.0_a")
    }

    @Test("Fleet: helm.repo (HelmOp, newer fleet.yaml) wins over helm.chart (older fleet.yaml)")
    func fleetForms() throws {
        let fromRepo = try OCIChartReference(fleetRepo: "oci://host:5000/ns/chart", chart: "ignored")
        #expect(fromRepo.loginHost == "host:5000")
        #expect(fromRepo.repository == "ns/chart")
        let fromChart = try OCIChartReference(fleetRepo: "https://charts.example.com", chart: "oci://host/ns/chart:1.0.0")
        #expect(fromChart.registry == "host")
        #expect(fromChart.tag == "1.0.0")
        #expect(throws: OCIReferenceError(code: .invalidFormat)) {
            try OCIChartReference(fleetRepo: "https://charts.example.com", chart: "chart")
        }
        #expect(OCIChartReference.isOCI("oci://x/y"))
        #expect(!OCIChartReference.isOCI("OCI://x/y"))
    }
}

/// The linear-time replacement agrees with the obvious quadratic one (Go's `strings.ReplaceAll`).
struct ReplaceAllTests {
    static func naive(_ text: [UInt8], _ pattern: [UInt8], _ replacement: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        var index = 0
        while index < text.count {
            if index + pattern.count <= text.count, Array(text[index..<(index + pattern.count)]) == pattern {
                result += replacement
                index += pattern.count
            } else {
                result.append(text[index])
                index += 1
            }
        }
        return result
    }

    @Test("KMP replaceAll equals naive replaceAll on 5,000 random cases")
    func randomCases() {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = Array("a+b".utf8)
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...24, using: &generator)).map { _ in alphabet.randomElement(using: &generator) ?? 0 }
            let pattern = (0..<Int.random(in: 1...5, using: &generator)).map { _ in alphabet.randomElement(using: &generator) ?? 0 }
            let replacement = pattern.map { $0 == UInt8(ascii: "+") ? UInt8(ascii: "_") : $0 }
            var fast = text
            ChartReferenceParser.replaceAll(&fast, pattern, replacement)
            #expect(fast == Self.naive(text, pattern, replacement), "text \(text) pattern \(pattern)")
        }
    }
}
