import ArgumentParser
import SurveyAPI
import SurveyCore

/// `survey audit`: who did what, when.
struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "查看操作记录：谁在何时做了什么。")

    @OptionGroup var recent: RecentLimit
    @OptionGroup var options: ServerOptions

    func run() throws {
        let entries = try options.client().call("GET", "/api/audit", query: [.init(name: "limit", value: String(recent.limit))], as: [AuditEntry].self)
        for entry in entries {
            let detail = HistoryText.auditDetail(entry.detail, action: entry.action)
            print(
                "\(BeijingTime.show(entry.at))\t\(UntrustedText.forTerminal(entry.actor))\t\(HistoryText.action(entry.action))\t\(UntrustedText.forTerminal(detail))"
            )
        }
    }
}
