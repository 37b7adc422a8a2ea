import Testing

@testable import GoRegexp
import TestTimeLimits

/// Patterns and inputs that make backtracking engines take exponential time (or give up) finish in
/// linear time here. The bounds are generous (debug builds, a shared machine); real timings are in
/// the benchmarks.
struct HostileInputTests {
    private static func seconds(_ work: () throws -> Void) rethrows -> Double {
        let clock = ContinuousClock()
        let elapsed = try clock.measure(work)
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    @Test func nestedPlusOnLongRunWithoutMatch() throws {
        let re = try GoRegexp("^(a+)+$")
        let input = String(repeating: "a", count: 100_000) + "b"
        let time = Self.seconds {
            #expect(!re.matches(input))
            #expect(re.firstMatchIndices(input) == nil)
            let longest = { var copy = re; copy.longest = true; return copy }()
            #expect(longest.firstMatchIndices(input) == nil)
        }
        #expect(time < TestTimeLimits.scaled(seconds: 2))
    }

    @Test func nestedPlusOnLongRunWithMatch() throws {
        let re = try GoRegexp("^(a+)+$")
        let input = String(repeating: "a", count: 100_000)
        let time = Self.seconds {
            #expect(re.matches(input))
            // Go's answer: the first iteration of the group takes every a.
            #expect(re.firstMatchIndices(input) == [0, 100_000, 0, 100_000])
        }
        #expect(time < TestTimeLimits.scaled(seconds: 2))
    }

    @Test func emptyLazyStarBeforeEnd() throws {
        let re = try GoRegexp("(?:)*?$")
        let input = String(repeating: "x", count: 10 * 1024)
        let time = Self.seconds {
            #expect(re.matches(input))
            #expect(re.firstMatchIndices(input) == [10 * 1024, 10 * 1024])
        }
        #expect(time < TestTimeLimits.scaled(seconds: 2))
    }

    @Test func overlappingPlusesWithoutMatch() throws {
        let re = try GoRegexp("(x+x+)+y")
        let input = String(repeating: "x", count: 50_000)
        let time = Self.seconds {
            #expect(!re.matches(input))
            #expect(re.firstMatchIndices(input) == nil)
        }
        #expect(time < TestTimeLimits.scaled(seconds: 2))
    }

    @Test func thousandDeepNestedGroup() throws {
        let tooDeep = String(repeating: "(", count: 1000) + "a" + String(repeating: ")", count: 1000)
        var time = Self.seconds {
            #expect(throws: GoRegexpError(code: .nestingDepth)) { try GoRegexp(tooDeep) }
        }
        #expect(time < TestTimeLimits.scaled(seconds: 2))

        let deepest = String(repeating: "(", count: 999) + "a" + String(repeating: ")", count: 999)
        time = try Self.seconds {
            let re = try GoRegexp(deepest)
            #expect(re.numberOfGroups == 999)
            let indices = try #require(re.firstMatchIndices("xa"))
            #expect(indices.count == 2000)
            #expect(indices.allSatisfy { $0 == 1 || $0 == 2 })
        }
        #expect(time < TestTimeLimits.scaled(seconds: 2))

        let nonCapturing = String(repeating: "(?:", count: 999) + String(repeating: ")*", count: 999)
        time = try Self.seconds {
            let re = try GoRegexp(nonCapturing)
            #expect(re.firstMatchIndices(String(repeating: "a", count: 1000)) == [0, 0])
        }
        #expect(time < TestTimeLimits.scaled(seconds: 2))
    }

    @Test func manyCapturesOverLongInput() throws {
        let re = try GoRegexp("(.*)(.*)(.*)(.*)(.*)x")
        let input = String(repeating: "ab", count: 5_000)
        let time = Self.seconds {
            #expect(re.firstMatchIndices(input) == nil)
            #expect(re.firstMatchIndices(input + "x")?.prefix(4) == [0, 10_001, 0, 10_000])
        }
        #expect(time < TestTimeLimits.scaled(seconds: 2))
    }

    @Test func largestRepetitionsStayLinear() throws {
        // The bound is O(input × program): here 1,000 instructions run over every byte.
        let re = try GoRegexp("(?:a{1000}){1}b")
        let input = String(repeating: "a", count: 500)
        let time = Self.seconds {
            #expect(!re.matches(input))
            #expect(re.firstMatchIndices(input) == nil)
        }
        #expect(time < TestTimeLimits.scaled(seconds: 2))
    }

    @Test func invalidUTF8InputIsReadByteByByte() throws {
        let re = try GoRegexp(#"^(\x{FFFD}+)(.)$"#)
        let input: [UInt8] = Array(repeating: 0xFF, count: 50_000) + [0x61]
        let time = Self.seconds {
            #expect(re.firstMatchIndices(utf8: input) == [0, 50_001, 0, 50_000, 50_000, 50_001])
        }
        #expect(time < TestTimeLimits.scaled(seconds: 2))
    }
}
