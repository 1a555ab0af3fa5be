/// A questionnaire as staff write it in `Surveys/*.yaml` and as clients receive it.
public struct Survey: Codable, Sendable, Equatable {
    /// Stable identifier, e.g. `annual-2022`. Relaunching the same id makes a new version.
    public var id: String
    public var title: String
    public var description: String?
    public var questions: [Question]

    public init(id: String, title: String, description: String? = nil, questions: [Question]) {
        self.id = id
        self.title = title
        self.description = description
        self.questions = questions
    }

    /// The question with the given id, if any.
    public func question(_ id: String) -> Question? {
        questions.first { $0.id == id }
    }
}
