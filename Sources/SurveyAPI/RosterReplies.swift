import SurveyCore

/// A supervisor with a freshly issued token: the only moment the token exists in plain text.
public struct IssuedLink: Sendable, Codable, Equatable {
    public var supervisor: Supervisor
    public var token: String

    public init(supervisor: Supervisor, token: String) {
        self.supervisor = supervisor
        self.token = token
    }
}

/// `POST /api/roster/reissue` request body.
public struct ReissueRequest: Codable, Sendable {
    public var ids: [String]
    public init(ids: [String]) { self.ids = ids }
}

/// The admin API's reply to a roster import.
public struct RosterImportReply: Codable, Sendable {
    /// New supervisors with their tokens, shown this once.
    public var added: [IssuedLink]
    public var updated: Int

    public init(added: [IssuedLink], updated: Int) {
        self.added = added
        self.updated = updated
    }
}

/// The admin API's reply to a reissue.
public struct ReissueReply: Codable, Sendable {
    public var links: [IssuedLink]

    public init(links: [IssuedLink]) { self.links = links }
}
