import Foundation
import SurveyCore

extension SurveyDatabase {
    /// Stores the hash of a new projector token.
    public func addProjectorToken(hash: String, actor: String, at now: Date) throws {
        try store.write { db in
            try announce(db, [.projectorTokens])
            try db.execute(sql: "INSERT INTO projector_tokens (token_hash, created_at) VALUES (?, ?)", arguments: [hash, Timestamp.string(now)])
            try Self.audit(db, actor: actor, action: "projector-link", detail: "新的投屏链接", at: now)
        }
    }

    /// Every projector link by its id (the first 8 hex digits of its token's hash; never the token)
    /// and when it was made, oldest first.
    public func projectorLinks() throws -> [(id: String, createdAt: String)] {
        try store.read { db in
            try db.fetchAll(SQLRow.self, sql: "SELECT token_hash, created_at FROM projector_tokens ORDER BY created_at, token_hash").map {
                (String(($0["token_hash"] as String).prefix(8)), $0["created_at"] as String)
            }
        }
    }

    /// Revokes the projector links whose token hash starts with `id`; returns how many there were
    /// (nothing is revoked unless exactly one matches).
    public func revokeProjectorLink(id: String, actor: String, at now: Date) throws -> Int {
        try store.write { db in
            let matching = try db.fetchAll(String.self, sql: "SELECT token_hash FROM projector_tokens").filter { $0.hasPrefix(id) }
            guard matching.count == 1 else { return matching.count }
            try announce(db, [.projectorTokens])
            try db.execute(sql: "DELETE FROM projector_tokens WHERE token_hash = ?", arguments: [matching[0]])
            try Self.audit(db, actor: actor, action: "projector-revoke", detail: "撤销投屏链接 \(id)", at: now)
            return 1
        }
    }

    public func projectorTokenHashes() throws -> Set<String> {
        try store.read { db in Set(try db.fetchAll(String.self, sql: "SELECT token_hash FROM projector_tokens")) }
    }

    /// Every free-text answer of a survey (or all surveys) with its moderation state. No names.
    public func comments(survey: String? = nil) throws -> [CommentEntry] {
        var definitions: [String: Survey] = [:]
        for (published, _) in try published() { definitions["\(published.survey.id)#\(published.version)"] = published.survey }
        let states = try store.read { db in
            Dictionary(
                try db.fetchAll(SQLRow.self, sql: "SELECT id, state FROM comment_moderation").map { ($0["id"] as String, $0["state"] as String) },
                uniquingKeysWith: { first, _ in first })
        }
        let categories = try supervisorCategories()
        return try submissions(survey: survey).flatMap { record -> [CommentEntry] in
            guard let definition = definitions["\(record.survey)#\(record.version)"],
                let answers = record.answers
            else { return [] }
            // A case's details and private answers are the office's alone: they never enter moderation.
            let hidden = definition.privateQuestionIDs
            return definition.questions.compactMap { question in
                guard question.type == .text, !hidden.contains(question.id), case .text(let text)? = answers[question.id],
                    !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
                else { return nil }
                let id = "\(record.id):\(question.id)"
                let state = states[id] ?? (definition.autoApproveComments == true ? "approved" : "pending")
                var entry = CommentEntry(id: id, survey: record.survey, question: question.id, text: text, state: state)
                entry.questionTitle = question.title
                entry.category = categories[record.supervisorID]
                return entry
            }
        }
    }

    /// Approves or rejects a comment. Returns it with the state it had before, or nil when there is no such comment.
    public func moderate(comment id: String, approve: Bool, actor: String, at now: Date) throws -> (entry: CommentEntry, previous: String)? {
        guard let entry = try comments().first(where: { $0.id == id }) else { return nil }
        return (try moderate([entry], approve: approve, actor: actor, at: now)[0], entry.state)
    }

    /// Approves or rejects these comments (as `comments()` listed them) in one transaction;
    /// returns them with their new state.
    public func moderate(_ entries: [CommentEntry], approve: Bool, actor: String, at now: Date) throws -> [CommentEntry] {
        let state = approve ? "approved" : "rejected"
        try store.write { db in
            try announce(db, [.comments])
            for entry in entries {
                try db.execute(
                    sql: """
                        INSERT INTO comment_moderation (id, survey_id, state, actor, at) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT(id) DO UPDATE SET state = excluded.state, actor = excluded.actor, at = excluded.at
                        """,
                    arguments: [entry.id, entry.survey, state, actor, Timestamp.string(now)])
                try Self.audit(db, actor: actor, action: approve ? "comment-approve" : "comment-reject", detail: entry.id, at: now)
            }
        }
        return entries.map {
            var entry = $0
            entry.state = state
            return entry
        }
    }

    /// The moderation ids (`SUBMISSION:QUESTION`) of every approved comment: the 典型意见 the
    /// report may quote.
    ///
    /// The moderation table says it for every comment staff approved; only the surveys whose comments
    /// are approved unless rejected (`auto_approve_comments`) need their answers read.
    public func approvedCommentIDs() throws -> Set<String> {
        let (staffApproved, automatic) = try store.read { db in
            (
                Set(try db.fetchAll(String.self, sql: "SELECT id FROM comment_moderation WHERE state = 'approved'")),
                try db.fetchAll(
                    String.self, sql: "SELECT DISTINCT survey_id FROM survey_versions WHERE \(db.dialect.jsonFlag("definition", "autoApproveComments"))")
            )
        }
        var approved = staffApproved
        for survey in automatic {
            approved.formUnion(try comments(survey: survey).filter { $0.state == "approved" }.map(\.id))
        }
        return approved
    }

    /// Approved comments per survey, in answer order: what the projector shows after a restart.
    public func approvedComments() throws -> [String: [String]] {
        Dictionary(grouping: try comments().filter { $0.state == "approved" }, by: \.survey).mapValues { $0.map(\.text) }
    }
}
