import SurveyCore

/// The admin API's reply to a launch (`POST /api/surveys`).
public struct LaunchReply: Codable, Sendable, Equatable {
    /// What the launch did.
    public var outcome: LaunchKind
    public var survey: String
    public var title: String
    public var version: Int
    /// How many connected pages received it now.
    public var pushed: Int
    /// Several nodes on one store: supervisors it is for with a page open only on another node,
    /// who receive it there.
    public var pushedElsewhere: Int?
    public var warnings: [String]

    public init(
        outcome: LaunchKind, survey: String, title: String, version: Int, pushed: Int, pushedElsewhere: Int? = nil, warnings: [String]
    ) {
        self.outcome = outcome
        self.survey = survey
        self.title = title
        self.version = version
        self.pushed = pushed
        self.pushedElsewhere = pushedElsewhere
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

/// `GET /healthz`: `ok`, or `degraded` (HTTP 503) while the node cannot write to its database.
public struct Health: Codable, Sendable, Equatable {
    public var status: String
    public var online: Int
    public var openSurveys: Int
    /// `ok`, or why the last write failed.
    public var database: String?

    public init(online: Int, openSurveys: Int, databaseTrouble: String?) {
        status = databaseTrouble == nil ? "ok" : "degraded"
        self.online = online
        self.openSurveys = openSurveys
        database = databaseTrouble ?? "ok"
    }
}

/// `POST /api/surveys/ID/remind`: who was reminded on their page, and who must be phoned.
public struct RemindReply: Codable, Sendable, Equatable {
    public var survey: String
    public var reminded: [Supervisor]
    public var notConnected: [Supervisor]
    /// Text messages queued to those not connected (0 when the server has no SMS gateway).
    public var texted: Int

    public init(survey: String, reminded: [Supervisor], notConnected: [Supervisor], texted: Int = 0) {
        self.survey = survey
        self.reminded = reminded
        self.notConnected = notConnected
        self.texted = texted
    }
}

/// One stored answer sheet, for export.
public struct ResponseRow: Codable, Sendable, Equatable {
    public var id: String
    public var supervisor: Supervisor
    public var version: Int
    public var receivedAt: String
    public var storedAt: String
    public var answers: [String: AnswerValue]

    public init(id: String, supervisor: Supervisor, version: Int, receivedAt: String, storedAt: String, answers: [String: AnswerValue]) {
        self.id = id
        self.supervisor = supervisor
        self.version = version
        self.receivedAt = receivedAt
        self.storedAt = storedAt
        self.answers = answers
    }
}

/// `GET /api/surveys/ID/responses`: the current definition and every response.
public struct ResponsesReply: Codable, Sendable, Equatable {
    public var survey: Survey
    public var responses: [ResponseRow]

    public init(survey: Survey, responses: [ResponseRow]) {
        self.survey = survey
        self.responses = responses
    }
}

/// One entry of the audit trail.
public struct AuditEntry: Codable, Sendable, Equatable {
    public var at: String
    public var actor: String
    public var action: String
    public var detail: String

    public init(at: String, actor: String, action: String, detail: String) {
        self.at = at
        self.actor = actor
        self.action = action
        self.detail = detail
    }
}

/// A staff account as listed (never its token).
public struct StaffEntry: Codable, Sendable, Equatable {
    public var name: String
    public var role: StaffRole
    public var createdAt: String
    public var revokedAt: String?

    public init(name: String, role: StaffRole, createdAt: String, revokedAt: String?) {
        self.name = name
        self.role = role
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}

/// `POST /api/staff` and its reissue and revoke calls.
public struct StaffRequest: Codable, Sendable, Equatable {
    public var name: String
    public var role: StaffRole?
    /// The person's phone, given when the account is made: tokens issued for them by someone else go there.
    public var phone: String?

    public init(name: String, role: StaffRole? = nil, phone: String? = nil) {
        self.name = name
        self.role = role
        self.phone = phone
    }
}

/// A staff token, shown this once.
public struct StaffTokenReply: Codable, Sendable, Equatable {
    public var name: String
    public var role: StaffRole
    /// The token, when it goes to the one who asked; nil when it went by text message instead.
    public var token: String?
    /// The phone the token was texted to, its middle hidden.
    public var sentTo: String?

    public init(name: String, role: StaffRole, token: String?, sentTo: String? = nil) {
        self.name = name
        self.role = role
        self.token = token
        self.sentTo = sentTo
    }
}

/// A unit's link token, shown once when it is issued.
public struct UnitToken: Codable, Sendable, Equatable {
    public var unit: String
    public var token: String

    public init(unit: String, token: String) {
        self.unit = unit
        self.token = token
    }
}

/// `POST /api/units` reply: links of the units added; known units keep theirs.
public struct UnitsImportReply: Codable, Sendable, Equatable {
    public var added: [UnitToken]
    public var updated: [String]

    public init(added: [UnitToken], updated: [String]) {
        self.added = added
        self.updated = updated
    }
}

/// `POST /api/units/reissue` body.
public struct UnitReissueRequest: Codable, Sendable, Equatable {
    public var unit: String
    public init(unit: String) { self.unit = unit }
}
