import Foundation

/// One row of the rectification list (整改清单): a problem under a review item, its counts from the
/// answers, and what staff entered about it.
public struct RectificationRow: Codable, Sendable, Equatable {
    /// 序号: assigned once, never reused.
    public var number: Int
    public var key: FindingKey
    public var itemTitle: String
    /// How many supervisors raised it, of how many asked; and typical comments, without names.
    public var raisedBy: Int
    public var asked: Int
    public var comments: [String]
    /// Staff fields: 牵头单位, 整改时限 (a `yyyy-MM-dd` day).
    public var unit: String?
    public var deadline: String?
    /// 整改措施, each with its own 时限 and state.
    public var measures: [Measure] = []
    public var status: RectificationStatus
    /// Progress notes, oldest first.
    public var notes: [String]
    public var evidence: String?
    public var signer: String?
    public var signedOffAt: String?
    /// 问题来源: a concentrated problem (counts above) or one supervisor's case.
    public var kind: RowKind = .concentrated
    /// Every review item the row names, the lead (`key.item`) first.
    public var items: [String] = []
    /// For a case: the survey and day it was raised, who raised it (office staff only) and what
    /// they wrote.
    public var source: String?
    public var raisedOn: String?
    public var supervisorID: String?
    public var detail: String?
    /// 配合单位, 整改类别 and 责任人.
    public var partners: [String] = []
    public var category: RectificationCategory?
    public var owner: String?
    /// 完成时间: the day it was marked 已整改.
    public var completedOn: String?
    /// 验收意见, given at sign-off.
    public var opinion: String?
    /// Whether the unit may see who raised a case.
    public var shareable = false
    /// 佐证材料 files, oldest first.
    public var evidenceFiles: [EvidenceFile] = []
    /// The 回访 of the supervisors who raised it, once it has been marked 已整改.
    public var followUp: FollowUpTally?
    /// The earlier round's row of the same problem (回头看), if any.
    public var previous: Int?
    /// For a row entered by hand or imported: its channel (问题来源, one of the office file's) and
    /// the channel's own number (工单号, or the 序号 of an imported 台账).
    public var channel: String?
    public var reference: String?
    /// For a lead (线索): where its 核实 stands, and the note given with the result. Nil for a
    /// problem that was never a lead.
    public var verification: LeadVerification?
    public var verificationNote: String?
    /// The day the row was handed over (交办), and how many working days its 时限 gave then.
    public var assignedOn: String?
    public var deadlineWorkingDays: Int?
    /// 催办: each reminder to the unit, by staff or by the office's own 督办, dated
    /// (`yyyy-MM-dd：note`), oldest first.
    public var urges: [String] = []
    /// The automatic reminders already given, as `kind:deadline` (`DeadlineReminder.key`).
    public var reminders: [String] = []
    /// 交办编号 (e.g. 东政服交〔2026〕15号), given at the first 交办 and kept.
    public var handoverNumber: String?
    /// 签收: who at the lead unit signed for the 交办单, and when (ISO 8601); cleared by a 改派.
    public var receiptName: String?
    public var receiptAt: String?

    public init(
        number: Int, key: FindingKey, itemTitle: String, raisedBy: Int = 0, asked: Int = 0, comments: [String] = [],
        unit: String? = nil, measure: String? = nil, deadline: String? = nil, status: RectificationStatus = .identified,
        notes: [String] = [], evidence: String? = nil, signer: String? = nil, signedOffAt: String? = nil
    ) {
        self.number = number
        self.key = key
        self.itemTitle = itemTitle
        self.raisedBy = raisedBy
        self.asked = asked
        self.comments = comments
        self.unit = unit
        self.measures = measure.map { [Measure(text: $0, deadline: deadline)] } ?? []
        self.deadline = deadline
        self.status = status
        self.notes = notes
        self.evidence = evidence
        self.signer = signer
        self.signedOffAt = signedOffAt
    }

    /// Every measure's text, or nil when none has been set.
    public var measure: String? { measures.isEmpty ? nil : measures.map(\.text).joined(separator: "；") }

    /// Every unit named on the row: the lead, then the partners.
    public var units: [String] { (unit.map { [$0] } ?? []) + partners }

    /// 逾期 (past its deadline and not rectified), 逾期完成 (rectified after it), or empty.
    public func timeliness(at now: Date) -> String {
        if isOverdue(at: now) { return category == .longTerm ? "阶段目标逾期" : "逾期" }
        if let completedOn, let deadline, completedOn > deadline { return "逾期完成" }
        return ""
    }

    public var share: Double { asked == 0 ? 0 : Double(raisedBy) / Double(asked) }

    /// 问题来源 in the office's words: how many raised a concentrated problem, or when a case was raised.
    public var sourceText: String {
        switch kind {
        case .concentrated:
            "集中问题（\(key.round.map { $0 + "，" } ?? "")\(raisedBy)/\(asked) 人反映）" + (previous.map { "，回头看：曾为第 \($0) 项" } ?? "")
        case .caseLead: "个案线索（\(raisedOn ?? "—") 监督员反映）"
        case .entered: "\(channel ?? "登记")（\(raisedOn ?? "—")" + (reference.map { "，编号 \($0)" } ?? "") + "）"
        }
    }

    /// Still a lead waiting for 核实: not a problem yet.
    public var isUnverifiedLead: Bool { verification == .pending }

    /// A lead found untrue (不属实): closed, kept, and counted nowhere as a problem.
    public var isUnfounded: Bool { verification == .unfounded }

    /// Whether the row counts as a problem: never a lead before 核实 or one found untrue.
    public var isProblem: Bool { !isUnverifiedLead && !isUnfounded }

    /// Where the row stands in words: 待核实 and 不属实 before the workflow's state.
    public var stateLabel: String {
        switch verification {
        case .pending?: status == .identified ? "待核实" : "\(status.label)（待核实）"
        case .unfounded?: "经核实不属实（已办结）"
        default: status.label
        }
    }

    /// The 时限 as printed: the day, and the working days it gave when it was set. A 长期坚持 row
    /// has no end date: its day is the current stage goal (阶段目标).
    public var deadlineText: String? {
        if category == .longTerm { return "长期坚持" + (deadline.map { "（阶段目标 \($0)）" } ?? "") }
        return deadline.map { day in day + (deadlineWorkingDays.map { "（\($0)个工作日）" } ?? "") }
    }

    /// The problem as the 台账 describes it: its wording, then what the supervisor wrote of the case.
    public var problemText: String { key.problem + (detail.map { "：\($0)" } ?? "") }

    /// 整改进展 line by line: the progress notes (each begins with its day), then the 催办.
    public var progressLines: [String] { notes + urges.map { "催办：" + $0 } }

    /// The lead review item, and the others the row names.
    public var itemsText: String {
        let others = items.filter { $0 != key.item }
        return "\(key.item) \(itemTitle)" + (others.isEmpty ? "" : "（另涉 \(others.joined(separator: "、"))）")
    }

    /// A new row for a case lead, due `workingDays` working days after it was raised.
    public init(number: Int, lead: CaseLead, itemTitle: String, calendar: WorkCalendar) {
        self.init(
            number: number, key: lead.key, itemTitle: itemTitle, raisedBy: 1, asked: 1,
            deadline: calendar.adding(workingDays: lead.workingDays, to: lead.raisedOn))
        kind = .caseLead
        items = lead.items
        source = lead.survey
        raisedOn = lead.raisedOn
        supervisorID = lead.supervisorID
        detail = lead.detail
        unit = lead.unit
        deadlineWorkingDays = lead.workingDays
        verification = .pending
    }

    /// Not yet rectified, and past its deadline or one of its unfinished measures' (the whole day
    /// counts, Beijing time): a new 时限 for the row leaves a measure already late still late.
    public func isOverdue(at now: Date) -> Bool {
        guard status < .rectified, !isUnfounded else { return false }
        let deadlines = [deadline] + measures.filter { $0.doneOn == nil }.map(\.deadline)
        return deadlines.contains { $0.flatMap(Day.parse).map { now >= $0.addingTimeInterval(86_400) } ?? false }
    }
}

/// How a row entered the list.
public enum RowKind: String, Codable, Sendable, CaseIterable {
    /// 集中问题: enough supervisors raised it.
    case concentrated
    /// 个案线索: one supervisor's serious report, handled as a case of its own.
    case caseLead = "case"
    /// Entered by office staff from another channel (12345, 好差评, 自查发现…) or imported.
    case entered

    /// The kind in the office's words.
    public var label: String {
        switch self {
        case .concentrated: "集中问题"
        case .caseLead: "个案线索"
        case .entered: "登记问题"
        }
    }
}

/// Calendar days in Beijing time, as `yyyy-MM-dd`.
public enum Day {
    /// Beijing time, the office's one time zone.
    public static let zone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!

    /// The start of the day, or nil when `text` is not a real `yyyy-MM-dd` day.
    public static func parse(_ text: String) -> Date? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, text.count == 10 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let components = DateComponents(year: parts[0], month: parts[1], day: parts[2])
        guard components.isValidDate(in: calendar), let date = calendar.date(from: components) else { return nil }
        return date
    }

    /// The day of `date`.
    public static func string(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }
}
