/// When a problem is serious enough to enter the rectification list.
public struct FindingThreshold: Codable, Sendable, Equatable {
    /// At least this many supervisors raised it…
    public var minCount: Int
    /// …and at least this share of those asked.
    public var minShare: Double

    public static let standard = FindingThreshold(minCount: 3, minShare: 0.05)

    public init(minCount: Int, minShare: Double) {
        self.minCount = minCount
        self.minShare = minShare
    }

    public func passes(_ summary: FindingSummary) -> Bool {
        summary.raisedBy >= minCount && summary.share >= minShare
    }
}

/// Builds the rectification list from the tally and the rows staff already work on.
public enum Register {
    /// Stored rows keep their numbers and staff fields, with fresh counts; problems newly past the
    /// threshold get the next numbers, ordered by review item and then by how often raised.
    public static func build(
        tally: FindingTally, stored: [RectificationRow], reviewItems: [ReviewItem], threshold: FindingThreshold
    ) -> [RectificationRow] {
        let summaries = Dictionary(tally.summaries.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let titles = Dictionary(reviewItems.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first })
        var rows = stored.map { row in
            var row = row
            if let summary = summaries[row.key] {
                row.raisedBy = summary.raisedBy
                row.asked = summary.asked
                row.comments = summary.comments
            }
            row.itemTitle = titles[row.key.item] ?? row.itemTitle
            return row
        }
        let known = Set(stored.map(\.key))
        var next = (stored.map(\.number).max() ?? 0) + 1
        let fresh = summaries.values.filter { !known.contains($0.key) && threshold.passes($0) }
            .sorted { ($0.key.item, $1.raisedBy, $0.key.problem) < ($1.key.item, $0.raisedBy, $1.key.problem) }
        for summary in fresh {
            rows.append(RectificationRow(
                number: next, key: summary.key, itemTitle: titles[summary.key.item] ?? summary.key.item,
                raisedBy: summary.raisedBy, asked: summary.asked, comments: summary.comments))
            next += 1
        }
        return rows.sorted { $0.number < $1.number }
    }
}
