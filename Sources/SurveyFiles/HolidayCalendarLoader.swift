import SurveyCore
import Yams

/// Reads `Surveys/holidays.yaml`: the public holidays and moved working days of each year.
public enum HolidayCalendarLoader {
    /// The file's name beside the surveys.
    public static let fileName = "holidays.yaml"

    /// Parses and checks the calendar. Errors carry file, line and column.
    public static func load(yaml bytes: [UInt8], file: String) throws(SurveyFileErrors) -> WorkCalendar {
        let reader = NodeReader(file: file)
        let calendar = reader.compose(bytes, limit: SurveyLoader.maxFileBytes).flatMap { reader.workCalendar($0) }
        return try reader.finish(calendar).0
    }
}

extension NodeReader {
    func workCalendar(_ root: Node) -> WorkCalendar? {
        guard let top = mapping(root, allowed: ["years"], what: "节假日文件"),
            let list = sequence(top["years"], in: root, key: "years")
        else { return nil }
        var years: [Int: WorkCalendar.Year] = [:]
        for node in list {
            guard let map = mapping(node, allowed: ["year", "source", "holidays", "workdays"], what: "年度安排"),
                let yearNumber = map["year"].flatMap({ number($0, key: "year") }),
                let year = Int(exactly: yearNumber), (2000...2100).contains(year)
            else {
                report(node, "每年的安排须有 year（如 2022）")
                continue
            }
            if years[year] != nil { report(map["year"], "\(year) 年的安排重复") }
            let source = text(map["source"], in: node, key: "source") ?? ""
            let holidays = days(map["holidays"], in: node, key: "holidays", year: year)
            let workdays = days(map["workdays"], in: node, key: "workdays", year: year)
            for day in holidays.intersection(workdays).sorted() { report(map["workdays"], "\(day) 既是假日又是调休上班日") }
            years[year] = WorkCalendar.Year(source: source, holidays: holidays, workdays: workdays)
        }
        return WorkCalendar(years: years)
    }

    /// A list of days (`2022-10-08`) and ranges (`2022-10-01..2022-10-07`) within `year`.
    private func days(_ node: Node?, in parent: Node, key: String, year: Int) -> Set<String> {
        guard let list = sequence(node, in: parent, key: key) else { return [] }
        var result: Set<String> = []
        for entry in list {
            guard let text = entry.scalar?.string else {
                report(entry, "\(key) 的每一项应为日期（2022-10-08）或日期范围（2022-10-01..2022-10-07）")
                continue
            }
            let ends = text.components(separatedBy: "..")
            guard (1...2).contains(ends.count), let first = Day.parse(ends[0]), let last = Day.parse(ends[ends.count - 1]), first <= last else {
                report(entry, "“\(text)”不是有效的日期或日期范围（应为 2022-10-08 或 2022-10-01..2022-10-07）")
                continue
            }
            guard ends.allSatisfy({ $0.hasPrefix("\(year)-") }) else {
                report(entry, "“\(text)”不在 \(year) 年内")
                continue
            }
            var date = first
            while date <= last {
                result.insert(Day.string(date))
                date = WorkCalendar.calendar.date(byAdding: .day, value: 1, to: date) ?? last.addingTimeInterval(1)
            }
        }
        return result
    }
}
