@testable import GoRegexp
import Testing

/// The package-level automaton view (used by FleetAuth's leak audit) describes the same language
/// as the matcher: simulating it as an NFA over the input gives `matches(_:)`'s answer.
struct AutomatonViewTests {
    static let patterns = [
        #".*\.dkr\.ecr\..*\.amazonaws\.com"#, "^oci://[a-z]+/", #"\bab\b"#, "(?m)^x$", "a|b|c", "(?i)straße", "[^/]*@",
        #"\Aa\z"#, "", "x*", #"\pL\d"#, "(?s)a.b", "a.b",
    ]
    static let inputs = ["", "a", "ab", "a b", "x\ny", "oci://abc/", "oci://ABC/", "STRASSE", "straße", "u@h", "é1",
                         "a\nb", "axb", "1.dkr.ecr.x.amazonaws.com", "ab ab"]

    static func simulate(_ automaton: GoRegexpAutomaton, _ input: String) -> Bool {
        let runes = input.unicodeScalars.map { Int32($0.value) }
        func closure(_ pcs: [Int], before: Int32, after: Int32) -> (Bool, [Int]) {
            let context = GoRegexpAutomaton.Assertions.context(before: before, after: after)
            var seen = Set<Int>()
            var stack = pcs
            var consumers: [Int] = []
            var matched = false
            while let pc = stack.popLast() {
                guard seen.insert(pc).inserted else { continue }
                switch automaton.instructions[pc] {
                case .fail: break
                case .match: matched = true
                case .split(let a, let b): stack += [a, b]
                case .epsilon(let n): stack.append(n)
                case .assert(let required, let n): if context.isSuperset(of: required) { stack.append(n) }
                case .rune: consumers.append(pc)
                }
            }
            return (matched, consumers)
        }
        var threads: [Int] = []
        for i in 0...runes.count {
            let before: Int32 = i == 0 ? -1 : runes[i - 1]
            let after: Int32 = i == runes.count ? -1 : runes[i]
            let (matched, consumers) = closure(threads + [automaton.start], before: before, after: after)
            if matched { return true }
            if i == runes.count { break }
            threads = consumers.compactMap { pc in
                if case .rune(let ranges, let next) = automaton.instructions[pc], ranges.contains(where: { $0.contains(after) }) {
                    return next
                }
                return nil
            }
        }
        return false
    }

    @Test(arguments: Self.patterns)
    func simulatingTheViewAgreesWithMatches(_ pattern: String) throws {
        let regexp = try GoRegexp(pattern)
        let automaton = regexp.automaton
        #expect(automaton.instructions.first == .fail)
        for input in Self.inputs {
            #expect(Self.simulate(automaton, input) == regexp.matches(input), "\(pattern) on \(String(reflecting: input))")
        }
    }
}
