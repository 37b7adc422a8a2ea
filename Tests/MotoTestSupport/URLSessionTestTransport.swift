public import AuthTransport
import Foundation
public import HTTPTypes
import HTTPTypesFoundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A minimal ``AuthTransport/HTTPTransport`` over Foundation's `URLSession` for the integration
/// tests against moto. (The package's `URLSessionHTTPTransport` adapter replaces it once merged.)
public struct URLSessionTestTransport: HTTPTransport {
    private let session: SessionBox

    /// Creates a transport with an ephemeral session.
    public init() {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 30
        self.session = SessionBox(URLSession(configuration: configuration))
    }

    /// Sends the request and returns the response with its body.
    public func send(_ request: HTTPRequest, body: [UInt8]?) async throws -> (HTTPResponse, [UInt8]) {
        guard var urlRequest = URLRequest(httpRequest: request) else {
            throw HTTPTransportError(code: .invalidRequest, reason: "the request cannot be expressed as a URL")
        }
        if let body { urlRequest.httpBody = Data(body) }
        do {
            let (data, urlResponse) = try await self.session.session.data(for: urlRequest)
            guard let response = (urlResponse as? HTTPURLResponse)?.httpResponse else {
                throw HTTPTransportError(code: .invalidResponse, reason: "not an HTTP response")
            }
            return (response, Array(data))
        } catch let error as HTTPTransportError {
            throw error
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw HTTPTransportError(code: .connectionFailed, reason: "\(type(of: error))")
        }
    }
}

private final class SessionBox: @unchecked Sendable {
    let session: URLSession
    init(_ session: URLSession) { self.session = session }
    deinit { self.session.finishTasksAndInvalidate() }
}
