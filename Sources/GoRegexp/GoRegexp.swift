/// A regular expression with the syntax and semantics of Go's `regexp` package (RE2 syntax), that
/// matches in time linear in the size of the input, whatever the pattern.
///
/// Create one with the pattern text, exactly as Go's `regexp.Compile` takes it:
///
/// ```swift
/// let ecr = try GoRegexp(#"^(?:.*\.dkr\.ecr\..*\.amazonaws\.com)"#)
/// ecr.matches("oci://123456789012.dkr.ecr.eu-west-1.amazonaws.com/charts")  // true
/// ```
///
/// The semantics are Go's, not those of Swift `Regex` or `NSRegularExpression`:
///
/// - Matching works on Unicode scalars (Go's runes), never on grapheme clusters. Invalid UTF-8 in
///   the input is read one byte at a time, each byte as U+FFFD.
/// - `$` matches only at the end of the text (not before a final newline) unless `(?m)` is on;
///   `.` does not match `\n` unless `(?s)` is on.
/// - `\d`, `\s`, `\w` and `\b` are ASCII-only; `\pL`, `\p{Greek}` use Unicode 15.0.0.
/// - `(?i)` folds case with Unicode simple case folding.
/// - When several matches start at the leftmost position, the one a backtracking engine would
///   find first wins (leftmost-first), with the same submatches as Go. Set ``longest`` for
///   Go's leftmost-longest mode.
///
/// Back-references and look-around are rejected, as in Go; see <doc:EvaluatingUntrustedPatterns>
/// for the guarantees that make untrusted patterns safe to run.
///
/// `GoRegexp` is an immutable value (apart from ``longest``); copies share the compiled program,
/// and any number of tasks may match with one value at the same time.
public struct GoRegexp: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    private let compiled: CompiledRegexp

    /// Whether searches prefer the leftmost-longest match (Go's `Regexp.Longest`) rather than the
    /// leftmost-first one. Off by default; ``matches(_:)`` gives the same answer either way.
    public var longest: Bool

    /// Compiles a pattern with Go's `regexp.Compile` syntax (RE2 syntax, Perl flags).
    ///
    /// - Parameter pattern: The regular expression, for example `^oci://[0-9]{12}\.dkr\.ecr\.`.
    /// - Throws: ``GoRegexpError`` with Go's error code and offending text when Go would reject
    ///   the pattern, for example `missing closing )` for `(a`.
    public init(_ pattern: String) throws {
        try self.init(pattern: Array(pattern.utf8), flags: .perl, longest: false)
    }

    /// Compiles `pattern` with the parser flags `flags` (Go's `regexp.compile` with a mode).
    init(pattern: [UInt8], flags: ParseFlags, longest: Bool) throws(GoRegexpError) {
        self.compiled = try CompiledRegexp(pattern: pattern, flags: flags)
        self.longest = longest
    }

    /// The pattern text, as given to ``init(_:)`` (Go's `Regexp.String`).
    public var description: String {
        self.compiled.pattern
    }

    /// The pattern text in Go's quoting, for example `GoRegexp("a+")`.
    public var debugDescription: String {
        "GoRegexp(\(String(reflecting: self.compiled.pattern)))"
    }

    /// The number of capturing groups in the pattern (Go's `Regexp.NumSubexp`).
    public var numberOfGroups: Int {
        self.compiled.numberOfGroups
    }

    /// The names of the capturing groups, indexed by group number (Go's `Regexp.SubexpNames`).
    ///
    /// Element 0 stands for the whole match and is always empty, as is the name of every unnamed
    /// group. The array has ``numberOfGroups`` + 1 elements.
    public var groupNames: [String] {
        self.compiled.groupNames
    }

    /// The number of the first group called `name` (Go's `Regexp.SubexpIndex`), or nil when no
    /// group has that name.
    ///
    /// - Parameter name: A group name, as in `(?P<name>...)` or `(?<name>...)`.
    /// - Returns: An index into the result of ``firstMatchIndices(utf8:)`` divided by 2.
    public func groupIndex(named name: String) -> Int? {
        if name.isEmpty {
            return nil
        }
        return self.compiled.groupNames.firstIndex(of: name)
    }

    /// Whether `input` contains a match (Go's `Regexp.MatchString`).
    ///
    /// - Parameter input: The text to search.
    /// - Returns: True when some part of `input` matches.
    public func matches(_ input: String) -> Bool {
        var input = input
        return input.withUTF8 { self.compiled.matches($0) }
    }

    /// Whether the UTF-8 text `input` contains a match (Go's `Regexp.Match`).
    ///
    /// - Parameter input: The bytes to search. Invalid UTF-8 is allowed: each invalid byte reads
    ///   as U+FFFD, as in Go.
    /// - Returns: True when some part of `input` matches.
    public func matches(utf8 input: some Collection<UInt8>) -> Bool {
        if let result = input.withContiguousStorageIfAvailable({ self.compiled.matches($0) }) {
            return result
        }
        return Array(input).withUnsafeBufferPointer { self.compiled.matches($0) }
    }

    /// The byte offsets of the leftmost match and of each group's submatch (Go's
    /// `Regexp.FindSubmatchIndex`).
    ///
    /// The result has 2 × (``numberOfGroups`` + 1) elements: the start and end of the match, then
    /// the start and end of each group in order; a group that did not take part in the match has
    /// -1 for both.
    ///
    /// - Parameter input: The bytes to search. Invalid UTF-8 is allowed: each invalid byte reads
    ///   as U+FFFD, as in Go.
    /// - Returns: The offsets, or nil when there is no match.
    public func firstMatchIndices(utf8 input: some Collection<UInt8>) -> [Int]? {
        let longest = self.longest
        if let result = input.withContiguousStorageIfAvailable({ self.compiled.firstMatch($0, longest: longest) }) {
            return result
        }
        return Array(input).withUnsafeBufferPointer { self.compiled.firstMatch($0, longest: longest) }
    }

    /// The byte offsets in `input.utf8` of the leftmost match and of each group's submatch (Go's
    /// `Regexp.FindStringSubmatchIndex`). See ``firstMatchIndices(utf8:)``.
    ///
    /// - Parameter input: The text to search.
    /// - Returns: The offsets, or nil when there is no match.
    public func firstMatchIndices(_ input: String) -> [Int]? {
        var input = input
        let longest = self.longest
        return input.withUTF8 { self.compiled.firstMatch($0, longest: longest) }
    }

    /// Escapes every regular-expression metacharacter in `text` (Go's `regexp.QuoteMeta`), so that
    /// the result matches `text` literally.
    ///
    /// - Parameter text: Any text, for example a host name `registry.example.com`.
    /// - Returns: A pattern such as `registry\.example\.com`.
    public static func quoteMeta(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count * 2)
        for byte in text.utf8 {
            if Self.metacharacters.contains(byte) {
                bytes.append(UInt8(ascii: "\\"))
            }
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static let metacharacters: Set<UInt8> = Set(#"\.+*?()|[]{}^$"#.utf8)
}

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
