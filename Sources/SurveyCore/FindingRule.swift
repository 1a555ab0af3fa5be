/// Which answers to a question count as a problem (a finding), and the problem's wording.
public struct FindingRule: Codable, Sendable, Equatable {
    public var when: AnswerCondition
    /// The problem as it will stand in the rectification list (存在问题).
    public var problem: String

    public init(when: AnswerCondition, problem: String) {
        self.when = when
        self.problem = problem
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
