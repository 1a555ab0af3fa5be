import Foundation

/// One connection of either store, inside the transaction `SQLStore.read` or `write` opened.
/// Statements use `?` placeholders.
public protocol SQLConnection {
    var dialect: SQLDialect { get }
    /// Runs one statement; returns how many rows it changed.
    @discardableResult func execute(sql: String, arguments: [any SQLBindable]) throws -> Int
    /// Runs one query and returns its rows.
    func rows(sql: String, arguments: [any SQLBindable]) throws -> [SQLRow]
    /// Runs statements without arguments, separated by semicolons (migrations).
    func executeScript(_ sql: String) throws
    /// Runs `body` in a savepoint: undone alone when it throws, and the error rethrown.
    func savepoint(_ body: () throws -> Void) throws
}

extension SQLConnection {
    @discardableResult public func execute(sql: String) throws -> Int { try execute(sql: sql, arguments: []) }

    /// Every row of a query as `T`: a whole `SQLRow`, or the first column read as a value.
    public func fetchAll<T: SQLFetchable>(_ type: T.Type, sql: String, arguments: [any SQLBindable] = []) throws -> [T] {
        try rows(sql: sql, arguments: arguments).map(T.init(row:))
    }

    /// The first row of a query as `T`, or nil when there is none (or its first column is NULL).
    public func fetchOne<T: SQLFetchable>(_ type: T.Type, sql: String, arguments: [any SQLBindable] = []) throws -> T? {
        try rows(sql: sql, arguments: arguments).first.flatMap(T.init(optionalRow:))
    }
}

/// What `fetchAll` and `fetchOne` return: rows themselves, or single values.
public protocol SQLFetchable {
    init(row: SQLRow) throws
    init?(optionalRow row: SQLRow) throws
}

extension SQLRow: SQLFetchable {
    public init(row: SQLRow) { self = row }
    public init?(optionalRow row: SQLRow) { self = row }
}

extension SQLFetchable where Self: SQLColumn {
    public init(row: SQLRow) throws {
        guard let value = row.first(Self.self) else { throw SQLError("the first column is not \(Self.self)") }
        self = value
    }

    public init?(optionalRow row: SQLRow) throws {
        if row.values.first == .null { return nil }
        try self.init(row: row)
    }
}

extension String: SQLFetchable {}
extension Int: SQLFetchable {}
extension Int64: SQLFetchable {}
extension Bool: SQLFetchable {}
extension Double: SQLFetchable {}
extension Data: SQLFetchable {}

/// A failure of the SQL layer itself, or a database's error message.
public struct SQLError: Error, CustomStringConvertible {
    public var description: String
    /// PostgreSQL's SQLSTATE, when it came from there.
    public var state: String?
    public init(_ description: String, state: String? = nil) {
        self.description = description
        self.state = state
    }
}
