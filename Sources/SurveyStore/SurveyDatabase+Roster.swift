import Foundation
import SurveyAPI
import SurveyCore
import SurveyFiles

/// The outcome of a roster import.
public struct RosterImportResult: Sendable {
    /// New supervisors, with their new tokens.
    public var added: [IssuedLink]
    /// Existing supervisors whose details were updated (their tokens and history are kept).
    public var updated: Int
}

/// Reissuing named supervisors that are not on the roster.
public struct UnknownSupervisors: Error, Sendable {
    public var ids: [String]
}

extension SurveyDatabase {
    /// Adds new supervisors and updates existing ones by id, all in one transaction.
    /// Rows without an id get the next free `S###` id.
    public func importRoster(_ rows: [RosterCSV.Row], actor: String, at now: Date) throws -> RosterImportResult {
        try store.write { db in
            try announce(db, [.roster])
            let existing = Set(try db.fetchAll(String.self, sql: "SELECT id FROM supervisors"))
            var next = existing.compactMap { $0.hasPrefix("S") ? Int($0.dropFirst()) : nil }.max() ?? 0
            var added: [IssuedLink] = []
            var updated = 0
            for row in rows {
                let id: String
                if let given = row.id {
                    id = given
                } else {
                    repeat { next += 1 } while existing.contains(Self.serialID(next))
                    id = Self.serialID(next)
                }
                let supervisor = Supervisor(id: id, name: row.name, category: row.category, organization: row.organization, phone: row.phone)
                if existing.contains(id) {
                    try db.execute(
                        sql: "UPDATE supervisors SET name = ?, category = ?, organization = ?, phone = ?, updated_at = ? WHERE id = ?",
                        arguments: [
                            supervisor.name, supervisor.category.rawValue, supervisor.organization, supervisor.phone,
                            Timestamp.string(now), id,
                        ])
                    updated += 1
                } else {
                    let token = TokenHasher.makeToken()
                    try db.execute(
                        sql: """
                            INSERT INTO supervisors (id, name, category, organization, phone, token_hash, created_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [
                            id, supervisor.name, supervisor.category.rawValue, supervisor.organization, supervisor.phone,
                            TokenHasher.hash(token), Timestamp.string(now),
                        ])
                    added.append(IssuedLink(supervisor: supervisor, token: token))
                }
            }
            try Self.audit(db, actor: actor, action: "roster-import", detail: "added \(added.count), updated \(updated)", at: now)
            return RosterImportResult(added: added, updated: updated)
        }
    }

    /// Gives the named supervisors new tokens; their old links stop working at once.
    public func reissue(_ ids: [String], actor: String, at now: Date) throws -> [IssuedLink] {
        try store.write { db in
            try announce(db, [.roster])
            let unknown = try ids.filter { try !db.fetchOne(Bool.self, sql: "SELECT COUNT(*) > 0 FROM supervisors WHERE id = ?", arguments: [$0])! }
            guard unknown.isEmpty else { throw UnknownSupervisors(ids: unknown) }
            var links: [IssuedLink] = []
            for id in ids {
                let token = TokenHasher.makeToken()
                try db.execute(
                    sql: "UPDATE supervisors SET token_hash = ?, updated_at = ? WHERE id = ?",
                    arguments: [TokenHasher.hash(token), Timestamp.string(now), id])
                let row = try db.fetchOne(SQLRow.self, sql: "SELECT * FROM supervisors WHERE id = ?", arguments: [id])!
                links.append(IssuedLink(supervisor: Self.supervisor(row), token: token))
            }
            try Self.audit(db, actor: actor, action: "reissue", detail: ids.joined(separator: ","), at: now)
            return links
        }
    }

    static func serialID(_ number: Int) -> String {
        let digits = String(number)
        return "S" + String(repeating: "0", count: max(0, 3 - digits.count)) + digits
    }
}
