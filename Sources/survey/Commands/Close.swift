import ArgumentParser

/// `survey close SURVEY`: stops a survey taking answers; open pages are told at once.
struct Close: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "结束问卷：在线页面立即显示已结束，之后的提交会被拒绝。")

    @Argument(help: "问卷编号。") var survey: String
    @OptionGroup var options: ServerOptions

    func run() throws {
        _ = try options.client().call("POST", "/api/surveys/\(survey)/close", as: [String: String].self)
        print("问卷 \(survey) 已结束。")
    }
}
