/// Chooses a problem's 典型意见: at most three distinct comments, cleaned of control characters and
/// trailing punctuation, the most relevant first (sharing the most two-character pieces with the
/// problem's wording), not simply the longest.
public enum TypicalComments {
    public static func pick(_ comments: [String: String], problem: String, limit: Int = 3) -> [String] {
        let wanted = bigrams(problem)
        var seen: Set<String> = []
        let cleaned = comments.sorted { $0.key < $1.key }.compactMap { _, text -> String? in
            let clean = String(String.UnicodeScalarView(text.unicodeScalars.filter { !$0.properties.isControlLike }))
                .trimmingCharacters(in: .whitespacesAndNewlines.union(.init(charactersIn: "。；;，,.")))
            guard !clean.isEmpty, seen.insert(clean).inserted else { return nil }
            return clean
        }
        func score(_ text: String) -> (Int, Int) {
            // Shared pieces first; then a length near a sentence (rants and one-word answers last).
            (bigrams(text).intersection(wanted).count, -abs(text.count - 30))
        }
        return Array(cleaned.enumerated().sorted { left, right in
            let (a, b) = (score(left.element), score(right.element))
            return a != b ? a > b : left.offset < right.offset
        }.prefix(limit).map(\.element))
    }

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
