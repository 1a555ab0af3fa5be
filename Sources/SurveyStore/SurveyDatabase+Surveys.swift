import Foundation
import SurveyAPI
import SurveyCore

/// The outcome of launching a survey file.
public struct LaunchOutcome: Sendable {
    public var kind: LaunchKind
    public var published: PublishedSurvey

    /// Whether pages must be sent the survey again.
    public var needsPush: Bool { kind != .unchanged }
}

extension SurveyDatabase {
    /// Stores `survey` as a new version unless its content equals the current version; records the
    /// deadline and audience of this launch either way.
    public func launch(
        _ survey: Survey, deadline: Date? = nil, audience: Audience = .everyone, actor: String, at now: Date
    ) throws -> LaunchOutcome {
        let hash = PublishedSurvey.contentHash(of: survey)
        let deadlineText = deadline.map(Timestamp.string)
        let audienceText = CanonicalJSON.string(audience)
        return try store.write { db in
            try announce(db, [.surveys])
            let current = try db.fetchOne(
                SQLRow.self,
                sql: """
                    SELECT v.version, v.content_hash, v.launched_at, s.state, s.deadline, s.audience
                    FROM survey_versions v JOIN surveys s ON s.id = v.survey_id
                    WHERE v.survey_id = ? ORDER BY v.version DESC LIMIT 1
                    """, arguments: [survey.id])
            if let current, current["content_hash"] == hash {
                let reopened = current["state"] == "closed"
                let changed = current["deadline"] != deadlineText || current["audience"] != audienceText
                if reopened || changed {
                    try db.execute(
                        sql: "UPDATE surveys SET state = 'open', closed_at = NULL, deadline = ?, audience = ? WHERE id = ?",
                        arguments: [deadlineText, audienceText, survey.id])
                    try Self.audit(
                        db, actor: actor, action: reopened ? "reopen" : "update",
                        detail: "\(survey.id) 截止 \(deadlineText ?? "无") 对象 \(audience.summary)", at: now)
                }
                let launchedAt = try StoredValue.date(current["launched_at"], column: "survey_versions.launched_at")
                let published = PublishedSurvey(
                    survey: survey, version: current["version"], launchedAt: launchedAt, deadline: deadline, audience: audience)
                return LaunchOutcome(kind: reopened ? .reopened : changed ? .updated : .unchanged, published: published)
            }
            let version = (current?["version"] as Int? ?? 0) + 1
            try db.execute(
                sql: """
                    INSERT INTO surveys (id, state, deadline, audience) VALUES (?, 'open', ?, ?)
                    ON CONFLICT(id) DO UPDATE SET state = 'open', closed_at = NULL, deadline = excluded.deadline,
                        audience = excluded.audience
                    """,
                arguments: [survey.id, deadlineText, audienceText])
            try db.execute(
                sql: "INSERT INTO survey_versions (survey_id, version, content_hash, definition, launched_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [survey.id, version, hash, CanonicalJSON.string(survey), Timestamp.string(now)])
            try Self.audit(
                db, actor: actor, action: "launch",
                detail: "\(survey.id) v\(version) \(hash.prefix(12)) 截止 \(deadlineText ?? "无") 对象 \(audience.summary)", at: now)
            let published = PublishedSurvey(survey: survey, version: version, launchedAt: now, deadline: deadline, audience: audience)
            return LaunchOutcome(kind: .new, published: published)
        }
    }

    /// Whether a survey with this id was ever launched.
    public func hasSurvey(_ id: String) throws -> Bool {
        try store.read { db in try db.fetchOne(Int.self, sql: "SELECT 1 FROM surveys WHERE id = ? LIMIT 1", arguments: [id]) != nil }
    }

    /// Closes a survey. Returns false when no such survey exists.
    public func close(survey id: String, actor: String, at now: Date) throws -> Bool {
        try store.write { db in
            try announce(db, [.surveys])
            try db.execute(
                sql: "UPDATE surveys SET state = 'closed', closed_at = ? WHERE id = ? AND state = 'open'",
                arguments: [Timestamp.string(now), id])
            let exists = try db.fetchOne(Bool.self, sql: "SELECT COUNT(*) > 0 FROM surveys WHERE id = ?", arguments: [id]) ?? false
            if exists { try Self.audit(db, actor: actor, action: "close", detail: id, at: now) }
            return exists
        }
    }

    /// Every launched version, oldest first, with whether its survey is closed.
    public func published() throws -> [(survey: PublishedSurvey, closed: Bool)] {
        try store.read { db in
            let rows = try db.fetchAll(
                SQLRow.self,
                sql: """
                    SELECT v.survey_id, v.version, v.definition, v.launched_at, s.state, s.deadline, s.audience
                    FROM survey_versions v JOIN surveys s ON s.id = v.survey_id
                    ORDER BY v.launched_at, v.survey_id, v.version
                    """)
            return try rows.map { row in
                let survey = try StoredValue.json(Survey.self, row["definition"], column: "survey_versions.definition")
                let published = PublishedSurvey(
                    survey: survey, version: row["version"], launchedAt: try StoredValue.date(row["launched_at"], column: "survey_versions.launched_at"),
                    deadline: try (row["deadline"] as String?).map { try StoredValue.date($0, column: "surveys.deadline") },
                    audience: try Self.audience(row["audience"]))
                return (published, row["state"] == "closed")
            }
        }
    }

    /// Every stored submission.
    public func submissions(survey: String? = nil) throws -> [SubmissionRecord] {
        try store.read { db in
            let sql = "SELECT * FROM submissions" + (survey == nil ? "" : " WHERE survey_id = ?") + " ORDER BY stored_at, id"
            return try db.fetchAll(SQLRow.self, sql: sql, arguments: survey.map { [$0] } ?? []).map(Self.submission)
        }
    }

    /// The submissions with these ids (those that exist), in storage order.
    public func submissions(ids: [String]) throws -> [SubmissionRecord] {
        guard !ids.isEmpty else { return [] }
        return try store.read { db in
            let marks = Array(repeating: "?", count: ids.count).joined(separator: ", ")
            return try db.fetchAll(SQLRow.self, sql: "SELECT * FROM submissions WHERE id IN (\(marks)) ORDER BY stored_at, id", arguments: ids)
                .map(Self.submission)
        }
    }

    static func submission(_ row: SQLRow) throws -> SubmissionRecord {
        SubmissionRecord(
            id: row["id"], supervisorID: row["supervisor_id"], survey: row["survey_id"], version: row["version"],
            answersJSON: row["answers"], receivedAt: try StoredValue.date(row["received_at"], column: "submissions.received_at"),
            storedAt: try StoredValue.date(row["stored_at"], column: "submissions.stored_at"))
    }

    /// Delivery and response figures for one survey, or nil when it does not exist.
    public func status(survey id: String) throws -> SurveyStatus? {
        try store.read { db in
            guard
                let head = try db.fetchOne(
                    SQLRow.self,
                    sql: """
                        SELECT s.state, s.deadline, s.audience, v.version, v.definition FROM surveys s
                        JOIN survey_versions v ON v.survey_id = s.id
                        WHERE s.id = ? ORDER BY v.version DESC LIMIT 1
                        """, arguments: [id])
            else { return nil }
            let survey = try JSONDecoder().decode(Survey.self, from: Data((head["definition"] as String).utf8))
            let rows = try db.fetchAll(
                SQLRow.self,
                sql: """
                    SELECT p.id, p.name, p.category, p.phone,
                           MIN(d.pushed_at) AS pushed_at, MIN(d.received_at) AS received_at, MIN(d.opened_at) AS opened_at,
                           (SELECT stored_at FROM submissions x WHERE x.supervisor_id = p.id AND x.survey_id = ?) AS submitted_at
                    FROM supervisors p
                    LEFT JOIN deliveries d ON d.supervisor_id = p.id AND d.survey_id = ?
                    GROUP BY p.id ORDER BY p.id
                    """, arguments: [id, id])
            let audience = try Self.audience(head["audience"])
            let people = rows.map { row in
                PersonDelivery(
                    id: row["id"], name: row["name"], category: SupervisorCategory(rawValue: row["category"]),
                    phone: row["phone"], pushedAt: row["pushed_at"], receivedAt: row["received_at"], openedAt: row["opened_at"],
                    submittedAt: row["submitted_at"])
            }.filter { person in
                audience.includes(Supervisor(id: person.id, name: person.name, category: person.category))
            }
            return SurveyStatus(
                survey: id, title: survey.title, version: head["version"], closed: head["state"] == "closed",
                deadline: head["deadline"], audience: audience.summary, people: people)
        }
    }

    /// A survey's audience: everyone when none is stored.
    static func audience(_ text: String?) throws -> Audience {
        guard let text else { return .everyone }
        return try StoredValue.json(Audience.self, text, column: "surveys.audience")
    }
}
