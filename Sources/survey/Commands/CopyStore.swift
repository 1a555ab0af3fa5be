import ArgumentParser
import Foundation
import SurveyServer
import SurveyStore

/// `survey copy-store`: moves a district's SQLite data directory into PostgreSQL, once.
struct CopyStore: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy-store",
        abstract: "把一个区的 SQLite 数据（名册、问卷、答卷、整改台账、佐证材料、操作记录等）复制到 PostgreSQL 的一个新区，用于从单机迁移到多节点部署。须先停止服务器；原数据不变。")

    @Option(help: "SQLite 数据目录（含 survey.sqlite）。") var data = "data"
    @Option(help: "目标 PostgreSQL 地址，如 postgres://survey@db.example:5432/survey。") var to: String
    @Option(help: "目标区（如 dongli）；不指定则为 public。") var district: String?

    func validate() throws {
        guard PostgresStore.isURL(to) else { throw ValidationError(StoreError.notPostgresURL.description.replacingOccurrences(of: "--store", with: "--to")) }
    }

    func run() throws {
        let directory = DataDirectory(path: data)
        guard FileManager.default.fileExists(atPath: directory.databasePath) else { throw CommandFailure("找不到数据库 \(directory.databasePath)") }
        if let pid = directory.runningServerPID() { throw CommandFailure("服务器（进程 \(pid)）正在使用 \(data)，请先停止服务器再复制。") }
        do {
            let counts = try StoreCopy.copy(
                from: SurveyDatabase(path: directory.databasePath), to: SurveyDatabase(location: to, district: district),
                evidenceDirectory: directory.evidencePath)
            print("已复制到 PostgreSQL 的\(district.map { "区 \($0)" } ?? " public")：")
            for (table, rows) in counts where rows > 0 { print("  \(table)\t\(rows)") }
            print("之后用 --store 和 --district 启动该区的节点（见 docs/DEPLOY.md）；原 SQLite 数据库未作改动，可作备份保留。")
        } catch let error as StoreCopyError {
            throw CommandFailure(error.description)
        }
    }
}
