import Testing

@testable import GoRegexp

/// Random patterns (including malformed ones) and random inputs: nothing crashes or hangs, bad
/// patterns throw a ``GoRegexpError``, and the yes/no automaton agrees with the Pike VM.
struct ConsistencyTests {
    /// A small deterministic generator (SplitMix64), so failures reproduce.
    struct Generator {
        var state: UInt64

        mutating func next(_ bound: Int) -> Int {
            self.state &+= 0x9E37_79B9_7F4A_7C15
            var z = self.state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
    }

    static let pieces: [String] = [
        "a", "b", "é", ".", "*", "+", "?", "*?", "{2}", "{1,3}", "{,2}", "(", ")", "(?:", "(?i)", "(?m)", "(?s)",
        "(?P<n>", "|", "[", "]", "[^", "-", "^", "$", "\\b", "\\B", "\\d", "\\w", "\\s", "\\pL", "\\p{Greek}",
        "\\A", "\\z", "\\x41", "\\Q", "\\E", "\\", "{", "}", "[:alpha:]", "\\n", "\n", "k", "K", "ſ", "\u{212A}",
    ]

    @Test func randomPatternsNeverCrashAndEnginesAgree() throws {
        var generator = Generator(state: 42)
        let inputs: [[UInt8]] = [
            [], Array("ab".utf8), Array("aKkſ é\nb1".utf8), Array("bbb aaa".utf8), [0xFF, 0x61, 0x0A, 0xCE, 0xB1],
            Array("Σσς x_y 9".utf8), Array("aaaaaaaaaaaaaaaaaaaaab".utf8),
        ]
        var compiled = 0
        for _ in 0..<3_000 {
            var pattern = ""
            for _ in 0..<(1 + generator.next(8)) {
                pattern += Self.pieces[generator.next(Self.pieces.count)]
            }
            let regexp: CompiledRegexp
            do {
                regexp = try CompiledRegexp(pattern: Array(pattern.utf8), flags: .perl)
            } catch {
                #expect(!error.description.isEmpty)
                continue
            }
            compiled += 1
            for input in inputs {
                input.withUnsafeBufferPointer { buffer in
                    let first = regexp.firstMatch(buffer, longest: false)
                    let longest = regexp.firstMatch(buffer, longest: true)
                    let viaAutomaton = regexp.matches(buffer)
                    var viaMachine = false
                    if let condition = regexp.startCondition {
                        let machine = PikeVM(program: regexp.program, captureCount: 0, longest: false)
                        viaMachine = machine.execute(buffer, startCondition: condition) != nil
                    }
                    #expect(viaAutomaton == viaMachine, "\(pattern) on \(GoQuoted.quote(input))")
                    if let condition = regexp.startCondition {
                        // The backtracker and the Pike VM report the same leftmost-first submatches.
                        let slots = 2 * (regexp.numberOfGroups + 1)
                        let machine = PikeVM(program: regexp.program, captureCount: slots, longest: false)
                        let viaPike = machine.execute(buffer, startCondition: condition)
                        if Backtracker.fits(regexp.program, inputLength: buffer.count) {
                            let viaBacktracker = Backtracker.execute(
                                regexp.program, buffer, captureCount: slots, startCondition: condition)
                            #expect(viaBacktracker == viaPike, "\(pattern) on \(GoQuoted.quote(input))")
                        }
                        #expect(first == viaPike, "\(pattern) on \(GoQuoted.quote(input))")
                    }
                    #expect((first != nil) == viaMachine, "\(pattern) on \(GoQuoted.quote(input))")
                    #expect((longest != nil) == viaMachine, "\(pattern) on \(GoQuoted.quote(input))")
                    if let first, let longest {
                        // Both start at the leftmost position; longest ends no earlier.
                        #expect(first[0] == longest[0] && first[1] <= longest[1], "\(pattern)")
                    }
                }
            }
        }
        #expect(compiled > 500)
    }
}
