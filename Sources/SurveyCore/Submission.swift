/// A supervisor's completed questionnaire, identified by a UUID the client made.
public struct Submission: Sendable, Equatable, Codable {
    /// Lower-case UUID chosen by the client; the server stores each once.
    public var id: String
    public var survey: String
    public var version: Int
    public var answers: [String: AnswerValue]

    public init(id: String, survey: String, version: Int, answers: [String: AnswerValue]) {
        self.id = id
        self.survey = survey
        self.version = version
        self.answers = answers
    }
}
