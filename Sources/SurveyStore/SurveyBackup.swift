import Foundation
import GRDB
import SurveyCore

/// Online backups of the database file, and their checks. A backup reads one consistent snapshot
/// (WAL lets it run beside the live server's writer) and writes it with `VACUUM INTO`.
public enum SurveyBackup {
    /// What a backup or restore carried besides the database's rows.
    public struct EvidenceCount: Sendable, Equatable {
        /// 佐证材料 files carried.
        public var files: Int
        /// Files the database names that were not on disk (their SHA-256).
        public var missing: [String]
        /// Files whose content no longer matches their SHA-256: damaged on disk, left out.
        public var damaged: [String] = []
    }

    /// Copies the database at `source` into a new file `destination`, consistently, while it may be
    /// in use, and puts the evidence files of `evidenceDirectory` inside the copy (`evidence_blobs`),
    /// so that one file holds the office's whole record.
    @discardableResult
    public static func backup(from source: String, to destination: String, evidenceDirectory: String) throws -> EvidenceCount {
        try backup(from: source, to: destination)
        do {
            let queue = try DatabaseQueue(path: destination)
            defer { try? queue.close() }
            return try queue.write { db in
                var count = EvidenceCount(files: 0, missing: [])
                for sha in try String.fetchAll(db, sql: "SELECT DISTINCT sha256 FROM evidence_files ORDER BY sha256") {
                    guard let bytes = FileManager.default.contents(atPath: evidenceDirectory + "/" + sha) else {
                        count.missing.append(sha)
                        continue
                    }
                    guard TokenHasher.sha256Hex(bytes) == sha else {
                        count.damaged.append(sha)
                        continue
                    }
                    try db.execute(sql: "INSERT OR IGNORE INTO evidence_blobs (sha256, bytes) VALUES (?, ?)", arguments: [sha, bytes])
                    count.files += 1
                }
                return count
            }
        } catch {
            try? FileManager.default.removeItem(atPath: destination)
            throw error is DatabaseError ? BackupError("无法把佐证材料写入备份 \(destination)：\(StoreError.explain(error))") : error
        }
    }

    /// Moves the evidence files a backup carried out of the restored database at `path` into
    /// `evidenceDirectory` (owner-only), where the server serves them from. Files whose bytes do not
    /// match their SHA-256 are left out and named in `damaged`; `missing` names the other files the
    /// rows list that are not there afterwards (the backup did not carry them).
    public static func extractEvidence(from path: String, to evidenceDirectory: String) throws -> EvidenceCount {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.write { db in
            var count = EvidenceCount(files: 0, missing: [])
            let blobs = try Row.fetchAll(db, sql: "SELECT sha256, bytes FROM evidence_blobs")
            if !blobs.isEmpty {
                try FileManager.default.createDirectory(
                    atPath: evidenceDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            }
            for blob in blobs {
                let sha: String = blob["sha256"]
                let bytes: Data = blob["bytes"]
                guard TokenHasher.sha256Hex(bytes) == sha else {
                    // A damaged copy in the backup matters only when the directory lacks a sound one.
                    if !isSound(sha, in: evidenceDirectory) { count.damaged.append(sha) }
                    continue
                }
                guard FileManager.default.createFile(atPath: evidenceDirectory + "/" + sha, contents: bytes, attributes: [.posixPermissions: 0o600]) else {
                    throw BackupError("无法写入佐证材料 \(evidenceDirectory)/\(sha)")
                }
                count.files += 1
            }
            try db.execute(sql: "DELETE FROM evidence_blobs")
            count.missing = try String.fetchAll(db, sql: "SELECT DISTINCT sha256 FROM evidence_files ORDER BY sha256").filter {
                !count.damaged.contains($0) && !isSound($0, in: evidenceDirectory)
            }
            return count
        }
    }

    /// Whether `evidenceDirectory` holds the file `sha` with the bytes that hash to it.
    static func isSound(_ sha: String, in evidenceDirectory: String) -> Bool {
        guard let bytes = FileManager.default.contents(atPath: evidenceDirectory + "/" + sha) else { return false }
        return TokenHasher.sha256Hex(bytes) == sha
    }

    /// Copies the database at `source` into a new file `destination`, consistently, while it may be in use.
    static func backup(from source: String, to destination: String) throws {
        guard !FileManager.default.fileExists(atPath: destination) else { throw BackupError("目标文件 \(destination) 已存在，不会覆盖") }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: source, configuration: configuration)
        } catch let error as DatabaseError {
            throw StoreError.cannotOpen(path: source, reason: StoreError.explain(error))
        }
        // Owner-only from the first byte, like the database: VACUUM INTO fills an empty file as it finds it.
        guard FileManager.default.createFile(atPath: destination, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw BackupError("无法创建 \(destination)（目录不存在或无权限）")
        }
        do {
            try queue.inDatabase { db in try db.execute(sql: "VACUUM INTO ?", arguments: [destination]) }
        } catch {
            try? FileManager.default.removeItem(atPath: destination)
            throw error is DatabaseError ? StoreError.cannotOpen(path: source, reason: StoreError.explain(error)) : error
        }
        try queue.close()
    }

    /// Checks that `path` is a sound database of this product; returns its number of submissions.
    public static func verify(_ path: String) throws -> Int {
        var configuration = Configuration()
        configuration.readonly = true
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw BackupError("\(path) 不是可读取的 SQLite 数据库")
        }
        return try queue.read { db in
            guard try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok" else { throw BackupError("\(path) 未通过完整性检查") }
            guard try db.tableExists("submissions"), try db.tableExists("grdb_migrations") else {
                throw BackupError("\(path) 不是本系统的数据库")
            }
            try checkSchema(db, path: path)
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM submissions") ?? 0
        }
    }

    /// Refuses a backup whose schema is not exactly the one this version's migrations make, up to the
    /// migration it was taken at: an unknown migration, or any table, index, trigger or view added,
    /// missing or defined otherwise (CHECK constraints included), each named. Nothing is run from it.
    static func checkSchema(_ db: Database, path: String) throws {
        let migrator = SQLiteStore.migrator
        let known = migrator.migrations
        let applied = try migrator.appliedIdentifiers(db)
        var problems: [String] = []
        // Every problem is named at once: a newer migration, and each object that differs.
        let unknown = applied.subtracting(known).sorted()
        if !unknown.isEmpty { problems.append("含本系统不认识的迁移 \(unknown.joined(separator: "、"))（来自更新的版本或被改动过）") }
        let knownApplied = applied.intersection(known)
        let expected = Array(known.prefix(knownApplied.count))
        guard Set(expected) == knownApplied, let last = expected.last else {
            let gaps = known.prefix(knownApplied.count).filter { !knownApplied.contains($0) }
            problems.append("迁移记录不完整（缺少 \(gaps.joined(separator: "、"))）")
            throw BackupError("\(path) 的数据库结构与本系统不符，不能恢复：" + problems.joined(separator: "；"))
        }
        let reference = try DatabaseQueue()
        try migrator.migrate(reference, upTo: last)
        let theirs = try schemaObjects(db)
        let ours = try reference.read(schemaObjects)
        for (name, object) in theirs.sorted(by: { $0.key < $1.key }) {
            guard let mine = ours[name] else {
                problems.append("多出\(label(object.type)) \(name)")
                continue
            }
            if mine != object { problems.append("\(label(object.type)) \(name) 的定义与本系统不同") }
        }
        for (name, object) in ours.sorted(by: { $0.key < $1.key }) where theirs[name] == nil {
            problems.append("缺少\(label(object.type)) \(name)")
        }
        guard problems.isEmpty else {
            throw BackupError("\(path) 的数据库结构与本系统不符，不能恢复：" + problems.joined(separator: "；"))
        }
    }

    /// The schema's objects by name: type, table and the SQL that made them (SQLite's own aside).
    static func schemaObjects(_ db: Database) throws -> [String: SchemaObject] {
        var objects: [String: SchemaObject] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'") {
            objects[row["name"]] = SchemaObject(type: row["type"], table: row["tbl_name"], sql: row["sql"])
        }
        return objects
    }

    static func label(_ type: String) -> String {
        switch type {
        case "table": "表"
        case "index": "索引"
        case "trigger": "触发器"
        case "view": "视图"
        default: type
        }
    }

    /// One entry of `sqlite_master`.
    struct SchemaObject: Equatable {
        let type: String
        let table: String
        let sql: String?
    }
}

/// Why a backup or restore was refused.
public struct BackupError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
