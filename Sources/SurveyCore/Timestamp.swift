import Foundation

/// The protocol's time format: ISO 8601 in UTC with milliseconds, e.g. `2026-11-29T10:30:00.123Z`.
public enum Timestamp {
    public static func string(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
    }

    /// Parses ISO 8601, with or without fractional seconds.
    public static func date(_ string: String) -> Date? {
        (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt).parse(string))
            ?? (try? Date.ISO8601FormatStyle(timeZone: .gmt).parse(string))
    }
}
