import Foundation
import GRDB
import SurveyCore

/// The SQLite database (WAL, `synchronous=FULL`): roster, surveys, deliveries, submissions, audit.
///
/// Thread-safe: GRDB serialises writes and gives readers their own connections.
public final class SurveyDatabase: Sendable {
    let pool: DatabasePool

    /// Opens (creating if needed) the database at `path` and applies pending migrations.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        pool = try DatabasePool(path: path, configuration: configuration)
        // An acknowledged answer must survive power loss, not only a crash. Set on the open writer:
        // GRDB's pool sets `synchronous=NORMAL` when it enables WAL, after `prepareDatabase`.
        let level = try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            return try Int.fetchOne(db, sql: "PRAGMA synchronous")
        }
        guard level == Self.synchronousFull else { throw StoreError.notDurable(level: level ?? -1) }
        let migrator = Migrations.migrator
        let unknown = try pool.read { db in try migrator.appliedIdentifiers(db).subtracting(migrator.migrations) }
        guard unknown.isEmpty else { throw StoreError.newerDatabase(unknownMigrations: unknown.sorted()) }
        try migrator.migrate(pool)
    }

    /// SQLite's code for `synchronous=FULL`: the WAL is synced at every commit.
    static let synchronousFull = 2

    // MARK: Roster

    /// Every supervisor with the hash of their token.
    public func roster() throws -> [(supervisor: Supervisor, tokenHash: String)] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM supervisors ORDER BY id").map { row in
                (Self.supervisor(row), row["token_hash"])
            }
        }
    }

    /// Adds supervisors in one transaction.
    public func addSupervisors(_ entries: [(supervisor: Supervisor, tokenHash: String)], at now: Date) throws {
        try pool.write { db in
            for (supervisor, hash) in entries {
                try db.execute(
                    sql: """
                        INSERT INTO supervisors (id, name, category, organization, phone, token_hash, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        supervisor.id, supervisor.name, supervisor.category.rawValue, supervisor.organization,
                        supervisor.phone, hash, Timestamp.string(now),
                    ])
            }
        }
    }

    static func supervisor(_ row: Row) -> Supervisor {
        Supervisor(
            id: row["id"], name: row["name"],
            category: SupervisorCategory(rawValue: row["category"]),
            organization: row["organization"], phone: row["phone"])
    }

    // MARK: Admin tokens

    /// Whether any admin token exists yet.
    public func hasAdminToken() throws -> Bool {
        try pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM admin_tokens") ?? 0 } > 0
    }

    /// Stores the hash of a new admin token.
    public func addAdminToken(hash: String, at now: Date) throws {
        try pool.write { db in
            try db.execute(sql: "INSERT INTO admin_tokens (token_hash, created_at) VALUES (?, ?)", arguments: [hash, Timestamp.string(now)])
        }
    }

    /// The hashes of all admin tokens.
    public func adminTokenHashes() throws -> [String] {
        try pool.read { db in try String.fetchAll(db, sql: "SELECT token_hash FROM admin_tokens") }
    }

    // MARK: Audit

    /// Appends to the audit trail.
    public func audit(actor: String, action: String, detail: String, at now: Date) throws {
        try pool.write { db in try Self.audit(db, actor: actor, action: action, detail: detail, at: now) }
    }

    static func audit(_ db: Database, actor: String, action: String, detail: String, at now: Date) throws {
        try db.execute(
            sql: "INSERT INTO audit_log (at, actor, action, detail) VALUES (?, ?, ?, ?)",
            arguments: [Timestamp.string(now), actor, action, detail])
    }

    /// Runs `PRAGMA integrity_check` and returns its first line (`ok` when sound).
    public func integrityCheck() throws -> String {
        try pool.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" }
    }
}
