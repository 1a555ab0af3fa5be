import Foundation
import SurveyCore
import SurveyStore

/// Projector links and comment moderation.
extension AdminAPI {
    /// `POST /api/projector/link`: a new read-only projector token, shown this once.
    func projectorLink(actor: String, hub: inout Hub, at now: Date) throws -> HTTPResponse {
        let token = TokenHasher.makeToken()
        try database.addProjectorToken(hash: TokenHasher.hash(token), actor: actor, at: now)
        hub.addProjectorToken(hash: TokenHasher.hash(token))
        return .json(["token": token, "path": "/projector.html#p=\(token)", "id": String(TokenHasher.hash(token).prefix(8))])
    }

    /// `POST /api/projector/revoke` with `{"id"}`: the link stops working and its open screens close.
    func revokeProjectorLink(_ body: [UInt8], actor: String, hub: inout Hub, at now: Date) throws -> (HTTPResponse, [HubAction]) {
        struct Request: Decodable { let id: String }
        let request: Request
        switch decodeBody(Request.self, from: body, expected: "{\"id\": \"投屏链接编号\"}") {
        case .success(let decoded): request = decoded
        case .failure(let response): return (response, [])
        }
        let id = request.id.lowercased()
        guard id.count >= 6, id.count <= 64, id.allSatisfy(\.isHexDigit) else {
            return (.error(.badRequest, "投屏链接编号应为 survey projector list 列出的编号（至少前 6 位）"), [])
        }
        switch try database.revokeProjectorLink(id: id, actor: actor, at: now) {
        case 1:
            let actions = hub.projectorTokensChanged(try database.projectorTokenHashes())
            return (.json(["id": id, "state": "revoked"]), actions)
        case 0: return (.error(.notFound, "没有编号为“\(id)”的投屏链接（survey projector list 查看）"), [])
        default: return (.error(.badRequest, "编号“\(id)”对应多个投屏链接，请给出更长的编号"), [])
        }
    }

    /// `POST /api/comments/ID/approve` or `/reject`.
    func moderate(_ id: String, approve: Bool, actor: String, hub: inout Hub, at now: Date) throws -> (HTTPResponse, [HubAction]) {
        guard let (entry, previous) = try database.moderate(comment: id, approve: approve, actor: actor, at: now) else {
            return (.error(.unknownComment, "没有编号为“\(id)”的意见"), [])
        }
        var actions: [HubAction] = []
        if approve && previous != "approved" { actions = hub.commentApproved(entry.text, survey: entry.survey) }
        if !approve && previous == "approved" { actions = hub.commentRejected(entry.text, survey: entry.survey) }
        return (.json(entry), actions)
    }

    /// `POST /api/comments/approve-all[?survey=S]`: approves every pending comment (never one
    /// already rejected); replies `{"approved": N}`.
    func approveAll(_ request: HTTPRequest, actor: String, hub: inout Hub, at now: Date) throws -> (HTTPResponse, [HubAction]) {
        let survey = request.query("survey")
        if let survey, try !database.hasSurvey(survey) { return (Self.unknownSurvey(survey), []) }
        let pending = try database.comments(survey: survey).filter { $0.state == "pending" }
        var actions: [HubAction] = []
        for entry in try database.moderate(pending, approve: true, actor: actor, at: now) {
            actions += hub.commentApproved(entry.text, survey: entry.survey)
        }
        // Every approval asks for the same coalesced refresh.
        return (.json(["approved": pending.count]), actions.isEmpty ? [] : [.refreshProjectors])
    }
}
