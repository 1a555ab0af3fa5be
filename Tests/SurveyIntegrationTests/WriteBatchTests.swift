import Foundation
import SurveyCore
import Testing

@testable import SurveyStore

/// The group commit's transaction on the store itself, SQLite or PostgreSQL as the pass runs: one
/// bad row fails alone, and an answer already stored under its id is acknowledged again, once.
@Suite struct WriteBatchTests {
    /// A database with two supervisors and the follow-up survey launched.
    static func database() throws -> (SurveyDatabase, cleanup: () -> Void) {
        let database: SurveyDatabase
        let cleanup: () -> Void
        if let cluster = testPostgresCluster {
            let url = try ServerProcess.freshDatabase(on: cluster)
            database = try SurveyDatabase(location: url)
            cleanup = {
                database.closeStore()
                ServerProcess.dropDatabase(url)
            }
        } else {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("survey-batch-\(UUID().uuidString).sqlite").path
            database = try SurveyDatabase(path: path)
            cleanup = { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        }
        try database.addSupervisors(
            [
                (Supervisor(id: "S001", name: "甲", category: .privateEnterprise), "h1"),
                (Supervisor(id: "S002", name: "乙", category: .community), "h2"),
            ], at: Date())
        let survey = Survey(id: "s", title: "问卷", questions: [Question(id: "q", type: .rating, title: "评分", required: true)])
        _ = try database.launch(survey, actor: "test", at: Date())
        return (database, cleanup)
    }

    static func record(_ id: String, _ supervisor: String, answers: String = #"{"q":4}"#) -> SubmissionRecord {
        SubmissionRecord(id: id, supervisorID: supervisor, survey: "s", version: 1, answersJSON: answers, receivedAt: Date())
    }

    @Test func aBadRowFailsAloneInItsBatch() throws {
        let (database, cleanup) = try Self.database()
        defer { cleanup() }
        let result = database.write(
            [.submission(Self.record("a", "S001")), .submission(Self.record("b", "S999")), .submission(Self.record("c", "S002"))], at: Date())
        #expect(result.committed.map(\.id) == ["a", "c"])
        #expect(result.failed == ["b"])
        #expect(try database.submissions().map(\.id).sorted() == ["a", "c"])
    }

    /// A delivery step that cannot be recorded (a supervisor the store does not know) fails alone:
    /// on PostgreSQL a failed statement aborts its transaction unless a savepoint undoes it, which
    /// lost every answer beside it, or, with deliveries only, every record in silence.
    @Test func aBadDeliveryFailsAloneInItsBatch() throws {
        let (database, cleanup) = try Self.database()
        defer { cleanup() }
        let now = Date()
        let pushes = ["S001", "S999", "S002"].map { WriteItem.delivery(DeliveryEvent(supervisorID: $0, survey: "s", version: 1, kind: .pushed, at: now)) }
        let result = database.write(pushes + [.submission(Self.record("a", "S001"))], at: now)
        #expect(result.committed.map(\.id) == ["a"] && result.failed.isEmpty, "\(result.failed)")
        let opened = ["S999", "S001"].map { WriteItem.delivery(DeliveryEvent(supervisorID: $0, survey: "s", version: 1, kind: .opened, at: now)) }
        _ = database.write(opened, at: now)
        let counts = try database.store.read { db in
            (
                try db.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM deliveries WHERE pushed_at IS NOT NULL") ?? 0,
                try db.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM deliveries WHERE opened_at IS NOT NULL") ?? 0
            )
        }
        #expect(counts.0 == 2 && counts.1 == 1, "pushed \(counts.0), opened \(counts.1)")
    }

    @Test func anAnswerAlreadyStoredIsAckedAgainButNotStoredTwice() throws {
        let (database, cleanup) = try Self.database()
        defer { cleanup() }
        #expect(database.write([.submission(Self.record("a", "S001"))], at: Date()).committed.map(\.id) == ["a"])
        // The same answer again (another node stored it first), beside a new one.
        let again = database.write([.submission(Self.record("a", "S001")), .submission(Self.record("b", "S002"))], at: Date())
        #expect(again.committed.map(\.id) == ["a", "b"] && again.failed.isEmpty)
        // The same id with other answers is refused and names why.
        let other = database.write([.submission(Self.record("a", "S001", answers: #"{"q":1}"#)), .submission(Self.record("x", "S001"))], at: Date())
        #expect(other.failed.sorted() == ["a", "x"], "x is a second answer of S001 to the same survey")
        #expect(try database.submissions().count == 2)
    }
}
