import Testing

@testable import OCIReference

/// Tables from distribution/reference v0.6.0, `normalize_test.go` (github.com/distribution/reference,
/// commit 4894124079e525c3c3c5c8aacaa653b5499004e9; Apache-2.0), rewritten as Swift tables.
struct NormalizeTests {
    // normalize_test.go, TestValidateReferenceName
    static let validRepoNames = [
        "docker/docker", "library/debian", "debian", "docker.io/docker/docker", "docker.io/library/debian",
        "docker.io/debian", "index.docker.io/docker/docker", "index.docker.io/library/debian", "index.docker.io/debian",
        "127.0.0.1:5000/docker/docker", "127.0.0.1:5000/library/debian", "127.0.0.1:5000/debian", "192.168.0.1",
        "192.168.0.1:80", "192.168.0.1:8/debian", "192.168.0.2:25000/debian",
        "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev", "[fc00::1]:5000/docker",
        "[fc00::1]:5000/docker/docker", "[fc00:1:2:3:4:5:6:7]:5000/library/debian",
        "docker.io/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a", "Docker/docker", "DOCKER/docker",
    ]
    static let invalidRepoNames = [
        "https://github.com/docker/docker", "docker/Docker", "-docker", "-docker/docker", "-docker.io/docker/docker",
        "docker///docker", "docker.io/docker/Docker", "docker.io/docker///docker", "[fc00::1]", "[fc00::1]:5000",
        "fc00::1:5000/debian", "[fe80::1%eth0]:5000/debian", "[2001:db8:3:4::192.0.2.33]:5000/debian",
        "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a",
    ]

    @Test("normalize_test.go TestValidateReferenceName: valid", arguments: validRepoNames)
    func validReferenceName(_ name: String) throws {
        _ = try OCIReference(normalizing: name)
    }

    @Test("normalize_test.go TestValidateReferenceName: invalid", arguments: invalidRepoNames)
    func invalidReferenceName(_ name: String) {
        #expect(throws: OCIReferenceError.self) { try OCIReference(normalizing: name) }
    }

    // normalize_test.go, TestValidateRemoteName
    @Test(
        "normalize_test.go TestValidateRemoteName: valid",
        arguments: [
            "docker/docker", "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev", "docker-rules/docker",
            "docker---rules/docker", "doc/docker", "d/docker", "jess/t", "dock__er/docker",
        ]
    )
    func validRemoteName(_ name: String) throws {
        _ = try OCIReference(normalizing: name)
    }

    @Test(
        "normalize_test.go TestValidateRemoteName: invalid",
        arguments: [
            "docker/Docker", "docker///docker", "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a",
            "-docker/docker", "docker-/docker", "-docker-/docker", "____/____", "_docker/_docker", "dock..er/docker",
            "dock_.er/docker", "dock-.er/docker", "docker/",
            String(repeating: "this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_", count: 4) + "/docker",
        ]
    )
    func invalidRemoteName(_ name: String) {
        #expect(throws: OCIReferenceError.self) { try OCIReference(normalizing: name) }
    }

    @Test("64 hex digits are an identifier, not a name")
    func identifierIsNotAName() {
        #expect(throws: OCIReferenceError(code: .nameIsIdentifier)) {
            try OCIReference(normalizing: "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a")
        }
        #expect(throws: OCIReferenceError(code: .nameContainsUppercase)) { try OCIReference(normalizing: "docker/Docker") }
    }

    // normalize_test.go, TestParseRepositoryInfo
    struct RepositoryInfo: Sendable, CustomTestStringConvertible {
        var remoteName: String
        var familiarName: String
        var fullName: String
        var ambiguousName: String
        var domain: String
        var testDescription: String { self.fullName }
    }

    static let repositoryInfoCases: [RepositoryInfo] = [
        RepositoryInfo(remoteName: "fooo/bar", familiarName: "fooo/bar", fullName: "docker.io/fooo/bar", ambiguousName: "index.docker.io/fooo/bar", domain: "docker.io"),
        RepositoryInfo(remoteName: "library/ubuntu", familiarName: "ubuntu", fullName: "docker.io/library/ubuntu", ambiguousName: "library/ubuntu", domain: "docker.io"),
        RepositoryInfo(remoteName: "nonlibrary/ubuntu", familiarName: "nonlibrary/ubuntu", fullName: "docker.io/nonlibrary/ubuntu", ambiguousName: "", domain: "docker.io"),
        RepositoryInfo(remoteName: "other/library", familiarName: "other/library", fullName: "docker.io/other/library", ambiguousName: "", domain: "docker.io"),
        RepositoryInfo(remoteName: "private/moonbase", familiarName: "127.0.0.1:8000/private/moonbase", fullName: "127.0.0.1:8000/private/moonbase", ambiguousName: "", domain: "127.0.0.1:8000"),
        RepositoryInfo(remoteName: "privatebase", familiarName: "127.0.0.1:8000/privatebase", fullName: "127.0.0.1:8000/privatebase", ambiguousName: "", domain: "127.0.0.1:8000"),
        RepositoryInfo(remoteName: "private/moonbase", familiarName: "example.com/private/moonbase", fullName: "example.com/private/moonbase", ambiguousName: "", domain: "example.com"),
        RepositoryInfo(remoteName: "privatebase", familiarName: "example.com/privatebase", fullName: "example.com/privatebase", ambiguousName: "", domain: "example.com"),
        RepositoryInfo(remoteName: "private/moonbase", familiarName: "example.com:8000/private/moonbase", fullName: "example.com:8000/private/moonbase", ambiguousName: "", domain: "example.com:8000"),
        RepositoryInfo(remoteName: "privatebasee", familiarName: "example.com:8000/privatebasee", fullName: "example.com:8000/privatebasee", ambiguousName: "", domain: "example.com:8000"),
        RepositoryInfo(remoteName: "library/ubuntu-12.04-base", familiarName: "ubuntu-12.04-base", fullName: "docker.io/library/ubuntu-12.04-base", ambiguousName: "index.docker.io/library/ubuntu-12.04-base", domain: "docker.io"),
        RepositoryInfo(remoteName: "library/foo", familiarName: "foo", fullName: "docker.io/library/foo", ambiguousName: "docker.io/foo", domain: "docker.io"),
        RepositoryInfo(remoteName: "library/foo/bar", familiarName: "library/foo/bar", fullName: "docker.io/library/foo/bar", ambiguousName: "", domain: "docker.io"),
        RepositoryInfo(remoteName: "store/foo/bar", familiarName: "store/foo/bar", fullName: "docker.io/store/foo/bar", ambiguousName: "", domain: "docker.io"),
        RepositoryInfo(remoteName: "bar", familiarName: "Foo/bar", fullName: "Foo/bar", ambiguousName: "", domain: "Foo"),
        RepositoryInfo(remoteName: "bar", familiarName: "FOO/bar", fullName: "FOO/bar", ambiguousName: "", domain: "FOO"),
    ]

    @Test("normalize_test.go TestParseRepositoryInfo", arguments: repositoryInfoCases)
    func repositoryInfo(_ test: RepositoryInfo) throws {
        var inputs = [test.familiarName, test.fullName]
        if !test.ambiguousName.isEmpty {
            inputs.append(test.ambiguousName)
        }
        for input in inputs {
            let named = try OCIReference(normalizing: input)
            #expect(named.familiarString == test.familiarName, "familiar name of \(input)")
            #expect(named.description == test.fullName, "full name of \(input)")
            #expect(named.registry == test.domain, "domain of \(input)")
            #expect(named.repository == test.remoteName, "remote name of \(input)")
        }
    }

    // normalize_test.go, TestParseReferenceWithTagAndDigest
    @Test("normalize_test.go TestParseReferenceWithTagAndDigest")
    func tagAndDigest() throws {
        let short = "busybox:latest@sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa"
        let reference = try OCIReference(normalizing: short)
        #expect(reference.description == "docker.io/library/" + short)
        #expect(reference.tag == "latest")
        #expect(reference.digest == "sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa")
        #expect(reference.familiarString == short)
    }

    // normalize_test.go, TestParseAnyReference: the rows that name a repository. (Go's
    // `ParseAnyReference` also returns bare digests, which are not `OCIReference` values; a bare
    // 64-hex identifier is rejected by `init(normalizing:)` as `nameIsIdentifier`.)
    @Test(
        "normalize_test.go TestParseAnyReference (named rows)",
        arguments: [
            ("redis", "docker.io/library/redis"),
            ("redis:latest", "docker.io/library/redis:latest"),
            ("docker.io/library/redis:latest", "docker.io/library/redis:latest"),
            ("redis@sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c", "docker.io/library/redis@sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c"),
            ("docker.io/library/redis@sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c", "docker.io/library/redis@sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c"),
            ("dmcgowan/myapp", "docker.io/dmcgowan/myapp"),
            ("dmcgowan/myapp:latest", "docker.io/dmcgowan/myapp:latest"),
            ("docker.io/mcgowan/myapp:latest", "docker.io/mcgowan/myapp:latest"),
            ("dmcgowan/myapp@sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c", "docker.io/dmcgowan/myapp@sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c"),
            ("docker.io/dmcgowan/myapp@sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c", "docker.io/dmcgowan/myapp@sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c"),
            ("dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9", "docker.io/library/dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9"),
            ("dbcc1", "docker.io/library/dbcc1"),
        ]
    )
    func anyReference(_ input: String, _ equivalent: String) throws {
        let reference = try OCIReference(normalizing: input)
        #expect(reference.description == equivalent)
        #expect(reference == (try OCIReference(parsing: equivalent)))
    }

    // normalize_test.go, TestNormalizedSplitHostname
    @Test(
        "normalize_test.go TestNormalizedSplitHostname",
        arguments: [
            ("test.com/foo", "test.com", "foo"),
            ("test_com/foo", "docker.io", "test_com/foo"),
            ("docker/migrator", "docker.io", "docker/migrator"),
            ("test.com:8080/foo", "test.com:8080", "foo"),
            ("test-com:8080/foo", "test-com:8080", "foo"),
            ("foo", "docker.io", "library/foo"),
            ("xn--n3h.com/foo", "xn--n3h.com", "foo"),
            ("xn--n3h.com:18080/foo", "xn--n3h.com:18080", "foo"),
            ("docker.io/foo", "docker.io", "library/foo"),
            ("docker.io/library/foo", "docker.io", "library/foo"),
            ("docker.io/library/foo/bar", "docker.io", "library/foo/bar"),
        ]
    )
    func normalizedSplitHostname(_ input: String, _ domain: String, _ path: String) throws {
        let named = try OCIReference(normalizing: input)
        #expect(named.registry == domain)
        #expect(named.repository == path)
    }

    // normalize_test.go, TestParseDockerRef
    @Test(
        "normalize_test.go TestParseDockerRef",
        arguments: [
            ("busybox", "docker.io/library/busybox:latest"),
            ("busybox:latest", "docker.io/library/busybox:latest"),
            ("busybox@sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582", "docker.io/library/busybox@sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582"),
            ("library/busybox", "docker.io/library/busybox:latest"),
            ("docker.io/busybox", "docker.io/library/busybox:latest"),
            ("docker.io/library/busybox", "docker.io/library/busybox:latest"),
            ("docker.io/busybox:latest", "docker.io/library/busybox:latest"),
            ("library/busybox:latest", "docker.io/library/busybox:latest"),
            ("docker.io/library/busybox:latest", "docker.io/library/busybox:latest"),
            ("gcr.io/library/busybox", "gcr.io/library/busybox:latest"),
            ("gcr.io/library/busybox:latest@sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582", "gcr.io/library/busybox@sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582"),
        ]
    )
    func dockerRef(_ input: String, _ expected: String) throws {
        let normalized = try OCIReference(normalizingForPull: input)
        #expect(normalized.description == expected)
        let reparsed = try OCIReference(parsing: normalized.description)
        #expect(reparsed == normalized)
        #expect(reparsed.tag == normalized.tag)
        #expect(reparsed.digest == normalized.digest)
        #expect((normalized.tag == nil) != (normalized.digest == nil))
    }

    @Test("error offsets of normalized input point into the caller's string")
    func offsetsPointIntoInput() {
        do {
            _ = try OCIReference(normalizing: "team/app:bad~tag")
            Issue.record("expected an error")
        } catch let error as OCIReferenceError {
            #expect(error.code == .invalidFormat)
            #expect(error.offset == 12)  // the "~"
        } catch {
            Issue.record("unexpected \(error)")
        }
        do {
            _ = try OCIReference(normalizing: "index.docker.io/x/y:bad~tag")
            Issue.record("expected an error")
        } catch let error as OCIReferenceError {
            #expect(error.offset == 23)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
