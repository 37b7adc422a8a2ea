// Built only with the package trait `AsyncHTTPClient`; without it this module is empty.
#if AsyncHTTPClient
public import AsyncHTTPClient
public import AuthTransport
public import HTTPTypes
import NIOCore
import NIOHTTP1

/// An `HTTPTransport` that sends requests with AsyncHTTPClient's `HTTPClient`.
///
/// Available when the package trait `AsyncHTTPClient` is enabled:
///
/// ```swift
/// .package(url: "https://github.com/…/swift-ecr-fleet-auth", from: "1.0.0", traits: ["AsyncHTTPClient"])
/// ```
///
/// ```swift
/// let transport = AsyncHTTPClientTransport(client: .shared, configuration: .init(timeout: .seconds(10)))
/// let (response, body) = try await transport.send(request, body: Array(#"{}"#.utf8))
/// ```
///
/// What it guarantees:
///
/// - The request-target is the request's path and query exactly as given; a request that cannot
///   be sent that way fails with `HTTPTransportError.Code.invalidRequest`.
/// - Every header field is sent, in order, each as its own field line. AsyncHTTPClient adds
///   `Host` (from the authority) when the request has none, and `Content-Length` or
///   `Transfer-Encoding` for the body.
/// - Responses of every status are returned as responses. Whether redirects are followed is the
///   client's choice (`HTTPClient.Configuration.redirectConfiguration`): the shared client
///   follows them, removing `Authorization` and `Cookie` when the redirect leaves the origin but
///   keeping every other field, `X-Amz-Security-Token` included. For signed requests, prefer a
///   client configured with `.disallow`, which returns 3xx responses as the other transports do.
/// - The whole exchange, from sending the request to the last byte of the body, must finish
///   within ``Configuration-swift.struct/timeout``, or the call throws
///   `HTTPTransportError.Code.timedOut`.
/// - A body larger than ``Configuration-swift.struct/maximumResponseBodySize`` is abandoned as
///   soon as its `Content-Length` or its running size says so, and the call throws
///   `HTTPTransportError.Code.responseTooLarge`.
/// - Cancelling the calling task cancels the request and the call throws `CancellationError`.
public struct AsyncHTTPClientTransport: HTTPTransport {
    /// The client that sends the requests. The transport never shuts it down.
    public let client: HTTPClient

    /// The timeout and body size cap.
    public var configuration: Configuration

    /// Creates a transport over `client`.
    ///
    /// - Parameters:
    ///   - client: The client to send with; `HTTPClient.shared` unless given. You keep the
    ///     responsibility of shutting down a client you created.
    ///   - configuration: The timeout and body size cap; a 30-second timeout and a 10 MiB cap
    ///     unless given.
    public init(client: HTTPClient = .shared, configuration: Configuration = .init()) {
        self.client = client
        self.configuration = configuration
    }

    /// Sends `request` with `body` and returns the response with its whole body.
    ///
    /// - Parameters:
    ///   - request: The request head. Its scheme must be `http` or `https`, and its authority and
    ///     path must be present.
    ///   - body: The request body, or `nil` for none.
    /// - Returns: The response head and body. Non-2xx responses are returned, not thrown.
    /// - Throws: `HTTPTransportError` with code `invalidRequest`,
    ///   `connectionFailed`, `timedOut`, `responseTooLarge`, `invalidResponse` or `cancelled`;
    ///   `CancellationError` when the calling task is cancelled.
    public func send(_ request: HTTPRequest, body: [UInt8]?) async throws -> (HTTPResponse, [UInt8]) {
        let clientRequest = try HTTPClientRequest(exactly: request, body: body)
        try Task.checkCancellation()
        let timeout = ExchangeTimeout(self.configuration.timeout)
        let limit = max(0, self.configuration.maximumResponseBodySize)
        let client = self.client
        let expectsBody = request.method != .head
        do {
            return try await withTimeout(timeout) {
                try await Self.exchange(clientRequest, on: client, timeout: timeout, limit: limit, expectsBody: expectsBody)
            }
        } catch let error as HTTPTransportError {
            throw error
        } catch let error as CancellationError {
            throw error
        } catch {
            throw HTTPTransportError(asyncHTTPClientError: error)
        }
    }

    private static func exchange(
        _ request: HTTPClientRequest,
        on client: HTTPClient,
        timeout: ExchangeTimeout,
        limit: Int,
        expectsBody: Bool
    ) async throws -> (HTTPResponse, [UInt8]) {
        // AsyncHTTPClient's own deadline covers the response head only; `withTimeout` covers the
        // body.
        let response = try await client.execute(request, deadline: .now() + timeout.headDeadline)
        guard (100...999).contains(response.status.code) else {
            throw HTTPTransportError(
                code: .invalidResponse,
                reason: "the response status \(response.status.code) is not a three-digit code"
            )
        }
        let head = HTTPResponse(status: .init(code: Int(response.status.code)), headerFields: HTTPFields(response.headers))

        let declaredLength = expectsBody ? Self.declaredBodyLength(of: response) : nil
        if let declaredLength, declaredLength > limit {
            throw HTTPTransportError(
                code: .responseTooLarge,
                reason: "the response declares \(declaredLength) body bytes; the limit is \(limit)"
            )
        }
        var body: [UInt8] = []
        if let declaredLength, declaredLength > 0 {
            body.reserveCapacity(declaredLength)
        }
        for try await chunk in response.body {
            guard chunk.readableBytes <= limit - body.count else {
                throw HTTPTransportError(
                    code: .responseTooLarge,
                    reason: "the response body grew past the limit of \(limit) bytes"
                )
            }
            body.append(contentsOf: chunk.readableBytesView)
        }
        return (head, body)
    }

    /// The body length `response` announces, when the bytes on the wire are the body's bytes.
    private static func declaredBodyLength(of response: HTTPClientResponse) -> Int? {
        let code = response.status.code
        guard code >= 200, code != 204, code != 304 else { return nil }
        let codings = response.headers["Content-Encoding"]
        guard codings.allSatisfy({ $0.lowercased() == "identity" }) else { return nil }
        let lengths = response.headers["Content-Length"]
        guard lengths.count == 1, let length = Int(lengths[0]), length >= 0 else { return nil }
        return length
    }
}

extension HTTPClientRequest {
    /// A request for AsyncHTTPClient that sends `request` exactly: same URL bytes, same method,
    /// every header field in order.
    init(exactly request: HTTPRequest, body: [UInt8]?) throws(HTTPTransportError) {
        let urlString = try request.exactURLString()
        self.init(url: urlString)
        self.method = HTTPMethod(rawValue: request.method.rawValue)
        var headers = HTTPHeaders()
        headers.reserveCapacity(request.headerFields.count)
        for field in request.headerFields {
            headers.add(name: field.name.rawName, value: field.value)
        }
        self.headers = headers
        if let body {
            self.body = .bytes(body)
        }
    }
}

extension HTTPFields {
    /// The fields of `headers`, in order; fields whose name is not a valid token are left out.
    fileprivate init(_ headers: HTTPHeaders) {
        self.init()
        self.reserveCapacity(headers.count)
        for (name, value) in headers {
            if let name = HTTPField.Name(name) {
                self.append(HTTPField(name: name, value: value))
            }
        }
    }
}
#endif
