import Foundation
import SurveyCore

/// Everything the self-inspection report and the rectification list are rendered from.
public struct ReportData: Codable, Sendable, Equatable {
    public var title: String
    /// When the data was read, as a protocol timestamp.
    public var generatedAt: String
    /// Distinct supervisors who have answered any survey, and the roster size.
    public var respondents: Int
    public var rosterSize: Int
    public var sections: [ItemSection]
    public var rows: [RectificationRow]
    /// Indicator questions as statistics (满意率), never as rows.
    public var indicators: [IndicatorTally] = []
    /// 落款 and 主送, from the office file.
    public var issuer: String?
    public var recipient: String?
    /// Roster and respondents per supervisor category (参与率).
    public var participation: [CategoryParticipation] = []
    /// What the office wrote: per review item, and the `causes` and `plans` chapters.
    public var selfChecks: [String: SelfCheckEntry] = [:]
    /// Made from the sample dataset (`survey sample-data`): every output says 演示数据.
    public var demo = false
    /// The day (`yyyy-MM-dd`) the figures stand as of, when not the day the report was made.
    public var asOf: String?
    /// The 版头, from the office file.
    public var masthead: Masthead?
    /// Problems some supervisors raised, too few for a row of their own (个别反映), by review item
    /// then by how many raised them: no answer that meets a rule goes unmentioned.
    public var individual: [FindingSummary] = []
    /// The categories a problem's question was asked of, when not everyone, by problem.
    public var askedCategories: [FindingKey: [String]] = [:]

    /// Who was asked about a problem, as the report counts them: "277人", or, for a question asked
    /// only of some categories, "民营企业、商协会监督员168人".
    public func asked(_ key: FindingKey, _ count: Int) -> String {
        (askedCategories[key].map { $0.joined(separator: "、") + "监督员" } ?? "") + "\(count)人"
    }

    public init(title: String, generatedAt: String, respondents: Int, rosterSize: Int, sections: [ItemSection], rows: [RectificationRow]) {
        self.title = title
        self.generatedAt = generatedAt
        self.respondents = respondents
        self.rosterSize = rosterSize
        self.sections = sections
        self.rows = rows
    }

    /// Assembles the report from the tally, the register and the review items.
    public static func make(
        title: String = "优化营商环境工作自查报告", tally: FindingTally, rows: [RectificationRow], reviewItems: [ReviewItem],
        respondents: Int, rosterSize: Int, at now: Date, office: OfficeProfile? = nil, participation: [CategoryParticipation] = [],
        selfChecks: [SelfCheckEntry] = []
    ) -> ReportData {
        let sections = reviewItems.map { item in
            ItemSection(
                item: item, asked: tally.itemAsked[item.id]?.count ?? 0, raised: tally.itemRaised[item.id]?.count ?? 0,
                rowNumbers: rows.filter { $0.key.item == item.id || $0.items.contains(item.id) }.map(\.number))
        }
        var data = ReportData(
            title: title, generatedAt: Timestamp.string(now), respondents: respondents, rosterSize: rosterSize,
            sections: sections, rows: rows)
        data.indicators = tally.indicators.sorted { $0.key < $1.key }.map(\.value)
        let inRows = Set(rows.map(\.key))
        data.individual = tally.asked.keys.filter { !inRows.contains($0) && tally.rules[$0]?.isCase != true }.map(tally.counts)
            .filter { $0.raisedBy > 0 }.sorted { ($0.key.item, $1.raisedBy, $0.key.problem) < ($1.key.item, $0.raisedBy, $1.key.problem) }
        if let office {
            data.title = "\(office.office)关于\(office.period ?? "")优化营商环境工作情况的自查报告"
            data.issuer = office.office
            data.recipient = office.recipient
            data.masthead = office.masthead
        }
        data.askedCategories = tally.rules.compactMapValues(\.categories)
        data.participation = participation
        data.selfChecks = Dictionary(selfChecks.map { ($0.key, $0) }, uniquingKeysWith: { _, last in last })
        return data
    }

    /// The rows of one review item.
    public func rows(of section: ItemSection) -> [RectificationRow] {
        rows.filter { section.rowNumbers.contains($0.number) }.sorted { $0.number < $1.number }
    }

    /// The conclusion of one review item, in the words of a self-inspection summary. Only problems
    /// are counted as problems: leads waiting for 核实 and those found untrue are told apart.
    public func conclusion(_ section: ItemSection, at now: Date) -> String {
        let all = rows(of: section)
        let rows = all.filter(\.isProblem)
        let leads = all.filter(\.isUnverifiedLead).count
        let unfounded = all.filter(\.isUnfounded).count
        var tail = ""
        if leads > 0 { tail += "另有线索\(leads)条正在核实" }
        if unfounded > 0 { tail += (tail.isEmpty ? "另有" : "，") + "线索\(unfounded)条经核实不属实" }
        if !tail.isEmpty { tail += "。" }
        guard !rows.isEmpty else {
            if section.asked == 0 { return all.isEmpty ? "本次问卷未涉及此项，需通过其他方式自查。" : "未发现问题。" + tail }
            return "\(section.asked)名监督员就此项作答，未集中反映问题。" + tail
        }
        return problemsText(rows, at: now) + tail
    }

    /// How many problems and where they stand, in one sentence.
    private func problemsText(_ rows: [RectificationRow], at now: Date) -> String {
        let count = { (status: RectificationStatus) in rows.filter { $0.status == status }.count }
        if count(.signedOff) == rows.count { return "发现问题\(rows.count)个，" + (rows.count == 1 ? "已整改销号。" : "均已整改销号。") }
        if rows.count == 1, let only = rows.first {
            return "发现问题1个，\(only.status.label)" + (only.isOverdue(at: now) ? "，已逾期。" : "。")
        }
        let counts = [
            ("已销号", count(.signedOff)), ("已整改待销号", count(.rectified)), ("整改中", count(.inProgress)),
            ("已交办", count(.assigned)), ("待交办", count(.identified)),
        ].filter { $0.1 > 0 }
        let overdue = rows.filter { $0.isOverdue(at: now) }.count
        if counts.count == 1 {
            return "发现问题\(rows.count)个，均\(counts[0].0)" + (overdue > 0 ? "，其中逾期未完成\(overdue)个。" : "。")
        }
        let parts = counts.map { "\($0.0)\($0.1)个" }
        let overdueText = overdue > 0 ? "；逾期未完成\(overdue)个" : ""
        return "发现问题\(rows.count)个，其中" + parts.joined(separator: "、") + overdueText + "。"
    }
}

/// One review item's part of the report.
public struct ItemSection: Codable, Sendable, Equatable {
    public var item: ReviewItem
    /// Supervisors asked about it, and those who reported a problem under it.
    public var asked: Int
    public var raised: Int
    /// 序号 of its rows in the register.
    public var rowNumbers: [Int]

    public init(item: ReviewItem, asked: Int, raised: Int, rowNumbers: [Int]) {
        self.item = item
        self.asked = asked
        self.raised = raised
        self.rowNumbers = rowNumbers
    }
}
