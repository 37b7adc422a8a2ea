import AWSCredentialProviders
import AWSSigV4
import AuthTransport
import Foundation
import HTTPTypes
import Logging
import Synchronization

/// Secrets used across the tests: each must never appear in any printed form or log line.
enum Secrets {
    static let secretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY1"
    static let sessionToken = "FwoGZXIvYXdzEJr//////////wEaDSESSIONTOKEN+/=="
    static let webIdentityToken = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6Zmxl.WEBIDENTITYSIGNATURE"
    static let containerToken = "eyJhbGciOiJFUzM4NCJ9.CONTAINER-AUTHORIZATION-TOKEN.sig"
    static let stsSecret = "STSRETURNEDSECRETxxxxxxxxxxxxxxxxxxxxxx1"
    static let stsToken = "IQoJb3JpZ2luX2VjEPT//////////STSRETURNEDTOKEN=="
    static let imdsToken = "AQAEAIMDSSESSIONTOKENxxxxxxxxxxxxxxxxxx=="

    static let all = [secretKey, sessionToken, webIdentityToken, containerToken, stsSecret, stsToken, imdsToken]

    /// Every secret found in `text`.
    static func leaked(in text: String) -> [String] {
        all.filter { text.contains($0) }
    }
}

/// Every way Swift turns a value into text.
func printedForms(of value: some Any) -> [String] {
    var dumped = ""
    dump(value, to: &dumped)
    var nested = ""
    dump([value], to: &nested)
    return [
        String(describing: value), String(reflecting: value), "\(value)", dumped, nested,
        String(describing: Optional(value)), String(describing: [value]),
    ]
}

/// A swift-log handler that records every message with its metadata, for searching.
struct RecordingLogHandler: LogHandler {
    final class Store: Sendable {
        let lines = Mutex<[String]>([])
        var all: [String] { self.lines.withLock { $0 } }
        var text: String { self.all.joined(separator: "\n") }
    }

    let store: Store
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = self.metadata
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        let rendered = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let line = "[\(event.level)] \(event.message) \(rendered)"
        self.store.lines.withLock { $0.append(line) }
    }

    /// A logger at trace level that records into a new store.
    static func logger(label: String = "test") -> (Logger, Store) {
        let store = Store()
        let logger = Logger(label: label) { _ in RecordingLogHandler(store: store) }
        return (logger, store)
    }
}

/// A transport that answers from a script and records the requests it saw.
final class ScriptedTransport: HTTPTransport, Sendable {
    struct Exchange: Sendable {
        var request: HTTPRequest
        var body: [UInt8]?
        var bodyText: String { self.body.map { String(decoding: $0, as: UTF8.self) } ?? "" }
    }

    typealias Responder = @Sendable (HTTPRequest, [UInt8]?) async throws -> (HTTPResponse, [UInt8])

    private let responder: Responder
    private let recorded = Mutex<[Exchange]>([])

    init(_ responder: @escaping Responder) {
        self.responder = responder
    }

    /// Always answers `status` with `body`.
    convenience init(status: HTTPResponse.Status, body: String, headers: HTTPFields = [:]) {
        self.init { _, _ in (HTTPResponse(status: status, headerFields: headers), Array(body.utf8)) }
    }

    var exchanges: [Exchange] { self.recorded.withLock { $0 } }
    var requestCount: Int { self.recorded.withLock { $0.count } }

    func send(_ request: HTTPRequest, body: [UInt8]?) async throws -> (HTTPResponse, [UInt8]) {
        self.recorded.withLock { $0.append(Exchange(request: request, body: body)) }
        return try await self.responder(request, body)
    }
}

/// A clock tests can move.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        self.current = Mutex(start)
    }

    var now: Date { self.current.withLock { $0 } }

    func advance(by seconds: TimeInterval) {
        self.current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    var closure: @Sendable () -> Date { { self.now } }
}

/// Parses an `application/x-www-form-urlencoded` body into key/value pairs.
func formFields(_ body: String) -> [String: String] {
    var fields: [String: String] = [:]
    for pair in body.split(separator: "&") {
        let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        let key = String(parts[0]).removingPercentEncoding ?? String(parts[0])
        let value = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
        fields[key] = value
    }
    return fields
}

/// An STS success document.
func stsSuccessXML(
    action: String,
    accessKeyID: String = "ASIASTSRETURNED00001",
    secret: String = Secrets.stsSecret,
    token: String = Secrets.stsToken,
    expiration: String = "2027-01-15T08:00:00Z",
    roleARN: String = "arn:aws:sts::111122223333:assumed-role/fleet/session"
) -> String {
    """
    <\(action)Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
      <\(action)Result>
        <Credentials>
          <AccessKeyId>\(accessKeyID)</AccessKeyId>
          <SecretAccessKey>\(secret)</SecretAccessKey>
          <SessionToken>\(token)</SessionToken>
          <Expiration>\(expiration)</Expiration>
        </Credentials>
        <AssumedRoleUser>
          <Arn>\(roleARN)</Arn>
          <AssumedRoleId>AROA3XFRBF535PLBIFPI4:session</AssumedRoleId>
        </AssumedRoleUser>
      </\(action)Result>
      <ResponseMetadata>
        <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
      </ResponseMetadata>
    </\(action)Response>
    """
}

/// An STS error document as AWS sends it.
func stsErrorXML(code: String, message: String, type: String = "Sender") -> String {
    """
    <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
      <Error>
        <Type>\(type)</Type>
        <Code>\(code)</Code>
        <Message>\(message)</Message>
      </Error>
      <RequestId>4b2b8c9f-0000-4bfd-9a28-ERRORREQUEST</RequestId>
    </ErrorResponse>
    """
}
