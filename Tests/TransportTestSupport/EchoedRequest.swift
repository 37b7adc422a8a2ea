import Foundation

/// A request as the loopback server's `/echo` endpoint received it.
public struct EchoedRequest: Sendable, Decodable {
    /// The method, as sent.
    public var method: String
    /// The request-target, byte for byte as received (path and query, nothing decoded).
    public var target: String
    /// The header fields in the order received, names as sent.
    public var headers: [[String]]
    /// The body, base64-encoded.
    public var base64Body: String

    private enum CodingKeys: String, CodingKey {
        case method, target, headers
        case base64Body = "body"
    }

    /// Decodes the JSON body of an `/echo` response.
    ///
    /// - Parameter body: The response body.
    /// - Throws: `DecodingError` when the body is not the server's echo JSON.
    public init(from body: [UInt8]) throws {
        self = try JSONDecoder().decode(EchoedRequest.self, from: Data(body))
    }

    /// The body as bytes, or `nil` if it is not valid base64.
    public var body: [UInt8]? {
        Data(base64Encoded: self.base64Body).map { Array($0) }
    }

    /// The values of the fields named `name` (compared case-insensitively), in order.
    ///
    /// - Parameter name: The field name.
    /// - Returns: Every value received under that name.
    public func values(of name: String) -> [String] {
        self.headers.compactMap { pair in
            pair.count == 2 && pair[0].lowercased() == name.lowercased() ? pair[1] : nil
        }
    }

    /// The field names in the order received, lowercased.
    public var fieldNames: [String] {
        self.headers.compactMap { $0.first?.lowercased() }
    }
}
