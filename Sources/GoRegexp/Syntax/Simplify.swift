extension Node {
    /// An equivalent tree without counted repetitions (Go's `Regexp.Simplify`).
    ///
    /// `x{2,5}` becomes `xx(x(x(x)?)?)?`, `x{2,}` becomes `xx+`, and `x{0}` matches the empty
    /// string. A capture inside a repetition appears once per copy, all with the same index, so
    /// the last copy that matches sets the submatch, as in Go. The result may share nodes with
    /// `self`, and a node may appear several times in it.
    func simplified() -> Node {
        // An explicit stack instead of recursion: trees can be a thousand levels deep.
        struct Frame {
            var node: Node
            var next = 0
            var results: [Node] = []
        }
        var stack = [Frame(node: self)]
        while true {
            let top = stack.count - 1
            let node = stack[top].node
            if stack[top].next < node.simplifiedChildCount {
                let child = node.subs[stack[top].next]
                stack[top].next += 1
                stack.append(Frame(node: child))
                continue
            }
            let result = node.simplified(children: stack[top].results)
            stack.removeLast()
            if stack.isEmpty {
                return result
            }
            stack[stack.count - 1].results.append(result)
        }
    }

    /// How many children `simplified` needs simplified first.
    private var simplifiedChildCount: Int {
        switch self.op {
        case .capture, .concat, .alternate:
            return self.subs.count
        case .star, .plus, .quest:
            return 1
        case .repeat:
            return self.min == 0 && self.max == 0 ? 0 : 1
        default:
            return 0
        }
    }

    /// The simplification of this node, given its children already simplified.
    private func simplified(children simpleSubs: [Node]) -> Node {
        switch self.op {
        case .capture, .concat, .alternate:
            var changed = false
            for (sub, simple) in zip(self.subs, simpleSubs) where simple !== sub {
                changed = true
            }
            if !changed {
                return self
            }
            let copy = Node(self.op)
            copy.flags = self.flags
            copy.cap = self.cap
            copy.name = self.name
            copy.min = self.min
            copy.max = self.max
            copy.subs = simpleSubs
            return copy

        case .star, .plus, .quest:
            return Node.simplify1(self.op, self.flags, simpleSubs[0], self)

        case .repeat:
            // x{0} matches the empty string and needs no x at all.
            if self.min == 0 && self.max == 0 {
                return Node(.emptyMatch)
            }
            let sub = simpleSubs[0]

            // x{n,}: at least n copies.
            if self.max == -1 {
                if self.min == 0 {
                    return Node.simplify1(.star, self.flags, sub, nil)
                }
                if self.min == 1 {
                    return Node.simplify1(.plus, self.flags, sub, nil)
                }
                // x{4,} is xxxx+.
                let node = Node(.concat)
                node.subs = Array(repeating: sub, count: self.min - 1)
                node.subs.append(Node.simplify1(.plus, self.flags, sub, nil))
                return node
            }

            // x{1} is x.
            if self.min == 1 && self.max == 1 {
                return sub
            }

            // x{n,m}: n copies of x, then m-n nested optional copies, so that
            // x{2,5} is xx(x(x(x)?)?)?, which the machine runs with less work than xxx?x?x?.
            var prefix: Node?
            if self.min > 0 {
                let node = Node(.concat)
                node.subs = Array(repeating: sub, count: self.min)
                prefix = node
            }
            if self.max > self.min {
                var suffix = Node.simplify1(.quest, self.flags, sub, nil)
                var i = self.min + 1
                while i < self.max {
                    let pair = Node(.concat)
                    pair.subs = [sub, suffix]
                    suffix = Node.simplify1(.quest, self.flags, pair, nil)
                    i += 1
                }
                guard let prefix else { return suffix }
                prefix.subs.append(suffix)
            }
            if let prefix {
                return prefix
            }
            // Degenerate counts (min > max): matches nothing.
            return Node(.noMatch)

        default:
            return self
        }
    }

    /// `op` (star, plus or quest) applied to the already simple `sub`, without building a node
    /// when the result is `sub` itself or the existing node `original`.
    private static func simplify1(_ op: Op, _ flags: ParseFlags, _ sub: Node, _ original: Node?) -> Node {
        // The empty string repeated is the empty string.
        if sub.op == .emptyMatch {
            return sub
        }
        // The operators are idempotent when their greediness agrees.
        if op == sub.op && flags.contains(.nonGreedy) == sub.flags.contains(.nonGreedy) {
            return sub
        }
        if let original, original.op == op,
            original.flags.contains(.nonGreedy) == flags.contains(.nonGreedy), sub === original.subs[0]
        {
            return original
        }
        let node = Node(op)
        node.flags = flags
        node.subs = [sub]
        return node
    }
}
