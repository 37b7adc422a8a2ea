// swift-tools-version: 6.1

import PackageDescription

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// Benchmarks for swift-ecr-fleet-auth. Run from this folder:
//
//   swift package --allow-writing-to-package-directory benchmark
//   swift package --allow-writing-to-package-directory benchmark --target SigV4Benchmarks
//
// Each target compares alternatives side by side in one run; quote medians.

// A path dependency's identity is its folder's name, which differs between clones ("main", a
// worktree, CI), so derive it rather than spell it.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
let library = root.lastPathComponent

let package = Package(
    name: "swift-ecr-fleet-auth-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "../"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.3.0"),
    ],
    targets: [
        // libcrypto called directly, to measure the floor that signing cannot go below.
        .systemLibrary(
            name: "CLibCryptoBaseline",
            path: "Sources/CLibCryptoBaseline",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        .executableTarget(
            name: "SigV4Benchmarks",
            dependencies: [
                "CLibCryptoBaseline",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "AWSSigV4", package: library),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            path: "Benchmarks/SigV4Benchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "OCIReferenceBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "OCIReference", package: library),
            ],
            path: "Benchmarks/OCIReferenceBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "ECRAuthBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "ECRAuth", package: library),
                .product(name: "AWSCredentialProviders", package: library),
                .product(name: "AWSSigV4", package: library),
                .product(name: "AuthTransport", package: library),
                .product(name: "OCIReference", package: library),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            path: "Benchmarks/ECRAuthBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "GoRegexpBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "GoRegexp", package: library),
            ],
            path: "Benchmarks/GoRegexpBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "FleetAuthBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "FleetAuth", package: library),
                .product(name: "GoRegexp", package: library),
            ],
            path: "Benchmarks/FleetAuthBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
