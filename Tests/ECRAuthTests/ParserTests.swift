import Foundation
import Testing

@testable import ECRAuth
import TestTimeLimits

/// The bounded JSON parser, base64 and HTTP dates: exact on valid input, typed errors and
/// linear time on hostile input.
struct ParserTests {
    // MARK: JSON

    @Test func parsesEveryKindOfValue() throws {
        let text = #" {"a": [1, -0.5, 2E3, true, false, null], "b": {"c": "x\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"}, "a2": "\u0041"} "#
        let value = try BoundedJSONParser.parse(Array(text.utf8))
        #expect(value["a"] == .array([.number("1"), .number("-0.5"), .number("2E3"), .bool(true), .bool(false), .null]))
        #expect(value["b"]?["c"] == .string("x\"\\/\u{8}\u{C}\n\r\té😀"))
        #expect(value["a2"] == .string("A"))
    }

    @Test func matchesFoundationOnValidDocuments() throws {
        let documents = [
            #"{"authorizationData":[{"authorizationToken":"QVdTOng=","expiresAt":1.7385984915E9,"proxyEndpoint":"https://x"}]}"#,
            #"{"__type":"com.amazonaws.ecr#ServerException","message":"Internal failure \u00fc"}"#,
            #"[{"a":{"b":[[],{}]}}, "ü", 0, 1e-7]"#,
        ]
        for document in documents {
            let ours = try BoundedJSONParser.parse(Array(document.utf8))
            let foundation = try JSONSerialization.jsonObject(with: Data(document.utf8), options: [.fragmentsAllowed])
            #expect(Self.normalize(ours) == Self.normalize(foundation), "\(document)")
        }
    }

    /// A canonical rendering of both parsers' results, numbers as doubles.
    private static func normalize(_ value: Any) -> String {
        switch value {
        case let json as JSONValue:
            switch json {
            case .object(let members): return "{" + members.keys.sorted().map { "\($0):" + normalize(members[$0]!) }.joined(separator: ",") + "}"
            case .array(let elements): return "[" + elements.map { normalize($0) }.joined(separator: ",") + "]"
            case .string(let text): return "s" + text
            case .number(let text): return "n\(Double(text)!)"
            case .bool(let flag): return "b\(flag)"
            case .null: return "null"
            }
        case let dictionary as [String: Any]:
            return "{" + dictionary.keys.sorted().map { "\($0):" + normalize(dictionary[$0]!) }.joined(separator: ",") + "}"
        case let array as [Any]:
            return "[" + array.map { normalize($0) }.joined(separator: ",") + "]"
        case let text as String:
            return "s" + text
        case let number as NSNumber:
            return "n\(number.doubleValue)"
        case is NSNull:
            return "null"
        default:
            return "?\(value)"
        }
    }

    @Test(arguments: [
        "", " ", "{", "}", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "[01]", "[1.]", "[.5]", "[1e]", "[-]", "[+1]",
        "\"\u{01}\"", "\"\\x\"", "\"\\u12\"", "\"\\ud800\"", "\"\\udc00x\"", "\"abc", "tru", "nul", "[1] [2]", "'a'",
        "[\"\\ud83d\\u0041\"]",
    ])
    func refusesInvalidDocuments(text: String) {
        #expect(throws: JSONParseError.self) { try BoundedJSONParser.parse(Array(text.utf8)) }
    }

    @Test func refusesInvalidUTF8InStrings() {
        #expect(throws: JSONParseError.self) { try BoundedJSONParser.parse([0x22, 0xC3, 0x28, 0x22]) }
        #expect(throws: JSONParseError.self) { try BoundedJSONParser.parse([0x22, 0x5C, 0x6E, 0xFF, 0x22]) }
    }

    @Test func duplicateMembersKeepTheLastValueAsPythonDoes() throws {
        let value = try BoundedJSONParser.parse(Array(#"{"a": 1, "a": 2}"#.utf8))
        #expect(value["a"] == .number("2"))
    }

    @Test func deepNestingIsRefusedNotRecursedInto() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let error = try #require(throws: JSONParseError.self) { try BoundedJSONParser.parse(Array(deep.utf8)) }
        #expect(error.what.contains("nesting"))
        let allowed = String(repeating: "[", count: 32) + String(repeating: "]", count: 32)
        _ = try BoundedJSONParser.parse(Array(allowed.utf8))
    }

    /// Hostile inputs near the body limit finish quickly (a generous bound: linear work).
    @Test func hostileInputsAreLinear() throws {
        let size = GetAuthorizationTokenDecoder.maximumBodySize - 16
        let inputs = [
            "[" + String(repeating: "1,", count: size / 2 - 1) + "1]",
            "\"" + String(repeating: "\\u00e9", count: size / 6 - 1) + "\"",
            "{" + (0..<(size / 12)).map { "\"k\($0)\":0" }.joined(separator: ",") + "}",
            "[" + String(repeating: "9", count: size - 2) + "]",
        ]
        let clock = ContinuousClock()
        for input in inputs {
            let elapsed = clock.measure { _ = try? BoundedJSONParser.parse(Array(input.utf8)) }
            #expect(elapsed < TestTimeLimits.scaled(.seconds(2)), "\(input.prefix(20))… took \(elapsed)")
        }
    }

    // MARK: Base64

    @Test func base64RoundTripsEveryLength() throws {
        for length in 0..<70 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            let encoded = Base64.encode(bytes)
            #expect(encoded == Data(bytes).base64EncodedString())
            if length > 0 {
                #expect(try Base64.decode(encoded) == bytes)
            }
        }
    }

    @Test(arguments: ["QQ", "QQ=", "Q===", "QQ=A", "QQ==QQ==", "QUJD\n", "QUJ D", "QUJ-", "QUJ_"])
    func base64RefusesMalformedText(text: String) {
        #expect(throws: Base64.DecodingError.self) { try Base64.decode(text) }
    }

    @Test func base64IgnoresUnusedTrailingBitsAsGoAndPythonDo() throws {
        // "QR==" has non-zero unused bits; Go's StdEncoding and Python's b64decode accept it as "A".
        #expect(try Base64.decode("QR==") == [0x41])
    }

    // MARK: HTTP dates

    @Test(arguments: [
        ("Sun, 06 Nov 1994 08:49:37 GMT", 784_111_777.0),
        ("Mon, 30 Nov 2026 01:08:43 GMT", 1_796_000_923.0),
        ("Thu, 01 Jan 1970 00:00:00 GMT", 0.0),
        ("Tue, 29 Feb 2028 23:59:59 GMT", 1_835_481_599.0),
    ])
    func parsesIMFFixdate(text: String, seconds: Double) throws {
        #expect(HTTPDate.parse(text) == Date(timeIntervalSince1970: seconds))
    }

    @Test(arguments: [
        "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994", "Sun, 06 Nov 1994 08:49:37 UTC",
        "Sun, 31 Nov 1994 08:49:37 GMT", "Sun, 29 Feb 2027 08:49:37 GMT", "Sun, 06 Nov 1994 24:49:37 GMT",
        "Xyz, 06 Nov 1994 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT", "", "Sun, 06 Nov 1994 08:49:37 GMT ",
    ])
    func refusesOtherDateForms(text: String) {
        #expect(HTTPDate.parse(text) == nil)
    }

    @Test func agreesWithFoundationOnManyDates() throws {
        var seconds: TimeInterval = -2_208_988_800  // 1900
        while seconds < 32_503_680_000 {  // 3000
            let date = Date(timeIntervalSince1970: seconds)
            #expect(HTTPDate.parse(httpDate(date)) == date)
            seconds += 86_400 * 97 + 3_661
        }
    }
}
