import Foundation
import SurveyAPI
import SurveyCore
import SurveyFiles
import SurveyStore

/// Roster calls: import a CSV, and reissue personal links.
extension AdminAPI {
    /// `POST /api/roster`: the CSV file as the body. All or nothing.
    func importRoster(_ body: [UInt8], actor: String, hub: inout Hub, at now: Date) throws -> (HTTPResponse, [HubAction]) {
        let rows: [RosterCSV.Row]
        switch RosterCSV.parse(body, categories: office.categories) {
        case .success(let parsed): rows = parsed
        case .failure(let errors):
            return (.error(.invalidRoster, "名册文件有误，未导入任何数据", details: errors.messages), [])
        }
        let result = try database.importRoster(rows, actor: actor, at: now)
        let actions = hub.rosterChanged(try database.roster(), revoked: [])
        return (.json(RosterImportReply(added: result.added, updated: result.updated)), actions)
    }

    /// `POST /api/roster/reissue` with `{"ids": [...]}`: new tokens; old links stop working and
    /// their live connections are closed.
    func reissue(_ body: [UInt8], actor: String, hub: inout Hub, at now: Date) throws -> (HTTPResponse, [HubAction]) {
        let request: ReissueRequest
        switch decodeBody(ReissueRequest.self, from: body, expected: "{\"ids\": [\"S001\", ...]}") {
        case .success(let decoded) where !decoded.ids.isEmpty: request = decoded
        case .success: return (.error(.badRequest, "请求正文应为 {\"ids\": [\"S001\", ...]}"), [])
        case .failure(let response): return (response, [])
        }
        let links: [IssuedLink]
        do {
            links = try database.reissue(request.ids, actor: actor, at: now)
        } catch let error as UnknownSupervisors {
            return (.error(.unknownSupervisor, "名册中没有这些编号：\(error.ids.joined(separator: "、"))"), [])
        }
        let actions = hub.rosterChanged(try database.roster(), revoked: Set(request.ids))
        return (.json(ReissueReply(links: links)), actions)
    }
}
