import ArgumentParser
import Foundation
import SurveyAPI
import SurveyCore
import SurveyServer

/// `survey staff`: named staff accounts with personal tokens, so that every change names its person.
struct Staff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "工作人员账号：每人一个令牌，操作记录写明是谁；领导账号负责销号。",
        subcommands: [Add.self, ListStaff.self, Reissue.self, Revoke.self])

    /// Prints a new token once, or writes it to an owner-only file.
    static func show(_ reply: StaffTokenReply, to file: String?) throws {
        guard let token = reply.token else {
            print("\(reply.name)（\(reply.role.label)）的令牌已交短信网关发给本人（\(reply.sentTo ?? "")），不在此显示；发送结果见 \(CommandName.current) sms。")
            return
        }
        try SecretOutput.emit(
            token + "\n", to: file,
            saved: "\(reply.name)（\(reply.role.label)）的令牌已写入 \(file ?? "")（仅所有者可读）。",
            screen: "\(reply.name)（\(reply.role.label)）的令牌（只显示这一次，请交本人保管）：\n\(token)\n")
        print("本人使用时：SURVEY_ADMIN_TOKEN=<令牌> survey …，或 --token-file <文件>。")
        if reply.role == .leader {
            print("他人签发的令牌须由领导本人更换后方可验收销号：survey staff reissue \(reply.name) --token-file <文件> --token-out <文件>。")
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "新增工作人员并签发个人令牌。")
        @Argument(help: "姓名。") var name: String
        @Option(help: "角色：office（工作人员：交办、记录进展和整改结果）或 leader（领导：验收销号）。") var role: StaffRole
        @Option(help: "本人手机号：服务器有短信网关时，他人为其签发的令牌只以短信发给本人。") var phone: String?
        @Option(help: "把令牌写入此文件（仅所有者可读），而不是显示在屏幕上。") var tokenOut: String?
        @OptionGroup var options: ServerOptions

        func run() throws {
            try OutputFile.check(tokenOut)
            let body = CanonicalJSON.bytes(StaffRequest(name: name, role: role, phone: phone))
            try Staff.show(try options.client().call("POST", "/api/staff", body: body, as: StaffTokenReply.self), to: tokenOut)
        }
    }

    struct ListStaff: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "列出工作人员账号。")
        @OptionGroup var options: ServerOptions

        func run() throws {
            let entries = try options.client().call("GET", "/api/staff", as: [StaffEntry].self)
            print("姓名\t角色\t签发时间\t状态")
            for entry in entries {
                print(
                    "\(UntrustedText.forTerminal(entry.name))\t\(entry.role.label)\t\(BeijingTime.show(entry.createdAt))\t"
                        + (entry.revokedAt.map { "已停用（\(BeijingTime.show($0))）" } ?? "有效"))
            }
            print("共 \(entries.count) 人。共用管理令牌（\(StaffMember.legacyAdmin.name)）另计，按工作人员处理。")
        }
    }

    struct Reissue: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "重新签发令牌；旧令牌立即失效。")
        @Argument(help: "姓名。") var name: String
        @Option(help: "把令牌写入此文件（仅所有者可读）。") var tokenOut: String?
        @OptionGroup var options: ServerOptions

        func run() throws {
            try OutputFile.check(tokenOut)
            let body = CanonicalJSON.bytes(StaffRequest(name: name))
            try Staff.show(try options.client().call("POST", "/api/staff/reissue", body: body, as: StaffTokenReply.self), to: tokenOut)
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "停用账号；其令牌立即失效。")
        @Argument(help: "姓名。") var name: String
        @OptionGroup var options: ServerOptions

        func run() throws {
            _ = try options.client().call("POST", "/api/staff/revoke", body: CanonicalJSON.bytes(StaffRequest(name: name)), as: [String: String].self)
            print("已停用 \(name) 的账号。")
        }
    }
}

extension StaffRole: ExpressibleByArgument {}
