import AuthTransport
import ECRFleetAuth
import Foundation
import HTTPTypes
import Logging
import Synchronization

/// Secrets used across the tests: none may appear in any printed form, log line or error.
enum Secrets {
    static let bearerToken = "eyJhbGciOiJSUzI1NiJ9.BEARER-TOKEN-PAYLOAD.SIGNATURE-abc123"
    static let rotatedToken = "eyJhbGciOiJSUzI1NiJ9.ROTATED-TOKEN-PAYLOAD.SIGNATURE-def456"
    static let password = "ECR-PASSWORD-eyJwYXlsb2FkIjoiU0VDUkVUIn0"
    static let dockerConfig = #"{"auths":{"123456789012.dkr.ecr.eu-central-1.amazonaws.com":{"auth":"QVdTOkVDUi1TRUNSRVQ="}}}"#
    static let clientKeyMarker = "CLIENT-KEY-MATERIAL-0123456789"

    static let all = [bearerToken, rotatedToken, password, dockerConfig, clientKeyMarker]
        + [password, dockerConfig].map { Data($0.utf8).base64EncodedString() }

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

/// A transport that answers from a closure and records the requests it saw.
final class ScriptedTransport: HTTPTransport, Sendable {
    struct Exchange: Sendable {
        var request: HTTPRequest
        var body: [UInt8]?
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

/// A file system whose files tests can change between calls (a rotating token).
final class MutableFileSystem: AWSFileSystem, Sendable {
    private let files: Mutex<[String: [UInt8]]>
    private let readCounts = Mutex<[String: Int]>([:])

    init(_ files: [String: String] = [:]) {
        self.files = Mutex(files.mapValues { Array($0.utf8) })
    }

    func set(_ path: String, _ contents: String?) {
        self.files.withLock { $0[path] = contents.map { Array($0.utf8) } }
    }

    func reads(of path: String) -> Int {
        self.readCounts.withLock { $0[path] ?? 0 }
    }

    func contents(atPath path: String, limit: Int) throws -> [UInt8]? {
        self.readCounts.withLock { $0[path, default: 0] += 1 }
        guard let bytes = self.files.withLock({ $0[path] }) else { return nil }
        guard bytes.count <= limit else {
            throw AWSCredentialsError(code: .fileUnreadable, reason: "\(path) is larger than \(limit) bytes")
        }
        return bytes
    }
}

/// A JSON Secret as the API server sends it.
func secretJSON(
    name: String = "ecr-credentials",
    namespace: String = "fleet-default",
    resourceVersion: String = "1001",
    data: [String: String] = ["password": Secrets.password],
    extraMetadata: String = "",
    type: String = "Opaque"
) -> String {
    let encoded = data.map { #""\#($0.key)":"\#(Data($0.value.utf8).base64EncodedString())""# }.joined(separator: ",")
    return #"{"kind":"Secret","apiVersion":"v1","metadata":{"name":"\#(name)","namespace":"\#(namespace)","resourceVersion":"\#(resourceVersion)","uid":"6a4529dc-8d74-4a1b-8e7e-077010f41bc2"\#(extraMetadata)},"type":"\#(type)","data":{\#(encoded)}}"#
}

extension Array where Element == UInt8 {
    var utf8String: String { String(decoding: self, as: UTF8.self) }
}

extension String {
    var bytes: [UInt8] { Array(self.utf8) }
}
