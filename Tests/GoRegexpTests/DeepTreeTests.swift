import Dispatch
import Foundation
import Testing

@testable import GoRegexp

/// The deepest trees the parser accepts, some made deeper by simplification (`x{0,1000}` becomes
/// 1,000 nested optional groups), compile and match on a thread with a small stack: parsing,
/// simplification, compilation and matching never recurse on the tree (macOS gives secondary
/// threads 512 KiB).
struct DeepTreeTests {
    private final class Outcome: @unchecked Sendable {
        var indices: [Int]?
        var groups = -1
    }

    static let patterns = [
        String(repeating: "(", count: 999) + String(repeating: ")", count: 999),
        String(repeating: "(?:", count: 999) + String(repeating: ")*", count: 999),
        "x{0,1000}",
        String(repeating: "(", count: 998) + "x{0,1000}" + String(repeating: ")", count: 998),
        String(repeating: "(?:x", count: 490) + String(repeating: ")?", count: 490),
    ]

    @Test(arguments: DeepTreeTests.patterns)
    func compilesAndMatchesOnASmallStack(pattern: String) {
        let outcome = Outcome()
        let finished = DispatchSemaphore(value: 0)
        let thread = Thread {
            if let re = try? GoRegexp(pattern) {
                outcome.groups = re.numberOfGroups
                outcome.indices = re.firstMatchIndices(String(repeating: "x", count: 1_200))
            }
            finished.signal()
        }
        thread.stackSize = 256 * 1024
        thread.start()
        finished.wait()
        #expect(outcome.groups >= 0, "did not compile")
        #expect(outcome.indices?.first == 0)
    }

    @Test func deepestAcceptedTreeCompilesAndRunsInATask() async throws {
        let pattern = String(repeating: "(", count: 998) + "x{0,1000}" + String(repeating: ")", count: 998)
        let result = try await Task.detached {
            let re = try GoRegexp(pattern)
            return (re.firstMatchIndices(String(repeating: "x", count: 1_200)), re.numberOfGroups)
        }.value
        #expect(result.1 == 998)
        #expect(result.0?.prefix(4) == [0, 1_000, 0, 1_000])
    }
}
