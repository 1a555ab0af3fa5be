import Foundation
import SurveyAPI
import SurveyCore

extension SurveyDatabase {
    /// Live staff accounts by the hash of their token.
    public func staffByTokenHash() throws -> [String: StaffMember] {
        try store.read { db in
            let rows = try db.fetchAll(SQLRow.self, sql: "SELECT name, role, token_hash FROM staff WHERE revoked_at IS NULL")
            return Dictionary(
                rows.compactMap { row -> (String, StaffMember)? in
                    guard let role = StaffRole(rawValue: row["role"]) else { return nil }
                    return (row["token_hash"], StaffMember(name: row["name"], role: role))
                }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// Every staff account, revoked ones too.
    public func staff() throws -> [StaffEntry] {
        try store.read { db in
            try db.fetchAll(SQLRow.self, sql: "SELECT * FROM staff ORDER BY created_at, name").compactMap { row in
                StaffRole(rawValue: row["role"]).map {
                    StaffEntry(name: row["name"], role: $0, createdAt: row["created_at"], revokedAt: row["revoked_at"])
                }
            }
        }
    }

    /// Adds an account; false when the name is taken.
    public func addStaff(_ member: StaffMember, tokenHash: String, phone: String? = nil, actor: String, at now: Date) throws -> Bool {
        try store.write { db in
            try announce(db, [.tokens])
            guard try db.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM staff WHERE name = ?", arguments: [member.name]) == 0 else { return false }
            try db.execute(
                sql: "INSERT INTO staff (name, role, token_hash, created_at, issued_by, issued_at, phone) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [member.name, member.role.rawValue, tokenHash, Timestamp.string(now), actor, Timestamp.string(now), phone])
            try Self.audit(db, actor: actor, action: "staff-add", detail: "\(member.name)（\(member.role.label)）", at: now)
            return true
        }
    }

    /// Gives an account a new token (the old one stops working), or revokes it (`tokenHash` nil).
    /// Returns the account, or nil when there is none of that name.
    public func replaceStaffToken(name: String, tokenHash: String?, actor: String, at now: Date) throws -> StaffMember? {
        try store.write { db in
            try announce(db, [.tokens])
            guard let row = try db.fetchOne(SQLRow.self, sql: "SELECT role FROM staff WHERE name = ?", arguments: [name]),
                let role = StaffRole(rawValue: row["role"])
            else { return nil }
            if let tokenHash {
                try db.execute(
                    sql: "UPDATE staff SET token_hash = ?, revoked_at = NULL, issued_by = ?, issued_at = ? WHERE name = ?",
                    arguments: [tokenHash, actor, Timestamp.string(now), name])
            } else {
                // A revoked account keeps a hash no token can have.
                try db.execute(
                    sql: "UPDATE staff SET token_hash = 'revoked:' || name, revoked_at = ? WHERE name = ?",
                    arguments: [Timestamp.string(now), name])
            }
            try Self.audit(db, actor: actor, action: tokenHash == nil ? "staff-revoke" : "staff-reissue", detail: name, at: now)
            return StaffMember(name: name, role: role)
        }
    }

    /// The account called `name`, live or revoked, and who issued its current token and when.
    public func staffAccount(named name: String) throws -> (member: StaffMember, issuedBy: String?, issuedAt: String?, phone: String?)? {
        try store.read { db in
            guard
                let row = try db.fetchOne(SQLRow.self, sql: "SELECT role, issued_by, issued_at, phone FROM staff WHERE name = ?", arguments: [name]),
                let role = StaffRole(rawValue: row["role"])
            else { return nil }
            return (StaffMember(name: name, role: role), row["issued_by"], row["issued_at"], row["phone"])
        }
    }

    /// When row `number` was last marked rectified, and by whom.
    public func rectification(number: Int) throws -> (actor: String, at: String)? {
        try store.read { db in
            try db.fetchOne(
                SQLRow.self,
                sql: """
                    SELECT c.actor, c.at FROM rectification_changes c JOIN rectification_items i ON i.key = c.key
                    WHERE i.number = ? AND c.field = 'status' AND c.new_value = 'rectified' ORDER BY c.id DESC LIMIT 1
                    """, arguments: [number]
            ).map { ($0["actor"], $0["at"]) }
        }
    }

    /// Who marked row `number` rectified most recently, from its history.
    public func rectifiedBy(number: Int) throws -> String? {
        try store.read { db in
            try db.fetchOne(
                String.self,
                sql: """
                    SELECT c.actor FROM rectification_changes c JOIN rectification_items i ON i.key = c.key
                    WHERE i.number = ? AND c.field = 'status' AND c.new_value = 'rectified' ORDER BY c.id DESC LIMIT 1
                    """, arguments: [number])
        }
    }
}
