import Foundation
import SurveyCore
import Testing

/// The report of the fixed sample dataset (277 supervisors, 19 items, about 15 problem areas), in
/// every text format, compared with files checked in under `Golden/`. Run with
/// `UPDATE_GOLDEN=1 swift test --filter ReportGoldenTests` to rewrite them after an intended change.
@Suite struct ReportGoldenTests {
    static let now = Date(timeIntervalSince1970: 1_677_628_800)  // 2023-03-01 08:00 Beijing
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func data() -> ReportData {
        let rows = Register.build(tally: RegisterTests.tally(), stored: [], reviewItems: RegisterTests.items, threshold: .standard,
                                  calendar: try! WorkCalendarTests.shipped())
        let worked = SampleDataset.staffProgress(on: rows, reviewItems: RegisterTests.items, at: now)
        return ReportData.make(tally: RegisterTests.tally(), rows: worked, reviewItems: RegisterTests.items,
                               respondents: 277, rosterSize: 277, at: now)
    }

    func compare(_ text: String, with name: String) throws {
        let file = Self.folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] != nil {
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        // Bytes, not String: reading a String would drop the CSV's BOM.
        let golden = try Data(contentsOf: file)
        #expect(Data(text.utf8) == golden, "\(name) differs from its golden file")
    }

    @Test func csvMatchesGolden() throws {
        let csv = ReportRenderer.csv(Self.data(), at: Self.now)
        #expect(csv.hasPrefix("\u{FEFF}序号,问题来源,问题描述,自查项,反映人数,占比,典型意见,整改类别,牵头单位,配合单位,责任人,整改措施"))
        try compare(csv, with: "report.csv")
    }

    @Test func markdownMatchesGolden() throws {
        try compare(ReportRenderer.markdown(Self.data(), at: Self.now), with: "report.md")
    }

    @Test func htmlMatchesGoldenAndEscapes() throws {
        let html = ReportRenderer.html(Self.data(), at: Self.now)
        #expect(html.contains("@page { size: A4"))
        #expect(!html.contains("http://") && !html.contains("https://"), "no external resources")
        try compare(html, with: "report.html")
        var data = Self.data()
        data.rows[0].comments = ["<script>alert(1)</script>"]
        #expect(ReportRenderer.html(data, at: Self.now).contains("&lt;script&gt;"))
    }

    @Test func theReportCoversAllNineteenItemsAndTheWorkflowStates() {
        let data = Self.data()
        #expect(data.sections.count == 19)
        let cases = data.rows.filter { $0.kind == .caseLead }
        #expect((10...18).contains(data.rows.count - cases.count))
        #expect(cases.count == 14, "9 fee reports and 5 unanswered major problems")
        let statuses = Set(data.rows.map(\.status))
        #expect(statuses == [.signedOff, .rectified, .inProgress, .assigned, .identified])
        // One assigned row past its deadline, and every case: raised in November 2022, due in 10
        // working days, untouched by 2023-03-01.
        #expect(data.rows.filter { $0.isOverdue(at: Self.now) }.count == 1 + cases.count)
        #expect(data.indicators.first?.answered == 277)
        #expect(ReportRenderer.markdown(data, at: Self.now).contains("满意率"))
        #expect(data.sections.contains { data.conclusion($0, at: Self.now).contains("未反映") })
    }
}
