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
            print("已备份到 \(output)（完整性检查通过，答卷 \(count) 份，佐证材料 \(evidence.files) 个）。")
            if !evidence.missing.isEmpty {
                printError("错误：数据库记录的 \(evidence.missing.count) 个佐证材料文件在 \(directory.evidencePath) 中找不到，未能备份：\(evidence.missing.joined(separator: "、"))")
            }
            if !evidence.damaged.isEmpty {
                printError("错误：\(evidence.damaged.count) 个佐证材料文件已损坏（内容与其 SHA-256 不符），未能备份：\(evidence.damaged.joined(separator: "、"))")
            }
            // The rest is backed up; a script running backups still learns that something is missing.
            if !evidence.missing.isEmpty || !evidence.damaged.isEmpty { throw ExitCode.failure }
        } catch let error as BackupError {
            throw CommandFailure(error.description)
        }
    }
}

extension Backup {
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
        let resolved = URL(fileURLWithPath: input).resolvingSymlinksInPath().path
        if resolved == URL(fileURLWithPath: directory.databasePath).resolvingSymlinksInPath().path {
            throw CommandFailure("\(input) 就是数据目录中的数据库本身，不能用它恢复：请指定 survey backup 生成的备份文件。")
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
        print("已从 \(input) 恢复（答卷 \(count) 份，佐证材料 \(evidence) 个）。启动：survey serve --data \(data)")
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
