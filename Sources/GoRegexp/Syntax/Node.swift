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

    /// Whether `self` and `other` have the same structure (Go's `Regexp.Equal`).
    func isEqual(to other: Node) -> Bool {
        if self.op != other.op {
            return false
        }
        switch self.op {
        case .endText:
            return self.flags.contains(.wasDollar) == other.flags.contains(.wasDollar)
        case .literal, .charClass:
            return self.runes == other.runes
        case .alternate, .concat:
            guard self.subs.count == other.subs.count else { return false }
            for (a, b) in zip(self.subs, other.subs) where !a.isEqual(to: b) {
                return false
            }
            return true
        case .star, .plus, .quest:
            return self.flags.contains(.nonGreedy) == other.flags.contains(.nonGreedy)
                && self.subs[0].isEqual(to: other.subs[0])
        case .repeat:
            return self.flags.contains(.nonGreedy) == other.flags.contains(.nonGreedy)
                && self.min == other.min && self.max == other.max
                && self.subs[0].isEqual(to: other.subs[0])
        case .capture:
            return self.cap == other.cap && self.name == other.name && self.subs[0].isEqual(to: other.subs[0])
        default:
            return true
        }
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
        var result = self.op == .capture ? self.cap : 0
        for sub in self.subs {
            result = Swift.max(result, sub.maxCap())
        }
        return result
    }

    /// Records the name of every capture in the tree into `names` (Go's `Regexp.CapNames`).
    func collectCaptureNames(into names: inout [String]) {
        if self.op == .capture && self.cap < names.count {
            names[self.cap] = self.name
        }
        for sub in self.subs {
            sub.collectCaptureNames(into: &names)
        }
    }
}
