import AWSSigV4
import Foundation
import HTTPTypes
import Testing

/// 2,400 random requests signed by botocore 1.43.11 (`scripts/sigv4-differential/generate.py`,
/// which documents how the cases are shaped): header signing, S3 mode and presigning, with paths
/// of every byte class, repeated and empty query keys, odd header whitespace, repeated headers,
/// session tokens, ports and random dates. Every case must match botocore's canonical request,
/// string to sign and signature exactly.
struct BotocoreDifferentialTests {
    struct Case: Decodable, Sendable {
        struct Expected: Decodable, Sendable {
            var canonicalRequest: String
            var stringToSign: String
            var signature: String
        }
        var id: Int
        var mode: String
        var method: String
        var authority: String
        var path: String
        var headers: [[String]]
        var body: String
        var payload: String
        var accessKeyID: String
        var secretAccessKey: String
        var sessionToken: String?
        var region: String
        var service: String
        var timestamp: String
        var expires: Int?
        var expected: Expected
    }

    static let cases: [Case] = {
        guard let url = Bundle.module.url(forResource: "botocore-differential", withExtension: "jsonl"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else {
            return []
        }
        let decoder = JSONDecoder()
        return text.split(separator: "\n").compactMap { try? decoder.decode(Case.self, from: Data($0.utf8)) }
    }()

    @Test func allCasesLoad() {
        #expect(Self.cases.count == 2400)
        #expect(Set(Self.cases.map(\.mode)) == ["header", "s3", "presign"])
    }

    @Test func everyCaseMatchesBotocore() throws {
        var mismatches: [String] = []
        for testCase in Self.cases {
            let signature = try Self.sign(testCase)
            if signature.canonicalRequest != testCase.expected.canonicalRequest
                || signature.stringToSign != testCase.expected.stringToSign
                || signature.signature != testCase.expected.signature
            {
                mismatches.append(
                    "case \(testCase.id) (\(testCase.mode) \(testCase.method) \(testCase.path)):\n"
                        + "ours:\n\(signature.canonicalRequest)\nbotocore:\n\(testCase.expected.canonicalRequest)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(Self.cases.count) differ; first: \(mismatches.first ?? "")")
    }

    static func sign(_ testCase: Case) throws -> SigV4Signature {
        guard let method = HTTPRequest.Method(testCase.method) else { throw CancellationError() }
        var request = HTTPRequest(method: method, scheme: "https", authority: testCase.authority, path: testCase.path)
        for header in testCase.headers {
            guard header.count == 2, let name = HTTPField.Name(header[0]) else { throw CancellationError() }
            request.headerFields.append(HTTPField(name: name, lenientValue: Array(header[1].utf8)))
        }
        var options: SigV4Signer.Options = testCase.mode == "s3" ? .s3 : .init()
        // The headers botocore never signs.
        options.unsignedHeaders = [.userAgent, .xAmznTraceID, .expect, .transferEncoding]
        options.signingKeyCache = nil
        let signer = SigV4Signer(service: testCase.service, region: testCase.region, options: options)
        let credentials = AWSCredentials(
            accessKeyID: testCase.accessKeyID, secretAccessKey: testCase.secretAccessKey, sessionToken: testCase.sessionToken)
        let body = Array(Data(base64Encoded: testCase.body) ?? Data())
        let payload: SigV4Payload = testCase.payload == "unsigned" ? .unsigned : .bytes(body)
        let date = try Date(testCase.timestamp, strategy: Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day()
            .dateSeparator(.omitted).time(includingFractionalSeconds: false).timeSeparator(.omitted)
            .dateTimeSeparator(.standard).timeZone(separator: .omitted))
        return try signer.signature(
            for: request, payload: payload, credentials: credentials, date: date,
            presignExpires: testCase.mode == "presign" ? testCase.expires : nil)
    }
}
