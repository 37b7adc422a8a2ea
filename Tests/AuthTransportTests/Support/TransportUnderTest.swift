import AuthTransport
import AuthTransportURLSession
import Testing

#if AsyncHTTPClient
import AsyncHTTPClient
import AuthTransportAsyncHTTPClient
#endif

/// One adapter, as the shared transport tests see it.
struct TransportUnderTest: Sendable, CustomTestStringConvertible {
    var name: String
    /// Whether repeated header fields reach the server as one combined field (Foundation keeps
    /// header fields in a dictionary) rather than as separate fields in order.
    var combinesRepeatedFields: Bool
    /// Whether the field order of the request reaches the server unchanged.
    var keepsFieldOrder: Bool
    /// Whether a path with `.` or `..` segments is sent as it is (rather than refused).
    var sendsDotSegments: Bool
    /// Whether every malformed response is reported as `invalidResponse`; libcurl (under
    /// URLSession on Linux) reports some parse failures without a code Foundation can map, which
    /// the transport reports as `connectionFailed`.
    var classifiesEveryMalformedResponse: Bool
    private var factory: @Sendable (Duration, Int) -> any HTTPTransport

    var testDescription: String { self.name }

    /// A fresh transport with the given timeout and body size cap.
    func make(timeout: Duration = .seconds(10), maximumResponseBodySize: Int = 10 * 1024 * 1024) -> any HTTPTransport {
        self.factory(timeout, maximumResponseBodySize)
    }

    static let urlSession = TransportUnderTest(
        name: "URLSessionHTTPTransport",
        combinesRepeatedFields: true,
        keepsFieldOrder: false,
        sendsDotSegments: !isLinuxFoundation,
        classifiesEveryMalformedResponse: !isLinuxFoundation,
        factory: { timeout, limit in
            URLSessionHTTPTransport(configuration: .init(timeout: timeout, maximumResponseBodySize: limit))
        }
    )

    #if AsyncHTTPClient
    static let asyncHTTPClient = TransportUnderTest(
        name: "AsyncHTTPClientTransport",
        combinesRepeatedFields: false,
        keepsFieldOrder: true,
        sendsDotSegments: true,
        classifiesEveryMalformedResponse: true,
        factory: { timeout, limit in
            AsyncHTTPClientTransport(
                client: TestHTTPClients.noRedirects,
                configuration: .init(timeout: timeout, maximumResponseBodySize: limit)
            )
        }
    )
    #endif

    /// Every adapter this build contains.
    static var all: [TransportUnderTest] {
        #if AsyncHTTPClient
        [.urlSession, .asyncHTTPClient]
        #else
        [.urlSession]
        #endif
    }
}

/// Whether Foundation is swift-corelibs-foundation, whose URLSession sends through libcurl.
#if canImport(FoundationNetworking)
let isLinuxFoundation = true
#else
let isLinuxFoundation = false
#endif

#if AsyncHTTPClient
/// Clients that live as long as the test process (like `HTTPClient.shared`), so they are never
/// shut down.
enum TestHTTPClients {
    /// Returns 3xx responses instead of following them, as the shared transport tests expect,
    /// and allows enough connections per host for every test of the suite at once (the
    /// default of 8 would queue requests behind the slow endpoints and eat their timeouts).
    static let noRedirects: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 128
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()
}
#endif
