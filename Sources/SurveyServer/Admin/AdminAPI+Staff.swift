import Foundation
import SurveyAPI
import SurveyCore
import SurveyStore

/// Named staff accounts: add, reissue and revoke personal tokens.
extension AdminAPI {
    /// `POST /api/staff` (`{"name","role"}`), `/api/staff/reissue` and `/api/staff/revoke`
    /// (`{"name"}`). Office staff only; a token is shown this once.
    func manageStaff(_ call: AdminCall) throws -> HTTPResponse {
        let request = call.request
        let now = call.now
        guard let staff = call.staff, staff.role == .office else {
            return .error(.forbidden, "只有办公室工作人员可以管理工作人员账号")
        }
        let body: StaffRequest
        switch decodeBody(StaffRequest.self, from: request.body, expected: "{\"name\": \"姓名\", \"role\": \"office|leader\"}（role 只用于新增）") {
        case .success(let decoded): body = decoded
        case .failure(let response): return response
        }
        let name = body.name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 32, !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            return .error(.badRequest, "姓名不能为空、不能超过 32 个字符，也不能含控制字符")
        }
        guard name != StaffMember.legacyAdmin.name else {
            return .error(.badRequest, "“\(name)”是共用管理令牌的名称，请用本人姓名")
        }
        let token = TokenHasher.makeToken()
        let reply: HTTPResponse
        switch request.path.split(separator: "/").last {
        case "staff":
            guard let role = body.role else { return .error(.badRequest, "新增工作人员须指定 role：office（工作人员）或 leader（领导）") }
            guard try database.addStaff(StaffMember(name: name, role: role), tokenHash: TokenHasher.hash(token), actor: staff.name, at: now) else {
                return .error(.staffExists, "已有名为“\(name)”的工作人员；要换令牌请用 survey staff reissue")
            }
            reply = .json(StaffTokenReply(name: name, role: role, token: token), status: 201)
        case "reissue":
            guard let member = try database.replaceStaffToken(name: name, tokenHash: TokenHasher.hash(token), actor: staff.name, at: now) else {
                return .error(.unknownStaff, "没有名为“\(name)”的工作人员")
            }
            reply = .json(StaffTokenReply(name: member.name, role: member.role, token: token))
        default:
            guard try database.replaceStaffToken(name: name, tokenHash: nil, actor: staff.name, at: now) != nil else {
                return .error(.unknownStaff, "没有名为“\(name)”的工作人员")
            }
            reply = .json(["name": name, "state": "revoked"])
        }
        staffByTokenHash = try database.staffByTokenHash()
        return reply
    }
}
