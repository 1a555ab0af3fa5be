import Foundation
import GRDB
import SurveyCore
import SurveyFiles
import Testing

@testable import SurveyStore

/// The store checks what it is given and what it reads: the schema refuses values the program
/// cannot read, and a value that got in anyway (written by hand, say) is reported, not defaulted.
@Suite struct StrictStoreTests {
    static func database() throws -> (SurveyDatabase, String) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("survey-strict-\(UUID().uuidString).sqlite").path
        let database = try SurveyDatabase(path: path)
        try database.addSupervisors([(Supervisor(id: "S001", name: "张三", category: .privateEnterprise), "hash")], at: Date())
        try database.addRectificationRows([RectificationRow(number: 1, key: FindingKey(item: "R10", problem: "排队时间长"), itemTitle: "窗口服务")], at: Date())
        return (database, path)
    }

    @Test(arguments: [
        "UPDATE rectification_items SET status = 'done'",
        "UPDATE rectification_items SET notes = 'not json'",
        "UPDATE rectification_items SET number = 0",
        "UPDATE supervisors SET category = ''",
        "INSERT INTO surveys (id, state, audience) VALUES ('x', 'open', '{broken')",
    ])
    func theSchemaRefusesWhatTheProgramCannotRead(_ statement: String) throws {
        let (database, _) = try Self.database()
        let error = try #require(throws: (any Error).self) { try database.store.write { try $0.execute(sql: statement) } }
        #expect("\(error)".lowercased().contains("check constraint"), "\(error)")
    }

    @Test func aValueThatGotInAnywayIsReportedByItsColumn() throws {
        let (database, _) = try Self.database()
        let sqlite = try #require(database.store as? SQLiteStore)
        try sqlite.pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA ignore_check_constraints = ON")
            try db.execute(sql: "UPDATE rectification_items SET status = 'done'")
            try db.execute(sql: "PRAGMA ignore_check_constraints = OFF")
        }
        #expect {
            _ = try database.rectificationRows()
        } throws: { error in
            (error as? StoreError)?.description.contains("rectification_items.status") == true
        }
    }
}

/// The approved comments the register quotes are read from the moderation table, and from the
/// answers only for surveys that approve comments by default: the same set as listing every comment.
@Suite struct ApprovedCommentTests {
    @Test func theQuickReadingEqualsTheFullListing() throws {
        let (database, _) = try StrictStoreTests.database()
        try database.addSupervisors((2...6).map { (Supervisor(id: "S00\($0)", name: "监督员\($0)", category: .community), "hash\($0)") }, at: Date())
        for (id, automatic) in [("moderated", false), ("open-wall", true)] {
            let yaml = """
                id: \(id)
                title: 测试
                auto_approve_comments: \(automatic)
                questions:
                  - id: remark
                    type: text
                    title: 意见
                    required: false
                """
            _ = try database.launch(try SurveyLoader.load(yaml: Array(yaml.utf8), file: "\(id).yaml").survey, actor: "test", at: Date())
        }
        let records = ["moderated", "open-wall"].flatMap { survey in
            (1...6).map { index in
                SubmissionRecord(
                    id: "\(survey)-\(index)", supervisorID: "S00\(index)", survey: survey, version: 1,
                    answersJSON: index == 6 ? "{}" : #"{"remark":"意见\#(index)"}"#, receivedAt: Date())
            }
        }
        #expect(database.write(records.map(WriteItem.submission), at: Date()).failed.isEmpty)
        let all = try database.comments()
        _ = try database.moderate(all.filter { $0.id.hasSuffix("-1:remark") || $0.id.hasSuffix("-2:remark") }, approve: true, actor: "t", at: Date())
        _ = try database.moderate(all.filter { $0.id.hasSuffix("-3:remark") }, approve: false, actor: "t", at: Date())
        let listed = Set(try database.comments().filter { $0.state == "approved" }.map(\.id))
        #expect(try database.approvedCommentIDs() == listed)
        #expect(listed.count == 2 + 4, "two approved by staff, and the open wall's five but the rejected one")
    }
}
