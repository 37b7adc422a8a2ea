/// Compiles a simplified syntax tree to a program (Thompson's construction, as Go's `syntax.Compile`).
///
/// Fragments leave their exits unpatched; the unpatched exits form a list threaded through the
/// `out`/`arg` fields of the instructions themselves, so building a fragment allocates nothing.
/// The program layout and the priority order of every `alt` are Go's, which fixes which of
/// several possible matches and submatches the machines report.
struct Compiler {
    /// A list of instruction exits to patch: `pc << 1` names `out` of `pc`, `pc << 1 | 1` its `arg`.
    /// 0 is the empty list (instruction 0 is always `fail`, whose exits are never patched).
    private struct PatchList {
        var head: UInt32 = 0
        var tail: UInt32 = 0

        init() {}

        init(_ exit: UInt32) {
            self.head = exit
            self.tail = exit
        }
    }

    /// A compiled fragment: its entry, its open exits, and whether it can match the empty string.
    private struct Fragment {
        var entry: UInt32 = 0
        var exits = PatchList()
        var nullable = false
    }

    private var instructions: [Instruction] = []
    private var ranges: [Rune] = []
    /// Where each class node's ranges already are in the pool (simplification repeats nodes).
    private var pooled: [ObjectIdentifier: (lo: Int32, hi: Int32)] = [:]
    private var numCap = 2

    /// Compiles `node` (already simplified).
    static func compile(_ node: Node) -> Program {
        var compiler = Compiler()
        compiler.emit(.fail)
        let fragment = compiler.compile(node)
        let match = compiler.emit(.match)
        compiler.patch(fragment.exits, to: match.entry)
        return Program(
            instructions: compiler.instructions,
            ranges: compiler.ranges,
            start: Int(fragment.entry),
            numCap: compiler.numCap
        )
    }

    private mutating func patch(_ list: PatchList, to target: UInt32) {
        var head = list.head
        while head != 0 {
            let pc = Int(head >> 1)
            if head & 1 == 0 {
                head = self.instructions[pc].out
                self.instructions[pc].out = target
            } else {
                head = self.instructions[pc].arg
                self.instructions[pc].arg = target
            }
        }
    }

    private mutating func append(_ l1: PatchList, _ l2: PatchList) -> PatchList {
        if l1.head == 0 {
            return l2
        }
        if l2.head == 0 {
            return l1
        }
        let pc = Int(l1.tail >> 1)
        if l1.tail & 1 == 0 {
            self.instructions[pc].out = l2.head
        } else {
            self.instructions[pc].arg = l2.head
        }
        var list = PatchList()
        list.head = l1.head
        list.tail = l2.tail
        return list
    }

    @discardableResult
    private mutating func emit(_ op: InstOp) -> Fragment {
        var fragment = Fragment()
        fragment.entry = UInt32(self.instructions.count)
        fragment.nullable = true
        self.instructions.append(Instruction(op: op))
        return fragment
    }

    /// Compiles `root` depth-first with an explicit stack (trees can be thousands of levels deep
    /// after simplification), emitting instructions in the same order as a recursive compiler.
    private mutating func compile(_ root: Node) -> Fragment {
        struct Frame {
            var node: Node
            /// Children already started.
            var next = 0
            /// The fragment built so far (concatenation, alternation) or the opening capture.
            var partial = Fragment()
        }
        var stack = [Frame(node: root)]
        var childResult = Fragment()
        while true {
            let top = stack.count - 1
            let node = stack[top].node
            let done: Fragment
            switch node.op {
            case .capture:
                if stack[top].next == 0 {
                    stack[top].partial = self.capture(UInt32(node.cap << 1))
                    stack[top].next = 1
                    stack.append(Frame(node: node.subs[0]))
                    continue
                }
                let close = self.capture(UInt32(node.cap << 1 | 1))
                done = self.cat(self.cat(stack[top].partial, childResult), close)
            case .star, .plus, .quest:
                if stack[top].next == 0 {
                    stack[top].next = 1
                    stack.append(Frame(node: node.subs[0]))
                    continue
                }
                let nonGreedy = node.flags.contains(.nonGreedy)
                switch node.op {
                case .star: done = self.star(childResult, nonGreedy: nonGreedy)
                case .plus: done = self.plus(childResult, nonGreedy: nonGreedy)
                default: done = self.quest(childResult, nonGreedy: nonGreedy)
                }
            case .concat where node.subs.isEmpty:
                done = self.nop()
            case .concat, .alternate:
                let started = stack[top].next
                if started > 0 {
                    if node.op == .alternate {
                        stack[top].partial = self.alt(stack[top].partial, childResult)
                    } else {
                        stack[top].partial = started == 1 ? childResult : self.cat(stack[top].partial, childResult)
                    }
                }
                if started < node.subs.count {
                    stack[top].next = started + 1
                    stack.append(Frame(node: node.subs[started]))
                    continue
                }
                done = stack[top].partial
            default:
                done = self.compileLeaf(node)
            }
            stack.removeLast()
            if stack.isEmpty {
                return done
            }
            childResult = done
        }
    }

    /// Compiles a node without children.
    private mutating func compileLeaf(_ node: Node) -> Fragment {
        switch node.op {
        case .noMatch:
            return Fragment()
        case .emptyMatch:
            return self.nop()
        case .literal:
            if node.runes.isEmpty {
                return self.nop()
            }
            var fragment = Fragment()
            for (index, r) in node.runes.enumerated() {
                let next = self.literalRune(r, flags: node.flags)
                fragment = index == 0 ? next : self.cat(fragment, next)
            }
            return fragment
        case .charClass:
            return self.classRune(node.runes, node: node)
        case .anyCharNotNL:
            var fragment = self.consumer()
            self.instructions[Int(fragment.entry)].op = .runeAnyNotNL
            fragment.nullable = false
            return fragment
        case .anyChar:
            var fragment = self.consumer()
            self.instructions[Int(fragment.entry)].op = .runeAny
            fragment.nullable = false
            return fragment
        case .beginLine:
            return self.empty(.beginLine)
        case .endLine:
            return self.empty(.endLine)
        case .beginText:
            return self.empty(.beginText)
        case .endText:
            return self.empty(.endText)
        case .wordBoundary:
            return self.empty(.wordBoundary)
        case .noWordBoundary:
            return self.empty(.noWordBoundary)
        default:
            // Simplification removes repeats; parser markers never reach the compiler.
            return Fragment()
        }
    }

    private mutating func nop() -> Fragment {
        var fragment = self.emit(.nop)
        fragment.exits = PatchList(fragment.entry << 1)
        return fragment
    }

    private mutating func capture(_ slot: UInt32) -> Fragment {
        var fragment = self.emit(.capture)
        fragment.exits = PatchList(fragment.entry << 1)
        self.instructions[Int(fragment.entry)].arg = slot
        self.numCap = Swift.max(self.numCap, Int(slot) + 1)
        return fragment
    }

    private mutating func cat(_ f1: Fragment, _ f2: Fragment) -> Fragment {
        // A concatenation with a failure fails.
        if f1.entry == 0 || f2.entry == 0 {
            return Fragment()
        }
        self.patch(f1.exits, to: f2.entry)
        var fragment = Fragment()
        fragment.entry = f1.entry
        fragment.exits = f2.exits
        fragment.nullable = f1.nullable && f2.nullable
        return fragment
    }

    private mutating func alt(_ f1: Fragment, _ f2: Fragment) -> Fragment {
        // An alternation with a failure is the other branch.
        if f1.entry == 0 {
            return f2
        }
        if f2.entry == 0 {
            return f1
        }
        var fragment = self.emit(.alt)
        self.instructions[Int(fragment.entry)].out = f1.entry
        self.instructions[Int(fragment.entry)].arg = f2.entry
        fragment.exits = self.append(f1.exits, f2.exits)
        fragment.nullable = f1.nullable || f2.nullable
        return fragment
    }

    private mutating func quest(_ f1: Fragment, nonGreedy: Bool) -> Fragment {
        var fragment = self.emit(.alt)
        let pc = Int(fragment.entry)
        if nonGreedy {
            self.instructions[pc].arg = f1.entry
            fragment.exits = PatchList(fragment.entry << 1)
        } else {
            self.instructions[pc].out = f1.entry
            fragment.exits = PatchList(fragment.entry << 1 | 1)
        }
        fragment.exits = self.append(fragment.exits, f1.exits)
        return fragment
    }

    /// The loop of a plus or star: an `alt` that re-enters `f1` or leaves.
    private mutating func loop(_ f1: Fragment, nonGreedy: Bool) -> Fragment {
        var fragment = self.emit(.alt)
        let pc = Int(fragment.entry)
        if nonGreedy {
            self.instructions[pc].arg = f1.entry
            fragment.exits = PatchList(fragment.entry << 1)
        } else {
            self.instructions[pc].out = f1.entry
            fragment.exits = PatchList(fragment.entry << 1 | 1)
        }
        self.patch(f1.exits, to: fragment.entry)
        return fragment
    }

    private mutating func star(_ f1: Fragment, nonGreedy: Bool) -> Fragment {
        if f1.nullable {
            // When f1 can match empty, f1* must be (f1+)? to keep Go's priority order.
            return self.quest(self.plus(f1, nonGreedy: nonGreedy), nonGreedy: nonGreedy)
        }
        return self.loop(f1, nonGreedy: nonGreedy)
    }

    private mutating func plus(_ f1: Fragment, nonGreedy: Bool) -> Fragment {
        var fragment = Fragment()
        fragment.entry = f1.entry
        fragment.exits = self.loop(f1, nonGreedy: nonGreedy).exits
        fragment.nullable = f1.nullable
        return fragment
    }

    private mutating func empty(_ op: EmptyOp) -> Fragment {
        var fragment = self.emit(.emptyWidth)
        self.instructions[Int(fragment.entry)].arg = UInt32(op.rawValue)
        fragment.exits = PatchList(fragment.entry << 1)
        return fragment
    }

    /// A new instruction that consumes a rune (its kind and operands set by the caller).
    private mutating func consumer() -> Fragment {
        var fragment = self.emit(.rune)
        fragment.nullable = false
        fragment.exits = PatchList(fragment.entry << 1)
        return fragment
    }

    /// The instruction for one rune of a literal, case-insensitive when `flags` has `foldCase`.
    private mutating func literalRune(_ r: Rune, flags: ParseFlags) -> Fragment {
        let fragment = self.consumer()
        let pc = Int(fragment.entry)
        if !flags.contains(.foldCase) || CaseFolding.simpleFold(r) == r {
            self.instructions[pc].op = .rune1
            self.instructions[pc].lo = r
            return fragment
        }
        // The class of the rune's fold orbit.
        var orbit: [Rune] = [r]
        var f = CaseFolding.simpleFold(r)
        while f != r {
            orbit.append(f)
            f = CaseFolding.simpleFold(f)
        }
        orbit.sort()
        var members: [Rune] = []
        for member in orbit {
            CharClass.appendRange(&members, member, member)
        }
        self.instructions[pc].foldedRune = r
        self.instructions[pc].lo = Int32(self.ranges.count)
        self.ranges.append(contentsOf: members)
        self.instructions[pc].hi = Int32(self.ranges.count)
        return fragment
    }

    /// The instruction for a class (a one-rune literal when the class holds a single rune).
    private mutating func classRune(_ runes: [Rune], node: Node) -> Fragment {
        let fragment = self.consumer()
        let pc = Int(fragment.entry)
        if runes.count == 2 && runes[0] == runes[1] {
            self.instructions[pc].op = .rune1
            self.instructions[pc].lo = runes[0]
        } else if runes.count == 2 && runes[0] == 0 && runes[1] == maxRune {
            self.instructions[pc].op = .runeAny
        } else if runes.count == 4 && runes[0] == 0 && runes[1] == 0x09 && runes[2] == 0x0B && runes[3] == maxRune {
            self.instructions[pc].op = .runeAnyNotNL
        } else if let known = self.pooled[ObjectIdentifier(node)] {
            self.instructions[pc].lo = known.lo
            self.instructions[pc].hi = known.hi
        } else {
            self.instructions[pc].lo = Int32(self.ranges.count)
            self.ranges.append(contentsOf: runes)
            self.instructions[pc].hi = Int32(self.ranges.count)
            self.pooled[ObjectIdentifier(node)] = (self.instructions[pc].lo, self.instructions[pc].hi)
        }
        return fragment
    }
}
