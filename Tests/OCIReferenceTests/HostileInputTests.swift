import Foundation
import Testing

@testable import OCIReference
import TestTimeLimits

/// Bad input gets a typed error that says what and where, never a crash, and never more than
/// linear time. Time bounds are generous (debug builds on a loaded two-core machine): they catch
/// quadratic behaviour, which on these sizes would take hours, not slow machines.
struct HostileInputTests {
    static let tenMegabytes = 10 * 1024 * 1024

    static func elapsed(_ body: () -> Void) -> Duration {
        let clock = ContinuousClock()
        let start = clock.now
        body()
        return clock.now - start
    }

    static func error(_ body: () throws -> Void) -> OCIReferenceError? {
        do {
            try body()
            return nil
        } catch let error as OCIReferenceError {
            return error
        } catch {
            Issue.record("untyped error \(error)")
            return nil
        }
    }

    @Test("the empty string")
    func empty() {
        let error = Self.error { _ = try OCIReference(parsing: "") }
        #expect(error?.code == .nameEmpty)
        #expect(error?.offset == 0)
        #expect(error?.description.contains("nameEmpty") == true)
        #expect(Self.error { _ = try OCIReference(normalizing: "") }?.code == .invalidFormat)
        #expect(Self.error { _ = try OCIChartReference(parsing: "") }?.code == .invalidFormat)
        #expect(ECRRegistry("") == nil)
    }

    @Test("messages say what is wrong and the byte offset where")
    func messages() throws {
        let error = try #require(Self.error { _ = try OCIReference(parsing: "registry.example.com/team/app:1.0~beta") })
        #expect(error.code == .invalidFormat)
        #expect(error.offset == 33)
        #expect(error.reason.contains("'~'"))
        #expect(error.description.contains("at byte offset 33"))

        let upper = try #require(Self.error { _ = try OCIReference(parsing: "registry.example.com/Team/app") })
        #expect(upper.code == .nameContainsUppercase)
        #expect(upper.offset == 21)

        let nul = try #require(Self.error { _ = try OCIReference(parsing: "team/a\u{0}pp") })
        #expect(nul.offset == 6)
        #expect(nul.reason.contains("byte 0x00"))

        let digest = try #require(Self.error { _ = try OCIReference(parsing: "a/b@sha256:" + String(repeating: "a", count: 63)) })
        #expect(digest.code == .digestInvalidLength)
        #expect(digest.offset == 11)

        let tooLong = try #require(Self.error { _ = try OCIReference(parsing: "r.io/" + String(repeating: "a", count: 300)) })
        #expect(tooLong.code == .nameTooLong)
        #expect(tooLong.reason.contains("255"))
    }

    @Test("invalid UTF-8 (decoded with replacement characters) and NUL bytes")
    func invalidUTF8() {
        let samples: [[UInt8]] = [
            [0xFF], [0xC3], [0xE2, 0x82], Array("team/app".utf8) + [0x80], [0x00], Array("a/b:".utf8) + [0xED, 0xA0, 0x80],
            Array("public.ecr.aws".utf8) + [0xFE],
        ]
        for bytes in samples {
            let string = String(decoding: bytes, as: UTF8.self)
            #expect(Self.error { _ = try OCIReference(parsing: string) }?.code == .invalidFormat)
            #expect(Self.error { _ = try OCIReference(normalizing: string) } != nil)
            #expect(Self.error { _ = try OCIChartReference(parsing: "oci://" + string) } != nil)
            #expect(ECRRegistry(string) == nil)
        }
    }

    @Test("every separator and odd character in every position of a typical reference")
    func everySeparatorEverywhere() throws {
        let bases = [
            "123456789012.dkr.ecr.eu-central-1.amazonaws.com/team/nginx:19.0.1",
            "registry.example.com:5000/team/app:1.0@sha256:" + String(repeating: "ab", count: 32),
            "oci://host/ns/chart:1.2.3+build.4",
        ]
        let inserts = ["/", ":", "@", ".", "_", "__", "-", "+", "[", "]", "%", "#", "?", " ", "\u{0}", "A", "é", "İ", "\u{FFFD}", "//", "::", "@@"]
        var parsed = 0
        var rejected = 0
        for base in bases {
            let scalars = Array(base.unicodeScalars)
            for position in 0...scalars.count {
                for insert in inserts {
                    for replace in [false, true] where !(replace && position == scalars.count) {
                        var view = String.UnicodeScalarView()
                        view.append(contentsOf: scalars[..<position])
                        view.append(contentsOf: insert.unicodeScalars)
                        view.append(contentsOf: scalars[(replace ? position + 1 : position)...])
                        let input = String(view)
                        do {
                            let reference = try OCIReference(parsing: input)
                            #expect(reference.description == input)
                            #expect(try OCIReference(parsing: reference.description) == reference)
                            parsed += 1
                        } catch let error as OCIReferenceError {
                            let offset = try #require(error.offset)
                            #expect(offset >= 0 && offset <= input.utf8.count)
                            #expect(!error.reason.isEmpty)
                            rejected += 1
                        }
                        _ = try? OCIReference(normalizing: input)
                        _ = try? OCIReference(normalizingForPull: input)
                        _ = try? OCIChartReference(parsing: input)
                        _ = ECRRegistry(input)
                    }
                }
            }
        }
        #expect(parsed > 0 && rejected > parsed)
    }

    @Test("10 MB inputs of every shape finish in linear time with a typed error or a value")
    func tenMegabytes() {
        let n = Self.tenMegabytes
        let inputs: [String] = [
            String(repeating: "a", count: n),  // one huge path component (too long)
            String(repeating: "a/", count: n / 2) + "a",  // huge path
            String(repeating: "a.", count: n / 2) + "a/b",  // huge domain: valid
            String(repeating: "-", count: n),
            String(repeating: "_", count: n),
            "a:" + String(repeating: "t", count: n),  // tag far too long
            "a@sha256:" + String(repeating: "f", count: n),  // huge digest
            "a@" + String(repeating: "a+", count: n / 2) + ":" + String(repeating: "f", count: 64),
            "[" + String(repeating: ":", count: n) + "]/a",
            String(repeating: "A", count: n),  // uppercase: second chance on the lowercase copy
            String(repeating: "İ", count: n / 2),
            String(repeating: "\u{0}", count: n),
            "oci://" + String(repeating: "+", count: n / 2) + ":" + String(repeating: "+", count: n / 2),
            "h/c:" + String(repeating: "a+", count: n / 2),
            String(repeating: "1", count: n) + ".dkr.ecr.us-east-1.amazonaws.com",
            "https://" + String(repeating: "%", count: n),
        ]
        for input in inputs {
            let duration = Self.elapsed {
                let parse = Self.error { _ = try OCIReference(parsing: input) }
                if let parse {
                    #expect(parse.offset != nil)
                }
                _ = try? OCIReference(normalizing: input)
                _ = try? OCIReference(normalizingForPull: input)
                _ = try? OCIReference(parsingName: input)
                _ = try? OCIChartReference(parsing: input)
                _ = ECRRegistry(input)
            }
            #expect(duration < TestTimeLimits.scaled(.seconds(120)), "\(input.prefix(16))… took \(duration)")
        }
        #expect(Self.error { _ = try OCIReference(parsing: String(repeating: "a", count: n)) }?.code == .nameTooLong)
        #expect((try? OCIReference(parsing: String(repeating: "a.", count: n / 2) + "a/b"))?.repository == "b")
    }

    @Test("doubling the input at most about doubles the time (no quadratic path)")
    func linearScaling() {
        let shapes: [(Int) -> String] = [
            { String(repeating: "a-", count: $0) + "/" },
            { "h/c:" + String(repeating: "+", count: $0) },
            { String(repeating: "+", count: $0) + "/c:" + String(repeating: "+", count: $0) },
            { String(repeating: "Ab", count: $0) },
        ]
        for shape in shapes {
            let small = shape(200_000)
            let large = shape(1_600_000)
            let run: (String) -> Void = { input in
                _ = try? OCIReference(parsing: input)
                _ = try? OCIReference(normalizing: input)
                _ = try? OCIChartReference(parsing: input)
            }
            run(small)  // warm up
            // The fastest of three runs, so that a busy machine does not decide the outcome.
            let smallTime = (0..<3).map { _ in Self.elapsed { run(small) } }.min() ?? .zero
            let largeTime = (0..<3).map { _ in Self.elapsed { run(large) } }.min() ?? .zero
            // 8× the input; linear is ~8×, quadratic would be ~64×.
            #expect(largeTime < smallTime * 32 + .milliseconds(250), "\(smallTime) → \(largeTime)")
        }
    }

    @Test("a failed parse changes nothing: values are only produced on success")
    func noPartialResult() throws {
        var reference = try OCIReference(parsing: "registry.example.com/team/app:1")
        let before = reference
        do {
            reference = try OCIReference(parsing: "registry.example.com/team/app:1~")
        } catch {}
        #expect(reference == before)
    }
}
