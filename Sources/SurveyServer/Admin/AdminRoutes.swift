import Foundation
import SurveyAPI
import SurveyCore
import SurveyStore

/// Every admin API call (docs/ADMIN-API.md), in one table.
extension AdminAPI {
    static let routes: [AdminRoute] = [
        AdminRoute("GET", "surveys", .read { database, _ in try surveyList(database) }),
        AdminRoute("POST", "surveys", .plan { api, call, hub in api.launch(call.request, actor: call.actor, hub: hub, at: call.now) }),
        AdminRoute(
            "GET", "surveys/*/status",
            .read { database, call in
                guard let status = try database.status(survey: call.parameter) else { return unknownSurvey(call.parameter) }
                return .json(status)
            }),
        AdminRoute(
            "GET", "surveys/*/responses",
            .read { database, call in
                guard let reply = try database.responses(survey: call.parameter) else { return unknownSurvey(call.parameter) }
                return .json(reply)
            }),
        AdminRoute(
            "POST", "surveys/*/close",
            .plan { _, call, _ in
                .store { database in
                    guard try database.close(survey: call.parameter, actor: call.actor, at: call.now) else {
                        return { _ in (unknownSurvey(call.parameter), []) }
                    }
                    return { hub in (.json(["survey": call.parameter, "state": "closed"]), hub.closed(survey: call.parameter)) }
                }
            }),
        AdminRoute("POST", "surveys/*/remind", .loop { api, call, hub in try api.remind(survey: call.parameter, actor: call.actor, hub: &hub, at: call.now) }),
        AdminRoute("GET", "server", .loop { api, _, _ in (.json(api.publicURL.map { ["publicURL": $0] } ?? [:]), []) }),
        AdminRoute("GET", "roster", .read { database, _ in .json(try database.roster().map(\.supervisor)) }),
        AdminRoute("POST", "roster", .loop { api, call, hub in try api.importRoster(call.request.body, actor: call.actor, hub: &hub, at: call.now) }),
        AdminRoute("POST", "roster/reissue", .loop { api, call, hub in try api.reissue(call.request.body, actor: call.actor, hub: &hub, at: call.now) }),
        AdminRoute(
            "GET", "projector/links", .read { database, _ in .json(try database.projectorLinks().map { ["id": $0.id, "createdAt": $0.createdAt] }) }),
        AdminRoute(
            "POST", "projector/revoke", .loop { api, call, hub in try api.revokeProjectorLink(call.request.body, actor: call.actor, hub: &hub, at: call.now) }),
        AdminRoute("POST", "projector/link", .loop { api, call, hub in (try api.projectorLink(actor: call.actor, hub: &hub, at: call.now), []) }),
        AdminRoute("GET", "staff", .read { database, _ in .json(try database.staff()) }),
        AdminRoute("POST", "staff", .loop { api, call, _ in (try api.manageStaff(call), []) }),
        AdminRoute("POST", "staff/reissue", .loop { api, call, _ in (try api.manageStaff(call), []) }),
        AdminRoute("POST", "staff/revoke", .loop { api, call, _ in (try api.manageStaff(call), []) }),
        AdminRoute("GET", "units", .read { database, _ in .json(try database.units()) }),
        AdminRoute("GET", "units/scores", .plan { api, call, hub in api.unitScores(call.request, hub: hub, at: call.now) }),
        AdminRoute("POST", "units", .loop { api, call, _ in (try api.importUnits(call.request.body, actor: call.actor, at: call.now), []) }),
        AdminRoute("POST", "units/reissue", .loop { api, call, hub in try api.reissueUnit(call.request.body, actor: call.actor, hub: hub, at: call.now) }),
        AdminRoute("GET", "selfcheck", .read { database, _ in .json(try database.selfChecks()) }),
        AdminRoute("POST", "selfcheck", .loop { api, call, _ in (try api.setSelfCheck(call.request.body, actor: call.actor, at: call.now), []) }),
        AdminRoute("GET", "sms", .read(limited { database, limit in .json(try database.textMessages(limit: limit)) })),
        AdminRoute("GET", "audit", .read(limited { database, limit in .json(try database.auditTrail(limit: limit)) })),
        AdminRoute("GET", "comments", .read { database, call in try listComments(database, call.request) }),
        AdminRoute("POST", "comments/approve-all", .loop { api, call, hub in try api.approveAll(call.request, actor: call.actor, hub: &hub, at: call.now) }),
        AdminRoute(
            "POST", "comments/*/approve",
            .loop { api, call, hub in try api.moderate(call.parameter, approve: true, actor: call.actor, hub: &hub, at: call.now) }),
        AdminRoute(
            "POST", "comments/*/reject",
            .loop { api, call, hub in try api.moderate(call.parameter, approve: false, actor: call.actor, hub: &hub, at: call.now) }),
        AdminRoute("GET", "rectify", .plan { api, call, hub in api.listRectification(call.request, hub: hub, at: call.now) }),
        AdminRoute("GET", "rectify/handover", .plan { api, call, hub in api.handoverSheets(call.request, hub: hub, at: call.now) }),
        AdminRoute("GET", "report", .plan { api, call, hub in api.report(call, hub: hub) }),
        AdminRoute(
            "GET", "rectify/*/history",
            .read { database, call in
                guard let number = Int(call.parameter), try database.rectificationNumbers().values.contains(number) else {
                    return unknownRow(call.parameter)
                }
                return .json(try database.rectificationHistory(number: number))
            }),
        AdminRoute("POST", "rectify", .plan { api, call, hub in api.enterProblem(call.request.body, actor: call.actor, hub: hub, at: call.now) }),
        AdminRoute("POST", "rectify/import", .plan { api, call, hub in api.importRegister(call.request, actor: call.actor, hub: hub, at: call.now) }),
        AdminRoute(
            "POST", "rectify/*",
            .plan { api, call, hub in
                guard let number = Int(call.parameter), let staff = call.staff else { return .answer(unknownRow(call.parameter)) }
                return api.rectify(number: number, call.request.body, by: staff, hub: hub, at: call.now)
            }),
        AdminRoute(
            "POST", "rectify/*/evidence",
            .plan { api, call, hub in
                guard let number = Int(call.parameter) else { return .answer(unknownRow(call.parameter)) }
                return api.uploadEvidence(number: number, call.request, by: call.actor, unit: call.unit, hub: hub, at: call.now)
            }, access: .staffOrUnit),
        AdminRoute(
            "GET", "evidence/*",
            .plan { api, call, hub in api.downloadEvidence(call.parameter, unit: call.unit, hub: hub) },
            access: .staffOrUnit),
    ]

    static func unknownSurvey(_ id: String) -> HTTPResponse {
        .error(.unknownSurvey, "没有编号为“\(id)”的问卷")
    }

    static func unknownRow(_ text: String) -> HTTPResponse {
        .error(.unknownRow, Int(text) != nil ? "整改清单中没有第 \(text) 项" : "序号“\(text)”无效")
    }

    /// `?limit=N` of a listing: 200 by default, a whole number from 1 to 10,000; nil when it is not.
    static func limit(_ request: HTTPRequest) -> Int? {
        guard let text = request.query("limit") else { return 200 }
        guard let value = Int(text), (1...10_000).contains(value) else { return nil }
        return value
    }

    /// A listing's reading, given its `?limit=` once checked; a bad one is answered 400.
    static func limited(
        _ read: @escaping @Sendable (SurveyDatabase, Int) throws -> HTTPResponse
    ) -> @Sendable (SurveyDatabase, AdminCall) throws -> HTTPResponse {
        { database, call in
            guard let limit = limit(call.request) else {
                return .error(.badRequest, "limit 应为 1 到 10000 的整数，不是“\(call.request.query("limit")?.prefix(32) ?? "")”")
            }
            return try read(database, limit)
        }
    }

    /// `GET /api/surveys`: each survey's latest version with its number of responses.
    static func surveyList(_ database: SurveyDatabase) throws -> HTTPResponse {
        let counts = Dictionary(grouping: try database.submissions(), by: \.survey).mapValues(\.count)
        var latest: [String: (survey: PublishedSurvey, closed: Bool)] = [:]
        for entry in try database.published() { latest[entry.survey.survey.id] = entry }
        let rows = latest.values.sorted { $0.survey.launchedAt < $1.survey.launchedAt }.map { entry in
            SurveySummary(
                survey: entry.survey.survey.id, title: entry.survey.survey.title, version: entry.survey.version,
                closed: entry.closed, launchedAt: Timestamp.string(entry.survey.launchedAt),
                submitted: counts[entry.survey.survey.id] ?? 0)
        }
        return .json(rows)
    }

    /// `GET /api/comments[?survey=ID][&state=pending|approved|rejected]`.
    static func listComments(_ database: SurveyDatabase, _ request: HTTPRequest) throws -> HTTPResponse {
        let state = request.query("state")
        if let state, !["pending", "approved", "rejected"].contains(state) {
            return .error(.badRequest, "state 应为 pending、approved 或 rejected，不是“\(state.prefix(32))”")
        }
        let survey = request.query("survey")
        if let survey, try !database.hasSurvey(survey) { return unknownSurvey(survey) }
        var comments = try database.comments(survey: survey)
        if let state { comments = comments.filter { $0.state == state } }
        return .json(comments)
    }
}
