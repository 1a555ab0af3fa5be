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

    /// Working days after `start` up to and including `end` (0 when `end` is not after `start`).
    public func workingDays(from start: String, to end: String) -> Int {
        guard var date = Day.parse(start), let last = Day.parse(end) else { return 0 }
        var count = 0
        while date < last {
            date = Self.calendar.date(byAdding: .day, value: 1, to: date) ?? date.addingTimeInterval(86_400)
            if isWorkingDay(Day.string(date)) { count += 1 }
        }
        return count
    }

    /// The first working day on or after `day`.
    public func workingDay(onOrAfter day: String) -> String {
        isWorkingDay(day) ? day : adding(workingDays: 1, to: day)
    }

    /// A 时限 as staff give it: a day (`2026-12-31`), which must be a working day, or a number of
    /// working days (`10工作日`, `10个工作日`) counted from `today` on the holiday calendar, which
    /// must hold every year the count crosses. Returns the day and the working days it gives (nil
    /// for a day in a year the calendar does not hold, whose holidays are not known).
    public func deadline(_ text: String, from today: String) -> Result<(day: String, workingDays: Int?), RectifyError> {
        let text = text.trimmingCharacters(in: .whitespaces)
        if let suffix = ["个工作日", "工作日"].first(where: text.hasSuffix) {
            let digits = text.dropLast(suffix.count)
            guard let count = Int(digits), (1...250).contains(count) else {
                return .failure(RectifyError("时限“\(text.prefix(32))”无效：工作日数应为 1 到 250 的整数，如 10工作日"))
            }
            let day = adding(workingDays: count, to: today)
            let (first, last) = (Int(today.prefix(4)) ?? 0, Int(day.prefix(4)) ?? 0)
            if let missing = (first...max(first, last)).first(where: { !covers(year: $0) }) {
                return .failure(
                    RectifyError("节假日安排未收录 \(missing) 年，无法按工作日计算“\(text)”：请在节假日文件中补充该年安排（survey check 检查），或直接给出日期"))
            }
            return .success((day, count))
        }
        guard Day.parse(text) != nil else {
            return .failure(RectifyError("时限“\(text.prefix(32))”无效，应为 2026-12-31 这样的日期，或 10工作日 这样的工作日数"))
        }
        guard isWorkingDay(text) else {
            return .failure(RectifyError("时限 \(text) 不是工作日，下一个工作日是 \(workingDay(onOrAfter: text))"))
        }
        let (first, last) = (Int(today.prefix(4)) ?? 0, Int(text.prefix(4)) ?? 0)
        let known = first <= last && (first...last).allSatisfy { covers(year: $0) }
        return .success((text, known ? workingDays(from: today, to: text) : nil))
    }

    /// The Gregorian calendar in Beijing time, in which every 整改 day is counted.
    public static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Day.zone
        return calendar
    }()
}
