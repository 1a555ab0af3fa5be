import Foundation

/// Working days (工作日) in mainland China: Monday to Friday, less the public holidays, plus the
/// weekend days moved to work (调休), per the State Council's yearly notice. Deadlines of cases are
/// counted in these days. Years the calendar does not hold count Monday to Friday only.
public struct WorkCalendar: Sendable, Equatable {
    /// One year's notice: its days off and its moved working days, as `yyyy-MM-dd`.
    public struct Year: Sendable, Equatable {
        public var source: String
        public var holidays: Set<String>
        public var workdays: Set<String>

        public init(source: String, holidays: Set<String>, workdays: Set<String>) {
            self.source = source
            self.holidays = holidays
            self.workdays = workdays
        }
    }

    public var years: [Int: Year]

    public init(years: [Int: Year] = [:]) {
        self.years = years
    }

    /// Whether the notice for `year` is in the calendar.
    public func covers(year: Int) -> Bool { years[year] != nil }

    /// Whether `day` (`yyyy-MM-dd`, a real day) is a working day.
    public func isWorkingDay(_ day: String) -> Bool {
        guard let date = Day.parse(day) else { return false }
        let year = Int(day.prefix(4)) ?? 0
        if let notice = years[year] {
            if notice.workdays.contains(day) { return true }
            if notice.holidays.contains(day) { return false }
        }
        let weekday = Self.calendar.component(.weekday, from: date)
        return weekday != 1 && weekday != 7
    }

    /// The `count`-th working day after `day` (the day itself does not count), as `yyyy-MM-dd`.
    public func adding(workingDays count: Int, to day: String) -> String {
        guard var date = Day.parse(day) else { return day }
        var left = count
        while left > 0 {
            date = Self.calendar.date(byAdding: .day, value: 1, to: date) ?? date.addingTimeInterval(86_400)
            if isWorkingDay(Day.string(date)) { left -= 1 }
        }
        return Day.string(date)
    }

    /// The Gregorian calendar in Beijing time, in which every 整改 day is counted.
    public static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Day.zone
        return calendar
    }()
}
