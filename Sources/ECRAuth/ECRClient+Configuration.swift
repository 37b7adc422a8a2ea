public import AWSCredentialProviders

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

extension ECRClient {
    /// Endpoint variants, retries, and the clock, randomness and sleep the client uses.
    ///
    /// Time, jitter and waiting are parameters so tests can drive every retry and clock-skew
    /// path without sleeping:
    ///
    /// ```swift
    /// var configuration = ECRClient.Configuration()
    /// configuration.now = { fixedDate }
    /// configuration.random = { 0.5 }
    /// configuration.sleep = { delay in await recorder.record(delay) }
    /// ```
    ///
    /// ``fromEnvironment(_:base:)`` reads the standard settings of the AWS SDKs:
    ///
    /// | variable | meaning |
    /// | --- | --- |
    /// | `AWS_USE_FIPS_ENDPOINT=true` | ``useFIPS`` |
    /// | `AWS_USE_DUALSTACK_ENDPOINT=true` | ``useDualStack`` |
    /// | `AWS_ENDPOINT_URL_ECR`, then `AWS_ENDPOINT_URL` | ``configuredEndpoint`` (private ECR) |
    /// | `AWS_ENDPOINT_URL_ECR_PUBLIC`, then `AWS_ENDPOINT_URL` | ``configuredPublicEndpoint`` (ECR Public) |
    /// | `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` | ignore the three endpoint variables |
    ///
    /// An endpoint passed to ``ECRClient/init(transport:credentials:region:endpoint:configuration:)``
    /// wins over the configured ones, as an explicit endpoint does in the SDKs. The shared config
    /// file's `endpoint_url` and `services` sections are not read.
    public struct Configuration: Sendable {
        /// Call the FIPS endpoint (`api.ecr-fips.<region>.<suffix>`) for every registry; a
        /// registry whose host is a FIPS host (`dkr.ecr-fips`) gets it anyway.
        public var useFIPS: Bool
        /// Call the dual-stack endpoint (`ecr.<region>.api.aws`) for every registry; a registry
        /// whose host is dual-stack (`dkr-ecr…on.aws`) gets it anyway.
        public var useDualStack: Bool
        /// The endpoint for private ECR from the environment (`AWS_ENDPOINT_URL_ECR`), or `nil`.
        public var configuredEndpoint: URL?
        /// The endpoint for ECR Public from the environment (`AWS_ENDPOINT_URL_ECR_PUBLIC`), or `nil`.
        public var configuredPublicEndpoint: URL?
        /// How failed calls are retried; the SDKs' standard mode by default.
        public var retryPolicy: ECRRetryPolicy
        /// The smallest disagreement, in seconds, between the response's `Date` header and the
        /// corrected local clock that the client acts on; default 30. A smaller one is network
        /// latency and the header's one-second resolution.
        public var clockSkewThreshold: TimeInterval
        /// The clock; defaults to the system clock.
        public var now: @Sendable () -> Date
        /// A source of numbers in `0..<1` for retry jitter; defaults to the system generator.
        public var random: @Sendable () -> Double
        /// Waits between attempts; defaults to `Task.sleep(for:)`. It must throw
        /// `CancellationError` when the task is cancelled, so a cancelled call stops retrying.
        public var sleep: @Sendable (Duration) async throws -> Void

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - useFIPS: Call FIPS endpoints.
        ///   - useDualStack: Call dual-stack endpoints.
        ///   - configuredEndpoint: An endpoint for private ECR, usually from the environment.
        ///   - configuredPublicEndpoint: An endpoint for ECR Public, usually from the environment.
        ///   - retryPolicy: How failed calls are retried.
        ///   - clockSkewThreshold: The smallest clock disagreement acted on, in seconds.
        ///   - now: The clock.
        ///   - random: The jitter source, numbers in `0..<1`.
        ///   - sleep: Waits between attempts; must honour cancellation.
        public init(
            useFIPS: Bool = false,
            useDualStack: Bool = false,
            configuredEndpoint: URL? = nil,
            configuredPublicEndpoint: URL? = nil,
            retryPolicy: ECRRetryPolicy = .standard,
            clockSkewThreshold: TimeInterval = 30,
            now: @escaping @Sendable () -> Date = { Date() },
            random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
            sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
        ) {
            self.useFIPS = useFIPS
            self.useDualStack = useDualStack
            self.configuredEndpoint = configuredEndpoint
            self.configuredPublicEndpoint = configuredPublicEndpoint
            self.retryPolicy = retryPolicy
            self.clockSkewThreshold = clockSkewThreshold
            self.now = now
            self.random = random
            self.sleep = sleep
        }

        /// Reads the endpoint settings from the environment variables in the table above, on
        /// top of `base`.
        ///
        /// - Parameters:
        ///   - environment: Where to read the variables; `AWSEnvironment.process()` for the
        ///     process environment.
        ///   - base: The configuration to start from (clock, randomness, retries).
        /// - Returns: `base` with ``useFIPS``, ``useDualStack``, ``configuredEndpoint`` and
        ///   ``configuredPublicEndpoint`` set from the environment.
        /// - Throws: ``ECRAuthError/Code/invalidConfiguration`` for a boolean that is not `true`
        ///   or `false`, or an endpoint that is not an absolute `http(s)` URL.
        public static func fromEnvironment(
            _ environment: AWSEnvironment,
            base: Configuration = Configuration()
        ) throws(ECRAuthError) -> Configuration {
            var configuration = base
            if let fips = try Self.bool("AWS_USE_FIPS_ENDPOINT", in: environment) {
                configuration.useFIPS = fips
            }
            if let dualStack = try Self.bool("AWS_USE_DUALSTACK_ENDPOINT", in: environment) {
                configuration.useDualStack = dualStack
            }
            guard try Self.bool("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", in: environment) != true else {
                return configuration
            }
            if let url = try Self.url(["AWS_ENDPOINT_URL_ECR", "AWS_ENDPOINT_URL"], in: environment) {
                configuration.configuredEndpoint = url
            }
            if let url = try Self.url(["AWS_ENDPOINT_URL_ECR_PUBLIC", "AWS_ENDPOINT_URL"], in: environment) {
                configuration.configuredPublicEndpoint = url
            }
            return configuration
        }

        private static func bool(_ name: String, in environment: AWSEnvironment) throws(ECRAuthError) -> Bool? {
            guard let value = environment[name] else { return nil }
            switch value.lowercased() {
            case "true": return true
            case "false": return false
            default:
                throw ECRAuthError(code: .invalidConfiguration, reason: "\(name) must be true or false")
            }
        }

        private static func url(_ names: [String], in environment: AWSEnvironment) throws(ECRAuthError) -> URL? {
            for name in names {
                guard let text = environment[name] else { continue }
                guard EndpointURL(text) != nil, let url = URL(string: text) else {
                    throw ECRAuthError(code: .invalidConfiguration, reason: "\(name) is not an absolute http(s) URL")
                }
                return url
            }
            return nil
        }
    }
}
