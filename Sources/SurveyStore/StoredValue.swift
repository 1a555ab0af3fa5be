import Foundation
import SurveyCore

/// Reading stored columns strictly: a value the program cannot read is corruption, named by its
/// column, never a silent default.
enum StoredValue {
    /// A JSON column as `T`.
    static func json<T: Decodable>(_ type: T.Type, _ text: String, column: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch {
            throw StoreError.corrupt(column)
        }
    }

    /// A timestamp column (ISO 8601).
    static func date(_ text: String, column: String) throws -> Date {
        guard let date = Timestamp.date(text) else { throw StoreError.corrupt(column) }
        return date
    }

    /// A text column holding one of an enumeration's raw values.
    static func named<T: RawRepresentable>(_ type: T.Type, _ raw: String, column: String) throws -> T where T.RawValue == String {
        guard let value = T(rawValue: raw) else { throw StoreError.corrupt(column) }
        return value
    }
}
