import Foundation

/// One value crossing the store's SQL layer, in the types both stores share.
public enum SQLValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

/// A Swift value that can be bound to a statement's `?`.
public protocol SQLBindable {
    var sqlValue: SQLValue { get }
}

/// A Swift value a result column can be read as. `decode` is nil when the column holds another type.
public protocol SQLColumn {
    static func decode(_ value: SQLValue) -> Self?
}

extension String: SQLBindable, SQLColumn {
    public var sqlValue: SQLValue { .text(self) }
    public static func decode(_ value: SQLValue) -> String? {
        if case .text(let text) = value { text } else { nil }
    }
}

extension Int: SQLBindable, SQLColumn {
    public var sqlValue: SQLValue { .integer(Int64(self)) }
    public static func decode(_ value: SQLValue) -> Int? {
        if case .integer(let number) = value { Int(number) } else { nil }
    }
}

extension Int64: SQLBindable, SQLColumn {
    public var sqlValue: SQLValue { .integer(self) }
    public static func decode(_ value: SQLValue) -> Int64? {
        if case .integer(let number) = value { number } else { nil }
    }
}

extension Double: SQLBindable, SQLColumn {
    public var sqlValue: SQLValue { .real(self) }
    public static func decode(_ value: SQLValue) -> Double? {
        switch value {
        case .real(let number): number
        case .integer(let number): Double(number)
        default: nil
        }
    }
}

extension Data: SQLBindable, SQLColumn {
    public var sqlValue: SQLValue { .blob(Array(self)) }
    public static func decode(_ value: SQLValue) -> Data? {
        if case .blob(let bytes) = value { Data(bytes) } else { nil }
    }
}

/// Stored as 0 or 1, as SQLite does; PostgreSQL's booleans arrive as 0 or 1 too.
extension Bool: SQLBindable, SQLColumn {
    public var sqlValue: SQLValue { .integer(self ? 1 : 0) }
    public static func decode(_ value: SQLValue) -> Bool? {
        if case .integer(let number) = value { number != 0 } else { nil }
    }
}

extension Optional: SQLBindable where Wrapped: SQLBindable {
    public var sqlValue: SQLValue { self?.sqlValue ?? .null }
}

extension Optional: SQLColumn where Wrapped: SQLColumn {
    public static func decode(_ value: SQLValue) -> Wrapped?? {
        if case .null = value { return .some(nil) }
        return Wrapped.decode(value).map { .some($0) }
    }
}
