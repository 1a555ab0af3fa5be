import Foundation
import SurveyAPI
import SurveyCore
import SurveyFiles
import SurveyStore

/// Responsible units: their links, and their pages' steps on their own rows.
extension AdminAPI {
    /// `POST /api/units`: the units CSV (单位,联系人,电话) as the body. All or nothing; each new unit
    /// gets a link token, shown this once.
    func importUnits(_ body: [UInt8], actor: String, at now: Date) throws -> HTTPResponse {
        let units: [ResponsibleUnit]
        switch UnitsCSV.parse(body) {
        case .success(let parsed): units = parsed
        case .failure(let errors): return .error(.invalidUnits, "单位文件有误，未导入任何数据", details: errors.messages)
        }
        var tokens: [String: String] = [:]
        let added = try database.importUnits(
            units,
            tokenHash: { name in
                let token = TokenHasher.makeToken()
                tokens[name] = token
                return TokenHasher.hash(token)
            }, actor: actor, at: now)
        unitsByTokenHash = try database.unitsByTokenHash()
        if office.handover.smsLink { try database.keepUnitLinks(tokens.filter { added.contains($0.key) }) }
        let addedSet = Set(added)
        return .json(
            UnitsImportReply(
                added: added.compactMap { name in tokens[name].map { UnitToken(unit: name, token: $0) } },
                updated: units.map(\.name).filter { !addedSet.contains($0) }))
    }

    /// `POST /api/units/reissue` with `{"unit"}`: a new link; the old one stops working and its
    /// open pages are closed.
    func reissueUnit(_ body: [UInt8], actor: String, hub: Hub, at now: Date) throws -> (HTTPResponse, [HubAction]) {
        let request: UnitReissueRequest
        switch decodeBody(UnitReissueRequest.self, from: body, expected: "{\"unit\": \"单位名称\"}") {
        case .success(let decoded): request = decoded
        case .failure(let response): return (response, [])
        }
        let token = TokenHasher.makeToken()
        guard try database.replaceUnitToken(name: request.unit, tokenHash: TokenHasher.hash(token), actor: actor, at: now) else {
            return (.error(.unknownUnit, "没有名为“\(request.unit)”的责任单位（先用 survey units import 导入）"), [])
        }
        unitsByTokenHash = try database.unitsByTokenHash()
        if office.handover.smsLink { try database.keepUnitLinks([request.unit: token]) }
        let closes = hub.unitConnections(of: [request.unit]).map { HubAction.close($0.connection, code: 4401, reason: "link reissued") }
        return (.json(UnitToken(unit: request.unit, token: token)), closes)
    }

    /// The unit whose link token this is.
    func unitName(token: String) -> String? { TokenHasher.lookup(token, in: unitsByTokenHash) }

    /// The unit whose token the `Authorization` header carries.
    func unit(_ header: String?) -> String? {
        Self.bearerToken(header).flatMap(unitName(token:))
    }

    /// A unit's step on one of its rows, recorded under the unit's name: checked and saved on any
    /// thread (the admin writes queue), returning what its page and the other units' pages are sent.
    static func unitStep(
        _ connection: ConnectionID, unit: String, _ request: UnitRequest, context: RegisterContext, findings: FindingTally,
        connectedUnits: Set<String>, database: SurveyDatabase, at now: Date
    ) throws -> HubApply {
        func refuse(_ code: ErrorCode, _ message: String) -> HubApply {
            let frame = ServerMessage.error(ProtocolError(code, message), ref: request.type)
            return { _ in [.send(connection, frame)] }
        }
        guard let row = try context.rows(database: database, findings: findings).first(where: { $0.number == request.row }),
            row.isHanded(to: unit)
        else { return refuse(.notYourRow, "第 \(request.row) 项没有交办给\(unit)，不能操作") }
        let action: RectifyAction =
            switch request {
            case .progress(_, let note): .progress(note: "【\(unit)】\(note)")
            case .measureDone(_, let index): .measureDone(index: index)
            case .receipt(_, let name): .receipt(by: name)
            }
        if case .receipt = action, row.unit != unit {
            return refuse(.notYourRow, "第 \(request.row) 项由“\(row.unit ?? "—")”牵头，由牵头单位签收")
        }
        if case .progress = action, row.status > .inProgress {
            return refuse(.workflow, "第 \(request.row) 项\(row.status.label)，如需补充请联系政务服务办")
        }
        switch RectificationWorkflow.apply(action, reason: nil, to: row, at: now) {
        case .failure(let error):
            return refuse(.workflow, error.message)
        case .success(let (updated, changes)):
            try database.saveRectificationRow(updated, changes: changes, actor: unit, at: now)
            let frames = try context.unitFrames(units: Set(updated.units).intersection(connectedUnits), database: database, findings: findings)
            let ack = UnitMessage.ack(row: row.number, ref: request.type)
            return { hub in [.send(connection, ack)] + RegisterContext.sends(frames, hub: hub) }
        }
    }
}
