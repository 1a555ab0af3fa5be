/// A free-text answer waiting for, or past, moderation before the projector may show it.
public struct CommentEntry: Codable, Sendable, Equatable {
    /// `SUBMISSION:QUESTION`.
    public var id: String
    public var survey: String
    public var question: String
    public var text: String
    /// `pending`, `approved` or `rejected`.
    public var state: String
    /// The question's title and the writer's supervisor category, for the person moderating (never a name).
    public var questionTitle: String?
    public var category: String?

    /// The state in the office's words.
    public var stateLabel: String { ["pending": "待审", "approved": "已上屏", "rejected": "不予上屏"][state] ?? state }

    public init(id: String, survey: String, question: String, text: String, state: String) {
        self.id = id
        self.survey = survey
        self.question = question
        self.text = text
        self.state = state
    }
}
