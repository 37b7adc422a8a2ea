import Testing

@testable import GoRegexp

/// Go's own test tables for `regexp/syntax` (parse_test.go, prog_test.go) and `regexp`
/// (all_test.go, find_test.go), rewritten as Swift tables: the patterns and expected results are
/// Go's, the test code is ours.
struct GoTableTests {
    // MARK: - parse_test.go

    /// Go's `parseTests`, parsed with `MatchNL | PerlX | UnicodeGroups`; an empty dump means "parses".
    static let parseCases: [(String, String)] = [
        (#"a"#, #"lit{a}"#),
        (#"a."#, #"cat{lit{a}dot{}}"#),
        (#"a.b"#, #"cat{lit{a}dot{}lit{b}}"#),
        (#"ab"#, #"str{ab}"#),
        (#"a.b.c"#, #"cat{lit{a}dot{}lit{b}dot{}lit{c}}"#),
        (#"abc"#, #"str{abc}"#),
        (#"a|^"#, #"alt{lit{a}bol{}}"#),
        (#"a|b"#, #"cc{0x61-0x62}"#),
        (#"(a)"#, #"cap{lit{a}}"#),
        (#"(a)|b"#, #"alt{cap{lit{a}}lit{b}}"#),
        (#"a*"#, #"star{lit{a}}"#),
        (#"a+"#, #"plus{lit{a}}"#),
        (#"a?"#, #"que{lit{a}}"#),
        (#"a{2}"#, #"rep{2,2 lit{a}}"#),
        (#"a{2,3}"#, #"rep{2,3 lit{a}}"#),
        (#"a{2,}"#, #"rep{2,-1 lit{a}}"#),
        (#"a*?"#, #"nstar{lit{a}}"#),
        (#"a+?"#, #"nplus{lit{a}}"#),
        (#"a??"#, #"nque{lit{a}}"#),
        (#"a{2}?"#, #"nrep{2,2 lit{a}}"#),
        (#"a{2,3}?"#, #"nrep{2,3 lit{a}}"#),
        (#"a{2,}?"#, #"nrep{2,-1 lit{a}}"#),
        (#"x{1001"#, #"str{x{1001}"#),
        (#"x{9876543210"#, #"str{x{9876543210}"#),
        (#"x{9876543210,"#, #"str{x{9876543210,}"#),
        (#"x{2,1"#, #"str{x{2,1}"#),
        (#"x{1,9876543210"#, #"str{x{1,9876543210}"#),
        (#""#, #"emp{}"#),
        (#"|"#, #"emp{}"#),
        (#"|x|"#, #"alt{emp{}lit{x}emp{}}"#),
        (#"."#, #"dot{}"#),
        (#"^"#, #"bol{}"#),
        (#"$"#, #"eol{}"#),
        (#"\|"#, #"lit{|}"#),
        (#"\("#, #"lit{(}"#),
        (#"\)"#, #"lit{)}"#),
        (#"\*"#, #"lit{*}"#),
        (#"\+"#, #"lit{+}"#),
        (#"\?"#, #"lit{?}"#),
        (#"{"#, #"lit{{}"#),
        (#"}"#, #"lit{}}"#),
        (#"\."#, #"lit{.}"#),
        (#"\^"#, #"lit{^}"#),
        (#"\$"#, #"lit{$}"#),
        (#"\\"#, #"lit{\}"#),
        (#"[ace]"#, #"cc{0x61 0x63 0x65}"#),
        (#"[abc]"#, #"cc{0x61-0x63}"#),
        (#"[a-z]"#, #"cc{0x61-0x7a}"#),
        (#"[a]"#, #"lit{a}"#),
        (#"\-"#, #"lit{-}"#),
        (#"-"#, #"lit{-}"#),
        (#"\_"#, #"lit{_}"#),
        (#"abc"#, #"str{abc}"#),
        (#"abc|def"#, #"alt{str{abc}str{def}}"#),
        (#"abc|def|ghi"#, #"alt{str{abc}str{def}str{ghi}}"#),
        (#"[[:lower:]]"#, #"cc{0x61-0x7a}"#),
        (#"[a-z]"#, #"cc{0x61-0x7a}"#),
        (#"[^[:lower:]]"#, #"cc{0x0-0x60 0x7b-0x10ffff}"#),
        (#"[[:^lower:]]"#, #"cc{0x0-0x60 0x7b-0x10ffff}"#),
        (#"(?i)[[:lower:]]"#, #"cc{0x41-0x5a 0x61-0x7a 0x17f 0x212a}"#),
        (#"(?i)[a-z]"#, #"cc{0x41-0x5a 0x61-0x7a 0x17f 0x212a}"#),
        (#"(?i)[^[:lower:]]"#, #"cc{0x0-0x40 0x5b-0x60 0x7b-0x17e 0x180-0x2129 0x212b-0x10ffff}"#),
        (#"(?i)[[:^lower:]]"#, #"cc{0x0-0x40 0x5b-0x60 0x7b-0x17e 0x180-0x2129 0x212b-0x10ffff}"#),
        (#"\d"#, #"cc{0x30-0x39}"#),
        (#"\D"#, #"cc{0x0-0x2f 0x3a-0x10ffff}"#),
        (#"\s"#, #"cc{0x9-0xa 0xc-0xd 0x20}"#),
        (#"\S"#, #"cc{0x0-0x8 0xb 0xe-0x1f 0x21-0x10ffff}"#),
        (#"\w"#, #"cc{0x30-0x39 0x41-0x5a 0x5f 0x61-0x7a}"#),
        (#"\W"#, #"cc{0x0-0x2f 0x3a-0x40 0x5b-0x5e 0x60 0x7b-0x10ffff}"#),
        (#"(?i)\w"#, #"cc{0x30-0x39 0x41-0x5a 0x5f 0x61-0x7a 0x17f 0x212a}"#),
        (#"(?i)\W"#, #"cc{0x0-0x2f 0x3a-0x40 0x5b-0x5e 0x60 0x7b-0x17e 0x180-0x2129 0x212b-0x10ffff}"#),
        (#"[^\\]"#, #"cc{0x0-0x5b 0x5d-0x10ffff}"#),
        (#"\p{Braille}"#, #"cc{0x2800-0x28ff}"#),
        (#"\P{Braille}"#, #"cc{0x0-0x27ff 0x2900-0x10ffff}"#),
        (#"\p{^Braille}"#, #"cc{0x0-0x27ff 0x2900-0x10ffff}"#),
        (#"\P{^Braille}"#, #"cc{0x2800-0x28ff}"#),
        (#"\pZ"#, #"cc{0x20 0xa0 0x1680 0x2000-0x200a 0x2028-0x2029 0x202f 0x205f 0x3000}"#),
        (#"[\p{Braille}]"#, #"cc{0x2800-0x28ff}"#),
        (#"[\P{Braille}]"#, #"cc{0x0-0x27ff 0x2900-0x10ffff}"#),
        (#"[\p{^Braille}]"#, #"cc{0x0-0x27ff 0x2900-0x10ffff}"#),
        (#"[\P{^Braille}]"#, #"cc{0x2800-0x28ff}"#),
        (#"[\pZ]"#, #"cc{0x20 0xa0 0x1680 0x2000-0x200a 0x2028-0x2029 0x202f 0x205f 0x3000}"#),
        (#"\p{Any}"#, #"dot{}"#),
        (#"\p{^Any}"#, #"cc{}"#),
        (#"[\012-\234]\141"#, #"cat{cc{0xa-0x9c}lit{a}}"#),
        (#"[\x{41}-\x7a]\x61"#, #"cat{cc{0x41-0x7a}lit{a}}"#),
        (#"a{,2}"#, #"str{a{,2}}"#),
        (#"\.\^\$\\"#, #"str{.^$\}"#),
        (#"[a-zABC]"#, #"cc{0x41-0x43 0x61-0x7a}"#),
        (#"[^a]"#, #"cc{0x0-0x60 0x62-0x10ffff}"#),
        (#"[α-ε☺]"#, #"cc{0x3b1-0x3b5 0x263a}"#),
        (#"a*{"#, #"cat{star{lit{a}}lit{{}}"#),
        (#"(?:ab)*"#, #"star{str{ab}}"#),
        (#"(ab)*"#, #"star{cap{str{ab}}}"#),
        (#"ab|cd"#, #"alt{str{ab}str{cd}}"#),
        (#"a(b|c)d"#, #"cat{lit{a}cap{cc{0x62-0x63}}lit{d}}"#),
        (#"(?:a)"#, #"lit{a}"#),
        (#"(?:ab)(?:cd)"#, #"str{abcd}"#),
        (#"(?:a+b+)(?:c+d+)"#, #"cat{plus{lit{a}}plus{lit{b}}plus{lit{c}}plus{lit{d}}}"#),
        (#"(?:a+|b+)|(?:c+|d+)"#, #"alt{plus{lit{a}}plus{lit{b}}plus{lit{c}}plus{lit{d}}}"#),
        (#"(?:a|b)|(?:c|d)"#, #"cc{0x61-0x64}"#),
        (#"a|."#, #"dot{}"#),
        (#".|a"#, #"dot{}"#),
        (#"(?:[abc]|A|Z|hello|world)"#, #"alt{cc{0x41 0x5a 0x61-0x63}str{hello}str{world}}"#),
        (#"(?:[abc]|A|Z)"#, #"cc{0x41 0x5a 0x61-0x63}"#),
        (#"\Q+|*?{[\E"#, #"str{+|*?{[}"#),
        (#"\Q+\E+"#, #"plus{lit{+}}"#),
        (#"\Qab\E+"#, #"cat{lit{a}plus{lit{b}}}"#),
        (#"\Q\\E"#, #"lit{\}"#),
        (#"\Q\\\E"#, #"str{\\}"#),
        (#"(?m)^"#, #"bol{}"#),
        (#"(?m)$"#, #"eol{}"#),
        (#"(?-m)^"#, #"bot{}"#),
        (#"(?-m)$"#, #"eot{}"#),
        (#"(?m)\A"#, #"bot{}"#),
        (#"(?m)\z"#, #"eot{\z}"#),
        (#"(?-m)\A"#, #"bot{}"#),
        (#"(?-m)\z"#, #"eot{\z}"#),
        (#"(?P<name>a)"#, #"cap{name:lit{a}}"#),
        (#"(?<name>a)"#, #"cap{name:lit{a}}"#),
        (#"[Aa]"#, #"litfold{A}"#),
        (#"[\x{100}\x{101}]"#, #"litfold{Ā}"#),
        (#"[Δδ]"#, #"litfold{Δ}"#),
        (#"abcde"#, #"str{abcde}"#),
        (#"[Aa][Bb]cd"#, #"cat{strfold{AB}str{cd}}"#),
        (#"abc|abd|aef|bcx|bcy"#, #"alt{cat{lit{a}alt{cat{lit{b}cc{0x63-0x64}}str{ef}}}cat{str{bc}cc{0x78-0x79}}}"#),
        (#"ax+y|ax+z|ay+w"#, #"cat{lit{a}alt{cat{plus{lit{x}}lit{y}}cat{plus{lit{x}}lit{z}}cat{plus{lit{y}}lit{w}}}}"#),
        (#"(?:.)"#, #"dot{}"#),
        (#"(?:x|(?:xa))"#, #"cat{lit{x}alt{emp{}lit{a}}}"#),
        (#"(?:.|(?:.a))"#, #"cat{dot{}alt{emp{}lit{a}}}"#),
        (#"(?:A(?:A|a))"#, #"cat{lit{A}litfold{A}}"#),
        (#"(?:A|a)"#, #"litfold{A}"#),
        (#"A|(?:A|a)"#, #"litfold{A}"#),
        (#"(?s)."#, #"dot{}"#),
        (#"(?-s)."#, #"dnl{}"#),
        (#"(?:(?:^).)"#, #"cat{bol{}dot{}}"#),
        (#"(?-s)(?:(?:^).)"#, #"cat{bol{}dnl{}}"#),
        (#"[\s\S]a"#, #"cat{cc{0x0-0x10ffff}lit{a}}"#),
        (#"abc|abd"#, #"cat{str{ab}cc{0x63-0x64}}"#),
        (#"a(?:b)c|abd"#, #"cat{str{ab}cc{0x63-0x64}}"#),
        (#"abc|abd|aef|bcx|bcy"#, #"alt{cat{lit{a}alt{cat{lit{b}cc{0x63-0x64}}str{ef}}}cat{str{bc}cc{0x78-0x79}}}"#),
        (#"abc|x|abd"#, #"alt{str{abc}lit{x}str{abd}}"#),
        (#"(?i)abc|ABD"#, #"cat{strfold{AB}cc{0x43-0x44 0x63-0x64}}"#),
        (#"[ab]c|[ab]d"#, #"cat{cc{0x61-0x62}cc{0x63-0x64}}"#),
        (#".c|.d"#, #"cat{dot{}cc{0x63-0x64}}"#),
        (#"x{2}|x{2}[0-9]"#, #"cat{rep{2,2 lit{x}}alt{emp{}cc{0x30-0x39}}}"#),
        (#"x{2}y|x{2}[0-9]y"#, #"cat{rep{2,2 lit{x}}alt{lit{y}cat{cc{0x30-0x39}lit{y}}}}"#),
        (#"a.*?c|a.*?b"#, #"cat{lit{a}alt{cat{nstar{dot{}}lit{c}}cat{nstar{dot{}}lit{b}}}}"#),
        (#"((((((((((x{2}){2}){2}){2}){2}){2}){2}){2}){2}))"#, #""#),
        (#"((((((((((x{1}){2}){2}){2}){2}){2}){2}){2}){2}){2})"#, #""#),
    ]

    /// Go's `testFlags`.
    static let testFlags: ParseFlags = [.matchNL, .perlX, .unicodeGroups]

    @Test(arguments: GoTableTests.parseCases)
    func parse(pattern: String, dump: String) throws {
        let tree = try Parser.parse(Array(pattern.utf8), flags: Self.testFlags)
        if !dump.isEmpty {
            #expect(ParseTreeDump.dump(tree) == dump)
        }
    }

    /// The entries of `parseTests` that Go builds with code rather than literals.
    @Test func parseGeneratedEntries() throws {
        let deep = String(repeating: "(", count: 999) + String(repeating: ")", count: 999)
        let starred = String(repeating: "(?:", count: 999) + String(repeating: ")*", count: 999)
        let flat = "(" + String(repeating: "|", count: 12345) + ")"
        for pattern in [deep, starred, flat] {
            _ = try Parser.parse(Array(pattern.utf8), flags: Self.testFlags)
        }
        // mkCharClass(unicode.IsUpper): the Lu table; isUpperFold adds what folds to it.
        let upper = try #require(UnicodeClasses.categories["Lu"])
        let upperDump = ParseTreeDump.dump(Self.classNode(upper))
        #expect(ParseTreeDump.dump(try Parser.parse(Array(#"\p{Lu}"#.utf8), flags: Self.testFlags)) == upperDump)
        #expect(ParseTreeDump.dump(try Parser.parse(Array(#"[\p{Lu}]"#.utf8), flags: Self.testFlags)) == upperDump)
        var folded: [Rune] = []
        var r: Rune = 0
        while r <= maxRune {
            var f = r
            repeat {
                if CharClass.contains(upper, f) {
                    CharClass.appendRange(&folded, r, r)
                    break
                }
                f = CaseFolding.simpleFold(f)
            } while f != r
            r += 1
        }
        let foldedDump = ParseTreeDump.dump(Self.classNode(folded))
        #expect(ParseTreeDump.dump(try Parser.parse(Array(#"(?i)[\p{Lu}]"#.utf8), flags: Self.testFlags)) == foldedDump)
    }

    private static func classNode(_ ranges: [Rune]) -> Node {
        let node = Node(.charClass)
        node.runes = ranges
        return node
    }

    /// Go's `foldcaseTests`, parsed with `FoldCase` only.
    static let foldcaseCases: [(String, String)] = [
        (#"AbCdE"#, #"strfold{ABCDE}"#),
        (#"[Aa]"#, #"litfold{A}"#),
        (#"a"#, #"litfold{A}"#),
        (#"A[F-g]"#, #"cat{litfold{A}cc{0x41-0x7a 0x17f 0x212a}}"#),
        (#"[[:upper:]]"#, #"cc{0x41-0x5a 0x61-0x7a 0x17f 0x212a}"#),
        (#"[[:lower:]]"#, #"cc{0x41-0x5a 0x61-0x7a 0x17f 0x212a}"#),
    ]

    @Test(arguments: GoTableTests.foldcaseCases)
    func parseFoldCase(pattern: String, dump: String) throws {
        #expect(ParseTreeDump.dump(try Parser.parse(Array(pattern.utf8), flags: .foldCase)) == dump)
    }

    @Test func parseLiteral() throws {
        let tree = try Parser.parse(Array("(|)^$.[*+?]{5,10},\\".utf8), flags: .literal)
        #expect(ParseTreeDump.dump(tree) == "str{(|)^$.[*+?]{5,10},\\}")
    }

    /// Go's `matchnlTests` (parsed with `MatchNL`) and `nomatchnlTests` (no flags).
    static let matchNLCases: [(String, String, Bool)] = [
        (".", "dot{}", true), ("\n", "lit{\n}", true), ("[^a]", "cc{0x0-0x60 0x62-0x10ffff}", true),
        (#"[a\n]"#, "cc{0xa 0x61}", true),
        (".", "dnl{}", false), ("\n", "lit{\n}", false), ("[^a]", "cc{0x0-0x9 0xb-0x60 0x62-0x10ffff}", false),
        (#"[a\n]"#, "cc{0xa 0x61}", false),
    ]

    @Test(arguments: GoTableTests.matchNLCases)
    func parseMatchNL(pattern: String, dump: String, matchNL: Bool) throws {
        let tree = try Parser.parse(Array(pattern.utf8), flags: matchNL ? .matchNL : [])
        #expect(ParseTreeDump.dump(tree) == dump)
    }

    /// Go's `invalidRegexps`: rejected in both Perl and POSIX mode.
    static let invalidPatterns: [[UInt8]] = [
        "(", ")", "(a", "a)", "(a))", "(a|b|", "a|b|)", "(a|b|))", "(a|b", "a|b)", "(a|b))", "[a-z",
        "([a-z)", "[a-z)", "([a-z]))", "x{1001}", "x{9876543210}", "x{2,1}", "x{1,9876543210}",
        #"(?P<name>a"#, #"(?P<name>"#, #"(?P<name"#, #"(?P<x y>a)"#, #"(?P<>a)"#, #"(?<name>a"#, #"(?<name>"#,
        #"(?<name"#, #"(?<x y>a)"#, #"(?<>a)"#, "[a-Z]", "(?i)[a-Z]", #"\Q\E*"#, "a{100000}", "a{100000,}",
        "((((((((((x{2}){2}){2}){2}){2}){2}){2}){2}){2}){2})",
        String(repeating: "(", count: 1000) + String(repeating: ")", count: 1000),
        String(repeating: "(?:", count: 1000) + String(repeating: ")*", count: 1000),
        "(" + String(repeating: "(xx?)", count: 1000) + "){1000}",
        String(repeating: "(xx?){1000}", count: 1000),
        String(repeating: #"\pL"#, count: 27000),
    ].map { Array($0.utf8) } + [[0xFF], [0x5B, 0xFF, 0x5D], [0x5B, 0x5C, 0xFF, 0x5D], [0x5C, 0xFF]]

    @Test func invalidRegexpsFailInBothModes() {
        for pattern in Self.invalidPatterns {
            #expect(throws: GoRegexpError.self, "\(GoQuoted.quote(Array(pattern.prefix(40))))") {
                try Parser.parse(pattern, flags: .perl)
            }
            #expect(throws: GoRegexpError.self, "\(GoQuoted.quote(Array(pattern.prefix(40))))") {
                try Parser.parse(pattern, flags: .posix)
            }
        }
    }

    /// Go's `onlyPerl` and `onlyPOSIX`.
    static let onlyPerlPatterns = [#"[a-b-c]"#, #"\Qabc\E"#, #"\Q*+?{[\E"#, #"\Q\\E"#, #"\Q\\\E"#, #"\Q\\\\E"#, #"\Q\\\\\E"#, "(?:a)", "(?P<name>a)"]
    static let onlyPOSIXPatterns = ["a++", "a**", "a?*", "a+*", "a{1}*", ".{1}{2}.{3}"]

    @Test(arguments: GoTableTests.onlyPerlPatterns)
    func onlyPerl(pattern: String) throws {
        _ = try Parser.parse(Array(pattern.utf8), flags: .perl)
        #expect(throws: GoRegexpError.self) { try Parser.parse(Array(pattern.utf8), flags: .posix) }
    }

    @Test(arguments: GoTableTests.onlyPOSIXPatterns)
    func onlyPOSIX(pattern: String) throws {
        _ = try Parser.parse(Array(pattern.utf8), flags: .posix)
        #expect(throws: GoRegexpError.self) { try Parser.parse(Array(pattern.utf8), flags: .perl) }
    }

    @Test func foldConstants() {
        // Go's TestFoldConstants: minFold and maxFold bound the runes SimpleFold moves.
        #expect(CaseFolding.foldingRunes.first == CaseFolding.minFold)
        #expect(CaseFolding.foldingRunes.last == CaseFolding.maxFold)
        var moved = 0
        var r: Rune = 0
        while r <= maxRune {
            if CaseFolding.simpleFold(r) != r {
                moved += 1
            }
            r += 1
        }
        #expect(moved == CaseFolding.foldingRunes.count)
        #expect(moved == 2_878)
    }

    @Test func appendRangeCollapse() {
        // Go's TestAppendRangeCollapse: interleaved A-Z and a-z stay two ranges.
        var r: [Rune] = []
        for c in Rune(0x41)...Rune(0x5A) {
            CharClass.appendRange(&r, c, c)
            CharClass.appendRange(&r, c + 0x20, c + 0x20)
        }
        #expect(r == [0x41, 0x5A, 0x61, 0x7A])
    }

    // MARK: - prog_test.go

    /// Go's `compileTests`: the program listing for patterns parsed with Perl flags.
    static let compileListings: [(String, String)] = [
        (#"a"#, """
  0	fail
  1*	rune1 "a" -> 2
  2	match
"""),
        (#"[A-M][n-z]"#, """
  0	fail
  1*	rune "AM" -> 2
  2	rune "nz" -> 3
  3	match
"""),
        (#""#, """
  0	fail
  1*	nop -> 2
  2	match
"""),
        (#"a?"#, """
  0	fail
  1	rune1 "a" -> 3
  2*	alt -> 1, 3
  3	match
"""),
        (#"a??"#, """
  0	fail
  1	rune1 "a" -> 3
  2*	alt -> 3, 1
  3	match
"""),
        (#"a+"#, """
  0	fail
  1*	rune1 "a" -> 2
  2	alt -> 1, 3
  3	match
"""),
        (#"a+?"#, """
  0	fail
  1*	rune1 "a" -> 2
  2	alt -> 3, 1
  3	match
"""),
        (#"a*"#, """
  0	fail
  1	rune1 "a" -> 2
  2*	alt -> 1, 3
  3	match
"""),
        (#"a*?"#, """
  0	fail
  1	rune1 "a" -> 2
  2*	alt -> 3, 1
  3	match
"""),
        (#"a+b+"#, """
  0	fail
  1*	rune1 "a" -> 2
  2	alt -> 1, 3
  3	rune1 "b" -> 4
  4	alt -> 3, 5
  5	match
"""),
        (#"(a+)(b+)"#, """
  0	fail
  1*	cap 2 -> 2
  2	rune1 "a" -> 3
  3	alt -> 2, 4
  4	cap 3 -> 5
  5	cap 4 -> 6
  6	rune1 "b" -> 7
  7	alt -> 6, 8
  8	cap 5 -> 9
  9	match
"""),
        (#"a+|b+"#, """
  0	fail
  1	rune1 "a" -> 2
  2	alt -> 1, 6
  3	rune1 "b" -> 4
  4	alt -> 3, 6
  5*	alt -> 1, 3
  6	match
"""),
        (#"A[Aa]"#, """
  0	fail
  1*	rune1 "A" -> 2
  2	rune "A"/i -> 3
  3	match
"""),
        (#"(?:(?:^).)"#, """
  0	fail
  1*	empty 4 -> 2
  2	anynotnl -> 3
  3	match
"""),
        (#"(?:|a)+"#, """
  0	fail
  1	nop -> 4
  2	rune1 "a" -> 4
  3*	alt -> 1, 2
  4	alt -> 3, 5
  5	match
"""),
        (#"(?:|a)*"#, """
  0	fail
  1	nop -> 4
  2	rune1 "a" -> 4
  3	alt -> 1, 2
  4	alt -> 3, 6
  5*	alt -> 3, 6
  6	match
"""),
    ]

    @Test(arguments: GoTableTests.compileListings)
    func compile(pattern: String, listing: String) throws {
        let program = Compiler.compile(try Parser.parse(Array(pattern.utf8), flags: .perl))
        #expect(program.dump == listing + "\n")
    }

    // MARK: - all_test.go

    static let goodPatterns = [
        "", ".", "^.$", "a", "a*", "a+", "a?", "a|b", "a*|b*", "(a*|b)(c*|d)", "[a-z]", #"[a-abc-c\-\]\[]"#,
        "[a-z]+", "[abc]", "[^1234]", #"[^\n]"#, #"\!\\"#,
    ]

    @Test(arguments: GoTableTests.goodPatterns)
    func goodCompile(pattern: String) throws {
        _ = try GoRegexp(pattern)
    }

    /// Go's `badRe`: each message must contain the expected text.
    static let badPatterns: [(String, String)] = [
        ("*", "missing argument to repetition operator: `*`"),
        ("+", "missing argument to repetition operator: `+`"),
        ("?", "missing argument to repetition operator: `?`"),
        ("(abc", "missing closing ): `(abc`"),
        ("abc)", "unexpected ): `abc)`"),
        ("x[a-z", "missing closing ]: `[a-z`"),
        ("[z-a]", "invalid character class range: `z-a`"),
        (#"abc\"#, "trailing backslash at end of expression"),
        ("a**", "invalid nested repetition operator: `**`"),
        ("a*+", "invalid nested repetition operator: `*+`"),
        (#"\x"#, "invalid escape sequence: `\\x`"),
        (String(repeating: #"\pL"#, count: 27000), "expression too large"),
    ]

    @Test(arguments: GoTableTests.badPatterns)
    func badCompile(pattern: String, message: String) {
        #expect {
            _ = try GoRegexp(pattern)
        } throws: { error in
            (error as? GoRegexpError)?.description.contains(message) == true
        }
    }

    /// Go's `subexpCases`: number of groups, names, and `SubexpIndex`.
    @Test func subexpressions() throws {
        let cases: [(String, Int, [String]?)] = [
            ("", 0, nil), (".*", 0, nil), ("abba", 0, nil), ("ab(b)a", 1, ["", ""]), ("ab(.*)a", 1, ["", ""]),
            ("(.*)ab(.*)a", 2, ["", "", ""]), ("(.*)(ab)(.*)a", 3, ["", "", "", ""]),
            ("(.*)((a)b)(.*)a", 4, ["", "", "", "", ""]), (#"(.*)(\(ab)(.*)a"#, 3, ["", "", "", ""]),
            (#"(.*)(\(a\)b)(.*)a"#, 3, ["", "", "", ""]),
            ("(?P<foo>.*)(?P<bar>(a)b)(?P<foo>.*)a", 4, ["", "foo", "bar", "", "foo"]),
        ]
        for (pattern, count, names) in cases {
            let re = try GoRegexp(pattern)
            #expect(re.numberOfGroups == count, "\(pattern)")
            #expect(re.groupNames.count == count + 1, "\(pattern)")
            if let names {
                #expect(re.groupNames == names, "\(pattern)")
            }
            #expect(re.groupIndex(named: "") == nil)
            #expect(re.groupIndex(named: "missing") == nil)
        }
        let named = try GoRegexp("(?P<foo>.*)(?P<bar>(a)b)(?P<foo>.*)a")
        #expect(named.groupIndex(named: "foo") == 1)
        #expect(named.groupIndex(named: "bar") == 2)
    }

    /// Go's `metaTests` for `QuoteMeta`: the quoted pattern matches the original text literally.
    @Test func quoteMeta() throws {
        let cases = [
            ("", ""), ("foo", "foo"), ("日本語+", #"日本語\+"#), (#"foo\.\$"#, #"foo\\\.\\\$"#),
            (#"foo.\$"#, #"foo\.\\\$"#),
            (#"!@#$%^&*()_+-=[{]}\|,<.>/?~"#, #"!@#\$%\^&\*\(\)_\+-=\[\{\]\}\\\|,<\.>/\?~"#),
        ]
        for (text, quoted) in cases {
            #expect(GoRegexp.quoteMeta(text) == quoted)
            if !text.isEmpty {
                let re = try GoRegexp(quoted)
                let input = "abc" + text + "def"
                #expect(re.firstMatchIndices(input) == [3, 3 + text.utf8.count])
            }
        }
    }

    /// Go's `minInputLenTests`.
    @Test func minimumInputLength() throws {
        let cases: [(String, Int)] = [
            ("", 0), ("a", 1), ("aa", 2), ("(aa)a", 3), ("(?:aa)a", 3), ("a?a", 1), ("(aaa)|(aa)", 2),
            ("(aa)+a", 3), ("(aa)*a", 1), ("(aa){3,5}", 6), ("[a-z]", 1), ("日", 3),
        ]
        for (pattern, length) in cases {
            let compiled = try CompiledRegexp(pattern: Array(pattern.utf8), flags: .perl)
            #expect(compiled.minimumInputLength == length, "\(pattern)")
        }
    }

    // MARK: - find_test.go

    /// Go's `findTests`, first match only (GoRegexp has no FindAll): pattern, text, and the
    /// expected `FindSubmatchIndex`.
    static let findCases: [(String, Bytes, [Int]?)] = [
        ("", [], [0, 0]), ("^abcdefg", "abcdefg", [0, 7]), ("a+", "baaab", [1, 4]), ("abcd..", "abcdef", [0, 6]),
        ("a", "a", [0, 1]), ("x", "y", nil), ("b", "abc", [1, 2]), (".", "a", [0, 1]), (".*", "abcdef", [0, 6]),
        ("^", "abcde", [0, 0]), ("$", "abcde", [5, 5]), ("^abcd$", "abcd", [0, 4]), ("^bcd'", "abcdef", nil),
        ("^abcd$", "abcde", nil), ("a*", "baaab", [0, 0]), ("[a-z]+", "abcd", [0, 4]),
        ("[^a-z]+", "ab1234cd", [2, 6]), (#"[a\-\]z]+"#, "az]-bcz", [0, 4]), (#"[^\n]+"#, "abcd\n", [0, 4]),
        ("[日本語]+", "日本語日本語", [0, 18]), ("日本語+", "日本語", [0, 9]), ("日本語+", "日本語語語語", [0, 18]),
        ("()", "", [0, 0, 0, 0]), ("(a)", "a", [0, 1, 0, 1]), ("(.)(.)", "日a", [0, 4, 0, 3, 3, 4]),
        ("(.*)", "", [0, 0, 0, 0]), ("(.*)", "abcd", [0, 4, 0, 4]), ("(..)(..)", "abcd", [0, 4, 0, 2, 2, 4]),
        ("(([^xyz]*)(d))", "abcd", [0, 4, 0, 4, 0, 3, 3, 4]), ("((a|b|c)*(d))", "abcd", [0, 4, 0, 4, 2, 3, 3, 4]),
        ("(((a|b|c)*)(d))", "abcd", [0, 4, 0, 4, 0, 3, 2, 3, 3, 4]),
        (#"\a\f\n\r\t\v"#, [7, 12, 10, 13, 9, 11], [0, 6]), (#"[\a\f\n\r\t\v]+"#, [7, 12, 10, 13, 9, 11], [0, 6]),
        ("a*(|(b))c*", "aacc", [0, 4, 2, 2, -1, -1]), ("(.*).*", "ab", [0, 2, 0, 2]), ("[.]", ".", [0, 1]),
        ("/$", "/abc/", [4, 5]), ("/$", "/abc", nil),
        (".", "abc", [0, 1]), ("(.)", "abc", [0, 1, 0, 1]), (".(.)", "abcd", [0, 2, 1, 2]), ("ab*", "abbaab", [0, 3]),
        ("a(b*)", "abbaab", [0, 3, 1, 3]),
        ("ab$", "cab", [1, 3]), ("axxb$", "axxcb", nil), ("data", "daXY data", [5, 9]),
        ("da(.)a$", "daXY data", [5, 9, 7, 8]), ("zx+", "zzx", [1, 3]), ("ab$", "abcab", [3, 5]),
        ("(aa)*$", "a", [1, 1, -1, -1]), ("(?:.|(?:.a))", "", nil), ("(?:A(?:A|a))", "Aa", [0, 2]),
        ("(?:A|(?:A|a))", "a", [0, 1]), ("(a){0}", "", [0, 0, -1, -1]), ("(?-s)(?:(?:^).)", "\n", nil),
        ("(?s)(?:(?:^).)", "\n", [0, 1]), ("(?:(?:^).)", "\n", nil), (#"\b"#, "x", [0, 0]), (#"\b"#, "xx", [0, 0]),
        (#"\b"#, "x y", [0, 0]), (#"\b"#, "xx yy", [0, 0]), (#"\B"#, "x", nil), (#"\B"#, "xx", [1, 1]),
        (#"\B"#, "x y", nil), (#"\B"#, "xx yy", [1, 1]), ("(|a)*", "aa", [0, 0, 0, 0]),
        (#"[^\S\s]"#, "abcd", nil), (#"[^\S[:space:]]"#, "abcd", nil), (#"[^\D\d]"#, "abcd", nil),
        (#"[^\D[:digit:]]"#, "abcd", nil), (#"(?i)\W"#, "x", nil), (#"(?i)\W"#, "k", nil), (#"(?i)\W"#, "s", nil),
        (##"\!\"\#\$\%\&\'\(\)\*\+\,\-\.\/\:\;\<\=\>\?\@\[\\\]\^\_\{\|\}\~"##, ##"!"#$%&'()*+,-./:;<=>?@[\]^_{|}~"##, [0, 31]),
        (##"[\!\"\#\$\%\&\'\(\)\*\+\,\-\.\/\:\;\<\=\>\?\@\[\\\]\^\_\{\|\}\~]+"##, ##"!"#$%&'()*+,-./:;<=>?@[\]^_{|}~"##, [0, 31]),
        ("\\`", "`", [0, 1]), ("[\\`]+", "`", [0, 1]),
        ("\u{FFFD}", [0xFF], [0, 1]), ("\u{FFFD}", Bytes("hello", 0xFF, "world"), [5, 6]),
        (".*", Bytes("hello", 0xFF, "world"), [0, 11]), (#"\x{fffd}"#, [0xC2, 0x00], [0, 1]),
        ("[\u{FFFD}]", [0xFF], [0, 1]), (#"[\x{fffd}]"#, [0xC2, 0x00], [0, 1]),
        (".", "qwertyuiopasdfghjklzxcvbnm1234567890", [0, 1]),
    ]

    @Test(arguments: 0..<GoTableTests.findCases.count)
    func find(index: Int) throws {
        let (pattern, bytes, want) = Self.findCases[index]
        let text = bytes.value
        let re = try GoRegexp(pattern)
        #expect(re.firstMatchIndices(utf8: text) == want, "\(pattern) on \(GoQuoted.quote(text))")
        #expect(re.matches(utf8: text) == (want != nil))
    }
}
