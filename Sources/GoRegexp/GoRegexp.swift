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

    /// The pattern text, quoted, for example `GoRegexp("a+")`.
    public var debugDescription: String {
        "GoRegexp(\(String(reflecting: self.compiled.pattern)))"
    }

    /// The compiled program (for the package-level automaton view).
    var program: Program {
        self.compiled.program
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
