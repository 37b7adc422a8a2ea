/// Parser mode flags, as Go's `syntax.Flags`.
struct ParseFlags: OptionSet, Hashable, Sendable {
    let rawValue: UInt16

    /// Case-insensitive matching, `(?i)`.
    static let foldCase = ParseFlags(rawValue: 1 << 0)
    /// The pattern is a literal string.
    static let literal = ParseFlags(rawValue: 1 << 1)
    /// Negated classes like `[^a]` and `[[:space:]]` may match a newline.
    static let classNL = ParseFlags(rawValue: 1 << 2)
    /// `.` matches a newline, `(?s)`.
    static let dotNL = ParseFlags(rawValue: 1 << 3)
    /// `^` and `$` match only at the beginning and end of the text (cleared by `(?m)`).
    static let oneLine = ParseFlags(rawValue: 1 << 4)
    /// Repetitions are non-greedy by default, `(?U)`.
    static let nonGreedy = ParseFlags(rawValue: 1 << 5)
    /// The Perl extensions: `\d \s \w`, `(?flags)`, `(?:...)`, `\A \z \b \B \Q...\E`, lazy operators.
    static let perlX = ParseFlags(rawValue: 1 << 6)
    /// Unicode classes `\p{...}` and `\P{...}`.
    static let unicodeGroups = ParseFlags(rawValue: 1 << 7)
    /// An end-of-text node that came from `$`, not `\z`.
    static let wasDollar = ParseFlags(rawValue: 1 << 8)
    /// The pattern has no counted repetition.
    static let simple = ParseFlags(rawValue: 1 << 9)

    /// `.` and negated classes match a newline.
    static let matchNL: ParseFlags = [.classNL, .dotNL]
    /// Go's `syntax.Perl`, the flags `regexp.Compile` uses.
    static let perl: ParseFlags = [.classNL, .oneLine, .perlX, .unicodeGroups]
    /// Go's `syntax.POSIX`, POSIX ERE syntax (`regexp.CompilePOSIX` adds nothing else).
    static let posix: ParseFlags = []
}
