/// Textual checks of a `helmRepoURLRegex` with fixes: unescaped dots in host names, a missing
/// `^` under the legacy rule, and `.*` before the host.
enum RegexLint {
    static func lint(_ regex: HelmRepoURLRegex, suggestion: String) -> [RegexFinding] {
        let pattern = regex.pattern
        guard !pattern.isEmpty else {
            return []
        }
        var findings: [RegexFinding] = []
        let tokens = Self.tokens(pattern)

        // Unescaped dots between host-name characters, outside classes.
        var dotFixed = ""
        var unescaped = 0
        for (index, token) in tokens.enumerated() {
            if token.text == "." && token.kind == .meta {
                let before = index > 0 ? tokens[index - 1] : nil
                let after = index + 1 < tokens.count ? tokens[index + 1] : nil
                let afterAfter = index + 2 < tokens.count ? tokens[index + 2] : nil
                let beforeWildcard = after?.kind == .meta && after?.text == "."
                    && (afterAfter?.text == "*" || afterAfter?.text == "+")
                if let before, let after, before.isHostCharacter, after.isHostCharacter || beforeWildcard {
                    unescaped += 1
                    dotFixed += "\\."
                    continue
                }
            }
            dotFixed += token.text
        }
        if unescaped > 0 {
            findings.append(
                RegexFinding(
                    kind: .unescapedDot,
                    severity: .warning,
                    message: "\(unescaped) unescaped '.' between host-name characters match any character; escape them as \\.",
                    suggestedPattern: dotFixed
                )
            )
        }

        // Unanchored under the legacy rule.
        if !regex.semantics.requiresAnchoredMatch {
            let startsAnchored = pattern.hasPrefix("^") || pattern.hasPrefix("\\A")
            let topLevelAlternation = Self.hasTopLevelAlternation(tokens)
            if !startsAnchored || topLevelAlternation {
                findings.append(
                    RegexFinding(
                        kind: .unanchored,
                        severity: .warning,
                        message: "this Fleet release matches the pattern anywhere in the URL; anchor it with ^",
                        suggestedPattern: startsAnchored && !topLevelAlternation ? pattern : "^(?:" + pattern + ")"
                    )
                )
            }
        }

        // `.*` / `.+` before the host: before the first `/` after `://`, or before the first
        // escaped dot when the pattern has no scheme.
        var sawSchemeSeparator = false
        var slashesAfterScheme = 0
        var sawEscapedDot = false
        var wildcardBeforeHost = false
        for (index, token) in tokens.enumerated() {
            if token.kind == .literal && token.text == ":" && index + 2 < tokens.count
                && tokens[index + 1].text == "/" && tokens[index + 2].text == "/"
            {
                sawSchemeSeparator = true
                slashesAfterScheme = -2
            }
            if sawSchemeSeparator && token.text == "/" {
                slashesAfterScheme += 1
                if slashesAfterScheme >= 1 { break }
            }
            if token.text == "\\." { sawEscapedDot = true }
            if token.kind == .meta && token.text == "." && index + 1 < tokens.count
                && (tokens[index + 1].text == "*" || tokens[index + 1].text == "+")
            {
                if sawSchemeSeparator || !sawEscapedDot {
                    wildcardBeforeHost = true
                    break
                }
            }
        }
        if wildcardBeforeHost {
            findings.append(
                RegexFinding(
                    kind: .wildcardBeforeHost,
                    severity: .warning,
                    message: "a wildcard (.* or .+) stands before the host, so any host can come first; spell out scheme and host",
                    suggestedPattern: suggestion
                )
            )
        }
        return findings
    }

    struct Token {
        enum Kind { case literal, meta, escape, classText }
        var text: String
        var kind: Kind

        var isHostCharacter: Bool {
            guard self.kind == .literal || self.kind == .escape, let c = self.text.unicodeScalars.last, self.text.count <= 2 else {
                return false
            }
            if self.kind == .escape && self.text != "\\-" { return false }
            return ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "-"
        }
    }

    /// Splits a pattern into literals, metacharacters, escapes and whole character classes.
    static func tokens(_ pattern: String) -> [Token] {
        var tokens: [Token] = []
        let chars = Array(pattern)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "\\" && i + 1 < chars.count {
                if chars[i + 1] == "Q" {
                    // \Q…\E: literal text.
                    var j = i + 2
                    while j < chars.count && !(chars[j] == "\\" && j + 1 < chars.count && chars[j + 1] == "E") {
                        tokens.append(Token(text: String(chars[j]), kind: .literal))
                        j += 1
                    }
                    i = min(j + 2, chars.count)
                    continue
                }
                tokens.append(Token(text: String(chars[i...(i + 1)]), kind: .escape))
                i += 2
                continue
            }
            if c == "[" {
                var j = i + 1
                if j < chars.count && chars[j] == "^" { j += 1 }
                if j < chars.count && chars[j] == "]" { j += 1 }
                while j < chars.count && chars[j] != "]" {
                    j += chars[j] == "\\" ? 2 : 1
                }
                let end = min(j, chars.count - 1)
                tokens.append(Token(text: String(chars[i...end]), kind: .classText))
                i = end + 1
                continue
            }
            let meta: Set<Character> = [".", "*", "+", "?", "(", ")", "|", "^", "$", "{", "}"]
            tokens.append(Token(text: String(c), kind: meta.contains(c) ? .meta : .literal))
            i += 1
        }
        return tokens
    }

    static func hasTopLevelAlternation(_ tokens: [Token]) -> Bool {
        var depth = 0
        for token in tokens where token.kind == .meta {
            switch token.text {
            case "(": depth += 1
            case ")": depth -= 1
            case "|": if depth == 0 { return true }
            default: break
            }
        }
        return false
    }
}
