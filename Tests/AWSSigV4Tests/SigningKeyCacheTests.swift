import AWSSigV4
import Foundation
import HTTPTypes
import Testing

struct SigningKeyCacheTests {
    static let date = Date(timeIntervalSince1970: 1_795_953_600)
    static let request = HTTPRequest(method: .get, scheme: "https", authority: "example.amazonaws.com", path: "/")

    static func signer(cache: SigningKeyCache?, region: String = "eu-central-1") -> SigV4Signer {
        var options = SigV4Signer.Options()
        options.signingKeyCache = cache
        return SigV4Signer(service: "ecr", region: region, options: options)
    }

    @Test func cachedAndUncachedSignaturesAgree() throws {
        let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret-1")
        let cache = SigningKeyCache()
        let uncached = try Self.signer(cache: nil).signature(for: Self.request, payload: .empty, credentials: credentials, date: Self.date)
        let cold = try Self.signer(cache: cache).signature(for: Self.request, payload: .empty, credentials: credentials, date: Self.date)
        let warm = try Self.signer(cache: cache).signature(for: Self.request, payload: .empty, credentials: credentials, date: Self.date)
        #expect(cold == uncached)
        #expect(warm == uncached)
        #expect(cache.count == 1)
    }

    @Test func aRotatedSecretGetsANewKey() throws {
        let cache = SigningKeyCache()
        let signer = Self.signer(cache: cache)
        var credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret-1")
        let before = try signer.signature(for: Self.request, payload: .empty, credentials: credentials, date: Self.date)
        credentials.secretAccessKey = "secret-2"
        let after = try signer.signature(for: Self.request, payload: .empty, credentials: credentials, date: Self.date)
        let expected = try Self.signer(cache: nil).signature(for: Self.request, payload: .empty, credentials: credentials, date: Self.date)
        #expect(after == expected)
        #expect(after.signature != before.signature)
        #expect(cache.count == 2)
    }

    @Test func keysAreScopedByDayRegionAndService() throws {
        let cache = SigningKeyCache()
        let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret")
        _ = try Self.signer(cache: cache).signature(for: Self.request, payload: .empty, credentials: credentials, date: Self.date)
        _ = try Self.signer(cache: cache).signature(
            for: Self.request, payload: .empty, credentials: credentials, date: Self.date.addingTimeInterval(60))
        #expect(cache.count == 1)
        _ = try Self.signer(cache: cache).signature(
            for: Self.request, payload: .empty, credentials: credentials, date: Self.date.addingTimeInterval(86_400))
        _ = try Self.signer(cache: cache, region: "us-east-1").signature(
            for: Self.request, payload: .empty, credentials: credentials, date: Self.date)
        _ = try SigV4Signer(service: "sts", region: "eu-central-1", options: .init(signingKeyCache: cache)).signature(
            for: Self.request, payload: .empty, credentials: credentials, date: Self.date)
        #expect(cache.count == 4)
        cache.removeAll()
        #expect(cache.count == 0)
    }

    @Test func theCacheIsBounded() throws {
        let cache = SigningKeyCache(capacity: 3)
        for index in 0..<10 {
            let credentials = AWSCredentials(accessKeyID: "AKID\(index)", secretAccessKey: "secret")
            let signed = try Self.signer(cache: cache).signature(
                for: Self.request, payload: .empty, credentials: credentials, date: Self.date)
            let expected = try Self.signer(cache: nil).signature(
                for: Self.request, payload: .empty, credentials: credentials, date: Self.date)
            #expect(signed == expected)
            #expect(cache.count <= 3)
        }
        #expect(SigningKeyCache(capacity: 0).capacity == 1)
    }

    @Test func concurrentSignersAgree() async throws {
        let cache = SigningKeyCache(capacity: 4)
        let credentials = (0..<8).map { AWSCredentials(accessKeyID: "AKID\($0)", secretAccessKey: "secret-\($0)") }
        let expected = try credentials.map {
            try Self.signer(cache: nil).signature(for: Self.request, payload: .empty, credentials: $0, date: Self.date).signature
        }
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for round in 0..<400 {
                let index = round % credentials.count
                group.addTask {
                    let signature = try Self.signer(cache: cache).signature(
                        for: Self.request, payload: .empty, credentials: credentials[index], date: Self.date)
                    return signature.signature == expected[index]
                }
            }
            for try await agreed in group {
                #expect(agreed)
            }
        }
        #expect(cache.count <= 4)
    }
}
