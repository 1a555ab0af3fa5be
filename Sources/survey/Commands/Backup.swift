import ArgumentParser
import Foundation
import SurveyServer
import SurveyStore

/// `survey backup OUT`: a consistent copy of the database, taken while the server serves.
struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "在线备份：服务器运行时即可生成一致的数据库副本。")

    @Argument(help: "备份文件（不能已存在）。") var output: String
    @Option(help: "数据目录。") var data = "data"

    func run() throws {
        try OutputFile.check(output)
        let directory = DataDirectory(path: data)
        guard !directory.usesPostgreSQL else { throw CommandFailure(Self.postgresMessage(data)) }
        guard FileManager.default.fileExists(atPath: directory.databasePath) else { throw CommandFailure("找不到数据库 \(directory.databasePath)") }
        do {
            let evidence = try SurveyBackup.backup(from: directory.databasePath, to: output, evidenceDirectory: directory.evidencePath)
            let count = try SurveyBackup.verify(output)
            guard evidence.missing.isEmpty && evidence.damaged.isEmpty else {
                // The rest is backed up and kept; a script running backups still learns of the gap.
                throw CommandFailure(
                    "备份 \(output) 不完整：答卷 \(count) 份、佐证材料 \(evidence.files) 个已备份，但"
                        + Self.gaps(evidence, in: directory.evidencePath) + "。请找回这些文件后重新备份。")
            }
            print("已备份到 \(output)（完整性检查通过，答卷 \(count) 份，佐证材料 \(evidence.files) 个）。")
        } catch let error as BackupError {
            throw CommandFailure(error.description)
        }
    }
}

extension Backup {
    /// The evidence files a backup or restore could not carry, in words.
    static func gaps(_ evidence: SurveyBackup.EvidenceCount, in folder: String) -> String {
        var parts: [String] = []
        if !evidence.missing.isEmpty { parts.append("\(evidence.missing.count) 个佐证材料文件找不到（\(folder)）：\(evidence.missing.joined(separator: "、"))") }
        if !evidence.damaged.isEmpty {
            parts.append("\(evidence.damaged.count) 个佐证材料文件已损坏（内容与其 SHA-256 不符）：\(evidence.damaged.joined(separator: "、"))")
        }
        return parts.joined(separator: "；")
    }

    /// Where a node on PostgreSQL is backed up and restored instead.
    static func postgresMessage(_ data: String) -> String {
        "数据目录 \(data) 的节点把数据存在 PostgreSQL 中：请用 PostgreSQL 自己的工具备份（pg_dump）和恢复（pg_restore），见 docs/DEPLOY.md。"
    }
}

/// `survey restore IN`: puts a backup in place of the database, with the server stopped.
struct Restore: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "从备份恢复（须先停止服务器）。原数据库会改名保留，不会删除。")

    @Argument(help: "备份文件。") var input: String
    @Option(help: "数据目录。") var data = "data"

    func run() throws {
        let directory = DataDirectory(path: data)
        guard !directory.usesPostgreSQL else { throw CommandFailure(Backup.postgresMessage(data)) }
        if let pid = directory.runningServerPID() {
            throw CommandFailure("服务器（进程 \(pid)）正在使用 \(data)，请先停止服务器再恢复。")
        }
        try InputFile.check(input, what: "备份文件")
        // The same file by any name (a symbolic or hard link too): same device, same inode.
        var backupFile = stat()
        var databaseFile = stat()
        if stat(input, &backupFile) == 0, stat(directory.databasePath, &databaseFile) == 0, backupFile.st_dev == databaseFile.st_dev,
            backupFile.st_ino == databaseFile.st_ino
        {
            throw CommandFailure("\(input) 就是数据目录中的数据库本身，不能用它恢复：请指定 survey backup 生成的备份文件。")
        }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory.path, isDirectory: &isFolder), !isFolder.boolValue {
            throw CommandFailure("--data \(data) 是一个文件，不是数据目录")
        }
        let count: Int
        do {
            count = try SurveyBackup.verify(input)
        } catch let error as BackupError {
            throw CommandFailure(error.description)
        }
        let files = FileManager.default
        try files.createDirectory(atPath: directory.path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        // The copy is made first and put in place by one rename: the directory is never without a database.
        let incoming = directory.databasePath + ".restoring"
        try? files.removeItem(atPath: incoming)
        do {
            try files.copyItem(atPath: input, toPath: incoming)
            try files.setAttributes([.posixPermissions: 0o600], ofItemAtPath: incoming)
        } catch {
            try? files.removeItem(atPath: incoming)
            throw CommandFailure("无法把 \(input) 复制到 \(directory.path)（磁盘已满或没有写入权限），原数据库未动")
        }
        if files.fileExists(atPath: directory.databasePath) {
            let aside = Self.asideName(for: directory.databasePath)
            guard rename(directory.databasePath, aside) == 0 else { throw CommandFailure("无法保留原数据库：\(String(cString: strerror(errno)))") }
            for suffix in ["-wal", "-shm"] where files.fileExists(atPath: directory.databasePath + suffix) {
                try files.moveItem(atPath: directory.databasePath + suffix, toPath: aside + suffix)
            }
            print("原数据库已保留为 \(aside)")
        }
        guard rename(incoming, directory.databasePath) == 0 else { throw CommandFailure("无法放置恢复的数据库：\(String(cString: strerror(errno)))") }
        let evidence = try SurveyBackup.extractEvidence(from: directory.databasePath, to: directory.evidencePath)
        print("已从 \(input) 恢复（答卷 \(count) 份，佐证材料 \(evidence.files) 个）。启动：\(CommandName.current) serve --data \(data)")
        guard evidence.missing.isEmpty && evidence.damaged.isEmpty else {
            throw CommandFailure("恢复的数据中" + Backup.gaps(evidence, in: directory.evidencePath) + "。台账仍列出这些文件，但无法下载。")
        }
    }

    /// A name beside `path` for the database a restore replaces, never one already taken.
    static func asideName(for path: String) -> String {
        let stamp = path + ".before-restore-\(Int(Date().timeIntervalSince1970))"
        var name = stamp
        var count = 1
        while FileManager.default.fileExists(atPath: name) {
            count += 1
            name = "\(stamp)-\(count)"
        }
        return name
    }
}
