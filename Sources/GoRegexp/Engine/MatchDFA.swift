/// A deterministic automaton that answers "is there a match?" (Go's `MatchString`), built from a
/// program by the subset construction, ahead of time and within a fixed budget.
///
/// Runes are grouped into classes that no instruction tells apart, so a state has one transition
/// per class. A state is the set of instructions the NFA threads wait at, plus what kind of rune
/// came before (start of text, newline, word character, other): with the kind of the next rune,
/// that decides every empty-width assertion (`^ $ \A \z \b \B`). For a yes/no answer thread
/// priority does not matter, so sets suffice.
///
/// Each input byte costs one table lookup (non-ASCII runes: a decode and a binary search), and the
/// search stops at the first match. When the automaton would exceed the budget (patterns whose
/// subset construction blows up, such as `(a|b)*a.{20}`), `build` returns nil and the Pike VM
/// answers instead; both are linear in the input.
struct MatchDFA: Sendable {
    /// Transition value: a match ends before the rune just read.
    static let matchTarget = UInt32.max
    /// Transition value: no match can start or continue.
    static let deadTarget = UInt32.max - 1

    /// The most transitions (states × classes) the table may hold (256 KiB of table).
    static let maxTransitions = 1 << 16
    /// The largest program worth trying: a bigger one would exhaust the work budget anyway.
    static let maxInstructions = 1 << 16
    /// The most instruction visits the construction may spend; past that, the Pike VM answers.
    static let maxWork = 1 << 17

    private let asciiClass: [UInt16]
    /// Class `k` holds the runes `boundaries[k] ..< boundaries[k + 1]` (the last one up to U+10FFFF).
    private let boundaries: [Rune]
    private let classCount: Int
    private let transitions: [UInt32]
    private let acceptsAtEnd: [Bool]

    /// The number of states and rune classes (for tests and tuning).
    var size: (states: Int, classes: Int) { (self.acceptsAtEnd.count, self.classCount) }

    /// The kind of rune before a position, as far as assertions care.
    private enum Kind: UInt8 {
        case textBoundary = 0
        case newline = 1
        case word = 2
        case other = 3

        /// A rune of this kind, for computing assertions (-1 for the start or end of text).
        var representative: Rune {
            switch self {
            case .textBoundary: return -1
            case .newline: return 0x0A
            case .word: return 0x61
            case .other: return 0x20
            }
        }

        init(_ r: Rune) {
            if r == 0x0A {
                self = .newline
            } else if isWordRune(r) {
                self = .word
            } else {
                self = .other
            }
        }
    }

    private struct StateKey: Hashable {
        var kernel: [UInt32]
        var previous: UInt8
    }

    /// Whether `input` contains a match.
    func matches(_ input: UnsafeBufferPointer<UInt8>) -> Bool {
        self.transitions.withUnsafeBufferPointer { table in
            self.asciiClass.withUnsafeBufferPointer { ascii in
                var state = 0
                var i = 0
                let count = input.count
                let classCount = self.classCount
                while i < count {
                    let byte = input[i]
                    let cls: Int
                    if byte < 0x80 {
                        cls = Int(ascii[Int(byte)])
                        i += 1
                    } else {
                        let (rune, width) = UTF8Decoding.decodeMultibyte(input, at: i, first: byte)
                        cls = self.classIndex(rune)
                        i += width
                    }
                    let target = table[state &* classCount &+ cls]
                    if target >= MatchDFA.deadTarget {
                        return target == MatchDFA.matchTarget
                    }
                    state = Int(target)
                }
                return self.acceptsAtEnd[state]
            }
        }
    }

    private func classIndex(_ r: Rune) -> Int {
        var lo = 0
        var hi = self.boundaries.count
        // The last boundary not above r.
        while hi - lo > 1 {
            let mid = (lo + hi) >> 1
            if self.boundaries[mid] <= r {
                lo = mid
            } else {
                hi = mid
            }
        }
        return lo
    }

    /// Builds the automaton for `program`, or returns nil when it would exceed the budget.
    ///
    /// - Parameters:
    ///   - program: The compiled program.
    ///   - anchored: Whether every match must start at the beginning of the text (then no new
    ///     thread starts after the first position).
    static func build(_ program: Program, anchored: Bool) -> MatchDFA? {
        let instructions = program.instructions
        let n = instructions.count
        if n > maxInstructions {
            return nil
        }

        // Rune classes: split the code space wherever some instruction's answer can change, and
        // around newline and the word characters, which assertions distinguish.
        var cuts: Set<Rune> = [0, 0x0A, 0x0B, 0x30, 0x3A, 0x41, 0x5B, 0x5F, 0x60, 0x61, 0x7B, 0x80]
        for inst in instructions {
            switch inst.op {
            case .rune1:
                cuts.insert(inst.lo)
                cuts.insert(inst.lo + 1)
            case .rune:
                var i = Int(inst.lo)
                while i < Int(inst.hi) {
                    cuts.insert(program.ranges[i])
                    cuts.insert(program.ranges[i + 1] + 1)
                    i += 2
                }
            default:
                break
            }
        }
        let boundaries = cuts.filter { $0 <= maxRune }.sorted()
        let classCount = boundaries.count
        if classCount > maxTransitions {
            return nil
        }
        var asciiClass = [UInt16](repeating: 0, count: 128)
        var k = 0
        for byte in 0..<128 {
            while k + 1 < classCount && boundaries[k + 1] <= Rune(byte) {
                k += 1
            }
            asciiClass[byte] = UInt16(k)
        }

        var work = 0
        var mark = [UInt32](repeating: 0, count: n)
        var generation: UInt32 = 0
        var stack: [UInt32] = []
        var consumers: [UInt32] = []

        // The instructions that consume a rune reachable from `kernel` in `context`, and whether
        // a match is reachable.
        func closure(_ kernel: [UInt32], _ context: EmptyOp) -> Bool {
            generation &+= 1
            if generation == 0 {
                for i in 0..<n {
                    mark[i] = 0
                }
                generation = 1
            }
            consumers.removeAll(keepingCapacity: true)
            stack.removeAll(keepingCapacity: true)
            stack.append(contentsOf: kernel.reversed())
            var matched = false
            while let pc = stack.popLast() {
                work += 1
                if work > maxWork {
                    return false
                }
                if pc == 0 || mark[Int(pc)] == generation {
                    continue
                }
                mark[Int(pc)] = generation
                let inst = instructions[Int(pc)]
                switch inst.op {
                case .fail:
                    break
                case .alt:
                    stack.append(inst.arg)
                    stack.append(inst.out)
                case .nop, .capture:
                    stack.append(inst.out)
                case .emptyWidth:
                    if context.isSuperset(of: EmptyOp(rawValue: UInt8(truncatingIfNeeded: inst.arg))) {
                        stack.append(inst.out)
                    }
                case .match:
                    matched = true
                case .rune, .rune1, .runeAny, .runeAnyNotNL:
                    consumers.append(pc)
                }
            }
            return matched
        }

        var states: [StateKey: UInt32] = [:]
        var keys: [StateKey] = []
        let startKey = StateKey(kernel: [UInt32(program.start)], previous: Kind.textBoundary.rawValue)
        states[startKey] = 0
        keys.append(startKey)
        var transitions: [UInt32] = []
        var acceptsAtEnd: [Bool] = []

        var index = 0
        while index < keys.count {
            let key = keys[index]
            index += 1
            if keys.count * classCount > maxTransitions || work > maxWork {
                return nil
            }
            work += key.kernel.count
            let previous = Kind(rawValue: key.previous) ?? .other
            acceptsAtEnd.append(
                closure(key.kernel, EmptyOp.context(before: previous.representative, after: -1))
            )
            // Closures depend on the next rune only through its kind: compute each kind once.
            var closureByKind: [Kind: (matched: Bool, consumers: [UInt32])] = [:]
            var targets: [(kind: Kind, signature: UInt64, target: UInt32)] = []
            for cls in 0..<classCount {
                let rune = boundaries[cls]
                let kind = Kind(rune)
                let step: (matched: Bool, consumers: [UInt32])
                if let known = closureByKind[kind] {
                    step = known
                } else {
                    let matched = closure(key.kernel, EmptyOp.context(before: previous.representative, after: rune))
                    step = (matched, consumers)
                    closureByKind[kind] = step
                }
                if work > maxWork {
                    return nil
                }
                if step.matched {
                    transitions.append(matchTarget)
                    continue
                }
                // Classes that the same consumers accept, with the same kind, lead to the same
                // state: compute each such target once per state.
                var signature: UInt64 = 0
                if step.consumers.count <= 64 {
                    for (bit, pc) in step.consumers.enumerated() where program.accepts(instructions[Int(pc)], rune) {
                        signature |= 1 << UInt64(bit)
                    }
                    work += step.consumers.count
                    if let known = targets.first(where: { $0.kind == kind && $0.signature == signature }) {
                        transitions.append(known.target)
                        continue
                    }
                }
                var kernel: [UInt32] = []
                for (bit, pc) in step.consumers.enumerated() {
                    let inst = instructions[Int(pc)]
                    let accepted = step.consumers.count <= 64
                        ? signature & (1 << UInt64(bit)) != 0 : program.accepts(inst, rune)
                    if accepted {
                        kernel.append(inst.out)
                    }
                }
                work += step.consumers.count
                if !anchored {
                    kernel.append(UInt32(program.start))
                }
                let target: UInt32
                if kernel.isEmpty {
                    target = deadTarget
                } else {
                    kernel.sort()
                    kernel = Self.unique(kernel)
                    let nextKey = StateKey(kernel: kernel, previous: kind.rawValue)
                    if let existing = states[nextKey] {
                        target = existing
                    } else {
                        target = UInt32(keys.count)
                        states[nextKey] = target
                        keys.append(nextKey)
                    }
                }
                transitions.append(target)
                if step.consumers.count <= 64 {
                    targets.append((kind, signature, target))
                }
            }
        }
        return MatchDFA(
            asciiClass: asciiClass,
            boundaries: boundaries,
            classCount: classCount,
            transitions: transitions,
            acceptsAtEnd: acceptsAtEnd
        )
    }

    private static func unique(_ sorted: [UInt32]) -> [UInt32] {
        var out: [UInt32] = []
        out.reserveCapacity(sorted.count)
        for pc in sorted where out.last != pc {
            out.append(pc)
        }
        return out
    }

    private init(asciiClass: [UInt16], boundaries: [Rune], classCount: Int, transitions: [UInt32], acceptsAtEnd: [Bool]) {
        self.asciiClass = asciiClass
        self.boundaries = boundaries
        self.classCount = classCount
        self.transitions = transitions
        self.acceptsAtEnd = acceptsAtEnd
    }
}
