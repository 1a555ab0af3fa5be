import ArgumentParser
import Foundation
import SurveyCore
import SurveyReports
import SurveyStore

/// `survey city-report`: the city office's read-only summary over every district on one PostgreSQL.
struct CityReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "city-report",
        abstract: "市级汇总（只读）：同一 PostgreSQL 中各区的监督员参与和整改台账进度，md 或 csv。不写入任何数据。")

    enum Format: String, FileFormat { case md, csv }

    @Option(help: "PostgreSQL 地址，如 postgres://city@db.example:5432/survey（建议用只读账号，见 docs/DEPLOY.md）。") var store: String
    @Option(name: .customLong("district"), help: "只汇总这些区（可重复）；默认为数据库中的所有区。") var districts: [String] = []
    @Option(name: .customLong("label"), help: "区的名称，如 dongli=东丽区（可重复）；未给出的区以其代号显示。") var labels: [String] = []
    @Option(help: "标题。") var title = "各区营商环境监督与整改情况汇总"
    @Option(help: "格式：md、csv；不指定则按输出文件的扩展名，否则为 md。") var format: Format?
    @Option(name: .shortAndLong, help: "输出文件；不指定则输出到屏幕。") var output: String?

    func validate() throws {
        guard PostgresStore.isURL(store) else { throw ValidationError("--store 须为 postgres:// 地址：市级汇总只用于多区共用的 PostgreSQL。") }
        _ = try names()
        _ = try Format.chosen(format, output: output, fallback: .md)
    }

    /// District labels by code, from `--label CODE=名称`.
    func names() throws -> [String: String] {
        var names: [String: String] = [:]
        for label in labels {
            let parts = label.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { throw ValidationError("--label “\(label)”应写成 代号=名称，如 dongli=东丽区。") }
            names[parts[0]] = parts[1]
        }
        return names
    }

    /// One district's figures; an error names the district, in a report's words.
    func summary(of name: String, at now: Date) throws -> DistrictSummary {
        do {
            let store = try PostgresStore(url: store, district: name == "public" ? nil : name, readOnly: true)
            defer { store.close() }
            return try SurveyDatabase(store: store).districtSummary(name: name, at: now)
        } catch StoreError.newerDatabase(let migrations) {
            throw CommandFailure("区 \(name) 的数据由更新版本的程序写入（未知的迁移：\(migrations.joined(separator: "、"))），请用新版本程序生成汇总。")
        } catch StoreError.olderDatabase(let migrations) {
            throw CommandFailure("区 \(name) 的数据尚未升级（缺少迁移：\(migrations.joined(separator: "、"))），请先用新版本启动该区的节点。")
        } catch let error as SQLError where error.state == "42501" {
            throw CommandFailure("区 \(name)：\(StoreError.noPrivilege(name == "public" ? "public" : "district_" + name))")
        } catch {
            throw CommandFailure("区 \(name)：\(error)")
        }
    }

    func run() throws {
        try OutputFile.check(output)
        let format = try Format.chosen(format, output: output, fallback: .md)
        let now = Date()
        let names = districts.isEmpty ? try PostgresStore.districts(url: store) : districts
        guard !names.isEmpty else { throw CommandFailure("数据库中还没有任何区的数据。") }
        let labels = try self.names()
        if let stray = labels.keys.sorted().first(where: { !names.contains($0) }) {
            throw ValidationError("--label 中的区代号“\(stray)”不在汇总的区中（\(names.joined(separator: "、"))）。")
        }
        let summaries = try names.map { name in
            var summary = try summary(of: name, at: now)
            summary.district = labels[name] ?? name
            return summary
        }
        let text =
            switch format {
            case .md: CityReport.markdown(summaries, title: title, on: Day.string(now))
            case .csv: CityReport.csv(summaries)
            }
        if let output {
            try text.write(toFile: output, atomically: true, encoding: .utf8)
            print("已写入 \(output)（\(summaries.count) 个区）。")
        } else {
            print(text, terminator: "")
        }
    }
}
