import ArgumentParser
import Foundation
import SurveyCore
import SurveyServer

/// `survey roster`: import the supervisors, list them, and issue personal links.
struct Roster: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "监督员名册：导入、查看、补发个人链接。",
        subcommands: [Import.self, ListRoster.self, Links.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "导入名册 CSV（列：姓名,类别,单位,电话,编号；UTF-8 或 GB18030）。按编号更新已有监督员，新监督员获得个人链接。")

        @Argument(help: "名册 CSV 文件。") var file: String
        @Option(help: "把新监督员的个人链接写入此文件（仅所有者可读）；不指定则打印到屏幕。") var linksOut: String?
        @OptionGroup var options: ServerOptions

        func run() throws {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ValidationError("无法读取文件 \(file)")
            }
            let client = try options.client()
            print("正在导入 \(file)（\(data.count) 字节）…")
            let reply = try client.call("POST", "/api/roster", body: Array(data), as: RosterImportReply.self)
            print("导入完成：新增 \(reply.added.count) 人，更新 \(reply.updated) 人。")
            try emit(reply.added, client: client, to: linksOut)
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
            guard !reissue.isEmpty else {
                throw ValidationError("个人链接只在签发时显示一次（数据库仅保存哈希）。请用 --reissue 编号... 重新签发。")
            }
            let client = try options.client()
            let reply = try client.call("POST", "/api/roster/reissue", body: CanonicalJSON.bytes(ReissueRequest(ids: reissue)), as: ReissueReply.self)
            print("已重新签发 \(reply.links.count) 人的个人链接，旧链接已失效。")
            try emit(reply.links, client: client, to: linksOut)
        }
    }

    /// Writes links to a private file, or prints them.
    static func emit(_ links: [IssuedLink], client: AdminClient, to file: String?) throws {
        guard !links.isEmpty else { return }
        let sheet = LinksCSV.render(links, baseURL: client.baseURL)
        if let file {
            do {
                try PrivateFile.write(sheet, to: file)
            } catch {
                throw ValidationError("无法写入 \(file)：\(error.localizedDescription)")
            }
            print("个人链接已写入 \(file)（仅所有者可读，请妥善保管）。")
        } else {
            print(sheet.dropFirst(), terminator: "")
        }
    }
}
