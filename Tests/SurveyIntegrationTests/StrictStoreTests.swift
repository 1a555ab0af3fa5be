import Foundation
import GRDB
import SurveyCore
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
        #expect(throws: DatabaseError.self) { try database.pool.write { try $0.execute(sql: statement) } }
    }

    @Test func aValueThatGotInAnywayIsReportedByItsColumn() throws {
        let (database, _) = try Self.database()
        try database.pool.writeWithoutTransaction { db in
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
