import ArgumentParser
import SurveyCore

/// `survey launch FILE`: checks a survey file and pushes it to every connected supervisor.
struct Launch: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "发布问卷：立即推送给所有在线监督员。文件有改动时生成新版本。")

    @Argument(help: "问卷 YAML 文件。") var file: String
    @OptionGroup var options: ServerOptions

    func run() throws {
        let bytes: [UInt8]
        do {
            _ = try SurveyFile.load(file)
            bytes = try SurveyFile.bytes(file)
        } catch {
            printError(error.description)
            throw ExitCode.failure
        }
        let reply = try options.client().call("POST", "/api/surveys", body: bytes, as: LaunchReply.self)
        switch reply.outcome {
        case "new": print("已发布“\(reply.title)”（\(reply.survey) 第 \(reply.version) 版），已推送给 \(reply.pushed) 个在线连接。")
        case "reopened": print("已重新开放“\(reply.title)”（\(reply.survey) 第 \(reply.version) 版），已推送给 \(reply.pushed) 个在线连接。")
        default: print("“\(reply.title)”内容未变，仍为第 \(reply.version) 版，未重复推送。")
        }
        reply.warnings.forEach { print($0) }
    }
}
