import ArgumentParser
import Foundation
import SurveyCore
import SurveyReports

/// `survey selfcheck`: what the office writes into the 自查报告 itself.
struct SelfCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "selfcheck", abstract: "自查报告中由办公室填写的内容：各自查项的工作开展情况和自查结论，基本情况（basics）、原因分析（causes）和下一步打算（plans）。",
        subcommands: [Set.self, ListEntries.self])

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "填写某一自查项（如 R05）或 basics、causes、plans 的内容。")
        @Argument(help: "自查项编号（R01–R19），或 basics（基本情况）、causes（原因分析）、plans（下一步打算）。") var key: String
        @Option(help: "自查结论：符合、基本符合、不符合、不适用。") var conclusion: String?
        @Option(help: "文字所在的文件（UTF-8 纯文本）。") var text: String?
        @OptionGroup var options: ServerOptions

        func run() throws {
            var body: String?
            if let text {
                body = try InputFile.text(text)
            }
            let request = SelfCheckRequest(key: key, conclusion: conclusion, text: body)
            let entry = try options.client().call("POST", "/api/selfcheck", body: CanonicalJSON.bytes(request), as: SelfCheckEntry.self)
            print("已保存 \(entry.key)：\(entry.conclusion?.rawValue ?? "（无结论）")，\(entry.text?.count ?? 0) 字。")
        }
    }

    struct ListEntries: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "列出已填写的内容。")
        @OptionGroup var options: ServerOptions

        func run() throws {
            let entries = try options.client().call("GET", "/api/selfcheck", as: [SelfCheckEntry].self)
            for entry in entries {
                print(
                    "\(entry.key)\t\(entry.conclusion?.rawValue ?? "—")\t\(entry.text.map { UntrustedText.forTerminal(String($0.prefix(40))) } ?? "—")"
                        + "\t\(UntrustedText.forTerminal(entry.by))")
            }
            print("共 \(entries.count) 条。")
        }
    }
}
