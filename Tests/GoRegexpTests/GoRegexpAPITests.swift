import Testing

@testable import GoRegexp

struct GoRegexpAPITests {
    @Test func descriptionIsThePattern() throws {
        let re = try GoRegexp(#"^oci://[0-9]{12}\.dkr\.ecr\."#)
        #expect(re.description == #"^oci://[0-9]{12}\.dkr\.ecr\."#)
        #expect(String(reflecting: re).hasPrefix("GoRegexp("))
    }

    @Test func errorsCarryGoCodeExpressionAndMessage() {
        do {
            _ = try GoRegexp("(a")
            Issue.record("should have thrown")
        } catch let error as GoRegexpError {
            #expect(error.code == .missingParen)
            #expect(error.code.description == "missing closing )")
            #expect(error.expression == "(a")
            #expect(error.description == "error parsing regexp: missing closing ): `(a`")
            #expect(String(reflecting: error).contains("GoRegexp"))
            // Equality compares the code only.
            #expect(error == GoRegexpError(code: .missingParen, expression: "something else"))
            #expect(error != GoRegexpError(code: .unexpectedParen))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test(arguments: [
        (#"(?=a)"#, GoRegexpError.Code.invalidPerlOp, "(?="),
        (#"(?<=a)"#, .invalidNamedCapture, "(?<=a)"),
        (#"(a)\1"#, .invalidEscape, #"\1"#),
        ("a++", .invalidRepeatOp, "++"),
        (#"a\Z"#, .invalidEscape, #"\Z"#),
        ("(?x)a", .invalidPerlOp, "(?x"),
        (#"\C"#, .invalidEscape, #"\C"#),
        ("a{1001}", .invalidRepeatSize, "{1001}"),
        (#"\p{Klingon}"#, .invalidCharRange, #"\p{Klingon}"#),
        ("x**", .invalidRepeatOp, "**"),
        ("*", .missingRepeatArgument, "*"),
        (#"\"#, .trailingBackslash, ""),
        ("[a", .missingBracket, "[a"),
        (")", .unexpectedParen, ")"),
        ("(?P<>a)", .invalidNamedCapture, "(?P<>"),
    ])
    func unsupportedSyntaxIsRejected(pattern: String, code: GoRegexpError.Code, expression: String) {
        #expect {
            _ = try GoRegexp(pattern)
        } throws: { error in
            guard let error = error as? GoRegexpError else { return false }
            return error.code == code && error.expression == expression
        }
    }

    @Test func goSemanticsWhereOtherEnginesDiffer() throws {
        // Perl classes and \b are ASCII-only.
        #expect(try !GoRegexp(#"^\d$"#).matches("٣"))
        #expect(try !GoRegexp(#"^\w$"#).matches("é"))
        #expect(try GoRegexp(#"^\pL$"#).matches("é"))
        #expect(try GoRegexp(#"^\p{Greek}+$"#).matches("αβγ"))
        #expect(try GoRegexp(#"^\PN+$"#).matches("abc"))
        #expect(try !GoRegexp(#"\bé"#).matches("é"))
        // $ is the end of the text, not before a final newline, unless (?m).
        #expect(try !GoRegexp("a$").matches("a\n"))
        #expect(try GoRegexp("(?m)a$").matches("a\n"))
        #expect(try !GoRegexp("^b").matches("a\nb"))
        #expect(try GoRegexp("(?m)^b").matches("a\nb"))
        // . does not match newline unless (?s).
        #expect(try !GoRegexp("a.b").matches("a\nb"))
        #expect(try GoRegexp("(?s)a.b").matches("a\nb"))
        // Octal, hex, named groups, {,n} as a literal.
        #expect(try GoRegexp(#"^\141\x62\x{63}$"#).matches("abc"))
        #expect(try GoRegexp(#"(?P<x>a)(?<y>b)"#).groupNames == ["", "x", "y"])
        #expect(try GoRegexp("^a{,3}$").matches("a{,3}"))
        #expect(try !GoRegexp("^a{,3}$").matches("aa"))
        // Scalars, not grapheme clusters: "é" as e + U+0301 is two runes.
        #expect(try !GoRegexp("^.$").matches("e\u{301}"))
        #expect(try GoRegexp("^..$").matches("e\u{301}"))
        // Simple case folding, including the Kelvin sign and long s.
        #expect(try GoRegexp("(?i)^k$").matches("\u{212A}"))
        #expect(try GoRegexp("(?i)^S$").matches("ſ"))
        #expect(try !GoRegexp("(?i)^ss$").matches("ß"))
    }

    @Test func longestMode() throws {
        // Go's TestLongest.
        var re = try GoRegexp("a(|b)")
        #expect(re.firstMatchIndices("ab") == [0, 1, 1, 1])
        re.longest = true
        #expect(re.firstMatchIndices("ab") == [0, 2, 1, 2])
        #expect(re.matches("ab"))
    }

    @Test func byteOffsetsAndInvalidUTF8() throws {
        let re = try GoRegexp("(é+)(x)?")
        #expect(re.firstMatchIndices("aéé") == [1, 5, 1, 5, -1, -1])
        #expect(re.firstMatchIndices(utf8: Array("aéé".utf8)) == [1, 5, 1, 5, -1, -1])
        // A collection without contiguous storage takes the same path.
        #expect(re.firstMatchIndices(utf8: Array("aéé".utf8).lazy.map { $0 }) == [1, 5, 1, 5, -1, -1])
        #expect(re.matches(utf8: Array("aéé".utf8).lazy.map { $0 }))
        // Invalid bytes are U+FFFD of width 1.
        let any = try GoRegexp("^(.)(.)(.)$")
        #expect(any.firstMatchIndices(utf8: [0xC3, 0xFF, 0x61]) == [0, 3, 0, 1, 1, 2, 2, 3])
        #expect(try GoRegexp(#"^\x{FFFD}$"#).matches(utf8: [0xED, 0xA0, 0x80]) == false)
        #expect(try GoRegexp(#"^\x{FFFD}{3}$"#).matches(utf8: [0xED, 0xA0, 0x80]))
    }

    @Test func copiesAreIndependentAndConcurrentUseIsSafe() async throws {
        let re = try GoRegexp(#"^oci://([0-9]{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com/"#)
        var copy = re
        copy.longest = true
        #expect(!re.longest)
        let url = "oci://123456789012.dkr.ecr.eu-west-1.amazonaws.com/charts"
        let expected = re.firstMatchIndices(url)
        #expect(expected == [0, 51, 6, 18, 27, 36])
        let results = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<64 {
                group.addTask {
                    let input = index % 2 == 0 ? url : "https://example.com/"
                    let indices = re.firstMatchIndices(input)
                    return re.matches(input) == (index % 2 == 0) && (indices == (index % 2 == 0 ? expected : nil))
                }
            }
            var all: [Bool] = []
            for await result in group {
                all.append(result)
            }
            return all
        }
        #expect(results.count == 64)
        #expect(results.allSatisfy { $0 })
    }

    @Test func groupIndexAndNames() throws {
        let re = try GoRegexp(#"(?P<account>[0-9]{12})\.dkr\.ecr\.(?<region>[a-z0-9-]+)\.(amazonaws)"#)
        #expect(re.numberOfGroups == 3)
        #expect(re.groupNames == ["", "account", "region", ""])
        #expect(re.groupIndex(named: "region") == 2)
        #expect(re.groupIndex(named: "amazonaws") == nil)
    }

    @Test func unicodeVersion() {
        #expect(UnicodeTableData.version == "15.0.0")
        #expect(UnicodeClasses.categories.count == 36)
        #expect(UnicodeClasses.scripts.count == 163)
        #expect(UnicodeClasses.scripts["Kawi"] != nil)  // new in Unicode 15.0
        #expect(UnicodeClasses.categories["Cn"] == nil)  // Go has no table of unassigned code points
    }
}

struct EngineSelectionTests {
    @Test(arguments: [
        #"^(?:.*\.dkr\.ecr\..*\.amazonaws\.com)"#,
        #"oci://123456789012\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com/"#,
        #"^(?:oci|https)://([0-9]{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com/(.*)$"#,
    ])
    func fleetPatternsGetTheAutomaton(pattern: String) throws {
        let compiled = try CompiledRegexp(pattern: Array(pattern.utf8), flags: .perl)
        let dfa = try #require(compiled.dfa)
        #expect(dfa.size.states < 100)
    }

    @Test func hugeProgramsFallBackToThePikeVM() throws {
        let compiled = try CompiledRegexp(pattern: Array(String(repeating: "a{1000}", count: 70).utf8), flags: .perl)
        #expect(compiled.program.instructions.count > MatchDFA.maxInstructions)
        #expect(compiled.dfa == nil)
        // An exploding subset construction gives up within the budget.
        let exploding = try CompiledRegexp(pattern: Array("(a|b)*a(a|b){20}".utf8), flags: .perl)
        #expect(exploding.dfa == nil)
        let re = try GoRegexp("(a|b)*a(a|b){20}")
        #expect(re.matches("a" + String(repeating: "b", count: 20)))
        #expect(!re.matches(String(repeating: "b", count: 21)))
    }
}
