import ArgumentParser
import SurveyAPI
import SurveyCore
import SurveyFiles

/// `survey remind SURVEY`: nudges connected non-respondents; lists the others for a phone call.
struct Remind: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "提醒未提交的监督员：在线者的页面立即显示提醒；不在线者列出电话，便于电话或短信跟进。")

    @Argument(help: "问卷编号。") var survey: String
    @Flag(help: "以 CSV 输出未在线者名单（UTF-8，带 BOM）。") var csv = false
    @OptionGroup var options: ServerOptions

    func run() throws {
        let reply = try options.client().call("POST", "/api/surveys/\(survey)/remind", as: RemindReply.self)
        if csv {
            print("\u{FEFF}编号,姓名,类别,单位,电话")
            for person in reply.notConnected {
                print(
                    [person.id, person.name, person.category.rawValue, person.organization ?? "", person.phone ?? ""]
                        .map(LinksCSV.escape).joined(separator: ","))
            }
            return
        }
        print("已向 \(reply.reminded.count) 名在线的未提交者推送提醒。")
        if reply.texted > 0 {
            print("已通过短信网关向 \(reply.texted) 名未在线者发送提醒短信（结果见 survey sms）。")
        }
        print("未在线的未提交者 \(reply.notConnected.count) 人" + (reply.texted > 0 ? "：" : "，请电话或短信跟进："))
        print("编号\t姓名\t类别\t单位\t电话")
        for person in reply.notConnected {
            print("\(person.id)\t\(person.name)\t\(person.category.rawValue)\t\(person.organization ?? "")\t\(person.phone ?? "")")
        }
    }
}
