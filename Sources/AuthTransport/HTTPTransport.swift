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
///   requests break if the path or query is re-encoded),
/// - send every header field in `request.headerFields`, in order, without adding signed headers
///   of its own,
/// - stop and throw `CancellationError` (or an ``HTTPTransportError`` with code
///   ``HTTPTransportError/Code/cancelled``) promptly when the calling task is cancelled,
/// - return non-2xx responses as responses, not as errors: callers classify AWS and Kubernetes
///   errors from the status and body.
///
/// ```swift
/// struct LoggingTransport<Base: HTTPTransport>: HTTPTransport {
///     var base: Base
///     func send(_ request: HTTPRequest, body: [UInt8]?) async throws -> (HTTPResponse, [UInt8]) {
///         // Never log `request.headerFields`: it carries the Authorization header.
///         let (response, responseBody) = try await base.send(request, body: body)
///         print(request.method, request.path ?? "", response.status.code)
///         return (response, responseBody)
///     }
/// }
/// ```
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
