import ArgumentParser
import Foundation
import SurveyAPI
import SurveyCore
import SurveyFiles

/// `survey export SURVEY`: every response, as CSV for Excel or JSON lines for scripts.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "导出答卷：CSV（UTF-8 带 BOM，Excel 可直接打开）或 JSON Lines。")

    enum Format: String, FileFormat { case csv, jsonl }

    @Argument(help: "问卷编号。") var survey: String
    @Option(help: "格式：csv 或 jsonl；不指定则按输出文件的扩展名，否则为 csv。") var format: Format?
    @Option(name: .shortAndLong, help: "输出文件；不指定则输出到屏幕。") var output: String?
    @OptionGroup var options: ServerOptions

    func validate() throws {
        _ = try Format.chosen(format, output: output, fallback: .csv)
    }

    func run() throws {
        try OutputFile.check(output)
        let format = try Format.chosen(format, output: output, fallback: .csv)
        let reply = try options.client().call("GET", "/api/surveys/\(survey)/responses", as: ResponsesReply.self)
        // On a terminal, what supervisors typed is shown with its control characters escaped.
        let text = format == .csv ? Self.csv(reply, field: output == nil ? UntrustedText.forTerminal : { $0 }) : Self.jsonLines(reply)
        // Answers with names and phones: owner-only, like the database.
        try SecretOutput.emit(text, to: output, saved: "已导出 \(reply.responses.count) 份答卷到 \(output ?? "")（仅所有者可读）。", screen: text)
    }

    /// One row per response; choices as their labels, yes/no as 是/否.
    static func csv(_ reply: ResponsesReply, field: (String) -> String = { $0 }) -> String {
        let questions = reply.survey.questions
        var rows = [["答卷编号", "监督员编号", "姓名", "类别", "单位", "版本", "提交时间"] + questions.map { "\($0.id) \($0.title)" }]
        for response in reply.responses {
            let person = response.supervisor
            var row = [
                response.id, person.id, person.name, person.category.rawValue, person.organization ?? "",
                String(response.version), BeijingTime.show(response.storedAt),
            ]
            row += questions.map { question in response.answers[question.id].map { label($0, question) } ?? "" }
            rows.append(row.map(field))
        }
        return "\u{FEFF}" + rows.map { $0.map(LinksCSV.escape).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    static func label(_ answer: AnswerValue, _ question: Question) -> String {
        let labels = Dictionary((question.options ?? []).map { ($0.id, $0.label) }, uniquingKeysWith: { first, _ in first })
        switch answer {
        case .text(let value): return labels[value] ?? value
        case .choices(let values): return values.map { labels[$0] ?? $0 }.joined(separator: "；")
        case .bool(let value): return value ? "是" : "否"
        case .number(let value): return value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : String(value)
        }
    }

    static func jsonLines(_ reply: ResponsesReply) -> String {
        reply.responses.map { CanonicalJSON.string($0) + "\n" }.joined()
    }
}
