import ArgumentParser
import SurveyAPI
import SurveyCore

/// `survey list`: every survey with its state and response count.
struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "列出所有问卷及其状态和答卷数。")

    @OptionGroup var options: ServerOptions

    func run() throws {
        let rows = try options.client().call("GET", "/api/surveys", as: [SurveySummary].self)
        if rows.isEmpty { print("尚未发布任何问卷。") }
        for row in rows {
            print("\(row.survey)\t第 \(row.version) 版\t\(row.closed ? "已结束" : "进行中")\t已交 \(row.submitted)\t\(row.title)")
        }
    }
}
