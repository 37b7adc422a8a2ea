public import AuthTransport
public import HTTPTypes

#if canImport(FoundationNetworking)
import FoundationNetworking
#else
import Foundation
#endif

/// An `HTTPTransport` that sends requests with Foundation's `URLSession`
/// (FoundationNetworking on Linux).
///
/// ```swift
/// let transport = URLSessionHTTPTransport(
///     configuration: .init(timeout: .seconds(10), maximumResponseBodySize: 1 << 20)
/// )
/// let (response, body) = try await transport.send(request, body: Array(#"{}"#.utf8))
/// ```
///
/// The transport creates one `URLSession` when it is created and owns it: copies of the transport
/// share it, and it is invalidated when the last copy goes away. The session's delegate belongs
/// to the transport, which is how it streams response bodies against the size cap, refuses
/// redirects and turns authentication challenges into responses on every platform.
///
/// What it guarantees, on Linux and on Apple platforms:
///
/// - The URL is `scheme://authority` followed by the request's path and query exactly as given;
///   a request that cannot be sent that way fails with
///   `HTTPTransportError.Code.invalidRequest` instead of being re-encoded.
/// - Every header field is sent. Foundation keeps header fields in a dictionary, so fields with
///   the same name are combined into one, values in order, separated by `, ` (`; ` for
///   `Cookie`), and Foundation decides the order of fields with different names.
/// - Responses of every status are returned as responses, including 3xx (redirects are never
///   followed, so signed headers never travel to another host) and 401.
/// - The whole exchange, from sending the request to the last byte of the body, must finish
///   within ``Configuration-swift.struct/timeout``, or the call throws
///   `HTTPTransportError.Code.timedOut`.
/// - A body larger than ``Configuration-swift.struct/maximumResponseBodySize`` is abandoned as
///   soon as its `Content-Length` or its running size says so, and the call throws
///   `HTTPTransportError.Code.responseTooLarge`.
/// - Cancelling the calling task cancels the `URLSessionTask` and the call throws
///   `CancellationError` at once.
///
/// Foundation adds header fields of its own that the request did not carry (`User-Agent`,
/// `Accept`, `Accept-Encoding`, `Accept-Language`, `Connection`; on Linux also `Content-Type:
/// application/x-www-form-urlencoded` on a `POST` with a body and no `Content-Type`). AWS
/// accepts such unsigned fields; sign `Content-Type` yourself if the service needs it. Foundation
/// on Linux removes `.` and `..` segments from the path before sending it (libcurl does), which
/// matters only to services that sign paths without normalizing them (S3).
public struct URLSessionHTTPTransport: HTTPTransport {
    /// The timeout, body size cap and session this transport was created with.
    public let configuration: Configuration

    private let owner: URLSessionOwner

    /// Creates a transport and the `URLSession` it owns.
    ///
    /// - Parameter configuration: The timeout, body size cap and session configuration; the
    ///   defaults are a 30-second timeout, a 10 MiB cap and an ephemeral session.
    public init(configuration: Configuration = .init()) {
        self.configuration = configuration
        self.owner = URLSessionOwner(configuration: configuration.session.makeSessionConfiguration())
    }

    /// Sends `request` with `body` and returns the response with its whole body.
    ///
    /// - Parameters:
    ///   - request: The request head. Its scheme must be `http` or `https`, and its authority and
    ///     path must be present.
    ///   - body: The request body, or `nil` for none. `GET` and `HEAD` requests cannot carry a
    ///     non-empty body through `URLSession`.
    /// - Returns: The response head and body. Non-2xx responses are returned, not thrown.
    /// - Throws: `HTTPTransportError` with code `invalidRequest`,
    ///   `connectionFailed`, `timedOut`, `responseTooLarge`, `invalidResponse` or `cancelled`;
    ///   `CancellationError` when the calling task is cancelled.
    public func send(_ request: HTTPRequest, body: [UInt8]?) async throws -> (HTTPResponse, [UInt8]) {
        let timeout = ExchangeTimeout(self.configuration.timeout)
        let urlRequest = try URLRequest(exactly: request, body: body, timeout: timeout)
        try Task.checkCancellation()
        let exchange = URLSessionExchange(
            maximumBodySize: self.configuration.maximumResponseBodySize,
            expectsBody: request.method != .head
        )
        let owner = self.owner
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                exchange.start(urlRequest, in: owner, timeout: timeout, continuation: continuation)
            }
        } onCancel: {
            exchange.cancel()
        }
        // The outcome was made on the session's delegate queue; read it under the exchange's
        // lock rather than carrying it through the continuation, so the hand-over is visible
        // to ThreadSanitizer (it does not see a continuation resumed from a Dispatch thread).
        return try exchange.takeOutcome().get()
    }
}
