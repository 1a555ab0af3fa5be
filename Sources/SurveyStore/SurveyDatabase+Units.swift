import Foundation
import SurveyCore

extension SurveyDatabase {
    /// Every responsible unit, by name.
    public func units() throws -> [ResponsibleUnit] {
        try store.read { db in
            try db.fetchAll(SQLRow.self, sql: "SELECT name, contact, phone FROM units ORDER BY name").map {
                ResponsibleUnit(name: $0["name"], contact: $0["contact"], phone: $0["phone"])
            }
        }
    }

    /// Unit names by the hash of their link's token.
    public func unitsByTokenHash() throws -> [String: String] {
        try store.read { db in
            Dictionary(
                try db.fetchAll(SQLRow.self, sql: "SELECT name, token_hash FROM units").map { ($0["token_hash"], $0["name"]) },
                uniquingKeysWith: { first, _ in first })
        }
    }

    /// Adds new units with their token hashes and updates the contact and phone of known ones (whose
    /// links stay as they are). Returns the names added.
    public func importUnits(_ units: [ResponsibleUnit], tokenHash: (String) -> String, actor: String, at now: Date) throws -> [String] {
        try store.write { db in
            try announce(db, [.register, .tokens])
            var added: [String] = []
            for unit in units {
                let known = try db.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM units WHERE name = ?", arguments: [unit.name]) ?? 0
                if known > 0 {
                    try db.execute(
                        sql: "UPDATE units SET contact = ?, phone = ?, updated_at = ? WHERE name = ?",
                        arguments: [unit.contact, unit.phone, Timestamp.string(now), unit.name])
                } else {
                    try db.execute(
                        sql: """
                            INSERT INTO units (name, contact, phone, token_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                            """, arguments: [unit.name, unit.contact, unit.phone, tokenHash(unit.name), Timestamp.string(now), Timestamp.string(now)])
                    added.append(unit.name)
                }
            }
            try Self.audit(db, actor: actor, action: "units-import", detail: "共 \(units.count) 个单位，新增 \(added.count) 个", at: now)
            return added
        }
    }

    /// Gives a unit a new link token (the old link stops working); false when there is no such unit.
    public func replaceUnitToken(name: String, tokenHash: String, actor: String, at now: Date) throws -> Bool {
        try store.write { db in
            try announce(db, [.register, .tokens])
            let changed = try db.execute(
                sql: "UPDATE units SET token_hash = ?, updated_at = ? WHERE name = ?",
                arguments: [tokenHash, Timestamp.string(now), name])
            guard changed == 1 else { return false }
            try Self.audit(db, actor: actor, action: "unit-reissue", detail: name, at: now)
            return true
        }
    }

    /// Keeps units' link tokens readable, for the 交办 text, when the office lets it carry the link.
    public func keepUnitLinks(_ tokens: [String: String]) throws {
        guard !tokens.isEmpty else { return }
        try store.write { db in
            for (name, token) in tokens {
                try db.execute(sql: "UPDATE units SET sms_token = ? WHERE name = ?", arguments: [token, name])
            }
        }
    }

    /// The link tokens kept for the 交办 text, by unit.
    public func keptUnitLinks() throws -> [String: String] {
        try store.read { db in
            Dictionary(
                try db.fetchAll(SQLRow.self, sql: "SELECT name, sms_token FROM units WHERE sms_token IS NOT NULL").map { ($0["name"], $0["sms_token"]) },
                uniquingKeysWith: { first, _ in first })
        }
    }

    /// Forgets every kept link token (the office no longer lets texts carry links).
    public func forgetUnitLinks() throws {
        guard try !keptUnitLinks().isEmpty else { return }
        try store.write { db in try db.execute(sql: "UPDATE units SET sms_token = NULL") }
    }
}
