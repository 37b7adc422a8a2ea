import AWSSigV4
import ArgumentParser
import Foundation
import HTTPTypes

/// `ecr-fleet-auth sign`: sign a raw HTTP request and show how, to debug `SignatureDoesNotMatch`.
struct SignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Sign a raw HTTP request with SigV4 and print the canonical request, string to sign and signed request.",
        discussion: """
            Reads a request as it would go on the wire (request line, headers, empty line, body) \
            from FILE or standard input. Credentials come from AWS_ACCESS_KEY_ID, \
            AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN. Compare the printed canonical request and \
            string to sign with the ones in AWS's SignatureDoesNotMatch message. The session token \
            is shown as <redacted> unless --reveal-session-token is given.

            EXAMPLES:
              ecr-fleet-auth sign --service ecr --region eu-central-1 Examples/requests/ecr-get-authorization-token.http
              printf 'GET /?Action=GetCallerIdentity&Version=2011-06-15 HTTP/1.1\\nHost: sts.amazonaws.com\\n\\n' \\
                | ecr-fleet-auth sign --service sts --region us-east-1 --presign 900
            """
    )

    @Option(help: "The service's signing name, for example ecr, sts or s3.")
    var service: String

    @Option(help: "The region, for example eu-central-1.")
    var region: String

    @Option(help: "The signing time as 2026-11-29T12:00:00Z or 20261129T120000Z (default: now).")
    var date: String?

    @Option(help: "Presign: put the signature in the query string, valid for this many seconds (1-604800).")
    var presign: Int?

    @Flag(help: "Sign for S3: no double encoding, no path normalization, x-amz-content-sha256.")
    var s3 = false

    @Flag(help: "Sign the payload as UNSIGNED-PAYLOAD instead of hashing the body.")
    var unsignedPayload = false

    @Flag(help: "Add the session token after signing instead of signing it.")
    var omitSessionToken = false

    @Option(name: .customLong("unsigned-header"), help: "A header to send without signing (repeatable).")
    var unsignedHeaders: [String] = []

    @Option(help: "The scheme when the request target is a path (default: https).")
    var scheme = "https"

    @Flag(help: "Print the session token instead of <redacted>.")
    var revealSessionToken = false

    @Argument(help: "The request file; '-' or nothing reads standard input.")
    var file: String?

    func run() async throws {
        let input = try Self.readInput(self.file)
        let raw: RawHTTPRequest
        do {
            raw = try RawHTTPRequest(parsing: input, defaultScheme: self.scheme)
        } catch let error as RawHTTPRequest.ParseError {
            throw ToolError.usage("cannot read the request: \(error)")
        }
        let credentials = try Self.environmentCredentials()
        let signingDate = try self.signingDate()

        var options: SigV4Signer.Options = self.s3 ? .s3 : .init()
        options.omitSessionToken = self.omitSessionToken
        for name in self.unsignedHeaders {
            guard let fieldName = HTTPField.Name(name) else {
                throw ToolError.usage("'\(name)' is not a valid header name")
            }
            options.unsignedHeaders.insert(fieldName)
        }
        let signer = SigV4Signer(service: self.service, region: self.region, options: options)
        let payload: SigV4Payload = self.unsignedPayload ? .unsigned : .bytes(raw.body)

        let debug: SigV4Signature
        let signed: HTTPRequest
        do {
            debug = try signer.signature(
                for: raw.request, payload: payload, credentials: credentials, date: signingDate, presignExpires: self.presign)
            if let expires = self.presign {
                signed = try signer.presign(raw.request, payload: payload, credentials: credentials, date: signingDate, expires: expires)
            } else {
                signed = try signer.sign(raw.request, payload: payload, credentials: credentials, date: signingDate)
            }
        } catch let error as SigV4Error {
            throw ToolError.usage("cannot sign: \(error.reason)")
        }

        let redact: (String) -> String = { text in
            guard !self.revealSessionToken, let token = credentials.sessionToken, !token.isEmpty else { return text }
            var encoded: [UInt8] = []
            for byte in token.utf8 {
                if byte.isUnreserved {
                    encoded.append(byte)
                } else {
                    encoded.append(contentsOf: Array(String(format: "%%%02X", byte).utf8))
                }
            }
            return text.replacingOccurrences(of: token, with: "<redacted>")
                .replacingOccurrences(of: String(decoding: encoded, as: UTF8.self), with: "<redacted>")
        }
        var output = "# Canonical request\n\(debug.canonicalRequest)\n\n# String to sign\n\(debug.stringToSign)\n\n# Signed request\n"
        output += "\(signed.method.rawValue) \(signed.path ?? "/") HTTP/1.1\n"
        output += "Host: \(signed.authority ?? "")\n"
        for field in signed.headerFields {
            output += "\(field.name.rawName): \(field.value)\n"
        }
        output += "\n"
        var bytes = Array(redact(output).utf8)
        bytes.append(contentsOf: raw.body)
        if !raw.body.isEmpty && raw.body.last != UInt8(ascii: "\n") { bytes.append(UInt8(ascii: "\n")) }
        FileHandle.standardOutput.write(Data(bytes))
    }

    private static func readInput(_ file: String?) throws -> [UInt8] {
        let handle: FileHandle
        if let file, file != "-" {
            guard let opened = FileHandle(forReadingAtPath: file) else {
                throw ToolError.usage("cannot open '\(file)'")
            }
            handle = opened
        } else {
            handle = FileHandle.standardInput
        }
        var bytes: [UInt8] = []
        while true {
            let chunk = try handle.read(upToCount: 65_536) ?? Data()
            if chunk.isEmpty { break }
            bytes.append(contentsOf: chunk)
            if bytes.count > RawHTTPRequest.maximumSize {
                throw ToolError.usage("the request is larger than \(RawHTTPRequest.maximumSize) bytes")
            }
        }
        return bytes
    }

    private static func environmentCredentials() throws -> AWSCredentials {
        let environment = ProcessInfo.processInfo.environment
        guard let keyID = environment["AWS_ACCESS_KEY_ID"], !keyID.isEmpty,
            let secret = environment["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty
        else {
            throw ToolError.aws("no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
        }
        let token = environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        return AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: token)
    }

    private func signingDate() throws -> Date {
        guard let text = self.date else { return Date() }
        if let date = try? Date(text, strategy: .iso8601) {
            return date
        }
        let compact = Date.ISO8601FormatStyle(timeZone: TimeZone(secondsFromGMT: 0) ?? .gmt)
            .year().month().day().time(includingFractionalSeconds: false).timeZone(separator: .omitted)
            .dateSeparator(.omitted).timeSeparator(.omitted).dateTimeSeparator(.standard)
        if let date = try? compact.parse(text.replacingOccurrences(of: "Z", with: "+0000")) {
            return date
        }
        throw ToolError.usage("--date '\(text)' is neither 2026-11-29T12:00:00Z nor 20261129T120000Z")
    }
}

extension UInt8 {
    fileprivate var isUnreserved: Bool {
        switch self {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }
}
