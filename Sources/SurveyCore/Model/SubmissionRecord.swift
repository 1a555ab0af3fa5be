import Foundation

/// A validated submission on its way to storage, or stored: what the database keeps of it.
public struct SubmissionRecord: Sendable, Equatable {
    public var id: String
    public var supervisorID: String
    public var survey: String
    public var version: Int
    /// The answers as canonical JSON: an identical resend gives identical text.
    public var answersJSON: String
    public var receivedAt: Date
    /// Set once the record's transaction has committed.
    public var storedAt: Date?

    public init(
        id: String, supervisorID: String, survey: String, version: Int, answersJSON: String,
        receivedAt: Date, storedAt: Date? = nil
    ) {
        self.id = id
        self.supervisorID = supervisorID
        self.survey = survey
        self.version = version
        self.answersJSON = answersJSON
        self.receivedAt = receivedAt
        self.storedAt = storedAt
    }

    /// The answers, decoded from `answersJSON`; nil if they cannot be read.
    public var answers: [String: AnswerValue]? {
        try? JSONDecoder().decode([String: AnswerValue].self, from: Data(answersJSON.utf8))
    }

    /// Whether `other` carries the same content (same person, survey, version and answers).
    public func sameContent(as other: SubmissionRecord) -> Bool {
        supervisorID == other.supervisorID && survey == other.survey && version == other.version
            && answersJSON == other.answersJSON
    }
}
