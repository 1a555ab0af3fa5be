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
