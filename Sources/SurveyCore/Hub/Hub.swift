import Foundation

/// The live application state: sessions, open surveys and submissions.
///
/// A value-type state machine: every input returns the actions it causes and performs no I/O, so the
/// transport runs it on its loop thread and tests drive it directly.
public struct Hub: Sendable {
    var supervisorsByTokenHash: [String: Supervisor]
    var supervisorsByID: [String: Supervisor] = [:]
    var surveys: [String: SurveyState] = [:]
    var sessions: [ConnectionID: Supervisor?] = [:]
    var stored: [String: SubmissionRecord] = [:]
    /// Stored submission ids per supervisor, for the welcome.
    var storedBySupervisor: [String: [String]] = [:]
    /// Authenticated connections per supervisor.
    var liveConnections: [String: Int] = [:]
    private var pending: [String: PendingSubmission] = [:]
    /// Which submission (stored or pending) answers a survey for a supervisor.
    var submissionFor: [SupervisorSurvey: String] = [:]
    /// Findings from every stored submission, kept up to date as answers commit.
    public private(set) var findings = FindingTally()

    // Projector state (see Hub+Projector.swift).
    var projectorTokenHashes: Set<String>
    var projectors: [ConnectionID: String?] = [:]
    /// Each projector connection's token hash, for the per-link connection cap.
    var projectorTokens: [ConnectionID: String] = [:]
    var surveyTallies: [String: SurveyTally] = [:]
    var surveyItems: [String: ItemTally] = [:]
    var approvedComments: [String: [String]] = [:]
    /// Unanswered 回访 notices per supervisor (see Hub+FollowUp.swift).
    var followUps: [String: [FollowUpNotice]] = [:]
    /// Responsible units' connections, by the unit's name (see Hub+Units.swift).
    var unitSessions: [ConnectionID: String] = [:]
    let reviewItems: [ReviewItem]
    /// Live connections one supervisor may hold.
    let maxConnectionsPerSupervisor: Int
    /// The office's supervisor categories, in its order (the projector's progress rows).
    let categories: [SupervisorCategory]
    /// Respondents a review item needs before the projector colours its share.
    let projectorMinSample: Int

    /// - Parameters:
    ///   - roster: supervisors paired with the SHA-256 hashes of their tokens.
    ///   - published: every launched version, oldest first, with whether its survey is closed.
    ///   - submissions: everything already stored.
    ///   - projectorTokenHashes: hashes of the read-only projector tokens.
    ///   - reviewItems: the review items the projector's strip shows.
    ///   - approvedComments: comments already approved for the projector, per survey, oldest first.
    public init(
        roster: [(supervisor: Supervisor, tokenHash: String)],
        published: [(survey: PublishedSurvey, closed: Bool)] = [],
        submissions: [SubmissionRecord] = [],
        projectorTokenHashes: Set<String> = [],
        reviewItems: [ReviewItem] = [],
        approvedComments: [String: [String]] = [:],
        followUps: [String: [FollowUpNotice]] = [:],
        categories: [SupervisorCategory] = SupervisorCategory.standard,
        projectorMinSample: Int = 10,
        maxConnectionsPerSupervisor: Int = 3
    ) {
        self.projectorMinSample = projectorMinSample
        self.categories = categories
        self.followUps = followUps
        self.maxConnectionsPerSupervisor = maxConnectionsPerSupervisor
        self.projectorTokenHashes = projectorTokenHashes
        self.reviewItems = reviewItems
        self.approvedComments = approvedComments
        supervisorsByTokenHash = Dictionary(roster.map { ($0.tokenHash, $0.supervisor) }, uniquingKeysWith: { first, _ in first })
        supervisorsByID = Dictionary(roster.map { ($0.supervisor.id, $0.supervisor) }, uniquingKeysWith: { first, _ in first })
        for (survey, closed) in published {
            surveys[survey.survey.id, default: SurveyState()].add(survey)
            if closed { surveys[survey.survey.id]?.closed = true }
        }
        for record in submissions {
            stored[record.id] = record
            storedBySupervisor[record.supervisorID, default: []].append(record.id)
            submissionFor[SupervisorSurvey(supervisorID: record.supervisorID, survey: record.survey)] = record.id
        }
        for record in submissions {
            guard let answers = record.answers else { continue }
            if let survey = surveys[record.survey]?.versions[record.version]?.survey {
                findings.add(record, answers: answers, survey: survey, category: supervisorsByID[record.supervisorID]?.category.rawValue)
            }
            countForProjector(record, answers: answers, live: false)
        }
    }

    /// Supervisors with at least one page open here.
    public var onlineSupervisorIDs: Set<String> { Set(liveConnections.keys) }

    /// How many distinct supervisors have submitted anything.
    public var respondentCount: Int { storedBySupervisor.count }

    // MARK: Inputs from the transport

    /// A WebSocket connection opened. It must authenticate with `hello` before anything else.
    public mutating func connected(_ connection: ConnectionID) {
        sessions[connection] = .some(nil)
    }

    /// A connection went away. Pending acks for it are dropped; the client resends after reconnecting.
    public mutating func disconnected(_ connection: ConnectionID) {
        if let supervisor = sessions[connection] ?? nil { release(supervisor.id) }
        sessions[connection] = nil
        projectors[connection] = nil
        projectorTokens[connection] = nil
        unitSessions[connection] = nil
        for key in pending.keys { pending[key]?.waiters.removeAll { $0.connection == connection } }
    }

    /// One complete text message arrived.
    public mutating func received(_ bytes: [UInt8], from connection: ConnectionID, at now: Date) -> [HubAction] {
        if projectors[connection] != nil {
            return [.send(connection, ServerMessage.error(ProtocolError(.badMessage, "投屏连接只读，不接受其他消息")))]
        }
        guard let session = sessions[connection] else { return [] }
        let message: ClientMessage
        switch ClientMessage.decode(bytes) {
        case .success(let decoded): message = decoded
        case .failure(let error): return [.send(connection, ServerMessage.error(error))]
        }
        if let unit = unitSessions[connection] { return unitReceived(message, unit: unit, from: connection) }
        guard let supervisor = session else {
            switch message {
            case .hello(let token): return authenticate(connection, token: token, at: now)
            case .watch(let token, let survey): return watch(connection, token: token, survey: survey, at: now)
            case .unitHello(let token): return [.authenticateUnit(connection, token: token)]
            default: return [.send(connection, ServerMessage.error(ProtocolError(.notAuthenticated, "请先发送 hello 消息完成身份验证")))]
            }
        }
        switch message {
        case .hello:
            return [.send(connection, ServerMessage.error(ProtocolError(.alreadyAuthenticated, "此连接已完成身份验证"), ref: "hello"))]
        case .watch:
            return [.send(connection, ServerMessage.error(ProtocolError(.alreadyAuthenticated, "此连接已完成身份验证"), ref: "watch"))]
        case .received(let survey, let version):
            return track(.received, survey: survey, version: version, supervisor: supervisor, connection: connection, at: now)
        case .opened(let survey, let version):
            return track(.opened, survey: survey, version: version, supervisor: supervisor, connection: connection, at: now)
        case .submit(let submission):
            return submit(submission, supervisor: supervisor, connection: connection, at: now)
        case .followUpAnswer(let row, let verdict, let comment):
            return answerFollowUp(row: row, verdict: verdict, comment: comment, supervisor: supervisor, connection: connection)
        case .unitHello, .unit:
            return [.send(connection, ServerMessage.error(ProtocolError(.badMessage, "监督员链接不能进行责任单位操作"), ref: message.ref))]
        }
    }

    // MARK: Inputs from the store

    /// The store committed these records. Their waiters get acks.
    public mutating func committed(_ records: [SubmissionRecord]) -> [HubAction] {
        var actions: [HubAction] = []
        for record in records {
            let entry = pending.removeValue(forKey: record.id)
            let waiters = entry?.waiters ?? []
            if stored[record.id] == nil { storedBySupervisor[record.supervisorID, default: []].append(record.id) }
            stored[record.id] = record
            // As decoded from the message (or decoded once here), for every tally.
            if let answers = entry?.answers ?? record.answers {
                if let survey = surveys[record.survey]?.versions[record.version]?.survey {
                    findings.add(record, answers: answers, survey: survey, category: supervisorsByID[record.supervisorID]?.category.rawValue)
                }
                countForProjector(record, answers: answers, live: true)
            }
            let ack = ServerMessage.ack(record)
            for waiter in waiters where sessions[waiter.connection] != nil {
                actions.append(.send(waiter.connection, waiter.sentID == record.id ? ack : ServerMessage.ack(record, id: waiter.sentID)))
            }
        }
        if !records.isEmpty && !projectors.isEmpty { actions.append(.refreshProjectors) }
        return actions
    }

    /// The store could not write these submissions. Their waiters are told, and may resend.
    public mutating func failedToStore(_ ids: [String]) -> [HubAction] {
        var actions: [HubAction] = []
        for id in ids {
            guard let entry = pending.removeValue(forKey: id) else { continue }
            let key = SupervisorSurvey(supervisorID: entry.record.supervisorID, survey: entry.record.survey)
            // Another node may have stored this supervisor's answer meanwhile: that one stays.
            if submissionFor[key] == id { submissionFor[key] = nil }
            let error = ProtocolError(.storageFailed, "服务器暂时无法保存答卷，请稍后重新提交")
            actions += entry.waiters.filter { sessions[$0.connection] != nil }.map { .send($0.connection, ServerMessage.error(error, ref: $0.sentID)) }
        }
        return actions
    }

    // MARK: Inputs from staff

    /// A survey version was launched and stored. Every authenticated page receives it now.
    public mutating func launched(_ survey: PublishedSurvey, at now: Date) -> [HubAction] {
        surveys[survey.survey.id, default: SurveyState()].add(survey)
        surveys[survey.survey.id]?.closed = false
        var actions: [HubAction] = []
        for (connection, supervisor) in supervisorSessions {
            guard survey.audience.includes(supervisor) else { continue }
            actions.append(.send(connection, survey.pushFrame))
            actions.append(
                .record(
                    DeliveryEvent(
                        supervisorID: supervisor.id, survey: survey.survey.id, version: survey.version, kind: .pushed, at: now)))
        }
        if !projectors.isEmpty { actions.append(.refreshProjectors) }
        return actions
    }

    /// A survey was closed. Open pages are told at once; later submissions are refused.
    public mutating func closed(survey id: String) -> [HubAction] {
        guard surveys[id] != nil else { return [] }
        surveys[id]?.closed = true
        let frame = ServerMessage.closed(survey: id)
        let actions: [HubAction] = supervisorSessions.map { .send($0.connection, frame) }
        return actions + (projectors.isEmpty ? [] : [.refreshProjectors])
    }

    /// The roster changed (an import or a reissue). Connections of supervisors in `revoked` are told
    /// their link no longer works and closed; the others see their updated details on reconnect.
    public mutating func rosterChanged(_ roster: [(supervisor: Supervisor, tokenHash: String)], revoked: Set<String>) -> [HubAction] {
        supervisorsByTokenHash = Dictionary(roster.map { ($0.tokenHash, $0.supervisor) }, uniquingKeysWith: { first, _ in first })
        supervisorsByID = Dictionary(roster.map { ($0.supervisor.id, $0.supervisor) }, uniquingKeysWith: { first, _ in first })
        let byID = supervisorsByID
        var actions: [HubAction] = []
        let error = ServerMessage.error(ProtocolError(.badToken, "您的个人链接已被撤销，请使用政务服务办发给您的新链接"))
        for (connection, supervisor) in supervisorSessions {
            if revoked.contains(supervisor.id) || byID[supervisor.id] == nil {
                release(supervisor.id)
                sessions[connection] = .some(nil)
                actions += [.send(connection, error), .close(connection, code: 4401, reason: "token revoked")]
            } else {
                sessions[connection] = byID[supervisor.id]
            }
        }
        return actions
    }

    /// Reminds the connected supervisors of the survey's audience who have not submitted, and says
    /// who else has not: those need a phone call or a message.
    public func remind(survey id: String) -> (actions: [HubAction], reminded: [Supervisor], offline: [Supervisor])? {
        guard let state = surveys[id], let current = state.current, !state.closed else { return nil }
        let pending = supervisorsByTokenHash.values
            .filter { current.audience.includes($0) && submissionFor[SupervisorSurvey(supervisorID: $0.id, survey: id)] == nil }
            .sorted { $0.id < $1.id }
        let frame = ServerMessage.remind(current)
        var actions: [HubAction] = []
        var reached: Set<String> = []
        let pendingIDs = Set(pending.map(\.id))
        for (connection, supervisor) in supervisorSessions {
            guard pendingIDs.contains(supervisor.id) else { continue }
            actions.append(.send(connection, frame))
            reached.insert(supervisor.id)
        }
        return (actions, pending.filter { reached.contains($0.id) }, pending.filter { !reached.contains($0.id) })
    }

    /// Connections authenticated as supervisors, in connection order (so pushes are deterministic).
    /// Sorting the ids alone is much cheaper than sorting the dictionary's entries.
    private var supervisorSessions: [(connection: ConnectionID, supervisor: Supervisor)] {
        sessions.keys.sorted().compactMap { connection in (sessions[connection] ?? nil).map { (connection, $0) } }
    }

    /// The current version of every open survey, in launch order.
    public var openSurveys: [PublishedSurvey] {
        surveys.values.filter { !$0.closed }.compactMap(\.current).sorted { $0.launchedAt < $1.launchedAt }
    }

    /// Open surveys whose deadline has passed: they close as `survey close` would close them.
    public func surveysPastDeadline(at now: Date) -> [String] {
        openSurveys.filter { $0.deadline.map { now > $0 } ?? false }.map(\.survey.id)
    }

    /// Whether `id` is a supervisor on the current roster.
    public func isOnRoster(_ id: String) -> Bool {
        supervisorsByID[id] != nil
    }

    /// Whether the connection has authenticated, as a supervisor or a projector.
    public func isAuthenticated(_ connection: ConnectionID) -> Bool {
        projectors[connection] != nil || unitSessions[connection] != nil || (sessions[connection] ?? nil) != nil
    }

    /// How many connections have authenticated.
    public var authenticatedCount: Int { liveConnections.values.reduce(0, +) }

    /// One authenticated connection of this supervisor went away.
    mutating func release(_ supervisorID: String) {
        liveConnections[supervisorID, default: 1] -= 1
        if liveConnections[supervisorID] == 0 { liveConnections[supervisorID] = nil }
    }

    // MARK: Steps

    /// A refused token: the error, then close 4401.
    public static func badToken(_ connection: ConnectionID, _ message: String, ref: String) -> [HubAction] {
        [.send(connection, ServerMessage.error(ProtocolError(.badToken, message), ref: ref)), .close(connection, code: 4401, reason: "bad token")]
    }

    /// A link already open in as many pages as it may be: the error, then close 4429.
    static func tooManyConnections(_ connection: ConnectionID, _ message: String, ref: String) -> [HubAction] {
        [
            .send(connection, ServerMessage.error(ProtocolError(.tooManyConnections, message), ref: ref)),
            .close(connection, code: 4429, reason: "too many connections"),
        ]
    }

    private mutating func authenticate(_ connection: ConnectionID, token: String, at now: Date) -> [HubAction] {
        guard let supervisor = TokenHasher.lookup(token, in: supervisorsByTokenHash) else {
            return Self.badToken(connection, "链接无效或已被撤销，请联系政务服务办获取新链接", ref: "hello")
        }
        let live = liveConnections[supervisor.id] ?? 0
        guard live < maxConnectionsPerSupervisor else {
            return Self.tooManyConnections(connection, "您的链接已在 \(live) 个页面中打开，请关闭其他页面后重试", ref: "hello")
        }
        sessions[connection] = supervisor
        liveConnections[supervisor.id, default: 0] += 1
        let open = openSurveys.filter { $0.audience.includes(supervisor) }
        let receipts = (storedBySupervisor[supervisor.id] ?? []).compactMap { stored[$0] }.sorted { $0.id < $1.id }
        var actions: [HubAction] = [
            .send(
                connection,
                ServerMessage.welcome(
                    supervisor: supervisor, surveys: open, receipts: receipts, followUps: followUps[supervisor.id] ?? []))
        ]
        actions += open.map {
            .record(DeliveryEvent(supervisorID: supervisor.id, survey: $0.survey.id, version: $0.version, kind: .pushed, at: now))
        }
        return actions
    }

    private func track(
        _ kind: DeliveryEvent.Kind, survey: String, version: Int, supervisor: Supervisor, connection: ConnectionID, at now: Date
    ) -> [HubAction] {
        if case .failure(let error) = lookup(survey, version: version, requireOpen: false) {
            return [.send(connection, ServerMessage.error(error, ref: kind.rawValue))]
        }
        return [.record(DeliveryEvent(supervisorID: supervisor.id, survey: survey, version: version, kind: kind, at: now))]
    }

    private mutating func submit(_ submission: Submission, supervisor: Supervisor, connection: ConnectionID, at now: Date) -> [HubAction] {
        let record = SubmissionRecord(
            id: submission.id, supervisorID: supervisor.id, survey: submission.survey, version: submission.version,
            answersJSON: String(decoding: CanonicalJSON.answers(submission.answers), as: UTF8.self), receivedAt: now)
        func reject(_ error: ProtocolError) -> [HubAction] {
            [.send(connection, ServerMessage.error(error, ref: submission.sentID))]
        }
        let conflict = ProtocolError(.conflict, "编号 \(submission.sentID) 的答卷已以不同内容提交，不能更改")
        if let existing = stored[submission.id] {
            return existing.sameContent(as: record) ? [.send(connection, ServerMessage.ack(existing, id: submission.sentID))] : reject(conflict)
        }
        if let waiting = pending[submission.id] {
            guard waiting.record.sameContent(as: record) else { return reject(conflict) }
            // Every copy gets its ack, even two sent on one connection before the commit.
            pending[submission.id]?.waiters.append(Waiter(connection: connection, sentID: submission.sentID))
            return []
        }
        let published: PublishedSurvey
        switch lookup(submission.survey, version: submission.version, requireOpen: true) {
        case .success(let found): published = found
        case .failure(let error): return reject(error)
        }
        guard let current = surveys[submission.survey]?.current, current.audience.includes(supervisor) else {
            return reject(ProtocolError(.notInvited, "问卷“\(published.survey.title)”不是发给您的"))
        }
        if let deadline = current.deadline, now > deadline {
            return reject(ProtocolError(.surveyClosed, "问卷“\(published.survey.title)”已过截止时间，不再接收答卷"))
        }
        let key = SupervisorSurvey(supervisorID: supervisor.id, survey: submission.survey)
        if submissionFor[key] != nil {
            return reject(ProtocolError(.alreadySubmitted, "您已提交过问卷“\(published.survey.title)”，每人限提交一次"))
        }
        if let problem = AnswerValidator.problem(
            in: submission.answers, unreadable: submission.unreadable, for: published.survey, category: supervisor.category.rawValue)
        {
            return reject(problem)
        }
        pending[submission.id] = PendingSubmission(
            record: record, answers: submission.answers, waiters: [Waiter(connection: connection, sentID: submission.sentID)])
        submissionFor[key] = submission.id
        return [.store(record)]
    }

    private func lookup(_ id: String, version: Int, requireOpen: Bool) -> Result<PublishedSurvey, ProtocolError> {
        guard let state = surveys[id] else {
            return .failure(ProtocolError(.unknownSurvey, "没有编号为“\(id.prefix(64))”的问卷"))
        }
        guard let published = state.versions[version] else {
            return .failure(ProtocolError(.unknownVersion, "问卷“\(id.prefix(64))”没有第 \(version) 版"))
        }
        if requireOpen && state.closed {
            return .failure(ProtocolError(.surveyClosed, "问卷“\(published.survey.title)”已结束，不再接收答卷"))
        }
        return .success(published)
    }
}

/// All launched versions of one survey id.
struct SurveyState: Sendable {
    var versions: [Int: PublishedSurvey] = [:]
    var closed = false
    var current: PublishedSurvey? { versions.max { $0.key < $1.key }?.value }

    mutating func add(_ survey: PublishedSurvey) { versions[survey.version] = survey }
}

private struct PendingSubmission: Sendable {
    var record: SubmissionRecord
    /// The answers as decoded from the message, so that the tallies need not decode them again.
    var answers: [String: AnswerValue]
    var waiters: [Waiter]
}

/// A connection waiting for an ack, and the submission id as it sent it.
private struct Waiter: Sendable {
    var connection: ConnectionID
    var sentID: String
}

struct SupervisorSurvey: Hashable, Sendable {
    var supervisorID: String
    var survey: String
}
