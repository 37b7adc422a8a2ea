/// A small nondeterministic automaton over Unicode scalars (no ε-moves) describing a set of chart
/// URLs, for the product with a pattern's automaton.
///
/// The modelled URLs are `scheme://[userinfo@]host[:port]` followed by a path, as Fleet passes
/// them to Helm:
///
/// - schemes as given (`oci`, `https`, `http`); userinfo only for `http` and `https`, where Go's
///   HTTP client sends the request to the host after the `@`;
/// - a host is letters, digits, `-`, `_` and `.` (no empty label, no leading or trailing dot),
///   compared with the intended hosts without regard to case;
/// - an optional port of digits;
/// - for `oci` a `/` and at least one more character (a chart reference needs a repository); for
///   `http(s)` the end, or `/`, `?` or `#` and anything after.
struct URLLanguage {
    typealias RuneSet = [ClosedRange<Int32>]

    struct State {
        var transitions: [(set: RuneSet, target: Int)] = []
        var accepting = false
    }

    private(set) var states: [State] = []
    let start: Int

    enum HostSelection {
        /// URLs whose host is not one of these.
        case outside([String])
        /// URLs whose host is one of these.
        case inside([String])
    }

    static let hostChars: RuneSet = [0x2D...0x2E, 0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A]
    static let digits: RuneSet = [0x30...0x39]
    static let any: RuneSet = [0...0x10FFFF]
    static let userinfoChars: RuneSet = [
        0x21...0x21, 0x24...0x24, 0x26...0x2E, 0x30...0x3B, 0x3D...0x3D, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A, 0x7E...0x7E,
    ]

    private static func single(_ c: Character) -> RuneSet {
        let v = Int32(c.unicodeScalars.first?.value ?? 0)
        return [v...v]
    }

    init(schemes: [String], hosts: HostSelection) {
        self.states = [State()]
        self.start = 0
        let lowered: [String]
        let inside: Bool
        switch hosts {
        case .outside(let list): lowered = list.map { $0.lowercased() }; inside = false
        case .inside(let list): lowered = list.map { $0.lowercased() }; inside = true
        }
        // One authority automaton per URL family.
        var authorityEntry: [Bool: (plain: Int, withUserinfo: Int)] = [:]
        for oci in [true, false] {
            let rest = self.restStates(oci: oci)
            let hostRoot = self.hostTrie(lowered, inside: inside, rest: rest)
            if oci {
                authorityEntry[oci] = (hostRoot, hostRoot)
            } else {
                // `userinfo@` before the host: from the entry, either the host or userinfo.
                let entry = self.newState()
                self.states[entry].transitions = self.states[hostRoot].transitions
                let userinfo = self.newState()
                self.states[entry].transitions.append((Self.userinfoChars, userinfo))
                self.states[entry].transitions.append((Self.single("@"), hostRoot))
                self.states[userinfo].transitions.append((Self.userinfoChars, userinfo))
                self.states[userinfo].transitions.append((Self.single("@"), hostRoot))
                authorityEntry[oci] = (hostRoot, entry)
            }
        }
        for scheme in schemes {
            let oci = scheme.lowercased() != "http" && scheme.lowercased() != "https"
            var current = self.start
            let text = Array(scheme.unicodeScalars) + Array("://".unicodeScalars)
            for (index, scalar) in text.enumerated() {
                let value = Int32(scalar.value)
                let target: Int
                if index == text.count - 1, let entry = authorityEntry[oci] {
                    target = entry.withUserinfo
                } else {
                    target = self.newState()
                }
                self.states[current].transitions.append(([value...value], target))
                current = target
            }
        }
    }

    private mutating func newState() -> Int {
        self.states.append(State())
        return self.states.count - 1
    }

    /// The states after the authority: (after `:` port, after a path delimiter).
    private mutating func restStates(oci: Bool) -> (port: Int, delimiter: RuneSet, afterDelimiter: Int, atEnd: Bool) {
        let port = self.newState()
        let anything = self.newState()
        self.states[anything].accepting = true
        self.states[anything].transitions.append((Self.any, anything))
        let afterDelimiter: Int
        let delimiter: RuneSet
        if oci {
            // `/` then at least one character.
            let slash = self.newState()
            self.states[slash].transitions.append((Self.any, anything))
            afterDelimiter = slash
            delimiter = Self.single("/")
        } else {
            afterDelimiter = anything
            delimiter = Self.single("/") + Self.single("?") + Self.single("#")
        }
        self.states[port].transitions.append((Self.digits, port))
        self.states[port].transitions.append((delimiter.sorted { $0.lowerBound < $1.lowerBound }, afterDelimiter))
        self.states[port].accepting = !oci
        return (port, delimiter.sorted { $0.lowerBound < $1.lowerBound }, afterDelimiter, !oci)
    }

    /// Builds the host trie and returns its root (which reads at least one host character).
    private mutating func hostTrie(
        _ hosts: [String],
        inside: Bool,
        rest: (port: Int, delimiter: RuneSet, afterDelimiter: Int, atEnd: Bool)
    ) -> Int {
        // Trie nodes: prefix -> state. `other` states: host outside every prefix, split on
        // whether the last character was a dot (no empty labels).
        var nodes: [String: Int] = [:]
        let root = self.newState()
        nodes[""] = root
        var prefixes: Set<String> = [""]
        for host in hosts {
            var prefix = ""
            for c in host {
                prefix.append(c)
                prefixes.insert(prefix)
            }
        }
        for prefix in prefixes.sorted() where !prefix.isEmpty {
            nodes[prefix] = self.newState()
        }
        let other = inside ? -1 : self.newState()
        let otherDot = inside ? -1 : self.newState()
        let terminal = Set(hosts)
        func addTerminators(_ state: Int) {
            self.states[state].transitions.append((Self.single(":"), rest.port))
            self.states[state].transitions.append((rest.delimiter, rest.afterDelimiter))
            self.states[state].accepting = rest.atEnd
        }
        // Host characters, split into: letters (case-folded for the trie), digits, `-`, `_`, `.`.
        let characters: [Int32] = Array(0x30...0x39) + Array(0x61...0x7A) + [0x2D, 0x2E, 0x5F]
        for prefix in prefixes {
            guard let state = nodes[prefix] else { continue }
            let lastIsDot = prefix.last == "."
            for c in characters {
                let isDot = c == 0x2E
                if isDot && (prefix.isEmpty || lastIsDot) {
                    continue
                }
                let scalar = Character(Unicode.Scalar(UInt8(c)))
                var set: RuneSet = [c...c]
                if c >= 0x61 && c <= 0x7A {
                    set = [(c - 0x20)...(c - 0x20), c...c]
                }
                let target: Int
                if let child = nodes[prefix + String(scalar)] {
                    target = child
                } else if inside {
                    continue
                } else {
                    target = isDot ? otherDot : other
                }
                self.states[state].transitions.append((set, target))
            }
            let isHost = terminal.contains(prefix)
            if !prefix.isEmpty && !lastIsDot && isHost == inside {
                addTerminators(state)
            }
        }
        if !inside {
            // other: any host character; a dot leads to otherDot, which refuses another dot.
            let noDot: RuneSet = [0x2D...0x2D, 0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A]
            self.states[other].transitions.append((noDot, other))
            self.states[other].transitions.append((Self.single("."), otherDot))
            self.states[otherDot].transitions.append((noDot, other))
            addTerminators(other)
        }
        return root
    }
}
