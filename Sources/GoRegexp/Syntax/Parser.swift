/// Parses a pattern into a syntax tree with the grammar and the checks of Go's `regexp/syntax`.
///
/// The parser is an operator-precedence parser with an explicit stack, as Go's: literals are
/// concatenated into strings as they arrive, alternations are factored (`abc|abd` becomes
/// `ab[cd]`) and single-rune alternatives merge into classes. Go's nesting-depth and size limits
/// are defined on the tree this produces, so the parser builds exactly the same tree.
///
/// Every error is a ``GoRegexpError`` with Go's code and offending text.
struct Parser {
    /// Go's `maxHeight`: the deepest tree the parser accepts.
    static let maxHeight = 1000
    /// Go's `maxSize`: the largest program (in instructions of 40 bytes) the parser accepts.
    static let maxSize: Int64 = (128 << 20) / 40
    /// Go's `maxRunes`: the most runes all classes and literals may hold together.
    static let maxRunes = (128 << 20) / 4
    /// The largest repeat count, `{1000}`.
    static let maxRepeat = 1000

    private let pattern: [UInt8]
    private var flags: ParseFlags
    private var stack: [Node] = []
    private var numCap = 0

    // Limit bookkeeping, with Go's accounting: nodes allocated (`numRegexp`, where released nodes
    // are reused before new ones are counted), runes pushed, the product of repeat counts, and
    // whether heights and sizes are tracked yet.
    private var numRegexp = 0
    private var freeNodes = 0
    private var numRunes = 0
    private var repeats: Int64 = 0
    private var trackingHeight = false
    private var trackingSize = false

    /// Parses `pattern` with `flags`.
    ///
    /// - Throws: ``GoRegexpError`` with Go's code and expression.
    static func parse(_ pattern: [UInt8], flags: ParseFlags) throws(GoRegexpError) -> Node {
        var parser = Parser(pattern: pattern, flags: flags)
        return try parser.parse()
    }

    private init(pattern: [UInt8], flags: ParseFlags) {
        self.pattern = pattern
        self.flags = flags
    }

    // MARK: - Errors

    private func text(_ range: Range<Int>) -> String {
        String(decoding: self.pattern[range], as: UTF8.self)
    }

    private func error(_ code: GoRegexpError.Code, _ range: Range<Int>) -> GoRegexpError {
        GoRegexpError(code: code, expression: self.text(range))
    }

    private var end: Int { self.pattern.count }

    // MARK: - UTF-8

    /// Decodes the rune at `i`. At the end of the pattern it returns U+FFFD with width 0, as Go's
    /// `utf8.DecodeRuneInString("")`; invalid UTF-8 is an error naming the rest of the pattern.
    private func nextRune(_ i: Int) throws(GoRegexpError) -> (rune: Rune, next: Int) {
        try self.nextRune(i, limit: self.end)
    }

    /// Decodes the rune at `i` of the text that ends at `limit` (an error names `i..<limit`).
    private func nextRune(_ i: Int, limit: Int) throws(GoRegexpError) -> (rune: Rune, next: Int) {
        if i >= limit {
            return (replacementRune, i)
        }
        let (rune, width) = UTF8Decoding.decode(self.pattern[..<limit], at: i)
        if rune == replacementRune && width == 1 {
            throw self.error(.invalidUTF8, i..<limit)
        }
        return (rune, i + width)
    }

    private func checkUTF8(_ range: Range<Int>) throws(GoRegexpError) {
        var i = range.lowerBound
        while i < range.upperBound {
            let (rune, width) = UTF8Decoding.decode(self.pattern, at: i)
            if rune == replacementRune && width == 1 {
                throw self.error(.invalidUTF8, i..<range.upperBound)
            }
            i += width
        }
    }

    private func byte(_ i: Int) -> UInt8? {
        i < self.end ? self.pattern[i] : nil
    }

    // MARK: - Nodes and limits

    private mutating func newNode(_ op: Op) -> Node {
        if self.freeNodes > 0 {
            self.freeNodes -= 1
        } else {
            self.numRegexp += 1
        }
        return Node(op)
    }

    /// Releases a node the tree no longer uses; Go reuses it for the next allocation.
    private mutating func release(_ node: Node) {
        node.cachedHeight = nil
        self.freeNodes += 1
    }

    private mutating func checkLimits(_ node: Node) throws(GoRegexpError) {
        if self.numRunes > Self.maxRunes {
            throw self.error(.tooLarge, 0..<self.end)
        }
        try self.checkSize(node)
        try self.checkHeight(node)
    }

    private mutating func checkSize(_ node: Node) throws(GoRegexpError) {
        if !self.trackingSize {
            // Cheap test first: while the number of nodes times the product of the repeat
            // counts stays within budget, the program cannot be too large.
            if self.repeats == 0 {
                self.repeats = 1
            }
            if node.op == .repeat {
                var n = node.max
                if n == -1 {
                    n = node.min
                }
                if n <= 0 {
                    n = 1
                }
                if Int64(n) > Self.maxSize / self.repeats {
                    self.repeats = Self.maxSize
                } else {
                    self.repeats *= Int64(n)
                }
            }
            if Int64(self.numRegexp) < Self.maxSize / self.repeats {
                return
            }
            self.trackingSize = true
            for item in self.stack {
                try self.checkSize(item)
            }
        }
        if self.calcSize(node, force: true) > Self.maxSize {
            throw self.error(.tooLarge, 0..<self.end)
        }
    }

    /// The program size of `root` (Go's `calcSize`), reusing the cached sizes of its descendants.
    /// Iterative: the tree can be a thousand levels deep.
    private func calcSize(_ root: Node, force: Bool) -> Int64 {
        if !force, let size = root.cachedSize {
            return size
        }
        struct Frame {
            var node: Node
            var next = 0
            var sum: Int64 = 0
        }
        func counted(_ node: Node) -> Int {
            switch node.op {
            case .capture, .star, .plus, .quest, .concat, .alternate, .repeat: return node.subs.count
            default: return 0
            }
        }
        var stack = [Frame(node: root)]
        while true {
            let top = stack.count - 1
            let node = stack[top].node
            if stack[top].next < counted(node) {
                let child = node.subs[stack[top].next]
                stack[top].next += 1
                if let size = child.cachedSize {
                    stack[top].sum += size
                } else {
                    stack.append(Frame(node: child))
                }
                continue
            }
            let sub = stack[top].sum
            var size: Int64 = 0
            switch node.op {
            case .literal:
                size = Int64(node.runes.count)
            case .capture, .star:
                size = 2 + sub
            case .plus, .quest:
                size = 1 + sub
            case .concat:
                size = sub
            case .alternate:
                size = sub + (node.subs.count > 1 ? Int64(node.subs.count) - 1 : 0)
            case .repeat:
                if node.max == -1 {
                    size = node.min == 0 ? 2 + sub : 1 + Int64(node.min) * sub
                } else {
                    size = Int64(node.max) * sub + Int64(node.max - node.min)
                }
            default:
                break
            }
            size = Swift.max(1, size)
            node.cachedSize = size
            stack.removeLast()
            if stack.isEmpty {
                return size
            }
            stack[stack.count - 1].sum += size
        }
    }

    private mutating func checkHeight(_ node: Node) throws(GoRegexpError) {
        // A tree cannot be taller than the number of nodes allocated.
        if self.numRegexp < Self.maxHeight {
            return
        }
        if !self.trackingHeight {
            self.trackingHeight = true
            for item in self.stack {
                try self.checkHeight(item)
            }
        }
        if self.calcHeight(node, force: true) > Self.maxHeight {
            throw self.error(.nestingDepth, 0..<self.end)
        }
    }

    /// The height of `root` (Go's `calcHeight`), reusing the cached heights of its descendants.
    /// Iterative: the tree can be a thousand levels deep.
    private func calcHeight(_ root: Node, force: Bool) -> Int {
        if !force, let height = root.cachedHeight {
            return height
        }
        struct Frame {
            var node: Node
            var next = 0
            var height = 1
        }
        var stack = [Frame(node: root)]
        while true {
            let top = stack.count - 1
            let node = stack[top].node
            if stack[top].next < node.subs.count {
                let child = node.subs[stack[top].next]
                stack[top].next += 1
                if let height = child.cachedHeight {
                    stack[top].height = Swift.max(stack[top].height, 1 + height)
                } else {
                    stack.append(Frame(node: child))
                }
                continue
            }
            let height = stack[top].height
            node.cachedHeight = height
            stack.removeLast()
            if stack.isEmpty {
                return height
            }
            stack[stack.count - 1].height = Swift.max(stack[stack.count - 1].height, 1 + height)
        }
    }

    // MARK: - Stack

    /// Pushes `node`, turning one-rune classes into literals and joining adjacent literals.
    @discardableResult
    private mutating func push(_ node: Node) throws(GoRegexpError) -> Node? {
        self.numRunes += node.runes.count
        if node.op == .charClass && node.runes.count == 2 && node.runes[0] == node.runes[1] {
            // A single rune.
            if self.maybeConcat(node.runes[0], flags: self.flags.subtracting(.foldCase)) {
                return nil
            }
            node.op = .literal
            node.runes = [node.runes[0]]
            node.flags = self.flags.subtracting(.foldCase)
        } else if node.op == .charClass && Self.isCaseFoldPair(node.runes) {
            // A rune and its other case, such as [Aa] or [Δδ]: a case-insensitive literal.
            if self.maybeConcat(node.runes[0], flags: self.flags.union(.foldCase)) {
                return nil
            }
            node.op = .literal
            node.runes = [node.runes[0]]
            node.flags = self.flags.union(.foldCase)
        } else {
            self.maybeConcat(-1, flags: [])
        }
        self.stack.append(node)
        try self.checkLimits(node)
        return node
    }

    private static func isCaseFoldPair(_ r: [Rune]) -> Bool {
        if r.count == 4 && r[0] == r[1] && r[2] == r[3] && CaseFolding.simpleFold(r[0]) == r[2]
            && CaseFolding.simpleFold(r[2]) == r[0]
        {
            return true
        }
        return r.count == 2 && r[0] + 1 == r[1] && CaseFolding.simpleFold(r[0]) == r[1]
            && CaseFolding.simpleFold(r[1]) == r[0]
    }

    /// Joins the top two stack entries when both are literals with the same case sensitivity.
    /// When `r` is not negative, the freed entry is reused to hold the literal `r` with `flags`,
    /// and the result is whether that happened.
    @discardableResult
    private mutating func maybeConcat(_ r: Rune, flags: ParseFlags) -> Bool {
        let n = self.stack.count
        if n < 2 {
            return false
        }
        let re1 = self.stack[n - 1]
        let re2 = self.stack[n - 2]
        if re1.op != .literal || re2.op != .literal
            || re1.flags.contains(.foldCase) != re2.flags.contains(.foldCase)
        {
            return false
        }
        re2.runes.append(contentsOf: re1.runes)
        if r >= 0 {
            re1.runes = [r]
            re1.flags = flags
            return true
        }
        self.stack.removeLast()
        self.release(re1)
        return false
    }

    private mutating func literal(_ r: Rune) throws(GoRegexpError) {
        let node = self.newNode(.literal)
        node.flags = self.flags
        node.runes = [self.flags.contains(.foldCase) ? CaseFolding.minFoldRune(r) : r]
        try self.push(node)
    }

    @discardableResult
    private mutating func op(_ op: Op) throws(GoRegexpError) -> Node? {
        let node = self.newNode(op)
        node.flags = self.flags
        return try self.push(node)
    }

    /// Applies a repetition operator to the top of the stack.
    ///
    /// - Parameters:
    ///   - before: Where the operator starts.
    ///   - after: Where the pattern continues after the operator.
    ///   - lastRepeat: Where the previous token started, if it was a repetition operator.
    /// - Returns: Where the pattern continues (after a lazy `?`, if any).
    private mutating func applyRepeat(
        _ op: Op,
        min: Int,
        max: Int,
        before: Int,
        after: Int,
        lastRepeat: Int?
    ) throws(GoRegexpError) -> Int {
        var after = after
        var flags = self.flags
        if self.flags.contains(.perlX) {
            if self.byte(after) == UInt8(ascii: "?") {
                after += 1
                flags.formSymmetricDifference(.nonGreedy)
            }
            if let lastRepeat {
                // Perl forbids stacking repetition operators: a** is an error, and a++ is
                // possessive, which Go does not support.
                throw self.error(.invalidRepeatOp, lastRepeat..<after)
            }
        }
        guard let sub = self.stack.last, !sub.op.isPseudo else {
            throw self.error(.missingRepeatArgument, before..<after)
        }
        let node = self.newNode(op)
        node.min = min
        node.max = max
        node.flags = flags
        node.subs = [sub]
        self.stack[self.stack.count - 1] = node
        try self.checkLimits(node)
        if op == .repeat && (min >= 2 || max >= 2) && !Self.repeatIsValid(node, Self.maxRepeat) {
            throw self.error(.invalidRepeatSize, before..<after)
        }
        return after
    }

    /// Whether nested repetitions in `root` stay within `limit` copies of the innermost expression.
    private static func repeatIsValid(_ root: Node, _ limit: Int) -> Bool {
        var pending: [(node: Node, n: Int)] = [(root, limit)]
        while let (node, budget) = pending.popLast() {
            var n = budget
            if node.op == .repeat {
                var m = node.max
                if m == 0 {
                    continue
                }
                if m < 0 {
                    m = node.min
                }
                if m > n {
                    return false
                }
                if m > 0 {
                    n /= m
                }
            }
            for sub in node.subs {
                pending.append((sub, n))
            }
        }
        return true
    }

    /// Index of the first stack entry above the topmost `(` or `|` marker.
    private func firstOperand() -> Int {
        var i = self.stack.count
        while i > 0 && !self.stack[i - 1].op.isPseudo {
            i -= 1
        }
        return i
    }

    /// Replaces the entries above the topmost `|` or `(` with their concatenation.
    private mutating func concat() throws(GoRegexpError) {
        self.maybeConcat(-1, flags: [])
        let i = self.firstOperand()
        let subs = Array(self.stack[i...])
        self.stack.removeSubrange(i...)
        if subs.isEmpty {
            try self.push(self.newNode(.emptyMatch))
        } else {
            try self.push(self.collapse(subs, .concat))
        }
    }

    /// Replaces the entries above the topmost `(` with their alternation.
    private mutating func alternate() throws(GoRegexpError) {
        let i = self.firstOperand()
        let subs = Array(self.stack[i...])
        self.stack.removeSubrange(i...)
        if let last = subs.last {
            Self.cleanAlt(last)
        }
        if subs.isEmpty {
            try self.push(self.newNode(.noMatch))
        } else {
            try self.push(self.collapse(subs, .alternate))
        }
    }

    /// Tidies a node that is about to become an alternative: cleans classes, and turns the
    /// classes of everything (or everything but newline) into dots.
    private static func cleanAlt(_ node: Node) {
        guard node.op == .charClass else { return }
        CharClass.clean(&node.runes)
        if node.runes == [0, maxRune] {
            node.runes = []
            node.op = .anyChar
        } else if node.runes == [0, 0x09, 0x0B, maxRune] {
            node.runes = []
            node.op = .anyCharNotNL
        }
    }

    /// Applies `op` (concatenation or alternation) to `subs`, flattening nested nodes of the same
    /// operator and factoring alternations.
    private mutating func collapse(_ subs: [Node], _ op: Op) throws(GoRegexpError) -> Node {
        if subs.count == 1 {
            return subs[0]
        }
        var node = self.newNode(op)
        for sub in subs {
            if sub.op == op {
                node.subs.append(contentsOf: sub.subs)
                self.release(sub)
            } else {
                node.subs.append(sub)
            }
        }
        if op == .alternate {
            node.subs = try self.factor(node.subs)
            if node.subs.count == 1 {
                let old = node
                node = node.subs[0]
                self.release(old)
            }
        }
        return node
    }

    // MARK: - Factoring alternations

    /// Factors common prefixes out of the alternatives `sub`: first literal prefixes
    /// (`abc|abd` → `ab(?:c|d)`), then common leading classes or fixed repeats of classes, then
    /// runs of single-rune alternatives become one class, and runs of empty matches become one.
    private mutating func factor(_ sub: [Node]) throws(GoRegexpError) -> [Node] {
        if sub.count < 2 {
            return sub
        }
        var sub = sub

        // Round 1: common literal prefixes.
        var out: [Node] = []
        var str: [Rune] = []
        var strFlags: ParseFlags = []
        var start = 0
        var i = 0
        while i <= sub.count {
            var istr: [Rune] = []
            var iflags: ParseFlags = []
            if i < sub.count {
                (istr, iflags) = Self.leadingString(sub[i])
                if iflags == strFlags {
                    var same = 0
                    while same < str.count && same < istr.count && str[same] == istr[same] {
                        same += 1
                    }
                    if same > 0 {
                        // Still a run with a common prefix.
                        str.removeSubrange(same...)
                        i += 1
                        continue
                    }
                }
            }
            // sub[start..<i] all begin with str; sub[i] does not.
            if i == start + 1 {
                out.append(sub[start])
            } else if i > start + 1 {
                let prefix = self.newNode(.literal)
                prefix.flags = strFlags
                prefix.runes = str
                for j in start..<i {
                    sub[j] = self.removeLeadingString(sub[j], str.count)
                    try self.checkLimits(sub[j])
                }
                let suffix = try self.collapse(Array(sub[start..<i]), .alternate)
                let node = self.newNode(.concat)
                node.subs = [prefix, suffix]
                out.append(node)
            }
            start = i
            str = istr
            strFlags = iflags
            i += 1
        }
        sub = out

        // Round 2: a common leading class, or fixed repeat of a class. (More complex prefixes
        // are not safe to factor: merging their paths would change which match is preferred.)
        out = []
        start = 0
        var first: Node?
        i = 0
        while i <= sub.count {
            var ifirst: Node?
            if i < sub.count {
                ifirst = Self.leadingRegexp(sub[i])
                if let first, let ifirst, first.isEqual(to: ifirst),
                    first.isCharClass
                        || (first.op == .repeat && first.min == first.max && first.subs[0].isCharClass)
                {
                    i += 1
                    continue
                }
            }
            if i == start + 1 {
                out.append(sub[start])
            } else if i > start + 1, let prefix = first {
                for j in start..<i {
                    sub[j] = self.removeLeadingRegexp(sub[j], release: j != start)
                    try self.checkLimits(sub[j])
                }
                let suffix = try self.collapse(Array(sub[start..<i]), .alternate)
                let node = self.newNode(.concat)
                node.subs = [prefix, suffix]
                out.append(node)
            }
            start = i
            first = ifirst
            i += 1
        }
        sub = out

        // Round 3: runs of single runes or classes become one class.
        out = []
        start = 0
        i = 0
        while i <= sub.count {
            if i < sub.count && sub[i].isCharClass {
                i += 1
                continue
            }
            if i == start + 1 {
                out.append(sub[start])
            } else if i > start + 1 {
                // Merge into the most complex one.
                var most = start
                for j in (start + 1)..<i {
                    let a = sub[most]
                    let b = sub[j]
                    if a.op.rawValue < b.op.rawValue || (a.op == b.op && a.runes.count < b.runes.count) {
                        most = j
                    }
                }
                sub.swapAt(start, most)
                for j in (start + 1)..<i {
                    Self.mergeCharClass(sub[start], sub[j])
                    self.release(sub[j])
                }
                Self.cleanAlt(sub[start])
                out.append(sub[start])
            }
            if i < sub.count {
                out.append(sub[i])
            }
            start = i + 1
            i += 1
        }
        sub = out

        // Round 4: runs of empty matches become one.
        out = []
        for (index, node) in sub.enumerated() {
            if index + 1 < sub.count && node.op == .emptyMatch && sub[index + 1].op == .emptyMatch {
                continue
            }
            out.append(node)
        }
        return out
    }

    /// The literal string `node` begins with, and whether it is case-insensitive.
    private static func leadingString(_ node: Node) -> ([Rune], ParseFlags) {
        var node = node
        if node.op == .concat, let first = node.subs.first {
            node = first
        }
        if node.op != .literal {
            return ([], [])
        }
        return (node.runes, node.flags.intersection(.foldCase))
    }

    /// Removes the first `n` runes of the leading literal of `node` and returns the result.
    private mutating func removeLeadingString(_ node: Node, _ n: Int) -> Node {
        if node.op == .concat, !node.subs.isEmpty {
            let sub = self.removeLeadingString(node.subs[0], n)
            node.subs[0] = sub
            if sub.op == .emptyMatch {
                self.release(sub)
                switch node.subs.count {
                case 0, 1:
                    node.op = .emptyMatch
                    node.subs = []
                case 2:
                    let result = node.subs[1]
                    self.release(node)
                    return result
                default:
                    node.subs.removeFirst()
                }
            }
            return node
        }
        if node.op == .literal {
            node.runes.removeFirst(Swift.min(n, node.runes.count))
            if node.runes.isEmpty {
                node.op = .emptyMatch
            }
        }
        return node
    }

    /// The first element of a concatenation, or the node itself.
    private static func leadingRegexp(_ node: Node) -> Node? {
        if node.op == .emptyMatch {
            return nil
        }
        if node.op == .concat, let first = node.subs.first {
            return first.op == .emptyMatch ? nil : first
        }
        return node
    }

    /// Removes the leading element of `node` and returns the result.
    private mutating func removeLeadingRegexp(_ node: Node, release: Bool) -> Node {
        if node.op == .concat, !node.subs.isEmpty {
            if release {
                self.release(node.subs[0])
            }
            node.subs.removeFirst()
            switch node.subs.count {
            case 0:
                node.op = .emptyMatch
                node.subs = []
            case 1:
                let result = node.subs[0]
                self.release(node)
                return result
            default:
                break
            }
            return node
        }
        if release {
            self.release(node)
        }
        return self.newNode(.emptyMatch)
    }

    /// Makes `dst` match everything `src` matches. `dst` must not be simpler than `src`.
    private static func mergeCharClass(_ dst: Node, _ src: Node) {
        switch dst.op {
        case .anyChar:
            break
        case .anyCharNotNL:
            if src.matchesRune(0x0A) {
                dst.op = .anyChar
            }
        case .charClass:
            if src.op == .literal {
                CharClass.appendLiteral(&dst.runes, src.runes[0], flags: src.flags)
            } else {
                CharClass.appendClass(&dst.runes, src.runes)
            }
        case .literal:
            if src.runes[0] == dst.runes[0] && src.flags == dst.flags {
                break
            }
            let first = dst.runes[0]
            dst.op = .charClass
            dst.runes = []
            CharClass.appendLiteral(&dst.runes, first, flags: dst.flags)
            CharClass.appendLiteral(&dst.runes, src.runes[0], flags: src.flags)
        default:
            break
        }
    }

    // MARK: - Alternation and groups

    private mutating func parseVerticalBar() throws(GoRegexpError) {
        try self.concat()
        // The concatenation just parsed is on top of the stack. If it sits above a `|` marker,
        // swap it below (everything below a marker becomes an alternation); else push a marker.
        if !self.swapVerticalBar() {
            try self.op(.verticalBar)
        }
    }

    /// If the top of the stack is an operand above a `|` marker, swaps the two (merging
    /// single-rune operands into a class) and returns true.
    private mutating func swapVerticalBar() -> Bool {
        let n = self.stack.count
        if n >= 3 && self.stack[n - 2].op == .verticalBar && self.stack[n - 1].isCharClass
            && self.stack[n - 3].isCharClass
        {
            var re1 = self.stack[n - 1]
            var re3 = self.stack[n - 3]
            // Make re3 the more complex of the two.
            if re1.op.rawValue > re3.op.rawValue {
                swap(&re1, &re3)
                self.stack[n - 3] = re3
            }
            Self.mergeCharClass(re3, re1)
            self.release(re1)
            self.stack.removeLast()
            return true
        }
        if n >= 2 && self.stack[n - 2].op == .verticalBar {
            if n >= 3 {
                // Out of reach from now on; clean it while it is at hand.
                Self.cleanAlt(self.stack[n - 3])
            }
            self.stack.swapAt(n - 2, n - 1)
            return true
        }
        return false
    }

    private mutating func parseRightParen() throws(GoRegexpError) {
        try self.concat()
        if self.swapVerticalBar() {
            self.stack.removeLast()
        }
        try self.alternate()
        let n = self.stack.count
        if n < 2 {
            throw self.error(.unexpectedParen, 0..<self.end)
        }
        let re1 = self.stack[n - 1]
        let re2 = self.stack[n - 2]
        self.stack.removeLast(2)
        if re2.op != .leftParen {
            throw self.error(.unexpectedParen, 0..<self.end)
        }
        // Restore the flags in force at the `(`.
        self.flags = re2.flags
        if re2.cap == 0 {
            try self.push(re1)
        } else {
            re2.op = .capture
            re2.subs = [re1]
            try self.push(re2)
        }
    }

    // MARK: - Main loop

    private mutating func parse() throws(GoRegexpError) -> Node {
        if self.flags.contains(.literal) {
            try self.checkUTF8(0..<self.end)
            let node = Node(.literal)
            node.flags = self.flags
            node.runes = UTF8Decoding.runes(of: self.pattern)
            return node
        }

        var t = 0
        var lastRepeat: Int?
        while t < self.end {
            var repeatStart: Int?
            let c = self.pattern[t]
            switch c {
            case UInt8(ascii: "("):
                if self.flags.contains(.perlX) && self.byte(t + 1) == UInt8(ascii: "?") {
                    // Flag changes and non-capturing groups.
                    t = try self.parsePerlFlags(t)
                    break
                }
                self.numCap += 1
                try self.op(.leftParen)?.cap = self.numCap
                t += 1
            case UInt8(ascii: "|"):
                try self.parseVerticalBar()
                t += 1
            case UInt8(ascii: ")"):
                try self.parseRightParen()
                t += 1
            case UInt8(ascii: "^"):
                try self.op(self.flags.contains(.oneLine) ? .beginText : .beginLine)
                t += 1
            case UInt8(ascii: "$"):
                if self.flags.contains(.oneLine) {
                    try self.op(.endText)?.flags.insert(.wasDollar)
                } else {
                    try self.op(.endLine)
                }
                t += 1
            case UInt8(ascii: "."):
                try self.op(self.flags.contains(.dotNL) ? .anyChar : .anyCharNotNL)
                t += 1
            case UInt8(ascii: "["):
                t = try self.parseClass(t)
            case UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"):
                let op: Op = c == UInt8(ascii: "*") ? .star : (c == UInt8(ascii: "+") ? .plus : .quest)
                let after = try self.applyRepeat(op, min: 0, max: 0, before: t, after: t + 1, lastRepeat: lastRepeat)
                repeatStart = t
                t = after
            case UInt8(ascii: "{"):
                guard let counts = self.parseRepeat(t) else {
                    // Not a well-formed {n}, {n,} or {n,m}: a literal brace.
                    try self.literal(Rune(UInt8(ascii: "{")))
                    t += 1
                    break
                }
                let (min, max, after) = counts
                if min < 0 || min > Self.maxRepeat || max > Self.maxRepeat || (max >= 0 && min > max) {
                    // Numbers too big, or max present and min > max.
                    throw self.error(.invalidRepeatSize, t..<after)
                }
                let next = try self.applyRepeat(.repeat, min: min, max: max, before: t, after: after, lastRepeat: lastRepeat)
                repeatStart = t
                t = next
            case UInt8(ascii: "\\"):
                t = try self.parseBackslash(t)
            default:
                let (rune, next) = try self.nextRune(t)
                try self.literal(rune)
                t = next
            }
            lastRepeat = repeatStart
        }

        try self.concat()
        if self.swapVerticalBar() {
            self.stack.removeLast()
        }
        try self.alternate()
        if self.stack.count != 1 {
            throw self.error(.missingParen, 0..<self.end)
        }
        return self.stack[0]
    }

    /// Parses an escape outside a class: an assertion, `\Q...\E`, a class escape or a literal.
    private mutating func parseBackslash(_ t: Int) throws(GoRegexpError) -> Int {
        if self.flags.contains(.perlX), let letter = self.byte(t + 1) {
            switch letter {
            case UInt8(ascii: "A"):
                try self.op(.beginText)
                return t + 2
            case UInt8(ascii: "b"):
                try self.op(.wordBoundary)
                return t + 2
            case UInt8(ascii: "B"):
                try self.op(.noWordBoundary)
                return t + 2
            case UInt8(ascii: "C"):
                // Any byte: not supported.
                throw self.error(.invalidEscape, t..<(t + 2))
            case UInt8(ascii: "Q"):
                // \Q ... \E: everything in between is literal.
                var literalEnd = self.end
                var next = self.end
                var i = t + 2
                while i + 1 < self.end {
                    if self.pattern[i] == UInt8(ascii: "\\") && self.pattern[i + 1] == UInt8(ascii: "E") {
                        literalEnd = i
                        next = i + 2
                        break
                    }
                    i += 1
                }
                var j = t + 2
                while j < literalEnd {
                    let (rune, after) = try self.nextRune(j, limit: literalEnd)
                    try self.literal(rune)
                    j = after
                }
                return next
            case UInt8(ascii: "z"):
                try self.op(.endText)
                return t + 2
            default:
                break
            }
        }

        let node = self.newNode(.charClass)
        node.flags = self.flags

        // A Unicode class like \p{Han}.
        if let letter = self.byte(t + 1), letter == UInt8(ascii: "p") || letter == UInt8(ascii: "P") {
            var ranges: [Rune] = []
            if let next = try self.parseUnicodeClass(t, into: &ranges) {
                node.runes = ranges
                try self.push(node)
                return next
            }
        }

        // A Perl class like \d.
        var ranges: [Rune] = []
        if let next = self.parsePerlClassEscape(t, into: &ranges) {
            node.runes = ranges
            try self.push(node)
            return next
        }
        self.release(node)

        // A single-character escape.
        let (rune, next) = try self.parseEscape(t)
        try self.literal(rune)
        return next
    }

    // MARK: - Repetition counts

    /// Parses `{min}`, `{min,}` or `{min,max}` at `s`. Returns nil when the text does not have that
    /// form; `min` is -1 when a number is too big; `max` is -1 for `{min,}`.
    private func parseRepeat(_ s: Int) -> (min: Int, max: Int, after: Int)? {
        guard self.byte(s) == UInt8(ascii: "{") else { return nil }
        var i = s + 1
        guard let low = self.parseInt(i) else { return nil }
        var min = low.value
        var max: Int
        i = low.after
        guard let c = self.byte(i) else { return nil }
        if c != UInt8(ascii: ",") {
            max = min
        } else {
            i += 1
            guard let d = self.byte(i) else { return nil }
            if d == UInt8(ascii: "}") {
                max = -1
            } else {
                guard let high = self.parseInt(i) else { return nil }
                max = high.value
                i = high.after
                if max < 0 {
                    // Too big a number.
                    min = -1
                }
            }
        }
        guard self.byte(i) == UInt8(ascii: "}") else { return nil }
        return (min, max, i + 1)
    }

    /// Parses a decimal number without leading zeros; the value is -1 when it is 10^8 or more.
    private func parseInt(_ s: Int) -> (value: Int, after: Int)? {
        guard let first = self.byte(s), Self.isDigit(first) else { return nil }
        if first == UInt8(ascii: "0"), let second = self.byte(s + 1), Self.isDigit(second) {
            return nil
        }
        var i = s
        var value = 0
        while let c = self.byte(i), Self.isDigit(c) {
            if value >= 0 {
                if value >= 100_000_000 {
                    value = -1
                } else {
                    value = value * 10 + Int(c - UInt8(ascii: "0"))
                }
            }
            i += 1
        }
        return (value, i)
    }

    private static func isDigit(_ c: UInt8) -> Bool {
        c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")
    }

    private static func isAlnum(_ c: Rune) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
    }

    // MARK: - Perl flags and named groups

    /// Parses `(?flags)`, `(?flags:`, `(?P<name>` or `(?<name>` at `s` (which starts with `(?`).
    private mutating func parsePerlFlags(_ s: Int) throws(GoRegexpError) -> Int {
        let remaining = self.end - s
        let startsWithP = remaining > 4 && self.pattern[s + 2] == UInt8(ascii: "P")
            && self.pattern[s + 3] == UInt8(ascii: "<")
        let startsWithName = remaining > 3 && self.pattern[s + 2] == UInt8(ascii: "<")

        if startsWithP || startsWithName {
            let nameStart = s + (startsWithP ? 4 : 3)
            guard let close = self.pattern[s...].firstIndex(of: UInt8(ascii: ">")) else {
                try self.checkUTF8(s..<self.end)
                throw self.error(.invalidNamedCapture, s..<self.end)
            }
            try self.checkUTF8(nameStart..<close)
            let name = self.text(nameStart..<close)
            if !Self.isValidCaptureName(name) {
                throw self.error(.invalidNamedCapture, s..<(close + 1))
            }
            self.numCap += 1
            if let node = try self.op(.leftParen) {
                node.cap = self.numCap
                node.name = name
            }
            return close + 1
        }

        // Flags, and perhaps a non-capturing group.
        var t = s + 2
        var flags = self.flags
        var negated = false
        var sawFlag = false
        while t < self.end {
            let (c, next) = try self.nextRune(t)
            t = next
            switch c {
            case 0x69:  // i
                if negated { flags.remove(.foldCase) } else { flags.insert(.foldCase) }
                sawFlag = true
                continue
            case 0x6D:  // m: multi-line mode clears one-line mode
                if negated { flags.insert(.oneLine) } else { flags.remove(.oneLine) }
                sawFlag = true
                continue
            case 0x73:  // s
                if negated { flags.remove(.dotNL) } else { flags.insert(.dotNL) }
                sawFlag = true
                continue
            case 0x55:  // U
                if negated { flags.remove(.nonGreedy) } else { flags.insert(.nonGreedy) }
                sawFlag = true
                continue
            case 0x2D:  // -
                if !negated {
                    negated = true
                    sawFlag = false
                    continue
                }
            case 0x3A, 0x29:  // : )
                if !negated || sawFlag {
                    if c == 0x3A {
                        // Open a group; `)` restores the flags in force here.
                        try self.op(.leftParen)
                    }
                    self.flags = flags
                    return t
                }
            default:
                break
            }
            break
        }
        throw self.error(.invalidPerlOp, s..<t)
    }

    /// Whether `name` is a valid capture name: one or more ASCII letters, digits or underscores.
    private static func isValidCaptureName(_ name: String) -> Bool {
        if name.isEmpty {
            return false
        }
        for scalar in name.unicodeScalars {
            let c = Rune(scalar.value)
            if c != 0x5F && !Self.isAlnum(c) {
                return false
            }
        }
        return true
    }

    // MARK: - Escapes

    /// Parses a single-character escape at `s` (a backslash) and returns the rune.
    private func parseEscape(_ s: Int) throws(GoRegexpError) -> (rune: Rune, next: Int) {
        var t = s + 1
        if t >= self.end {
            throw GoRegexpError(code: .trailingBackslash, expression: "")
        }
        let (c, afterC) = try self.nextRune(t)
        t = afterC
        switch c {
        case 0x31...0x37 where self.isOctalDigit(t), 0x30:
            // Octal: up to three digits. A lone non-zero digit would be a back-reference.
            var r = c - 0x30
            var digits = 1
            while digits < 3, self.isOctalDigit(t) {
                r = r * 8 + Rune(self.pattern[t]) - 0x30
                t += 1
                digits += 1
            }
            return (r, t)
        case 0x78:  // x
            if t >= self.end {
                break
            }
            var (d, afterD) = try self.nextRune(t)
            t = afterD
            if d == 0x7B {  // {
                // Any number of hex digits in braces, at least one.
                var digits = 0
                var r: Rune = 0
                while true {
                    if t >= self.end {
                        throw self.error(.invalidEscape, s..<t)
                    }
                    (d, afterD) = try self.nextRune(t)
                    t = afterD
                    if d == 0x7D {  // }
                        break
                    }
                    guard let v = Self.unhex(d) else {
                        throw self.error(.invalidEscape, s..<t)
                    }
                    r = r * 16 + v
                    if r > maxRune {
                        throw self.error(.invalidEscape, s..<t)
                    }
                    digits += 1
                }
                if digits == 0 {
                    break
                }
                return (r, t)
            }
            // Exactly two hex digits.
            let x = Self.unhex(d)
            (d, afterD) = try self.nextRune(t)
            t = afterD
            guard let x, let y = Self.unhex(d) else { break }
            return (x * 16 + y, t)
        // C escapes. There is no \b: in Perl it is a word boundary outside classes and a
        // backspace inside them, and Go supports neither meaning inside a class.
        case 0x61: return (0x07, t)  // \a
        case 0x66: return (0x0C, t)  // \f
        case 0x6E: return (0x0A, t)  // \n
        case 0x72: return (0x0D, t)  // \r
        case 0x74: return (0x09, t)  // \t
        case 0x76: return (0x0B, t)  // \v
        default:
            if c < 0x80 && !Self.isAlnum(c) {
                // Escaped punctuation is itself (including \_).
                return (c, t)
            }
        }
        throw self.error(.invalidEscape, s..<t)
    }

    private func isOctalDigit(_ i: Int) -> Bool {
        guard let c = self.byte(i) else { return false }
        return c >= UInt8(ascii: "0") && c <= UInt8(ascii: "7")
    }

    private static func unhex(_ c: Rune) -> Rune? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x61...0x66: return c - 0x61 + 10
        case 0x41...0x46: return c - 0x41 + 10
        default: return nil
        }
    }

    // MARK: - Classes

    /// Appends a named class, folded when the parser folds case.
    private func appendGroup(_ r: inout [Rune], _ group: NamedClasses.Group) {
        if !self.flags.contains(.foldCase) {
            if group.negated {
                CharClass.appendNegatedClass(&r, group.ranges)
            } else {
                CharClass.appendClass(&r, group.ranges)
            }
            return
        }
        var folded: [Rune] = []
        CharClass.appendFoldedClass(&folded, group.ranges)
        CharClass.clean(&folded)
        if group.negated {
            CharClass.appendNegatedClass(&r, folded)
        } else {
            CharClass.appendClass(&r, folded)
        }
    }

    /// Parses `\d`, `\D`, `\s`, `\S`, `\w` or `\W` at `s` into `r`; nil if there is none.
    private func parsePerlClassEscape(_ s: Int, into r: inout [Rune]) -> Int? {
        guard self.flags.contains(.perlX), self.byte(s) == UInt8(ascii: "\\"), let letter = self.byte(s + 1),
            let group = NamedClasses.perl(letter)
        else {
            return nil
        }
        self.appendGroup(&r, group)
        return s + 2
    }

    /// Parses `[:alpha:]` or `[:^alpha:]` at `s` into `r`; nil if the text does not have that form.
    private func parseNamedClass(_ s: Int, into r: inout [Rune]) throws(GoRegexpError) -> Int? {
        guard self.byte(s) == UInt8(ascii: "["), self.byte(s + 1) == UInt8(ascii: ":") else { return nil }
        var i = s + 2
        while i + 1 < self.end {
            if self.pattern[i] == UInt8(ascii: ":") && self.pattern[i + 1] == UInt8(ascii: "]") {
                let range = s..<(i + 2)
                guard let group = NamedClasses.posix(self.text(range)) else {
                    throw self.error(.invalidCharRange, range)
                }
                self.appendGroup(&r, group)
                return i + 2
            }
            i += 1
        }
        return nil
    }

    /// Parses a Unicode class `\pN`, `\p{Name}`, `\PN`, `\P{Name}` (with an optional `^` negating
    /// the name) at `s` into `r`. Returns nil when Unicode classes are off or `s` is not `\p`/`\P`.
    private func parseUnicodeClass(_ s: Int, into r: inout [Rune]) throws(GoRegexpError) -> Int? {
        guard self.flags.contains(.unicodeGroups), self.byte(s) == UInt8(ascii: "\\"),
            let letter = self.byte(s + 1), letter == UInt8(ascii: "p") || letter == UInt8(ascii: "P")
        else {
            return nil
        }
        // Committed: parse or fail.
        var negated = letter == UInt8(ascii: "P")
        let (c, afterC) = try self.nextRune(s + 2)
        var sequence: Range<Int>
        var nameRange: Range<Int>
        if c != 0x7B {  // {
            // A one-letter name.
            sequence = s..<afterC
            nameRange = (s + 2)..<afterC
        } else {
            guard let close = self.pattern[s...].firstIndex(of: UInt8(ascii: "}")) else {
                try self.checkUTF8(s..<self.end)
                throw self.error(.invalidCharRange, s..<self.end)
            }
            sequence = s..<(close + 1)
            nameRange = (s + 3)..<close
            try self.checkUTF8(nameRange)
        }
        var name = self.text(nameRange)
        if name.hasPrefix("^") {
            // \p{^Greek} is \P{Greek}, and \P{^Greek} is \p{Greek}.
            negated.toggle()
            name.removeFirst()
        }
        guard let found = UnicodeClasses.table(named: name) else {
            throw self.error(.invalidCharRange, sequence)
        }
        let (table, fold) = found
        if !self.flags.contains(.foldCase) || fold == nil {
            if negated {
                CharClass.appendNegatedClass(&r, table)
            } else {
                CharClass.appendClass(&r, table)
            }
        } else {
            var merged = table
            CharClass.appendClass(&merged, fold ?? [])
            CharClass.clean(&merged)
            if negated {
                CharClass.appendNegatedClass(&r, merged)
            } else {
                CharClass.appendClass(&r, merged)
            }
        }
        return sequence.upperBound
    }

    /// Parses one class character (perhaps an escape) at `s`; `whole` starts at the class's `[`.
    private func parseClassChar(_ s: Int, whole: Int) throws(GoRegexpError) -> (rune: Rune, next: Int) {
        if s >= self.end {
            throw self.error(.missingBracket, whole..<self.end)
        }
        if self.pattern[s] == UInt8(ascii: "\\") {
            return try self.parseEscape(s)
        }
        return try self.nextRune(s)
    }

    /// Parses a bracketed class at `s` and pushes it.
    private mutating func parseClass(_ s: Int) throws(GoRegexpError) -> Int {
        var t = s + 1
        let node = self.newNode(.charClass)
        node.flags = self.flags
        var ranges: [Rune] = []

        var negated = false
        if self.byte(t) == UInt8(ascii: "^") {
            negated = true
            t += 1
            // A class that may not match newline gets it here, so that negation removes it.
            if !self.flags.contains(.classNL) {
                ranges.append(0x0A)
                ranges.append(0x0A)
            }
        }

        var first = true  // ] and - are fine as the first character
        while t >= self.end || self.pattern[t] != UInt8(ascii: "]") || first {
            // POSIX allows - unescaped only first or last; Perl allows it anywhere.
            if t < self.end && self.pattern[t] == UInt8(ascii: "-") && !self.flags.contains(.perlX) && !first
                && (t + 1 == self.end || self.pattern[t + 1] != UInt8(ascii: "]"))
            {
                let width = t + 1 < self.end ? UTF8Decoding.decode(self.pattern, at: t + 1).width : 0
                throw self.error(.invalidCharRange, t..<(t + 1 + width))
            }
            first = false

            // [:alnum:] and the like.
            if self.end - t > 2 && self.pattern[t] == UInt8(ascii: "[") && self.pattern[t + 1] == UInt8(ascii: ":") {
                if let next = try self.parseNamedClass(t, into: &ranges) {
                    t = next
                    continue
                }
            }

            // \p{Han} and the like.
            if let next = try self.parseUnicodeClass(t, into: &ranges) {
                t = next
                continue
            }

            // \d and the like.
            if let next = self.parsePerlClassEscape(t, into: &ranges) {
                t = next
                continue
            }

            // A character or a range.
            let rangeStart = t
            let (lo, afterLo) = try self.parseClassChar(t, whole: s)
            t = afterLo
            var hi = lo
            // [a-] means a or -, so a range needs something other than ] after the -.
            if self.end - t >= 2 && self.pattern[t] == UInt8(ascii: "-") && self.pattern[t + 1] != UInt8(ascii: "]") {
                t += 1
                let (upper, afterHi) = try self.parseClassChar(t, whole: s)
                t = afterHi
                hi = upper
                if hi < lo {
                    throw self.error(.invalidCharRange, rangeStart..<t)
                }
            }
            if self.flags.contains(.foldCase) {
                CharClass.appendFoldedRange(&ranges, lo, hi)
            } else {
                CharClass.appendRange(&ranges, lo, hi)
            }
        }
        t += 1  // the ]

        CharClass.clean(&ranges)
        node.runes = negated ? CharClass.negate(ranges) : ranges
        try self.push(node)
        return t
    }
}
