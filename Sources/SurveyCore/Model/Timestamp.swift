import Foundation

/// The protocol's time format: ISO 8601 in UTC with milliseconds, e.g. `2026-11-29T10:30:00.123Z`.
public enum Timestamp {
    /// Rounds to the nearest millisecond, so that a time read back from its text formats to the
    /// same text (the parsed double may fall a hair below the millisecond it names).
    ///
    /// Formats with plain arithmetic (days to a civil date, after Howard Hinnant's `civil_from_days`):
    /// the server stamps every delivery event and ack, and a format style costs microseconds each.
    public static func string(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.toNearestOrAwayFromZero))
        let (days, dayMilliseconds) = milliseconds.quotientAndRemainder(dividingBy: 86_400_000)
        let (day, millisecond) = dayMilliseconds < 0 ? (days - 1, dayMilliseconds + 86_400_000) : (days, dayMilliseconds)
        let shifted = day + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let dayOfMonth = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        var text = ""
        text.reserveCapacity(24)
        func append(_ value: Int64, width: Int) {
            let digits = String(value)
            text += String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        append(year, width: 4)
        text += "-"
        append(month, width: 2)
        text += "-"
        append(dayOfMonth, width: 2)
        text += "T"
        append(millisecond / 3_600_000, width: 2)
        text += ":"
        append(millisecond / 60_000 % 60, width: 2)
        text += ":"
        append(millisecond / 1000 % 60, width: 2)
        text += "."
        append(millisecond % 1000, width: 3)
        return text + "Z"
    }

    /// Parses ISO 8601, with or without fractional seconds.
    public static func date(_ string: String) -> Date? {
        (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt).parse(string))
            ?? (try? Date.ISO8601FormatStyle(timeZone: .gmt).parse(string))
    }
}
