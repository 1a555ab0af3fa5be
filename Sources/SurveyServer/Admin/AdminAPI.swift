import Foundation
import SurveyAPI
import SurveyCore
import SurveyFiles
import SurveyStore

/// The HTTP admin API (docs/ADMIN-API.md). Runs on the loop thread, updating the hub it is handed
/// and returning the hub's actions for the transport to carry out.
final class AdminAPI {
    let database: SurveyDatabase
    private var adminTokenHashes: [String]
    /// Named staff accounts by token hash; reloaded when they change.
    var staffByTokenHash: [String: StaffMember]
    let reviewItemList: [ReviewItem]
    let threshold: FindingThreshold
    let calendar: WorkCalendar
    /// Units' link tokens: unit names by token hash; reloaded when they change.
    var unitsByTokenHash: [String: String]
    /// Where evidence files are kept, and how large one may be.
    let evidenceDirectory: String
    let maxEvidenceBytes: Int
    /// When the 回访 lets a row be signed off.
    let followUpPolicy: FollowUpPolicy
    /// Units whose open pages are due fresh rows after a change made while building the register
    /// (a 回头看 reopen); sent with the reply of the call that caused it.
    var unitsToRefresh: Set<String> = []
    /// The office's names and categories.
    var office = OfficeProfile.fallback
    /// The SMS gateway, when the office has one (`--sms-command`).
    var gateway: TextMessageGateway?
    private var reviewItems: Set<String>? { reviewItemList.isEmpty ? nil : Set(reviewItemList.map(\.id)) }

    /// - Parameters:
    ///   - reviewItems: the review items; launched surveys must refer only to these.
    ///   - threshold: when a problem enters the rectification list.
    ///   - calendar: working days, for the deadlines of case leads.
    ///   - evidenceDirectory: where evidence files are stored under their SHA-256.
    init(
        database: SurveyDatabase, reviewItems: [ReviewItem], threshold: FindingThreshold, calendar: WorkCalendar,
        evidenceDirectory: String, maxEvidenceBytes: Int, followUpPolicy: FollowUpPolicy
    ) throws {
        self.database = database
        self.evidenceDirectory = evidenceDirectory
        self.maxEvidenceBytes = maxEvidenceBytes
        self.followUpPolicy = followUpPolicy
        self.unitsByTokenHash = try database.unitsByTokenHash()
        self.reviewItemList = reviewItems
        self.threshold = threshold
        self.calendar = calendar
        self.staffByTokenHash = try database.staffByTokenHash()
        self.adminTokenHashes = try database.adminTokenHashes()
    }

    func handle(_ request: HTTPRequest, hub: inout Hub, at now: Date) -> (HTTPResponse, [HubAction]) {
        let segments = request.path.split(separator: "/").map(String.init)
        if request.method == "GET" && (segments == ["healthz"] || segments == ["api", "healthz"]) {
            return (.json(Health(status: "ok", online: hub.authenticatedCount, openSurveys: hub.openSurveys.count)), [])
        }
        guard segments.first == "api", let staff = staffMember(request.authorization) else {
            guard segments.first == "api" else { return (.error(404, "not_found", "没有这个接口：\(request.path)"), []) }
            if let unit = unit(request.authorization) { return unitRoute(request, segments: segments, unit: unit, hub: &hub, at: now) }
            return (.error(401, "unauthorized", "缺少或错误的管理令牌（Authorization: Bearer <令牌>）"), [])
        }
        do {
            let (response, actions) = try route(request, segments: segments, staff: staff, hub: &hub, at: now)
            return (response, actions + (try deferredActions(hub: hub, at: now)))
        } catch {
            return (.error(500, "internal", "服务器内部错误，未作任何更改：\(error)"), [])
        }
    }

    /// What a unit's link may do over HTTP: upload and fetch evidence on its own rows.
    private func unitRoute(_ request: HTTPRequest, segments: [String], unit: String, hub: inout Hub, at now: Date) -> (HTTPResponse, [HubAction]) {
        do {
            if request.method == "POST", segments.count == 4, segments[1] == "rectify", segments[3] == "evidence", let number = Int(segments[2]) {
                return try uploadEvidence(number: number, request, by: unit, unit: unit, hub: &hub, at: now)
            }
            if request.method == "GET", segments.count == 3, segments[1] == "evidence" {
                return (try downloadEvidence(segments[2], unit: unit, hub: hub, at: now), [])
            }
        } catch {
            return (.error(500, "internal", "服务器内部错误，未作任何更改：\(error)"), [])
        }
        return (.error(403, "forbidden", "单位链接只能查看本单位的整改事项并上传佐证材料，不能使用管理接口"), [])
    }

    private func route(
        _ request: HTTPRequest, segments: [String], staff: StaffMember, hub: inout Hub, at now: Date
    ) throws -> (HTTPResponse, [HubAction]) {
        let actor = staff.name
        switch (request.method, segments.dropFirst().joined(separator: "/")) {
        case ("GET", "surveys"):
            return (try list(), [])
        case ("POST", "surveys"):
            return try launch(request, actor: actor, hub: &hub, at: now)
        case ("GET", "roster"):
            return (.json(try database.roster().map(\.supervisor)), [])
        case ("POST", "roster"):
            return try importRoster(request.body, actor: actor, hub: &hub, at: now)
        case ("POST", "roster/reissue"):
            return try reissue(request.body, actor: actor, hub: &hub, at: now)
        case ("POST", "projector/link"):
            return (try projectorLink(actor: actor, hub: &hub, at: now), [])
        case ("GET", "staff"):
            return (.json(try database.staff()), [])
        case ("POST", "staff"), ("POST", "staff/reissue"), ("POST", "staff/revoke"):
            return (try manageStaff(request, by: staff, at: now), [])
        case ("GET", "units"):
            return (.json(try database.units()), [])
        case ("POST", "units"):
            return (try importUnits(request.body, actor: actor, at: now), [])
        case ("POST", "units/reissue"):
            return try reissueUnit(request.body, actor: actor, hub: hub, at: now)
        case ("GET", "selfcheck"):
            return (.json(try database.selfChecks()), [])
        case ("POST", "selfcheck"):
            return (try setSelfCheck(request.body, actor: actor, at: now), [])
        case ("GET", "sms"):
            let limit = request.query("limit").flatMap(Int.init) ?? 200
            return (.json(try database.textMessages(limit: max(1, min(limit, 10_000)))), [])
        case ("POST", "comments/approve-all"):
            return try approveAll(request, actor: actor, hub: &hub, at: now)
        case ("GET", "comments"):
            return (try listComments(request), [])
        case ("GET", "rectify"):
            return (try listRectification(request, hub: hub, at: now), [])
        case ("GET", "report"):
            return (try report(hub: hub, at: now), [])
        case ("GET", "audit"):
            let limit = request.query("limit").flatMap(Int.init) ?? 200
            return (.json(try database.auditTrail(limit: max(1, min(limit, 10_000)))), [])
        default:
            break
        }
        if request.method == "GET" && segments.count == 3 && segments[1] == "evidence" {
            return (try downloadEvidence(segments[2], unit: nil, hub: hub, at: now), [])
        }
        if segments.count == 4 && segments[1] == "comments" && request.method == "POST" && ["approve", "reject"].contains(segments[3]) {
            return try moderate(segments[2], approve: segments[3] == "approve", actor: actor, hub: &hub, at: now)
        }
        if segments.count >= 3 && segments[1] == "rectify" {
            guard let number = Int(segments[2]) else { return (.error(404, "unknown_row", "序号“\(segments[2])”无效"), []) }
            if request.method == "POST" && segments.count == 3 {
                return try rectify(number: number, request.body, by: staff, hub: &hub, at: now)
            }
            if request.method == "POST" && segments.count == 4 && segments[3] == "evidence" {
                return try uploadEvidence(number: number, request, by: actor, unit: nil, hub: &hub, at: now)
            }
            if request.method == "GET" && segments.count == 4 && segments[3] == "history" {
                return (.json(try database.rectificationHistory(number: number)), [])
            }
        }
        if segments.count == 4 && segments[0] == "api" && segments[1] == "surveys" {
            let id = segments[2]
            switch (request.method, segments[3]) {
            case ("GET", "status"):
                guard let status = try database.status(survey: id) else { return (unknownSurvey(id), []) }
                return (.json(status), [])
            case ("POST", "close"):
                guard try database.close(survey: id, actor: actor, at: now) else { return (unknownSurvey(id), []) }
                return (.json(["survey": id, "state": "closed"]), hub.closed(survey: id))
            case ("POST", "remind"):
                guard let (actions, reminded, offline) = hub.remind(survey: id) else {
                    return (.error(404, "not_open", "没有编号为“\(id)”的进行中问卷"), [])
                }
                try database.audit(actor: actor, action: "remind", detail: "\(id) 在线提醒 \(reminded.count) 人，未在线 \(offline.count) 人", at: now)
                var texted = 0
                if let gateway, let survey = hub.openSurveys.first(where: { $0.survey.id == id }) {
                    let text = "【营商环境监督】\(String(decoding: ServerMessage.remindText(survey), as: UTF8.self))请用您的个人链接填写。"
                    gateway.send(offline.map { TextMessage(kind: .remind, recipient: $0.id, phone: $0.phone, text: text) })
                    texted = offline.count
                }
                return (.json(RemindReply(survey: id, reminded: reminded, notConnected: offline, texted: texted)), actions)
            case ("GET", "responses"):
                guard let reply = try database.responses(survey: id) else { return (unknownSurvey(id), []) }
                return (.json(reply), [])
            default:
                break
            }
        }
        return (.error(404, "not_found", "没有这个接口：\(request.method) \(request.path)"), [])
    }

    /// Whether an `Authorization` header carries a valid admin or staff token.
    func isAdmin(_ header: String?) -> Bool { staffMember(header) != nil }

    /// The staff member whose token the `Authorization` header carries: a named account, or the
    /// shared admin token (the first office account).
    func staffMember(_ header: String?) -> StaffMember? {
        guard let token = Self.bearerToken(header) else { return nil }
        let hash = TokenHasher.hash(token)
        if let member = staffByTokenHash[hash] { return member }
        // Check every stored hash without stopping early.
        let admin = adminTokenHashes.reduce(false) { found, stored in TokenHasher.constantTimeEqual(hash, stored) || found }
        return admin ? .legacyAdmin : nil
    }

    /// The token of an `Authorization: Bearer …` header; the scheme is case-insensitive (RFC 9110 §11.1).
    static func bearerToken(_ header: String?) -> String? {
        guard let header, header.prefix(7).lowercased() == "bearer " else { return nil }
        return String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
    }

    /// The unit pages due fresh rows, once.
    func deferredActions(hub: Hub, at now: Date) throws -> [HubAction] {
        guard !unitsToRefresh.isEmpty else { return [] }
        let units = unitsToRefresh
        unitsToRefresh = []
        return try unitRefresh(units: units, hub: hub, at: now)
    }

    /// A JSON request body as `T`, or the error to answer: a repeated key is refused, as on the
    /// WebSocket, since parsers disagree on which copy wins.
    func decodeBody<T: Decodable>(_ type: T.Type, from body: [UInt8], expected: String) -> Result<T, HTTPResponse> {
        if let key = DuplicateKeyScanner.firstDuplicate(in: body) {
            return .failure(.error(400, "bad_request", "请求正文中字段“\(key.prefix(64))”重复出现"))
        }
        guard let value = try? JSONDecoder().decode(T.self, from: Data(body)) else {
            return .failure(.error(400, "bad_request", "请求正文应为 \(expected)"))
        }
        return .success(value)
    }

    private func unknownSurvey(_ id: String) -> HTTPResponse {
        .error(404, "unknown_survey", "没有编号为“\(id)”的问卷")
    }

    private func list() throws -> HTTPResponse {
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

    /// `POST /api/surveys[?deadline=ISO8601][&to=CATEGORY|ID]...` with the YAML file as the body.
    private func launch(_ request: HTTPRequest, actor: String, hub: inout Hub, at now: Date) throws -> (HTTPResponse, [HubAction]) {
        var deadline: Date?
        if let text = request.query("deadline") {
            guard let parsed = Timestamp.date(text) else {
                return (.error(400, "bad_request", "截止时间“\(text)”格式无效，应为 ISO 8601，如 2026-12-31T10:00:00Z"), [])
            }
            deadline = parsed
        }
        let audience = Audience(targets: request.queryValues("to"), categories: office.categories)
        let unknown = audience.ids.filter { !hub.isOnRoster($0) }
        guard unknown.isEmpty else {
            let categories = office.categories.map(\.rawValue).joined(separator: "、")
            return (.error(400, "unknown_audience", "“\(unknown.joined(separator: "、"))”既不是监督员类别（\(categories)），也不是名册中的编号"), [])
        }
        let loaded: (survey: Survey, warnings: [SurveyFileIssue])
        do {
            loaded = try SurveyLoader.load(
                yaml: request.body, file: request.query("file").map { String(UntrustedText.forTerminal($0).prefix(100)) } ?? "问卷文件", reviewItems: reviewItems,
                categories: Set(office.categories.map(\.rawValue)))
        } catch {
            return (.error(422, "invalid_survey", "问卷文件有误", details: error.issues.map(\.description)), [])
        }
        let outcome = try database.launch(loaded.survey, deadline: deadline, audience: audience, actor: actor, at: now)
        let actions = outcome.needsPush ? hub.launched(outcome.published, at: now) : []
        let published = outcome.published
        let pushed = actions.filter { if case .send = $0 { true } else { false } }.count
        let reply = LaunchReply(
            outcome: outcome.kind.rawValue, survey: published.survey.id, title: published.survey.title, version: published.version,
            pushed: pushed, warnings: loaded.warnings.map(\.description))
        return (.json(reply, status: outcome.kind == .new ? 201 : 200), actions)
    }
}
