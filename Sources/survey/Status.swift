import ArgumentParser
import SurveyCore

/// `survey status SURVEY`: delivery and response figures, per category and per person.
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "查看问卷的推送、接收、打开和提交情况，并列出未提交者。")

    @Argument(help: "问卷编号。") var survey: String
    @OptionGroup var options: ServerOptions

    func run() throws {
        let status = try options.client().call("GET", "/api/surveys/\(survey)/status", as: SurveyStatus.self)
        print("\(status.title)（\(status.survey) 第 \(status.version) 版，\(status.closed ? "已结束" : "进行中")）")
        print("类别\t名册\t已推送\t已接收\t已打开\t已提交")
        func line(_ name: String, _ counts: DeliveryCounts) {
            print("\(name)\t\(counts.roster)\t\(counts.pushed)\t\(counts.received)\t\(counts.opened)\t\(counts.submitted)")
        }
        for category in SupervisorCategory.allCases {
            if let counts = status.byCategory[category.rawValue] { line(category.rawValue, counts) }
        }
        line("合计", status.total)
        let missing = status.people.filter { $0.submittedAt == nil }
        print("未提交 \(missing.count) 人：" + missing.prefix(50).map { "\($0.name)（\($0.id)）" }.joined(separator: "、")
              + (missing.count > 50 ? " 等" : ""))
    }
}
