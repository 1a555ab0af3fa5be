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

    /// No sentence of the report contradicts its table: every item's count is the number of 台账
    /// rows naming it, the overview's totals are the table's, and no 典型意见 repeats or runs on.
    @Test func theTextAgreesWithTheTableAndCommentsAreClean() throws {
        let data = Self.data()
        let table = ReportRenderer.csv(data, at: Self.now).split(separator: "\r\n").dropFirst().map { line in
            line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        let itemColumn = try #require(ReportRenderer.columns.firstIndex(of: "自查项"))
        let statusColumn = try #require(ReportRenderer.columns.firstIndex(of: "整改状态"))
        for section in data.sections {
            let conclusion = data.conclusion(section, at: Self.now)
            let named = data.rows.filter { $0.items.contains(section.item.id) || $0.key.item == section.item.id }.count
            if named > 0 {
                #expect(conclusion.hasPrefix("发现问题 \(named) 个"), "\(section.item.id): \(conclusion)")
            }
            #expect(conclusion.filter { $0 == "：" }.isEmpty, "one colon per sentence: \(conclusion)")
        }
        let overview = ReportRenderer.overview(data, at: Self.now)
        #expect(overview.contains("查找出问题 \(data.rows.count) 个"))
        let signed = data.rows.filter { $0.status == .signedOff }.count
        #expect(overview.contains("已整改销号 \(signed) 个"))
        #expect(table.filter { $0.last?.hasPrefix("已销号") == true }.count == signed)
        #expect(table.allSatisfy { $0.count == ReportRenderer.columns.count } || itemColumn < statusColumn)
        for row in data.rows {
            #expect(Set(row.comments).count == row.comments.count, "row \(row.number) repeats a comment")
            #expect(row.comments.count <= 3)
            #expect(row.comments.allSatisfy { !$0.hasSuffix("。") && !$0.unicodeScalars.contains { $0.properties.generalCategory == .control } })
        }
        let markdown = ReportRenderer.markdown(data, at: Self.now)
        #expect(!markdown.contains("。；") && !markdown.contains("。。"))
    }

    @Test func typicalCommentsAreDistinctCleanAndRelevant() {
        let comments = ["a": "窗口排队时间较长。", "b": "窗口排队时间较长", "c": "好\u{1b}[31m", "d": String(repeating: "很长的抱怨", count: 40),
                        "e": "希望政策宣传更到位，企业知晓率能提高"]
        let picked = TypicalComments.pick(comments, problem: "惠企政策宣传不到位，企业知晓率不高")
        #expect(picked.first == "希望政策宣传更到位，企业知晓率能提高")
        #expect(picked.filter { $0 == "窗口排队时间较长" }.count == 1)
        #expect(picked.contains("好[31m") && !picked.contains { $0.contains("\u{1b}") })
        #expect(picked.count == 3 && !picked.contains { $0.hasPrefix("很长的抱怨") })
    }
}
