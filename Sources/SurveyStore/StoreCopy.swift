import Foundation

/// Moves a district from its SQLite file to PostgreSQL: every table, row for row, in one write
/// transaction on the target, and the evidence files into the database so that every node serves
/// them. The target must be empty; the source is only read.
public enum StoreCopy {
    /// The tables in an order that keeps every foreign key satisfied, with whether their `id` is an
    /// identity column whose counter must follow the copied rows.
    static let tables: [(name: String, identity: Bool)] = [
        ("supervisors", false), ("surveys", false), ("survey_versions", false), ("deliveries", false), ("submissions", false),
        ("admin_tokens", false), ("audit_log", true), ("rectification_items", false), ("rectification_changes", true),
        ("projector_tokens", false), ("comment_moderation", false), ("staff", false), ("units", false), ("evidence_files", true),
        ("followups", false), ("selfchecks", false), ("sms_log", true), ("evidence_blobs", false),
    ]

    /// Copies everything from `source` (SQLite) to `target` (PostgreSQL); evidence files are read
    /// from `evidenceDirectory`. Returns the rows copied per table, in copy order.
    public static func copy(from source: SurveyDatabase, to target: SurveyDatabase, evidenceDirectory: String) throws -> [(table: String, rows: Int)] {
        guard target.store is PostgresStore, source.store is SQLiteStore else { throw StoreCopyError.direction }
        let occupied = try target.store.read { db in
            try tables.filter { try db.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM \($0.name)") ?? 0 > 0 }.map(\.name)
        }
        guard occupied.isEmpty else { throw StoreCopyError.targetNotEmpty(occupied) }
        let snapshot = try source.store.read { db in
            try tables.map { table in (table, try db.rows(sql: "SELECT * FROM \(table.name)", arguments: [])) }
        }
        let files = try source.store.read { db in try db.fetchAll(String.self, sql: "SELECT DISTINCT sha256 FROM evidence_files") }
        return try target.store.write { db in
            var counts: [(table: String, rows: Int)] = []
            for ((table, identity), rows) in snapshot {
                for row in rows {
                    let marks = Array(repeating: "?", count: row.columns.count).joined(separator: ", ")
                    try db.execute(
                        sql: "INSERT INTO \(table) (\(row.columns.joined(separator: ", "))) VALUES (\(marks))", arguments: row.values.map(StoredArgument.init))
                }
                if identity {
                    try db.execute(sql: "SELECT setval(pg_get_serial_sequence('\(table)', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM \(table)), false)")
                }
                counts.append((table, rows.count))
            }
            var moved = 0
            for sha in files {
                guard let bytes = FileManager.default.contents(atPath: evidenceDirectory + "/" + sha) else { throw StoreCopyError.missingEvidence(sha) }
                moved += try db.execute(
                    sql: "INSERT INTO evidence_blobs (sha256, bytes) VALUES (?, ?) ON CONFLICT (sha256) DO NOTHING", arguments: [sha, bytes])
            }
            counts.append(("evidence files", moved))
            try target.announce(db, Set(StoreChange.allCases))
            return counts
        }
    }
}

/// A value read from one store, bound as it is in the other.
struct StoredArgument: SQLBindable {
    let sqlValue: SQLValue
    init(_ value: SQLValue) { sqlValue = value }
}

/// Why a copy was refused.
public enum StoreCopyError: Error, CustomStringConvertible {
    case direction
    case targetNotEmpty([String])
    case missingEvidence(String)

    public var description: String {
        switch self {
        case .direction: "只能把 SQLite 数据库复制到 PostgreSQL"
        case .targetNotEmpty(let tables):
            "目标区已有数据（\(tables.joined(separator: "、"))），不会覆盖：请复制到一个新的区；若该区只是试启动过节点、数据可以舍弃，先停止其节点并删除它（DROP SCHEMA district_区名 CASCADE）"
        case .missingEvidence(let sha): "数据目录中缺少佐证材料文件 evidence/\(sha)，未复制任何数据"
        }
    }
}
