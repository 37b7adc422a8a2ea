/// An error thrown by ``GoRegexp/init(_:)`` when a pattern is not valid in Go's `regexp` syntax.
///
/// It carries what Go's `*syntax.Error` carries: a ``code`` whose text is Go's error code text
/// (for example `missing closing )`) and the offending part of the pattern, ``expression``,
/// exactly as Go reports it. ``description`` is Go's message, word for word:
///
/// ```
/// error parsing regexp: missing closing ): `(a`
/// ```
///
/// Equality and hashing compare the code only, so tests can write
/// `#expect(throws: GoRegexpError(code: .missingParen))`.
public struct GoRegexpError: Error, Hashable, CustomStringConvertible, CustomDebugStringConvertible, Sendable {
    /// The kind of syntax error, as Go's `syntax.ErrorCode`. New codes may be added in minor releases.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let text: String

        private init(_ text: String) {
            self.text = text
        }

        /// An unexpected internal failure (Go's `ErrInternalError`). GoRegexp never throws it today.
        public static let internalError = Code("regexp/syntax: internal error")
        /// A character class that is not valid, such as `[[:foo:]]` (Go's `ErrInvalidCharClass`).
        public static let invalidCharClass = Code("invalid character class")
        /// A range that is not valid, such as `[z-a]`, or an unknown class such as `\p{Foo}`
        /// (Go's `ErrInvalidCharRange`).
        public static let invalidCharRange = Code("invalid character class range")
        /// An escape that Go does not support, such as `\Z`, `\C` or a back-reference `\1`
        /// (Go's `ErrInvalidEscape`).
        public static let invalidEscape = Code("invalid escape sequence")
        /// A malformed named group, such as `(?P<>a)` or a look-behind `(?<=a)` (Go's `ErrInvalidNamedCapture`).
        public static let invalidNamedCapture = Code("invalid named capture")
        /// A `(?` construct Go does not support, such as look-ahead `(?=a)` or the flag `(?x)`
        /// (Go's `ErrInvalidPerlOp`).
        public static let invalidPerlOp = Code("invalid or unsupported Perl syntax")
        /// Two repetition operators in a row, such as `a**` or the possessive `a++` (Go's `ErrInvalidRepeatOp`).
        public static let invalidRepeatOp = Code("invalid nested repetition operator")
        /// A repeat count above 1000, or `{n,m}` with n > m (Go's `ErrInvalidRepeatSize`).
        public static let invalidRepeatSize = Code("invalid repeat count")
        /// A pattern that is not valid UTF-8 (Go's `ErrInvalidUTF8`).
        public static let invalidUTF8 = Code("invalid UTF-8")
        /// A `[` without its closing `]` (Go's `ErrMissingBracket`).
        public static let missingBracket = Code("missing closing ]")
        /// A `(` without its closing `)` (Go's `ErrMissingParen`).
        public static let missingParen = Code("missing closing )")
        /// A repetition operator with nothing to repeat, such as `*a` (Go's `ErrMissingRepeatArgument`).
        public static let missingRepeatArgument = Code("missing argument to repetition operator")
        /// A `\` at the very end of the pattern (Go's `ErrTrailingBackslash`).
        public static let trailingBackslash = Code("trailing backslash at end of expression")
        /// A `)` without an opening `(` (Go's `ErrUnexpectedParen`).
        public static let unexpectedParen = Code("unexpected )")
        /// Groups, repetitions and alternations nested more than 1000 levels deep (Go's `ErrNestingDepth`).
        public static let nestingDepth = Code("expression nests too deeply")
        /// A pattern whose program would exceed Go's size limits (Go's `ErrLarge`).
        public static let tooLarge = Code("expression too large")

        /// Go's error code text, for example `missing closing )`.
        public var description: String { self.text }
    }

    /// What went wrong.
    public var code: Code

    /// The offending part of the pattern, as Go reports it (Go's `syntax.Error.Expr`). For some
    /// codes (`missing closing )`, `unexpected )`, `expression too large`) that is the whole pattern.
    public var expression: String

    private var file: String
    private var line: UInt

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: What went wrong.
    ///   - expression: The offending part of the pattern.
    ///   - file: The file that throws; defaults to the caller's.
    ///   - line: The line that throws; defaults to the caller's.
    public init(code: Code, expression: String = "", file: String = #fileID, line: UInt = #line) {
        self.code = code
        self.expression = expression
        self.file = file
        self.line = line
    }

    /// Go's message: `error parsing regexp: `, the code, `: `, and the expression in backquotes.
    ///
    /// ```
    /// error parsing regexp: missing closing ): `(a`
    /// ```
    public var description: String {
        "error parsing regexp: \(self.code): `\(self.expression)`"
    }

    /// Go's message followed by the place in GoRegexp that threw it.
    public var debugDescription: String {
        "GoRegexpError(\(self.description)) (\(self.file):\(self.line))"
    }

    /// Compares the codes only.
    public static func == (lhs: GoRegexpError, rhs: GoRegexpError) -> Bool {
        lhs.code == rhs.code
    }

    /// Hashes the code only.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.code)
    }
}
