import AuthTransport
import HTTPTypes
import HTTPTypesFoundation

#if canImport(FoundationNetworking)
import Foundation
import FoundationNetworking
#else
import Foundation
#endif

extension URLRequest {
    /// A request for `URLSession` that sends `request` exactly: same URL bytes, same method,
    /// every header field.
    ///
    /// - Throws: ``HTTPTransportError`` with code `invalidRequest` when the request has no
    ///   usable scheme, authority or path, when Foundation would change its URL, or when it is a
    ///   `GET` or `HEAD` with a non-empty body (which `URLSession` cannot send).
    init(exactly request: HTTPRequest, body: [UInt8]?, timeout: ExchangeTimeout) throws(HTTPTransportError) {
        let urlString = try request.exactURLString()
        let hasBody = !(body ?? []).isEmpty
        if hasBody, request.method == .get || request.method == .head {
            throw HTTPTransportError(
                code: .invalidRequest,
                reason: "URLSession cannot send a body with a \(request.method.rawValue) request"
            )
        }
        // HTTPTypesFoundation builds the URL from the same three pseudo-header fields and
        // combines repeated header fields the way Foundation needs them.
        guard var urlRequest = URLRequest(httpRequest: request), urlRequest.url?.absoluteString == urlString else {
            throw HTTPTransportError(
                code: .invalidRequest,
                reason: "Foundation cannot represent the request's URL without changing it"
            )
        }
        if let body, hasBody || (request.method != .get && request.method != .head) {
            urlRequest.httpBody = Data(body)
        }
        urlRequest.timeoutInterval = timeout.foundationBackstop
        urlRequest.cachePolicy = .reloadIgnoringLocalCacheData
        urlRequest.httpShouldHandleCookies = false
        self = urlRequest
    }
}
