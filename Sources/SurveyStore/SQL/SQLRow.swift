/// One result row: values by column name, read as the type the caller asks for.
public struct SQLRow: Sendable {
    let columns: [String]
    let values: [SQLValue]

    public init(columns: [String], values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    /// The raw value of column `name`, or nil when the row has no such column.
    public func value(_ name: String) -> SQLValue? {
        columns.firstIndex(of: name).map { values[$0] }
    }

    /// Column `name` as `T`. A missing column or a value of another type is a programming error
    /// (the schema's CHECK constraints keep stored values to their types), as in GRDB.
    public subscript<T: SQLColumn>(_ name: String) -> T {
        guard let value = value(name) else { fatalError("no column \(name) in the result") }
        guard let decoded = T.decode(value) else { fatalError("column \(name) holds \(value), not \(T.self)") }
        return decoded
    }

    /// The first column as `T`.
    func first<T: SQLColumn>(_ type: T.Type) -> T? {
        values.first.flatMap(T.decode)
    }
}
