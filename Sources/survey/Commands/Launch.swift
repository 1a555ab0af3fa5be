import ArgumentParser
import Foundation
import SurveyAPI
import SurveyCore

/// `survey launch FILE`: checks a survey file and pushes it to every connected supervisor.
struct Launch: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "发布问卷：立即推送给在线监督员。文件有改动时生成新版本，答卷始终对应所答版本。")

    @Argument(help: "问卷 YAML 文件。") var file: String
    @Option(help: "截止时间（北京时间）：2026-12-31 或 \"2026-12-31 18:00\"，或带时区的 ISO 8601。") var deadline: String?
    @Option(parsing: .upToNextOption, help: "发送对象：类别（民营企业、基层社区、机关单位）或监督员编号，可多个；默认全体。") var to: [String] = []
    @OptionGroup var options: ServerOptions

    func run() throws {
        let deadlineDate = try deadline.map(Self.parseDeadline)
        if let deadlineDate, deadlineDate < Date() { throw ValidationError("截止时间 \(deadline!) 已经过去。") }
        let bytes: [UInt8]
        do {
            _ = try SurveyFile.load(file)
            bytes = try SurveyFile.bytes(file)
        } catch {
            printError(error.description)
            throw ExitCode.failure
        }
        var query: [URLQueryItem] = to.map { URLQueryItem(name: "to", value: $0) }
        if let deadlineDate { query.append(URLQueryItem(name: "deadline", value: Timestamp.string(deadlineDate))) }
        // The server names the file in what it reports about it.
        query.append(URLQueryItem(name: "file", value: URL(fileURLWithPath: file).lastPathComponent))
        let reply = try options.client().call("POST", "/api/surveys", query: query, body: bytes, as: LaunchReply.self)
        let name = "“\(reply.title)”（\(reply.survey) 第 \(reply.version) 版）"
        // Several nodes: each pushes to its own pages; this one knows the others' from their heartbeats.
        let pushed =
            switch reply.pushedElsewhere {
            case nil: "已推送给 \(reply.pushed) 个在线连接"
            case 0?: "已推送给本节点 \(reply.pushed) 个在线连接；其他节点上暂无登记在线的监督员"
            case let elsewhere?: "已推送给本节点 \(reply.pushed) 个在线连接；其他节点上另有 \(elsewhere) 名在线监督员，由其所在节点推送"
            }
        switch reply.outcome {
        case .new: print("已发布\(name)，\(pushed)。")
        case .reopened: print("已重新开放\(name)，\(pushed)。")
        case .updated: print("已更新\(name)的截止时间或发送对象，\(pushed)。")
        case .unchanged: print("\(name)内容未变，未重复推送。")
        }
        reply.warnings.forEach { print($0) }
    }

    /// Reads a deadline: a day (end of that day), a day and time in Beijing time, or ISO 8601.
    static func parseDeadline(_ text: String) throws -> Date {
        if let date = Timestamp.date(text) { return date }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = BeijingTime.zone
        for (format, endOfDay) in [("yyyy-MM-dd HH:mm", false), ("yyyy-MM-dd'T'HH:mm", false), ("yyyy-MM-dd", true)] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return endOfDay ? date.addingTimeInterval(86_399) : date }
        }
        throw ValidationError("截止时间“\(text)”格式无效，请写成 2026-12-31 或 \"2026-12-31 18:00\"。")
    }
}

/// The office's clock: times shown to staff are Beijing time.
enum BeijingTime {
    static let zone = Day.zone

    /// `2026-12-31 18:00` from a protocol timestamp.
    static func show(_ timestamp: String?) -> String {
        guard let timestamp, let date = Timestamp.date(timestamp) else { return "—" }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }
}
