/// Which answers to a question count as a problem (a finding), and the problem's wording.
///
/// Two paths lead from answers to the rectification list. A 集中问题 (concentrated problem) enters
/// it once enough supervisors raised it (`minCount`, `minShare`, or the server's defaults). A
/// 个案线索 (`isCase`) makes every matching answer its own row at once, due in `workingDays`.
public struct FindingRule: Codable, Sendable, Equatable {
    public var when: AnswerCondition
    /// The problem as it will stand in the rectification list (存在问题).
    public var problem: String
    /// The lead review item, when not the question's first.
    public var item: String?
    /// The review items this problem concerns, lead first, when not all of the question's: a
    /// checklist whose options speak to different items names each option's own.
    public var items: [String]?
    /// Each matching answer is a case of its own (一事一办).
    public var isCase: Bool?
    /// A case's deadline in working days from the day it was raised.
    public var workingDays: Int?
    /// The text question whose answer details a case.
    public var detail: String?
    /// The unit that leads this problem's rows, when not the lead review item's (a 招工 problem filed
    /// under 平等保护 goes to 人力社保, not to the item's 司法局).
    public var unit: String?
    /// This problem's own threshold for a concentrated row.
    public var minCount: Int?
    public var minShare: Double?

    public init(
        when: AnswerCondition, problem: String, item: String? = nil, isCase: Bool? = nil, workingDays: Int? = nil,
        detail: String? = nil, minCount: Int? = nil, minShare: Double? = nil
    ) {
        self.when = when
        self.problem = problem
        self.item = item
        self.isCase = isCase
        self.workingDays = workingDays
        self.detail = detail
        self.minCount = minCount
        self.minShare = minShare
    }

    /// The items this problem concerns, lead first, for a question speaking to `questionItems`.
    public func concerns(_ questionItems: [String]) -> [String] {
        if let items, !items.isEmpty { return items }
        guard let lead = item ?? questionItems.first else { return [] }
        return [lead] + questionItems.filter { $0 != lead }
    }

    /// Working days a case has when its rule does not say.
    public static let defaultWorkingDays = 10

    enum CodingKeys: String, CodingKey {
        case when, problem, item, items, isCase = "case", workingDays, detail, minCount, minShare, unit
    }
}

/// Skip logic: a question is shown only when an earlier question's answer meets a condition.
public struct ShowRule: Codable, Sendable, Equatable {
    public var question: String
    public var when: AnswerCondition

    public init(question: String, when: AnswerCondition) {
        self.question = question
        self.when = when
    }
}
