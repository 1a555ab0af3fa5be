import Foundation
import SurveyAPI
import SurveyCore
import SurveyFiles
import SurveyStore

/// Problems entered into the 台账 from any channel, by hand or from an imported 台账.
extension AdminAPI {
    /// `POST /api/rectify` with one `RegisterEntry`.
    func enterProblem(_ body: [UInt8], actor: String, hub: Hub, at now: Date) -> AdminPlan {
        switch decodeBody(RegisterEntry.self, from: body, expected: "{\"source\": \"12345热线\", \"text\": \"…\", \"items\": [\"R05\"]}") {
        case .success(let entry):
            entering(hub: hub) { context, database in try context.enter([(nil, entry)], parseProblems: [], actor: actor, at: now, database: database) }
        case .failure(let response): .answer(response)
        }
    }

    /// `POST /api/rectify/import?name=FILE[&source=S][&item=R05]…` with an existing 台账 (XLSX or CSV)
    /// as the body: all or nothing, read and stored off the loop thread.
    func importRegister(_ request: HTTPRequest, actor: String, hub: Hub, at now: Date) -> AdminPlan {
        let name = request.query("name") ?? ""
        let isWorkbook = name.lowercased().hasSuffix(".xlsx") || request.body.starts(with: [0x50, 0x4B, 0x03, 0x04])
        let items = request.queryValues("item").map(ReviewItem.id(named:))
        let (body, source) = (request.body, request.query("source"))
        return entering(hub: hub) { context, database in
            switch RegisterSheet.entries(body, isWorkbook: isWorkbook, source: source, items: items) {
            case .failure(let error): return (.error(.invalidEntry, "导入的台账无法读取，未导入任何一行：\(error.message)"), [])
            case .success(let sheet):
                return try context.enter(sheet.entries.map { ($0.line, $0.entry) }, parseProblems: sheet.problems, actor: actor, at: now, database: database)
            }
        }
    }

    /// Entries stored on the admin writes queue; the units they are handed to get their rows.
    private func entering(
        hub: Hub, _ enter: @escaping @Sendable (RegisterContext, SurveyDatabase) throws -> (response: HTTPResponse, units: Set<String>)
    ) -> AdminPlan {
        let (context, findings, connected) = (registerContext, hub.findings, hub.connectedUnits)
        return .store { database in
            let (response, units) = try enter(context, database)
            let frames = try context.unitFrames(units: units.intersection(connected), database: database, findings: findings)
            return { hub in (response, RegisterContext.sends(frames, hub: hub)) }
        }
    }
}
