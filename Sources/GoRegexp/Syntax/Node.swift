/// The operator of a syntax tree node, as Go's `syntax.Op`.
///
/// The raw values order operators as Go does (tightest binding first; among the character-class
/// operators, simplest first), which the parser relies on when it merges alternatives.
enum Op: UInt8 {
    case noMatch = 1
    case emptyMatch
    case literal
    case charClass
    case anyCharNotNL
    case anyChar
    case beginLine
    case endLine
    case beginText
    case endText
    case wordBoundary
    case noWordBoundary
    case capture
    case star
    case plus
    case quest
    case `repeat`
    case concat
    case alternate

    /// Parser stack marker for `(`.
    case leftParen = 128
    /// Parser stack marker for `|`.
    case verticalBar = 129

    /// Whether this is a parser stack marker rather than a real operator.
    var isPseudo: Bool { self.rawValue >= 128 }
}

/// A node of the regular expression syntax tree (Go's `syntax.Regexp`).
///
/// The parser rewrites nodes in place as it goes (literal strings grow, alternations are
/// factored), so nodes are objects. They never leave the module.
final class Node {
    var op: Op
    var flags: ParseFlags = []
    var subs: [Node] = []
    /// The runes of a literal, or the ranges `[lo0, hi0, lo1, hi1, ...]` of a character class.
    var runes: [Rune] = []
    var min = 0
    var max = 0
    /// The capture index of a capture node or of a `(` marker (0: not capturing).
    var cap = 0
    var name = ""

    /// The parser's cache of this node's height, once the parser tracks heights (Go's `p.height`).
    var cachedHeight: Int?
    /// The parser's cache of this node's program size, once the parser tracks sizes (Go's `p.size`).
    var cachedSize: Int64?

    init(_ op: Op) {
        self.op = op
    }

    /// Releases the subtree without recursion, so that trees thousands of levels deep do not
    /// exhaust a thread's stack when they are freed.
    deinit {
        guard !self.subs.isEmpty else { return }
        var pending = self.subs
        self.subs = []
        while var node = pending.popLast() {
            if isKnownUniquelyReferenced(&node) {
                pending.append(contentsOf: node.subs)
                node.subs = []
            }
        }
    }

    /// Whether `self` and `other` have the same structure (Go's `Regexp.Equal`).
    func isEqual(to other: Node) -> Bool {
        var pending: [(Node, Node)] = [(self, other)]
        while let (x, y) = pending.popLast() {
            if x.op != y.op {
                return false
            }
            switch x.op {
            case .endText:
                if x.flags.contains(.wasDollar) != y.flags.contains(.wasDollar) {
                    return false
                }
            case .literal, .charClass:
                if x.runes != y.runes {
                    return false
                }
            case .alternate, .concat:
                if x.subs.count != y.subs.count {
                    return false
                }
                pending.append(contentsOf: zip(x.subs, y.subs))
            case .star, .plus, .quest:
                if x.flags.contains(.nonGreedy) != y.flags.contains(.nonGreedy) {
                    return false
                }
                pending.append((x.subs[0], y.subs[0]))
            case .repeat:
                if x.flags.contains(.nonGreedy) != y.flags.contains(.nonGreedy) || x.min != y.min || x.max != y.max {
                    return false
                }
                pending.append((x.subs[0], y.subs[0]))
            case .capture:
                if x.cap != y.cap || x.name != y.name {
                    return false
                }
                pending.append((x.subs[0], y.subs[0]))
            default:
                break
            }
        }
        return true
    }

    /// Whether this node matches exactly one rune from a set: a one-rune literal, a class, or a dot.
    var isCharClass: Bool {
        (self.op == .literal && self.runes.count == 1) || self.op == .charClass || self.op == .anyCharNotNL
            || self.op == .anyChar
    }

    /// Whether this node matches the rune `r` (for nodes where ``isCharClass`` is true).
    func matchesRune(_ r: Rune) -> Bool {
        switch self.op {
        case .literal:
            return self.runes.count == 1 && self.runes[0] == r
        case .charClass:
            var i = 0
            while i + 1 < self.runes.count {
                if self.runes[i] <= r && r <= self.runes[i + 1] {
                    return true
                }
                i += 2
            }
            return false
        case .anyCharNotNL:
            return r != 0x0A
        case .anyChar:
            return true
        default:
            return false
        }
    }

    /// The largest capture index in the tree (Go's `Regexp.MaxCap`).
    func maxCap() -> Int {
        var result = 0
        var pending: [Node] = [self]
        while let node = pending.popLast() {
            if node.op == .capture {
                result = Swift.max(result, node.cap)
            }
            pending.append(contentsOf: node.subs)
        }
        return result
    }

    /// The names of the captures, indexed by capture number, "" for unnamed ones and for index 0
    /// (Go's `Regexp.CapNames`).
    func captureNames(count: Int) -> [String] {
        var names = [String](repeating: "", count: count)
        var pending: [Node] = [self]
        while let node = pending.popLast() {
            if node.op == .capture && node.cap < names.count {
                names[node.cap] = node.name
            }
            pending.append(contentsOf: node.subs)
        }
        return names
    }
}
