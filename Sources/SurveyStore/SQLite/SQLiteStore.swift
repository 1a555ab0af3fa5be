import GRDB

/// The default store: one SQLite file (WAL, `synchronous=FULL`) through GRDB's pool, which
/// serialises writes and gives readers their own connections.
public final class SQLiteStore: SQLStore {
    let pool: DatabasePool
    public var dialect: SQLDialect { .sqlite }

    /// Opens (creating if needed) the database at `path` and applies pending migrations.
    public init(path: String) throws {
        do {
            pool = try Self.openDurable(path: path)
        } catch let error as DatabaseError {
            throw StoreError.cannotOpen(path: path, reason: StoreError.explain(error))
        }
        let migrator = Self.migrator
        let unknown = try pool.read { db in try migrator.appliedIdentifiers(db).subtracting(migrator.migrations) }
        guard unknown.isEmpty else { throw StoreError.newerDatabase(unknownMigrations: unknown.sorted()) }
        try migrator.migrate(pool)
    }

    /// The pool on `path`, its writer set to sync the WAL at every commit (read back to be sure).
    private static func openDurable(path: String) throws -> DatabasePool {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        let pool = try DatabasePool(path: path, configuration: configuration)
        // An acknowledged answer must survive power loss, not only a crash. Set on the open writer:
        // GRDB's pool sets `synchronous=NORMAL` when it enables WAL, after `prepareDatabase`.
        let level = try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            return try Int.fetchOne(db, sql: "PRAGMA synchronous")
        }
        guard level == synchronousFull else { throw StoreError.notDurable(setting: "synchronous", value: "\(level ?? -1)") }
        return pool
    }

    /// The shared migrations in GRDB's migrator, which records them in `grdb_migrations`.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in Migrations.all {
            migrator.registerMigration(migration.identifier) { db in try migration.apply(GRDBConnection(db: db)) }
        }
        return migrator
    }

    /// SQLite's code for `synchronous=FULL`: the WAL is synced at every commit.
    static let synchronousFull = 2

    public func read<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        try pool.read { db in try body(GRDBConnection(db: db)) }
    }

    @discardableResult public func write<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        try pool.write { db in try body(GRDBConnection(db: db)) }
    }

    public func integrityCheck() throws -> String {
        try pool.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" }
    }

    public func close() {
        try? pool.close()
    }
}
