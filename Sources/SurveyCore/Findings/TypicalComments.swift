/// Chooses a problem's 典型意见: at most three distinct comments, cleaned of control characters and
/// trailing punctuation, that speak to the problem (sharing a meaningful two-character piece with its
/// wording), the most relevant first, not simply the longest. A comment about something else is
/// never quoted under the problem, even when it is all there is.
public enum TypicalComments {
    /// The chosen comments' cleaned texts, from comments keyed by id.
    public static func pick(_ comments: [String: String], problem: String, limit: Int = 3) -> [String] {
        ranked(comments, problem: problem).prefix(limit).map(\.text)
    }

    /// The ids of the comments `pick` would choose.
    public static func pickIDs(_ comments: [String: String], problem: String, limit: Int = 3) -> [String] {
        ranked(comments, problem: problem).prefix(limit).map(\.id)
    }

    /// Distinct cleaned comments, best first.
    static func ranked(_ comments: [String: String], problem: String) -> [(id: String, text: String)] {
        let wanted = bigrams(problem).subtracting(generic)
        var seen: Set<String> = []
        let cleaned = comments.sorted { $0.key < $1.key }.compactMap { id, text -> (id: String, text: String)? in
            let clean = String(String.UnicodeScalarView(text.unicodeScalars.filter { !$0.properties.isControlLike }))
                .trimmingCharacters(in: .whitespacesAndNewlines.union(.init(charactersIn: "。；;，,.")))
            guard !clean.isEmpty, seen.insert(clean).inserted else { return nil }
            return (id, clean)
        }
        func score(_ text: String) -> (Int, Int) {
            // Shared pieces first; then a length near a sentence (rants and one-word answers last).
            (bigrams(text).intersection(wanted).count, -abs(text.count - 30))
        }
        return cleaned.enumerated().filter { score($0.element.text).0 > 0 }.sorted { left, right in
            let (a, b) = (score(left.element.text), score(right.element.text))
            return a != b ? a > b : left.offset < right.offset
        }.map(\.element)
    }

    /// Pieces too common in complaints to show that a comment is about this problem.
    static let generic: Set<String> = [
        "问题", "反映", "企业", "不够", "有待", "提高", "政府", "部门", "存在", "情况", "落实", "不到", "到位", "办理", "服务", "办事", "工作",
        "相关", "单位", "管理",
    ]

    static func bigrams(_ text: String) -> Set<String> {
        let characters = Array(text.filter { !$0.isPunctuation && !$0.isWhitespace })
        guard characters.count > 1 else { return [] }
        return Set((0..<characters.count - 1).map { String(characters[$0...$0 + 1]) })
    }
}

extension Unicode.Scalar.Properties {
    /// Control and format characters (C0, C1, bidi overrides) that a printed report must not carry.
    var isControlLike: Bool { generalCategory == .control || generalCategory == .format }
}
