/// A typed error sent to a client as an `error` message: a stable code plus a Chinese message.
public struct ProtocolError: Error, Sendable, Equatable {
    public var code: ErrorCode
    public var message: String
    /// The question the error concerns, when there is one.
    public var question: String?
    /// What the error answers when the message itself says (a submission's id), for the reply's `ref`.
    public var ref: String?

    public init(_ code: ErrorCode, _ message: String, question: String? = nil, ref: String? = nil) {
        self.code = code
        self.message = message
        self.question = question
        self.ref = ref
    }
}

/// Machine-readable error codes of protocol v1 (see docs/PROTOCOL.md).
public enum ErrorCode: String, Codable, Sendable, CaseIterable {
    case badJSON = "bad_json"
    case badMessage = "bad_message"
    case unsupportedVersion = "unsupported_version"
    case unknownType = "unknown_type"
    case notAuthenticated = "not_authenticated"
    case alreadyAuthenticated = "already_authenticated"
    case badToken = "bad_token"
    case unknownSurvey = "unknown_survey"
    case unknownVersion = "unknown_version"
    case surveyClosed = "survey_closed"
    case notInvited = "not_invited"
    case unknownQuestion = "unknown_question"
    case invalidAnswer = "invalid_answer"
    case missingAnswer = "missing_answer"
    case conflict = "conflict"
    case alreadySubmitted = "already_submitted"
    case storageFailed = "storage_failed"
    case tooLarge = "too_large"
    case tooManyConnections = "too_many_connections"
    case rateLimited = "rate_limited"
    case authTimeout = "auth_timeout"
    case notRaiser = "not_raiser"
    case notYourRow = "not_your_row"
    case workflow = "workflow"
}
