import Testing

@testable import OCIReference

/// Tables from distribution/reference v0.6.0, `regexp_test.go` (github.com/distribution/reference,
/// commit 00a09fa3799203fc887e667b0d82142ee831939a; Apache-2.0): the regular expressions'
/// expected matches and submatches, checked against the byte-level matcher that replaces them.
struct GrammarTests {
    static func withBytes<T>(_ string: String, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        var string = string
        return string.withUTF8(body)
    }

    // regexp_test.go, TestDomainRegexp (`^` + domainAndPort + `$`)
    @Test(
        "regexp_test.go TestDomainRegexp",
        arguments: [
            ("test.com", true), ("test.com:10304", true), ("test.com:http", false), ("localhost", true),
            ("localhost:8080", true), ("a", true), ("a.b", true), ("ab.cd.com", true), ("a-b.com", true),
            ("-ab.com", false), ("ab-.com", false), ("ab.c-om", true), ("ab.-com", false), ("ab.com-", false),
            ("0101.com", true), ("001a.com", true), ("b.gbc.io:443", true), ("b.gbc.io", true), ("xn--n3h.com", true),
            ("Asdf.com", true), ("192.168.1.1:75050", true), ("192.168.1.1:750050", true), ("[fd00:1:2::3]:75050", true),
            ("[fd00:1:2::3]75050", false), ("[fd00:1:2::3]::75050", false), ("[fd00:1:2::3%eth0]:75050", false),
            ("[fd00123123123]:75050", true), ("[2001:0db8:85a3:0000:0000:8a2e:0370:7334]:75050", true),
            ("[2001:0db8:85a3:0000:0000:8a2e:0370:7334]:750505", true), ("fd00:1:2::3:75050", false),
        ]
    )
    func domain(_ input: String, _ match: Bool) {
        #expect(Self.withBytes(input) { ReferenceGrammar.isDomainAndPort($0) } == match)
    }

    // regexp_test.go, TestFullNameRegexp (anchoredNameRegexp, submatches: domain, path)
    static let a128 = String(repeating: "a/", count: 128) + "a"
    static let a127 = String(repeating: "a/", count: 127) + "a"

    @Test(
        "regexp_test.go TestFullNameRegexp",
        arguments: [
            ("", nil as [String]?), ("short", ["", "short"]), ("simple/name", ["simple", "name"]),
            ("library/ubuntu", ["library", "ubuntu"]), ("docker/stevvooe/app", ["docker", "stevvooe/app"]),
            ("aa/aa/aa/aa/aa/aa/aa/aa/aa/bb/bb/bb/bb/bb/bb", ["aa", "aa/aa/aa/aa/aa/aa/aa/aa/bb/bb/bb/bb/bb/bb"]),
            ("aa/aa/bb/bb/bb", ["aa", "aa/bb/bb/bb"]), ("a/a/a/a", ["a", "a/a/a"]), ("a/a/a/a/", nil), ("a//a/a", nil),
            ("a", ["", "a"]), ("a/aa", ["a", "aa"]), ("a/aa/a", ["a", "aa/a"]), ("foo.com", ["", "foo.com"]),
            ("foo.com/", nil), ("foo.com:8080/bar", ["foo.com:8080", "bar"]), ("foo.com:http/bar", nil),
            ("foo.com/bar", ["foo.com", "bar"]), ("foo.com/bar/baz", ["foo.com", "bar/baz"]),
            ("localhost:8080/bar", ["localhost:8080", "bar"]), ("sub-dom1.foo.com/bar/baz/quux", ["sub-dom1.foo.com", "bar/baz/quux"]),
            ("blog.foo.com/bar/baz", ["blog.foo.com", "bar/baz"]), ("a^a", nil), ("aa/asdf$$^/aa", nil), ("asdf$$^/aa", nil),
            ("aa-a/a", ["aa-a", "a"]), (a128, ["a", a127]), ("a-/a/a/a", nil), ("foo.com/a-/a/a", nil), ("-foo/bar", nil),
            ("foo/bar-", nil), ("foo-/bar", nil), ("foo/-bar", nil), ("_foo/bar", nil), ("foo_bar", ["", "foo_bar"]),
            ("foo_bar.com", ["", "foo_bar.com"]), ("foo_bar.com:8080", nil), ("foo_bar.com:8080/app", nil),
            ("foo.com/foo_bar", ["foo.com", "foo_bar"]), ("____/____", nil), ("_docker/_docker", nil), ("docker_/docker_", nil),
            ("b.gcr.io/test.example.com/my-app", ["b.gcr.io", "test.example.com/my-app"]),
            ("xn--n3h.com/myimage", ["xn--n3h.com", "myimage"]), ("xn--7o8h.com/myimage", ["xn--7o8h.com", "myimage"]),
            ("example.com/xn--7o8h.com/myimage", ["example.com", "xn--7o8h.com/myimage"]),
            ("example.com/some_separator__underscore/myimage", ["example.com", "some_separator__underscore/myimage"]),
            ("example.com/__underscore/myimage", nil), ("example.com/..dots/myimage", nil), ("example.com/.dots/myimage", nil),
            ("example.com/nodouble..dots/myimage", nil), ("docker./docker", nil), (".docker/docker", nil),
            ("docker-/docker", nil), ("-docker/docker", nil), ("do..cker/docker", nil), ("do__cker:8080/docker", nil),
            ("do__cker/docker", ["", "do__cker/docker"]),
            ("registry.io/foo/project--id.module--name.ver---sion--name", ["registry.io", "foo/project--id.module--name.ver---sion--name"]),
            ("Asdf.com/foo/bar", ["Asdf.com", "foo/bar"]), ("Foo/FarB", nil),
        ]
    )
    func fullName(_ input: String, _ submatches: [String]?) {
        let result: [String]? = Self.withBytes(input) { bytes in
            guard case .success(let match) = ReferenceGrammar.matchName(bytes), match.nameEnd == bytes.count else {
                return nil
            }
            let domain = String(decoding: UnsafeBufferPointer(rebasing: bytes[0..<(match.domainEnd ?? 0)]), as: UTF8.self)
            let path = String(decoding: UnsafeBufferPointer(rebasing: bytes[match.pathStart...]), as: UTF8.self)
            return [domain, path]
        }
        #expect(result == submatches)
    }

    // regexp_test.go, TestReferenceRegexp (referenceRegexp, submatches: name, tag, digest)
    static let digest = "sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912"

    @Test(
        "regexp_test.go TestReferenceRegexp",
        arguments: [
            ("registry.com:8080/myapp:tag", ["registry.com:8080/myapp", "tag", ""] as [String]?),
            ("registry.com:8080/myapp@\(digest)", ["registry.com:8080/myapp", "", digest]),
            ("registry.com:8080/myapp:tag2@\(digest)", ["registry.com:8080/myapp", "tag2", digest]),
            ("registry.com:8080/myapp@sha256:badbadbadbad", nil),
            ("registry.com:8080/myapp:invalid~tag", nil),
            ("bad_hostname.com:8080/myapp:tag", nil),
            ("localhost:8080@\(digest)", ["localhost", "8080", digest]),
            ("localhost:8080/name@\(digest)", ["localhost:8080/name", "", digest]),
            ("localhost:http/name@\(digest)", nil),
            ("localhost@\(digest)", ["localhost", "", digest]),
            ("registry.com:8080/myapp@bad", nil),
            ("registry.com:8080/myapp@2bad", nil),
        ]
    )
    func reference(_ input: String, _ submatches: [String]?) {
        let result: [String]? = Self.withBytes(input) { bytes in
            guard case .success(let match) = ReferenceGrammar.matchReference(bytes) else {
                return nil
            }
            func text(_ range: Range<Int>) -> String {
                String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
            }
            return [
                text(0..<match.nameEnd),
                match.tag.map(text) ?? "",
                match.digestStart.map { text($0..<bytes.count) } ?? "",
            ]
        }
        #expect(result == submatches)
    }

    // regexp_test.go, TestIdentifierRegexp
    @Test(
        "regexp_test.go TestIdentifierRegexp",
        arguments: [
            ("da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf9821", true),
            ("7EC43B381E5AEFE6E04EFB0B3F0693FF2A4A50652D64AEC573905F2DB5889A1C", false),
            ("da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf", false),
            ("sha256:da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf9821", false),
            ("da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf98218482", false),
        ]
    )
    func identifier(_ input: String, _ match: Bool) {
        #expect(Self.withBytes(input) { ReferenceGrammar.isIdentifier($0) } == match)
    }

    @Test("Go's unicode.ToLower: the scalars that lowercase to ASCII, and a sample of the table")
    func goLowercase() {
        #expect(GoCaseMapping.lowercaseChanges(0x41))  // A
        #expect(!GoCaseMapping.lowercaseChanges(0x61))  // a
        #expect(GoCaseMapping.lowercaseChanges(0xC9))  // É
        #expect(!GoCaseMapping.lowercaseChanges(0xE9))  // é
        #expect(!GoCaseMapping.lowercaseChanges(0xD7))  // ×, between two uppercase runs
        #expect(GoCaseMapping.lowercaseChanges(0x0130))  // İ
        #expect(GoCaseMapping.lowercaseChanges(0x212A))  // Kelvin sign
        #expect(GoCaseMapping.lowercaseChanges(0x0100) && !GoCaseMapping.lowercaseChanges(0x0101))  // Ā ā
        #expect(GoCaseMapping.lowercaseChanges(0x1E900) && !GoCaseMapping.lowercaseChanges(0x1E922))  // Adlam
        #expect(Self.withBytes("İK") { GoCaseMapping.asciiLowercased($0) } == Array("ik".utf8))
        #expect(Self.withBytes("É") { GoCaseMapping.asciiLowercased($0) } == nil)
    }
}
