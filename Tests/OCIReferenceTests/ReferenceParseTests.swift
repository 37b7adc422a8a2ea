import Foundation
import Testing

@testable import OCIReference

/// Tables from distribution/reference v0.6.0, `reference_test.go` (github.com/distribution/reference,
/// commit ff14fafe2236e51c2894ac07d4bdfc778e96d682, which has v0.6's path-only length check;
/// Apache-2.0), rewritten as Swift tables: the facts (inputs and expected results) carry over.
struct ReferenceParseTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var input: String
        var error: OCIReferenceError.Code? = nil
        /// Go's `Name()`: registry and repository.
        var name: String = ""
        var domain: String = ""
        var tag: String? = nil
        var digest: String? = nil
        var testDescription: String { self.input.count > 60 ? String(self.input.prefix(60)) + "…" : self.input }
    }

    static let f64 = String(repeating: "f", count: 64)
    static let f128 = String(repeating: "f", count: 128)

    // reference_test.go, TestReferenceParse
    static let parseCases: [Case] = [
        Case(input: "test_com", name: "test_com"),
        Case(input: "test.com:tag", name: "test.com", tag: "tag"),
        Case(input: "test.com:5000", name: "test.com", tag: "5000"),
        Case(input: "test.com/repo:tag", name: "test.com/repo", domain: "test.com", tag: "tag"),
        Case(input: "test:5000/repo", name: "test:5000/repo", domain: "test:5000"),
        Case(input: "test:5000/repo:tag", name: "test:5000/repo", domain: "test:5000", tag: "tag"),
        Case(input: "test:5000/repo@sha256:\(f64)", name: "test:5000/repo", domain: "test:5000", digest: "sha256:\(f64)"),
        Case(input: "test:5000/repo:tag@sha256:\(f64)", name: "test:5000/repo", domain: "test:5000", tag: "tag", digest: "sha256:\(f64)"),
        Case(input: "test:5000/repo", name: "test:5000/repo", domain: "test:5000"),
        Case(input: "", error: .nameEmpty),
        Case(input: ":justtag", error: .invalidFormat),
        Case(input: "@sha256:\(f64)", error: .invalidFormat),
        Case(input: "repo@sha256:ffffffffffffffffffffffffffffffffff", error: .digestInvalidLength),
        Case(input: "validname@invaliddigest:\(f64)", error: .digestUnsupported),
        Case(input: "Uppercase:tag", error: .nameContainsUppercase),
        Case(input: "test:5000/Uppercase/lowercase:tag", error: .nameContainsUppercase),
        Case(input: "lowercase:Uppercase", name: "lowercase", tag: "Uppercase"),
        Case(input: "domain/" + String(repeating: "a", count: 256) + ":tag", error: .nameTooLong),
        Case(
            input: String(repeating: "a/", count: 127) + "a:tag-puts-this-over-max",
            name: String(repeating: "a/", count: 127) + "a",
            domain: "a",
            tag: "tag-puts-this-over-max"
        ),
        Case(input: "aa/asdf$$^/aa", error: .invalidFormat),
        Case(input: "sub-dom1.foo.com/bar/baz/quux", name: "sub-dom1.foo.com/bar/baz/quux", domain: "sub-dom1.foo.com"),
        Case(
            input: "sub-dom1.foo.com/bar/baz/quux:some-long-tag",
            name: "sub-dom1.foo.com/bar/baz/quux",
            domain: "sub-dom1.foo.com",
            tag: "some-long-tag"
        ),
        Case(
            input: "b.gcr.io/test.example.com/my-app:test.example.com",
            name: "b.gcr.io/test.example.com/my-app",
            domain: "b.gcr.io",
            tag: "test.example.com"
        ),
        Case(input: "xn--n3h.com/myimage:xn--n3h.com", name: "xn--n3h.com/myimage", domain: "xn--n3h.com", tag: "xn--n3h.com"),
        Case(
            input: "xn--7o8h.com/myimage:xn--7o8h.com@sha512:\(f128)",
            name: "xn--7o8h.com/myimage",
            domain: "xn--7o8h.com",
            tag: "xn--7o8h.com",
            digest: "sha512:\(f128)"
        ),
        Case(input: "foo_bar.com:8080", name: "foo_bar.com", tag: "8080"),
        Case(input: "foo/foo_bar.com:8080", name: "foo/foo_bar.com", domain: "foo", tag: "8080"),
        Case(input: "192.168.1.1", name: "192.168.1.1"),
        Case(input: "192.168.1.1:tag", name: "192.168.1.1", tag: "tag"),
        Case(input: "192.168.1.1:5000", name: "192.168.1.1", tag: "5000"),
        Case(input: "192.168.1.1/repo", name: "192.168.1.1/repo", domain: "192.168.1.1"),
        Case(input: "192.168.1.1:5000/repo", name: "192.168.1.1:5000/repo", domain: "192.168.1.1:5000"),
        Case(input: "192.168.1.1:5000/repo:5050", name: "192.168.1.1:5000/repo", domain: "192.168.1.1:5000", tag: "5050"),
        Case(input: "[2001:db8::1]", error: .invalidFormat),
        Case(input: "[2001:db8::1]:5000", error: .invalidFormat),
        Case(input: "[2001:db8::1]:tag", error: .invalidFormat),
        Case(input: "[2001:db8::1]/repo", name: "[2001:db8::1]/repo", domain: "[2001:db8::1]"),
        Case(input: "[2001:db8:1:2:3:4:5:6]/repo:tag", name: "[2001:db8:1:2:3:4:5:6]/repo", domain: "[2001:db8:1:2:3:4:5:6]", tag: "tag"),
        Case(input: "[2001:db8::1]:5000/repo", name: "[2001:db8::1]:5000/repo", domain: "[2001:db8::1]:5000"),
        Case(input: "[2001:db8::1]:5000/repo:tag", name: "[2001:db8::1]:5000/repo", domain: "[2001:db8::1]:5000", tag: "tag"),
        Case(
            input: "[2001:db8::1]:5000/repo@sha256:\(f64)",
            name: "[2001:db8::1]:5000/repo",
            domain: "[2001:db8::1]:5000",
            digest: "sha256:\(f64)"
        ),
        Case(
            input: "[2001:db8::1]:5000/repo:tag@sha256:\(f64)",
            name: "[2001:db8::1]:5000/repo",
            domain: "[2001:db8::1]:5000",
            tag: "tag",
            digest: "sha256:\(f64)"
        ),
        Case(input: "[2001:db8::]:5000/repo", name: "[2001:db8::]:5000/repo", domain: "[2001:db8::]:5000"),
        Case(input: "[::1]:5000/repo", name: "[::1]:5000/repo", domain: "[::1]:5000"),
        Case(input: "[fe80::1%eth0]:5000/repo", error: .invalidFormat),
        Case(input: "[fe80::1%@invalidzone]:5000/repo", error: .invalidFormat),
        Case(
            input: "example.com/" + String(repeating: "a", count: 255) + ":tag",
            name: "example.com/" + String(repeating: "a", count: 255),
            domain: "example.com",
            tag: "tag"
        ),
    ]

    @Test("reference_test.go TestReferenceParse", arguments: parseCases)
    func parse(_ test: Case) throws {
        if let expected = test.error {
            #expect(throws: OCIReferenceError(code: expected)) { try OCIReference(parsing: test.input) }
            return
        }
        let reference = try OCIReference(parsing: test.input)
        #expect(reference.description == test.input)
        #expect(reference.name == test.name)
        #expect(reference.registry == test.domain)
        #expect(reference.tag == test.tag)
        #expect(reference.digest == test.digest)
        let path = test.domain.isEmpty ? test.name : String(test.name.dropFirst(test.domain.count + 1))
        #expect(reference.repository == path)
    }

    // reference_test.go, TestWithNameFailure
    @Test(
        "reference_test.go TestWithNameFailure",
        arguments: [
            ("", OCIReferenceError.Code.invalidFormat),
            (":justtag", .invalidFormat),
            ("@sha256:\(f64)", .invalidFormat),
            ("validname@invaliddigest:\(f64)", .invalidFormat),
            ("example.com/repo:tag", .invalidFormat),
            ("example.com/" + String(repeating: "a", count: 256), .nameTooLong),
            ("aa/asdf$$^/aa", .invalidFormat),
        ]
    )
    func withNameFailure(_ input: String, _ code: OCIReferenceError.Code) {
        #expect(throws: OCIReferenceError(code: code)) { try OCIReference(parsingName: input) }
    }

    // reference_test.go, TestDomainAndPath
    @Test(
        "reference_test.go TestDomainAndPath",
        arguments: [
            ("test.com/foo", "test.com", "foo"),
            ("test_com/foo", "", "test_com/foo"),
            ("test:8080/foo", "test:8080", "foo"),
            ("test.com:8080/foo", "test.com:8080", "foo"),
            ("test-com:8080/foo", "test-com:8080", "foo"),
            ("xn--n3h.com:18080/foo", "xn--n3h.com:18080", "foo"),
        ]
    )
    func domainAndPath(_ input: String, _ domain: String, _ path: String) throws {
        let named = try OCIReference(parsingName: input)
        #expect(named.registry == domain)
        #expect(named.repository == path)
        #expect(named.tag == nil && named.digest == nil)
    }

    // reference_test.go, TestSerialization: Go's `Field` round-trips through JSON as a string,
    // here through `Codable`.
    struct Wrapper: Codable, Equatable {
        var description: String
        var field: OCIReference
    }

    @Test(
        "reference_test.go TestSerialization",
        arguments: [
            ("just a name", "example.com:8000/named", "example.com:8000/named", nil as String?, nil as String?),
            ("name with a tag", "example.com:8000/named:tagged", "example.com:8000/named", "tagged", nil),
            (
                "name with digest",
                "other.com/named@sha256:1234567890098765432112345667890098765432112345667890098765432112",
                "other.com/named",
                nil,
                "sha256:1234567890098765432112345667890098765432112345667890098765432112"
            ),
        ]
    )
    func serialization(_ description: String, _ input: String, _ name: String, _ tag: String?, _ digest: String?) throws {
        let json = try JSONSerialization.data(withJSONObject: ["description": description, "field": input], options: [.sortedKeys, .withoutEscapingSlashes])
        let decoded = try JSONDecoder().decode(Wrapper.self, from: json)
        #expect(decoded.field.name == name)
        #expect(decoded.field.tag == tag)
        #expect(decoded.field.digest == digest)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let reencoded = try encoder.encode(decoded)
        #expect(String(decoding: reencoded, as: UTF8.self) == String(decoding: json, as: UTF8.self))
    }

    @Test("reference_test.go TestSerialization: the empty value fails as nameEmpty")
    func serializationEmpty() throws {
        let json = Data(#"{"description":"empty value","field":""}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Wrapper.self, from: json) }
        #expect(throws: OCIReferenceError(code: .nameEmpty)) { try OCIReference(parsing: "") }
    }

    // reference_test.go, TestWithTag
    @Test(
        "reference_test.go TestWithTag",
        arguments: [
            ("test.com/foo", nil as String?, "tag", "test.com/foo:tag"),
            ("foo", nil, "tag2", "foo:tag2"),
            ("test.com:8000/foo", nil, "tag4", "test.com:8000/foo:tag4"),
            ("test.com:8000/foo", nil, "TAG5", "test.com:8000/foo:TAG5"),
            ("test.com:8000/foo", "sha256:1234567890098765432112345667890098765", "TAG5", "test.com:8000/foo:TAG5@sha256:1234567890098765432112345667890098765"),
        ]
    )
    func withTag(_ name: String, _ digest: String?, _ tag: String, _ combined: String) throws {
        var named = try OCIReference(parsingName: name)
        if let digest {
            named = try named.withDigest(digest)
        }
        let tagged = try named.withTag(tag)
        #expect(tagged.description == combined)
        #expect(tagged.tag == tag)
        #expect(tagged.digest == digest)
    }

    // reference_test.go, TestWithDigest
    @Test(
        "reference_test.go TestWithDigest",
        arguments: [
            ("test.com/foo", "sha256:1234567890098765432112345667890098765", nil as String?, "test.com/foo@sha256:1234567890098765432112345667890098765"),
            ("foo", "sha256:1234567890098765432112345667890098765", nil, "foo@sha256:1234567890098765432112345667890098765"),
            ("test.com:8000/foo", "sha256:1234567890098765432112345667890098765", nil, "test.com:8000/foo@sha256:1234567890098765432112345667890098765"),
            ("test.com:8000/foo", "sha256:1234567890098765432112345667890098765", "latest", "test.com:8000/foo:latest@sha256:1234567890098765432112345667890098765"),
        ]
    )
    func withDigest(_ name: String, _ digest: String, _ tag: String?, _ combined: String) throws {
        var named = try OCIReference(parsingName: name)
        if let tag {
            named = try named.withTag(tag)
        }
        let digested = try named.withDigest(digest)
        #expect(digested.description == combined)
        #expect(digested.digest == digest)
        #expect(digested.tag == tag)
        #expect(digested.repository == named.repository)
    }

    // normalize_test.go, TestInvalidReferenceComponents (WithTag / WithDigest failures)
    @Test("normalize_test.go TestInvalidReferenceComponents")
    func invalidComponents() throws {
        #expect(throws: OCIReferenceError.self) { try OCIReference(normalizing: "-foo") }
        let busybox = try OCIReference(normalizing: "busybox")
        #expect(throws: OCIReferenceError(code: .tagInvalidFormat)) { try busybox.withTag("-foo") }
        #expect(throws: OCIReferenceError(code: .digestInvalidFormat)) { try busybox.withDigest("foo") }
    }

    // reference_test.go, TestParseNamed
    @Test(
        "reference_test.go TestParseNamed",
        arguments: [
            ("test.com/foo", "test.com", "foo", nil as OCIReferenceError.Code?),
            ("test:8080/foo", "test:8080", "foo", nil),
            ("test_com/foo", "", "", .nameNotCanonical),
            ("test.com", "", "", .nameNotCanonical),
            ("foo", "", "", .nameNotCanonical),
            ("library/foo", "", "", .nameNotCanonical),
            ("docker.io/library/foo", "docker.io", "library/foo", nil),
            ("docker.io/foo", "", "", .nameNotCanonical),
        ]
    )
    func parseNamed(_ input: String, _ domain: String, _ path: String, _ error: OCIReferenceError.Code?) throws {
        if let error {
            #expect(throws: OCIReferenceError(code: error)) { try OCIReference(parsingCanonical: input) }
            return
        }
        let named = try OCIReference(parsingCanonical: input)
        #expect(named.registry == domain)
        #expect(named.repository == path)
    }

    @Test("nameOnly drops tag and digest (Go: TrimNamed)")
    func nameOnly() throws {
        let reference = try OCIReference(parsing: "test:5000/repo:tag@sha256:\(Self.f64)")
        let trimmed = reference.nameOnly
        #expect(trimmed.description == "test:5000/repo")
        #expect(trimmed.registry == "test:5000")
        #expect(trimmed.repository == "repo")
        #expect(trimmed.tag == nil && trimmed.digest == nil)
    }

    @Test("equality and hashing follow the string form")
    func equality() throws {
        let a = try OCIReference(parsing: "a/b:1")
        let b = try OCIReference(parsing: "a/b:1")
        let c = try OCIReference(parsing: "a/b:2")
        #expect(a == b)
        #expect(a != c)
        #expect(Set([a, b, c]).count == 2)
    }
}
