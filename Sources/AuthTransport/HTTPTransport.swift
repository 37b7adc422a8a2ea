public import HTTPTypes

/// A type that sends HTTP requests on behalf of this package.
///
/// swift-ecr-fleet-auth has no HTTP client of its own. Every call to AWS (ECR, STS, the instance
/// metadata service) and to Kubernetes goes through a value conforming to this protocol, which
/// the caller supplies: the `URLSessionHTTPTransport` and `AsyncHTTPClientTransport` adapters
/// that ship as separate products, your own wrapper around the client your service already uses,
/// or ``ClosureHTTPTransport`` in tests.
///
/// ### Implementing a transport
///
/// An implementation sends `request` with `body` (when non-nil) and returns the response head and
/// the whole response body. It must:
///
/// - build the URL from the request's `scheme`, `authority` and `path` exactly as given (signed
///   requests break if the path or query is re-encoded), and throw ``HTTPTransportError`` with
///   code ``HTTPTransportError/Code/invalidRequest`` when it cannot,
/// - send every header field in `request.headerFields`, in order, without adding signed headers
///   of its own,
/// - return non-2xx responses as responses, not as errors: callers classify AWS and Kubernetes
///   errors from the status and body; and return 3xx responses rather than follow them, since
///   following carries the signed headers to wherever `Location` points (a transport over a
///   client whose configuration decides this says so),
/// - bound the response body and the time the exchange takes,
/// - stop and throw `CancellationError` (or an ``HTTPTransportError`` with code
///   ``HTTPTransportError/Code/cancelled``) promptly when the calling task is cancelled.
///
/// Never log `request.headerFields` or `request.path`: they carry the `Authorization` header
/// and, in presigned URLs, the signature and session token. <doc:ImplementingATransport> walks
/// through each rule with an example.
public protocol HTTPTransport: Sendable {
    /// Sends a request and returns the response with its complete body.
    ///
    /// - Parameters:
    ///   - request: The request head: method, scheme, authority, path (with query) and header fields.
    ///   - body: The request body, or `nil` to send none.
    /// - Returns: The response head and the response body (empty when the response had none).
    /// - Throws: ``HTTPTransportError`` for transport failures (connection, timeout, body too
    ///   large), or `CancellationError` when the calling task was cancelled.
    func send(_ request: HTTPRequest, body: [UInt8]?) async throws -> (HTTPResponse, [UInt8])
}
