import Foundation
import SurveyAPI
import SurveyCore
import SurveyReports
import SurveyStore

/// The rectification list and the report.
extension AdminAPI {
    /// The rectification list as stored, with fresh counts from the tally: what every reader sees.
    /// It only reads; `registerSync` adds the rows.
    func register(hub: Hub) throws -> [RectificationRow] {
        try registerContext.rows(database: database, findings: hub.findings)
    }

    /// The register's sync over a copy of `findings`, to run on any thread.
    func registerSync(findings: FindingTally) -> RegisterSync {
        registerContext.sync(database: database, findings: findings)
    }

    /// The office's settings the register needs, as a value work off the loop thread can carry.
    var registerContext: RegisterContext {
        RegisterContext(
            reviewItems: reviewItemList, threshold: threshold, calendar: calendar, followUpPolicy: followUpPolicy, office: office,
            publicURL: publicURL, gateway: gateway, gate: registerGate)
    }

    /// `GET /api/rectify[?item=R10][&status=assigned][&overdue=1]`.
    /// Read off the loop thread, with the tally as the hub has it now.
    func listRectification(_ request: HTTPRequest, hub: Hub, at now: Date) -> AdminPlan {
        registerReading(hub: hub) { context, rows in Self.listRectification(request, rows: rows, reviewItems: context.reviewItems, at: now) }
    }

    static func listRectification(_ request: HTTPRequest, rows register: [RectificationRow], reviewItems: [ReviewItem], at now: Date) -> HTTPResponse {
        var rows = register
        if let item = request.query("item") {
            let wanted = item.hasPrefix("R") ? item : String(format: "R%02d", Int(item) ?? -1)
            guard reviewItems.isEmpty || reviewItems.contains(where: { $0.id == wanted }) else {
                return .error(.unknownItem, "没有自查项“\(item.prefix(32))”，应为 R01 至 R\(String(format: "%02d", reviewItems.count)) 或 1 至 \(reviewItems.count)")
            }
            rows = rows.filter { $0.key.item == wanted }
        }
        // Leads by where their 核实 stands: 待核实 (pending) and 不属实 (unfounded).
        if let status = request.query("status"), let verification = LeadVerification(named: status), [.pending, .unfounded].contains(verification) {
            rows = rows.filter { $0.verification == verification }
        } else if let status = request.query("status") {
            guard let wanted = RectificationStatus(rawValue: status) ?? RectificationStatus.allCases.first(where: { $0.label == status }) else {
                let known = (RectificationStatus.allCases.map { "\($0.label)（\($0.rawValue)）" } + ["待核实（pending）", "不属实（unfounded）"])
                    .joined(separator: "、")
                return .error(.badRequest, "未知的状态“\(status.prefix(32))”，可用：\(known)")
            }
            rows = rows.filter { $0.status == wanted }
        }
        switch request.query("overdue") {
        case nil, "0", "false": break
        case "", "1", "true": rows = rows.filter { $0.isOverdue(at: now) }
        case let other?: return .error(.badRequest, "overdue 应为 1 或 0，不是“\(other.prefix(32))”")
        }
        if let round = request.query("round") { rows = rows.filter { Self.isOf(round: round, $0) } }
        return .json(rows)
    }

    /// Whether `row` belongs to the 自查批次 `round`: its concentrated problems, and with an empty
    /// round the rows no round names.
    static func isOf(round: String, _ row: RectificationRow) -> Bool {
        row.key.round == round || (row.kind != .concentrated && round.isEmpty)
    }

    /// `GET /api/rectify/handover?row=N[&row=M]…` or `?unit=U`: the 交办单 of those rows (a unit's:
    /// every row it leads that is handed over and not yet rectified); with `kind=supervise`, the
    /// 督办单 of those overdue.
    func handoverSheets(_ request: HTTPRequest, hub: Hub, at now: Date) -> AdminPlan {
        registerReading(hub: hub) { context, rows in Self.handoverSheets(request, rows: rows, context: context, at: now) }
    }

    static func handoverSheets(_ request: HTTPRequest, rows register: [RectificationRow], context: RegisterContext, at now: Date) -> HTTPResponse {
        let (office, calendar) = (context.office, context.calendar)
        let supervise = request.query("kind") == "supervise"
        var rows: [RectificationRow]
        if let unit = request.query("unit") {
            rows = register.filter { $0.unit == unit && ($0.status == .assigned || $0.status == .inProgress) && !$0.isUnfounded }
            guard !rows.isEmpty else { return .error(.unknownRow, "没有交办给“\(unit.prefix(60))”、尚未整改完成的事项") }
        } else {
            let wanted = request.queryValues("row")
            guard !wanted.isEmpty else { return .error(.badRequest, "请指定 row（序号，可重复）或 unit（责任单位）") }
            rows = []
            for text in wanted {
                guard let row = register.first(where: { String($0.number) == text }) else { return Self.unknownRow(text) }
                guard row.unit != nil, row.status >= .assigned else { return .error(.workflow, "第 \(row.number) 项尚未交办，没有交办单") }
                guard !row.isUnfounded else { return .error(.workflow, "第 \(row.number) 项经核实不属实，已办结，没有交办单") }
                rows.append(row)
            }
        }
        guard supervise else { return .json(rows.map { HandoverSheet.make($0, office: office) }) }
        if request.query("unit") != nil { rows = rows.filter { $0.isOverdue(at: now) } }
        if let onTime = rows.first(where: { !$0.isOverdue(at: now) }) {
            return .error(.workflow, "第 \(onTime.number) 项未逾期，无需督办")
        }
        if rows.isEmpty { return .error(.unknownRow, "没有逾期未办结的事项") }
        return .json(rows.map { HandoverSheet.supervision($0, office: office, calendar: calendar, today: Day.string(now)) })
    }

    /// `GET /api/units/scores[?round=R]`: each unit's 考核 figures over the rows handed to it.
    func unitScores(_ request: HTTPRequest, hub: Hub, at now: Date) -> AdminPlan {
        registerReading(hub: hub) { context, rows in
            let round = request.query("round")
            return .json(UnitScore.scores(of: round.map { round in rows.filter { Self.isOf(round: round, $0) } } ?? rows, calendar: context.calendar, at: now))
        }
    }

    /// A reading of the 台账 off the loop thread: `answer` gets the rows counted with the tally as
    /// the hub has it now.
    func registerReading(hub: Hub, _ answer: @escaping @Sendable (RegisterContext, [RectificationRow]) throws -> HTTPResponse) -> AdminPlan {
        let (context, findings) = (registerContext, hub.findings)
        return .reading { database in try answer(context, try context.rows(database: database, findings: findings)) }
    }

    /// `POST /api/rectify/N` with a `RectifyRequest`, on behalf of `staff`.
    ///
    /// Only a leader signs a row off (销号), never one they marked rectified themselves, and only once
    /// the 回访 passes the office's policy (or with a written reason). Marking a row rectified sends the
    /// 回访 to every supervisor who raised it. The signer and the history name the person whose token
    /// it is; the shared admin token may name its typist with `actor`.
    ///
    /// Checked here, on the loop thread without I/O; `RectifyStep` stores it off the loop thread.
    func rectify(number: Int, _ body: [UInt8], by staff: StaffMember, hub: Hub, at now: Date) -> AdminPlan {
        var request: RectifyRequest
        switch decodeBody(RectifyRequest.self, from: body, expected: "{\"action\": \"\(RectifyRequest.actions)\", …}") {
        case .success(let decoded): request = decoded
        case .failure(let response): return .answer(response)
        }
        if let problem = Self.checkFields(request) { return .answer(.error(.badRequest, problem)) }
        // A 时限 is a working day, or a number of working days counted from today (the 交办 date).
        var workingDays: Int?
        if ["assign", "measure"].contains(request.action), let given = request.deadline {
            switch calendar.deadline(given, from: Day.string(now)) {
            case .failure(let problem): return .answer(.error(.badRequest, problem.message))
            case .success(let (day, days)):
                if day < Day.string(now) { return .answer(.error(.badRequest, "时限 \(day) 早于今天（\(Day.string(now))），请检查日期")) }
                request.deadline = day
                workingDays = days
            }
        }
        let actor = staff == .legacyAdmin ? request.actor ?? staff.name : staff.name
        let step = RectifyStep(
            number: number, request: request, staff: staff, actor: actor, workingDays: workingDays, now: now, findings: hub.findings,
            connectedUnits: hub.connectedUnits, context: registerContext)
        return .store(step.store)
    }

    /// What is wrong with the free fields of a step, in words: an 责任人 too long for the 台账, too
    /// many 配合单位.
    static func checkFields(_ request: RectifyRequest) -> String? {
        let texts: [(String, String?, Int)] = [
            ("进展或说明（note）", request.note, 2000), ("整改措施（measure）", request.measure, 500), ("佐证材料说明（evidence）", request.evidence, 1000),
            ("验收意见（opinion）", request.opinion, 1000), ("理由（reason）", request.reason, 1000),
        ]
        for (name, text, limit) in texts {
            guard let text else { continue }
            if text.count > limit { return "\(name)不超过 \(limit) 字（现有 \(text.count) 字）" }
            if UntrustedText.hasControlOrBidi(text) {
                return "\(name)除换行外不能含控制字符或双向文字控制符"
            }
        }
        if let owner = request.owner, owner.count > 32 { return "责任人不超过 32 个字符" }
        if (request.partners?.count ?? 0) > 20 { return "配合单位最多 20 个" }
        return nil
    }

    /// `GET /api/report[?as_of=yyyy-MM-dd]`: the data of the self-inspection report and the
    /// rectification list; with `as_of`, every figure as it stood at the end of that day (Beijing
    /// time), recounted from the store off the loop thread.
    func report(_ call: AdminCall, hub: Hub) -> AdminPlan {
        let now = call.now
        let (context, findings, respondents) = (registerContext, hub.findings, hub.respondentCount)
        guard let text = call.request.query("as_of") else {
            return .reading { database in
                var data = ReportData.make(
                    tally: findings, rows: try context.rows(database: database, findings: findings), reviewItems: context.reviewItems,
                    respondents: respondents, rosterSize: try database.roster().count, at: now, office: context.office,
                    participation: try database.participation(order: context.office.categories), selfChecks: try database.selfChecks())
                data.demo = try database.holdsSampleData()
                return .json(data)
            }
        }
        guard let day = Day.parse(text) else { return .answer(.error(.badRequest, "as_of 应为 2023-01-10 这样的日期，不是“\(text.prefix(32))”")) }
        guard text <= Day.string(now) else { return .answer(.error(.badRequest, "as_of \(text) 晚于今天（\(Day.string(now))）")) }
        return .reading { database in
            .json(
                try database.offlineReport(
                    reviewItems: context.reviewItems, threshold: context.threshold, calendar: context.calendar, office: context.office, at: now,
                    asOf: day.addingTimeInterval(86_400)))
        }
    }

    /// `POST /api/selfcheck` with `{"key","conclusion","text"}`: what the office writes into the
    /// report for a review item (工作开展情况, 自查结论) or a chapter (`causes`, `plans`).
    func setSelfCheck(_ body: [UInt8], actor: String, at now: Date) throws -> HTTPResponse {
        let request: SelfCheckRequest
        switch decodeBody(SelfCheckRequest.self, from: body, expected: "{\"key\": \"R05|causes|plans\", \"conclusion\": \"基本符合\", \"text\": \"…\"}") {
        case .success(let decoded): request = decoded
        case .failure(let response): return response
        }
        let keys = reviewItemList.map(\.id) + SelfCheckEntry.chapters.keys.sorted()
        guard keys.contains(request.key) else {
            return .error(.unknownItem, "“\(request.key)”既不是自查项编号，也不是 basics（基本情况）、causes（原因分析）或 plans（下一步打算）")
        }
        var conclusion: SelfCheckConclusion?
        if let text = request.conclusion {
            guard SelfCheckEntry.chapters[request.key] == nil else {
                return .error(.badRequest, "自查结论只用于自查项，不用于“\(request.key)”")
            }
            guard let value = SelfCheckConclusion(rawValue: text) else {
                return .error(.badRequest, "自查结论应为 符合、基本符合、不符合 或 不适用，收到“\(text.prefix(32))”")
            }
            conclusion = value
        }
        let text = request.text?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let text, text.isEmpty || text.count > 5000 || text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" }) {
            return .error(.badRequest, "文字不能为空、不超过 5000 字，且除换行外不含控制字符")
        }
        guard conclusion != nil || text != nil else { return .error(.badRequest, "请给出自查结论或文字") }
        try database.setSelfCheck(key: request.key, conclusion: conclusion, text: text, actor: actor, at: now)
        return .json(try database.selfChecks().first { $0.key == request.key })
    }
}
