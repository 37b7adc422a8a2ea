/// The compiled form of a pattern, shared by all copies of a ``GoRegexp``.
final class CompiledRegexp: Sendable {
    let pattern: String
    let program: Program
    let numberOfGroups: Int
    let groupNames: [String]
    /// The assertions every match starts with, or nil when nothing can match.
    let startCondition: EmptyOp?
    /// No match is shorter than this many bytes.
    let minimumInputLength: Int
    /// The yes/no automaton, when it fits its budget.
    let dfa: MatchDFA?

    init(pattern: [UInt8], flags: ParseFlags) throws(GoRegexpError) {
        let tree = try Parser.parse(pattern, flags: flags)
        self.pattern = String(decoding: pattern, as: UTF8.self)
        self.numberOfGroups = tree.maxCap()
        self.groupNames = tree.captureNames(count: self.numberOfGroups + 1)
        let simple = tree.simplified()
        self.minimumInputLength = CompiledRegexp.minimumLength(simple)
        self.program = Compiler.compile(simple)
        self.startCondition = self.program.startCondition()
        if let condition = self.startCondition {
            self.dfa = MatchDFA.build(self.program, anchored: condition.contains(.beginText))
        } else {
            self.dfa = nil
        }
    }

    func matches(_ input: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let condition = self.startCondition, input.count >= self.minimumInputLength else {
            return false
        }
        if let dfa = self.dfa {
            return dfa.matches(input)
        }
        if Backtracker.fits(self.program, inputLength: input.count) {
            return Backtracker.execute(self.program, input, captureCount: 0, startCondition: condition) != nil
        }
        let machine = PikeVM(program: self.program, captureCount: 0, longest: false)
        return machine.execute(input, startCondition: condition) != nil
    }

    func firstMatch(_ input: UnsafeBufferPointer<UInt8>, longest: Bool) -> [Int]? {
        guard let condition = self.startCondition, input.count >= self.minimumInputLength else {
            return nil
        }
        if let dfa = self.dfa, !dfa.matches(input) {
            return nil
        }
        let slots = 2 * (self.numberOfGroups + 1)
        if !longest && Backtracker.fits(self.program, inputLength: input.count) {
            return Backtracker.execute(self.program, input, captureCount: slots, startCondition: condition)
        }
        let machine = PikeVM(program: self.program, captureCount: slots, longest: longest)
        return machine.execute(input, startCondition: condition)
    }

    /// The length in bytes of the shortest text `root` can match, as Go's `minInputLen` counts it.
    /// (Iterative: simplified trees can be thousands of levels deep.)
    static func minimumLength(_ root: Node) -> Int {
        struct Frame {
            var node: Node
            var next = 0
            var values: [Int] = []
        }
        func children(_ node: Node) -> Int {
            switch node.op {
            case .capture, .plus, .repeat: return 1
            case .concat, .alternate: return node.subs.count
            default: return 0
            }
        }
        var stack = [Frame(node: root)]
        while true {
            let top = stack.count - 1
            let node = stack[top].node
            if stack[top].next < children(node) {
                let child = node.subs[stack[top].next]
                stack[top].next += 1
                stack.append(Frame(node: child))
                continue
            }
            let values = stack[top].values
            let length: Int
            switch node.op {
            case .anyChar, .anyCharNotNL, .charClass:
                length = 1
            case .literal:
                var sum = 0
                for r in node.runes {
                    sum += r == replacementRune ? 1 : Swift.max(UTF8Decoding.encodedLength(r), 1)
                }
                length = sum
            case .capture, .plus:
                length = values[0]
            case .repeat:
                length = node.min * values[0]
            case .concat:
                length = values.reduce(0, +)
            case .alternate:
                length = values.min() ?? 0
            default:
                length = 0
            }
            stack.removeLast()
            if stack.isEmpty {
                return length
            }
            stack[stack.count - 1].values.append(length)
        }
    }
}
