import Foundation
import SurveyCore
import SurveyFiles
import Testing

/// Working days from the shipped holiday calendar, and bad calendar files.
@Suite struct WorkCalendarTests {
    static func shipped() throws -> WorkCalendar {
        try HolidayCalendarLoader.load(yaml: ShippedSurveysTests.bytes("holidays.yaml"), file: "holidays.yaml")
    }

    @Test func theShippedCalendarKnowsHolidaysAndMovedWorkingDays() throws {
        let calendar = try Self.shipped()
        #expect((2022...2026).allSatisfy(calendar.covers))
        #expect(calendar.isWorkingDay("2022-10-08"), "a Saturday moved to work after National Day")
        #expect(!calendar.isWorkingDay("2022-10-03"), "a Monday in the National Day holiday")
        #expect(!calendar.isWorkingDay("2022-11-05"), "an ordinary Saturday")
        #expect(calendar.isWorkingDay("2026-02-28"), "a Saturday moved to work after the 2026 Spring Festival")
        #expect(!calendar.isWorkingDay("2026-02-23"))
    }

    /// A 时限 as staff give it: `N工作日` from the 交办 day on the calendar, or a working day.
    @Test func aDeadlineInWorkingDaysOrAsAWorkingDay() throws {
        let calendar = try Self.shipped()
        // The day before National Day 2022: 1–7 Oct are off, Sat 8 and Sun 9 Oct work.
        #expect(try calendar.deadline("5工作日", from: "2022-09-30").get() == ("2022-10-12", 5))
        #expect(try calendar.deadline("5个工作日", from: "2022-09-30").get() == ("2022-10-12", 5))
        #expect(try calendar.deadline("2022-10-08", from: "2022-09-30").get() == ("2022-10-08", 1), "a moved working day")
        let saturday = calendar.deadline("2022-10-15", from: "2022-09-30")
        #expect(saturday.failure?.message == "时限 2022-10-15 不是工作日，下一个工作日是 2022-10-17")
        #expect(calendar.deadline("2022-10-03", from: "2022-09-30").failure?.message == "时限 2022-10-03 不是工作日，下一个工作日是 2022-10-08")
        // A count that reaches a year the calendar does not hold is refused, naming the year.
        let only2022 = WorkCalendar(years: [2022: calendar.years[2022]!])
        #expect(only2022.deadline("10工作日", from: "2022-12-26").failure?.message.hasPrefix("节假日安排未收录 2023 年") == true)
        #expect(try only2022.deadline("3工作日", from: "2022-12-26").get() == ("2022-12-29", 3))
        // A day in a year it does not hold is taken, without a count it cannot know.
        #expect(try only2022.deadline("2023-01-09", from: "2022-12-26").get().workingDays == nil)
        for bad in ["0工作日", "十工作日", "2022-13-01", "明天", "251工作日"] {
            #expect(calendar.deadline(bad, from: "2022-09-30").failure?.message.contains("无效") == true, "\(bad)")
        }
    }

    @Test func deadlinesCountWorkingDaysOnly() throws {
        let calendar = try Self.shipped()
        #expect(calendar.adding(workingDays: 10, to: "2022-11-04") == "2022-11-18")
        // Across National Day 2022: Fri 30 Sep works, 1–7 Oct are off, Sat 8 and Sun 9 Oct work.
        #expect(calendar.adding(workingDays: 3, to: "2022-09-29") == "2022-10-09")
        // A year the calendar does not hold counts Monday to Friday.
        #expect(calendar.adding(workingDays: 5, to: "2030-01-04") == "2030-01-11")
    }

    @Test func aMalformedCalendarIsRefusedWithItsLine() {
        let yaml = """
            years:
              - year: 2022
                source: 通知
                holidays: [2022-02-30]
                workdays: [2022-10-08, 2023-01-28, 2022-10-01..2022-09-30]
            """
        #expect(throws: SurveyFileErrors.self) { try HolidayCalendarLoader.load(yaml: Array(yaml.utf8), file: "holidays.yaml") }
        do {
            _ = try HolidayCalendarLoader.load(yaml: Array(yaml.utf8), file: "holidays.yaml")
        } catch {
            let text = error.description
            #expect(text.contains("holidays.yaml:4:"), "\(text)")
            #expect(text.contains("2022-02-30"))
            #expect(text.contains("2023-01-28") && text.contains("不在 2022 年内"))
            #expect(text.contains("2022-10-01..2022-09-30"))
        }
    }
}

extension Result {
    /// The error, or nil on success.
    var failure: Failure? {
        if case .failure(let error) = self { error } else { nil }
    }
}
