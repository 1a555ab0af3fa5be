import Foundation
import GRDB

/// Online backups of the database file, and their checks. A backup reads one consistent snapshot
/// (WAL lets it run beside the live server's writer) and writes it with `VACUUM INTO`.
public enum SurveyBackup {
    /// Copies the database at `source` into a new file `destination`, consistently, while it may be in use.
    public static func backup(from source: String, to destination: String) throws {
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
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM submissions") ?? 0
        }
    }
}

/// Why a backup or restore was refused.
public struct BackupError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
