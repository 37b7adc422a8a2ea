public import HTTPTypes

/// An ``HTTPTransport`` that answers every request with a closure: the test double for code that
/// takes a transport.
///
/// ```swift
/// let transport = ClosureHTTPTransport { request, body in
///     #expect(request.method == .post)
///     return (HTTPResponse(status: .ok), Array(#"{"ok":true}"#.utf8))
/// }
/// ```
///
/// The closure runs on the caller's task, so cancellation and `Task.sleep` inside it behave as
/// they would in a real transport.
public struct ClosureHTTPTransport: HTTPTransport {
    /// The closure that produces a response for each request.
    public typealias Handler = @Sendable (HTTPRequest, [UInt8]?) async throws -> (HTTPResponse, [UInt8])

    private let handler: Handler

    /// Creates a transport that calls `handler` for every request.
    ///
    /// - Parameter handler: Receives the request head and body and returns the response head and
    ///   body, or throws to simulate a transport failure.
    public init(_ handler: @escaping Handler) {
        self.handler = handler
    }

    /// Creates a transport that answers every request with the same response.
    ///
    /// - Parameters:
    ///   - status: The response status.
    ///   - headerFields: The response header fields.
    ///   - body: The response body.
    /// - Returns: A transport that ignores the request and returns the given response.
    public static func responding(
        status: HTTPResponse.Status,
        headerFields: HTTPFields = [:],
        body: [UInt8] = []
    ) -> ClosureHTTPTransport {
        ClosureHTTPTransport { _, _ in
            (HTTPResponse(status: status, headerFields: headerFields), body)
        }
    }

    /// Sends `request` by calling the handler.
    ///
    /// - Parameters:
    ///   - request: The request head.
    ///   - body: The request body, if any.
    /// - Returns: Whatever the handler returns.
    /// - Throws: Whatever the handler throws.
    public func send(_ request: HTTPRequest, body: [UInt8]?) async throws -> (HTTPResponse, [UInt8]) {
        try await self.handler(request, body)
    }
}
