/// A database of either kind: transactions over `SQLConnection`s. SQLite's (`SQLiteStore`) is the
/// default; PostgreSQL's (`PostgresStore`) serves several nodes.
public protocol SQLStore: Sendable {
    var dialect: SQLDialect { get }
    /// Runs `body` in a read-only transaction that sees one snapshot.
    func read<T>(_ body: (any SQLConnection) throws -> T) throws -> T
    /// Runs `body` in a write transaction; writes are serialised (one at a time, across nodes too).
    /// Commits when it returns and rolls back when it throws. Returns after the commit is durable.
    @discardableResult func write<T>(_ body: (any SQLConnection) throws -> T) throws -> T
    /// The first line of the store's own consistency check: `ok` when sound.
    func integrityCheck() throws -> String
    /// Releases connections.
    func close()
    /// Whether several nodes share this store (so pages may be open on other nodes).
    var isShared: Bool { get }
}

extension SQLStore {
    public var isShared: Bool { false }
}
