import Foundation
import SurveyCore

/// The product's database: roster, surveys, deliveries, submissions, the 台账 and the audit trail,
/// in SQLite (the default) or PostgreSQL, through one `SQLStore`.
///
/// Thread-safe: the store serialises writes and gives readers their own connections.
public final class SurveyDatabase: Sendable {
    let store: any SQLStore
    /// This process's name among the nodes sharing the store, so it can ignore its own announcements.
    public let node = String(UInt64.random(in: 0...UInt64.max), radix: 36)

    /// Opens the database at `location`: a `postgres://` URL (with the schema of `district`), or
    /// else the path of a SQLite file (created if needed), which is one district and takes none.
    /// Applies pending migrations. `connections` bounds a PostgreSQL store's pool.
    public convenience init(location: String, district: String? = nil, connections: Int = PostgresStore.defaultMaxConnections) throws {
        if PostgresStore.isURL(location) {
            try self.init(store: PostgresStore(url: location, district: district, maxConnections: connections))
        } else {
            guard district == nil else { throw StoreError.districtNeedsPostgres }
            try self.init(path: location)
        }
    }

    /// Opens (creating if needed) the SQLite database at `path` and applies pending migrations.
    public convenience init(path: String) throws {
        try self.init(store: SQLiteStore(path: path))
    }

    public init(store: any SQLStore) {
        self.store = store
    }

    // MARK: Announcements

    /// Tells the other nodes on this store what the transaction on `db` changed, when it commits.
    func announce(_ db: any SQLConnection, _ changes: Set<StoreChange>, _ argument: String = "") throws {
        guard let channel = (store as? PostgresStore)?.channel else { return }
        let payload = StoreAnnouncement(node: node, changes: changes, argument: argument).payload
        try db.execute(sql: "SELECT pg_notify(?, ?)", arguments: [channel, payload])
    }

    /// Announces a change that writes nothing (a reminder), in a transaction of its own.
    public func announce(_ changes: Set<StoreChange>, _ argument: String = "") throws {
        guard isShared else { return }
        try store.write { db in try announce(db, changes, argument) }
    }

    // MARK: Roster

    /// Every supervisor with the hash of their token.
    public func roster() throws -> [(supervisor: Supervisor, tokenHash: String)] {
        try store.read { db in
            try db.fetchAll(SQLRow.self, sql: "SELECT * FROM supervisors ORDER BY id").map { row in
                (Self.supervisor(row), row["token_hash"])
            }
        }
    }

    /// Adds supervisors in one transaction.
    public func addSupervisors(_ entries: [(supervisor: Supervisor, tokenHash: String)], at now: Date) throws {
        try store.write { db in
            try announce(db, [.roster])
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

    static func supervisor(_ row: SQLRow) -> Supervisor {
        Supervisor(
            id: row["id"], name: row["name"],
            category: SupervisorCategory(rawValue: row["category"]),
            organization: row["organization"], phone: row["phone"])
    }

    // MARK: Admin tokens

    /// Stores the hash of a new admin token.
    public func addAdminToken(hash: String, at now: Date) throws {
        try store.write { db in
            try announce(db, [.tokens])
            try db.execute(sql: "INSERT INTO admin_tokens (token_hash, created_at) VALUES (?, ?)", arguments: [hash, Timestamp.string(now)])
        }
    }

    /// The hashes of all admin tokens.
    public func adminTokenHashes() throws -> [String] {
        try store.read { db in try db.fetchAll(String.self, sql: "SELECT token_hash FROM admin_tokens") }
    }

    // MARK: Audit

    /// Appends to the audit trail.
    public func audit(actor: String, action: String, detail: String, at now: Date) throws {
        try store.write { db in try Self.audit(db, actor: actor, action: action, detail: detail, at: now) }
    }

    static func audit(_ db: any SQLConnection, actor: String, action: String, detail: String, at now: Date) throws {
        try db.execute(
            sql: "INSERT INTO audit_log (at, actor, action, detail) VALUES (?, ?, ?, ?)",
            arguments: [Timestamp.string(now), actor, action, detail])
    }

    /// The store's own consistency check: `ok` when sound.
    public func integrityCheck() throws -> String {
        try store.integrityCheck()
    }

    /// Releases the store's connections.
    public func closeStore() {
        store.close()
    }
}
