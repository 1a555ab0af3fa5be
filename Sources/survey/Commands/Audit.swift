import ArgumentParser
import SurveyAPI
import SurveyCore

/// `survey audit`: who did what, when.
struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "查看操作记录：谁在何时做了什么。")

    @Option(parsing: .unconditional, help: "显示最近多少条（1 到 10000）。") var limit = 50
    @OptionGroup var options: ServerOptions

    func validate() throws {
        guard (1...10_000).contains(limit) else { throw ValidationError("--limit 应在 1 到 10000 之间。") }
    }

    func run() throws {
        let entries = try options.client().call("GET", "/api/audit", query: [.init(name: "limit", value: String(limit))], as: [AuditEntry].self)
        for entry in entries {
            let detail = HistoryText.auditDetail(entry.detail, action: entry.action)
            print(
                "\(BeijingTime.show(entry.at))\t\(UntrustedText.forTerminal(entry.actor))\t\(HistoryText.action(entry.action))\t\(UntrustedText.forTerminal(detail))"
            )
        }
    }
}
