import AuthTransport
import HTTPTypes
import HTTPTypesFoundation

import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension URLRequest {
    /// A request for `URLSession` that sends `request` exactly: same URL bytes, same method,
    /// every header field.
    ///
    /// - Throws: ``HTTPTransportError`` with code `invalidRequest` when the request has no
    ///   usable scheme, authority or path, when Foundation would change its URL, or when it is a
    ///   `GET` or `HEAD` with a non-empty body (which `URLSession` cannot send), or, on Linux, when
    ///   its path has a `.` or `..` segment (which libcurl removes before sending).
    init(exactly request: HTTPRequest, body: [UInt8]?, timeout: ExchangeTimeout) throws(HTTPTransportError) {
        let urlString = try request.exactURLString()
        #if canImport(FoundationNetworking)
        if let path = request.path, Self.hasDotSegment(path) {
            throw HTTPTransportError(
                code: .invalidRequest,
                reason: "the path has a '.' or '..' segment, which FoundationNetworking (libcurl) would remove"
            )
        }
        #endif
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

    /// Whether the path (before any query) has a segment that is exactly `.` or `..`.
    static func hasDotSegment(_ pathAndQuery: String) -> Bool {
        let path = pathAndQuery.utf8.prefix { $0 != UInt8(ascii: "?") }
        return path.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).contains { segment in
            segment.elementsEqual(".".utf8) || segment.elementsEqual("..".utf8)
        }
    }
}
