import AuthTransport
import Testing

struct HTTPTransportErrorTests {
    static let codes: [HTTPTransportError.Code] = [
        .invalidRequest, .connectionFailed, .timedOut, .responseTooLarge, .cancelled, .invalidResponse,
    ]

    @Test func equalityAndHashingCompareTheCodeOnly() {
        let first = HTTPTransportError(code: .timedOut, reason: "after 5 s", file: "A.swift", line: 1)
        let second = HTTPTransportError(code: .timedOut, reason: "after 9 s", file: "B.swift", line: 2)
        #expect(first == second)
        #expect(first.hashValue == second.hashValue)
        #expect(first != HTTPTransportError(code: .cancelled))
    }

    @Test func codesAreDistinctAndNamed() {
        #expect(Set(Self.codes).count == Self.codes.count)
        #expect(Self.codes.map(\.description) == [
            "invalidRequest", "connectionFailed", "timedOut", "responseTooLarge", "cancelled", "invalidResponse",
        ])
    }

    @Test func descriptionSaysWhatAndWhere() {
        let error = HTTPTransportError(code: .responseTooLarge, reason: "over 10 bytes", file: "M/F.swift", line: 7)
        #expect(error.description == "HTTPTransportError.responseTooLarge: over 10 bytes (M/F.swift:7)")
        let bare = HTTPTransportError(code: .cancelled, file: "M/F.swift", line: 8)
        #expect(bare.description == "HTTPTransportError.cancelled (M/F.swift:8)")
    }

    @Test func defaultLocationIsTheCaller() {
        let error = HTTPTransportError(code: .timedOut)
        #expect(error.description.contains("HTTPTransportErrorTests.swift"))
    }
}
