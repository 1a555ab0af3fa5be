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
    ///
    /// Two paths lead in: a concentrated problem once it passes its threshold (its rule's own, or
    /// `threshold`), and every case lead at once, due in working days counted on `calendar`.
    public static func build(
        tally: FindingTally, stored: [RectificationRow], reviewItems: [ReviewItem], threshold: FindingThreshold,
        calendar: WorkCalendar = WorkCalendar(), approvedComments: Set<String>? = nil
    ) -> [RectificationRow] {
        let summaries = summariesByKey(tally, approvedComments: approvedComments)
        let titles = titlesByItem(reviewItems)
        let rows = stored.map { row in
            var row = row
            if row.kind == .concentrated, let summary = summaries[row.key] {
                row.raisedBy = summary.raisedBy
                row.asked = summary.asked
                row.comments = summary.comments
            }
            if row.items.isEmpty { row.items = items(of: row.key, in: tally) }
            row.itemTitle = titles[row.key.item] ?? row.itemTitle
            return row
        }
        let numbers = Dictionary(stored.map { ($0.key, $0.number) }, uniquingKeysWith: max)
        let fresh = freshRows(summaries: summaries, tally: tally, numbers: numbers, titles: titles, threshold: threshold, calendar: calendar)
        return (rows + fresh).sorted { $0.number < $1.number }
    }

    /// Only the rows `build` would add to a register whose stored rows have these numbers by key,
    /// without reading the stored rows themselves.
    public static func fresh(
        tally: FindingTally, numbers: [FindingKey: Int], reviewItems: [ReviewItem], threshold: FindingThreshold,
        calendar: WorkCalendar = WorkCalendar(), approvedComments: Set<String>? = nil
    ) -> [RectificationRow] {
        // Comments are picked only for the problems that enter, not for every one counted.
        let entering = tally.asked.keys.filter { numbers[$0] == nil && enters(tally.counts(of: $0), terms: tally.rules[$0], threshold: threshold) }
        let summaries = Dictionary(uniqueKeysWithValues: entering.map { ($0, tally.summary(of: $0, approvedComments: approvedComments)) })
        return freshRows(
            summaries: summaries, tally: tally, numbers: numbers, titles: titlesByItem(reviewItems), threshold: threshold, calendar: calendar)
    }

    /// Problems newly past the threshold get the next numbers, ordered by review item and then by
    /// how often raised; then every new case lead, due in working days counted on `calendar`.
    private static func freshRows(
        summaries: [FindingKey: FindingSummary], tally: FindingTally, numbers: [FindingKey: Int], titles: [String: String],
        threshold: FindingThreshold, calendar: WorkCalendar
    ) -> [RectificationRow] {
        var numbers = numbers
        var next = (numbers.values.max() ?? 0) + 1
        var rows: [RectificationRow] = []
        let fresh = summaries.values.filter { summary in
            numbers[summary.key] == nil && enters(summary, terms: tally.rules[summary.key], threshold: threshold)
        }.sorted { ($0.key.item, $1.raisedBy, $0.key.problem) < ($1.key.item, $0.raisedBy, $1.key.problem) }
        for summary in fresh {
            var row = RectificationRow(
                number: next, key: summary.key, itemTitle: titles[summary.key.item] ?? summary.key.item,
                raisedBy: summary.raisedBy, asked: summary.asked, comments: summary.comments)
            row.items = items(of: summary.key, in: tally)
            row.unit = tally.rules[summary.key]?.unit
            // Raised again in a later round: it links back to the latest earlier row of that problem.
            row.previous = numbers.filter { $0.key.isSameProblem(as: summary.key) }.map(\.value).max()
            rows.append(row)
            numbers[summary.key] = next
            next += 1
        }
        let freshCases = tally.cases.values.filter { numbers[$0.key] == nil }
            .sorted { ($0.key.item, $0.raisedOn, $0.key) < ($1.key.item, $1.raisedOn, $1.key) }
        for lead in freshCases {
            rows.append(RectificationRow(number: next, lead: lead, itemTitle: titles[lead.key.item] ?? lead.key.item, calendar: calendar))
            next += 1
        }
        return rows
    }

    private static func summariesByKey(_ tally: FindingTally, approvedComments: Set<String>?) -> [FindingKey: FindingSummary] {
        Dictionary(tally.summaries(approvedComments: approvedComments).map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
    }

    private static func titlesByItem(_ reviewItems: [ReviewItem]) -> [String: String] {
        Dictionary(reviewItems.map { ($0.id, $0.shownTitle) }, uniquingKeysWith: { first, _ in first })
    }

    /// Every review item a problem's rule names, lead first.
    private static func items(of key: FindingKey, in tally: FindingTally) -> [String] {
        tally.rules[key.problemKey]?.items ?? [key.item]
    }

    /// Whether `build` would add a row to `known`: a problem newly past its threshold, or a new case
    /// lead. Counts only (no comments are picked), so it is cheap enough to ask after every commit.
    public static func hasNew(tally: FindingTally, known: Set<FindingKey>, threshold: FindingThreshold) -> Bool {
        if tally.cases.keys.contains(where: { !known.contains($0) }) { return true }
        return tally.asked.keys.contains { !known.contains($0) && enters(tally.counts(of: $0), terms: tally.rules[$0], threshold: threshold) }
    }

    /// Whether a concentrated problem passes its rule's threshold (or `threshold`) to enter the list.
    static func enters(_ summary: FindingSummary, terms: RuleTerms?, threshold: FindingThreshold) -> Bool {
        guard let terms, !terms.isCase else { return false }
        return FindingThreshold(minCount: terms.minCount ?? threshold.minCount, minShare: terms.minShare ?? threshold.minShare).passes(summary)
    }
}
