import Foundation
import GRDB
import SurveyCore
import Testing

@testable import SurveyStore

/// A database written before case leads existed (migrations up to v5) opens with every row,
/// history entry and token kept.
@Suite struct MigrationTests {
    @Test func aV5DatabaseMigratesWithItsRowsHistoryAndTokens() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("survey-v5-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let old = try DatabaseQueue(path: path)
        try SQLiteStore.migrator.migrate(old, upTo: "v5-projector-comments")
        try old.write { db in
            try db.execute(
                sql: """
                    INSERT INTO admin_tokens (token_hash, created_at) VALUES ('abc', '2026-01-01T00:00:00.000Z');
                    INSERT INTO rectification_items (key, number, item_id, problem, item_title, status, unit, measure, deadline, notes,
                        created_at, updated_at)
                    VALUES ('R10｜窗口排队时间长', 1, 'R10', '窗口排队时间长', '政务服务中心窗口服务', 'assigned', '区政务服务办', '增开窗口',
                        '2026-12-31', '["已增开 2 个窗口"]', '2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z');
                    INSERT INTO rectification_changes (key, field, old_value, new_value, actor, at)
                    VALUES ('R10｜窗口排队时间长', 'status', 'identified', 'assigned', '张三', '2026-01-02T00:00:00.000Z');
                    """)
        }
        try old.close()
        let database = try SurveyDatabase(path: path)
        let rows = try database.rectificationRows()
        #expect(rows.count == 1)
        let row = try #require(rows.first)
        #expect(row.key == FindingKey(item: "R10", problem: "窗口排队时间长") && row.kind == .concentrated)
        #expect(row.unit == "区政务服务办" && row.measure == "增开窗口" && row.deadline == "2026-12-31" && row.status == .assigned)
        #expect(row.notes == ["已增开 2 个窗口"])
        #expect(try database.rectificationHistory(number: 1).map(\.actor) == ["张三"])
        #expect(try database.adminTokenHashes() == ["abc"])
    }

    /// A database of the previous release (up to v7, named staff) keeps its rows, staff and tokens;
    /// a legacy single measure becomes the row's first measure with the row's deadline.
    @Test func aV7DatabaseMigratesWithItsStaffAndMeasures() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("survey-v7-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let old = try DatabaseQueue(path: path)
        try SQLiteStore.migrator.migrate(old, upTo: "v7-staff")
        try old.write { db in
            try db.execute(
                sql: """
                    INSERT INTO staff (name, role, token_hash, created_at) VALUES ('王科长', 'leader', 'h1', '2026-01-01T00:00:00.000Z');
                    INSERT INTO rectification_items (key, number, item_id, problem, item_title, status, unit, measure, deadline, notes,
                        evidence, kind, created_at, updated_at)
                    VALUES ('R08｜乱收费｜S001', 1, 'R08', '乱收费', '涉企收费', 'rectified', '区市场监管局', '退还收费', '2026-12-31', '[]',
                        '退费凭证', 'case', '2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z');
                    INSERT INTO rectification_changes (key, field, old_value, new_value, actor, at)
                    VALUES ('R08｜乱收费｜S001', 'status', 'in_progress', 'rectified', '李干事', '2026-01-02T00:00:00.000Z');
                    """)
        }
        try old.close()
        let database = try SurveyDatabase(path: path)
        let row = try #require(try database.rectificationRows().first)
        #expect(row.measures == [Measure(text: "退还收费", deadline: "2026-12-31")] && row.evidence == "退费凭证" && row.kind == .caseLead)
        #expect(row.evidenceFiles.isEmpty && row.followUp == nil && row.partners.isEmpty && row.category == nil)
        #expect(try database.staffByTokenHash()["h1"] == StaffMember(name: "王科长", role: .leader))
        #expect(try database.rectification(number: 1)?.actor == "李干事")
        #expect(try database.units().isEmpty && database.pendingFollowUps().isEmpty)
    }
}
