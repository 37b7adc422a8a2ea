// Benchmarks for ECRAuth: the token cache's hit path (target: under 200 ns uncontended), next to
// the floor of a plain locked dictionary lookup; and a whole token fetch over the test-double
// transport (credentials, SigV4 signing, JSON and base64 decoding), next to the same work done
// with Foundation's JSONSerialization and Data(base64Encoded:).
//
// Run from Benchmarks/:
//   swift package --allow-writing-to-package-directory benchmark --target ECRAuthBenchmarks

import AWSCredentialProviders
import AWSSigV4
import AuthTransport
import Benchmark
import ECRAuth
import Foundation
import HTTPTypes
import OCIReference
import Synchronization

let registry = ECRRegistry("123456789012.dkr.ecr.eu-central-1.amazonaws.com")!
let credentials = AWSCredentials(
    accessKeyID: "AKIAIOSFODNN7EXAMPLE",
    secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    sessionToken: "FwoGZXIvYXdzEJr//////////wEaDEXAMPLESESSIONTOKEN"
)
let password = "eyJwYXlsb2FkIjoiYmVuY2htYXJrLXBhc3N3b3JkIiwidmVyc2lvbiI6IjIifQ=="
let responseBody = Array(
    (#"{"authorizationData": [{"authorizationToken": ""# + Data("AWS:\(password)".utf8).base64EncodedString()
        + #"", "expiresAt": 1.8000432E9, "proxyEndpoint": "https://123456789012.dkr.ecr.eu-central-1.amazonaws.com"}]}"#).utf8)
let now = Date(timeIntervalSince1970: 1_800_000_000)

let transport = ClosureHTTPTransport { _, _ in
    var response = HTTPResponse(status: .ok)
    response.headerFields[.contentType] = "application/x-amz-json-1.1"
    return (response, responseBody)
}

func makeClient() -> ECRClient {
    ECRClient(
        transport: transport, credentials: StaticCredentialsProvider(credentials), region: "eu-central-1",
        configuration: .init(now: { now }, random: { 0.5 }, sleep: { _ in }))
}

/// The floor for a cache hit: a `Mutex`-guarded dictionary keyed by the registry alone, without
/// the principal in the key, the expiry check or the refresh schedule.
final class LockedDictionaryBaseline: Sendable {
    let tokens = Mutex<[ECRRegistry: ECRAuthorizationToken]>([:])

    func token(for registry: ECRRegistry) -> ECRAuthorizationToken? {
        self.tokens.withLock { $0[registry] }
    }
}

/// The fetch's own work with Foundation's decoders instead of this module's: sign, then
/// JSONSerialization and Data(base64Encoded:).
func foundationFetch() throws -> String {
    var request = HTTPRequest(method: .post, scheme: "https", authority: "api.ecr.eu-central-1.amazonaws.com", path: "/")
    request.headerFields[.contentType] = "application/x-amz-json-1.1"
    request.headerFields[.xAmzTarget] = "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken"
    let signed = try SigV4Signer(service: "ecr", region: "eu-central-1")
        .sign(request, payload: .bytes(Array("{}".utf8)), credentials: credentials, date: now)
    blackHole(signed)
    let object = try JSONSerialization.jsonObject(with: Data(responseBody)) as? [String: Any]
    let entries = object?["authorizationData"] as? [[String: Any]]
    guard let token = entries?.first?["authorizationToken"] as? String, let data = Data(base64Encoded: token),
        let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":")
    else { return "" }
    _ = entries?.first?["expiresAt"] as? Double
    return String(text[text.index(after: colon)...])
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .instructions],
        scalingFactor: .kilo,
        maxDuration: .seconds(3),
        maxIterations: 1_000_000
    )

    Benchmark("cache hit, uncontended") { benchmark in
        let cache = ECRTokenCache(client: makeClient(), now: { now }, random: { 0.5 })
        _ = try await cache.token(for: registry)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try await cache.token(for: registry))
        }
    }

    Benchmark("floor: Mutex<[ECRRegistry: token]> lookup") { benchmark in
        let baseline = LockedDictionaryBaseline()
        let token = try await makeClient().authorizationToken(for: registry)
        baseline.tokens.withLock { $0[registry] = token }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(baseline.token(for: registry))
        }
    }

    Benchmark("cache hit, 2 tasks contending") { benchmark in
        let cache = ECRTokenCache(client: makeClient(), now: { now }, random: { 0.5 })
        _ = try await cache.token(for: registry)
        let perTask = benchmark.scaledIterations.count / 2
        benchmark.startMeasurement()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<2 {
                group.addTask {
                    for _ in 0..<perTask {
                        blackHole(try await cache.token(for: registry))
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    Benchmark("fetch token over the test-double transport", configuration: .init(scalingFactor: .one)) { benchmark in
        let client = makeClient()
        _ = try await client.authorizationToken(for: registry)  // warm the signing-key cache
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try await client.authorizationToken(for: registry))
        }
    }

    Benchmark("baseline: sign + JSONSerialization + Data(base64Encoded:)", configuration: .init(scalingFactor: .one)) {
        benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try foundationFetch())
        }
    }
}
