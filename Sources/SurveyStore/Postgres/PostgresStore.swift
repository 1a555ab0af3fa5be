import Foundation
import SurveyCore
import Synchronization

/// The store for several nodes: one PostgreSQL database (`postgres://USER@HOST:PORT/DB`), the same
/// schema and migrations as SQLite's. Each district is a tenant with a schema of its own
/// (`district_NAME`; `public` when none is named): its roster, surveys, 台账 and reports live there,
/// and its nodes see nothing else. Writes take one transaction-scoped advisory lock per district, so
/// they are serialised across that district's nodes as SQLite serialises them in one process; reads
/// run beside them on a snapshot (`REPEATABLE READ`).
public final class PostgresStore: SQLStore {
    /// Every node of a district shares it.
    public var isShared: Bool { true }
    let url: String
    /// The district's schema, a checked identifier.
    public let schema: String
    /// Opened only to read (the city office): no migration runs and every write is refused.
    public let readOnly: Bool
    private let idle = Mutex<[PostgresConnection]>([])
    /// The most connections this store's transactions hold at once (a listening one aside); more
    /// wait for one, up to `connectionWait`.
    public let maxConnections: Int
    private let slots: DispatchSemaphore
    /// The default of `maxConnections`.
    public static let defaultMaxConnections = 8
    static let connectionWait = 30
    /// How long PostgreSQL lets a transaction of ours sit idle before it ends it: a node frozen in a
    /// write would otherwise hold its district's write lock, and every node's answers, until it woke.
    public static let idleTransactionSeconds = 10
    public var dialect: SQLDialect { .postgres }
    /// The NOTIFY channel on which the district's nodes announce their changes.
    public var channel: String { "survey_changes_" + schema }

    /// Whether `location` names a PostgreSQL database rather than a SQLite file.
    public static func isURL(_ location: String) -> Bool {
        location.hasPrefix("postgres://") || location.hasPrefix("postgresql://")
    }

    /// The schema of `district`: lower-case letters, digits and underscores, starting with a letter.
    public static func schema(district: String?) throws -> String {
        guard let district else { return "public" }
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789_")
        guard let first = district.first, first.isLetter, first.isASCII, district.count <= 40, district.allSatisfy(allowed.contains) else {
            throw StoreError.badDistrict(district)
        }
        return "district_" + district
    }

    /// Connects, checks that commits are durable and text sorts as in SQLite, and applies pending
    /// migrations to the district's schema (creating it). `readOnly` instead checks that the schema
    /// is complete and current, and changes nothing.
    public init(url: String, district: String? = nil, readOnly: Bool = false, maxConnections: Int = defaultMaxConnections) throws {
        // Two `@` before the path: libpq would take part of the password for the host.
        guard url.prefix(while: { $0 != "?" }).filter({ $0 == "@" }).count <= 1 else { throw StoreError.unencodedPassword }
        self.url = url
        schema = try Self.schema(district: district)
        self.readOnly = readOnly
        self.maxConnections = max(1, maxConnections)
        slots = DispatchSemaphore(value: self.maxConnections)
        try checkSettings()
        if readOnly {
            try checkCurrent()
        } else {
            try migrate()
        }
    }

    public func read<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        try transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
    }

    @discardableResult public func write<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        guard !readOnly else { throw SQLError("只读连接（市级汇总）不能写入数据库") }
        return try transaction("BEGIN; SELECT pg_advisory_xact_lock(hashtext('\(schema)'))", body)
    }

    public func integrityCheck() throws -> String {
        try read { db in try db.fetchOne(String.self, sql: "SELECT 'ok'") ?? "" }
    }

    public func close() {
        idle.withLock { $0.removeAll() }
    }

    /// A connection of its own, outside the pool: for LISTEN, which holds it for as long as it listens.
    func dedicatedConnection() throws -> PostgresConnection {
        try PostgresConnection(url: url, schema: schema)
    }

    private func transaction<T>(_ begin: String, _ body: (any SQLConnection) throws -> T) throws -> T {
        try withConnection { pooled in
            var connection = pooled
            do {
                try connection.executeScript(begin)
            } catch  where !connection.isOpen {
                // A pooled connection the server has dropped (a restart, a firewall): nothing ran on
                // it, so the transaction starts again on a new one.
                idle.withLock { $0.removeAll() }
                connection = try PostgresConnection(url: url, schema: schema)
                try connection.executeScript(begin)
            }
            defer { checkIn(connection) }
            do {
                let value = try body(connection)
                try connection.executeScript("COMMIT")
                return value
            } catch {
                try? connection.executeScript("ROLLBACK")
                throw error
            }
        }
    }

    /// Runs `body` with a pooled connection (or a new one), holding one of the `maxConnections`
    /// slots for as long as it runs; `body` gives the connection back with `checkIn`, or drops it.
    private func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        guard slots.wait(timeout: .now() + .seconds(Self.connectionWait)) == .success else {
            throw SQLError("\(Self.connectionWait) 秒内未能取得数据库连接：本节点的 \(maxConnections) 个连接（--store-connections）都在使用中")
        }
        defer { slots.signal() }
        let connection = try idle.withLock({ $0.popLast() }) ?? PostgresConnection(url: url, schema: schema)
        return try body(connection)
    }

    private func checkIn(_ connection: PostgresConnection) {
        guard connection.isReusable else { return }
        idle.withLock { $0.append(connection) }
    }

    /// Refuses a server whose commits may be lost on power failure, a database whose text order
    /// differs from SQLite's (lists, numbers and reports must not depend on the store), and one that
    /// cannot hold Chinese text as it is (not UTF-8).
    private func checkSettings() throws {
        try withConnection { connection in
            defer { checkIn(connection) }
            try checkSettings(on: connection)
        }
    }

    private func checkSettings(on connection: PostgresConnection) throws {
        let fsync = try connection.fetchOne(String.self, sql: "SHOW fsync") ?? ""
        guard fsync == "on" else { throw StoreError.notDurable(setting: "fsync", value: fsync) }
        let commit = try connection.fetchOne(String.self, sql: "SHOW synchronous_commit") ?? ""
        guard ["on", "local", "remote_write", "remote_apply"].contains(commit) else {
            throw StoreError.notDurable(setting: "synchronous_commit", value: commit)
        }
        let database = try connection.fetchOne(
            SQLRow.self,
            sql: """
                SELECT datcollate, datlocprovider::text AS provider, daticulocale, pg_encoding_to_char(encoding) AS encoding
                FROM pg_database WHERE datname = current_database()
                """)
        guard let database else { throw StoreError.collation("?") }
        let encoding: String = database["encoding"]
        guard encoding == "UTF8" else { throw StoreError.encoding(encoding) }
        // An ICU database sorts by its ICU locale whatever datcollate says.
        if database["provider"] as String == "i" { throw StoreError.collation("ICU " + (database["daticulocale"] as String? ?? "")) }
        let collation: String = database["datcollate"]
        guard collation == "C" || collation == "POSIX" else { throw StoreError.collation(collation) }
    }

    /// Applies the migrations the district's schema has not had, each in its own write transaction,
    /// recorded in `schema_migrations`. Refuses a schema that has migrations this program lacks.
    private func migrate() throws {
        let connection = try PostgresConnection(url: url, schema: nil)
        do {
            try connection.executeScript("CREATE SCHEMA IF NOT EXISTS \(schema)")
        } catch {
            // Two nodes starting at once may race to create it: what matters is that it exists.
            let exists = try connection.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM pg_namespace WHERE nspname = ?", arguments: [schema])
            guard exists == 1 else { throw error }
        }
        try write { db in
            try db.executeScript("CREATE TABLE IF NOT EXISTS schema_migrations (identifier TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        }
        try checkKnown(try appliedMigrations())
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

    /// A read-only opening needs the schema exactly as this program writes it.
    private func checkCurrent() throws {
        let exists = try read { db in
            try db.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM (\(Self.migratedSchemas)) AS found WHERE nspname = ?", arguments: [schema])
        }
        guard exists == 1 else { throw StoreError.noSuchDistrict(schema) }
        let applied: Set<String>
        do {
            applied = try appliedMigrations()
        } catch let error as SQLError where ["42501", "42P01"].contains(error.state) {
            // The catalog lists the table, so "no such table" means no USAGE on the schema.
            throw StoreError.noPrivilege(schema)
        }
        try checkKnown(applied)
        let missing = Migrations.all.map(\.identifier).filter { !applied.contains($0) }
        guard missing.isEmpty else { throw StoreError.olderDatabase(missingMigrations: missing) }
    }

    private func appliedMigrations() throws -> Set<String> {
        Set(try read { db in try db.fetchAll(String.self, sql: "SELECT identifier FROM schema_migrations") })
    }

    private func checkKnown(_ applied: Set<String>) throws {
        let unknown = applied.subtracting(Migrations.all.map(\.identifier))
        guard unknown.isEmpty else { throw StoreError.newerDatabase(unknownMigrations: unknown.sorted()) }
    }

    /// The schemas holding this program's tables, from the catalog, which every role may read
    /// (information_schema shows only what the role may use).
    static let migratedSchemas = """
        SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relname = 'schema_migrations' AND c.relkind = 'r'
        """

    /// The districts with a schema in the database at `url`, by name (`public` for the default one),
    /// whether or not this role may read them.
    public static func districts(url: String) throws -> [String] {
        let connection = try PostgresConnection(url: url, schema: nil)
        let schemas = try connection.fetchAll(String.self, sql: migratedSchemas + " ORDER BY n.nspname")
        return schemas.compactMap { $0 == "public" ? "public" : $0.hasPrefix("district_") ? String($0.dropFirst(9)) : nil }
    }

    /// The URL without its password, for messages: the user info's password (up to the last `@`,
    /// which may itself hold an unescaped `@` or `/`) and any `password=` parameter.
    public static func redacted(_ url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        var rest = url[scheme.upperBound...]
        var user = ""
        if let at = rest.lastIndex(of: "@") {
            let info = rest[..<at]
            user = String(info.prefix { $0 != ":" }) + (info.contains(":") ? ":***" : "") + "@"
            rest = rest[rest.index(after: at)...]
        }
        return String(url[..<scheme.upperBound]) + user + rest.replacing(/password=[^&]*/, with: "password=***")
    }
}
