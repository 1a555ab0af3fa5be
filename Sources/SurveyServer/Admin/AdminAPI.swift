import Foundation
import SurveyAPI
import SurveyCore
import SurveyFiles
import SurveyStore

/// The HTTP admin API (docs/ADMIN-API.md), dispatched by `routes`. Its handlers run on the loop
/// thread, updating the hub they are handed and returning the hub's actions for the transport to
/// carry out; the routes that only read the database run on another thread.
final class AdminAPI {
    /// Why the node's last write to its database failed, until one succeeds (for `/healthz`).
    var databaseTrouble: String?
    let database: SurveyDatabase
    /// The shared admin token's hashes, as the staff member each stands for.
    private var adminTokenHashes: [String: StaffMember]
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
    /// Lets one sync of the register run at a time, on the loop or off it.
    let registerGate = RegisterSync.Gate()
    /// The office's names and categories.
    var office = OfficeProfile.fallback
    /// The address links are built on (`--public-url`), when set.
    var publicURL: String?
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
        self.adminTokenHashes = Dictionary(try database.adminTokenHashes().map { ($0, StaffMember.legacyAdmin) }, uniquingKeysWith: { first, _ in first })
    }

    /// Answers `request`, or says which database reading answers it off the loop thread. Health
    /// needs no token; everything else under `/api/` needs a staff token, or a unit's link for the
    /// few calls a unit may make.
    func handle(_ request: HTTPRequest, hub: inout Hub, at now: Date) -> AdminDispatch {
        let segments = request.path.split(separator: "/").map(String.init)
        if request.method == "GET" && (segments == ["healthz"] || segments == ["api", "healthz"]) {
            let health = Health(online: hub.authenticatedCount, openSurveys: hub.openSurveys.count, databaseTrouble: databaseTrouble)
            return .answer(.json(health, status: databaseTrouble == nil ? 200 : 503), [])
        }
        guard segments.first == "api" else { return .answer(.error(.notFound, "没有这个接口：\(request.path)"), []) }
        let staff = staffMember(request.authorization)
        let unit = staff == nil ? unit(request.authorization) : nil
        guard staff != nil || unit != nil else {
            return .answer(.error(.unauthorized, "缺少或错误的管理令牌（Authorization: Bearer <令牌>）"), [])
        }
        let match = Self.routes.lazy.compactMap { route in
            route.method == request.method ? route.parameters(for: segments.dropFirst()).map { (route, $0) } : nil
        }.first
        guard let (route, parameters) = match, staff != nil || route.access == .staffOrUnit else {
            if unit != nil { return .answer(.error(.forbidden, "单位链接只能查看本单位的整改事项并上传佐证材料，不能使用管理接口"), []) }
            return .answer(.error(.notFound, "没有这个接口：\(request.method) \(request.path)"), [])
        }
        let call = AdminCall(request: request, parameters: parameters, staff: staff, unit: unit, now: now)
        switch route.work {
        case .read(let read):
            return .read(answering { try read($0, call) })
        case .loop(let run):
            do {
                let (response, actions) = try run(self, call, &hub)
                return .answer(response, actions)
            } catch {
                return .answer(Self.internalError(error), [])
            }
        case .plan(let decide):
            switch decide(self, call, hub) {
            case .answer(let response): return .answer(response, [])
            case .read(let read): return .read(read)
            case .store(let store): return .store(store)
            }
        }
    }

    /// The answer to a failure we did not foresee: nothing was changed.
    static func internalError(_ error: any Error) -> HTTPResponse {
        .error(.internal, "服务器内部错误，未作任何更改：\(StoreError.explain(error))")
    }

    /// `POST /api/surveys/ID/remind`: a reminder to everyone online who has not answered, and a text
    /// message to those offline when the office has a gateway.
    func remind(survey id: String, actor: String, hub: inout Hub, at now: Date) throws -> (HTTPResponse, [HubAction]) {
        guard let (actions, remindedHere, offlineHere) = hub.remind(survey: id) else {
            return (.error(.notOpen, "没有编号为“\(id)”的进行中问卷"), [])
        }
        // A page open on another node of a shared store is reminded there (the announcement below).
        let elsewhere = try database.onlineElsewhere(at: now)
        let reminded = remindedHere + offlineHere.filter { elsewhere.contains($0.id) }
        let offline = offlineHere.filter { !elsewhere.contains($0.id) }
        try database.audit(actor: actor, action: "remind", detail: "\(id) 在线提醒 \(reminded.count) 人，未在线 \(offline.count) 人", at: now)
        try database.announce([.remind], id)
        var texted = 0
        if let gateway, let survey = hub.openSurveys.first(where: { $0.survey.id == id }) {
            let text = "【营商环境监督】\(String(decoding: ServerMessage.remindText(survey), as: UTF8.self))请用您的个人链接填写。"
            gateway.send(offline.map { TextMessage(kind: .remind, recipient: $0.id, phone: $0.phone, text: text) })
            texted = offline.count
        }
        return (.json(RemindReply(survey: id, reminded: reminded, notConnected: offline, texted: texted)), actions)
    }

    /// Another node changed the 整改台账: the next sync reads its numbers again.
    func registerChangedElsewhere() { registerGate.forget() }

    /// Admin, staff and unit tokens as stored: another node changed them. Returns the units whose
    /// link changed, whose open pages must close as on the node that reissued it.
    func reloadTokens() throws -> Set<String> {
        let before = unitsByTokenHash
        unitsByTokenHash = try database.unitsByTokenHash()
        let reissued = Set(unitsByTokenHash.filter { before[$0.key] != $0.value }.values)
        staffByTokenHash = try database.staffByTokenHash()
        adminTokenHashes = Dictionary(try database.adminTokenHashes().map { ($0, StaffMember.legacyAdmin) }, uniquingKeysWith: { first, _ in first })
        return reissued
    }

    /// Whether an `Authorization` header carries a valid admin or staff token.
    func isAdmin(_ header: String?) -> Bool { staffMember(header) != nil }

    /// The staff member whose token the `Authorization` header carries: a named account, or the
    /// shared admin token (the first office account).
    func staffMember(_ header: String?) -> StaffMember? {
        // Looked up by hash like every other token (TokenHasher.lookup says why that is safe).
        guard let token = Self.bearerToken(header) else { return nil }
        return TokenHasher.lookup(token, in: staffByTokenHash) ?? TokenHasher.lookup(token, in: adminTokenHashes)
    }

    /// The token of an `Authorization: Bearer …` header; the scheme is case-insensitive (RFC 9110 §11.1).
    static func bearerToken(_ header: String?) -> String? {
        guard let header, header.prefix(7).lowercased() == "bearer " else { return nil }
        return String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
    }

    /// A JSON request body as `T`, or the error to answer: a repeated key is refused, as on the
    /// WebSocket, since parsers disagree on which copy wins.
    func decodeBody<T: Decodable>(_ type: T.Type, from body: [UInt8], expected: String) -> Result<T, HTTPResponse> {
        if let key = DuplicateKeyScanner.firstDuplicate(in: body) {
            return .failure(.error(.badRequest, "请求正文中字段“\(key.prefix(64))”重复出现"))
        }
        guard let value = try? JSONDecoder().decode(T.self, from: Data(body)) else {
            return .failure(.error(.badRequest, "请求正文应为 \(expected)"))
        }
        return .success(value)
    }

    /// `POST /api/surveys[?deadline=ISO8601][&to=CATEGORY|ID]...` with the YAML file as the body:
    /// checked on the loop thread, stored off it, and pushed to the pages when stored.
    func launch(_ request: HTTPRequest, actor: String, hub: Hub, at now: Date) -> AdminPlan {
        let deadline = request.query("deadline").map { ($0, Timestamp.date($0)) }
        if let (text, parsed) = deadline, parsed == nil {
            return .answer(.error(.badRequest, "截止时间“\(text)”格式无效，应为 ISO 8601，如 2026-12-31T10:00:00Z"))
        }
        let audience = Audience(targets: request.queryValues("to"), categories: office.categories)
        let unknown = audience.ids.filter { !hub.isOnRoster($0) }
        guard unknown.isEmpty else {
            let categories = office.categories.map(\.rawValue).joined(separator: "、")
            return .answer(.error(.unknownAudience, "“\(unknown.joined(separator: "、"))”既不是监督员类别（\(categories)），也不是名册中的编号"))
        }
        let loaded: (survey: Survey, warnings: [SurveyFileIssue])
        do {
            loaded = try SurveyLoader.load(
                yaml: request.body, file: request.query("file").map { String(UntrustedText.forTerminal($0).prefix(100)) } ?? "问卷文件", reviewItems: reviewItems,
                categories: Set(office.categories.map(\.rawValue)))
        } catch {
            return .answer(.error(.invalidSurvey, "问卷文件有误", details: error.issues.map(\.description)))
        }
        return .store { database in
            let outcome = try database.launch(loaded.survey, deadline: deadline?.1, audience: audience, actor: actor, at: now)
            // Stored: whatever follows is applied and reported, never rolled back.
            let elsewhere = database.isShared && outcome.needsPush ? Result { try database.onlineElsewhere(at: now) } : nil
            return { hub in Self.launched(outcome, warnings: loaded.warnings, elsewhere: elsewhere, hub: &hub, at: now) }
        }
    }

    /// A stored launch reaches the hub: its pushes, and the reply. With several nodes, those it
    /// reaches elsewhere are counted, or the reply says they could not be.
    private static func launched(
        _ outcome: LaunchOutcome, warnings: [SurveyFileIssue], elsewhere: Result<Set<String>, any Error>?, hub: inout Hub, at now: Date
    ) -> (HTTPResponse, [HubAction]) {
        let actions = outcome.needsPush ? hub.launched(outcome.published, at: now) : []
        let published = outcome.published
        let pushed = actions.filter { if case .send = $0 { true } else { false } }.count
        var notes = warnings.map(\.description)
        var pushedElsewhere: Int?
        switch elsewhere {
        case .success(let online):
            pushedElsewhere =
                online.subtracting(hub.onlineSupervisorIDs).compactMap { hub.supervisor($0)?.supervisor }.filter(published.audience.includes).count
        case .failure(let error):
            notes.append("问卷已发布；未能查询其他节点上在线的监督员（\(error)），他们在其节点上照常收到")
        case nil:
            break
        }
        let reply = LaunchReply(
            outcome: outcome.kind, survey: published.survey.id, title: published.survey.title, version: published.version,
            pushed: pushed, pushedElsewhere: pushedElsewhere, warnings: notes)
        return (.json(reply, status: outcome.kind == .new ? 201 : 200), actions)
    }
}
