import Foundation

/// A problem entered into the 台账 from any channel (12345, 好差评, 企业走访, 自查发现, 人大审议意见…)
/// by hand or from an imported Excel 台账, before it has a 序号.
public struct RegisterEntry: Codable, Sendable, Equatable {
    /// 问题来源: one of the office file's channels.
    public var source: String
    /// 问题描述.
    public var text: String
    /// The review items it falls under, the lead first.
    public var items: [String]
    /// 牵头单位, when the office already knows it.
    public var unit: String?
    /// The day it was raised (`yyyy-MM-dd`); today when nil.
    public var raised: String?
    /// The channel's own number: 工单号, or the 序号 of an imported 台账.
    public var ref: String?
    /// A single report to be checked (核实) before it counts as a problem; the channel's default when nil.
    public var lead: Bool?
    /// From an imported 台账: 责任人, the 整改措施, the 时限, the 整改进展 and whether it says done.
    public var owner: String?
    public var measure: String?
    public var deadline: String?
    public var progress: String?
    public var completed: Bool?

    public init(
        source: String, text: String, items: [String], unit: String? = nil, raised: String? = nil, ref: String? = nil, lead: Bool? = nil
    ) {
        self.source = source
        self.text = text
        self.items = items
        self.unit = unit
        self.raised = raised
        self.ref = ref
        self.lead = lead
    }

    /// What the office's files allow an entry to name.
    public struct Rules: Sendable {
        public var channels: [IntakeChannel]
        public var reviewItems: [String]
        /// The units list (empty: any unit is accepted).
        public var units: Set<String>
        public var today: String

        public init(channels: [IntakeChannel], reviewItems: [String], units: Set<String>, today: String) {
            self.channels = channels
            self.reviewItems = reviewItems
            self.units = units
            self.today = today
        }
    }

    /// Every problem with the entry, in Chinese, each naming its field; empty when it may be stored.
    public func problems(under rules: Rules) -> [String] {
        var problems: [String] = []
        if !rules.channels.contains(where: { $0.name == source.trimmingCharacters(in: .whitespaces) }) {
            problems.append("问题来源“\(source.prefix(32))”不是办公室文件所列渠道之一：\(rules.channels.map(\.name).joined(separator: "、"))")
        }
        let description = text.trimmingCharacters(in: .whitespacesAndNewlines)
        // Zero-width and bidirectional characters alone are no description.
        let visible = description.unicodeScalars.filter { $0.properties.generalCategory != .format && !$0.properties.isWhitespace }
        if visible.isEmpty {
            problems.append("问题描述不能为空")
        } else if description.count > 500 {
            problems.append("问题描述不超过 500 字（现有 \(description.count) 字）")
        } else if description.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" }) {
            problems.append("问题描述除换行外不能含控制字符")
        } else if description.unicodeScalars.contains(where: UntrustedText.isBidiControl) {
            problems.append("问题描述不能含双向文字控制符（如 U+202E）")
        }
        if items.isEmpty {
            problems.append("请指明所属自查项（如 R05）")
        }
        for item in items where !rules.reviewItems.isEmpty && !rules.reviewItems.contains(item) {
            problems.append("没有自查项“\(item.prefix(32))”，应为 \(rules.reviewItems.first ?? "R01") 至 \(rules.reviewItems.last ?? "R19")")
        }
        for name in [unit].compactMap({ $0 }) where !rules.units.isEmpty && !rules.units.contains(name) {
            problems.append("单位“\(name.prefix(32))”不在责任单位名单中（survey units list 查看）")
        }
        if let raised {
            if Day.parse(raised) == nil {
                problems.append("反映日期“\(raised.prefix(32))”无效，应为 2026-12-31 这样的日期")
            } else if raised > rules.today {
                problems.append("反映日期 \(raised) 晚于今天（\(rules.today)）")
            } else if raised < "2000-01-01" {
                problems.append("反映日期 \(raised) 早于 2000 年，请检查")
            }
        }
        if let ref, ref.count > 64 || ref.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            problems.append("编号（工单号）不超过 64 个字符，且不含控制字符")
        }
        if let deadline, Day.parse(deadline) == nil {
            problems.append("整改时限“\(deadline.prefix(32))”无效，应为 2026-12-31 这样的日期")
        }
        if let owner, owner.count > 32 { problems.append("责任人不超过 32 个字符") }
        return problems
    }

    /// The key that makes the same entry, entered or imported twice, one row.
    public var key: FindingKey {
        let parts = [source, ref ?? "", text.trimmingCharacters(in: .whitespacesAndNewlines), raised ?? ""].joined(separator: "\n")
        let digest = TokenHasher.sha256Hex(Data(parts.utf8)).prefix(16)
        return FindingKey(item: items.first ?? "", problem: text.trimmingCharacters(in: .whitespacesAndNewlines), caseID: "登记-\(digest)")
    }

    /// The row this entry becomes under `number`: a lead (待核实) when it says so or its channel is one
    /// of leads; an imported row keeps its unit, measure, 时限, progress and whether it was done.
    public func row(number: Int, itemTitle: String, channels: [IntakeChannel], today: String) -> RectificationRow {
        let raisedOn = raised ?? today
        var row = RectificationRow(number: number, key: key, itemTitle: itemTitle, raisedBy: 1, asked: 1)
        row.kind = .entered
        row.items = items
        row.channel = source.trimmingCharacters(in: .whitespaces)
        row.reference = ref?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        row.raisedOn = raisedOn
        if lead ?? channels.first(where: { $0.name == row.channel })?.lead ?? false { row.verification = .pending }
        row.unit = unit?.trimmed
        row.owner = owner?.trimmed
        if let measure = measure?.trimmed {
            row.measures = [Measure(text: measure, deadline: deadline)]
        }
        row.deadline = deadline
        if let progress = progress?.trimmed { row.notes = [(raised.map { "\($0)：" } ?? "原台账记载：") + progress] }
        if row.unit != nil, !row.measures.isEmpty, deadline != nil {
            row.status = row.notes.isEmpty ? .assigned : .inProgress
            row.assignedOn = raisedOn
        }
        if completed == true, row.status >= .assigned {
            row.status = .rectified
            row.evidence = "原台账记载已完成（导入）"
        }
        return row
    }
}
