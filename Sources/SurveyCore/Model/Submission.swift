/// A supervisor's completed questionnaire, identified by a UUID the client made.
public struct Submission: Sendable, Equatable {
    /// Lower-case UUID chosen by the client; the server stores each once, whatever its case.
    public var id: String
    /// The id as the client wrote it: acks and errors echo it so that the client can match them.
    public var sentID: String
    public var survey: String
    public var version: Int
    public var answers: [String: AnswerValue]
    /// Questions whose value is of no answer type (`null`, an object), sorted; refused by validation.
    public var unreadable: [String]

    public init(
        id: String, sentID: String? = nil, survey: String, version: Int, answers: [String: AnswerValue], unreadable: [String] = []
    ) {
        self.id = id
        self.sentID = sentID ?? id
        self.survey = survey
        self.version = version
        self.answers = answers
        self.unreadable = unreadable
    }
}
