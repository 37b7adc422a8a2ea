// swift-tools-version: 6.1

import PackageDescription

// swift-ecr-fleet-auth: private Helm charts from Amazon ECR to Rancher Fleet, exactly and safely.
//
// One library product per module (see Documentation/ and the README's module table). Modules
// only depend "downwards"; no module knows about the command-line tool.

let package = Package(
    name: "swift-ecr-fleet-auth",
    // Synchronization.Mutex (signing-key and token caches) needs these; Linux has no minimum.
    platforms: [.macOS(.v15), .iOS(.v18), .tvOS(.v18), .watchOS(.v11), .visionOS(.v2)],
    products: [
        .library(name: "AuthTransport", targets: ["AuthTransport"]),
        .library(name: "AuthTransportURLSession", targets: ["AuthTransportURLSession"]),
        .library(name: "AuthTransportAsyncHTTPClient", targets: ["AuthTransportAsyncHTTPClient"]),
        .library(name: "AWSSigV4", targets: ["AWSSigV4"]),
        .library(name: "AWSCredentialProviders", targets: ["AWSCredentialProviders"]),
        .library(name: "OCIReference", targets: ["OCIReference"]),
        .library(name: "GoRegexp", targets: ["GoRegexp"]),
        .library(name: "FleetAuth", targets: ["FleetAuth"]),
        .library(name: "ECRAuth", targets: ["ECRAuth"]),
        .library(name: "ECRFleetAuth", targets: ["ECRFleetAuth"]),
        .executable(name: "ecr-fleet-auth", targets: ["ecr-fleet-auth"]),
    ],
    traits: [
        .trait(
            name: "AsyncHTTPClient",
            description: "Builds the AuthTransportAsyncHTTPClient adapter (pulls in AsyncHTTPClient and SwiftNIO)."
        ),
        .default(enabledTraits: []),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-http-types", from: "1.3.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.24.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", "5.0.0"..<"7.0.0"),
        // Already in the graph through async-http-client; named here so the trait-gated
        // Kubernetes TLS helper in ECRFleetAuth can use `TLSConfiguration` and the PEM loaders.
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.30.0"),
    ],
    targets: [
        // MARK: libcrypto

        .systemLibrary(
            name: "CLibCrypto",
            pkgConfig: "libcrypto",
            providers: [
                .apt(["libssl-dev"]),
                .brew(["openssl@3"]),
            ]
        ),

        // MARK: Transport

        .target(
            name: "AuthTransport",
            dependencies: [
                .product(name: "HTTPTypes", package: "swift-http-types")
            ]
        ),
        .target(
            name: "AuthTransportURLSession",
            dependencies: [
                "AuthTransport",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HTTPTypesFoundation", package: "swift-http-types"),
            ]
        ),
        .target(
            name: "AuthTransportAsyncHTTPClient",
            dependencies: [
                "AuthTransport",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(
                    name: "AsyncHTTPClient",
                    package: "async-http-client",
                    condition: .when(traits: ["AsyncHTTPClient"])
                ),
                .product(name: "NIOCore", package: "swift-nio", condition: .when(traits: ["AsyncHTTPClient"])),
                .product(name: "NIOHTTP1", package: "swift-nio", condition: .when(traits: ["AsyncHTTPClient"])),
            ]
        ),

        // MARK: AWS Signature Version 4

        .target(
            name: "AWSSigV4",
            dependencies: [
                "CLibCrypto",
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),

        // MARK: AWS credential providers

        .target(
            name: "AWSCredentialProviders",
            dependencies: [
                "AWSSigV4",
                "AuthTransport",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // MARK: References and registries

        .target(name: "OCIReference"),

        // MARK: ECR authorization tokens

        .target(
            name: "ECRAuth",
            dependencies: [
                "AWSSigV4",
                "AWSCredentialProviders",
                "OCIReference",
                "AuthTransport",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // MARK: Go regular expressions

        .target(name: "GoRegexp"),

        // MARK: Fleet credential rules

        .target(
            name: "FleetAuth",
            dependencies: [
                "GoRegexp",
                "OCIReference",
                .product(name: "Yams", package: "Yams"),
            ]
        ),

        // MARK: Umbrella

        .target(
            name: "ECRFleetAuth",
            dependencies: [
                "AuthTransport",
                "AWSSigV4",
                "AWSCredentialProviders",
                "OCIReference",
                "GoRegexp",
                "FleetAuth",
                "ECRAuth",
                // Kubernetes Secret client: the kubeconfig (YAML) and logging.
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
                // The Kubernetes TLS helper for AsyncHTTPClient, only with the trait on.
                "AuthTransportAsyncHTTPClient",
                .product(
                    name: "AsyncHTTPClient",
                    package: "async-http-client",
                    condition: .when(traits: ["AsyncHTTPClient"])
                ),
                .product(name: "NIOSSL", package: "swift-nio-ssl", condition: .when(traits: ["AsyncHTTPClient"])),
            ]
        ),

        // MARK: Command-line tool

        .executableTarget(
            name: "ecr-fleet-auth",
            dependencies: [
                "ECRFleetAuth",
                "OCIReference",
                "AWSSigV4",
                "AWSCredentialProviders",
                "ECRAuth",
                "FleetAuth",
                "AuthTransport",
                "AuthTransportURLSession",
                // The Kubernetes transport that trusts a cluster's CA: only with the trait on.
                "AuthTransportAsyncHTTPClient",
                .product(
                    name: "AsyncHTTPClient",
                    package: "async-http-client",
                    condition: .when(traits: ["AsyncHTTPClient"])
                ),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // MARK: Tests

        .target(
            name: "TransportTestSupport",
            dependencies: [
                "AuthTransport",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(
                    name: "AsyncHTTPClient",
                    package: "async-http-client",
                    condition: .when(traits: ["AsyncHTTPClient"])
                ),
            ],
            path: "Tests/TransportTestSupport",
            resources: [
                .copy("Resources/loopback_server.py")
            ]
        ),
        .testTarget(
            name: "AuthTransportTests",
            dependencies: [
                "TestTimeLimits",
                "AuthTransport",
                "AuthTransportURLSession",
                "AuthTransportAsyncHTTPClient",
                "TransportTestSupport",
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .testTarget(
            name: "AWSSigV4Tests",
            dependencies: [
                "AWSSigV4",
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            resources: [
                .copy("Resources/sigv4-test-suite"),
                .copy("Resources/botocore-differential.jsonl"),
            ]
        ),
        .target(
            name: "MotoTestSupport",
            dependencies: [
                "TestTimeLimits",
                "AuthTransport",
                "AuthTransportURLSession",
                "AWSSigV4",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HTTPTypesFoundation", package: "swift-http-types"),
            ],
            path: "Tests/MotoTestSupport"
        ),
        .testTarget(
            name: "AWSCredentialProvidersTests",
            dependencies: [
                "TestTimeLimits",
                "AWSCredentialProviders",
                "AWSSigV4",
                "AuthTransport",
                "MotoTestSupport",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [
                .copy("Resources/sdk-test-data")
            ]
        ),
        .target(
            name: "KubernetesTestSupport",
            dependencies: [
                "ECRFleetAuth",
                "AuthTransport",
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            path: "Tests/KubernetesTestSupport",
            resources: [
                .copy("Resources/fake_kubernetes_api.py"),
                .copy("Resources/tls"),
            ]
        ),
        .testTarget(
            name: "ECRFleetAuthTests",
            dependencies: [
                "ECRFleetAuth",
                "KubernetesTestSupport",
                "AuthTransport",
                "AuthTransportURLSession",
                "AuthTransportAsyncHTTPClient",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(
                    name: "AsyncHTTPClient",
                    package: "async-http-client",
                    condition: .when(traits: ["AsyncHTTPClient"])
                ),
            ],
            exclude: ["Generators"],
            resources: [
                .copy("Resources/kubeconfig-oracle")
            ]
        ),
        .testTarget(
            name: "ECRAuthTests",
            dependencies: [
                "TestTimeLimits",
                "ECRAuth",
                "AWSCredentialProviders",
                "AWSSigV4",
                "AuthTransport",
                "OCIReference",
                "MotoTestSupport",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [
                .copy("Resources/botocore-endpoints")
            ]
        ),
        .target(
            name: "TestTimeLimits",
            path: "Tests/TestTimeLimits"
        ),
        .testTarget(
            name: "RedactionAuditTests",
            dependencies: [
                "ECRFleetAuth",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "ToolTests",
            dependencies: [
                "ecr-fleet-auth",
                // End-to-end runs of `token` and `rotate` against moto_server and the fake API server.
                "MotoTestSupport",
                "KubernetesTestSupport",
                "ECRFleetAuth",
                "AWSSigV4",
                // Reading Examples/kubernetes in the examples' consistency test.
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .testTarget(
            name: "OCIReferenceTests",
            dependencies: [
                "TestTimeLimits",
                "OCIReference",
            ],
            exclude: ["Generators"],
            resources: [
                .copy("Resources/differential")
            ]
        ),
        .testTarget(
            name: "GoRegexpTests",
            dependencies: [
                "TestTimeLimits",
                "GoRegexp",
            ],
            resources: [
                .copy("Resources/go-regexp-testdata"),
                .copy("Resources/go-oracle"),
            ]
        ),
        .testTarget(
            name: "FleetAuthTests",
            dependencies: [
                "TestTimeLimits",
                "FleetAuth",
                "GoRegexp",
                "OCIReference",
            ],
            resources: [
                .copy("Resources/go-oracle"),
            ]
        ),
    ]
)

// Language settings for every Swift target: Swift 6 mode (the tools-version default), plus the
// upcoming features the models we follow turn on.
for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    target.swiftSettings = settings
}
