import ArgumentParser
import Foundation
import SurveyAPI
import SurveyCore
import SurveyFiles
import SurveyLetters
import SurveyServer

/// `survey roster`: import the supervisors, list them, and issue personal links.
struct Roster: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "监督员名册：导入、查看、补发个人链接。",
        subcommands: [Import.self, ListRoster.self, Links.self, Letters.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "导入名册 CSV（列：姓名,类别,单位,电话,编号；UTF-8 或 GB18030）。按编号更新已有监督员，新监督员获得个人链接。")

        @Argument(help: "名册 CSV 文件。") var file: String
        @Option(help: "把新监督员的个人链接写入此文件（仅所有者可读）；不指定则打印到屏幕。") var linksOut: String?
        @OptionGroup var options: ServerOptions

        func run() throws {
            try OutputFile.check(linksOut)
            let data = try InputFile.read(file)
            let client = try options.client()
            print("正在导入 \(file)（\(data.count) 字节）…")
            let reply = try client.call("POST", "/api/roster", body: Array(data), as: RosterImportReply.self)
            print("导入完成：新增 \(reply.added.count) 人，更新 \(reply.updated) 人。")
            try emit(reply.added, base: try client.linkBase(), to: linksOut)
        }
    }

    struct Letters: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "打印邀请函（A4，每人一页）：问候语、个人链接二维码和打开方法。链接取自链接表（--from-links），或为 --ids 所列监督员重新签发（旧链接失效）。")

        @Option(help: "已有的个人链接表（roster import --links-out 或 demo-links.csv 写出的 CSV）。") var fromLinks: String?
        @Option(parsing: .upToNextOption, help: "只为这些编号的监督员打印；不用 --from-links 时，为他们重新签发链接。") var ids: [String] = []
        @Option(help: "办公室文件（默认为 Surveys/office.yaml）。") var office: String?
        @Option(name: .shortAndLong, help: "输出的 HTML 文件（仅所有者可读），用浏览器打开后打印。") var output: String
        @Flag(help: "允许链接使用本机回环地址（如 127.0.0.1，仅在本机试用；手机无法打开）。") var allowLoopback = false
        @OptionGroup var options: ServerOptions

        func run() throws {
            try OutputFile.check(output)
            var entries: [(id: String, name: String, link: String)]
            if let fromLinks {
                let text = try InputFile.text(fromLinks, what: "链接表")
                entries = LinksCSV.entries(in: text)
                if !ids.isEmpty {
                    let missing = ids.filter { id in !entries.contains { $0.id == id } }
                    guard missing.isEmpty else { throw CommandFailure("链接表中没有这些编号：\(missing.joined(separator: "、"))") }
                    entries = entries.filter { ids.contains($0.id) }
                }
                if !allowLoopback, let loopback = entries.first(where: { LinkAddress.isLoopback($0.link) }) {
                    try AdminClient.refuseLoopback(loopback.link.components(separatedBy: "/#").first ?? loopback.link)
                }
            } else {
                guard !ids.isEmpty else {
                    throw ValidationError("个人链接只在签发时显示一次：请用 --from-links 指定链接表，或用 --ids 为指定监督员重新签发。")
                }
                let client = try options.client()
                // Checked before the old links stop working.
                let base = try client.phoneLinkBase(deliberate: allowLoopback)
                let reply = try client.call("POST", "/api/roster/reissue", body: CanonicalJSON.bytes(ReissueRequest(ids: ids)), as: ReissueReply.self)
                print("已为 \(reply.links.count) 人重新签发个人链接，旧链接已失效。")
                entries = reply.links.map { ($0.supervisor.id, $0.supervisor.name, "\(base)/#t=\($0.token)") }
            }
            guard !entries.isEmpty else { throw CommandFailure("没有可打印的链接。") }
            let profile: OfficeProfile
            do {
                let file = office ?? InstallLocations.find("Surveys/\(OfficeProfileLoader.fileName)")
                profile = try file.map { try OfficeProfileLoader.load(yaml: SurveyFile.bytes($0), file: $0) } ?? .fallback
            } catch {
                throw CommandFailure("办公室文件有误：\n\(error)")
            }
            let letters = entries.map { InvitationLetters.Letter(id: $0.id, name: $0.name, link: $0.link) }
            switch InvitationLetters.html(letters, office: profile, at: Date()) {
            case .success(let page):
                try SecretOutput.emit(
                    page, to: output, saved: "已写入 \(letters.count) 份邀请函：\(output)（仅所有者可读；含个人链接，打印后请妥善保管或删除）。",
                    screen: "")
            case .failure(let error):
                throw CommandFailure("这些监督员的链接过长，无法生成二维码：\(error.ids.joined(separator: "、"))")
            }
        }
    }

    struct ListRoster: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "列出名册。")
        @OptionGroup var options: ServerOptions

        func run() throws {
            let people = try options.client().call("GET", "/api/roster", as: [Supervisor].self)
            for person in people {
                print([person.id, person.name, person.category.rawValue, person.organization ?? "", person.phone ?? ""].joined(separator: "\t"))
            }
            print("共 \(people.count) 人。")
        }
    }

    struct Links: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "为指定监督员重新签发个人链接；旧链接立即失效，在线连接被断开。令牌只在签发时显示一次。")

        @Option(parsing: .upToNextOption, help: "要重新签发链接的监督员编号。") var reissue: [String] = []
        @Option(help: "把链接写入此文件（仅所有者可读）；不指定则打印到屏幕。") var linksOut: String?
        @OptionGroup var options: ServerOptions

        func run() throws {
            try OutputFile.check(linksOut)
            guard !reissue.isEmpty else {
                throw ValidationError("个人链接只在签发时显示一次（数据库仅保存哈希）。请用 --reissue 编号... 重新签发。")
            }
            let client = try options.client()
            let reply = try client.call("POST", "/api/roster/reissue", body: CanonicalJSON.bytes(ReissueRequest(ids: reissue)), as: ReissueReply.self)
            print("已重新签发 \(reply.links.count) 人的个人链接，旧链接已失效。")
            try emit(reply.links, base: try client.linkBase(), to: linksOut)
        }
    }

    /// Writes links to a private file, or prints them.
    static func emit(_ links: [IssuedLink], base: String, to file: String?) throws {
        guard !links.isEmpty else { return }
        let sheet = LinksCSV.render(links, baseURL: base)
        try SecretOutput.emit(sheet, to: file, saved: "个人链接已写入 \(file ?? "")（仅所有者可读，请妥善保管）。", screen: String(sheet.dropFirst()))
    }
}
