internal import GoRegexp

/// Breadth-first search of the product of a pattern's automaton (as Go's `MatchString` runs it:
/// a match may start anywhere) with a URL automaton, for a shortest URL of the URL language that
/// the pattern matches. Exact: the alphabet is split into classes that neither automaton tells
/// apart (plus newline and word characters, which assertions tell apart), and each class is
/// represented by one readable character.
struct ProductSearch {
    /// The most product states explored before giving up with `auditTooComplex`.
    static let maxStates = 400_000
    /// The most instruction visits spent on ε-closures.
    static let maxWork = 20_000_000

    private let instructions: [GoRegexpAutomaton.Instruction]
    private let start: Int
    private let url: URLLanguage
    /// Class representatives, in the order the search tries them (most readable first).
    private let representatives: [Int32]

    init(regexp: GoRegexp, url: URLLanguage) {
        let automaton = regexp.automaton
        self.instructions = automaton.instructions
        self.start = automaton.start
        self.url = url
        var cuts: Set<Int32> = [0, 0x0A, 0x0B, 0x30, 0x3A, 0x41, 0x5B, 0x5F, 0x60, 0x61, 0x7B, 0x80]
        for inst in automaton.instructions {
            if case .rune(let ranges, _) = inst {
                for r in ranges {
                    cuts.insert(r.lowerBound)
                    cuts.insert(r.upperBound + 1)
                }
            }
        }
        for state in url.states {
            for (set, _) in state.transitions {
                for r in set {
                    cuts.insert(r.lowerBound)
                    cuts.insert(r.upperBound + 1)
                }
            }
        }
        let bounds = cuts.filter { $0 <= 0x10FFFF }.sorted()
        var reps: [Int32] = []
        for (index, lo) in bounds.enumerated() {
            let hi = index + 1 < bounds.count ? bounds[index + 1] - 1 : 0x10FFFF
            reps.append(Self.representative(lo, hi))
        }
        self.representatives = reps.sorted { Self.rank($0) < Self.rank($1) }
    }

    private static let preferred: [Int32] = Array("abcdefghijklmnopqrstuvwxyz0123456789./-:_ABCDEFGHIJKLMNOPQRSTUVWXYZ@?#".unicodeScalars).map {
        Int32($0.value)
    }

    /// A readable character of the class `lo...hi`.
    private static func representative(_ lo: Int32, _ hi: Int32) -> Int32 {
        for c in Self.preferred where c >= lo && c <= hi {
            return c
        }
        if lo <= 0x7E && hi >= 0x21 {
            return max(lo, 0x21)
        }
        // Avoid surrogates, which are not Unicode scalars.
        if lo <= 0xD7FF || hi < 0xD800 {
            return lo
        }
        return hi > 0xDFFF ? max(lo, 0xE000) : lo
    }

    private static func rank(_ c: Int32) -> Int {
        if let index = Self.preferred.firstIndex(of: c) {
            return index
        }
        return 1000 + Int(c)
    }

    private enum Kind: Int {
        case boundary = 0, newline, word, other

        init(_ r: Int32) {
            if r == 0x0A {
                self = .newline
            } else if (r >= 0x61 && r <= 0x7A) || (r >= 0x41 && r <= 0x5A) || (r >= 0x30 && r <= 0x39) || r == 0x5F {
                self = .word
            } else {
                self = .other
            }
        }

        var representative: Int32 {
            switch self {
            case .boundary: return -1
            case .newline: return 0x0A
            case .word: return 0x61
            case .other: return 0x20
            }
        }
    }

    /// Regex component of a product state: -1 not started, -2 matched, else the kernel pc.
    private static let notStarted = -1
    private static let matched = -2

    private struct Key: Hashable {
        var regex: Int
        var url: Int
        var previous: Int
    }

    private struct ClosureKey: Hashable {
        var pc: Int
        var previous: Int
        var next: Int
    }

    /// A shortest URL of the language that the pattern matches, or nil when there is none.
    func shortestMatch() throws(FleetAuthError) -> String? {
        var closureCache: [ClosureKey: (matched: Bool, consumers: [Int])] = [:]
        var work = 0
        func closure(_ pc: Int, _ previous: Kind, _ next: Kind) throws(FleetAuthError) -> (matched: Bool, consumers: [Int]) {
            let key = ClosureKey(pc: pc, previous: previous.rawValue, next: next.rawValue)
            if let known = closureCache[key] {
                return known
            }
            let context = GoRegexpAutomaton.Assertions.context(before: previous.representative, after: next.representative)
            var seen = Set<Int>()
            var stack = [pc]
            var matched = false
            var consumers: [Int] = []
            while let current = stack.popLast() {
                work += 1
                if work > Self.maxWork {
                    throw FleetAuthError(code: .auditTooComplex, reason: "the pattern's automaton exceeds the audit's work budget")
                }
                if !seen.insert(current).inserted {
                    continue
                }
                switch self.instructions[current] {
                case .fail: break
                case .match: matched = true
                case .split(let a, let b):
                    stack.append(b)
                    stack.append(a)
                case .epsilon(let next): stack.append(next)
                case .assert(let required, let next):
                    if context.isSuperset(of: required) {
                        stack.append(next)
                    }
                case .rune: consumers.append(current)
                }
            }
            let result = (matched, consumers)
            closureCache[key] = result
            return result
        }
        func accepts(_ pc: Int, _ r: Int32) -> Bool {
            guard case .rune(let ranges, _) = self.instructions[pc] else { return false }
            var lo = 0
            var hi = ranges.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if ranges[mid].upperBound < r {
                    lo = mid + 1
                } else if ranges[mid].lowerBound > r {
                    hi = mid
                } else {
                    return true
                }
            }
            return false
        }
        func next(_ pc: Int) -> Int {
            if case .rune(_, let target) = self.instructions[pc] { return target }
            return 0
        }
        func urlTargets(_ state: Int, _ r: Int32) -> [Int] {
            var targets: [Int] = []
            for (set, target) in self.url.states[state].transitions where set.contains(where: { $0.contains(r) }) {
                targets.append(target)
            }
            return targets
        }
        func isAccepting(_ key: Key) throws(FleetAuthError) -> Bool {
            guard self.url.states[key.url].accepting else { return false }
            if key.regex == Self.matched { return true }
            let pc = key.regex == Self.notStarted ? self.start : key.regex
            return try closure(pc, Kind(rawValue: key.previous) ?? .other, .boundary).matched
        }

        let initial = Key(regex: Self.notStarted, url: self.url.start, previous: Kind.boundary.rawValue)
        var parents: [Key: (parent: Key, rune: Int32)] = [:]
        var visited: Set<Key> = [initial]
        var frontier = [initial]
        if try isAccepting(initial) {
            return ""
        }
        while !frontier.isEmpty {
            var nextFrontier: [Key] = []
            for key in frontier {
                let previous = Kind(rawValue: key.previous) ?? .other
                for r in self.representatives {
                    let urlNext = urlTargets(key.url, r)
                    if urlNext.isEmpty {
                        continue
                    }
                    let kind = Kind(r)
                    var regexNext: [Int] = []
                    if key.regex == Self.matched {
                        regexNext = [Self.matched]
                    } else {
                        let pc = key.regex == Self.notStarted ? self.start : key.regex
                        let step = try closure(pc, previous, kind)
                        if step.matched {
                            regexNext.append(Self.matched)
                        } else {
                            for consumer in step.consumers where accepts(consumer, r) {
                                regexNext.append(next(consumer))
                            }
                        }
                        if key.regex == Self.notStarted {
                            regexNext.append(Self.notStarted)
                        }
                    }
                    for regex in regexNext {
                        for u in urlNext {
                            let successor = Key(regex: regex, url: u, previous: kind.rawValue)
                            if !visited.insert(successor).inserted {
                                continue
                            }
                            if visited.count > Self.maxStates {
                                throw FleetAuthError(
                                    code: .auditTooComplex,
                                    reason: "the product of the pattern and the URL automaton exceeds \(Self.maxStates) states"
                                )
                            }
                            parents[successor] = (key, r)
                            if try isAccepting(successor) {
                                var scalars: [Unicode.Scalar] = []
                                var cursor = successor
                                while let step = parents[cursor] {
                                    scalars.append(Unicode.Scalar(UInt32(step.rune)) ?? "?")
                                    cursor = step.parent
                                }
                                var text = ""
                                text.unicodeScalars.append(contentsOf: scalars.reversed())
                                return text
                            }
                            nextFrontier.append(successor)
                        }
                    }
                }
            }
            frontier = nextFrontier
        }
        return nil
    }
}
