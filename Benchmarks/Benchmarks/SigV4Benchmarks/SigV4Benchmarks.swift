import AWSSigV4
import Benchmark
import CLibCryptoBaseline
import Foundation
import HTTPTypes

// Signing the ECR GetAuthorizationToken request, next to the floor: what libcrypto alone needs
// for the same hashing and HMAC (SHA-256 of the body, SHA-256 of the canonical request, and
// HMAC-SHA256 of the string to sign with the derived key).

let credentials = AWSCredentials(
    accessKeyID: "AKIAIOSFODNN7EXAMPLE",
    secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
)
let signingDate = Date(timeIntervalSince1970: 1_795_953_600)
let body = Array("{}".utf8)

func ecrRequest() -> HTTPRequest {
    var request = HTTPRequest(method: .post, scheme: "https", authority: "api.ecr.eu-central-1.amazonaws.com", path: "/")
    request.headerFields[.contentType] = "application/x-amz-json-1.1"
    request.headerFields[.xAmzTarget] = "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken"
    return request
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .instructions],
        scalingFactor: .kilo,
        maxDuration: .seconds(3),
        maxIterations: 1_000_000
    )

    let request = ecrRequest()
    let warmSigner = SigV4Signer(service: "ecr", region: "eu-central-1")
    let coldSigner = SigV4Signer(service: "ecr", region: "eu-central-1", options: .init(signingKeyCache: nil))

    // The bytes the floor hashes: exactly what the signer hashes for this request.
    let debug = try! warmSigner.signature(for: request, payload: .bytes(body), credentials: credentials, date: signingDate)
    let canonicalRequest = Array(debug.canonicalRequest.utf8)
    let stringToSign = Array(debug.stringToSign.utf8)
    let signingKey = [UInt8](repeating: 0x5A, count: 32)

    Benchmark("sign ECR request, warm key cache") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try warmSigner.sign(request, payload: .bytes(body), credentials: credentials, date: signingDate))
        }
    }

    Benchmark("sign ECR request, cold (derive key)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try coldSigner.sign(request, payload: .bytes(body), credentials: credentials, date: signingDate))
        }
    }

    Benchmark("presign ECR request, warm key cache") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(
                try warmSigner.presign(request, payload: .bytes(body), credentials: credentials, date: signingDate, expires: 900))
        }
    }

    Benchmark("floor: libcrypto one-shot EVP_Digest x2 + HMAC()") { benchmark in
        let md = EVP_sha256()
        var digest = [UInt8](repeating: 0, count: 64)
        var length: UInt32 = 0
        for _ in benchmark.scaledIterations {
            digest.withUnsafeMutableBufferPointer { out in
                _ = EVP_Digest(body, body.count, out.baseAddress, &length, md, nil)
                _ = EVP_Digest(canonicalRequest, canonicalRequest.count, out.baseAddress, &length, md, nil)
                _ = HMAC(md, signingKey, Int32(signingKey.count), stringToSign, stringToSign.count, out.baseAddress, &length)
            }
            blackHole(digest)
        }
    }

    Benchmark("floor: libcrypto reused EVP_MD_CTX, 4 digests (HMAC by hand)") { benchmark in
        let md = CLibCryptoBaseline_fetchSHA256()
        let context = EVP_MD_CTX_new()
        defer { EVP_MD_CTX_free(context) }
        var digest = [UInt8](repeating: 0, count: 64)
        var pad = [UInt8](repeating: 0x36, count: 64)
        var length: UInt32 = 0
        func run(_ parts: [[UInt8]]) {
            EVP_DigestInit_ex(context, md, nil)
            for part in parts { EVP_DigestUpdate(context, part, part.count) }
            digest.withUnsafeMutableBufferPointer { _ = EVP_DigestFinal_ex(context, $0.baseAddress, &length) }
        }
        for _ in benchmark.scaledIterations {
            run([body])
            run([canonicalRequest])
            pad[0] = 0x36
            run([pad, stringToSign])
            pad[0] = 0x5C
            run([pad, Array(digest[0..<32])])
            blackHole(digest)
        }
    }

    Benchmark("floor: libcrypto fresh EVP_MD_CTX per signature, 4 digests") { benchmark in
        let md = CLibCryptoBaseline_fetchSHA256()
        var digest = [UInt8](repeating: 0, count: 64)
        var length: UInt32 = 0
        var inner = [UInt8](repeating: 0x36, count: 64 + stringToSign.count)
        inner.replaceSubrange(64..., with: stringToSign)
        var outer = [UInt8](repeating: 0x5C, count: 96)
        for _ in benchmark.scaledIterations {
            let context = EVP_MD_CTX_new()
            digest.withUnsafeMutableBufferPointer { out in
                EVP_DigestInit_ex(context, md, nil)
                EVP_DigestUpdate(context, body, body.count)
                EVP_DigestFinal_ex(context, out.baseAddress, &length)
                EVP_DigestInit_ex(context, md, nil)
                EVP_DigestUpdate(context, canonicalRequest, canonicalRequest.count)
                EVP_DigestFinal_ex(context, out.baseAddress, &length)
                EVP_DigestInit_ex(context, md, nil)
                EVP_DigestUpdate(context, inner, inner.count)
                EVP_DigestFinal_ex(context, out.baseAddress, &length)
                EVP_DigestInit_ex(context, md, nil)
                EVP_DigestUpdate(context, outer, outer.count)
                EVP_DigestFinal_ex(context, out.baseAddress, &length)
            }
            EVP_MD_CTX_free(context)
            blackHole(digest)
        }
    }
}
