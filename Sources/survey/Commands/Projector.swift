import ArgumentParser
import Foundation
import SurveyCore

/// `survey projector link`: the big screen's read-only link.
struct Projector: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "投屏：生成、列出和撤销会议室大屏的只读链接。", subcommands: [Link.self, ListLinks.self, Revoke.self])

    struct Link: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "生成新的投屏链接（只读，只显示汇总数据）。链接只显示这一次。")
        @OptionGroup var options: ServerOptions

        func run() throws {
            let client = try options.client()
            let reply = try client.call("POST", "/api/projector/link", as: [String: String].self)
            // The link stays the last line, for scripts that take it from there.
            print("链接编号：\(reply["id"] ?? "—")（撤销：survey projector revoke \(reply["id"] ?? "编号")）")
            print("投屏链接（在大屏浏览器中打开；可在末尾加 &s=问卷编号 指定问卷）：")
            print(try client.linkBase() + (reply["path"] ?? ""))
        }
    }

    struct ListLinks: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "列出有效的投屏链接（编号和生成时间，不显示链接本身）。")
        @OptionGroup var options: ServerOptions

        func run() throws {
            let links = try options.client().call("GET", "/api/projector/links", as: [[String: String]].self)
            print("编号\t生成时间")
            for link in links { print("\(link["id"] ?? "—")\t\(link["createdAt"].map(BeijingTime.show) ?? "—")") }
            print("共 \(links.count) 个有效的投屏链接。")
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "撤销投屏链接：链接立即失效，已打开的大屏页面断开。")
        @Argument(help: ArgumentHelp("链接编号（见 survey projector list）。", valueName: "编号")) var id: String
        @OptionGroup var options: ServerOptions

        func run() throws {
            _ = try options.client().call("POST", "/api/projector/revoke", body: CanonicalJSON.bytes(["id": id]), as: [String: String].self)
            print("已撤销投屏链接 \(id)，已打开的大屏页面已断开。")
        }
    }
}

/// `survey comments`: moderate free-text comments before the projector shows them.
struct Comments: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "审核意见：自由填写的意见经批准后才会在大屏滚动显示（不显示姓名）。",
        subcommands: [ListComments.self, Approve.self, Reject.self])

    struct ListComments: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "列出意见。")
        @Option(help: "只看某个问卷。") var survey: String?
        @Option(help: "状态：pending（待审）、approved、rejected。") var state = "pending"
        @OptionGroup var options: ServerOptions

        func validate() throws {
            guard ["pending", "approved", "rejected"].contains(state) else { throw ValidationError("--state 应为 pending、approved 或 rejected。") }
        }

        func run() throws {
            var query = [URLQueryItem(name: "state", value: state)]
            if let survey { query.append(.init(name: "survey", value: survey)) }
            let comments = try options.client().call("GET", "/api/comments", query: query, as: [CommentEntry].self)
            print("题目\t类别\t状态\t意见\t编号（批准或不予上屏时用）")
            for comment in comments {
                let title = UntrustedText.forTerminal(comment.questionTitle ?? comment.question)
                print("\(title)\t\(comment.category ?? "—")\t\(comment.stateLabel)\t\(UntrustedText.forTerminal(comment.text))\t\(comment.id)")
            }
            print("共 \(comments.count) 条。")
        }
    }

    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "批准意见上屏；--all 批准全部待审意见（已不予上屏的除外）。")
        @Argument(help: "意见编号（见 comments list）。") var ids: [String] = []
        @Flag(help: "批准全部待审意见。") var all = false
        @Option(help: "与 --all 一起使用：只批准这份问卷的意见。") var survey: String?
        @OptionGroup var options: ServerOptions

        func validate() throws {
            guard all != !ids.isEmpty else { throw ValidationError("请给出意见编号，或使用 --all（二者选一）。") }
        }

        func run() throws {
            guard all else { return try Comments.moderate(ids, verb: "approve", options: options) }
            let query = survey.map { [URLQueryItem(name: "survey", value: $0)] } ?? []
            let reply = try options.client().call("POST", "/api/comments/approve-all", query: query, as: [String: Int].self)
            print("已批准 \(reply["approved"] ?? 0) 条待审意见上屏。")
        }
    }

    struct Reject: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "不予上屏。")
        @Argument(help: "意见编号。") var ids: [String]
        @OptionGroup var options: ServerOptions

        func run() throws { try Comments.moderate(ids, verb: "reject", options: options) }
    }

    static func moderate(_ ids: [String], verb: String, options: ServerOptions) throws {
        let client = try options.client()
        for id in ids {
            let entry = try client.call("POST", "/api/comments/\(id)/\(verb)", as: CommentEntry.self)
            print("\(entry.id)：\(entry.state == "approved" ? "已批准上屏" : "不予上屏")")
        }
    }
}
