import ArgumentParser
import Foundation
import SurveyCore
import SurveyReports

/// `survey status SURVEY`: delivery and response figures, per category and per person.
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "查看问卷的推送、接收、打开和提交情况，并列出未提交者。")

    @Argument(help: "问卷编号。") var survey: String
    @Flag(help: "持续刷新（按 Ctrl-C 退出）。") var watch = false
    @Option(help: "刷新间隔（秒），与 --watch 一起使用。") var interval = 2.0
    @OptionGroup var options: ServerOptions

    func validate() throws {
        guard interval >= 0.5 && interval <= 3600 else { throw ValidationError("--interval 应在 0.5 到 3600 秒之间。") }
    }

    func run() throws {
        let client = try options.client()
        repeat {
            let status = try client.call("GET", "/api/surveys/\(survey)/status", as: SurveyStatus.self)
            if watch { print("\u{1B}[H\u{1B}[2J", terminator: "") }
            print(Self.render(status))
            if watch {
                print("（每 \(interval) 秒刷新，按 Ctrl-C 退出；\(BeijingTime.show(Timestamp.string(Date())))）")
                fflush(nil)
                Thread.sleep(forTimeInterval: interval)
            }
        } while watch
    }

    static func render(_ status: SurveyStatus) -> String {
        var lines = ["\(status.title)（\(status.survey) 第 \(status.version) 版，\(status.closed ? "已结束" : "进行中")）"]
        lines.append("发送对象：\(status.audience)；截止时间：\(status.deadline.map(BeijingTime.show) ?? "未设置")")
        lines.append("类别\t名册\t已推送\t已接收\t已打开\t已提交\t提交率")
        func line(_ name: String, _ counts: DeliveryCounts) {
            let rate = ReportRenderer.rate(counts.submitted, of: counts.roster)
            lines.append("\(name)\t\(counts.roster)\t\(counts.pushed)\t\(counts.received)\t\(counts.opened)\t\(counts.submitted)\t\(rate)")
        }
        // The standard categories in the order the report uses, then any others by name.
        let order = SupervisorCategory.standard.map(\.rawValue)
        func rank(_ category: String) -> Int { order.firstIndex(of: category) ?? order.count }
        let categories = status.byCategory.sorted { (rank($0.key), $0.key) < (rank($1.key), $1.key) }
        for (category, counts) in categories { line(category, counts) }
        line("合计", status.total)
        let missing = status.people.filter { $0.submittedAt == nil }
        lines.append(
            "未提交 \(missing.count) 人：" + missing.prefix(60).map { "\($0.name)（\($0.id)）" }.joined(separator: "、")
                + (missing.count > 60 ? " 等" : ""))
        return lines.joined(separator: "\n")
    }
}
