import Foundation

/// A supervisor's verdict on what was done about a problem they raised (回访).
public enum FollowUpVerdict: String, Codable, Sendable, CaseIterable {
    case satisfied
    case basic
    case unsatisfied

    public var label: String {
        switch self {
        case .satisfied: "满意"
        case .basic: "基本满意"
        case .unsatisfied: "不满意"
        }
    }
}

/// What a supervisor is asked after a row they raised is marked 已整改.
public struct FollowUpNotice: Codable, Sendable, Equatable {
    /// The row's 序号.
    public var row: Int
    public var problem: String
    /// 整改结果: the measures and the evidence description.
    public var result: String
    public var unit: String?
    /// When it was sent (ISO 8601).
    public var sentAt: String

    public init(row: Int, problem: String, result: String, unit: String?, sentAt: String) {
        self.row = row
        self.problem = problem
        self.result = result
        self.unit = unit
        self.sentAt = sentAt
    }

    /// The notice for `row`, now marked rectified: what was done, not what was planned: the latest
    /// progress, the measures marked done, and the evidence described.
    public init(row: RectificationRow, at now: Date) {
        var parts: [String] = []
        let progress = row.notes.map { note in note.split(separator: "：", maxSplits: 1).last.map(String.init) ?? note }.filter { !$0.hasPrefix("核实") }
        if let latest = progress.last { parts.append(latest) }
        let done = row.measures.filter { $0.doneOn != nil }.map(\.text)
        if !done.isEmpty { parts.append("已完成措施：" + done.joined(separator: "；")) }
        if let evidence = row.evidence { parts.append("佐证材料：" + evidence) }
        let result = parts.joined(separator: "。")
        self.init(
            row: row.number, problem: row.key.problem, result: result.isEmpty ? "已整改" : result, unit: row.unit,
            sentAt: Timestamp.string(now))
    }
}

/// The 回访 of one row: how many were asked and what those who answered said.
public struct FollowUpTally: Codable, Sendable, Equatable {
    public var asked: Int
    public var satisfied: Int
    public var basic: Int
    public var unsatisfied: Int
    /// When the follow-up went out (ISO 8601), for the answering window.
    public var sentAt: String?
    /// Comments given with the answers, without names.
    public var comments: [String]

    public init(asked: Int = 0, satisfied: Int = 0, basic: Int = 0, unsatisfied: Int = 0, sentAt: String? = nil, comments: [String] = []) {
        self.asked = asked
        self.satisfied = satisfied
        self.basic = basic
        self.unsatisfied = unsatisfied
        self.sentAt = sentAt
        self.comments = comments
    }

    public var answered: Int { satisfied + basic + unsatisfied }

    /// The figures as the 台账 prints them.
    public var summary: String {
        guard asked > 0 else { return "—" }
        return "回访 \(asked) 人，答复 \(answered) 人：满意 \(satisfied)、基本满意 \(basic)、不满意 \(unsatisfied)"
    }
}

/// When the 回访 lets a row be signed off (销号): the office's setting.
public struct FollowUpPolicy: Codable, Sendable, Equatable {
    /// Working days supervisors have to answer.
    public var workingDays: Int
    /// Sign-off is refused when more than this share of those who answered are 不满意.
    public var maxUnsatisfiedShare: Double

    public static let standard = FollowUpPolicy(workingDays: 5, maxUnsatisfiedShare: 0.5)

    public init(workingDays: Int, maxUnsatisfiedShare: Double) {
        self.workingDays = workingDays
        self.maxUnsatisfiedShare = maxUnsatisfiedShare
    }

    /// Nil when the row may be signed off, or why not yet (in Chinese). A row that was never
    /// followed up (rectified before 回访 existed, or nobody on the roster to ask) needs a reason.
    public func refusal(_ tally: FollowUpTally?, calendar: WorkCalendar, at now: Date) -> String? {
        guard let tally, tally.asked > 0 else { return "未进行回访（整改完成时没有可回访的监督员，或在回访启用前已整改）" }
        let answered = tally.answered
        if answered > 0 && Double(tally.unsatisfied) > Double(answered) * maxUnsatisfiedShare {
            return "回访中 \(answered) 人答复、\(tally.unsatisfied) 人不满意，超过设定比例"
        }
        if answered < tally.asked, let sent = tally.sentAt.flatMap(Timestamp.date) {
            let closes = calendar.adding(workingDays: workingDays, to: Day.string(sent))
            if let end = Day.parse(closes), now < end.addingTimeInterval(86_400) {
                return "回访尚在进行（\(tally.asked) 人中 \(answered) 人已答复，\(closes) 截止）"
            }
        }
        return nil
    }
}
