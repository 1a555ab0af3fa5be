/// The admin API's reply to a launch (`POST /api/surveys`).
public struct LaunchReply: Codable, Sendable, Equatable {
    /// `new` (first launch or changed file), `unchanged`, or `reopened`.
    public var outcome: String
    public var survey: String
    public var title: String
    public var version: Int
    /// How many connected pages received it now.
    public var pushed: Int
    public var warnings: [String]

    public init(outcome: String, survey: String, title: String, version: Int, pushed: Int, warnings: [String]) {
        self.outcome = outcome
        self.survey = survey
        self.title = title
        self.version = version
        self.pushed = pushed
        self.warnings = warnings
    }
}

/// One row of `GET /api/surveys`.
public struct SurveySummary: Codable, Sendable, Equatable {
    public var survey: String
    public var title: String
    public var version: Int
    public var closed: Bool
    public var launchedAt: String
    public var submitted: Int

    public init(survey: String, title: String, version: Int, closed: Bool, launchedAt: String, submitted: Int) {
        self.survey = survey
        self.title = title
        self.version = version
        self.closed = closed
        self.launchedAt = launchedAt
        self.submitted = submitted
    }
}

/// `GET /healthz`.
public struct Health: Codable, Sendable, Equatable {
    public var status: String
    public var online: Int
    public var openSurveys: Int

    public init(status: String, online: Int, openSurveys: Int) {
        self.status = status
        self.online = online
        self.openSurveys = openSurveys
    }
}
