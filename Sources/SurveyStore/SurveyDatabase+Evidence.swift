import Foundation
import SurveyCore

extension SurveyDatabase {
    /// Every row's evidence files by row key, oldest first.
    static func evidenceFiles(_ db: any SQLConnection) throws -> [String: [EvidenceFile]] {
        var files: [String: [EvidenceFile]] = [:]
        for row in try db.fetchAll(SQLRow.self, sql: "SELECT * FROM evidence_files ORDER BY id") {
            guard let type = EvidenceType(rawValue: row["type"]) else { throw StoreError.corrupt("evidence_files.type") }
            files[row["row_key"], default: []].append(
                EvidenceFile(
                    sha256: row["sha256"], name: row["name"], size: row["size"], type: type, uploadedBy: row["uploaded_by"], at: row["at"]))
        }
        return files
    }

    /// Records an evidence file (its bytes are already in the evidence directory) on row `number`,
    /// with the change in the row's history. False when the row already has this very file.
    public func addEvidence(_ file: EvidenceFile, number: Int, at now: Date) throws -> Bool {
        try store.write { db in
            try announce(db, [.register])
            guard let key = try db.fetchOne(String.self, sql: "SELECT key FROM rectification_items WHERE number = ?", arguments: [number])
            else { return false }
            let added = try db.execute(
                sql: """
                    INSERT INTO evidence_files (row_key, sha256, name, size, type, uploaded_by, at) VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (row_key, sha256) DO NOTHING
                    """, arguments: [key, file.sha256, file.name, file.size, file.type.rawValue, file.uploadedBy, file.at])
            guard added > 0 else { return false }
            try db.execute(
                sql: "INSERT INTO rectification_changes (key, field, old_value, new_value, actor, at) VALUES (?, 'evidenceFile', NULL, ?, ?, ?)",
                arguments: [key, file.summary, file.uploadedBy, Timestamp.string(now)])
            try Self.audit(db, actor: file.uploadedBy, action: "evidence", detail: "第 \(number) 项 \(file.summary)", at: now)
            return true
        }
    }

    /// The stored file with this hash, if any row lists it.
    /// The distinct files whose SHA-256 starts with `prefix` (lower-case hex).
    public func evidenceFiles(withPrefix prefix: String) throws -> [EvidenceFile] {
        try store.read { db in
            var seen: Set<String> = []
            return try Self.evidenceFiles(db).values.joined().filter { $0.sha256.hasPrefix(prefix) && seen.insert($0.sha256).inserted }
        }
    }

    /// Keeps a file's bytes under its hash, once: where nodes share the store (`isShared`), evidence
    /// lives in the database rather than as files in one node's data directory.
    public func storeEvidenceBytes(_ bytes: [UInt8], sha256: String) throws {
        try store.write { db in
            try db.execute(
                sql: "INSERT INTO evidence_blobs (sha256, bytes) VALUES (?, ?) ON CONFLICT (sha256) DO NOTHING",
                arguments: [sha256, Data(bytes)])
        }
    }

    /// The bytes kept under this hash, if any.
    public func evidenceBytes(sha256: String) throws -> [UInt8]? {
        try store.read { db in try db.fetchOne(Data.self, sql: "SELECT bytes FROM evidence_blobs WHERE sha256 = ?", arguments: [sha256]) }
            .map(Array.init)
    }
}
