import AWSSigV4
import Foundation
import HTTPTypes
import Testing

/// One case of the aws-c-auth `v4` suite (Tests/AWSSigV4Tests/Resources/sigv4-test-suite,
/// Apache-2.0, see its README, LICENSE and NOTICE), parsed the way the reference harness
/// (aws-c-auth `tests/sigv4_signing_tests.c`) reads it.
struct SigV4TestCase: CustomTestStringConvertible, Sendable {
    struct Context: Decodable, Sendable {
        struct Credentials: Decodable, Sendable {
            var access_key_id: String
            var secret_access_key: String
            var token: String?
        }
        var credentials: Credentials
        var expiration_in_seconds: Int
        var normalize: Bool
        var region: String
        var service: String
        var sign_body: Bool
        var omit_session_token: Bool?
        var timestamp: String
    }

    enum Variant: String, Sendable, CaseIterable {
        case header, query
    }

    var name: String
    var context: Context
    var request: HTTPRequest
    var body: [UInt8]
    var expected: [Variant: (canonicalRequest: String, stringToSign: String, signature: String)]

    var testDescription: String { self.name }

    var credentials: AWSCredentials {
        AWSCredentials(
            accessKeyID: self.context.credentials.access_key_id,
            secretAccessKey: self.context.credentials.secret_access_key,
            sessionToken: self.context.credentials.token
        )
    }

    var date: Date {
        get throws {
            try Date(self.context.timestamp, strategy: .iso8601)
        }
    }

    func signer(for variant: Variant) -> SigV4Signer {
        SigV4Signer(
            service: self.context.service,
            region: self.context.region,
            options: .init(
                doubleURIEncode: true,
                normalizePath: self.context.normalize,
                omitSessionToken: self.context.omit_session_token ?? false,
                addContentSHA256Header: variant == .header && self.context.sign_body,
                signingKeyCache: nil
            )
        )
    }

    var payload: SigV4Payload {
        self.context.sign_body ? .bytes(self.body) : .empty
    }

    static let suiteDirectory: URL = {
        guard let url = Bundle.module.url(forResource: "sigv4-test-suite", withExtension: nil) else {
            fatalError("the sigv4-test-suite resource is missing from the test bundle")
        }
        return url
    }()

    /// Every case folder of the suite, sorted.
    static let all: [SigV4TestCase] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: suiteDirectory.path)) ?? []
        return names.sorted().compactMap { name -> SigV4TestCase? in
            let folder = suiteDirectory.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("context.json").path) else {
                return nil
            }
            do {
                return try SigV4TestCase(name: name, folder: folder)
            } catch {
                fatalError("cannot read case \(name): \(error)")
            }
        }
    }()

    init(name: String, folder: URL) throws {
        func read(_ file: String) throws -> String {
            try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
        }
        self.name = name
        self.context = try JSONDecoder().decode(Context.self, from: Data(contentsOf: folder.appendingPathComponent("context.json")))
        (self.request, self.body) = try Self.parseRequest(Array(Data(contentsOf: folder.appendingPathComponent("request.txt"))))
        var expected: [Variant: (String, String, String)] = [:]
        for variant in Variant.allCases {
            expected[variant] = (
                try read("\(variant.rawValue)-canonical-request.txt"),
                try read("\(variant.rawValue)-string-to-sign.txt"),
                try read("\(variant.rawValue)-signature.txt")
            )
        }
        self.expected = expected.mapValues { (canonicalRequest: $0.0, stringToSign: $0.1, signature: $0.2) }
    }

    struct ParseError: Error {
        var message: String
    }

    /// Reads `request.txt`: request line, header lines (a line starting with whitespace continues
    /// the previous one), an empty line, the body.
    static func parseRequest(_ bytes: [UInt8]) throws -> (HTTPRequest, [UInt8]) {
        var lines: [ArraySlice<UInt8>] = []
        var body: [UInt8] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\n") {
                let line = bytes[start..<index]
                start = index + 1
                if line.isEmpty && !lines.isEmpty {
                    body = Array(bytes[start...])
                    break
                }
                lines.append(line)
            }
            index += 1
        }
        if start < bytes.count && body.isEmpty && (lines.isEmpty || index >= bytes.count) {
            lines.append(bytes[start...])
        }
        guard let requestLine = lines.first.map({ String(decoding: $0, as: UTF8.self) }),
            let space = requestLine.firstIndex(of: " "), requestLine.hasSuffix(" HTTP/1.1")
        else {
            throw ParseError(message: "bad request line")
        }
        let method = String(requestLine[..<space])
        let target = String(requestLine[requestLine.index(after: space)..<requestLine.index(requestLine.endIndex, offsetBy: -9)])

        var headers: [(name: String, value: [UInt8])] = []
        for line in lines.dropFirst() {
            if let first = line.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
                guard !headers.isEmpty else { throw ParseError(message: "continuation without header") }
                headers[headers.count - 1].value.append(UInt8(ascii: " "))
                headers[headers.count - 1].value.append(contentsOf: line)
                continue
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { throw ParseError(message: "header without colon") }
            headers.append((String(decoding: line[line.startIndex..<colon], as: UTF8.self), Array(line[(colon + 1)...])))
        }

        guard let httpMethod = HTTPRequest.Method(method) else { throw ParseError(message: "bad method") }
        var request = HTTPRequest(method: httpMethod, scheme: "https", authority: nil, path: target)
        for (name, value) in headers {
            if name.lowercased() == "host" {
                request.authority = String(decoding: value, as: UTF8.self)
                continue
            }
            guard let fieldName = HTTPField.Name(name) else { throw ParseError(message: "bad header name \(name)") }
            request.headerFields.append(HTTPField(name: fieldName, lenientValue: value))
        }
        return (request, body)
    }
}
