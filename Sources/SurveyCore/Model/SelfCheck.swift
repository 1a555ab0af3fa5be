/// What the office writes into the report for one review item (工作开展情况 and 自查结论), or for a
/// whole chapter (`causes`: 原因分析, `plans`: 下一步打算).
public struct SelfCheckEntry: Codable, Sendable, Equatable {
    /// A review item's id, or `basics` / `causes` / `plans`.
    public var key: String
    public var conclusion: SelfCheckConclusion?
    public var text: String?
    public var by: String
    public var at: String

    public init(key: String, conclusion: SelfCheckConclusion?, text: String?, by: String, at: String) {
        self.key = key
        self.conclusion = conclusion
        self.text = text
        self.by = by
        self.at = at
    }

    /// The chapter keys besides review items.
    public static let chapters = ["basics": "基本情况", "causes": "存在的主要问题及原因分析", "plans": "下一步打算"]
}

/// 自查结论 of one review item.
public enum SelfCheckConclusion: String, Codable, Sendable, CaseIterable {
    case meets = "符合"
    case mostlyMeets = "基本符合"
    case doesNotMeet = "不符合"
    case notApplicable = "不适用"
}

/// `POST /api/selfcheck` body.
public struct SelfCheckRequest: Codable, Sendable, Equatable {
    public var key: String
    public var conclusion: String?
    public var text: String?

    public init(key: String, conclusion: String?, text: String?) {
        self.key = key
        self.conclusion = conclusion
        self.text = text
    }
}

/// Supervisors of one category: how many are on the roster and how many answered.
public struct CategoryParticipation: Codable, Sendable, Equatable {
    public var category: String
    public var roster: Int
    public var respondents: Int

    public init(category: String, roster: Int, respondents: Int) {
        self.category = category
        self.roster = roster
        self.respondents = respondents
    }

    public var rate: Double { roster == 0 ? 0 : Double(respondents) / Double(roster) }
}
