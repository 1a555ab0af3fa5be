import ArgumentParser
import SurveyCore

/// `survey sms`: what the SMS gateway was asked to send, and what became of each message.
struct TextMessages: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sms", abstract: "查看短信发送记录（提醒、交办通知、回访邀请），最新的在前。")
    @OptionGroup var recent: RecentLimit
    @OptionGroup var options: ServerOptions

    func run() throws {
        let records = try options.client().call("GET", "/api/sms", query: [.init(name: "limit", value: String(recent.limit))], as: [TextMessageRecord].self)
        let kinds: [TextMessage.Kind: String] = [.remind: "提醒", .assign: "交办通知", .followup: "回访邀请"]
        let results: [TextMessageRecord.Result: String] = [.sent: "已发送", .failed: "失败", .noPhone: "无手机号"]
        print("时间\t类型\t对象\t手机号\t结果\t内容")
        for record in records {
            let message = record.message
            print(
                "\(BeijingTime.show(record.at))\t\(kinds[message.kind] ?? "")\t\(UntrustedText.forTerminal(message.recipient))\t"
                    + "\(message.phone ?? "—")\t\(results[record.result] ?? "")\(record.detail.map { "（\($0)）" } ?? "")\t"
                    + UntrustedText.forTerminal(message.text))
        }
        // The server sends the newest `limit`: when that many came, there may be older ones.
        print(records.count == recent.limit ? "以上为最新的 \(recent.limit) 条；如有更早的记录，请用 --limit 加大条数查看。" : "共 \(records.count) 条。")
    }
}
