import AWSCredentialProviders
import AWSSigV4
import AuthTransport
import ECRAuth
import Foundation
import HTTPTypes
import Logging
import OCIReference
import Synchronization

/// Secrets used across the tests: each must never appear in any printed form, error or log line.
enum Secrets {
    static let secretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYECRSECRETKEY1"
    static let sessionToken = "FwoGZXIvYXdzEJr//////////wEaDECRSESSIONTOKEN+/=="
    /// An ECR password looks like base64 of a JSON document; this one is recognisable.
    static let password = "eyJwYXlsb2FkIjoiRUNSUEFTU1dPUkRTRUNSRVQiLCJ2ZXJzaW9uIjoiMiJ9"
    static let webIdentityToken = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6ZWNy.ECRWEBIDENTITYSIG"

    /// The encoded token ECR would send for ``password``: base64 of `AWS:<password>`.
    static var encodedToken: String { base64("AWS:\(password)") }

    static let all = [secretKey, sessionToken, password, webIdentityToken, encodedToken]

    /// Every secret found in `text`.
    static func leaked(in text: String) -> [String] {
        all.filter { text.contains($0) }
    }
}

func base64(_ text: String) -> String {
    Data(text.utf8).base64EncodedString()
}

/// The credentials the unit tests sign with.
let testCredentials = AWSCredentials(
    accessKeyID: "AKIAECRTESTKEY000001", secretAccessKey: Secrets.secretKey, sessionToken: Secrets.sessionToken)

/// A fixed point in time for tests: 2027-01-15T08:00:00Z.
let referenceDate = Date(timeIntervalSince1970: 1_800_000_000)

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

/// A clock tests can move.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = referenceDate) {
        self.current = Mutex(start)
    }

    var now: Date { self.current.withLock { $0 } }

    func advance(by seconds: TimeInterval) {
        self.current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    func set(_ date: Date) {
        self.current.withLock { $0 = date }
    }

    var closure: @Sendable () -> Date { { self.now } }
}

/// Records the waits the client asks for and returns at once (or, when `blocks`, waits until
/// the task is cancelled, as `Task.sleep` does).
final class SleepRecorder: Sendable {
    private let recorded = Mutex<[Duration]>([])
    private let blocks: Bool

    init(blocks: Bool = false) {
        self.blocks = blocks
    }

    var delays: [Duration] { self.recorded.withLock { $0 } }
    var seconds: [Double] {
        self.delays.map { Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 }
    }

    var closure: @Sendable (Duration) async throws -> Void {
        { delay in
            self.recorded.withLock { $0.append(delay) }
            if self.blocks {
                try await Task.sleep(for: .seconds(3600))
            }
            try Task.checkCancellation()
        }
    }
}

/// A transport that answers from a script and records the requests it saw.
final class ScriptedTransport: HTTPTransport, Sendable {
    struct Exchange: Sendable {
        var request: HTTPRequest
        var body: [UInt8]?
    }

    typealias Responder = @Sendable (_ index: Int, _ request: HTTPRequest) async throws -> (HTTPResponse, [UInt8])

    private let responder: Responder
    private let recorded = Mutex<[Exchange]>([])

    init(_ responder: @escaping Responder) {
        self.responder = responder
    }

    /// Answers the n-th request with the n-th response; the last one repeats.
    convenience init(_ responses: [(HTTPResponse, String)]) {
        self.init { index, _ in
            let (response, body) = responses[min(index, responses.count - 1)]
            return (response, Array(body.utf8))
        }
    }

    var exchanges: [Exchange] { self.recorded.withLock { $0 } }
    var requestCount: Int { self.recorded.withLock { $0.count } }

    func send(_ request: HTTPRequest, body: [UInt8]?) async throws -> (HTTPResponse, [UInt8]) {
        let index = self.recorded.withLock { exchanges -> Int in
            exchanges.append(Exchange(request: request, body: body))
            return exchanges.count - 1
        }
        return try await self.responder(index, request)
    }
}

/// ECR response documents.
enum ECRResponses {
    static let proxyEndpoint = "https://123456789012.dkr.ecr.eu-central-1.amazonaws.com"

    static func success(
        token: String = Secrets.encodedToken,
        expiresAt: String = "1800043200",
        proxyEndpoint: String? = ECRResponses.proxyEndpoint
    ) -> String {
        let proxy = proxyEndpoint.map { #", "proxyEndpoint": "\#($0)""# } ?? ""
        return #"{"authorizationData": [{"authorizationToken": "\#(token)", "expiresAt": \#(expiresAt)\#(proxy)}]}"#
    }

    static func publicSuccess(token: String = Secrets.encodedToken, expiresAt: String = "1800043200") -> String {
        #"{"authorizationData": {"authorizationToken": "\#(token)", "expiresAt": \#(expiresAt)}}"#
    }

    static func ok(_ body: String = ECRResponses.success(), date: Date? = nil) -> (HTTPResponse, String) {
        var fields: HTTPFields = [.contentType: "application/x-amz-json-1.1"]
        fields[HTTPField.Name("x-amzn-RequestId")!] = "11111111-2222-3333-4444-555555555555"
        if let date { fields[.date] = httpDate(date) }
        return (HTTPResponse(status: .ok, headerFields: fields), body)
    }

    static func error(
        status: Int,
        type: String,
        message: String = "something went wrong",
        header: String? = nil,
        date: Date? = nil
    ) -> (HTTPResponse, String) {
        var fields: HTTPFields = [.contentType: "application/x-amz-json-1.1"]
        fields[HTTPField.Name("x-amzn-RequestId")!] = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
        if let header { fields[HTTPField.Name("X-Amzn-ErrorType")!] = header }
        if let date { fields[.date] = httpDate(date) }
        let body = #"{"__type": "\#(type)", "message": "\#(message)"}"#
        return (HTTPResponse(status: HTTPResponse.Status(code: status), headerFields: fields), body)
    }
}

/// One formatter for every test: creating one costs far more than formatting with it.
private let imfFixdateFormatter: Mutex<DateFormatter> = {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "GMT")
    formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
    return Mutex(formatter)
}()

/// An IMF-fixdate, as servers send in `Date` (Foundation's formatter: the oracle for `HTTPDate`).
func httpDate(_ date: Date) -> String {
    imfFixdateFormatter.withLock { $0.string(from: date) }
}

/// A credentials provider that counts calls and invalidations and can hand out a sequence of
/// credentials (the next one after each `invalidate()`).
final class CountingCredentialsProvider: AWSCredentialsProvider {
    private let sequence: [AWSCredentials]
    private let state = Mutex<(calls: Int, invalidations: Int, index: Int)>((0, 0, 0))

    init(_ sequence: [AWSCredentials] = [testCredentials]) {
        self.sequence = sequence
    }

    var identity: AWSCredentialsIdentity { AWSCredentialsIdentity(source: "test", principal: "arn:aws:iam::123456789012:role/ecr") }
    var calls: Int { self.state.withLock { $0.calls } }
    var invalidations: Int { self.state.withLock { $0.invalidations } }

    func credentials(logger: Logger?) async throws -> AWSCredentials {
        self.state.withLock { state in
            state.calls += 1
            return self.sequence[min(state.index, self.sequence.count - 1)]
        }
    }

    func invalidate() async {
        self.state.withLock { state in
            state.invalidations += 1
            state.index += 1
        }
    }
}

/// A client over `transport` with a test clock, fixed jitter and recorded sleeps.
func makeClient(
    transport: some HTTPTransport,
    credentials: some AWSCredentialsProvider = StaticCredentialsProvider(testCredentials),
    region: String = "eu-central-1",
    endpoint: URL? = nil,
    clock: TestClock = TestClock(),
    random: Double = 0.5,
    sleep: SleepRecorder = SleepRecorder(),
    configure: (inout ECRClient.Configuration) -> Void = { _ in }
) -> ECRClient {
    var configuration = ECRClient.Configuration(now: clock.closure, random: { random }, sleep: sleep.closure)
    configure(&configuration)
    return ECRClient(transport: transport, credentials: credentials, region: region, endpoint: endpoint, configuration: configuration)
}

let privateRegistry = ECRRegistry("123456789012.dkr.ecr.eu-central-1.amazonaws.com")!

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
