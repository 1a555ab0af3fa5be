import Foundation
import SurveyCore
import Synchronization

/// The store for several nodes: one PostgreSQL database (`postgres://USER@HOST:PORT/DB`), the same
/// schema and migrations as SQLite's. Writes take one transaction-scoped advisory lock, so they are
/// serialised across every node as SQLite serialises them in one process; reads run beside them on a
/// snapshot (`REPEATABLE READ`).
public final class PostgresStore: SQLStore {
    let url: String
    private let idle = Mutex<[PostgresConnection]>([])
    public var dialect: SQLDialect { .postgres }
    /// The NOTIFY channel on which the nodes sharing this database announce their changes.
    public let channel = "survey_changes"

    /// The advisory lock every write transaction holds.
    static let writeLock = 0x5375_7276_6579

    /// Whether `location` names a PostgreSQL database rather than a SQLite file.
    public static func isURL(_ location: String) -> Bool {
        location.hasPrefix("postgres://") || location.hasPrefix("postgresql://")
    }

    /// Connects, checks that commits are durable and text sorts as in SQLite, and applies pending migrations.
    public init(url: String) throws {
        self.url = url
        try checkSettings()
        try migrate()
    }

    public func read<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        try transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
    }

    @discardableResult public func write<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        try transaction("BEGIN; SELECT pg_advisory_xact_lock(\(Self.writeLock))", body)
    }

    public func integrityCheck() throws -> String {
        try read { db in try db.fetchOne(String.self, sql: "SELECT 'ok'") ?? "" }
    }

    public func close() {
        idle.withLock { $0.removeAll() }
    }

    /// A connection of its own, outside the pool: for LISTEN, which holds it for as long as it listens.
    func dedicatedConnection() throws -> PostgresConnection {
        try PostgresConnection(url: url)
    }

    private func transaction<T>(_ begin: String, _ body: (any SQLConnection) throws -> T) throws -> T {
        let connection = try checkOut()
        defer { checkIn(connection) }
        try connection.executeScript(begin)
        do {
            let value = try body(connection)
            try connection.executeScript("COMMIT")
            return value
        } catch {
            try? connection.executeScript("ROLLBACK")
            throw error
        }
    }

    private func checkOut() throws -> PostgresConnection {
        if let connection = idle.withLock({ $0.popLast() }) { return connection }
        return try PostgresConnection(url: url)
    }

    private func checkIn(_ connection: PostgresConnection) {
        guard connection.isReusable else { return }
        idle.withLock { $0.append(connection) }
    }

    /// Refuses a server whose commits may be lost on power failure, or whose text order differs
    /// from SQLite's (lists, numbers and reports must not depend on the store).
    private func checkSettings() throws {
        let connection = try checkOut()
        defer { checkIn(connection) }
        let fsync = try connection.fetchOne(String.self, sql: "SHOW fsync") ?? ""
        guard fsync == "on" else { throw StoreError.notDurable(setting: "fsync", value: fsync) }
        let commit = try connection.fetchOne(String.self, sql: "SHOW synchronous_commit") ?? ""
        guard ["on", "local", "remote_write", "remote_apply"].contains(commit) else {
            throw StoreError.notDurable(setting: "synchronous_commit", value: commit)
        }
        let collation =
            try connection.fetchOne(String.self, sql: "SELECT datcollate FROM pg_database WHERE datname = current_database()") ?? ""
        guard collation == "C" || collation == "POSIX" else { throw StoreError.collation(collation) }
    }

    /// Applies the migrations this database has not had, each in its own write transaction,
    /// recorded in `schema_migrations`. Refuses a database that has migrations this program lacks.
    private func migrate() throws {
        try write { db in
            try db.executeScript("CREATE TABLE IF NOT EXISTS schema_migrations (identifier TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        }
        let applied = Set(try read { db in try db.fetchAll(String.self, sql: "SELECT identifier FROM schema_migrations") })
        let unknown = applied.subtracting(Migrations.all.map(\.identifier))
        guard unknown.isEmpty else { throw StoreError.newerDatabase(unknownMigrations: unknown.sorted()) }
        for migration in Migrations.all {
            try write { db in
                // Another node may have applied it since the list was read: the lock makes this check final.
                guard try db.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM schema_migrations WHERE identifier = ?", arguments: [migration.identifier]) == 0
                else { return }
                try migration.apply(db)
                try db.execute(
                    sql: "INSERT INTO schema_migrations (identifier, applied_at) VALUES (?, ?)",
                    arguments: [migration.identifier, Timestamp.string(Date())])
            }
        }
    }

    /// The URL without its password, for messages.
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? url
    }
}
