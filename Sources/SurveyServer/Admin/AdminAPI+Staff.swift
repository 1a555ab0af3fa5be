import Foundation
import SurveyAPI
import SurveyCore
import SurveyStore

/// Named staff accounts: add, reissue and revoke personal tokens.
extension AdminAPI {
    /// `POST /api/staff` (`{"name","role"}`), `/api/staff/reissue` and `/api/staff/revoke`
    /// (`{"name"}`); a token is shown this once.
    ///
    /// The four-eyes rule holds here too: office staff manage office accounts only; a leader's
    /// account is made, reissued or revoked by a leader or the 管理员 (the shared token). A token
    /// reissued for someone else never goes back to a colleague who asked: only to its owner, or to
    /// the 管理员 who hands it over. Every account records who issued its token, and sign-off refuses
    /// a token issued by anyone but its owner, until the owner renews it.
    func manageStaff(_ call: AdminCall) throws -> HTTPResponse {
        let request = call.request
        let now = call.now
        guard let staff = call.staff else { return .error(.forbidden, "只有工作人员可以管理工作人员账号") }
        let body: StaffRequest
        switch decodeBody(StaffRequest.self, from: request.body, expected: "{\"name\": \"姓名\", \"role\": \"office|leader\"}（role 只用于新增）") {
        case .success(let decoded): body = decoded
        case .failure(let response): return response
        }
        let name = body.name.trimmingCharacters(in: .whitespacesAndNewlines)
        // Invisible and direction characters (zero-width spaces, U+202E…) would let a name pass for another.
        guard !name.isEmpty, name.count <= 32,
            !name.unicodeScalars.contains(where: { [.control, .format].contains($0.properties.generalCategory) })
        else {
            return .error(.badRequest, "姓名不能为空、不能超过 32 个字符，也不能含控制字符、零宽字符或双向文字控制符")
        }
        // The names the server writes into histories itself, and the units', are not a person's.
        let reserved = [StaffMember.legacyAdmin.name, "system", "sample-data"]
        let unitNames = Set(try database.units().map(\.name))
        if reserved.contains(where: { $0.caseInsensitiveCompare(name) == .orderedSame }) || unitNames.contains(name) {
            return .error(.badRequest, "“\(name)”是系统或责任单位使用的名称，工作人员账号请用本人姓名")
        }
        let isAdministrator = staff == .legacyAdmin
        let account = try database.staffAccount(named: name)
        let existing = account?.member
        if (body.role == .leader || existing?.role == .leader) && staff.role != .leader && !isAdministrator {
            return .error(.forbidden, "领导账号只能由领导或管理员（共用管理令牌）新增、重新签发或停用；\(staff.name)是\(staff.role.label)")
        }
        let action = request.path.split(separator: "/").last
        if action == "reissue" && name != staff.name && !isAdministrator {
            return .error(
                .forbidden,
                "为他人重新签发的令牌不能交给他人：请\(name)本人用自己的令牌更换（survey staff reissue \(name) --token-file 本人令牌），"
                    + "或由管理员（共用管理令牌）重新签发后当面交本人")
        }
        let phone = body.phone?.trimmingCharacters(in: .whitespaces)
        if let phone, phone.wholeMatch(of: /\+?[0-9][0-9-]{5,19}/) == nil {
            return .error(.badRequest, "手机号“\(phone.prefix(24))”无效：只能含数字（可带 + 和 -），6 至 20 位")
        }
        let token = TokenHasher.makeToken()
        let reply: HTTPResponse
        switch action {
        case "staff":
            guard let role = body.role else { return .error(.badRequest, "新增工作人员须指定 role：office（工作人员）或 leader（领导）") }
            let member = StaffMember(name: name, role: role)
            guard try database.addStaff(member, tokenHash: TokenHasher.hash(token), phone: phone, actor: staff.name, at: now) else {
                return .error(.staffExists, "已有名为“\(name)”的工作人员；要换令牌请用 survey staff reissue")
            }
            reply = .json(deliver(token, to: member, phone: phone, askedBy: staff), status: 201)
        case "reissue":
            guard let member = try database.replaceStaffToken(name: name, tokenHash: TokenHasher.hash(token), actor: staff.name, at: now) else {
                return .error(.unknownStaff, "没有名为“\(name)”的工作人员")
            }
            reply = .json(deliver(token, to: member, phone: account?.phone, askedBy: staff))
        default:
            guard try database.replaceStaffToken(name: name, tokenHash: nil, actor: staff.name, at: now) != nil else {
                return .error(.unknownStaff, "没有名为“\(name)”的工作人员")
            }
            reply = .json(["name": name, "state": "revoked"])
        }
        staffByTokenHash = try database.staffByTokenHash()
        return reply
    }

    /// Where a token goes: to its owner by text message when someone else asked for it and the
    /// owner has a phone and the office a gateway (the reply then names the phone, not the token);
    /// otherwise in the reply, to be handed over.
    func deliver(_ token: String, to member: StaffMember, phone: String?, askedBy staff: StaffMember) -> StaffTokenReply {
        guard member.name != staff.name, let gateway, let phone, !phone.isEmpty else {
            return StaffTokenReply(name: member.name, role: member.role, token: token)
        }
        gateway.send([
            TextMessage(
                kind: .token, recipient: member.name, phone: phone,
                text: "【营商环境监督】\(member.name)，您的\(member.role.label)账号令牌为 \(token)，仅供本人使用；收到后请先用它更换一次令牌。",
                secret: token)
        ])
        return StaffTokenReply(name: member.name, role: member.role, token: nil, sentTo: Self.masked(phone))
    }

    /// A phone with its middle hidden: 138****5678.
    static func masked(_ phone: String) -> String {
        guard phone.count >= 8 else { return String(repeating: "*", count: max(0, phone.count - 2)) + phone.suffix(2) }
        return phone.prefix(3) + "****" + phone.suffix(4)
    }
}
