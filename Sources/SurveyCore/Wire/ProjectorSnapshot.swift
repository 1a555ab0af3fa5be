/// Everything the projector shows, sent whole on connect and on every (coalesced) change, so that
/// it never drifts from the database. Aggregates only.
public struct ProjectorSnapshot: Codable, Sendable, Equatable {
    public struct SurveyInfo: Codable, Sendable, Equatable {
        public var id: String
        public var title: String
        public var version: Int
        public var deadline: String?
        public var closed: Bool
    }

    public struct Progress: Codable, Sendable, Equatable {
        public var category: String
        public var roster: Int
        public var submitted: Int
    }

    public struct ItemShare: Codable, Sendable, Equatable {
        public var id: String
        public var title: String
        /// Respondents asked about the item, and the share of them who reported a problem.
        public var asked: Int
        public var share: Double
    }

    public var v = 1
    public var type = "snapshot"
    public var survey: SurveyInfo?
    public var roster: Int
    public var submitted: Int
    public var progress: [Progress]
    public var questions: [QuestionStatistics]
    /// The options of choice questions, in order, for the charts' labels.
    public var options: [String: [ChoiceOption]]
    public var items: [ItemShare]
    /// Approved comments, newest last, without names: the newest `commentsShown`, of `commentsTotal`.
    public var comments: [String]
    public var commentsTotal = 0
    /// Below this many respondents a review item's share is not shown as a colour (样本不足).
    public var minSample = 10
    public var generatedAt: String
}
