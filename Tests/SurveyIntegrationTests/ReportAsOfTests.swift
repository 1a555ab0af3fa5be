import Foundation
import GRDB
import SurveyCore
import Testing

/// `survey report --as-of DATE`: every figure as it stood at the end of that day.
@Suite(.serialized)
struct ReportAsOfTests {
    /// A row entered, then handed over and worked on: its history is moved into the past (the test
    /// cannot wait for days), and the report read as of a day before the row, between its entry and
    /// its 交办, and after.
    @Test(.sqliteFile) func aReportAsOfADayShowsWhatStoodThen() throws {
        // Working days are Monday to Friday around today, so that a count of working days is known.
        let year = Int(Day.string(Date()).prefix(4))!
        let holidays = FileManager.default.temporaryDirectory.appendingPathComponent("survey-asof-\(UUID().uuidString).yaml").path
        try ("years:\n" + (year - 1...year + 1).map { "  - year: \($0)\n    source: 测试\n    holidays: []\n    workdays: []\n" }.joined())
            .write(toFile: holidays, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: holidays) }
        let server = try ServerProcess(demoRoster: 0, sampleData: true, arguments: ["--holidays", holidays])
        let added = try server.cli("rectify", "add", "--source", "自查发现", "--text", "涉企检查计划未公开", "--item", "R16")
        #expect(added.output.contains("已登记为第 42 项"), "\(added.output)")
        #expect(try server.cli("rectify", "assign", "42", "--unit", "区市场监管局", "--measure", "公开检查计划", "--deadline", "2099-06-30").status == 0)
        #expect(try server.cli("rectify", "progress", "42", "--note", "已公开年度计划").status == 0)
        // A case, due in 10 working days from when it was raised, handed over with 5 working days.
        #expect(try server.cli("rectify", "verify", "20", "--result", "属实", "--note", "核实属实").status == 0)
        #expect(try server.cli("rectify", "assign", "20", "--unit", "区市场监管局", "--measure", "退费", "--deadline", "5工作日").status == 0)
        server.stop()
        // Entered on 5 January 2025, handed over and worked on 1 March 2025.
        let database = try DatabaseQueue(path: server.dataDirectory + "/survey.sqlite")
        try database.write { db in
            try db.execute(
                sql: """
                    UPDATE rectification_items SET created_at = '2025-01-05T02:00:00.000Z', assigned_on = '2025-03-01',
                        notes = '["2025-03-01：已公开年度计划"]' WHERE number = 42;
                    UPDATE rectification_items SET created_at = '2025-01-05T02:00:00.000Z', assigned_on = '2025-03-01', notes = '[]'
                    WHERE number = 20
                    """)
            try db.execute(
                sql: """
                    UPDATE rectification_changes SET at = '2025-03-01T02:00:00.000Z'
                    WHERE key IN (SELECT key FROM rectification_items WHERE number IN (20, 42))
                    """)
        }
        try database.close()
        try server.start()
        func report(_ day: String) throws -> String {
            let result = try server.cli("report", "--format", "md", "--as-of", day)
            #expect(result.status == 0, "\(result.error)")
            return result.output
        }
        let before = try report("2025-01-04")
        #expect(before.contains("截至2025年1月4日，整改台账列入问题0项"), "no row yet, no answer")
        #expect(before.contains("收回有效问卷0份") && before.contains("2025年1月4日\n"), "the 成文日期 is the as-of day")
        let entered = try report("2025-02-01")
        #expect(entered.contains("截至2025年2月1日，整改台账列入问题1项") && entered.contains("待交办1项。"), "\(entered)")
        let row = try #require(entered.split(separator: "\n").first { $0.hasPrefix("| 42 | 自查发现（") })
        // The case's 时限 as it stood: its own, with the working days it gave then, not the later 5.
        let case20 = try #require(entered.split(separator: "\n").first { $0.hasPrefix("| 20 | 个案线索") })
        #expect(case20.contains("（10个工作日）") && !case20.contains("（5个工作日）") && !case20.contains("区市场监管局"), "\(case20)")
        #expect(row.hasSuffix("| 待交办 |") && !row.contains("区市场监管局") && !row.contains("已公开年度计划"), "\(row)")
        let worked = try report("2025-03-02")
        #expect(worked.contains("截至2025年3月2日，整改台账列入问题2项") && worked.contains("整改中1项，已交办1项"), "\(worked)")
        let workedRow = try #require(worked.split(separator: "\n").first { $0.hasPrefix("| 42 | 自查发现（") })
        #expect(workedRow.hasSuffix("| 整改中 |") && workedRow.contains("区市场监管局") && workedRow.contains("已公开年度计划"), "\(workedRow)")
        // Today's report holds everything.
        let today = try server.cli("report", "--format", "md").output
        #expect(today.contains("整改台账列入问题16项"), "14 concentrated problems, the self-found one and the case found true")
        let future = try server.cli("report", "--as-of", "2999-01-01")
        #expect(future.status != 0 && future.error.contains("晚于今天"))
    }
}
